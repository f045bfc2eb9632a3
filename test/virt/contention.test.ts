/** Co-located instances sharing a host's cores, disk and NIC; density and a burst start. */
import { describe, expect, it } from 'vitest';
import { burstStart, densityByMemory } from '../../src/model/virt/burst.js';
import { fluidCompletions, runTogether } from '../../src/model/virt/contention.js';
import { soloTime } from '../../src/model/virt/job.js';
import { BARE_METAL, cloneProfile } from '../../src/model/virt/profile.js';
import { costlyVm, host, job } from './helpers.js';

describe('contention among co-located instances', () => {
  it('processor sharing: hand-computed completions', () => {
    // works 1, 2, 3 on one unit: all at 1/3 until 3; then 1/2 each until 5; the last alone until 6
    const t = fluidCompletions([1, 2, 3], [1, 1, 1], 1);
    expect(t[0]).toBeCloseTo(3, 12);
    expect(t[1]).toBeCloseTo(5, 12);
    expect(t[2]).toBeCloseTo(6, 12);
    // capacity 4: two flows capped at 1 and one at 4 (work 8): the big one gets 2, then 4
    // after the small ones (work 1 each) end at 1: 8 - 2 = 6 left at 4 -> ends at 2.5
    const u = fluidCompletions([1, 1, 8], [1, 1, 4], 4);
    expect(u).toEqual([1, 1, 2.5]);
  });

  it('two disk-bound neighbours each take twice as long as one alone; CPU-bound ones do not when cores suffice', () => {
    const p = costlyVm();
    const h = host();
    const disky = job({ diskReadSectors: 80000 });
    const alone = runTogether(h, [{ job: disky, platform: p, vcpus: 1 }])[0];
    const pair = runTogether(h, [{ job: disky, platform: p, vcpus: 1 }, { job: disky, platform: p, vcpus: 1 }]);
    expect(alone.time).toBeCloseTo(soloTime(disky, p, h, 1), 12);
    for (const x of pair) expect(x.paths.disk).toBeCloseTo(2 * alone.paths.disk, 12);
    const cpu = job({ cpuS: 5, parallelism: 2 });
    const four = runTogether(h, Array.from({ length: 4 }, () => ({ job: cpu, platform: p, vcpus: 2 })));
    for (const x of four) expect(x.time).toBeCloseTo(5.5 / 2, 12); // 8 cores for 4 x 2
    const eight = runTogether(h, Array.from({ length: 8 }, () => ({ job: cpu, platform: p, vcpus: 2 })));
    for (const x of eight) expect(x.time).toBeCloseTo(5.5, 12); // 16 busy vCPUs on 8 cores
  });

  it('density by memory: the platform footprint counts per instance', () => {
    const vm = costlyVm();
    vm.instance = { ...vm.instance, memoryMib: 24 };
    expect(densityByMemory(4096, 1000, BARE_METAL)).toBe(4);
    expect(densityByMemory(4096, 1000, vm)).toBe(4); // 4 x 1024 = 4096 fits exactly
    vm.instance.memoryMib = 25;
    expect(densityByMemory(4096, 1000, vm)).toBe(3);
  });

  it('a burst: the toolstack one at a time, images read once when shared, starts in parallel', () => {
    const p = cloneProfile(BARE_METAL);
    p.instance = { memoryMib: 0, startS: 0.5, serialStartS: 0.01, imageMib: 100, imageShared: true };
    const image = (100 * 1024 * 1024 * 8) / 800e6; // 1.048576 s at 800 Mbit/s
    const shared = burstStart(3, 100, p, [{ ramMib: 1000, diskMbps: 800 }]);
    expect(shared.ready.map((x) => x - (0.01 + image + 0.5))).toEqual([0, 0, 0].map(() => expect.closeTo(0, 12)));
    p.instance.imageShared = false;
    const copies = burstStart(3, 100, p, [{ ramMib: 1000, diskMbps: 800 }]);
    copies.ready.forEach((x, k) => expect(x).toBeCloseTo(0.01 + (k + 1) * image + 0.5, 12));
    // two hosts with room for 2 each: 5 requested, 4 placed, one per host in turn
    const full = burstStart(5, 400, p, [{ ramMib: 1000, diskMbps: 800 }, { ramMib: 1000, diskMbps: 800 }]);
    expect(full.rejected).toBe(1);
    expect(full.hostsUsed).toBe(2);
    expect(full.ready).toHaveLength(4);
    expect(full.ready[0]).toBeCloseTo(0.01 + image + 0.5, 12);
    // the third goes to host 0 again: its toolstack is done at 0.02, but the disk reads the first image until 0.01 + image
    expect(full.ready[2]).toBeCloseTo(0.01 + 2 * image + 0.5, 12);
  });
});
