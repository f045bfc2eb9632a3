/**
 * Statistics for replicated runs: sample mean and standard deviation, Student t
 * confidence intervals and Welch's unequal-variance t-test. The t distribution's CDF
 * is the regularized incomplete beta function I_x(a, b), evaluated by its continued
 * fraction (modified Lentz), with ln Γ from the Lanczos approximation.
 */

// Lanczos coefficients for g = 7, n = 9 (about 15 significant digits for x > 0).
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x); // reflection
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of I_x(a, b), converging fast for x < (a + 1) / (a + b + 2). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    // even step: d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m))
    let num = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    // odd step: d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))
    num = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b), 0 <= x <= 1, a, b > 0. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaFraction(x, a, b)) / a;
  // symmetry I_x(a, b) = 1 - I_{1-x}(b, a), where the fraction converges
  return 1 - (Math.exp(lnFront) * betaFraction(1 - x, b, a)) / b;
}

/** P(T <= t) for Student's t with `df` > 0 degrees of freedom (df may be fractional). */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5); // P(T > |t|)
  return t > 0 ? 1 - tail : tail;
}

/** The t with P(T <= t) = p, 0 < p < 1 (bisection on the CDF: exact to double precision). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile probability must be in (0, 1), got ${p}`);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (p === 0.5) return 0;
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface Moments {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1 in the denominator); NaN when n < 2. */
  sd: number;
}

/** Mean and sample standard deviation, summed in the given order (deterministic). */
export function moments(xs: readonly number[]): Moments {
  const n = xs.length;
  if (n === 0) return { n, mean: NaN, sd: NaN };
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: NaN };
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return { n, mean, sd: Math.sqrt(ss / (n - 1)) };
}

/** Half-width of the two-sided confidence interval of the mean at `level`; NaN when n < 2. */
export function ciHalfWidth(m: Moments, level = 0.95): number {
  if (m.n < 2) return NaN;
  return (studentTQuantile(0.5 + level / 2, m.n - 1) * m.sd) / Math.sqrt(m.n);
}

export interface WelchResult {
  /** (mean a - mean b) / standard error; ±Infinity when both samples are constant and differ. */
  t: number;
  /** Welch–Satterthwaite degrees of freedom (NaN when both variances are 0). */
  df: number;
  /** Two-sided p-value. */
  p: number;
}

/** Welch's t-test of equal means for two samples of at least 2 values each. */
export function welch(a: Moments, b: Moments): WelchResult {
  if (a.n < 2 || b.n < 2) throw new RangeError("Welch's t-test needs at least 2 values per sample");
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const se2 = va + vb;
  if (se2 === 0) {
    // Two constant samples: identical means cannot be told apart; different ones always can.
    return a.mean === b.mean ? { t: 0, df: NaN, p: 1 } : { t: a.mean > b.mean ? Infinity : -Infinity, df: NaN, p: 0 };
  }
  const t = (a.mean - b.mean) / Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const p = 2 * studentTCdf(-Math.abs(t), df);
  return { t, df, p };
}
