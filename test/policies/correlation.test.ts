/**
 * The shared-QR computation of MC's regressions (correlation.ts) against its definition:
 * olsRSquared(rows[i], rows without i) for each i, which is commons-math's computation.
 * The results must be the same doubles (MC's choice compares them with `>`), and the
 * regressions must fail together exactly when one of the separate ones throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rSquaredOfEach } from '../../src/policies/consolidation/correlation.js';
import { screenCandidates, screenMaxCorrelation, TIED } from '../../src/policies/consolidation/correlation-screen.js';
import { maxCorrelationIndex, olsRSquared, RegressionError } from '../../src/policies/consolidation/regression.js';

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

/** MC's rule: the first largest R² above Number.MIN_VALUE (CloudSim's Double.MIN_VALUE), else 0. */
function mcChoice(r2: ArrayLike<number> | undefined): number | undefined {
  if (r2 === undefined) return undefined;
  let best = Number.MIN_VALUE;
  let index = 0;
  for (let i = 0; i < r2.length; i++) {
    if (r2[i] > best) {
      best = r2[i];
      index = i;
    }
  }
  return index;
}

/** MC's choice from separate regressions (the former implementation of maxCorrelationIndex). */
function mcSeparately(rows: number[][]): number | undefined {
  return mcChoice(separately(rows));
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

/** MC's exact choice: the first largest R² above Number.MIN_VALUE, from the shared QR. */
function exactChoice(rows: number[][]): number | undefined {
  return mcChoice(rSquaredOfEach(rows, rows[0].length));
}

describe('screenMaxCorrelation (the quick choice MC uses when it is provably the exact one)', () => {
  const planetlabRows = (n: number, m: number) =>
    fc.array(fc.array(fc.integer({ min: 0, max: 100 }).map((p) => p / 100), { minLength: m, maxLength: m }), { minLength: n, maxLength: n });

  it('answers only with the exact choice, on PlanetLab-sized problems (n up to 25, m = 30)', () => {
    let answered = 0, total = 0;
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 25 }).chain((n) => planetlabRows(n, 30)), (rows) => {
        const s = screenMaxCorrelation(rows, 30);
        total++;
        if (s >= 0) {
          answered++;
          expect(s).toBe(exactChoice(rows));
        }
      }),
      { numRuns: 400, seed: 11 },
    );
    // Random histories are well separated: a screen that declines everything is useless.
    expect(answered / total).toBeGreaterThan(0.9);
  });

  it('declines ties and near-ties, where rounding decides', () => {
    const a = [0.1, 0.4, 0.2, 0.8, 0.3, 0.5, 0.7, 0.2];
    const b = [0.3, 0.1, 0.1, 0.6, 0.2, 0.9, 0.4, 0.4];
    const c = [0.5, 0.2, 0.6, 0.1, 0.9, 0.3, 0.3, 0.8];
    // Symmetric single spikes: all four R² are equal in exact arithmetic.
    const spikes = [7, 5, 2, 6].map((k) => Array.from({ length: 8 }, (_, i) => (i === k ? 0.01 : 0)));
    expect(screenMaxCorrelation(spikes, 8)).toBe(TIED);
    // All four may be the largest: their exact R² decide, as the full computation would.
    expect(Array.from(screenCandidates())).toEqual([0, 1, 2, 3]);
    expect(maxCorrelationIndex(spikes)).toBe(exactChoice(spikes));
    // Two histories: R² is their squared correlation both ways.
    expect(screenMaxCorrelation([a, b], 8)).toBeLessThan(0);
    // A repeated history: its two copies fit each other exactly (R² = 1 each).
    expect(screenMaxCorrelation([a, b, [...a], c], 8)).toBeLessThan(0);
    // Copies a rounding apart.
    expect(screenMaxCorrelation([a, b, a.map((x) => x + 1e-13), c], 8)).toBeLessThan(0);
  });

  it('declines ill-conditioned and singular designs (the exact computation may give up there)', () => {
    const a = [0.1, 0.4, 0.2, 0.8, 0.3, 0.5, 0.7, 0.2];
    const b = [0.3, 0.1, 0.1, 0.6, 0.2, 0.9, 0.4, 0.4];
    const zero = a.map(() => 0);
    const flat = a.map(() => 0.5);
    for (const rows of [[a, b, zero], [a, flat, b], [a, b, a.map((x, i) => x + b[i])], [a, b, a.map((x, i) => x + b[i] + 1e-12 * i)]]) {
      expect(screenMaxCorrelation(rows, 8)).toBe(-1);
      expect(maxCorrelationIndex(rows)).toBe(mcSeparately(rows));
    }
  });

  it('answers a clear case by hand: the history that is nearly the sum of two others', () => {
    const a = [0.1, 0.4, 0.2, 0.8, 0.3, 0.5, 0.7, 0.2];
    const b = [0.3, 0.1, 0.1, 0.6, 0.2, 0.9, 0.4, 0.4];
    const c = [0.5, 0.2, 0.6, 0.1, 0.9, 0.3, 0.3, 0.8];
    // d = a + b + small noise: R² of d on the others is close to 1, and a, b are close behind
    // (each is nearly d - the other), c far below; the noise makes d the clear first.
    const noise = [0.01, -0.02, 0.015, 0, -0.01, 0.02, -0.005, 0.01];
    const d = a.map((x, i) => x + b[i] + noise[i]);
    const rows = [c, a, b, d];
    const s = screenMaxCorrelation(rows, 8);
    expect(s).toBeGreaterThanOrEqual(0);
    expect(s).toBe(exactChoice(rows));
  });
});

