/**
 * Scenario schema, part 6b: the `virtualization` section's server partitioning and
 * elastic block storage — `storage_servers`, `volumes` and `layouts` (one host divided
 * among VMs, each running one of the section's jobs). A volume attached to two VMs of
 * one layout, overlapping cpusets and cores the host lacks are problems; admission
 * (RAM, vCPU overcommit), which depends on the platform, is recorded in the output.
 */
import type { VmSpec } from '../model/specs.js';
import type { VirtJob } from '../model/virt/experiment.js';
import type { Layout, LayoutVm } from '../model/virt/partition.js';
import type { StorageServer, VolumeSpec } from '../model/virt/storage.js';
import { choiceHint } from './problems.js';
import {
  type Ctx,
  type Fields,
  type Path,
  type Reader,
  type TypeTable,
  asMap,
  asSeq,
  complete,
  describe,
  entries,
  fields,
  fmt,
  int,
} from './schema.js';
import { type FieldSpec, field, mapSpec, opt, ref, req, t } from './spec.js';

export interface PartitionSpec {
  layouts: Layout[];
  servers: StorageServer[];
  volumes: VolumeSpec[];
}

export interface LayoutEnv {
  /** The section's jobs (undefined entries are invalid, already reported). */
  jobs: (VirtJob | undefined)[] | undefined;
  vmTypes: TypeTable<VmSpec>;
  /** The instance type's name, the default vm type. */
  instance: string | undefined;
  /** The host's cores, when the host is valid. */
  hostCores: number | undefined;
}

const POSITIVE = { min: 0, exclusive: true };
const NON_NEGATIVE = { min: 0 };

/** A percentage: "50%" or a plain number of percent, > 0. */
const percent: Reader<number> = (ctx, node, path) => {
  const n = ctx.deref(node) as { value?: unknown } | undefined;
  const v = n?.value;
  const m = typeof v === 'string' ? /^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*%\s*$/.exec(v) : null;
  const x = typeof v === 'number' ? v : m ? Number(m[1]) : NaN;
  if (!Number.isFinite(x) || x <= 0) {
    ctx.report(n ?? node, path, `expected a percentage of one core > 0 such as 50% or 150%, got ${describe(n)}`);
    return undefined;
  }
  return x;
};

export const STORAGE_SERVER = mapSpec('StorageServer', 'A storage server of elastic block storage volumes.', {
  disk_bw: req(t.quantity('bandwidth', POSITIVE), 'Disk bandwidth.'),
  nic: req(t.quantity('bandwidth', POSITIVE), 'Network bandwidth.'),
  disk_read_op: opt(t.quantity('time', NON_NEGATIVE), 0, 'Time per disk read operation.'),
  disk_write_op: opt(t.quantity('time', NON_NEGATIVE), 0, 'Time per disk write operation.'),
  rtt: opt(t.quantity('time', NON_NEGATIVE), 0, 'Network round trip to the server.'),
});

export const VOLUME = mapSpec('Volume', 'An elastic block storage volume.', {
  server: req(t.str(), 'Storage server (from storage_servers).'),
  size: req(t.quantity('memory', POSITIVE), 'Size.'),
  data: opt(t.quantity('memory', NON_NEGATIVE), 0, 'Data written on it, at most its size.'),
});

