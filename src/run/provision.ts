/**
 * Runs a provisioning experiment: the same requests through the pipeline once per
 * variant (repository replicas, host caches), each on a fresh datacenter.
 * requests.csv has one row per request and variant, provisioning.csv one per variant.
 */
import { Simulation } from '../engine/simulation.js';
import { quantile } from '../metrics/report.js';
import { cell, type Cell, type Table } from '../metrics/table.js';
import { formatAddress } from '../model/provision/addresses.js';
import { Provisioner, type RequestRecord } from '../model/provision/pipeline.js';
import type { ProvisioningSpec, ProvisioningVariant } from '../model/provision/spec.js';
import type { HostSpec } from '../model/specs.js';
import { PLACEMENT_POLICIES } from '../policies/placement.js';
import type { ScenarioConfig } from '../scenario/types.js';
import { layoutHosts } from './layout.js';
import type { RunResult } from './simulate.js';

export const REQUEST_COLUMNS = [
  'variant', 'request', 'group', 'image', 'requested_s', 'placed_s', 'host', 'private_ip', 'public_ip',
  'replica', 'cache_hit', 'transfer_mib', 'zero_filled_mib', 'sparse_mib', 'transfer_start_s', 'transfer_end_s',
  'disk_ready_s', 'boot_end_s', 'ready_s', 'time_to_ready_s', 'destroyed_s', 'rejected_s', 'rejected_reason',
] as const;

export const PROVISIONING_COLUMNS = [
  'variant', 'replicas', 'cache', 'requests', 'ready', 'rejected', 'rejected_no_host', 'rejected_no_private_address',
  'rejected_no_public_address', 'destroyed', 'transfers', 'transferred_mib', 'cache_hits', 'zero_filled_mib',
  'time_to_ready_mean_s', 'time_to_ready_p50_s', 'time_to_ready_p95_s', 'time_to_ready_max_s', 'last_ready_s',
] as const;

export interface VariantRun {
  variant: ProvisioningVariant;
  records: RequestRecord[];
  simTime: number;
  events: number;
}

/** Runs one variant to its end, or to `until` (the scenario's duration): requests not ready by then have no ready time. */
export function runVariant(p: ProvisioningSpec, variant: ProvisioningVariant, hosts: readonly HostSpec[], until = Infinity): VariantRun {
  const sim = new Simulation();
  const placer = PLACEMENT_POLICIES[p.placement as keyof typeof PLACEMENT_POLICIES];
  const prov = new Provisioner(sim, p, variant, hosts, placer);
  sim.run(until);
  return { variant, records: prov.records, simTime: sim.now, events: sim.eventsProcessed };
}

const ip = (a: number): Cell => (Number.isNaN(a) ? '' : formatAddress(a));

function requestRow(p: ProvisioningSpec, v: string, r: RequestRecord): Cell[] {
  const placed = r.rejected === '';
  const { rootMib, ephemeralMib, ephemeralFill } = p.disk;
  // Disk space reserved but neither sent nor written: /dev/sda1 past the image, and a sparse /dev/sda2.
  const sparse = placed ? rootMib - p.images[r.image] + (ephemeralFill === 'sparse' ? ephemeralMib : 0) : '';
  return [
    v, r.id, r.group, r.image, r.requested, placed ? r.placed : '', placed ? r.host : '', ip(r.privateIp), ip(r.publicIp),
    r.replica >= 0 ? r.replica : '', placed ? Number(r.cacheHit) : '', r.transferMib, r.zeroFilledMib, sparse,
    cell(r.transferStart), cell(r.transferEnd), cell(r.diskReady), cell(r.bootEnd), cell(r.ready), cell(r.ready - r.requested),
    cell(r.destroyed), placed ? '' : r.placed, r.rejected,
  ];
}

