/**
 * The shared-QR computation of MC's regressions (correlation.ts) against its definition:
 * olsRSquared(rows[i], rows without i) for each i, which is commons-math's computation.
 * The results must be the same doubles (MC's choice compares them with `>`), and the
 * regressions must fail together exactly when one of the separate ones throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rSquaredOfEach } from '../../src/policies/consolidation/correlation.js';
import { maxCorrelationIndex, olsRSquared, RegressionError } from '../../src/policies/consolidation/stats.js';

/** The definition: n separate regressions; undefined as soon as one throws. */
function separately(rows: number[][]): number[] | undefined {
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    try {
      out.push(olsRSquared(rows[i], rows.filter((_, j) => j !== i)));
    } catch (e) {
      if (e instanceof RegressionError) return undefined;
      throw e;
    }
  }
  return out;
}

/** MC's choice from separate regressions (the former implementation of maxCorrelationIndex). */
function mcSeparately(rows: number[][]): number | undefined {
  const r2 = separately(rows);
  if (r2 === undefined) return undefined;
  let best = Number.MIN_VALUE;
  let index = 0;
  r2.forEach((r, i) => {
    if (r > best) {
      best = r;
      index = i;
    }
  });
  return index;
}

function expectSame(rows: number[][]): void {
  const m = rows[0].length;
  const want = separately(rows);
  const got = rSquaredOfEach(rows, m);
  if (want === undefined) {
    expect(got).toBeUndefined();
  } else {
    expect(got).toBeDefined();
    // toBe is Object.is: NaN equals NaN, and every bit counts.
    want.forEach((r, i) => expect(got![i]).toBe(r));
  }
  expect(maxCorrelationIndex(rows)).toBe(mcSeparately(rows));
}

/** PlanetLab-like values: percent steps, many zeros and repeats. */
const utilization = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 100 }).map((p) => p / 100),
  fc.double({ min: 0, max: 1, noNaN: true }),
);

describe('rSquaredOfEach (MC regressions on one shared QR)', () => {
  it('gives the same doubles as separate regressions on random histories', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 9 }).chain((n) =>
          fc.integer({ min: n, max: 30 }).chain((m) => fc.array(fc.array(utilization, { minLength: m, maxLength: m }), { minLength: n, maxLength: n })),
        ),
        (rows) => expectSame(rows),
      ),
      { numRuns: 600, seed: 7 },
    );
  });

  it('agrees on degenerate designs: zero, constant, repeated and proportional histories', () => {
    const a = [0.1, 0.4, 0.2, 0.8, 0.3, 0.5];
    const b = [0.3, 0.1, 0.1, 0.6, 0.2, 0.9];
    const zero = [0, 0, 0, 0, 0, 0];
    const flat = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    const cases = [
      [a, b, zero], // an exactly zero regressor: singular
      [zero, a, b], // y = 0 in one regression, a zero column in the others
      [a, flat, b], // a constant regressor, collinear with the intercept
      [flat, a], // constant y: SST = 0, R² NaN or -Infinity
      [a, [...a], b], // repeated history
      [a, a.map((x) => 3 * x), b], // proportional
      [a, b, a.map((x, i) => x + b[i])], // a sum of two others
      [a, b, [0, 0, 0, 0, 0, 0.2]], // mostly zeros
      [[0, 0, 0.1], [0.2, 0, 0], [0, 0.3, 0]], // m = n: exact fits
      [[0.1, 0.2], [0.3, 0.1], [0.2, 0.2]], // m < n
    ];
    for (const rows of cases) expectSame(rows);
    expect(rSquaredOfEach([a, b, zero], 6)).toBeUndefined();
  });

  it('on one case by hand: two exactly anti-correlated histories have R² = 1 each', () => {
    // y = 1 - x on 4 points: a perfect fit both ways.
    const r2 = rSquaredOfEach([[0.2, 0.6, 0.4, 0.8], [0.8, 0.4, 0.6, 0.2]], 4)!;
    expect(r2[0]).toBeCloseTo(1, 14);
    expect(r2[1]).toBeCloseTo(1, 14);
  });
});