const PINNING = t.enum(['pinned', 'floating'] as const);
export const LAYOUT_VM = mapSpec('LayoutVm', 'A VM of a layout, running one of the jobs.', {
  name: req(t.str(), 'Name of the VM (unique in the layout).'),
  job: req(t.str(), 'The job it runs (from jobs).'),
  type: opt(t.str(), undefined, 'Its vm type; the instance type when absent.'),
  pinning: opt(PINNING, 'floating', 'Pinned to cores, or floating over the host\'s cores.'),
  cores: field('optional', { kind: 'list', item: { kind: 'int', range: { min: 0 } }, minItems: 1 }, 'Its cpuset: core indices of the host, each once.'),
  cap: {
    rule: 'optional',
    type: { kind: 'oneOfShapes', shapes: [{ kind: 'number', range: POSITIVE }, { kind: 'string', pattern: /^\s*[0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?\s*%\s*$/ }] },
    read: percent,
    default: Infinity,
    doc: 'CPU cap in percent of one core (50% or 150%, or a number of percent); none when absent.',
  } satisfies FieldSpec<number>,
  shares: opt(t.num({ min: 0, exclusive: true }), 1, 'CPU shares relative to the other VMs.'),
  volume: opt(t.str(), undefined, 'Volume attached to it (from volumes).'),
  boot: opt(t.enum(['image', 'volume'] as const), 'image', 'Boot from the image or from the volume.'),
});

export const LAYOUT = mapSpec('Layout', 'One host divided among VMs.', {
  name: req(t.str(), 'Name of the layout (unique).'),
  vcpus_per_core: opt(t.num({ min: 1 }), 1, 'vCPU overcommit: vCPUs per core.'),
  vms: field('required', { kind: 'list', item: ref(LAYOUT_VM), minItems: 1 }, 'The VMs.'),
});

/** The partitioning keys of `virtualization` (null when there are no layouts). */
export function readPartition(ctx: Ctx, f: Fields, env: LayoutEnv): PartitionSpec | undefined | null {
  const servers = f.has('storage_servers') ? readServers(ctx, f.node('storage_servers'), f.pathOf('storage_servers')) : new Map<string, StorageServer | undefined>();
  const volumes = f.has('volumes') ? readVolumes(ctx, f.node('volumes'), f.pathOf('volumes'), servers) : new Map<string, VolumeSpec | undefined>();
  if (!f.has('layouts')) {
    if (f.has('volumes')) ctx.report(f.keyNode('volumes'), f.pathOf('volumes'), 'volumes are attached to the VMs of layouts, and there are none', 'add layouts, or remove volumes');
    return null;
  }
  const seq = asSeq(ctx, f.node('layouts'), f.pathOf('layouts'), 'a list of layouts such as {name: noisy, vms: [...]}');
  if (!seq) return undefined;
  if (seq.items.length === 0) {
    ctx.report(seq, f.pathOf('layouts'), 'expected at least one layout, got an empty list');
    return undefined;
  }
  const names = new Set<string>();
  const layouts = seq.items.map((item, i) => {
    const path = [...f.pathOf('layouts'), i];
    const l = readLayout(ctx, item, path, env, volumes);
    if (l && names.has(l.name)) ctx.report(ctx.deref(item), [...path, 'name'], `layout name "${l.name}" is used twice`);
    if (l) names.add(l.name);
    return l;
  });
  if (layouts.some((l) => !l) || [...servers.values()].some((s) => !s) || [...volumes.values()].some((v) => !v)) return undefined;
  return { layouts: layouts as Layout[], servers: [...servers.values()] as StorageServer[], volumes: [...volumes.values()] as VolumeSpec[] };
}

function readServers(ctx: Ctx, node: unknown, path: Path): Map<string, StorageServer | undefined> {
  const out = new Map<string, StorageServer | undefined>();
  const map = asMap(ctx, node, path, 'a map of storage server names to servers such as {disk_bw: 4Gbps, nic: 10Gbps}');
  if (!map) return out;
  for (const e of entries(ctx, map, path)) {
    const g = fields(ctx, e.value, [...path, e.key], STORAGE_SERVER.fields,
      'a storage server such as {disk_bw: 4Gbps, nic: 10Gbps, disk_read_op: 100us, rtt: 200us}');
    const us = (s: number | undefined) => (s === undefined ? undefined : s * 1e6);
    out.set(e.key, g && complete<StorageServer>({
      name: e.key,
      diskMbps: g.get('disk_bw'),
      nicMbps: g.get('nic'),
      diskReadOpUs: us(g.get('disk_read_op')),
      diskWriteOpUs: us(g.get('disk_write_op')),
      rttUs: us(g.get('rtt')),
    }));
  }
  return out;
}

function readVolumes(ctx: Ctx, node: unknown, path: Path, servers: Map<string, StorageServer | undefined>): Map<string, VolumeSpec | undefined> {
  const out = new Map<string, VolumeSpec | undefined>();
  const map = asMap(ctx, node, path, 'a map of volume names to volumes such as {server: san, size: 100GiB}');
  if (!map) return out;
  for (const e of entries(ctx, map, path)) {
    const g = fields(ctx, e.value, [...path, e.key], VOLUME.fields, 'a volume such as {server: san, size: 100GiB, data: 20GiB}');
    if (!g) {
      out.set(e.key, undefined);
      continue;
    }
    const server = g.get('server');
    if (server !== undefined && !servers.has(server)) {
      ctx.report(g.node('server'), g.pathOf('server'), `unknown storage server "${server}"`,
        servers.size > 0 ? choiceHint(server, [...servers.keys()], 'storage_servers defines') : 'define it under virtualization.storage_servers');
    }
    const size = g.get('size');
    const data = g.get('data');
    if (size !== undefined && data !== undefined && data > size) {
      ctx.report(g.node('data'), g.pathOf('data'), `data ${fmt(data)} MiB exceeds the volume's size ${fmt(size)} MiB`, 'a volume holds at most its size');
      out.set(e.key, undefined);
      continue;
    }
    out.set(e.key, server !== undefined && servers.has(server) && size !== undefined && data !== undefined ? { name: e.key, server, sizeMib: size, dataMib: data } : undefined);
  }
  return out;
}

function readLayout(ctx: Ctx, node: unknown, path: Path, env: LayoutEnv, volumes: Map<string, VolumeSpec | undefined>): Layout | undefined {
  const g = fields(ctx, node, path, LAYOUT.fields, 'a layout such as {name: noisy, vms: [{name: web, job: serve}]}');
  if (!g) return undefined;
  const name = g.get('name');
  const vcpusPerCore = g.get('vcpus_per_core');
  if (g.node('vms') === undefined) return undefined;
  const seq = asSeq(ctx, g.node('vms'), g.pathOf('vms'), 'a list of VMs such as {name: web, job: serve}');
  if (!seq) return undefined;
  if (seq.items.length === 0) {
    ctx.report(seq, g.pathOf('vms'), 'expected at least one VM, got an empty list');
    return undefined;
  }
  const vms: (LayoutVm | undefined)[] = [];
  const seen = new Map<string, string>(); // volume -> vm
  seq.items.forEach((item, i) => {
    const vpath = [...g.pathOf('vms'), i];
    const vm = readVm(ctx, item, vpath, env, volumes);
    vms.push(vm);
    if (!vm) return;
    const at = ctx.deref(item);
    const earlier = vms.slice(0, i).filter((x): x is LayoutVm => x !== undefined);
    if (earlier.some((x) => x.name === vm.name)) ctx.report(at, [...vpath, 'name'], `vm name "${vm.name}" is used twice in this layout`);
    if (vm.volume !== undefined) {
      const other = seen.get(vm.volume);
      if (other !== undefined) {
        ctx.report(at, [...vpath, 'volume'], `volume "${vm.volume}" is already attached to ${other} in this layout`, 'a volume is attached to one VM at a time: give this VM a volume of its own');
      } else seen.set(vm.volume, vm.name);
    }
    if (vm.cores) {
      for (const x of earlier) {
        if (!x.cores || x.cores.join(',') === vm.cores.join(',')) continue;
        if (vm.cores.some((c) => x.cores!.includes(c))) {
          ctx.report(at, [...vpath, 'cores'], `cores [${vm.cores.join(', ')}] overlap cores [${x.cores.join(', ')}] of vm ${x.name}`, 'cpusets must be equal (the VMs share them) or disjoint');
        }
      }
    }
  });
  if (name === undefined || vcpusPerCore === undefined || vms.some((v) => !v)) return undefined;
  return { name, vcpusPerCore, vms: vms as LayoutVm[] };
}

function readVm(ctx: Ctx, node: unknown, path: Path, env: LayoutEnv, volumes: Map<string, VolumeSpec | undefined>): LayoutVm | undefined {
  const g = fields(ctx, node, path, LAYOUT_VM.fields, 'a VM such as {name: web, job: serve, pinning: pinned, cap: 50%, shares: 2}');
  if (!g) return undefined;
  const name = g.get('name');
  const jobName = g.get('job');
  let job: VirtJob | undefined;
  if (jobName !== undefined && env.jobs) {
    const known = env.jobs.filter((j): j is VirtJob => j !== undefined).map((j) => j.name);
    job = env.jobs.find((j) => j?.name === jobName);
    if (!job && known.length === env.jobs.length) {
      ctx.report(g.node('job'), g.pathOf('job'), `unknown job "${jobName}"`, choiceHint(jobName, known, 'jobs defines'));
    }
  }
  const typeName = g.get('type', env.instance ?? '');
  let spec: VmSpec | undefined;
  if (typeName && env.vmTypes.known) {
    if (!env.vmTypes.specs.has(typeName)) {
      if (g.has('type')) ctx.report(g.node('type'), g.pathOf('type'), `unknown vm type "${typeName}"`, choiceHint(typeName, [...env.vmTypes.specs.keys()], 'vm_types defines'));
    } else spec = env.vmTypes.specs.get(typeName);
  }
  // a VM's own: the job's pinning key is for the experiment without layouts
  const pinning = g.get('pinning');
  const cores = g.has('cores') ? readCores(ctx, g, env.hostCores) : null;
  if (cores && g.has('pinning') && pinning === 'floating') {
    ctx.report(g.node('pinning'), g.pathOf('pinning'), 'a VM with cores is pinned to them', 'remove pinning: floating, or cores');
    return undefined;
  }
  const cap = g.get('cap');
  const shares = g.get('shares');
  const volume = g.get('volume', '');
  if (volume && !volumes.has(volume)) {
    ctx.report(g.node('volume'), g.pathOf('volume'), `unknown volume "${volume}"`,
      volumes.size > 0 ? choiceHint(volume, [...volumes.keys()], 'volumes defines') : 'define it under virtualization.volumes');
    return undefined;
  }
  const boot = g.get('boot');
  if (boot === 'volume' && !volume) {
    ctx.report(g.node('boot'), g.pathOf('boot'), 'boot: volume needs a volume', 'attach one with volume: <name>, or boot: image');
    return undefined;
  }
  if (name === undefined || !job || !spec || pinning === undefined || cores === undefined || cap === undefined || shares === undefined || boot === undefined) return undefined;
  const pinned = cores !== null || pinning === 'pinned';
  return {
    name, job, vcpus: spec.vcpus, ramMib: spec.ram, pinned, cores: cores ?? undefined,
    capCores: Number.isFinite(cap) ? cap / 100 : Infinity, shares, volume: volume || undefined, bootFromVolume: boot === 'volume',
  };
}

/** A cpuset: distinct core indices the host has, sorted. */
function readCores(ctx: Ctx, g: Fields, hostCores: number | undefined): number[] | undefined {
  const seq = asSeq(ctx, g.node('cores'), g.pathOf('cores'), 'a list of core indices such as [0, 1]');
  if (!seq) return undefined;
  if (seq.items.length === 0) {
    ctx.report(seq, g.pathOf('cores'), 'expected at least one core, got an empty list');
    return undefined;
  }
  const max = hostCores === undefined ? undefined : hostCores - 1;
  const out: number[] = [];
  let ok = true;
  seq.items.forEach((item, i) => {
    const c = int({ min: 0, max })(ctx, item, [...g.pathOf('cores'), i]);
    if (c === undefined) ok = false;
    else if (out.includes(c)) {
      ctx.report(ctx.deref(item), [...g.pathOf('cores'), i], `core ${c} is listed twice`);
      ok = false;
    } else out.push(c);
  });
  return ok ? out.sort((a, b) => a - b) : undefined;
}
