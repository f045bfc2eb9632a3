/**
 * Numerical kernels of CloudSim's dynamic-consolidation policies (Beloglazov & Buyya 2012, as
 * shipped in CloudSim 3.0.3 / 4.0): here the adaptive over-utilization thresholds (IQR,
 * MAD); in regression.ts the local-regression predictor (LR, and LRR, which CloudSim makes
 * identical to LR) and the maximum-correlation VM selection (MC).
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
import { minOf, scratchCopy, selectInPlace } from './order.js';

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
  // The deviations, as mad() computes them, kept for the case that needs their median.
  const dev = scratchCopy(h, 1);
  let passing = 0;
  for (let i = 0; i < n; i++) {
    const d = (dev[i] = Math.abs(med - h[i]));
    if (share > 1 - safety * d) passing++;
  }
  if (passing >= n - fpos + 1) return true;
  if (passing <= n - fpos - 1 || n % 2 === 1) return false;
  return share > 1 - safety * medianOfCopy(dev, n);
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
