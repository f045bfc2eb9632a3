/**
 * The mechanisms, each against its hand-computed cost: what a job consumes times
 * what the platform charges for it, and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { combine, demands, soloPaths, soloTime } from '../../src/model/virt/job.js';
import { BARE_METAL, cloneProfile, perOpCpuUs, perOpWaitUs } from '../../src/model/virt/profile.js';
import { costlyVm, host, io, job } from './helpers.js';

describe('virtualization mechanisms', () => {
  it('a CPU-only job is unaffected by I/O costs', () => {
    const p = costlyVm();
    const cpuOnly = job({ cpuS: 10, parallelism: 2 });
    const t = soloTime(cpuOnly, p, host(), 4);
    expect(t).toBeCloseTo((10 * 1.1) / 2, 12);
    const q = cloneProfile(p);
    q.disk = io({ path: 'emulated', exitsPerOp: 1000, opUs: 1000 });
    q.net = io({ path: 'paravirtual', opUs: 500, batch: 64, notifyUs: 900, coalesceUs: 5000, natUs: 50 });
    q.exitUs = 999;
    expect(soloTime(cpuOnly, q, host(), 4)).toBe(t);
    // floating vCPUs: the floating overhead on top
    expect(soloTime({ ...cpuOnly, pinned: false }, p, host(), 4)).toBeCloseTo((10 * 1.6) / 2, 12);
  });

  it('doubling the sectors doubles the disk time on an uncontended host', () => {
    const p = costlyVm();
    const one = job({ diskReadSectors: 8000, diskWriteSectors: 16000 });
    const two = job({ diskReadSectors: 16000, diskWriteSectors: 32000 });
    const a = soloPaths(demands(one, p, host(), 1));
    const b = soloPaths(demands(two, p, host(), 1));
    // 1000 reads of 4 KiB at 50 us, 2000 writes at 80 us, 24000 sectors of 512 B at 800 Mbit/s
    expect(a.disk).toBeCloseTo(1000 * 50e-6 + 2000 * 80e-6 + (24000 * 512 * 8) / 800e6, 12);
    expect(b.disk).toBeCloseTo(2 * a.disk, 12);
    // the emulated path: 6 exits of 10 us plus 3 us per request, for 3000 requests
    expect(a.virtIo).toBeCloseTo(3000 * 63e-6, 12);
    expect(b.virtIo).toBeCloseTo(2 * a.virtIo, 12);
    expect(soloTime(two, p, host(), 1)).toBeCloseTo(2 * soloTime(one, p, host(), 1), 12);
  });

  it('batching raises throughput and latency together', () => {
    const host0 = host({ diskReadOpUs: 0, diskWriteOpUs: 0, rttUs: 0, nicMbps: 1e9 });
    const stream = job({ netTxBytes: 1448 * 100000, overlap: 1 }); // 100k packets, throughput-bound
    const pingPong = job({ roundTrips: 10000, netRxBytes: 10000, netTxBytes: 10000 });
    let lastRate = 0;
    let lastLatency = 0;
    for (const batch of [1, 2, 4, 8, 16]) {
      const p = costlyVm();
      p.net = io({ path: 'paravirtual', opUs: 2, batch, notifyUs: 8, coalesceUs: 100 });
      expect(perOpCpuUs(p.net, p.exitUs)).toBeCloseTo(2 + 8 / batch, 12);
      expect(perOpWaitUs(p.net)).toBeCloseTo(100 * (1 - 1 / batch), 12);
      const rate = 100000 / soloTime(stream, p, host0, 1);
      const latency = soloTime(pingPong, p, host0, 1) / 10000;
      // a round trip: a packet each way through the ring, each waiting for its batch
      expect(latency).toBeCloseTo(2 * (2 + 8 / batch) * 1e-6 + 2 * 100e-6 * (1 - 1 / batch), 12);
      if (batch > 1) {
        expect(rate).toBeGreaterThan(lastRate);
        expect(latency).toBeGreaterThan(lastLatency);
      }
      lastRate = rate;
      lastLatency = latency;
    }
  });

  it('nested paging costs nothing without TLB misses; shadow paging nothing without page-table updates', () => {
    const nested = cloneProfile(BARE_METAL);
    nested.kind = 'vm';
    nested.mmu = { mode: 'nested', ptUpdateUs: 5, hypercallUs: 5, ptBatch: 1, tlbMissNs: 40 };
    const noMisses = job({ cpuS: 3, ptUpdates: 1e6 });
    expect(soloTime(noMisses, nested, host(), 1)).toBe(3);
    expect(soloTime(job({ cpuS: 3, tlbMisses: 1e8 }), nested, host(), 1)).toBeCloseTo(3 + 1e8 * 40e-9, 12);
    const shadow = cloneProfile(nested);
    shadow.mmu = { ...nested.mmu, mode: 'shadow' };
    expect(soloTime(job({ cpuS: 3, tlbMisses: 1e8 }), shadow, host(), 1)).toBe(3);
    expect(soloTime(noMisses, shadow, host(), 1)).toBeCloseTo(3 + 1e6 * 5e-6, 12);
    // Xen PV: each update validated, one hypercall per batch
    const pv = cloneProfile(nested);
    pv.mmu = { mode: 'pv-direct', ptUpdateUs: 0.5, hypercallUs: 4, ptBatch: 16, tlbMissNs: 40 };
    expect(soloTime(noMisses, pv, host(), 1)).toBeCloseTo(3 + 1e6 * (0.5 + 4 / 16) * 1e-6, 12);
  });

  it('native and NAT paths: a container pays per packet only behind NAT', () => {
    const nat = cloneProfile(BARE_METAL);
    nat.kind = 'container';
    nat.net = io({ path: 'native', natUs: 3 });
    const pingPong = job({ roundTrips: 1000, netRxBytes: 1000, netTxBytes: 1000 });
    const h = host({ nicMbps: 1e12 });
    const bare = soloTime(pingPong, BARE_METAL, h, 1);
    expect(bare).toBeCloseTo(1000 * 100e-6, 12);
    expect(soloTime(pingPong, nat, h, 1) - bare).toBeCloseTo(2000 * 3e-6, 12);
  });

  it('overlap 0 adds the paths, overlap 1 takes the slowest', () => {
    const t = { cpu: 1, virtIo: 0.5, disk: 2, nic: 0.25, latency: 0.75 };
    expect(combine(t, 0)).toBe(4.5);
    expect(combine(t, 1)).toBe(2);
    expect(combine(t, 0.5)).toBe(3.25);
  });
});
