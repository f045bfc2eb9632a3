/**
 * Scenario schema, part 6: `virtualization`, an experiment of jobs on one host under
 * several platforms (its layouts, volumes and storage servers: validate-layouts.ts). Platforms are chosen by name among the shipped profiles or
 * defined in `profiles` (from a base profile, overriding any cost). Costs are
 * non-negative; a container platform cannot run a guest OS other than the host's.
 */
import type { HostSpec, VmSpec } from '../model/specs.js';
import { type VirtJob, type VirtualizationSpec } from '../model/virt/experiment.js';
import {
  BARE_METAL,
  cloneProfile,
  sharesKernel,
  type IoPathCosts,
  type PlatformProfile,
} from '../model/virt/profile.js';
import { shippedNames, shippedProfile } from '../model/virt/shipped.js';
import { choiceHint } from './problems.js';
import {
  type Ctx,
  type Fields,
  type Path,
  type TypeTable,
  asMap,
  asSeq,
  complete,
  entries,
  fields,
  fmt,
  int,
  str,
} from './schema.js';
import { readPartition } from './validate-layouts.js';
import { BURST, DEVICES, DISK_PATH, NET_PATH, PROFILE, PROFILE_CPU, PROFILE_INSTANCE, PROFILE_MMU, VIRTUALIZATION, VIRT_JOB } from './virtualization-spec.js';

export { PROFILES_FIELD, VIRTUALIZATION_FIELD } from './virtualization-spec.js';

const MIB_BYTES = 1024 * 1024;
/** Top-level sections a virtualization scenario does not use. */
const NOT_WITH = ['vms', 'timeline', 'workloads', 'trace_vms', 'consolidation'] as const;

export interface VirtualizationEnv {
  vmTypes: TypeTable<VmSpec>;
  /** The datacenter's hosts when all are valid. */
  hosts: { spec: HostSpec; count: number }[] | undefined;
}

export function readVirtualization(ctx: Ctx, top: Fields, env: VirtualizationEnv): VirtualizationSpec | undefined {
  if (!top.has('virtualization')) return undefined;
  for (const k of NOT_WITH) {
    if (top.has(k)) ctx.report(top.keyNode(k), [k], `${k} is not used by a virtualization experiment`, 'remove it, or run it in a scenario of its own');
  }
  const f = fields(ctx, top.node('virtualization'), ['virtualization'], VIRTUALIZATION.fields, 'a map with platforms, instance, jobs and optionally profiles, devices, burst, layouts, volumes, storage_servers');
  if (!f) return undefined;
  const profiles = readProfiles(ctx, f);
  const known = [...new Set([...shippedNames(), ...profiles.keys()])];
  const platforms = readPlatforms(ctx, f, profiles, known);
  const baseline = f.get('baseline', platforms?.[0] ?? '');
  if (baseline !== undefined && platforms && !platforms.includes(baseline)) {
    ctx.report(f.node('baseline'), f.pathOf('baseline'), `baseline "${baseline}" is not one of the platforms`, choiceHint(baseline, platforms, 'platforms are'));
  }
  const hostOs = f.get('host_os');
  const guestOs = f.get('guest_os', hostOs ?? 'linux');
  const devices = f.opt('devices', readDevices, { diskReadOpUs: 0, diskWriteOpUs: 0, rttUs: 0 });
  const instanceName = f.get('instance');
  let instance: VirtualizationSpec['instance'] | undefined;
  if (instanceName !== undefined && env.vmTypes.known) {
    const spec = env.vmTypes.specs.get(instanceName);
    if (!env.vmTypes.specs.has(instanceName)) {
      ctx.report(f.node('instance'), f.pathOf('instance'), `unknown vm type "${instanceName}"`, choiceHint(instanceName, [...env.vmTypes.specs.keys()], 'vm_types defines'));
    } else if (spec) {
      instance = { type: instanceName, vcpus: spec.vcpus, ramMib: spec.ram };
    }
  }
  const hostSpec = env.hosts?.[0]?.spec;
  const jobNodes: unknown[] = [];
  const jobs = readJobs(ctx, f, jobNodes);
  const burst = f.has('burst') ? readBurst(ctx, f.node('burst'), f.pathOf('burst')) : null;
  const partition = readPartition(ctx, f, { jobs, vmTypes: env.vmTypes, instance: instance?.type, hostCores: hostSpec?.cores });

  // Checks across fields, only when their parts are valid.
  const resolved = platforms?.map((name) => profiles.get(name) ?? shippedProfile(name));
  if (platforms && resolved && hostOs !== undefined && guestOs !== undefined && guestOs !== hostOs) {
    const seq = asSeq(ctx, f.node('platforms'), f.pathOf('platforms'));
    platforms.forEach((name, i) => {
      const p = resolved[i];
      if (p && sharesKernel(p)) {
        ctx.report(seq?.items[i] ?? f.node('platforms'), [...f.pathOf('platforms'), i],
          `${name} is a ${p.kind === 'native' ? 'bare-metal' : 'container'} platform: it runs on the host's ${hostOs} kernel and cannot run guest_os ${guestOs}`,
          'choose a VM platform (kvm, xen-...) for another OS, or set guest_os to the host_os');
      }
    });
  }
  if (hostSpec && instance && jobs && resolved && platforms) {
    jobs.forEach((job, j) => {
      if (!job) return;
      platforms.forEach((name, i) => {
        const p = resolved[i];
        if (!p) return;
        const need = job.instances * (instance!.ramMib + p.instance.memoryMib);
        if (need > hostSpec.ram) {
          ctx.report(jobNodes[j], [...f.pathOf('jobs'), j, 'instances'],
            `${job.instances} instances of ${instance!.type} on ${name} need ${fmt(need)} MiB (with ${fmt(p.instance.memoryMib)} MiB footprint each), the host has ${fmt(hostSpec.ram)} MiB`,
            'fewer instances, a smaller vm type, or a larger host');
        }
      });
    });
  }
  if (ctx.problems.length > 0 || !platforms || !resolved || resolved.some((p) => !p) || !hostSpec || !instance || !jobs || jobs.some((j) => !j)) return undefined;
  if (burst === undefined || partition === undefined || devices === undefined || hostOs === undefined || guestOs === undefined || baseline === undefined) return undefined;
  const spec: VirtualizationSpec = {
    platforms,
    profiles: Object.fromEntries(platforms.map((name, i) => [name, resolved[i]!])),
    baseline,
    hostOs,
    guestOs,
    host: {
      type: hostSpec.type, ramMib: hostSpec.ram, cores: hostSpec.cores, diskMbps: hostSpec.diskBw, nicMbps: hostSpec.bw,
      diskReadOpUs: devices.diskReadOpUs, diskWriteOpUs: devices.diskWriteOpUs, rttUs: devices.rttUs,
    },
    instance,
    jobs: jobs as VirtJob[],
  };
  if (partition) spec.partition = partition;
  if (burst) {
    spec.burst = { count: burst, hosts: env.hosts!.flatMap((g) => Array.from({ length: g.count }, () => ({ ramMib: g.spec.ram, diskMbps: g.spec.diskBw }))) };
  }
  return spec;
}

