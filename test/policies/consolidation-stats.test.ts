/**
 * The consolidation kernels against hand computations and closed forms. Where a test pins an
 * exact double (toBe), the value is also what Apache commons-math3 (3.6.1, run once by hand on
 * the same inputs) returns, e.g. the median 0.019999999999999997 or the LR prediction
 * 0.9599999999999999: those are the floating-point results CloudSim gets, not the textbook ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lrPredictedUtilization, maxCorrelationIndex, olsLine, olsRSquared, RegressionError } from '../../src/policies/consolidation/regression.js';
import { cloudsimIqr, iqrThreshold, mad, madExceeds, madThreshold, median } from '../../src/policies/consolidation/stats.js';

const sixteenths = (ks: number[]) => ks.map((k) => k / 16);

describe('cloudsimIqr', () => {
  it('n = 12: q1 = s[round(3.25) - 1] = s[2], q3 = s[round(9.75) - 1] = s[9]', () => {
    // sorted: 4 5 6 7 8 8 9 9 10 11 12 13 (sixteenths) -> 11/16 - 6/16
    expect(cloudsimIqr(sixteenths([8, 9, 7, 10, 6, 11, 5, 12, 8, 9, 4, 13]))).toBe(5 / 16);
  });
  it('n = 13: Java rounds halves up, so q1 = s[round(3.5) - 1] = s[3] and q3 = s[round(10.5) - 1] = s[10]', () => {
    const v = [13, 1, 12, 2, 11, 3, 10, 4, 9, 5, 8, 6, 7];
    expect(cloudsimIqr(v)).toBe(11 - 4); // half-to-even would give s[9] - s[3] = 10 - 4
  });
  it('n = 30: q1 = s[round(7.75) - 1] = s[7], q3 = s[round(23.25) - 1] = s[22]', () => {
    const v = Array.from({ length: 30 }, (_, i) => (30 - i) ** 2); // unsorted input, s[i] = (i+1)^2
    expect(cloudsimIqr(v)).toBe(23 ** 2 - 8 ** 2);
  });
  it('does not modify its input', () => {
    const v = [3, 1, 2];
    cloudsimIqr(v);
    expect(v).toEqual([3, 1, 2]);
  });
  it('indices stay in range for every n >= 1 (n = 1 is clamped to IQR 0); empty throws', () => {
    expect(cloudsimIqr([0.4])).toBe(0);
    expect(cloudsimIqr([0.25, 0.75])).toBe(0.5); // q1 = s[round(0.75)-1] = s[0], q3 = s[round(2.25)-1] = s[1]
    for (let n = 1; n <= 100; n++) {
      expect(Number.isFinite(cloudsimIqr(Array.from({ length: n }, (_, i) => i)))).toBe(true);
    }
    expect(() => cloudsimIqr([])).toThrow(RangeError);
  });
});

describe('median and mad', () => {
  it('odd n: the middle value', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([0.9, 0.1, 0.5, 0.3, 0.7])).toBe(0.5);
  });
  it('even n: the mean of the two middle values', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('even n is computed as lower + 0.5 (upper - lower), as commons-math Percentile does, not (lower + upper) / 2', () => {
    expect(median([0.9, 0.03, 0.01, 0])).toBe(0.019999999999999997);
    expect((0.01 + 0.03) / 2).toBe(0.02); // the textbook formula rounds the other way here
  });
  it('one value, no value', () => {
    expect(median([0.42])).toBe(0.42);
    expect(median([])).toBeNaN();
  });
  it('mad of a known array: median 2, deviations 1 1 0 0 2 4 7, their median 1', () => {
    expect(mad([1, 1, 2, 2, 4, 6, 9])).toBe(1);
  });
  it('mad of an even-length array and the degenerate cases', () => {
    // median 8.5; sorted |k - 8.5| = 0.5 0.5 0.5 0.5 1.5 1.5 | 2.5 2.5 3.5 3.5 4.5 4.5 -> median 2
    expect(mad(sixteenths([8, 9, 7, 10, 6, 11, 5, 12, 8, 9, 4, 13]))).toBe(2 / 16);
    expect(mad([0.3])).toBe(0);
    expect(mad([])).toBe(0); // CloudSim's MathUtil.mad returns 0 for an empty array
  });
});

describe('iqrThreshold and madThreshold', () => {
  const h12 = sixteenths([8, 9, 7, 10, 6, 11, 5, 12, 8, 9, 4, 13]);
  it('need 12 values', () => {
    expect(iqrThreshold(h12.slice(0, 11), 1.5)).toBeUndefined();
    expect(madThreshold(h12.slice(0, 11), 2.5)).toBeUndefined();
  });
  it('1 - s * IQR and 1 - s * MAD', () => {
    expect(iqrThreshold(h12, 1.5)).toBe(1 - 1.5 * (5 / 16)); // 0.53125
    expect(madThreshold(h12, 2.5)).toBe(1 - 2.5 * (2 / 16)); // 0.6875
  });
});

describe('madExceeds (MAD\'s test without the second median where counting decides)', () => {
  // Histories with many ties (values on a coarse grid) or none, shares exactly at the
  // threshold 1 - s x d of each deviation d and of MAD itself, and a hair either side.
  const history = fc.oneof(
    fc.array(fc.integer({ min: 0, max: 12 }).map((k) => k / 8), { minLength: 12, maxLength: 31 }),
    fc.array(fc.double({ min: 0, max: 1.5, noNaN: true }), { minLength: 12, maxLength: 31 }),
  );
  const safety = fc.oneof(fc.constantFrom(0.5, 1.5, 2.5, 3), fc.double({ min: 0, max: 5, noNaN: true }));
  it('answers share > 1 - s x mad(h) exactly', () => {
    let counted = 0, exact = 0;
    fc.assert(
      fc.property(history, safety, (h, s) => {
        const med = median(h);
        const cuts = [...h.map((x) => 1 - s * Math.abs(med - x)), madThreshold(h, s)!];
        for (const c of cuts) {
          for (const share of [c, c * (1 + 2 ** -52), c * (1 - 2 ** -52), c + 1e-9, c - 1e-9]) {
            expect(madExceeds(h, s, share)).toBe(share > madThreshold(h, s)!);
            const a = h.filter((x) => share > 1 - s * Math.abs(med - x)).length;
            if (a === h.length - Math.floor(0.5 * (h.length + 1)) && h.length % 2 === 0) exact++;
            else counted++;
          }
        }
      }),
      { numRuns: 400, seed: 20261126 },
    );
    // Both ways of deciding are exercised.
    expect(counted).toBeGreaterThan(1000);
    expect(exact).toBeGreaterThan(100);
  });
  it('decides the hand example: MAD 2/16, threshold 0.6875 at safety 2.5', () => {
    const h12 = sixteenths([8, 9, 7, 10, 6, 11, 5, 12, 8, 9, 4, 13]);
    expect(madExceeds(h12, 2.5, 0.6875)).toBe(false);
    expect(madExceeds(h12, 2.5, 0.6876)).toBe(true);
  });
});

describe('olsLine (commons-math SimpleRegression on x = 1..n)', () => {
  it('recovers an exact line', () => {
    const { intercept, slope } = olsLine(Array.from({ length: 10 }, (_, i) => 2 + 3 * (i + 1)));
    expect(intercept).toBe(2);
    expect(slope).toBe(3);
  });
  it('a noisy case: y = 1 3 2 5 4 -> Sxy = 8, Sxx = 10, slope 0.8, intercept 3 - 0.8 * 3 = 0.6', () => {
    const { intercept, slope } = olsLine([1, 3, 2, 5, 4]);
    expect(slope).toBe(0.8);
    expect(intercept).toBe(0.6);
  });
  it('a fractional case, hand value and exact commons-math bits', () => {
    // x̄ = 5.5, ȳ = 0.5, Sxx = 82.5, Sxy = 4.5: slope 3/55, intercept 0.5 - 5.5 * 3/55 = 0.2
    const { intercept, slope } = olsLine([0.2, 0.4, 0.3, 0.5, 0.4, 0.6, 0.5, 0.7, 0.6, 0.8]);
    expect(slope).toBeCloseTo(3 / 55, 15);
    expect(intercept).toBeCloseTo(0.2, 15);
    expect(slope).toBe(0.054545454545454536);
    expect(intercept).toBe(0.20000000000000004);
  });
  it('throws with fewer than 3 points, like SimpleRegression.regress()', () => {
    expect(() => olsLine([1, 2])).toThrow(RegressionError);
  });
});

describe('lrPredictedUtilization', () => {
  // chronological y = 0.2 0.4 0.3 0.5 0.4 0.6 0.5 0.7 0.6 0.8; h is most recent first
  const h = [0.8, 0.6, 0.7, 0.5, 0.6, 0.4, 0.5, 0.3, 0.4, 0.2];
  it('maxMigrationTime 27.84 s -> x = 10 + ceil(27.84 / 300) = 11: 1.2 * (0.2 + 11 * 3/55) = 1.2 * 0.8', () => {
    const p = lrPredictedUtilization(h, 1.2, 27.84);
    expect(p).toBeCloseTo(0.96, 14);
    expect(p).toBe(0.9599999999999999); // what CloudSim computes (so it is < 1 there too)
  });
  it('a longer migration moves the prediction further out: 600 s -> x = 12', () => {
    expect(lrPredictedUtilization(h, 1.2, 600)).toBeCloseTo(1.2 * (0.2 + (12 * 3) / 55), 14);
  });
  it('the interval is a parameter', () => {
    expect(lrPredictedUtilization(h, 1.2, 27.84, 10)).toBeCloseTo(1.2 * (0.2 + (13 * 3) / 55), 14);
  });
  it('uses only the 10 most recent values', () => {
    expect(lrPredictedUtilization([...h, 0.99, 0.01, 0.5], 1.2, 27.84)).toBe(lrPredictedUtilization(h, 1.2, 27.84));
  });
  it('undefined with fewer than 10 values', () => {
    expect(lrPredictedUtilization(h.slice(0, 9), 1.2, 27.84)).toBeUndefined();
  });
});

describe('olsRSquared (commons-math OLSMultipleLinearRegression with intercept)', () => {
  it('y an exact linear combination of the regressors -> R² = 1', () => {
    const x1 = [0.1, 0.4, 0.2, 0.8, 0.5, 0.3];
    const x2 = [0.7, 0.1, 0.9, 0.4, 0.2, 0.6];
    const y = x1.map((v, i) => 1 + 2 * v - x2[i]);
    expect(olsRSquared(y, [x1, x2])).toBeCloseTo(1, 12);
  });
  it('one regressor: R² = Sxy² / (Sxx Syy) = 16 / 25', () => {
    expect(olsRSquared([1, 3, 2, 4], [[1, 2, 3, 4]])).toBeCloseTo(0.64, 14);
  });
  it('orthogonal design, y independent of the second regressor: it adds nothing', () => {
    // centred y = -1 0 1 0; x1 = -1 -1 1 1 explains Sx1y² / Sx1x1 = 4/4 = 1 of Syy = 2; x2 = -1 1 -1 1 is orthogonal to y
    const y = [1, 2, 3, 2];
    const x1 = [-1, -1, 1, 1];
    const x2 = [-1, 1, -1, 1];
    expect(olsRSquared(y, [x1])).toBeCloseTo(0.5, 14);
    expect(olsRSquared(y, [x1, x2])).toBeCloseTo(0.5, 14);
  });
  it('orthogonal design, both regressors matter: (8²/4 + 4²/4) / 21 = 20/21', () => {
    expect(olsRSquared([1, 2, 4, 7], [[-1, -1, 1, 1], [-1, 1, -1, 1]])).toBeCloseTo(20 / 21, 14);
  });
  it('throws when observations < regressors + intercept; accepts m = k + 1 (an exact fit)', () => {
    const tooFew = () => olsRSquared([1, 2, 4], [[0, 1, 0], [0, 0, 1], [1, 1, 2]]);
    expect(tooFew).toThrow(RegressionError);
    expect(tooFew).toThrow(expect.objectContaining({ reason: 'too-few-observations' }));
    expect(olsRSquared([1, 2, 4], [[0, 1, 0], [0, 0, 1]])).toBe(1);
    expect(() => olsRSquared([], [])).toThrow(expect.objectContaining({ reason: 'no-data' }));
  });
  it('throws on a singular design: an all-zero regressor, two identical regressors', () => {
    expect(() => olsRSquared([1, 2, 4, 3], [[0, 0, 0, 0]])).toThrow(expect.objectContaining({ reason: 'singular' }));
    const x = [0.9, 0.2, 0.6, 0.5, 0.3];
    expect(() => olsRSquared([0.3, 0.1, 0.4, 0.1, 0.5], [x, [...x]])).toThrow(expect.objectContaining({ reason: 'singular' }));
  });
  it('like commons-math (threshold 0), only exactly-zero pivots count as singular', () => {
    // Identical regressors again, but here rounding leaves a tiny nonzero R_ii: commons-math solves
    // anyway and reports this R² (not the true 0.9657 of the one-regressor fit).
    const x = [1, 2, 3, 4];
    expect(olsRSquared([1, 2, 3, 5], [x, [...x]])).toBe(0.9571428571428572);
  });
  it('rejects ragged input', () => {
    expect(() => olsRSquared([1, 2, 3], [[1, 2]])).toThrow(RangeError);
  });
});

describe('maxCorrelationIndex (the MC selection policy)', () => {
  // u, v, w: mutually orthogonal and centred. VM A = u + v, VM B = u + w, VM C = v (affinely scaled).
  // R²(C | A, B) = 14/19, R²(B | A, C) = 1/2, R²(A | B, C) = 1 - 5/24 = 19/24.
  const u = [-2, -1, 0, 1, 2];
  const v = [2, -1, -2, -1, 2];
  const w = [-1, 2, 0, -2, 1];
  const scale = (p: number[]) => p.map((t) => 0.5 + 0.05 * t);
  const A = scale(u.map((t, i) => t + v[i]));
  const B = scale(u.map((t, i) => t + w[i]));
  const C = scale(v);

  it('the hand-built R² values', () => {
    expect(olsRSquared(C, [B, A])).toBeCloseTo(14 / 19, 12);
    expect(olsRSquared(B, [C, A])).toBeCloseTo(1 / 2, 12);
    expect(olsRSquared(A, [C, B])).toBeCloseTo(19 / 24, 12);
  });
  it('picks the VM best explained by the others', () => {
    expect(maxCorrelationIndex([C, B, A])).toBe(2);
    expect(maxCorrelationIndex([A, C, B])).toBe(0);
  });
  it('cuts every history to the shortest one (its first m values, the most recent)', () => {
    expect(maxCorrelationIndex([[...C, 0.9, 0.1], B, [...A, 0.3]])).toBe(2);
  });
  it('an R² of 0 never beats Double.MIN_VALUE: index 0 by default; any positive R², even rounding noise, does', () => {
    expect(olsRSquared([0.5, 0.5, 0.3, 0.3], [[0.4, 0.2, 0.4, 0.2]])).toBe(0);
    expect(olsRSquared([0.4, 0.2, 0.4, 0.2], [[0.5, 0.5, 0.3, 0.3]])).toBe(0);
    expect(maxCorrelationIndex([[0.5, 0.5, 0.3, 0.3], [0.4, 0.2, 0.4, 0.2]])).toBe(0);
    // here R² = 0 and 1.1102230246251565e-16 (commons-math gives the same two numbers)
    expect(maxCorrelationIndex([[1, 1, -1, -1], [1, -1, 1, -1]])).toBe(1);
  });
  it('undefined (caller falls back to MMT) when a regression throws', () => {
    expect(maxCorrelationIndex([[0.1, 0.2], [0.3, 0.1], [0.2, 0.2]])).toBeUndefined(); // m = 2 < 3 parameters
    expect(maxCorrelationIndex([[0.5, 0.5, 0.5, 0.5], [0.25, 0.25, 0.75, 0.75]])).toBeUndefined(); // singular
    expect(maxCorrelationIndex([[0.1, 0.2, 0.3, 0.4], [0, 0, 0, 0], [0.5, 0.1, 0.2, 0.3]])).toBeUndefined(); // zero history
    expect(maxCorrelationIndex([[0.1, 0.2], []])).toBeUndefined(); // m = 0
  });
  it('no VM: undefined; one VM: that VM', () => {
    expect(maxCorrelationIndex([])).toBeUndefined();
    expect(maxCorrelationIndex([[0.7, 0.2]])).toBe(0);
  });
});
