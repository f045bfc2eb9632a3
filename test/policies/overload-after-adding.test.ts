/**
 * PABFD asks an overload test about a host with one more VM. CloudSim places the VM,
 * asks, and removes it; dcsim's tests answer from the host as it is (afterAdding). For
 * every policy the answer must be the placement's, on hosts of every fullness and
 * history length (the adaptive tests fall back to THR 0.7 on short histories).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Durations } from '../../src/model/consolidation/history.js';
import { CsHost } from '../../src/model/consolidation/host.js';
import { CsVm } from '../../src/model/consolidation/vm.js';
import { cloudsimMigrationSeconds } from '../../src/model/consolidation/migration.js';
import { overloadTest, OVERLOAD_POLICIES } from '../../src/policies/consolidation/cloudsim.js';

const PARAMS = { thr: 0.8, iqr: 1.5, mad: 2.5, lr: 1.2, lrr: 1.2 } as const;

describe('overload tests asked about one more VM (afterAdding)', () => {
  for (const policy of OVERLOAD_POLICIES) {
    it(`${policy}: answers as placing the VM and asking does`, () => {
      const test = overloadTest(policy, PARAMS[policy], (ram, h) => cloudsimMigrationSeconds(ram, h.bw), 300);
      expect(test.afterAdding).toBeDefined();
      let overCount = 0, cases = 0;
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 60, maxLength: 60 }),
          fc.integer({ min: 0, max: 5 }),
          fc.integer({ min: 1, max: 40 }),
          (pct, onHost, ticks) => {
            const power = (u: number) => 93.7 + 41.3 * u;
            const host = new CsHost(0, 'g5', 2, 2660, 4096, 1000, 1e6, power, 135, new Durations());
            const mips = [2500, 2000, 1000, 500, 2500, 1000, 500];
            const ram = [870, 1740, 1740, 613, 870, 1740, 613];
            const vms = mips.map((m, i) => new CsVm(i, 'v', m, 1, ram[i], 100, 0, Float64Array.from(pct, (p, j) => ((p * (i + 3) + 11 * j) % 101) / 100), 300, new Durations()));
            for (let i = 0; i < onHost; i++) host.vmCreate(vms[i]);
            for (let k = 1; k <= ticks; k++) for (const v of vms) v.process(300 * k + 0.1, true);
            for (const v of vms) v.beingInstantiated = false;
            host.updateVmsProcessing(300 * ticks + 0.1, false);
            const vm = vms[6 - (ticks % 2)];
            const asked = test.afterAdding!(host, vm);
            expect(host.vmCreate(vm)).toBe(true);
            const placed = test(host);
            host.vmDestroy(vm);
            expect(asked).toBe(placed);
            cases++;
            if (placed) overCount++;
          },
        ),
        { numRuns: 300, seed: 5 },
      );
      // Both answers occur, so the comparison is not vacuous.
      expect(overCount).toBeGreaterThan(0);
      expect(overCount).toBeLessThan(cases);
    });
  }
});
