/**
 * A job described by the resources it consumes, and what those cost on a platform.
 *
 * A job's time is made of four paths:
 * - compute: its CPU seconds (times the platform's CPU factor) plus the MMU's cost,
 *   over the cores it can use at once; plus the CPU work of its I/O through the
 *   virtualization layer (exits, device model, rings, NAT), which one back-end
 *   thread per instance does one request at a time;
 * - disk device: per-request device time plus transfer at the host disk's bandwidth;
 * - network device: bytes at the host NIC's bandwidth (full duplex), unless both ends
 *   are instances of this host (virtualEnds 2);
 * - latency: each request/response round trip's wire time plus the time its packets
 *   wait for a paravirtual batch, over the job's concurrency.
 * `overlap` says how much these paths run at the same time: 0 (a job that waits for
 * each step: time = their sum) to 1 (enough concurrency that only the slowest path
 * shows: time = their maximum), the two bounds of operational analysis.
 */
import { cpuFactor, mmuSeconds, perOpCpuUs, perOpWaitUs, type PlatformProfile } from './profile.js';

export const SECTOR_BYTES = 512;

export interface JobProfile {
  name: string;
  /** CPU time on bare metal, s. */
  cpuS: number;
  /** How many cores the job's CPU work keeps busy at once (capped by the instance's vCPUs and the host's cores); also its concurrency for round trips. */
  parallelism: number;
  diskReadSectors: number;
  diskWriteSectors: number;
  /** Bytes per disk request. */
  requestBytes: number;
  netRxBytes: number;
  netTxBytes: number;
  /** Bytes per packet the virtualization layer handles (MSS, or a TSO segment). */
  packetBytes: number;
  roundTrips: number;
  /** Ends of each round trip that are instances of the platform on this host (1: a remote client; 2: instance to instance). */
  virtualEnds: number;
  ptUpdates: number;
  tlbMisses: number;
  /** 0: the paths add up; 1: they overlap fully (see above). */
  overlap: number;
  /** vCPUs pinned to cores (false: floating). */
  pinned: boolean;
}

/** The physical machine's devices, as bare metal sees them. */
export interface HostDevices {
  cores: number;
  /** Device time per disk request, excluding the transfer, µs. */
  diskReadOpUs: number;
  diskWriteOpUs: number;
  /** Disk bandwidth, Mbit/s (Infinity: transfer takes no time). */
  diskMbps: number;
  /** NIC bandwidth, Mbit/s. */
  nicMbps: number;
  /** A round trip's time on bare metal: wire and both network stacks, µs. */
  rttUs: number;
}

/** Seconds of work on each resource, for one copy of a job on one instance. */
export interface Demands {
  /** CPU seconds (platform factor and MMU included). */
  cpu: number;
  /** Cores the CPU work can use at once. */
  cpuCap: number;
  /** CPU seconds of the virtualization layer's per-request work, done one request at a time. */
  virtIo: number;
  disk: number;
  nic: number;
  /** Round-trip waits, already divided by the job's concurrency. */
  latency: number;
}

export const diskOps = (j: JobProfile): { read: number; write: number } => ({
  read: (j.diskReadSectors * SECTOR_BYTES) / j.requestBytes,
  write: (j.diskWriteSectors * SECTOR_BYTES) / j.requestBytes,
});

/** Packets crossing the virtualization layer: by size, but at least one each way per round trip and virtual end. */
export const packets = (j: JobProfile): number =>
  Math.max((j.netRxBytes + j.netTxBytes) / j.packetBytes, 2 * j.roundTrips * j.virtualEnds);

export function demands(job: JobProfile, p: PlatformProfile, host: HostDevices, vcpus: number): Demands {
  const ops = diskOps(job);
  const pk = packets(job);
  const cpu = job.cpuS * cpuFactor(p, job.pinned) + mmuSeconds(p, job.ptUpdates, job.tlbMisses);
  const virtIo = ((ops.read + ops.write) * perOpCpuUs(p.disk, p.exitUs) + pk * perOpCpuUs(p.net, p.exitUs)) / 1e6;
  const transfer = Number.isFinite(host.diskMbps)
    ? ((job.diskReadSectors + job.diskWriteSectors) * SECTOR_BYTES * 8) / (host.diskMbps * 1e6)
    : 0;
  const disk = (ops.read * host.diskReadOpUs + ops.write * host.diskWriteOpUs) / 1e6 + transfer;
  // Between two instances of this host, traffic stays on the host's bridge: no NIC time.
  const nic = job.virtualEnds === 2 ? 0 : (Math.max(job.netRxBytes, job.netTxBytes) * 8) / (host.nicMbps * 1e6);
  const waitUs = host.rttUs + 2 * job.virtualEnds * perOpWaitUs(p.net);
  const latency = (job.roundTrips * waitUs) / 1e6 / job.parallelism;
  return { cpu, cpuCap: Math.max(1e-9, Math.min(job.parallelism, vcpus, host.cores)), virtIo, disk, nic, latency };
}

/** The time each path takes (after any sharing with neighbours), s. */
export interface PathTimes {
  /** The job's own CPU work (MMU included) over the cores it gets. */
  cpu: number;
  /** The virtualization layer's per-request work (with cpu: the compute path). */
  virtIo: number;
  disk: number;
  nic: number;
  latency: number;
}

/** Uncontended path times: each resource to this job alone. */
export function soloPaths(d: Demands): PathTimes {
  return { cpu: d.cpu / d.cpuCap, virtIo: d.virtIo, disk: d.disk, nic: d.nic, latency: d.latency };
}

/** The job's time from its path times: between their sum (overlap 0) and their maximum (overlap 1). */
export function combine(t: PathTimes, overlap: number): number {
  const compute = t.cpu + t.virtIo;
  const sum = compute + t.disk + t.nic + t.latency;
  const max = Math.max(compute, t.disk, t.nic, t.latency);
  return (1 - overlap) * sum + overlap * max;
}

/** A job's time alone on a host. */
export const soloTime = (job: JobProfile, p: PlatformProfile, host: HostDevices, vcpus: number): number =>
  combine(soloPaths(demands(job, p, host, vcpus)), job.overlap);
