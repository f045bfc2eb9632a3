/**
 * A quick answer to MC's question (which VM's history is best explained by the others'?)
 * that is used only when it provably agrees with the exact one.
 *
 * The exact computation (correlation.ts) runs n regressions through commons-math's
 * Householder steps, about n³m/3 multiply-adds, so that the R² doubles, and hence the
 * choice, are CloudSim's. Only the index of the largest R² is used, and on real
 * histories the largest is almost always ahead of the second by far more than any
 * rounding: R²_i = 1 - SSR_i / SST_i, where SSR_i, the residual of x_i regressed on the
 * intercept and the other histories, is 1 / ||row i+1 of R⁻¹||² for the R of one QR of
 * X = [1, x_0, ..., x_{n-1}] (since (XᵀX)⁻¹ = R⁻¹R⁻ᵀ): one QR and one triangular
 * inverse, about n²m + n³/6.
 *
 * Both computations are backward stable: each R² is within a few κ(X)·(n+1)·m·u (u the
 * unit roundoff, κ bounded by ||R||_F ||R⁻¹||_F) of the true value, relative to
 * ||x_i||/√SST_i for a residual that is small. The screen answers only when its best R²,
 * less a bound a thousand times that, is above every other R² plus its bound, and X is
 * well conditioned (so no Householder step of the exact computation can meet an exactly
 * zero column, which would make it give up: every pivot of the separate regressions is
 * at least the smallest singular value of X). Otherwise (about 2-5 % of the calls on
 * PlanetLab days: ties, constant or zero histories, collinear ones) it says so, and the
 * exact computation decides. The tests compare both on random, degenerate and
 * near-tied inputs; the PlanetLab runs give byte-identical results either way.
 */

/** Work space, grown to the largest problem seen. */
let q = new Float64Array(0);
let rDiag = new Float64Array(0);
let z = new Float64Array(0);
let r2 = new Float64Array(0);
let eps = new Float64Array(0);

/** Unit roundoff of doubles. */
const U = 2 ** -53;
/** Safety factor over the first-order rounding bound. */
const SAFETY = 1000;
/** Above this bound of κ(X) the screen does not answer. */
const KAPPA_MAX = 1e7;

/**
 * The index of the largest R² of the n regressions (first on ties, only above
 * Number.MIN_VALUE, as maxCorrelationIndex decides), when the quick computation can
 * vouch for it; -1 when the exact computation must decide. Requires 2 <= n <= m.
 */
export function screenMaxCorrelation(rows: readonly (readonly number[])[], m: number): number {
  const n = rows.length;
  const cols = n + 1;
  if (q.length < cols * m) q = new Float64Array(cols * m);
  if (rDiag.length < cols) {
    rDiag = new Float64Array(cols);
    z = new Float64Array(cols);
    r2 = new Float64Array(cols);
    eps = new Float64Array(cols);
  }
  return screen(rows, n, m, q, rDiag, z, r2, eps);
}

function screen(
  rows: readonly (readonly number[])[], n: number, m: number,
  q: Float64Array, rDiag: Float64Array, z: Float64Array, r2: Float64Array, eps: Float64Array,
): number {
  const cols = n + 1;
  // X column-major: column 0 the intercept, column j + 1 history j.
  let frob = m;
  q.fill(1, 0, m);
  for (let j = 0; j < n; j++) {
    const r = rows[j];
    const b = (j + 1) * m;
    for (let row = 0; row < m; row++) {
      const x = r[row];
      q[b + row] = x;
      frob += x * x;
    }
  }
  // Householder QR of X: R's strict upper part stays in q, its diagonal in rDiag.
  for (let k = 0; k < cols; k++) {
    const base = k * m;
    let norm2 = 0;
    for (let row = k; row < m; row++) norm2 += q[base + row] * q[base + row];
    const a = q[base + k] > 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    if (!(a !== 0)) return -1;
    rDiag[k] = a;
    q[base + k] -= a;
    const d = a * q[base + k];
    if (d === 0) continue; // the column is already a multiple of e_k: nothing to reflect
    for (let c = k + 1; c < cols; c++) {
      const cb = c * m;
      let s = 0;
      for (let row = k; row < m; row++) s += q[cb + row] * q[base + row];
      // The reflection I - v vᵀ/(-a v_k) (vᵀv = -2 a v_k, d = a v_k).
      s /= d;
      for (let row = k; row < m; row++) q[cb + row] += s * q[base + row];
    }
  }
  // Rows of R⁻¹: row c solves Rᵀz = e_c (z_k = 0 for k < c); SSR of history c - 1 is 1/||z||².
  let invFrob = 0;
  for (let c = 1; c < cols; c++) {
    let zz = 0;
    for (let k = c; k < cols; k++) {
      let s = k === c ? 1 : 0;
      for (let j = c; j < k; j++) s -= q[k * m + j] * z[j];
      const v = s / rDiag[k];
      z[k] = v;
      zz += v * v;
    }
    invFrob += zz;
    r2[c] = zz; // ||row c||², turned into R² below
  }
  // Row 0 (the intercept's) adds to ||R⁻¹||_F as well.
  {
    let zz = 0;
    for (let k = 0; k < cols; k++) {
      let s = k === 0 ? 1 : 0;
      for (let j = 0; j < k; j++) s -= q[k * m + j] * z[j];
      const v = s / rDiag[k];
      z[k] = v;
      zz += v * v;
    }
    invFrob += zz;
  }
  const kappa = Math.sqrt(frob * invFrob);
  if (!(kappa <= KAPPA_MAX)) return -1;
  const unit = SAFETY * U * kappa * cols * m;
  let best = -1;
  let bestR2 = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    // SST as the exact computation sums it (a running mean and sum of squared deviations).
    let m1 = 0;
    let m2 = 0;
    let xx = 0;
    for (let row = 0; row < m; row++) {
      const x = r[row];
      const cnt = row + 1;
      const dev = x - m1;
      const nDev = dev / cnt;
      m1 += nDev;
      m2 += (cnt - 1) * dev * nDev;
      xx += x * x;
    }
    if (!(m2 > 0)) return -1;
    const value = 1 - 1 / r2[i + 1] / m2;
    const e = unit * (1 + Math.sqrt(xx / m2));
    r2[i + 1] = value;
    eps[i + 1] = e;
    if (value > bestR2) {
      bestR2 = value;
      best = i;
    }
  }
  const floor = bestR2 - eps[best + 1];
  if (!(floor > 1e-300)) return -1;
  for (let i = 0; i < n; i++) {
    if (i !== best && !(r2[i + 1] + eps[i + 1] < floor)) return -1;
  }
  return best;
}
