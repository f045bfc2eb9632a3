/**
 * The regression kernels of CloudSim's dynamic-consolidation policies: the
 * local-regression predictor (LR, and LRR, which CloudSim makes identical to LR) and the
 * maximum-correlation VM selection (MC), with commons-math's `SimpleRegression` and
 * `OLSMultipleLinearRegression` arithmetic, bit for bit (see stats.ts, whose rules hold
 * here too).
 */
import { rSquaredOfEach } from './correlation.js';
import { screenCandidates, screenMaxCorrelation, TIED } from './correlation-screen.js';

/** A regression that commons-math would refuse (its `IllegalArgumentException`s). */
export class RegressionError extends Error {
  constructor(
    readonly reason: 'no-data' | 'too-few-observations' | 'singular',
    message: string,
  ) {
    super(message);
    this.name = 'RegressionError';
  }
}

/** Least-squares line `y = intercept + slope * x`. */
export interface Line {
  readonly intercept: number;
  readonly slope: number;
}

/**
 * Ordinary least squares of `y` on `x = 1..n`, as commons-math `SimpleRegression` (with
 * intercept) computes it after `addData(i + 1, y[i])` for i = 0..n-1 and then `regress()`:
 * - `addData` keeps plain running sums `sumX`, `sumY` and, from the second point on, updates
 *   the centred sums with `fact2 = k / (1 + k)` (k = points so far), `dx = x - xbar`,
 *   `dy = y - ybar`: `sumXX += dx*dx*fact2`, `sumXY += dx*dy*fact2`,
 *   `xbar += dx / (1 + k)`, `ybar += dy / (1 + k)` (Chan, Golub & LeVeque updating);
 * - `slope = sumXY / sumXX`, `intercept = (sumY - slope * sumX) / n`.
 * The same operations in the same order, so the results match commons-math bit for bit.
 *
 * @throws RegressionError when n < 3 (`regress()` throws `NoDataException` then). With
 * x = 1..n, sumXX > 0, so the "no variation in x" branch of `regress()` cannot occur.
 */
export function olsLine(y: readonly number[]): Line {
  fitLine(y);
  return { intercept: LINE[0], slope: LINE[1] };
}

/**
 * olsLine's intercept and slope, written to LINE: the LR test asks for a line per host
 * weighed, and an object per answer would be garbage at once.
 */
const LINE = new Float64Array(2);
function fitLine(y: readonly number[]): void {
  const n = y.length;
  if (n < 3) throw new RegressionError('no-data', `olsLine: ${n} points, need at least 3`);
  let sumX = 0;
  let sumY = 0;
  let sumXX = 0;
  let sumXY = 0;
  let xbar = 0;
  let ybar = 0;
  for (let k = 0; k < n; k++) {
    const x = k + 1;
    const yk = y[k];
    if (k === 0) {
      xbar = x;
      ybar = yk;
    } else {
      const fact1 = 1.0 + k;
      const fact2 = k / (1.0 + k);
      const dx = x - xbar;
      const dy = yk - ybar;
      sumXX += dx * dx * fact2;
      sumXY += dx * dy * fact2;
      xbar += dx / fact1;
      ybar += dy / fact1;
    }
    sumX += x;
    sumY += yk;
  }
  const slope = sumXY / sumXX;
  LINE[0] = (sumY - slope * sumX) / n;
  LINE[1] = slope;
}

/** Number of most recent history values the LR policy fits (CloudSim's `length = 10`). */
export const LR_WINDOW = 10;
const LR_Y = new Array<number>(LR_WINDOW).fill(0.5);

/**
 * The LR (and LRR) over-utilization predictor of CloudSim's
 * `PowerVmAllocationPolicyMigrationLocalRegression.isHostOverUtilized`:
 * `y_1..y_10` = the 10 most recent values of `h` in chronological order (`y_10 = h[0]`),
 * OLS line `a + b x` on x = 1..10 ({@link olsLine}), and
 * `safety * (a + b * (10 + ceil(maxMigrationTime / interval)))`.
 * The host is over-utilized when this is >= 1.
 *
 * LRR ("robust") gives the same number in CloudSim: its tricube and bisquare weights are never
 * applied (see cloudsim-planetlab.md §2.6), so both of its fits are this one.
 *
 * @returns undefined when `h` has fewer than 10 values (CloudSim then uses the THR 0.7 fallback).
 */
export function lrPredictedUtilization(
  h: readonly number[],
  safety: number,
  maxMigrationTime: number,
  interval = 300,
): number | undefined {
  if (h.length < LR_WINDOW) return undefined;
  // A placement test asks this for every host it weighs: one window, reused.
  const y = LR_Y;
  for (let i = 0; i < LR_WINDOW; i++) y[i] = h[LR_WINDOW - 1 - i];
  fitLine(y);
  const intercept = LINE[0], slope = LINE[1];
  const migrationIntervals = Math.ceil(maxMigrationTime / interval);
  // CloudSim: predicted = a + b * (length + migrationIntervals); predicted *= safety.
  return (intercept + slope * (LR_WINDOW + migrationIntervals)) * safety;
}

