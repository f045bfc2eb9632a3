/**
 * IQR, median and MAD select their order statistics (order.ts); their definition sorts with
 * Float64Array#sort, Java's order (-0 before +0). The results must be the same doubles,
 * including the sign of a zero, on histories of any length up to 30 and beyond.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloudsimIqr, mad, median } from '../../src/policies/consolidation/stats.js';

function sorted(values: readonly number[]): Float64Array {
  const s = Float64Array.from(values);
  s.sort();
  return s;
}
function refMedianOfSorted(s: Float64Array): number {
  const n = s.length;
  const pos = 0.5 * (n + 1);
  const fpos = Math.floor(pos);
  return s[fpos - 1] + (pos - fpos) * (s[fpos] - s[fpos - 1]);
}
function refMedian(v: readonly number[]): number {
  return v.length === 1 ? v[0] : refMedianOfSorted(sorted(v));
}
function refIqr(v: readonly number[]): number {
  const n = v.length;
  const s = sorted(v);
  return s[Math.min(Math.round(0.75 * (n + 1)) - 1, n - 1)] - s[Math.round(0.25 * (n + 1)) - 1];
}
function refMad(v: readonly number[]): number {
  const med = refMedian(v);
  const dev = v.map((x) => Math.abs(med - x));
  return dev.length === 1 ? dev[0] : refMedianOfSorted(sorted(dev));
}

const value = fc.oneof(
  fc.constant(0),
  fc.constant(-0),
  fc.integer({ min: 0, max: 100 }).map((p) => p / 100),
  fc.double({ min: -2, max: 2, noNaN: true }),
);

describe("order statistics by selection", () => {
  it('match the typed-array sort bit for bit (signed zeros included)', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 40 }), (v) => {
        expect(median(v)).toBe(refMedian(v));
        expect(cloudsimIqr(v)).toBe(refIqr(v));
        expect(mad(v)).toBe(refMad(v));
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('order -0 before +0 as Java does', () => {
    // Sorted [-0, +0]: q1 index round(0.75) - 1 = 0, q3 index round(2.25) - 1 = 1, and
    // +0 - -0 = +0; the other order would give -0 - +0 = -0.
    expect(Object.is(cloudsimIqr([0, -0]), 0)).toBe(true);
    expect(Object.is(cloudsimIqr([-0, 0]), 0)).toBe(true);
  });
});