function readPlatforms(ctx: Ctx, f: Fields, defined: Map<string, PlatformProfile | undefined>, known: string[]): string[] | undefined {
  if (f.node('platforms') === undefined) return undefined;
  const seq = asSeq(ctx, f.node('platforms'), f.pathOf('platforms'), 'a list of platform names such as [bare-metal, kvm, docker]');
  if (!seq) return undefined;
  if (seq.items.length === 0) {
    ctx.report(seq, f.pathOf('platforms'), 'expected at least one platform, got an empty list');
    return undefined;
  }
  const out: string[] = [];
  let ok = true;
  seq.items.forEach((item, i) => {
    const path = [...f.pathOf('platforms'), i];
    const name = str()(ctx, item, path);
    if (name === undefined) return void (ok = false);
    if (!defined.has(name) && !shippedProfile(name)) {
      ctx.report(ctx.deref(item), path, `unknown platform "${name}"`, choiceHint(name, known, 'shipped and defined profiles are'));
      ok = false;
    } else if (out.includes(name)) {
      ctx.report(ctx.deref(item), path, `platform "${name}" is listed twice`);
      ok = false;
    }
    out.push(name);
  });
  return ok ? out : undefined;
}

/** `profiles`: name -> profile (undefined when its definition is invalid). */
export function readProfiles(ctx: Ctx, f: Fields): Map<string, PlatformProfile | undefined> {
  const out = new Map<string, PlatformProfile | undefined>();
  if (!f.has('profiles')) return out;
  const map = asMap(ctx, f.node('profiles'), f.pathOf('profiles'), 'a map of profile names to profiles');
  if (!map) return out;
  for (const e of entries(ctx, map, f.pathOf('profiles'))) {
    out.set(e.key, readProfile(ctx, e.value, [...f.pathOf('profiles'), e.key], e.key, out));
  }
  return out;
}

