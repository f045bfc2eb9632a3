/**
 * CsHost.utilizationHistory() (and utilizationHistoryWith, the history with one VM more) reuses its sums across a placement test (add a VM, ask,
 * remove it). Whatever the sequence of changes, it must equal the definition: per step
 * back, the sum over the host's VMs in list order of utilization x VM MIPS / host MIPS,
 * trailing zeros dropped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Durations } from '../../src/model/consolidation/history.js';
import { CsHost } from '../../src/model/consolidation/host.js';
import { CsVm } from '../../src/model/consolidation/vm.js';

function definition(host: CsHost): number[] {
  const h = new Array<number>(30).fill(0);
  for (const vm of host.vmList) vm.cpuHistory.forEach((u, i) => (h[i] += (u * vm.mips) / host.totalMips));
  while (h.length > 0 && h[h.length - 1] === 0) h.length--;
  return h;
}

type Step = { kind: 'create' | 'destroy' | 'destroyLast' | 'tick' | 'ask'; k: number };

describe('utilizationHistory with its sums reused', () => {
  it('equals the definition after any sequence of placements, removals and ticks', () => {
    const step = fc.record({ kind: fc.constantFrom('create', 'destroy', 'destroyLast', 'tick', 'ask', 'ask'), k: fc.nat(5) }) as fc.Arbitrary<Step>;
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 40, maxLength: 40 }), (steps, pct) => {
        const power = (u: number) => 100 + 50 * u;
        const host = new CsHost(0, 'h', 2, 2660, 1e9, 1e9, 1e12, power, 150, new Durations());
        const vms = [500, 1000, 2000, 2500, 1000, 500].map(
          (mips, i) => new CsVm(i, 'v', mips, 1, 1, 1, 0, Float64Array.from(pct.map((p, j) => ((p * (i + 1) + 7 * j) % 101) / 100)), 300, new Durations()),
        );
        let t = 0;
        for (const s of steps) {
          const vm = vms[s.k];
          if (s.kind === 'create' && !host.vmList.includes(vm)) host.vmCreate(vm);
          else if (s.kind === 'destroy' && host.vmList.includes(vm)) host.vmDestroy(vm);
          else if (s.kind === 'destroyLast' && host.vmList.length > 0) host.vmDestroy(host.vmList[host.vmList.length - 1]);
          else if (s.kind === 'tick') {
            t += 300;
            for (const v of vms) v.process(t, true); // histories change, on and off the host
          } else {
            expect(host.utilizationHistory()).toEqual(definition(host));
            // The history with one more VM, asked without placing it, is the one placing it gives.
            const other = vms.find((v) => !host.vmList.includes(v));
            if (other !== undefined) {
              const asked = [...host.utilizationHistoryWith(other)];
              // Its first 10 values alone (what LR reads), or undefined when it is shorter.
              const recent = host.recentUtilizationWith(other, 10);
              expect(recent === undefined ? undefined : [...recent]).toEqual(asked.length >= 10 ? asked.slice(0, 10) : undefined);
              host.vmCreate(other);
              expect(asked).toEqual(definition(host));
              expect(asked).toEqual(host.utilizationHistory());
              host.vmDestroy(other);
            }
          }
        }
        expect(host.utilizationHistory()).toEqual(definition(host));
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});
