/**
 * A virtualization platform as per-mechanism costs: what the CPU, the MMU, each I/O
 * path and each instance cost on it. A job's run time follows from these and the
 * resources it consumes (job.ts); nothing here knows any benchmark's answer.
 *
 * Units: µs per event for CPU work done per operation, ns per TLB miss, fractions for
 * CPU throughput, MiB and seconds for instances.
 */

export type PlatformKind = 'native' | 'vm' | 'container';
export const PLATFORM_KINDS: readonly PlatformKind[] = ['native', 'vm', 'container'];

/**
 * How guest page tables are virtualized.
 * - `native`: no translation layer (bare metal, containers).
 * - `shadow`: the hypervisor keeps shadow tables; every guest page-table write traps
 *   (ptUpdateUs each); TLB misses walk the shadow table as on bare metal.
 * - `nested`: hardware two-dimensional walk (EPT/NPT); page-table writes are free,
 *   every TLB miss costs tlbMissNs more.
 * - `pv-direct`: Xen paravirtual guests use the real, read-only page tables; updates
 *   go through hypercalls, each validated (ptUpdateUs), batched ptBatch to a call
 *   (hypercallUs per call).
 */
export type MmuMode = 'native' | 'shadow' | 'nested' | 'pv-direct';
export const MMU_MODES: readonly MmuMode[] = ['native', 'shadow', 'nested', 'pv-direct'];

/**
 * How a disk request or a network packet reaches the device.
 * - `native`: the host kernel's own path (bare metal, containers).
 * - `emulated`: the guest programs a virtual device; each PIO/MMIO access exits to a
 *   user-space device model (exitsPerOp exits of the platform's exitUs each).
 * - `paravirtual`: shared-memory rings (virtio, Xen split drivers): requests are
 *   batched, one notification (notifyUs) per batch of `batch`, and a request may wait
 *   up to `coalesceUs` for its batch to be sent: more throughput, more latency.
 */
export type IoPathKind = 'native' | 'emulated' | 'paravirtual';
export const IO_PATHS: readonly IoPathKind[] = ['native', 'emulated', 'paravirtual'];

export interface IoPathCosts {
  path: IoPathKind;
  /** Exits to the device model per request (emulated paths). */
  exitsPerOp: number;
  /** CPU per request on any path: ring processing, back-end copy, union file system, µs. */
  opUs: number;
  /** Requests per notification (paravirtual), >= 1. */
  batch: number;
  /** One notification: a kick/exit or event channel plus the interrupt back, µs. */
  notifyUs: number;
  /** Mitigation timer a request waits at most for its batch (paravirtual), µs. */
  coalesceUs: number;
  /** Network address translation per packet (containers behind a NAT bridge), µs. */
  natUs: number;
}

export interface PlatformProfile {
  kind: PlatformKind;
  description: string;
  cpu: {
    /** Extra time per CPU second with pinned vCPUs (0 = native speed). */
    overhead: number;
    /** Further extra time per CPU second when vCPUs float over the host's cores. */
    floatingOverhead: number;
  };
  mmu: { mode: MmuMode; ptUpdateUs: number; hypercallUs: number; ptBatch: number; tlbMissNs: number };
  /** One exit to the user-space device model and back, µs. */
  exitUs: number;
  disk: IoPathCosts;
  net: IoPathCosts;
  instance: {
    /** Memory an instance costs beyond what its guest asks for: guest kernel, device model, page tables, MiB. */
    memoryMib: number;
    /** From start request to ready, once started, s (runs in parallel with other instances). */
    startS: number;
    /** Per-instance work the host's toolstack or daemon does one instance at a time, s. */
    serialStartS: number;
    /** Image an instance boots from, MiB. */
    imageMib: number;
    /** Copy-on-write image layers shared by a host's instances: read once per host. */
    imageShared: boolean;
  };
}

/** Whether instances of this platform run on the host's kernel (so must run the host's OS). */
export const sharesKernel = (p: PlatformProfile): boolean => p.kind !== 'vm';

/** Time factor of CPU work: 1 on bare metal. */
export function cpuFactor(p: PlatformProfile, pinned: boolean): number {
  return 1 + p.cpu.overhead + (pinned ? 0 : p.cpu.floatingOverhead);
}

/** Seconds the MMU virtualization adds for a job's page-table updates and TLB misses. */
export function mmuSeconds(p: PlatformProfile, ptUpdates: number, tlbMisses: number): number {
  const m = p.mmu;
  switch (m.mode) {
    case 'native':
      return 0;
    case 'shadow':
      return (ptUpdates * m.ptUpdateUs) / 1e6;
    case 'nested':
      return (tlbMisses * m.tlbMissNs) / 1e9;
    case 'pv-direct':
      return (ptUpdates * (m.ptUpdateUs + m.hypercallUs / m.ptBatch)) / 1e6;
  }
}

/** CPU time one request (disk) or packet (network) costs on this path, µs. */
export function perOpCpuUs(io: IoPathCosts, exitUs: number): number {
  let us = io.opUs + io.natUs;
  if (io.path === 'emulated') us += io.exitsPerOp * exitUs;
  if (io.path === 'paravirtual') us += io.notifyUs / io.batch;
  return us;
}

/**
 * Time a request waits for its batch, µs: the mitigation timer for all but the
 * request that fills the batch (a batch of one never waits).
 */
export function perOpWaitUs(io: IoPathCosts): number {
  return io.path === 'paravirtual' ? io.coalesceUs * (1 - 1 / io.batch) : 0;
}

export const NATIVE_IO: IoPathCosts = { path: 'native', exitsPerOp: 0, opUs: 0, batch: 1, notifyUs: 0, coalesceUs: 0, natUs: 0 };

/** Bare metal: every cost zero. */
export const BARE_METAL: PlatformProfile = {
  kind: 'native',
  description: 'the physical machine, no virtualization layer',
  cpu: { overhead: 0, floatingOverhead: 0 },
  mmu: { mode: 'native', ptUpdateUs: 0, hypercallUs: 0, ptBatch: 1, tlbMissNs: 0 },
  exitUs: 0,
  disk: NATIVE_IO,
  net: NATIVE_IO,
  instance: { memoryMib: 0, startS: 0, serialStartS: 0, imageMib: 0, imageShared: true },
};

/** A deep copy (profiles are plain data; overrides must not touch the shipped ones). */
export function cloneProfile(p: PlatformProfile): PlatformProfile {
  return { ...p, cpu: { ...p.cpu }, mmu: { ...p.mmu }, disk: { ...p.disk }, net: { ...p.net }, instance: { ...p.instance } };
}
