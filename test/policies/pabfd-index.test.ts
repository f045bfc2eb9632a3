import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { Simulation } from '../../src/engine/simulation.js';
import { consolidationMetrics } from '../../src/metrics/consolidation.js';
import { CsDatacenter } from '../../src/model/consolidation/datacenter.js';
import { Durations } from '../../src/model/consolidation/history.js';
import { CsHost } from '../../src/model/consolidation/host.js';
import { CsVm } from '../../src/model/consolidation/vm.js';
import { powerFunction } from '../../src/model/power.js';
import {
  cloudsimMigrationPolicy, optimizeAllocation, overloadTest, pabfd, vmSelector, type OverloadPolicy, type PabfdSearch,
} from '../../src/policies/consolidation/cloudsim.js';
import type { ConsolidationPolicy } from '../../src/model/consolidation/datacenter.js';
import { leastGap } from '../../src/policies/consolidation/pabfd-index.js';
import { POWER_QUANTUM } from '../../src/policies/consolidation/pabfd.js';
import { syntheticPlanetLabTraces } from '../../src/workload/utilization-trace.js';

const G4 = powerFunction({ model: 'table', watts: [86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117] });
const G5 = powerFunction({ model: 'table', watts: [93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135] });

/** Two SPECpower tables, the shipped CloudSim hosts. */
const specHosts = (shut: Durations) =>
  Array.from({ length: 60 }, (_, i) =>
    i % 2 === 0 ? new CsHost(i, 'g4', 2, 1860, 4096, 1000, 1e6, G4, G4(1), shut) : new CsHost(i, 'g5', 2, 2660, 4096, 1000, 1e6, G5, G5(1), shut));

/** Every power curve shape (convex, concave, linear, coarse table) and sizes. */
const mixedHosts = (shut: Durations) => {
  const shapes = [
    powerFunction({ model: 'linear', idle: 70, max: 120 }),
    powerFunction({ model: 'square', idle: 80, max: 150 }),
    powerFunction({ model: 'cubic', idle: 60, max: 140 }),
    powerFunction({ model: 'sqrt', idle: 90, max: 130 }),
    powerFunction({ model: 'table', watts: [50, 90, 95, 130, 131] }),
  ];
  return Array.from({ length: 60 }, (_, i) => {
    const p = shapes[i % 5];
    const [pes, mips] = i % 3 === 0 ? [4, 1500] : [2, 2660];
    return new CsHost(i, `h${i % 15}`, pes, mips, 4096, 1000, 1e6, p, p(1), shut);
  });
};

/**
 * PABFD as the plain function pabfd() of pabfd.ts computes it, host object by host
 * object: the reference the snapshot scan (pabfd-scan.ts) must reproduce.
 */
function referencePolicy(isOver: ReturnType<typeof overloadTest>, quantum: number): ConsolidationPolicy {
  const select = vmSelector('mmt', () => 0);
  return {
    initialHost: (vm, hosts) => pabfd(vm, hosts, new Uint8Array(hosts.length), isOver, quantum),
    optimize: (hosts) => optimizeAllocation(hosts, isOver, select, (vm, excluded) => pabfd(vm, hosts, excluded, isOver, quantum)),
  };
}

/** A day of consolidation on synthetic traces, PABFD by the reference function, a scan or the index. */
function run(
  search: boolean | PabfdSearch | 'reference-raw' | 'reference-quantum', policy: OverloadPolicy, param: number, seed: number,
  precopy: boolean, makeHosts = specHosts, mode: 'dcsim' | 'cloudsim' = 'dcsim',
) {
  const indexed = search === true;
  const shut = new Durations(), mig = new Durations();
  const hosts = makeHosts(shut);
  const traces = syntheticPlanetLabTraces(90, new RandomStreams(seed).rng('traces'), { samples: 100, step: 300 });
  const types = [[2500, 870], [2000, 1740], [1000, 1740], [500, 613]];
  const vms = traces.samples.map((s, i) => {
    const [mips, ram] = types[Math.floor(i / 23)];
    return new CsVm(i, 't', mips, 1, ram, 100, 0, s, 300, mig);
  });
  const isOver = overloadTest(policy, param, (ram) => ram / 62.5, 300);
  const sim = new Simulation();
  const how = search === false ? 'scan' : search === true ? 'index' : search;
  const consolidation =
    how === 'reference-raw' || how === 'reference-quantum'
      ? referencePolicy(isOver, how === 'reference-raw' ? 0 : POWER_QUANTUM)
      : cloudsimMigrationPolicy(isOver, vmSelector('mmt', () => 0), indexed ? 'index' : how);
  const dc = new CsDatacenter(sim, hosts, consolidation, {
    interval: 300, end: 30000, mode, nonPowerAware: false, standbyPower: 0,
    migrationTime: (vm) => vm.ram / 62.5,
    ...(precopy ? { precopy: { dirtyRate: 10, downtime: 0.03, maxRounds: 29, maxFactor: 3, linkShare: 0.5 } } : {}),
  });
  dc.start(vms);
  sim.run(30000);
  dc.finish();
  return {
    placement: vms.map((v) => v.host?.id ?? -1),
    metrics: consolidationMetrics(hosts, dc.vms, dc.energy, dc.migrations, shut.values, mig.values),
  };
}

