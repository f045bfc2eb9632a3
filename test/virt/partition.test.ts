/** Server partitioning: shares, caps, pinned and floating pools, overcommit and RAM admission, shared disk. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runTogether } from '../../src/model/virt/contention.js';
import { fairCompletions, fairRates, type Flow } from '../../src/model/virt/fluid.js';
import { runLayout, type Layout, type LayoutVm } from '../../src/model/virt/partition.js';
import { BARE_METAL, cloneProfile } from '../../src/model/virt/profile.js';
import { Volumes } from '../../src/model/virt/storage.js';
import { costlyVm, job, phost, vm } from './helpers.js';

const cpuFlow = (work: number, weight: number, cap = Infinity): Flow => ({ work, use: new Map([[0, 1]]), weight, cap });
const rates = (flows: Flow[], capacity: number[]) => {
  const r = fairRates(flows, flows.map((_, i) => i), capacity);
  return flows.map((_, i) => r.get(i)!);
};

const layout = (vms: LayoutVm[], vcpusPerCore = 1): Layout => ({ name: 'l', vms, vcpusPerCore });
const run = (l: Layout, h = phost(), p = BARE_METAL) => runLayout(l, p, h, [], new Volumes([]));

describe('weighted fair sharing with caps (water-filling)', () => {
  it('shares 2:1 on one core get 2/3 and 1/3', () => {
    const r = rates([cpuFlow(1, 2), cpuFlow(1, 1)], [1]);
    expect(r[0]).toBeCloseTo(2 / 3, 12);
    expect(r[1]).toBeCloseTo(1 / 3, 12);
  });

  it('a 3-VM case by hand: a capped VM leaves its unused share to the others, by their weights', () => {
    // 2 cores; A weight 1 capped at 0.3, B weight 2, C weight 1. Level l: A = min(0.3, l), B = 2l, C = l.
    // A caps at l = 0.3 (0.3 + 0.6 + 0.3 = 1.2 < 2); then 0.3 + 3l = 2: l = 17/30, B = 17/15, C = 17/30.
    const r = rates([cpuFlow(1, 1, 0.3), cpuFlow(1, 2), cpuFlow(1, 1)], [2]);
    expect(r[0]).toBeCloseTo(0.3, 12);
    expect(r[1]).toBeCloseTo(17 / 15, 12);
    expect(r[2]).toBeCloseTo(17 / 30, 12);
    // a heavy weight with a low cap: 1 core, A weight 4 capped at 0.2 (reached at l = 0.05), B and C split the 0.8 left
    const s = rates([cpuFlow(1, 4, 0.2), cpuFlow(1, 1), cpuFlow(1, 1)], [1]);
    expect(s).toEqual([expect.closeTo(0.2, 12), expect.closeTo(0.4, 12), expect.closeTo(0.4, 12)]);
  });

  it('a flow across two resources is limited by the fuller one (progressive filling)', () => {
    // resource 0 (capacity 1): flows a and b; resource 1 (capacity 1): b and c, b using it at 3 per unit.
    // Level l: a = b = c = l; resource 1 fills at 3l + l = 1 -> l = 1/4 (b, c frozen); a goes on to 1 - 1/4 = 3/4.
    const f: Flow[] = [
      { work: 1, use: new Map([[0, 1]]), weight: 1, cap: Infinity },
      { work: 1, use: new Map([[0, 1], [1, 3]]), weight: 1, cap: Infinity },
      { work: 1, use: new Map([[1, 1]]), weight: 1, cap: Infinity },
    ];
    expect(rates(f, [1, 1])).toEqual([expect.closeTo(0.75, 12), expect.closeTo(0.25, 12), expect.closeTo(0.25, 12)]);
  });

  it('completions with equal weights agree with the one-resource processor sharing; start times delay a flow', () => {
    expect(fairCompletions([cpuFlow(1, 1), cpuFlow(2, 1), cpuFlow(3, 1)], [1])).toEqual([
      expect.closeTo(3, 12), expect.closeTo(5, 12), expect.closeTo(6, 12),
    ]);
    // work 1 from 0 alone until 0.5 (0.5 done), then two share: 0.5 left at 1/2 -> 1.5; the second (work 1) has 0.5 left alone -> 2
    expect(fairCompletions([cpuFlow(1, 1), { ...cpuFlow(1, 1), start: 0.5 }], [1])).toEqual([expect.closeTo(1.5, 12), expect.closeTo(2, 12)]);
  });
});

describe('partitioning a host', () => {
  it('two VMs with shares 2:1 pinned to one core: 3 s and 4 s for 2 CPU-seconds each', () => {
    const l = layout([
      vm({ name: 'a', job: job({ cpuS: 2 }), pinned: true, cores: [0], shares: 2 }),
      vm({ name: 'b', job: job({ cpuS: 2 }), pinned: true, cores: [0], shares: 1 }),
    ], 2);
    const [a, b] = run(l);
    // a at 2/3 of the core ends at 3 s; b has done 1 s by then and finishes its last second alone
    expect(a.time).toBeCloseTo(3, 12);
    expect(b.time).toBeCloseTo(4, 12);
    expect(a.cores).toBe('0');
  });

  it('a cap of 50% doubles a CPU-bound job on an idle host; a cap above the job\'s cores changes nothing', () => {
    expect(run(layout([vm({ capCores: 0.5 })]))[0].time).toBeCloseTo(20, 12);
    expect(run(layout([vm()]))[0].time).toBeCloseTo(10, 12);
    expect(run(layout([vm({ capCores: 1.5 })]))[0].time).toBeCloseTo(10, 12);
  });

  it('pinned to its own cores a CPU-bound VM is unaffected by a busy floating neighbour; floating, it shares with it', () => {
    const h = phost({ cores: 3 });
    const a = { name: 'a', job: job({ cpuS: 20, parallelism: 2 }), vcpus: 2 };
    const busy = vm({ name: 'busy', job: job({ cpuS: 100, parallelism: 4 }), vcpus: 4 });
    const pinned = run(layout([vm({ ...a, pinned: true }), busy], 4), h);
    expect(pinned[0].cores).toBe('0-1');
    expect(pinned[1].cores).toBe('float:2');
    expect(pinned[0].time).toBeCloseTo(10, 12);
    // floating: 3 cores, a capped at 2, busy at 3: 1.5 cores each; a's 20 s take 13.33 s
    const floating = run(layout([vm(a), busy], 2), h);
    expect(floating[0].time).toBeCloseTo(20 / 1.5, 12);
    // on a platform with a floating-vCPU overhead, floating also costs CPU time: 1 + 0.1 + 0.5
    const p = costlyVm();
    expect(run(layout([vm(a)], 2), h, p)[0].time).toBeCloseTo((20 * 1.6) / 2, 12);
    expect(run(layout([vm({ ...a, pinned: true })], 2), h, p)[0].time).toBeCloseTo((20 * 1.1) / 2, 12);
  });

  it('n equal disk-bound neighbours each take n times as long', () => {
    const disky = job({ diskReadSectors: 80000 });
    const alone = run(layout([vm({ job: disky })]))[0];
    for (const n of [2, 3, 5]) {
      const all = run(layout(Array.from({ length: n }, (_, i) => vm({ name: `d${i}`, job: disky }))));
      for (const x of all) expect(x.paths.disk).toBeCloseTo(n * alone.paths.disk, 12);
    }
    // unequal: each gets half the disk's time until the smaller ends (processor sharing, not equal bytes per second)
    const [small, big] = run(layout([vm({ name: 's', job: disky }), vm({ name: 'b', job: job({ diskReadSectors: 240000 }) })]));
    const big1 = run(layout([vm({ job: job({ diskReadSectors: 240000 }) })]))[0].paths.disk;
    expect(small.paths.disk).toBeCloseTo(2 * alone.paths.disk, 12);
    expect(big.paths.disk).toBeCloseTo(alone.paths.disk + big1, 12);
    // 80000 sectors in 4 KiB requests: 10000 x 50 us + 40.96 MB at 800 Mbit/s
    expect(alone.paths.disk).toBeCloseTo(10000 * 50e-6 + (80000 * 512 * 8) / 800e6, 12);
  });

  it('agrees with the co-location model for identical floating VMs', () => {
    const p = costlyVm();
    const h = phost({ cores: 4 });
    const j = job({ cpuS: 3, parallelism: 2, diskReadSectors: 20000, netRxBytes: 5e6, ptUpdates: 1e5, roundTrips: 100, pinned: false });
    const vms = Array.from({ length: 3 }, (_, i) => vm({ name: `v${i}`, job: j, vcpus: 2 }));
    const ours = runLayout(layout(vms, 2), p, h, [], new Volumes([]));
    const theirs = runTogether(h, vms.map(() => ({ job: j, platform: p, vcpus: 2 })));
    ours.forEach((o, i) => {
      expect(o.time).toBeCloseTo(theirs[i].time, 10);
      expect(o.paths.cpu).toBeCloseTo(theirs[i].paths.cpu, 10);
      expect(o.paths.virtIo).toBeCloseTo(theirs[i].paths.virtIo, 10);
      expect(o.paths.disk).toBeCloseTo(theirs[i].paths.disk, 10);
      expect(o.paths.nic).toBeCloseTo(theirs[i].paths.nic, 10);
      expect(o.paths.latency).toBeCloseTo(theirs[i].paths.latency, 10);
    });
  });

  it('vCPU overcommit beyond the ratio and RAM beyond the host are rejections, recorded with the reason', () => {
    const h = phost({ cores: 4, ramMib: 4096 });
    const three = [0, 1, 2].map((i) => vm({ name: `v${i}`, vcpus: 2 }));
    const strict = run(layout(three, 1), h);
    expect(strict.map((x) => x.admitted)).toEqual([true, true, false]);
    expect(strict[2].rejection).toBe('6 vCPUs on 4 cores would exceed 1 vCPUs per core');
    expect(Number.isNaN(strict[2].time)).toBe(true);
    expect(run(layout(three, 1.5), h).every((x) => x.admitted)).toBe(true);
    // 2000 MiB + a 10 MiB footprint each: two fit 4096 MiB, the third does not
    const p = cloneProfile(BARE_METAL);
    p.instance.memoryMib = 10;
    const ram = run(layout([0, 1, 2].map((i) => vm({ name: `v${i}`, ramMib: 2000 })), 2), h, p);
    expect(ram.map((x) => x.admitted)).toEqual([true, true, false]);
    expect(ram[2].rejection).toBe("RAM: needs 2010.0 MiB with the platform's footprint, 76.0 MiB left (RAM is not overcommitted)");
  });

  it('pinning takes free cores in order; floating VMs get the rest, or are rejected when none is left', () => {
    const h = phost({ cores: 4 });
    const r = run(layout([
      vm({ name: 'x', pinned: true, cores: [1] }),
      vm({ name: 'y', pinned: true, vcpus: 2 }),
      vm({ name: 'z', pinned: true, vcpus: 2 }),
      vm({ name: 'f' }),
    ]), h);
    expect(r.map((x) => x.cores)).toEqual(['1', '0,2', '', 'float:3']);
    expect(r[2].rejection).toBe('no 2 free cores to pin to (1 left)');
    const none = run(layout([vm({ name: 'p', pinned: true, vcpus: 4 }), vm({ name: 'f' })]), h);
    expect(none[1].rejection).toBe('no unpinned cores left for floating vCPUs');
  });
});

describe('fair sharing: the max-min characterization, on random flows', () => {
  it('rates fit every resource; each flow is at its cap or crosses a full resource where no flow has a higher level', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 1, maxLength: 4 }),
        fc.array(
          fc.record({
            use: fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 4, maxLength: 4 }),
            weight: fc.double({ min: 0.1, max: 8, noNaN: true }),
            cap: fc.oneof(fc.constant(Infinity), fc.double({ min: 0.01, max: 10, noNaN: true })),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (capacity, specs) => {
          const flows: Flow[] = specs.map((s) => ({
            work: 1,
            use: new Map(s.use.slice(0, capacity.length).map((u, r) => [r, u] as [number, number]).filter(([, u]) => u > 0.01)),
            weight: s.weight,
            cap: s.cap,
          }));
          const ok = flows.filter((f) => f.use.size > 0 || Number.isFinite(f.cap));
          const r = fairRates(ok, ok.map((_, i) => i), capacity);
          const load = capacity.map(() => 0);
          ok.forEach((f, i) => {
            for (const [res, u] of f.use) load[res] += u * r.get(i)!;
          });
          load.forEach((x, res) => expect(x).toBeLessThanOrEqual(capacity[res] * (1 + 1e-9)));
          ok.forEach((f, i) => {
            const level = r.get(i)! / f.weight;
            if (r.get(i)! >= f.cap * (1 - 1e-9)) return;
            const bottleneck = [...f.use.keys()].some(
              (res) => load[res] >= capacity[res] * (1 - 1e-9) && ok.every((g, j) => !g.use.has(res) || r.get(j)! / g.weight <= level * (1 + 1e-9)),
            );
            expect(bottleneck).toBe(true);
          });
        },
      ),
      { seed: 4, numRuns: 300 },
    );
  });
});
