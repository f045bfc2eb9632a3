/**
 * The n regressions of the MC (maximum correlation) VM selection, computed together.
 *
 * Regression i fits VM i's history on the intercept and the other VMs' histories in their
 * order: design columns [1, x_0, ..., x_{i-1}, x_{i+1}, ..., x_{n-1}]. commons-math's
 * Householder QR (see olsRSquared in regression.ts) processes the columns left to right, and
 * what its step `minor` computes depends only on the columns 0..minor. Regressions i, i+1,
 * ..., n-1 all start with the columns [1, x_0, ..., x_{i-1}], so their first i+1 steps are
 * the same operations on the same doubles: one QR of [1, x_0, ..., x_{n-1}] is carried
 * forward, and regression i is forked from it after its step i, copying only the columns
 * that regression i still has to transform. Work: about n^3 m / 6 multiply-adds instead of
 * n^3 m / 2, with the same doubles as n separate olsRSquared calls.
 *
 * The one liberty: the fitted variable y = x_i is transformed as one more column during
 * the QR (alpha = -<y, v> / (a v_minor); y -= alpha v) rather than afterwards as commons-math
 * does (dot = <y, v> / (a v_minor); y += dot v). Round-to-nearest is symmetric, so
 * `0 - t0 - t1 ...` is exactly `-(0 + t0 + t1 ...)`, the products and quotients match up to
 * sign, and `y - (-z)` is exactly `y + z`: the two differ at most in the sign of a zero. A
 * zero stays a zero through the back substitution (R's diagonal is nonzero there), so a
 * coefficient can at most differ in the sign of a zero, which the residuals' squares erase:
 * R² is the same double. (The tests compare with olsRSquared on many random and
 * zero-laden inputs.)
 */

/** Work space, grown to the largest problem seen (hosts hold a handful of VMs, m <= 30). */
let full = new Float64Array(0);
let fork = new Float64Array(0);
let rDiagFork = new Float64Array(0);
let beta = new Float64Array(0);
/** The histories row-major (observation r of VM v at r n + v), for the residuals. */
let data = new Float64Array(0);

/**
 * One Householder step on column `minor` of the column-major matrix `q` (column c at
 * offset c m), applied to the columns `first..last` (indices into `q`). Returns R's
 * diagonal element (0: the column is exactly zero from row `minor` on).
 */
function householder(q: Float64Array, col: number, minor: number, m: number, first: number, last: number): number {
  const base = col * m;
  let xNormSqr = 0;
  for (let row = minor; row < m; row++) {
    const c = q[base + row];
    xNormSqr += c * c;
  }
  const a = q[base + minor] > 0 ? -Math.sqrt(xNormSqr) : Math.sqrt(xNormSqr);
  if (a === 0) return 0;
  q[base + minor] -= a;
  const d = a * q[base + minor];
  for (let c = first; c <= last; c++) {
    const cb = c * m;
    let alpha = 0;
    for (let row = minor; row < m; row++) alpha -= q[cb + row] * q[base + row];
    alpha /= d;
    for (let row = minor; row < m; row++) q[cb + row] -= alpha * q[base + row];
  }
  return a;
}

/**
 * R² of each regression i (as olsRSquared(rows[i], rows without i)) for rows of equal
 * length m; undefined when any of them would throw (m < n observations for n parameters,
 * or an exactly singular design), as CloudSim then gives up on MC altogether.
 * Requires n >= 2.
 */
export function rSquaredOfEach(rows: readonly (readonly number[])[], m: number): Float64Array | undefined {
  const n = rows.length;
  if (m === 0 || n > m) return undefined;
  // full: [1 | x_0 | ... | x_{n-1}], columns 0..n; rDiag of its steps 0..n-1 in rDiagFull.
  if (full.length < (n + 1) * m) full = new Float64Array((n + 1) * m);
  if (fork.length < n * m) fork = new Float64Array(n * m);
  if (rDiagFork.length < n) {
    rDiagFork = new Float64Array(n);
    beta = new Float64Array(n);
  }
  if (data.length < n * m) data = new Float64Array(n * m);
  const rDiagFull = new Float64Array(n);
  full.fill(1, 0, m);
  for (let j = 0; j < n; j++) {
    const r = rows[j];
    const b = (j + 1) * m;
    for (let row = 0; row < m; row++) {
      full[b + row] = r[row];
      data[row * n + j] = r[row];
    }
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Step i of the shared QR (regression n - 1 uses every one of them: zero means singular).
    const a = householder(full, i, i, m, i + 1, n);
    if (a === 0) return undefined;
    rDiagFull[i] = a;
    // Regression i: its column k (k > i) is full's column k + 1; y (= x_i) is full's i + 1.
    // fork holds y at column 0 and regression column k at column k - i.
    const width = n - i;
    fork.set(full.subarray((i + 1) * m, (i + 1 + width) * m), 0);
    for (let k = i + 1; k < n; k++) {
      const ak = householder(fork, k - i, k, m, k - i + 1, width - 1);
      if (ak === 0) return undefined;
      rDiagFork[k] = ak;
      // y (fork column 0) takes the same reflection.
      reflect(fork, k - i, k, m, ak);
    }
    // Back substitution R beta = Q^T y, R's column k from full (k <= i) or fork (k > i).
    for (let row = 0; row < n; row++) beta[row] = fork[row];
    for (let row = n - 1; row >= 0; row--) {
      const yRow = (beta[row] /= row <= i ? rDiagFull[row] : rDiagFork[row]);
      const q = row <= i ? full : fork;
      const cb = (row <= i ? row : row - i) * m;
      for (let k = 0; k < row; k++) beta[k] -= yRow * q[cb + k];
    }
    out[i] = rSquared(n, i, m);
  }
  return out;
}

/** Applies the reflection of step `minor` (vector in column `col` of q, diagonal a) to column 0. */
function reflect(q: Float64Array, col: number, minor: number, m: number, a: number): void {
  const base = col * m;
  const d = a * q[base + minor];
  let alpha = 0;
  for (let row = minor; row < m; row++) alpha -= q[row] * q[base + row];
  alpha /= d;
  for (let row = minor; row < m; row++) q[row] -= alpha * q[base + row];
}

/** 1 - SSR / SST of regression i with the coefficients in `beta`, as olsRSquared sums them. */
function rSquared(n: number, i: number, m: number): number {
  let ssr = 0;
  for (let r = 0; r < m; r++) {
    const o = r * n;
    let fit = 0;
    fit += 1.0 * beta[0];
    // The regressors in order, skipping VM i: VM v < i has coefficient v + 1, v > i has v.
    for (let v = 0; v < i; v++) fit += data[o + v] * beta[v + 1];
    for (let v = i + 1; v < n; v++) fit += data[o + v] * beta[v];
    const e = data[o + i] - fit;
    ssr += e * e;
  }
  let m1 = 0;
  let m2 = 0;
  for (let r = 0; r < m; r++) {
    const cnt = r + 1;
    const dev = data[r * n + i] - m1;
    const nDev = dev / cnt;
    m1 += nDev;
    m2 += (cnt - 1) * dev * nDev;
  }
  return 1 - ssr / m2;
}
