/**
 * The layouts of a virtualization experiment: each layout (one host partitioned among
 * VMs) on each platform, volumes carried from layout to layout; each VM's time beside
 * its time alone in the same partition (same cores, cap and storage) gives its
 * slowdown by its neighbours.
 */
import { cell, type Cell, type Table } from '../metrics/table.js';
import type { VirtualizationSpec } from '../model/virt/experiment.js';
import { runLayout, runLayouts, type VmOutcome } from '../model/virt/partition.js';
import { Volumes } from '../model/virt/storage.js';

export const LAYOUT_COLUMNS = [
  'layout', 'platform', 'vm', 'job', 'vcpus', 'ram_mib', 'pinning', 'cores', 'pool_cores', 'cap_pct', 'shares',
  'disk', 'boot', 'admitted', 'rejection', 'boot_s', 'time_s', 'alone_s', 'slowdown',
  'cpu_s', 'virt_io_s', 'disk_s', 'nic_s', 'latency_s', 'cpu_cores', 'disk_mbps', 'nic_mbps',
] as const;
export const VOLUME_COLUMNS = ['layout', 'platform', 'volume', 'server', 'size_mib', 'attached_to', 'data_before_mib', 'data_after_mib'] as const;

const rate = (bytes: number, s: number): number => (s > 0 ? (bytes * 8) / s / 1e6 : NaN);

export function partitionTables(v: VirtualizationSpec): Record<string, Table> {
  const part = v.partition!;
  const host = { ...v.host };
  const rows: Cell[][] = [];
  const volumeRows: Cell[][] = [];
  for (const name of v.platforms) {
    const p = v.profiles[name];
    const { outcomes, volumes } = runLayouts(part.layouts, p, host, part.servers, part.volumes);
    part.layouts.forEach((layout, l) => {
      outcomes[l].forEach((o) => {
        // alone: the same VM with nobody else on the host, its volume fresh (boot does not matter here)
        const alone = o.admitted
          ? runLayout({ ...layout, vms: [{ ...o.vm, bootFromVolume: false }] }, p, host, part.servers, new Volumes(part.volumes))[0]
          : undefined;
        rows.push(row(layout.name, name, o, alone));
      });
      part.volumes.forEach((vol, k) => {
        const user = layout.vms.find((x) => x.volume === vol.name);
        if (!user) return;
        const admitted = outcomes[l].find((o) => o.vm === user)!.admitted;
        volumeRows.push([layout.name, name, vol.name, vol.server, vol.sizeMib, admitted ? user.name : '', volumes[l].before[k], volumes[l].after[k]]);
      });
    });
  }
  const tables: Record<string, Table> = { layouts: { columns: LAYOUT_COLUMNS, rows } };
  if (part.volumes.length > 0) tables.volumes = { columns: VOLUME_COLUMNS, rows: volumeRows };
  return tables;
}

function row(layout: string, platform: string, o: VmOutcome, alone: VmOutcome | undefined): Cell[] {
  const vm = o.vm;
  const t = o.paths;
  return [
    layout, platform, vm.name, vm.job.name, vm.vcpus, vm.ramMib, vm.pinned ? 'pinned' : 'floating', o.cores, o.admitted ? o.poolCores : '',
    Number.isFinite(vm.capCores) ? vm.capCores * 100 : '', vm.shares,
    vm.volume ? `volume:${vm.volume}` : 'ephemeral', vm.bootFromVolume ? 'volume' : 'image', o.admitted ? 1 : 0, o.rejection,
    cell(o.bootS), cell(o.time), alone ? alone.time : '', alone ? o.time / alone.time : '',
    cell(t.cpu), cell(t.virtIo), cell(t.disk), cell(t.nic), cell(t.latency),
    o.admitted && t.cpu > 0 ? o.cpuWork / t.cpu : '', o.admitted ? cell(rate(o.diskBytes, t.disk)) : '', o.admitted ? cell(rate(o.netBytes, t.nic)) : '',
  ];
}

/** The CLI's lines for the layouts: each VM's time and slowdown, per layout and platform. */
export function layoutSummaryLines(t: Table | undefined): string[] {
  const lines = new Map<string, string[]>();
  for (const r of t?.rows ?? []) {
    const key = `  ${String(r[0])} on ${String(r[1])}:`;
    const what = r[13] === 1 ? `${String(r[2])} ${(r[16] as number).toFixed(3)} s (x${(r[18] as number).toFixed(2)} alone)` : `${String(r[2])} rejected`;
    lines.set(key, [...(lines.get(key) ?? []), what]);
  }
  return [...lines].map(([k, v]) => `${k} ${v.join(', ')}`);
}