function summaryRow(run: VariantRun): Cell[] {
  const rs = run.records;
  const ttr = Float64Array.from(rs.filter((r) => !Number.isNaN(r.ready)).map((r) => r.ready - r.requested)).sort();
  const count = (pred: (r: RequestRecord) => boolean) => rs.reduce((n, r) => n + (pred(r) ? 1 : 0), 0);
  let sum = 0, transferred = 0, zeroed = 0, last = NaN;
  for (const x of ttr) sum += x;
  for (const r of rs) {
    transferred += r.transferMib;
    zeroed += r.zeroFilledMib;
    if (r.ready > last || Number.isNaN(last)) last = r.ready;
  }
  return [
    run.variant.name, run.variant.replicas, Number(run.variant.cache), rs.length, ttr.length, count((r) => r.rejected !== ''),
    count((r) => r.rejected === 'no-host'), count((r) => r.rejected === 'no-private-address'), count((r) => r.rejected === 'no-public-address'),
    count((r) => !Number.isNaN(r.destroyed)), count((r) => r.replica >= 0), transferred, count((r) => r.cacheHit), zeroed,
    cell(ttr.length ? sum / ttr.length : NaN), cell(quantile(ttr, 0.5)), cell(quantile(ttr, 0.95)), cell(ttr.length ? ttr[ttr.length - 1] : NaN), cell(last),
  ];
}

export function provisioningTables(p: ProvisioningSpec, runs: readonly VariantRun[]): Record<string, Table> {
  return {
    requests: { columns: REQUEST_COLUMNS, rows: runs.flatMap((run) => run.records.map((r) => requestRow(p, run.variant.name, r))) },
    provisioning: { columns: PROVISIONING_COLUMNS, rows: runs.map(summaryRow) },
  };
}

export function simulateProvisioning(config: ScenarioConfig): RunResult {
  const p = config.provisioning!;
  const hosts = layoutHosts(config.datacenter.hosts, config.datacenter.layout);
  const runs = p.variants.map((v) => runVariant(p, v, hosts, config.duration));
  const requests = p.groups.reduce((n, g) => n + g.count, 0);
  return {
    config,
    simTime: Math.max(...runs.map((r) => r.simTime)),
    events: runs.reduce((n, r) => n + r.events, 0),
    summary: {
      columns: ['scenario', 'seed', 'experiment', 'platform', 'placement', 'hosts', 'requests', 'variants'],
      rows: [[config.name, config.seed, 'provisioning', p.platform, p.placement, hosts.length, requests, p.variants.length]],
    },
    timeseries: { columns: ['time_s', 'entity', 'id', 'metric', 'value'], rows: [] },
    hosts: { columns: ['host', 'type', 'cores', 'ram_mib'], rows: hosts.map((h, i) => [i, h.type, h.cores, h.ram]) },
    vms: { columns: ['vm', 'type', 'vcpus', 'ram_mib'], rows: [] },
    extra: provisioningTables(p, runs),
  };
}

/** The CLI's lines for a provisioning run. */
export function provisioningSummary(r: RunResult, wall: number, dir: string): string {
  const p = r.config.provisioning!;
  const rows = r.extra?.provisioning?.rows ?? [];
  const col = (name: (typeof PROVISIONING_COLUMNS)[number]) => PROVISIONING_COLUMNS.indexOf(name);
  const s = (x: Cell) => (typeof x === 'number' ? `${x.toFixed(1)} s` : 'n/a');
  const lines = [`${r.config.name}: ${String(r.summary.rows[0][6])} requests for ${p.platform} on ${String(r.summary.rows[0][5])} hosts, ${rows.length} variant(s), in ${wall.toFixed(2)} s wall`];
  for (const row of rows) {
    lines.push(`  ${String(row[0])}: ready ${String(row[col('ready')])}, rejected ${String(row[col('rejected')])}; time to ready mean ${s(row[col('time_to_ready_mean_s')])}, p95 ${s(row[col('time_to_ready_p95_s')])}, max ${s(row[col('time_to_ready_max_s')])}`);
  }
  lines.push(`  results: ${dir}/ (summary.csv, requests.csv, provisioning.csv, run.json)`);
  return lines.join('\n') + '\n';
}
