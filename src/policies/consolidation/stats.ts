/**
 * Numerical kernels of CloudSim's dynamic-consolidation policies (Beloglazov & Buyya 2012, as
 * shipped in CloudSim 3.0.3 / 4.0): the adaptive over-utilization thresholds (IQR, MAD), the
 * local-regression predictor (LR, and LRR, which CloudSim makes identical to LR) and the
 * maximum-correlation VM selection (MC).
 *
 * CloudSim computes these with `org.cloudbus.cloudsim.util.MathUtil` and Apache commons-math 3
 * (`DescriptiveStatistics.getPercentile`, `SimpleRegression`, `OLSMultipleLinearRegression`).
 * Every function here performs the same floating-point operations in the same order as that
 * code does, so that its results agree bit for bit (IEEE doubles; Java does not fuse
 * multiply-adds and neither does JavaScript). Where the obvious textbook formula would round
 * differently, the function says so.
 *
 * Host histories: `h[0]` is the most recent value, the length is at most 30, trailing zeros
 * already trimmed by the caller. NaN inputs are not supported (CloudSim never produces them).
 */
import { rSquaredOfEach } from './correlation.js';
import { screenCandidates, screenMaxCorrelation, TIED } from './correlation-screen.js';
import { minOf, scratchCopy, selectInPlace } from './order.js';

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
 * CloudSim's `MathUtil.iqr`: sort, then `q1 = s[round(0.25 (n+1)) - 1]`,
 * `q3 = s[round(0.75 (n+1)) - 1]` with Java's `Math.round` (ties toward +infinity), and
 * return `q3 - q1`. The products `0.25 (n+1)` and `0.75 (n+1)` are exact multiples of 0.25,
 * so `Math.round` here equals Java's `Math.round` (and `floor(x + 0.5)`).
 *
 * Index range: for every n >= 1 the q1 index lies in [0, n-1], and so does the q3 index for
 * n >= 2. Only n = 1 leaves it (q3 index 1), where Java would throw
 * `ArrayIndexOutOfBoundsException`; the q3 index is clamped to n-1 there, so one value has
 * IQR 0. CloudSim calls this only with >= 12 values, so the clamp never changes a result.
 *
 * @throws RangeError on an empty array (Java throws too: index -1).
 */
export function cloudsimIqr(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) throw new RangeError('cloudsimIqr: empty sample');
  // The order statistics a sort would give (order.ts); i1 < i3 unless n = 1.
  const s = scratchCopy(values, 0);
  const i1 = Math.round(0.25 * (n + 1)) - 1;
  const i3 = Math.min(Math.round(0.75 * (n + 1)) - 1, n - 1);
  const q3 = selectInPlace(s, 0, n - 1, i3);
  const q1 = i1 === i3 ? q3 : selectInPlace(s, 0, i3 - 1, i1);
  return q3 - q1;
}

/**
 * The median as commons-math `Percentile(50)` computes it, with its default (LEGACY)
 * estimation, used by CloudSim's `MathUtil.median`: `pos = 0.5 (n+1)`; for odd n the middle
 * value; for even n, with `lower`/`upper` the two middle values, `lower + 0.5 (upper - lower)`.
 * That is the usual median (mean of the two middle values) in exact arithmetic, but NOT always
 * bit-identical to `(lower + upper) / 2`, which this function therefore does not use.
 * One value: that value. Empty: NaN (as `Percentile`).
 */
export function median(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return NaN;
  if (n === 1) return values[0];
  return medianOfCopy(scratchCopy(values, 0), n);
}

/** The median of a[0..n-1], n >= 2, which it rearranges. */
function medianOfCopy(a: Float64Array, n: number): number {
  const pos = 0.5 * (n + 1);
  const fpos = Math.floor(pos);
  const dif = pos - fpos;
  // pos >= 1.5 for n >= 2 and pos < n for n >= 2, so neither end clamp of Percentile applies.
  // lower and upper are the sorted values fpos - 1 and fpos (both enter even with dif = 0:
  // -0 + 0 (upper - lower) is +0). After the selection, upper is the least value after lower.
  const lower = selectInPlace(a, 0, n - 1, fpos - 1);
  const upper = minOf(a, fpos, n - 1);
  return lower + dif * (upper - lower);
}

/**
 * CloudSim's `MathUtil.mad`: `median(|median(x) - x_i|)`, both medians as {@link median}.
 * Empty input gives 0 (CloudSim's `mad` returns 0 for an empty array).
 */
export function mad(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return 0;
  const med = median(values);
  if (n === 1) return Math.abs(med - values[0]);
  const dev = scratchCopy(values, 1);
  for (let i = 0; i < n; i++) dev[i] = Math.abs(med - values[i]);
  return medianOfCopy(dev, n);
}

/**
 * MAD's test, `share > 1 - safety * mad(h)`, with CloudSim's doubles, for safety > 0 and
 * a non-empty h, mostly without the second median.
 *
 * mad(h) is the median of the deviations d_i = |median(h) - h_i|: with fpos = floor((n +
 * 1) / 2), the value `lower + dif (upper - lower)` of their order statistics fpos and fpos
 * + 1 (1-based), which lies between the two (dif is 0 or 0.5, and rounding keeps the
 * order), and is `lower` itself for odd n (dif = 0). The test's right side, rounded, does
 * not increase with the deviation it is given, so the deviations that would pass it are
 * the largest ones: with A of them, the test passes if A >= n - fpos + 1 (order statistic
 * fpos passes, and so MAD, which is not smaller), and fails if A <= n - fpos - 1 (order
 * statistic fpos + 1 fails, and so MAD, which is not larger). Only A = n - fpos with
 * even n needs mad(h) itself.
 */
export function madExceeds(h: readonly number[], safety: number, share: number): boolean {
  // (A negative safety would reverse the order the counting relies on.)
  if (!(safety >= 0)) return share > 1 - safety * mad(h);
  const n = h.length;
  const med = median(h);
  const fpos = Math.floor(0.5 * (n + 1));
  let passing = 0;
  for (let i = 0; i < n; i++) if (share > 1 - safety * Math.abs(med - h[i])) passing++;
  if (passing >= n - fpos + 1) return true;
  if (passing <= n - fpos - 1 || n % 2 === 1) return false;
  return share > 1 - safety * mad(h);
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

/** Fewest history values for which CloudSim's IQR and MAD policies compute a threshold. */
export const ADAPTIVE_MIN_HISTORY = 12;

/**
 * The IQR policy's upper threshold, `1 - safety * IQR(h)`.
 * @returns undefined with fewer than 12 values (CloudSim then uses the THR 0.7 fallback).
 */
export function iqrThreshold(h: readonly number[], safety: number): number | undefined {
  if (h.length < ADAPTIVE_MIN_HISTORY) return undefined;
  return 1 - safety * cloudsimIqr(h);
}

/**
 * The MAD policy's upper threshold, `1 - safety * MAD(h)`.
 * @returns undefined with fewer than 12 values (CloudSim then uses the THR 0.7 fallback).
 */
export function madThreshold(h: readonly number[], safety: number): number | undefined {
  if (h.length < ADAPTIVE_MIN_HISTORY) return undefined;
  return 1 - safety * mad(h);
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
