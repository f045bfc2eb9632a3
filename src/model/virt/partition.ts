/**
 * Server partitioning: one host divided among VMs by cores, CPU caps and shares, RAM,
 * each VM running a job; its disk on the host (ephemeral) or on a volume of a storage
 * server (storage.ts).
 *
 * Admission, in the layout's order: a VM's RAM plus the platform's footprint must fit
 * what is left of the host's (RAM is never overcommitted: no ballooning or swap is
 * modelled); a pinned VM gets its cpuset (given, or the next free cores); floating
 * VMs share the cores no VM is pinned to; a pool's vCPUs may not exceed vcpusPerCore
 * times its cores. A VM that fails is recorded as rejected, with the reason. The
 * steps run one after the other over the whole layout (RAM and cpusets, then the
 * floating pool, then overcommit): a VM rejected at a later step does not make room
 * for one rejected at an earlier step.
 *
 * Running: every VM boots (its image read from the host disk or, booting from its
 * volume, over the network), then all jobs start together. Each pool of cores is
 * shared among its VMs' vCPU work and I/O back-end threads by their shares, each
 * VM's vCPUs capped at min(its cap, its vCPUs, the job's parallelism); the host's
 * disk, its NIC (each direction) and each storage server's NIC and disks are shared
 * equally among the flows crossing them (fluid.ts).
 */
import { fairCompletions, type Flow } from './fluid.js';
import { combine, demands, SECTOR_BYTES, type HostDevices, type JobProfile, type PathTimes } from './job.js';
import type { PlatformProfile } from './profile.js';
import { ebsStages, jobEbsStages, Volumes, type EbsStages, type StorageServer, type VolumeSpec } from './storage.js';

export interface LayoutVm {
  name: string;
  job: JobProfile;
  vcpus: number;
  ramMib: number;
  pinned: boolean;
  /** A pinned VM's cpuset (core indices); undefined: the next free cores, one per vCPU. */
  cores?: number[];
  /** Most cores' worth of CPU its vCPUs get (Xen's cap / 100, cgroups' cpu.max quota / period); Infinity: none. */
  capCores: number;
  /** Relative weight in contended CPU (Xen's weight, cgroups' cpu.shares). */
  shares: number;
  /** The volume its disk I/O goes to (undefined: the host's ephemeral disk). */
  volume?: string;
  /** Boot from the volume: the image is read from it, over the network. */
  bootFromVolume: boolean;
}

export interface Layout {
  name: string;
  vms: LayoutVm[];
  /** Most vCPUs per core of a pool (1: no CPU overcommit). */
  vcpusPerCore: number;
}

export interface PartitionHost extends HostDevices {
  ramMib: number;
}

export interface VmOutcome {
  vm: LayoutVm;
  admitted: boolean;
  /** Why it was not admitted ('' when admitted). */
  rejection: string;
  /** Its cores: a cpuset such as "0-1", or "float:2-7" for the floating pool. */
  cores: string;
  /** Cores of its pool. */
  poolCores: number;
  /** From the start of the layout to ready, s. */
  bootS: number;
  /** Path times after sharing and the job's time, s (from the start of the jobs). */
  paths: PathTimes;
  time: number;
  /** The job's CPU seconds (platform factor and MMU included), for its average cores. */
  cpuWork: number;
  diskBytes: number;
  netBytes: number;
}

export interface Pool {
  cores: number[];
  vcpus: number;
}

const range = (cores: readonly number[]): string => {
  if (cores.length === 0) return '';
  const parts: string[] = [];
  let a = cores[0];
  for (let i = 1; i <= cores.length; i++) {
    if (i < cores.length && cores[i] === cores[i - 1] + 1) continue;
    const b = cores[i - 1];
    parts.push(a === b ? String(a) : `${a}-${b}`);
    a = cores[i];
  }
  return parts.join(',');
};

interface Admission {
  admitted: boolean[];
  rejection: string[];
  /** Pool index of each admitted VM. */
  pool: number[];
  pools: Pool[];
  /** Index of the floating pool in pools (-1: none). */
  floating: number;
}

