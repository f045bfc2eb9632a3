/**
 * Runs a virtualization experiment: every job on every platform, each alone on the
 * host with its co-located instances; then density and a burst start per platform.
 */
import type { Cell, Table } from '../metrics/table.js';
import { burstStart, densityByMemory } from '../model/virt/burst.js';
import { runJob, type JobOutcome, type VirtualizationSpec } from '../model/virt/experiment.js';
import type { ScenarioConfig } from '../scenario/types.js';
import type { RunResult } from './simulate.js';

export const PLATFORM_COLUMNS = [
  'job', 'platform', 'kind', 'instances', 'copies', 'time_s', 'percent_of_baseline',
  'cpu_s', 'virt_io_s', 'disk_s', 'nic_s', 'latency_s',
] as const;
export const BENCHMARK_COLUMNS = ['job', 'platform', 'value', 'unit', 'ratio_to_baseline'] as const;
export const DENSITY_COLUMNS = [
  'platform', 'kind', 'instance_ram_mib', 'footprint_mib', 'instances_per_host', 'burst_requested',
  'burst_placed', 'burst_rejected', 'hosts_used', 'ready_first_s', 'ready_median_s', 'ready_last_s',
] as const;

/** Each job's outcome on each platform: outcomes[job][platform]. */
export function runExperiment(v: VirtualizationSpec): JobOutcome[][] {
  return v.jobs.map((job) => v.platforms.map((name) => runJob(job, v.profiles[name], v.host, v.instance.vcpus)));
}

const unitOf = (job: VirtualizationSpec['jobs'][number]) =>
  job.report === 'time' ? 's' : job.report === 'rate' ? `${job.unit}/s` : 'us/round_trip';

export function experimentTables(v: VirtualizationSpec): Record<string, Table> {
  const out = runExperiment(v);
  const b = v.platforms.indexOf(v.baseline);
  const platforms: Cell[][] = [];
  const benchmarks: Cell[][] = [];
  v.jobs.forEach((job, j) => {
    const base = out[j][b];
    v.platforms.forEach((name, i) => {
      const o = out[j][i];
      platforms.push([
        job.name, name, v.profiles[name].kind, job.instances, job.copies, o.time, (100 * o.time) / base.time,
        o.paths.cpu, o.paths.virtIo, o.paths.disk, o.paths.nic, o.paths.latency,
      ]);
      benchmarks.push([job.name, name, o.value, unitOf(job), o.value / base.value]);
    });
  });
  const tables: Record<string, Table> = {
    platforms: { columns: PLATFORM_COLUMNS, rows: platforms },
    benchmarks: { columns: BENCHMARK_COLUMNS, rows: benchmarks },
  };
  if (v.burst) {
    const burst = v.burst;
    tables.density = {
      columns: DENSITY_COLUMNS,
      rows: v.platforms.map((name) => {
        const p = v.profiles[name];
        const r = burstStart(burst.count, v.instance.ramMib, p, burst.hosts);
        const sorted = [...r.ready].sort((x, y) => x - y);
        const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : '');
        return [
          name, p.kind, v.instance.ramMib, p.instance.memoryMib, densityByMemory(v.host.ramMib, v.instance.ramMib, p),
          burst.count, r.ready.length, r.rejected, r.hostsUsed, at(0), at(0.5), sorted.length ? sorted[sorted.length - 1] : '',
        ];
      }),
    };
  }
  return tables;
}

/** A virtualization scenario's run: no simulated clock beyond the burst; tables in `extra`. */
export function simulateVirtualization(config: ScenarioConfig): RunResult {
  const v = config.virtualization!;
  const extra = experimentTables(v);
  return {
    config,
    simTime: 0,
    events: 0,
    summary: {
      columns: ['scenario', 'seed', 'experiment', 'host_type', 'platforms', 'jobs', 'baseline'],
      rows: [[config.name, config.seed, 'virtualization', v.host.type, v.platforms.length, v.jobs.length, v.baseline]],
    },
    timeseries: { columns: ['time_s', 'entity', 'id', 'metric', 'value'], rows: [] },
    hosts: { columns: ['host', 'type', 'cores', 'ram_mib'], rows: [[0, v.host.type, v.host.cores, v.host.ramMib]] },
    vms: { columns: ['vm', 'type', 'vcpus', 'ram_mib'], rows: [] },
    extra,
  };
}

/** The CLI's lines for a virtualization run. */
export function virtualizationSummary(r: RunResult, wall: number, dir: string): string {
  const v = r.config.virtualization!;
  const lines = [`${r.config.name}: ${v.jobs.length} job(s) on ${v.platforms.length} platforms, host ${v.host.type}, in ${wall.toFixed(2)} s wall`];
  if (v.jobs.length === 1) {
    for (const row of r.extra?.platforms?.rows ?? []) {
      lines.push(`  ${String(row[0])} on ${String(row[1])}: ${(row[5] as number).toFixed(3)} s (${(row[6] as number).toFixed(1)}% of ${v.baseline})`);
    }
  } else {
    // one line a job: each platform's figure relative to the baseline's
    const rows = r.extra?.benchmarks?.rows ?? [];
    v.jobs.forEach((job, j) => {
      const ratios = rows.slice(j * v.platforms.length, (j + 1) * v.platforms.length).map((row) => `${String(row[1])} ${(row[4] as number).toFixed(3)}`);
      lines.push(`  ${job.name}, ratio to ${v.baseline}: ${ratios.join(', ')}`);
    });
  }
  const density = r.extra?.density?.rows ?? [];
  if (density.length > 0) {
    lines.push(`  burst of ${String(density[0][5])}, last ready: ${density.map((row) => `${String(row[0])} ${(row[11] as number).toFixed(2)} s`).join(', ')}`);
  }
  lines.push(`  results: ${dir}/ (summary.csv, ${Object.keys(r.extra ?? {}).map((s) => s + '.csv').join(', ')}, run.json)`);
  return lines.join('\n') + '\n';
}
