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
import { iqrThreshold, madThreshold } from '../../src/policies/consolidation/stats.js';

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
            for (const v of vms) v.created();
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

describe('IQR and MAD tests decide as their definition (the clear cases are decided without the statistic)', () => {
  for (const policy of ['iqr', 'mad'] as const) {
    it(`${policy}: share > 1 - safety x statistic, THR 0.7 on short histories`, () => {
      let quick = 0, slow = 0;
      fc.assert(
        fc.property(
          fc.oneof(
            fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 12, maxLength: 30 }),
            fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 11 }),
          ),
          fc.oneof(fc.double({ min: 0.05, max: 0.5, noNaN: true }), fc.double({ min: 0.5, max: 4, noNaN: true })),
          fc.integer({ min: 0, max: 6000 }),
          (pct, safety, requestMips) => {
            const test = overloadTest(policy, safety, () => 0, 300);
            const power = (u: number) => 93.7 + 41.3 * u;
            const host = new CsHost(0, 'g5', 2, 2660, 4096, 1000, 1e6, power, 135, new Durations());
            // One VM whose history is the sample (most recent first) and whose request is requestMips.
            const vm = new CsVm(0, 'v', 2660, 1, 613, 100, 0, new Float64Array(288).fill(requestMips / 2660), 300, new Durations());
            vm.cpuHistory = pct.map((p) => p / 100);
            vm.created();
            vm.requestedPerPe = requestMips;
            host.vmCreate(vm);
            const h = host.utilizationHistory();
            const share = host.requestedMips() / host.totalMips;
            const upper = policy === 'iqr' ? iqrThreshold(h, safety) : madThreshold(h, safety);
            const want = upper === undefined ? share > 0.7 : share > upper;
            expect(test(host)).toBe(want);
            if (upper !== undefined && (share > 1 || share <= 1 - safety * (Math.max(...h) - Math.min(...h)))) quick++;
            else slow++;
          },
        ),
        { numRuns: 500, seed: 9 },
      );
      // Both paths are exercised.
      expect(quick).toBeGreaterThan(20);
      expect(slow).toBeGreaterThan(20);
    });
  }
});