describe('screenMaxCorrelation after a VM leaves (the factorization downdated)', () => {
  it('answers as a fresh screen when the same histories come back less one, under the same key', () => {
    let downdated = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 22 }).chain((n) =>
          fc.tuple(
            fc.array(fc.array(fc.integer({ min: 0, max: 100 }).map((p) => p / 100), { minLength: 30, maxLength: 30 }), { minLength: n, maxLength: n }),
            fc.array(fc.nat(n - 1), { minLength: 1, maxLength: 3 }),
          ),
        ),
        fc.integer(),
        ([rows, drops], key) => {
          let now = rows;
          screenMaxCorrelation(now, 30, key);
          for (const d of drops) {
            if (now.length <= 3) break;
            now = now.filter((_, i) => i !== d % now.length);
            const reused = screenMaxCorrelation(now, 30, key);
            const fresh = screenMaxCorrelation(now, 30); // no key: a new QR
            expect(reused).toBe(fresh);
            if (reused >= 0) expect(reused).toBe(exactChoice(now));
            downdated++;
          }
        },
      ),
      { numRuns: 200, seed: 13 },
    );
    expect(downdated).toBeGreaterThan(200);
  });

  it('does not reuse across keys or for other arrays', () => {
    const a = [0.1, 0.4, 0.2, 0.8, 0.3, 0.5, 0.7, 0.2, 0.6, 0.1];
    const b = [0.3, 0.1, 0.1, 0.6, 0.2, 0.9, 0.4, 0.4, 0.2, 0.5];
    const c = [0.5, 0.2, 0.6, 0.1, 0.9, 0.3, 0.3, 0.8, 0.4, 0.7];
    const d = a.map((x, i) => x + b[i] + [0.01, -0.02, 0.015, 0, -0.01, 0.02, -0.005, 0.01, 0, 0.01][i]);
    const e = c.map((x) => 1 - x);
    screenMaxCorrelation([a, b, c, d, e], 10, 1);
    // Same key, but b's values changed in place: the caller broke its promise only if it
    // reuses the key; under a new key the answer is a fresh screen's.
    const b2 = [...b].reverse();
    expect(screenMaxCorrelation([a, b2, d, e], 10, 2)).toBe(screenMaxCorrelation([a, b2, d, e], 10));
    // Same key, an array that was not there: a fresh QR.
    screenMaxCorrelation([a, b, c, d, e], 10, 3);
    expect(screenMaxCorrelation([a, b2, c, d], 10, 3)).toBe(screenMaxCorrelation([a, b2, c, d], 10));
  });
});
