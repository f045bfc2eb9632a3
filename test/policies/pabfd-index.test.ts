import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { Simulation } from '../../src/engine/simulation.js';
import { consolidationMetrics } from '../../src/metrics/consolidation.js';
import { CsDatacenter } from '../../src/model/consolidation/datacenter.js';
import { Durations } from '../../src/model/consolidation/history.js';
import { CsHost } from '../../src/model/consolidation/host.js';
import { CsVm } from '../../src/model/consolidation/vm.js';
import { powerFunction } from '../../src/model/power.js';
import { cloudsimMigrationPolicy, overloadTest, vmSelector, type OverloadPolicy } from '../../src/policies/consolidation/cloudsim.js';
import { syntheticPlanetLabTraces } from '../../src/workload/utilization-trace.js';

const G4 = powerFunction({ model: 'table', watts: [86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117] });
const G5 = powerFunction({ model: 'table', watts: [93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135] });

/** A day of dcsim-model consolidation on synthetic traces, PABFD scanning or indexed. */
function run(indexed: boolean, policy: OverloadPolicy, param: number, seed: number, precopy: boolean) {
  const shut = new Durations(), mig = new Durations();
  const hosts = Array.from({ length: 60 }, (_, i) =>
    i % 2 === 0 ? new CsHost(i, 'g4', 2, 1860, 4096, 1000, 1e6, G4, G4(1), shut) : new CsHost(i, 'g5', 2, 2660, 4096, 1000, 1e6, G5, G5(1), shut));
  const traces = syntheticPlanetLabTraces(90, new RandomStreams(seed).rng('traces'), { samples: 100, step: 300 });
  const types = [[2500, 870], [2000, 1740], [1000, 1740], [500, 613]];
  const vms = traces.samples.map((s, i) => {
    const [mips, ram] = types[Math.floor(i / 23)];
    return new CsVm(i, 't', mips, 1, ram, 100, 0, s, 300, mig);
  });
  const isOver = overloadTest(policy, param, (ram) => ram / 62.5, 300);
  const sim = new Simulation();
  const dc = new CsDatacenter(sim, hosts, cloudsimMigrationPolicy(isOver, vmSelector('mmt', () => 0), indexed), {
    interval: 300, end: 30000, mode: 'dcsim', nonPowerAware: false, standbyPower: 0,
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
