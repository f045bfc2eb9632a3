/**
 * VmAmounts (a host's RAM or bandwidth per VM) against a Map: whatever it keeps
 * internally (it keeps no entry for +0), get must answer as the Map does, bit for bit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VmAmounts } from '../../src/model/consolidation/amounts.js';
import type { CsVm } from '../../src/model/consolidation/vm.js';

describe('VmAmounts', () => {
  it('answers get as a Map of the amounts set, deleted and cleared', () => {
    const vms = Array.from({ length: 5 }, (_, i) => ({ id: i }) as unknown as CsVm);
    const op = fc.record({
      kind: fc.constantFrom('set', 'set', 'delete', 'clear', 'get'),
      vm: fc.nat(4),
      amount: fc.constantFrom(0, -0, 1, 870, 1740, 0.5),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 50 }), (ops) => {
        const a = new VmAmounts();
        const ref = new Map<CsVm, number>();
        for (const o of ops) {
          const vm = vms[o.vm];
          if (o.kind === 'set') {
            a.set(vm, o.amount);
            ref.set(vm, o.amount);
          } else if (o.kind === 'delete') {
            a.delete(vm);
            ref.delete(vm);
          } else if (o.kind === 'clear') {
            a.clear();
            ref.clear();
          }
          for (const v of vms) expect(a.get(v)).toBe(ref.get(v) ?? 0);
        }
      }),
      { numRuns: 500, seed: 9 },
    );
  });
});