/** Admission of a layout's VMs on the host for platform `p` (see the file comment). */
export function admit(layout: Layout, p: PlatformProfile, host: PartitionHost): Admission {
  const n = layout.vms.length;
  const admitted = new Array<boolean>(n).fill(false);
  const rejection = new Array<string>(n).fill('');
  const pool = new Array<number>(n).fill(-1);
  const pools: Pool[] = [];
  const reserved = new Set<number>();
  for (const vm of layout.vms) for (const c of vm.cores ?? []) reserved.add(c);
  let ramLeft = host.ramMib;
  // RAM and pinned cpusets, in order
  const cpusetKey = new Map<string, number>();
  layout.vms.forEach((vm, i) => {
    const need = vm.ramMib + p.instance.memoryMib;
    if (need > ramLeft) {
      rejection[i] = `RAM: needs ${need.toFixed(1)} MiB with the platform's footprint, ${ramLeft.toFixed(1)} MiB left (RAM is not overcommitted)`;
      return;
    }
    if (vm.pinned) {
      let set = vm.cores;
      if (!set) {
        const free: number[] = [];
        for (let c = 0; c < host.cores && free.length < vm.vcpus; c++) if (!reserved.has(c)) free.push(c);
        if (free.length < vm.vcpus) {
          rejection[i] = `no ${vm.vcpus} free cores to pin to (${free.length} left)`;
          return;
        }
        for (const c of free) reserved.add(c);
        set = free;
      }
      const key = set.join(',');
      if (!cpusetKey.has(key)) {
        cpusetKey.set(key, pools.length);
        pools.push({ cores: [...set].sort((a, b) => a - b), vcpus: 0 });
      }
      pool[i] = cpusetKey.get(key)!;
    }
    ramLeft -= need;
    admitted[i] = true;
  });
  // the floating pool: the cores nobody is pinned to
  const rest: number[] = [];
  for (let c = 0; c < host.cores; c++) if (!reserved.has(c)) rest.push(c);
  let floating = -1;
  layout.vms.forEach((vm, i) => {
    if (!admitted[i] || vm.pinned) return;
    if (rest.length === 0) {
      admitted[i] = false;
      rejection[i] = 'no unpinned cores left for floating vCPUs';
      return;
    }
    if (floating < 0) {
      floating = pools.length;
      pools.push({ cores: rest, vcpus: 0 });
    }
    pool[i] = floating;
  });
  // vCPU overcommit per pool, in order
  layout.vms.forEach((vm, i) => {
    if (!admitted[i]) return;
    const q = pools[pool[i]];
    if (q.vcpus + vm.vcpus > layout.vcpusPerCore * q.cores.length) {
      admitted[i] = false;
      rejection[i] = `${q.vcpus + vm.vcpus} vCPUs on ${q.cores.length} cores would exceed ${layout.vcpusPerCore} vCPUs per core`;
      pool[i] = -1;
      return;
    }
    q.vcpus += vm.vcpus;
  });
  return { admitted, rejection, pool, pools, floating };
}

/** Resource indices: the pools, then the host's disk, NIC rx and tx, then 3 per storage server (rx, tx, disk). */
class Resources {
  readonly capacity: number[];
  readonly disk: number;
  readonly rx: number;
  readonly tx: number;
  private readonly server = new Map<string, number>();
  constructor(pools: readonly Pool[], servers: readonly StorageServer[]) {
    this.capacity = pools.map((q) => q.cores.length);
    this.disk = this.capacity.push(1) - 1;
    this.rx = this.capacity.push(1) - 1;
    this.tx = this.capacity.push(1) - 1;
    for (const s of servers) {
      this.server.set(s.name, this.capacity.length);
      this.capacity.push(1, 1, 1);
    }
  }
  /** The stages of a volume's pipeline, in seconds each alone. */
  ebsUse(server: string, st: EbsStages): Map<number, number> {
    const s = this.server.get(server)!;
    return new Map([[this.rx, st.hostRx], [this.tx, st.hostTx], [s, st.serverRx], [s + 1, st.serverTx], [s + 2, st.serverDisk]]);
  }
}

/** A flow of device time: `seconds` on one resource (processor sharing of the device). */
const timeFlow = (r: number, seconds: number): Flow => ({ work: seconds, use: new Map([[r, 1]]), weight: 1, cap: Infinity });

/** A flow of `bytes` over resources it uses `seconds` each when alone: equal rates are equal bytes per second. */
function bytesFlow(bytes: number, seconds: Map<number, number>): Flow {
  const use = new Map<number, number>();
  for (const [r, s] of seconds) if (s > 0) use.set(r, s / bytes);
  return { work: use.size > 0 ? bytes : 0, use, weight: 1, cap: Infinity };
}