/**
 * MC's choice among `candidates` (ascending indices), the others' R² being known to be
 * below theirs: each candidate's R² as olsRSquared computes it (the same doubles as
 * rSquaredOfEach), the first largest above Number.MIN_VALUE, else index 0.
 */
function exactAmong(rows: readonly (readonly number[])[], candidates: Int32Array): number | undefined {
  let maxMetric = Number.MIN_VALUE;
  let maxIndex = 0;
  for (const i of candidates) {
    let r: number;
    try {
      r = olsRSquared(rows[i], rows.filter((_, j) => j !== i));
    } catch (e) {
      if (e instanceof RegressionError) return undefined;
      throw e;
    }
    if (r > maxMetric) {
      maxMetric = r;
      maxIndex = i;
    }
  }
  return maxIndex;
}

/**
 * R² of the multiple linear regression, with intercept, of `y` (m observations) on the k
 * regressors `xs[0..k-1]` (each of length m), exactly as commons-math
 * `OLSMultipleLinearRegression` computes `calculateRSquared()` after `newSampleData(y, x)`:
 *
 * - Design matrix X = [1 | xs] (m x p, p = k + 1, intercept column first), QR-decomposed by
 *   Householder reflections on its transpose (`QRDecomposition`, JAMA style): for each column
 *   `minor`, `a = -sign(x_minor) * ||x||` (`+||x||` when x_minor <= 0), `R_ii = a`, v stored
 *   in place, later columns updated with `alpha = -<col, v> / (a * v_minor)`.
 * - beta from `Q^T y` (the same reflections applied to y) and back substitution.
 * - SSR = sum of squared residuals `y - X beta` (row dot products accumulated from 0, then
 *   a plain dot product), SST = `SecondMoment` of y (Welford-style updating: `dev = y - m1`,
 *   `nDev = dev / n`, `m1 += nDev`, `m2 += (n - 1) * dev * nDev`), R² = `1 - SSR / SST`.
 *   SST is centred (the model has an intercept). Constant y gives SST = 0 and R² = NaN
 *   (or -Infinity), as in commons-math.
 *
 * @throws RegressionError exactly when commons-math throws:
 * - `no-data`: m = 0 (`NoDataException`);
 * - `too-few-observations`: k + 1 > m, i.e. fewer observations than parameters including the
 *   intercept (`validateSampleData`: `x[0].length + 1 > x.length`). m = k + 1 is accepted
 *   (an exact fit, R² = 1 up to rounding). (The other entry point,
 *   `newSampleData(data, nobs, nvars)`, checks `nobs <= nvars` instead; CloudSim does not use it.)
 * - `singular`: some diagonal element of R has |R_ii| <= 0, i.e. is exactly zero
 *   (`QRDecomposition`'s default singularity threshold is 0; `SingularMatrixException`).
 *   So only exact rank deficiency counts: an all-zero regressor always does, whereas a
 *   regressor that is collinear with others only in exact arithmetic may leave a tiny nonzero
 *   R_ii after rounding, and then commons-math (and this function) solves the system anyway.
 * @throws RangeError if some `xs[j].length !== y.length` (a caller bug).
 */