describe('PABFD index', () => {
  it("gives the scan's answers on hosts of every power curve shape", () => {
    for (const seed of [3, 4]) {
      const scan = run(false, 'thr', 0.8, seed, false, mixedHosts);
      const index = run(true, 'thr', 0.8, seed, false, mixedHosts);
      expect(scan.metrics.migrations).toBeGreaterThan(0);
      expect(index.placement).toEqual(scan.placement);
      expect(index.metrics).toEqual(scan.metrics);
    }
  });

  for (const [policy, param] of [['thr', 0.8], ['lr', 1.2], ['mad', 2.5]] as const) {
    for (const precopy of [false, true]) {
      it(`gives the scan's answers: ${policy} ${param}${precopy ? ', pre-copy' : ''}`, () => {
        for (const seed of [1, 2]) {
          const scan = run(false, policy, param, seed, precopy);
          const index = run(true, policy, param, seed, precopy);
          expect(scan.metrics.migrations).toBeGreaterThan(0);
          expect(index.placement).toEqual(scan.placement);
          expect(index.metrics).toEqual(scan.metrics);
        }
      });
    }
  }
});

describe('PABFD snapshot scan', () => {
  // CloudSim's raw comparison (compat mode) and dcsim's microwatt rule, on both host
  // sets, under policies whose tentative placements differ (THR, LR, MAD).
  for (const [policy, param] of [['thr', 0.8], ['thr', 1], ['lr', 1.2], ['mad', 2.5]] as const) {
    it(`makes the reference scan's choices: ${policy} ${param}`, () => {
      for (const [makeHosts, seed] of [[specHosts, 5], [mixedHosts, 6]] as const) {
        for (const [scan, reference, mode] of [['cloudsim', 'reference-raw', 'cloudsim'], ['scan', 'reference-quantum', 'dcsim']] as const) {
          const want = run(reference, policy, param, seed, false, makeHosts, mode);
          const got = run(scan, policy, param, seed, false, makeHosts, mode);
          expect(want.metrics.migrations).toBeGreaterThan(0);
          expect(got.placement).toEqual(want.placement);
          expect(got.metrics).toEqual(want.metrics);
        }
      }
    });
  }
});

describe('leastGap (the bound of a range of hosts)', () => {
  const curves = [
    powerFunction({ model: 'linear', idle: 70, max: 120 }),
    powerFunction({ model: 'square', idle: 80, max: 150 }),
    powerFunction({ model: 'cubic', idle: 60, max: 140 }),
    powerFunction({ model: 'sqrt', idle: 90, max: 130 }),
    G4,
    G5,
    powerFunction({ model: 'table', watts: [50, 90, 95, 130, 131] }),
  ];
  it('is the least difference over the range: never above a sampled point, and reached', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: curves.length - 1 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 1e6 }),
        (c, i, j, k) => {
          const p = curves[c];
          const [a, b] = i <= j ? [i / 1e6, j / 1e6] : [j / 1e6, i / 1e6];
          const rho = k / 1e6;
          const g = leastGap(p, Float64Array.from(p.breakpoints ?? []), a, b, rho);
          const at = (u: number) => p(Math.min(1, u + rho)) - p(u);
          let least = Infinity;
          for (let k = 0; k <= 2000; k++) least = Math.min(least, at(a + ((b - a) * k) / 2000));
          // Never above any point of the range; and no lower than the true least
          // value, which the dense sampling approaches within its step x max slope.
          expect(g).toBeLessThanOrEqual(least + 1e-9);
          expect(g).toBeGreaterThanOrEqual(least - ((b - a) / 2000) * 400 - 1e-9);
        },
      ),
      { numRuns: 500 },
    );
  });
});
