import type { HostDevices, JobProfile } from '../../src/model/virt/job.js';
import { BARE_METAL, cloneProfile, type IoPathCosts, type PlatformProfile } from '../../src/model/virt/profile.js';

/** A job that consumes nothing until a test gives it something. */
export const job = (o: Partial<JobProfile> = {}): JobProfile => ({
  name: 'j', cpuS: 0, parallelism: 1, diskReadSectors: 0, diskWriteSectors: 0, requestBytes: 4096,
  netRxBytes: 0, netTxBytes: 0, packetBytes: 1448, roundTrips: 0, virtualEnds: 1, ptUpdates: 0, tlbMisses: 0,
  overlap: 0, pinned: true, ...o,
});

export const host = (o: Partial<HostDevices> = {}): HostDevices => ({
  cores: 8, diskReadOpUs: 50, diskWriteOpUs: 80, diskMbps: 800, nicMbps: 1000, rttUs: 100, ...o,
});

/** A VM with every mechanism costly: emulated disk, paravirtual network, shadow paging. */
export function costlyVm(): PlatformProfile {
  const p = cloneProfile(BARE_METAL);
  p.kind = 'vm';
  p.cpu = { overhead: 0.1, floatingOverhead: 0.5 };
  p.mmu = { mode: 'shadow', ptUpdateUs: 2, hypercallUs: 1, ptBatch: 8, tlbMissNs: 30 };
  p.exitUs = 10;
  p.disk = io({ path: 'emulated', exitsPerOp: 6, opUs: 3 });
  p.net = io({ path: 'paravirtual', opUs: 2, batch: 4, notifyUs: 8, coalesceUs: 100 });
  return p;
}

export const io = (o: Partial<IoPathCosts>): IoPathCosts => ({
  path: 'native', exitsPerOp: 0, opUs: 0, batch: 1, notifyUs: 0, coalesceUs: 0, natUs: 0, ...o,
});