export function olsRSquared(y: readonly number[], xs: readonly (readonly number[])[]): number {
  const m = y.length;
  const k = xs.length;
  for (let j = 0; j < k; j++) {
    if (xs[j].length !== m) throw new RangeError(`olsRSquared: regressor ${j} has ${xs[j].length} values, y has ${m}`);
  }
  if (m === 0) throw new RegressionError('no-data', 'olsRSquared: no observations');
  const p = k + 1;
  if (p > m) throw new RegressionError('too-few-observations', `olsRSquared: ${m} observations for ${k} regressors plus intercept`);

  // qrt = X^T: row 0 the intercept column, row j+1 regressor j.
  const qrt: Float64Array[] = new Array<Float64Array>(p);
  qrt[0] = new Float64Array(m).fill(1);
  for (let j = 0; j < k; j++) qrt[j + 1] = Float64Array.from(xs[j]);
  const rDiag = new Float64Array(p);

  for (let minor = 0; minor < p; minor++) {
    const qm = qrt[minor];
    let xNormSqr = 0;
    for (let row = minor; row < m; row++) {
      const c = qm[row];
      xNormSqr += c * c;
    }
    const a = qm[minor] > 0 ? -Math.sqrt(xNormSqr) : Math.sqrt(xNormSqr);
    rDiag[minor] = a;
    if (a !== 0) {
      qm[minor] -= a;
      for (let col = minor + 1; col < p; col++) {
        const qc = qrt[col];
        let alpha = 0;
        for (let row = minor; row < m; row++) alpha -= qc[row] * qm[row];
        alpha /= a * qm[minor];
        for (let row = minor; row < m; row++) qc[row] -= alpha * qm[row];
      }
    }
  }

  for (let i = 0; i < p; i++) {
    if (Math.abs(rDiag[i]) <= 0) throw new RegressionError('singular', 'olsRSquared: singular design matrix');
  }

  // Solve: apply the reflections to y, then back-substitute R beta = Q^T y.
  const w = Float64Array.from(y);
  for (let minor = 0; minor < p; minor++) {
    const qm = qrt[minor];
    let dot = 0;
    for (let row = minor; row < m; row++) dot += w[row] * qm[row];
    dot /= rDiag[minor] * qm[minor];
    for (let row = minor; row < m; row++) w[row] += dot * qm[row];
  }
  const beta = new Float64Array(p);
  for (let row = p - 1; row >= 0; row--) {
    w[row] /= rDiag[row];
    const yRow = w[row];
    const qr = qrt[row];
    beta[row] = yRow;
    for (let i = 0; i < row; i++) w[i] -= yRow * qr[i];
  }

  // SSR: residuals y - X beta, X's rows being [1, xs[0][r], ..., xs[k-1][r]].
  let ssr = 0;
  for (let r = 0; r < m; r++) {
    let fit = 0;
    fit += 1.0 * beta[0];
    for (let j = 0; j < k; j++) fit += xs[j][r] * beta[j + 1];
    const e = y[r] - fit;
    ssr += e * e;
  }

  // SST: commons-math SecondMoment.
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i < m; i++) {
    const cnt = i + 1;
    const dev = y[i] - m1;
    const nDev = dev / cnt;
    m1 += nDev;
    m2 += (cnt - 1) * dev * nDev;
  }

  return 1 - ssr / m2;
}

/**
 * The MC (maximum correlation) VM selection kernel of CloudSim's
 * `PowerVmSelectionPolicyMaximumCorrelation`. `histories[i]` is migratable VM i's utilization
 * history (most recent first; the order is irrelevant to R² as long as it is the same for all).
 * With m the shortest length, every history is cut to its first m values; for each i, R² of
 * VM i on all the other VMs ({@link olsRSquared}); the result is the index with the largest
 * R², scanning from 0 with strict `>` and starting from `Number.MIN_VALUE` (Java's
 * `Double.MIN_VALUE`, the smallest positive double), and index 0 if none beats it. So an R²
 * that is 0, negative or NaN is never picked, and when all are, the first VM is.
 *
 * CloudSim notes:
 * - CloudSim copies each whole history into a row of length m, which throws
 *   `ArrayIndexOutOfBoundsException` (uncaught: the run dies) if the histories differ in
 *   length. Cutting to m is the only reading under which the policy works, and it is the same
 *   whenever CloudSim survives, since then all lengths are equal.
 * - One VM: CloudSim builds a 0 x m regressor matrix, commons-math throws `NoDataException`,
 *   and CloudSim falls back to MMT, which picks that single VM; this returns 0, the same VM.
 *
 * `key`: the caller's promise that history arrays passed again under the same key hold
 * the same values (the VM-history epoch), which lets the quick screen reuse its last
 * factorization when the same histories come back less one (correlation-screen.ts).
 *
 * @returns undefined when there are no VMs, or when a regression throws (m = 0, m < n, an
 * exactly singular design): CloudSim then falls back to MMT.
 */
export function maxCorrelationIndex(histories: readonly (readonly number[])[], key = NaN): number | undefined {
  const n = histories.length;
  if (n === 0) return undefined;
  if (n === 1) return 0;
  let m = Infinity;
  for (const h of histories) if (h.length < m) m = h.length;
  const rows = histories.map((h) => (h.length === m ? h : h.slice(0, m)));
  // Most choices are clear far beyond rounding: a quick computation vouches for those
  // (correlation-screen.ts); the exact one decides the rest.
  // (Two histories always tie: R² is their squared correlation either way.)
  if (m > 0 && n > 2 && n <= m) {
    const screened = screenMaxCorrelation(rows, m, key);
    if (screened >= 0) return screened;
    if (screened === TIED) return exactAmong(rows, screenCandidates());
  }
  // The n regressions share their first steps: computed together (correlation.ts), the
  // same doubles as olsRSquared(rows[i], rows without i) for each i.
  const r2 = rSquaredOfEach(rows, m);
  if (r2 === undefined) return undefined;
  // CloudSim starts its maximum at Double.MIN_VALUE (the smallest positive double), so
  // a host whose R² are all <= 0 gives its first VM: kept for conformance.
  let maxMetric = Number.MIN_VALUE;
  let maxIndex = 0;
  for (let i = 0; i < n; i++) {
    if (r2[i] > maxMetric) {
      maxMetric = r2[i];
      maxIndex = i;
    }
  }
  return maxIndex;
}