function readProfile(ctx: Ctx, node: unknown, path: Path, name: string, earlier: Map<string, PlatformProfile | undefined>): PlatformProfile | undefined {
  const g = fields(ctx, node, path, PROFILE.fields, 'a profile such as {base: kvm, cpu: {overhead: 0.05}}');
  if (!g) return undefined;
  // A profile named like a shipped one, without a base, overrides that one.
  const dfltBase = shippedProfile(name) ? name : 'bare-metal';
  const baseName = g.get('base', dfltBase);
  if (baseName === undefined) return undefined;
  const base = baseName === name ? shippedProfile(name) : earlier.has(baseName) ? earlier.get(baseName) : shippedProfile(baseName);
  if (!base) {
    if (!earlier.has(baseName)) {
      const names = [...new Set([...shippedNames(), ...earlier.keys()])];
      ctx.report(g.node('base'), g.pathOf('base'), `unknown base profile "${baseName}"`, choiceHint(baseName, names, 'shipped and earlier profiles are'));
    }
    return undefined;
  }
  const p = cloneProfile(base ?? BARE_METAL);
  p.description = g.get('description', `${baseName} with overrides`) ?? '';
  const kind = g.get('kind', p.kind);
  let ok = kind !== undefined;
  if (kind) p.kind = kind;
  const exit = g.get('exit', p.exitUs / 1e6);
  if (exit === undefined) ok = false;
  else p.exitUs = exit * 1e6;
  if (g.has('cpu')) {
    const c = fields(ctx, g.node('cpu'), g.pathOf('cpu'), PROFILE_CPU.fields, 'a map such as {overhead: 0.02, floating_overhead: 1.2}');
    const o = c?.get('overhead', p.cpu.overhead);
    const fo = c?.get('floating_overhead', p.cpu.floatingOverhead);
    if (o === undefined || fo === undefined) ok = false;
    else p.cpu = { overhead: o, floatingOverhead: fo };
  }
  if (g.has('mmu')) {
    const m = fields(ctx, g.node('mmu'), g.pathOf('mmu'), PROFILE_MMU.fields, 'a map such as {mode: nested, tlb_miss: 5ns}');
    const mmu = m && complete<PlatformProfile['mmu']>({
      mode: m.get('mode', p.mmu.mode),
      ptUpdateUs: us(m.get('pt_update', p.mmu.ptUpdateUs / 1e6)),
      hypercallUs: us(m.get('hypercall', p.mmu.hypercallUs / 1e6)),
      ptBatch: m.get('pt_batch', p.mmu.ptBatch),
      tlbMissNs: ns(m.get('tlb_miss', p.mmu.tlbMissNs / 1e9)),
    });
    if (!mmu) ok = false;
    else p.mmu = mmu;
  }
  for (const dev of ['disk', 'net'] as const) {
    if (!g.has(dev)) continue;
    const costs = readIoPath(ctx, g.node(dev), g.pathOf(dev), p[dev], dev === 'net');
    if (!costs) ok = false;
    else p[dev] = costs;
  }
  if (g.has('instance')) {
    const i = fields(ctx, g.node('instance'), g.pathOf('instance'), PROFILE_INSTANCE.fields, 'a map such as {memory: 64MiB, start: 30s}');
    const inst = i && complete<PlatformProfile['instance']>({
      memoryMib: i.get('memory', p.instance.memoryMib),
      startS: i.get('start', p.instance.startS),
      serialStartS: i.get('serial_start', p.instance.serialStartS),
      imageMib: i.get('image', p.instance.imageMib),
      imageShared: i.get('image_shared', p.instance.imageShared),
    });
    if (!inst) ok = false;
    else p.instance = inst;
  }
  if (ok && p.kind !== 'vm' && (p.mmu.mode !== 'native' || p.disk.path !== 'native' || p.net.path !== 'native')) {
    ctx.report(g.node('kind') ?? node, path, `a ${p.kind} platform runs on the host kernel: its mmu mode and I/O paths must be native`, 'set kind: vm, or mode/path: native');
    ok = false;
  }
  return ok ? p : undefined;
}

const us = (s: number | undefined) => (s === undefined ? undefined : s * 1e6);
const ns = (s: number | undefined) => (s === undefined ? undefined : s * 1e9);