/** Runs a layout on platform `p`: admission, boot, then the jobs together; volumes are attached for the layout and detached after, keeping the data written. */
export function runLayout(
  layout: Layout, p: PlatformProfile, host: PartitionHost, servers: readonly StorageServer[], volumes: Volumes,
): VmOutcome[] {
  const adm = admit(layout, p, host);
  const serverOf = (volume: string) => servers.find((s) => s.name === volumes.get(volume).server)!;
  const imageBytes = p.instance.imageMib * 1024 * 1024;
  layout.vms.forEach((vm, i) => {
    if (!adm.admitted[i] || !vm.volume) return;
    const a = volumes.attach(vm.volume, vm.name);
    if (!a.ok) {
      adm.admitted[i] = false;
      adm.rejection[i] = a.reason;
    } else if (vm.bootFromVolume && volumes.get(vm.volume).dataMib < p.instance.imageMib) {
      adm.admitted[i] = false;
      adm.rejection[i] = `volume ${vm.volume} holds ${volumes.get(vm.volume).dataMib.toFixed(1)} MiB, less than the ${p.instance.imageMib.toFixed(1)} MiB image`;
      volumes.detach(vm.volume);
    }
  });
  const res = new Resources(adm.pools, servers);
  const on = layout.vms.map((_, i) => i).filter((i) => adm.admitted[i]);

  // Boot: the toolstack one VM at a time, then the image read (shared copy-on-write layers once per host), then the start.
  const bootFlows: Flow[] = [];
  let sharedRead = -1;
  const readOf = on.map((i, k) => {
    const vm = layout.vms[i];
    const start = (k + 1) * p.instance.serialStartS;
    if (vm.bootFromVolume) {
      const s = serverOf(vm.volume!);
      bootFlows.push({ ...bytesFlow(imageBytes, res.ebsUse(s.name, ebsStages(imageBytes, 0, 1, 0, host.nicMbps, s))), start });
      return bootFlows.length - 1;
    }
    if (p.instance.imageShared && sharedRead >= 0) return sharedRead;
    const read = Number.isFinite(host.diskMbps) ? (imageBytes * 8) / (host.diskMbps * 1e6) : 0;
    bootFlows.push({ ...timeFlow(res.disk, read), start });
    if (p.instance.imageShared) sharedRead = bootFlows.length - 1;
    return bootFlows.length - 1;
  });
  const readDone = fairCompletions(bootFlows, res.capacity);
  const boot = on.map((_, k) => Math.max((k + 1) * p.instance.serialStartS, readDone[readOf[k]]) + p.instance.startS);

  // The jobs: per VM a vCPU flow, an I/O back-end flow, a disk flow (host disk or volume) and a NIC flow.
  const flows: Flow[] = [];
  const latency: number[] = [];
  const work = on.map((i) => {
    const vm = layout.vms[i];
    const job = { ...vm.job, pinned: vm.pinned };
    const q = adm.pool[i];
    const d = demands(job, p, host, vm.vcpus);
    const cap = Math.min(d.cpuCap, vm.capCores, adm.pools[q].cores.length);
    flows.push({ work: d.cpu, use: new Map([[q, 1]]), weight: vm.shares, cap });
    flows.push({ work: d.virtIo, use: new Map([[q, 1]]), weight: vm.shares, cap: 1 });
    let lat = d.latency;
    if (vm.volume) {
      const s = serverOf(vm.volume);
      flows.push(bytesFlow((job.diskReadSectors + job.diskWriteSectors) * SECTOR_BYTES, res.ebsUse(s.name, jobEbsStages(job, host.nicMbps, s))));
      const ops = (job.diskReadSectors + job.diskWriteSectors) * SECTOR_BYTES / job.requestBytes;
      lat += (ops * s.rttUs) / 1e6 / job.parallelism;
    } else {
      flows.push(timeFlow(res.disk, d.disk));
    }
    const nic = job.virtualEnds === 2 ? 0 : 8 / (host.nicMbps * 1e6);
    flows.push(bytesFlow(job.netRxBytes + job.netTxBytes, new Map([[res.rx, job.netRxBytes * nic], [res.tx, job.netTxBytes * nic]])));
    latency.push(lat);
    return d.cpu;
  });
  const done = fairCompletions(flows, res.capacity);

  const out: VmOutcome[] = layout.vms.map((vm, i) => ({
    vm, admitted: false, rejection: adm.rejection[i], cores: '', poolCores: 0, bootS: NaN,
    paths: { cpu: NaN, virtIo: NaN, disk: NaN, nic: NaN, latency: NaN }, time: NaN, cpuWork: NaN,
    diskBytes: (vm.job.diskReadSectors + vm.job.diskWriteSectors) * SECTOR_BYTES,
    netBytes: Math.max(vm.job.netRxBytes, vm.job.netTxBytes),
  }));
  on.forEach((i, k) => {
    const q = adm.pools[adm.pool[i]];
    const paths: PathTimes = { cpu: done[4 * k], virtIo: done[4 * k + 1], disk: done[4 * k + 2], nic: done[4 * k + 3], latency: latency[k] };
    Object.assign(out[i], {
      admitted: true,
      cores: (adm.pool[i] === adm.floating ? 'float:' : '') + range(q.cores),
      poolCores: q.cores.length,
      bootS: boot[k],
      paths,
      time: combine(paths, layout.vms[i].job.overlap),
      cpuWork: work[k],
    });
  });
  // the layout ends: written data stays on the volumes, which are detached as their VMs are destroyed
  on.forEach((i) => {
    const vm = layout.vms[i];
    if (vm.volume) volumes.write(vm.volume, vm.job.diskWriteSectors * SECTOR_BYTES);
    volumes.destroyVm(vm.name);
  });
  return out;
}

/** Each layout in order on platform `p`, volumes carried from one layout to the next. */
export function runLayouts(
  layouts: readonly Layout[], p: PlatformProfile, host: PartitionHost, servers: readonly StorageServer[], volumeSpecs: readonly VolumeSpec[],
): { outcomes: VmOutcome[][]; volumes: { before: number[]; after: number[] }[] } {
  const volumes = new Volumes(volumeSpecs);
  const outcomes: VmOutcome[][] = [];
  const trail: { before: number[]; after: number[] }[] = [];
  for (const layout of layouts) {
    const before = volumeSpecs.map((v) => volumes.get(v.name).dataMib);
    outcomes.push(runLayout(layout, p, host, servers, volumes));
    trail.push({ before, after: volumeSpecs.map((v) => volumes.get(v.name).dataMib) });
  }
  return { outcomes, volumes: trail };
}