function readIoPath(ctx: Ctx, node: unknown, path: Path, base: IoPathCosts, net: boolean): IoPathCosts | undefined {
  // DiskPath's keys are NetPath's without nat, which is read only when `net`
  const rules = (net ? NET_PATH.fields : DISK_PATH.fields) as typeof NET_PATH.fields;
  const f = fields(ctx, node, path, rules, 'a map such as {path: paravirtual, op: 5us, batch: 4, notify: 5us}', (k) => (k === 'nat' ? 'nat is a network cost (net.nat)' : undefined));
  if (!f) return undefined;
  return complete<IoPathCosts>({
    path: f.get('path', base.path),
    exitsPerOp: f.get('exits_per_op', base.exitsPerOp),
    opUs: us(f.get('op', base.opUs / 1e6)),
    batch: f.get('batch', base.batch),
    notifyUs: us(f.get('notify', base.notifyUs / 1e6)),
    coalesceUs: us(f.get('coalesce', base.coalesceUs / 1e6)),
    natUs: net ? us(f.get('nat', base.natUs / 1e6)) : base.natUs,
  });
}

function readDevices(ctx: Ctx, node: unknown, path: Path): { diskReadOpUs: number; diskWriteOpUs: number; rttUs: number } | undefined {
  const f = fields(ctx, node, path, DEVICES.fields, 'a map such as {disk_read_op: 6.8us, disk_write_op: 3.8us, rtt: 37.6us}');
  if (!f) return undefined;
  return complete({
    diskReadOpUs: us(f.get('disk_read_op')),
    diskWriteOpUs: us(f.get('disk_write_op')),
    rttUs: us(f.get('rtt')),
  });
}

function readBurst(ctx: Ctx, node: unknown, path: Path): number | undefined {
  const f = fields(ctx, node, path, BURST.fields, 'a map such as {count: 100}');
  return f?.get('count');
}

/** The jobs, each undefined when invalid (reported); undefined when the list itself is. */
function readJobs(ctx: Ctx, f: Fields, nodes: unknown[]): (VirtJob | undefined)[] | undefined {
  if (f.node('jobs') === undefined) return undefined;
  const seq = asSeq(ctx, f.node('jobs'), f.pathOf('jobs'), 'a list of jobs such as {name: batch, cpu: 10s}');
  if (!seq) return undefined;
  if (seq.items.length === 0) {
    ctx.report(seq, f.pathOf('jobs'), 'expected at least one job, got an empty list');
    return undefined;
  }
  nodes.push(...seq.items.map((item) => ctx.deref(item)));
  const jobs = seq.items.map((item, i) => readJob(ctx, item, [...f.pathOf('jobs'), i]));
  const names = new Set<string>();
  jobs.forEach((j, i) => {
    if (!j) return;
    if (names.has(j.name)) ctx.report(ctx.deref(seq.items[i]), [...f.pathOf('jobs'), i, 'name'], `job name "${j.name}" is used twice`);
    names.add(j.name);
  });
  return jobs;
}

function readJob(ctx: Ctx, node: unknown, path: Path): VirtJob | undefined {
  const f = fields(ctx, node, path, VIRT_JOB.fields, 'a job such as {name: batch, cpu: 15.8s, disk_read: 56000}');
  if (!f) return undefined;
  const bytes = (m: number | undefined) => (m === undefined ? undefined : m * MIB_BYTES);
  const instances = f.get('instances');
  const job = complete<VirtJob>({
    name: f.get('name'),
    cpuS: f.get('cpu'),
    parallelism: f.get('parallelism'),
    diskReadSectors: f.get('disk_read'),
    diskWriteSectors: f.get('disk_write'),
    requestBytes: bytes(f.get('request_size')),
    netRxBytes: bytes(f.get('net_rx')),
    netTxBytes: bytes(f.get('net_tx')),
    packetBytes: bytes(f.get('packet_size')),
    roundTrips: f.get('round_trips'),
    virtualEnds: f.get('virtual_ends'),
    ptUpdates: f.get('pt_updates'),
    tlbMisses: f.get('tlb_misses'),
    overlap: f.get('overlap'),
    pinned: pin(f.get('pinning')),
    instances,
    // the upper bound depends on instances: a reader of its own
    copies: f.opt('copies', int({ min: 1, max: instances ?? 1 }), instances ?? 1),
    report: f.get('report'),
    work: f.get('work'),
    unit: f.get('unit'),
  });
  if (job && job.report === 'latency' && job.roundTrips === 0) {
    ctx.report(f.node('report'), f.pathOf('report'), 'report: latency needs round_trips > 0', 'set round_trips, or report time');
    return undefined;
  }
  if (job && job.cpuS === 0 && job.diskReadSectors + job.diskWriteSectors === 0 && job.netRxBytes + job.netTxBytes === 0 && job.roundTrips === 0) {
    ctx.report(node, path, `job "${job.name}" consumes nothing`, 'give it cpu, disk_read/disk_write, net_rx/net_tx or round_trips');
    return undefined;
  }
  return job;
}

const pin = (v: 'pinned' | 'floating' | undefined) => (v === undefined ? undefined : v === 'pinned');
