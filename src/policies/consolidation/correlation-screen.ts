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
 *
 * MC asks again about the same host after each VM it picks leaves (half the calls on
 * a PlanetLab day): the same histories but one. When the caller says the histories
 * are unchanged (the same key), R of the shorter X comes from the last R by deleting
 * that column and restoring the triangle with Givens rotations, O(n²) instead of the
 * QR's O(n²m); also backward stable, so the same bound holds.
 */

/** Work space, grown to the largest problem seen. */
let q = new Float64Array(0);
let z = new Float64Array(0);
let r2 = new Float64Array(0);
let eps = new Float64Array(0);
/** Per history: its SST (as the exact computation sums it) and sum of squares. */
let sst = new Float64Array(0);
let sumSq = new Float64Array(0);
/** Two buffers for R (cols x cols, column-major: R[c cols + r]): the last screen's and the next. */
let bufA: Float64Array = new Float64Array(0);
let bufB: Float64Array = new Float64Array(0);
/** The last screen's R (bufA or bufB) and what it was of. */
let lastR: Float64Array = bufA;
let lastCols = 0;
let lastRows: (readonly number[])[] = [];
let lastKey = NaN;
let lastM = -1;

/**
 * screenMaxCorrelation's answer when X is well conditioned but several R² are too close
 * to rank: the exact R² of screenCandidates() decide (no regression can be exactly
 * singular then, so none of the others can make the exact computation give up).
 */
export const TIED = -2;
let candidates = new Int32Array(32);
let candidateCount = 0;

/** After an answer TIED: the indices, ascending, whose exact R² decide. */
export function screenCandidates(): Int32Array {
  return candidates.subarray(0, candidateCount);
}

/** Unit roundoff of doubles. */
const U = 2 ** -53;
/** Safety factor over the first-order rounding bound. */
const SAFETY = 1000;
/** Above this bound of κ(X) the screen does not answer. */
const KAPPA_MAX = 1e7;

/**
 * The index of the largest R² of the n regressions (first on ties, only above
 * Number.MIN_VALUE, as maxCorrelationIndex decides), when the quick computation can
 * vouch for it; TIED when only a few can be the largest (screenCandidates); -1 when
 * the exact computation must decide. Requires 2 <= n <= m.
 * `key`: the caller's promise that history arrays passed again under the same key
 * hold the same values (NaN: no promise).
 */
export function screenMaxCorrelation(rows: readonly (readonly number[])[], m: number, key = NaN): number {
  const n = rows.length;
  const cols = n + 1;
  if (q.length < cols * m) q = new Float64Array(cols * m);
  if (candidates.length < n) candidates = new Int32Array(2 * n);
  if (z.length < cols + 1) {
    z = new Float64Array(cols + 1);
    r2 = new Float64Array(cols + 1);
    eps = new Float64Array(cols + 1);
    sst = new Float64Array(cols + 1);
    sumSq = new Float64Array(cols + 1);
  }
  // The new R goes into the buffer that does not hold the last one.
  const size = (cols + 1) * (cols + 1);
  let r = lastR === bufA ? bufB : bufA;
  if (r.length < size) {
    r = new Float64Array(2 * size);
    if (lastR === bufA) bufB = r;
    else bufA = r;
  }
  const dropped = key === lastKey && m === lastM && lastCols === cols + 1 ? droppedIndex(lastRows, rows) : -1;
  if (!(dropped >= 0 && downdate(lastR, cols + 1, dropped + 1, r)) && !householderR(rows, n, m, q, r)) {
    lastCols = 0;
    return -1;
  }
  lastR = r;
  lastCols = cols;
  lastRows = rows.slice();
  lastKey = key;
  lastM = m;
  return choose(rows, n, m, r);
}

/** i such that `now` is `before` without its element i (same arrays, same order), else -1. */
function droppedIndex(before: readonly (readonly number[])[], now: readonly (readonly number[])[]): number {
  if (before.length !== now.length + 1) return -1;
  let i = 0;
  while (i < now.length && before[i] === now[i]) i++;
  for (let k = i; k < now.length; k++) if (before[k + 1] !== now[k]) return -1;
  return i;
}

/**
 * Householder QR of X = [1, x_0, ..., x_{n-1}] (m x cols); R into `out` (cols x cols,
 * column-major). False when a column is exactly dependent on the ones before.
 */
function householderR(rows: readonly (readonly number[])[], n: number, m: number, q: Float64Array, out: Float64Array): boolean {
  const cols = n + 1;
  q.fill(1, 0, m);
  for (let j = 0; j < n; j++) {
    const r = rows[j];
    const b = (j + 1) * m;
    for (let row = 0; row < m; row++) q[b + row] = r[row];
  }
  for (let k = 0; k < cols; k++) {
    const base = k * m;
    let norm2 = 0;
    for (let row = k; row < m; row++) norm2 += q[base + row] * q[base + row];
    const a = q[base + k] > 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    if (!(a !== 0)) return false;
    q[base + k] -= a;
    const d = a * q[base + k];
    // The reflection I - v vᵀ/(-a v_k) (vᵀv = -2 a v_k, d = a v_k), on four columns at a
    // time (each row of v loaded once for the four), then on the last few one by one.
    let c = k + 1;
    for (; c + 3 < cols && d !== 0; c += 4) {
      const cb = c * m, cb2 = cb + m, cb3 = cb2 + m, cb4 = cb3 + m;
      let s = 0, s2 = 0, s3 = 0, s4 = 0;
      for (let row = k; row < m; row++) {
        const v = q[base + row];
        s += q[cb + row] * v;
        s2 += q[cb2 + row] * v;
        s3 += q[cb3 + row] * v;
        s4 += q[cb4 + row] * v;
      }
      s /= d;
      s2 /= d;
      s3 /= d;
      s4 /= d;
      for (let row = k; row < m; row++) {
        const v = q[base + row];
        q[cb + row] += s * v;
        q[cb2 + row] += s2 * v;
        q[cb3 + row] += s3 * v;
        q[cb4 + row] += s4 * v;
      }
    }
    for (; c < cols && d !== 0; c++) {
      const cb = c * m;
      let s = 0;
      for (let row = k; row < m; row++) s += q[cb + row] * q[base + row];
      s /= d;
      for (let row = k; row < m; row++) q[cb + row] += s * q[base + row];
    }
    // Column k of R: the entries above the diagonal are final once step k - 1 is done.
    const o = k * cols;
    for (let row = 0; row < k; row++) out[o + row] = q[base + row];
    out[o + k] = a;
    for (let row = k + 1; row < cols; row++) out[o + row] = 0;
  }
  return true;
}

/**
 * R (cols x cols) of X without column `c` into `out` ((cols - 1)², column-major):
 * the columns after c, shifted left, have one entry below the diagonal each, which
 * Givens rotations of neighbouring rows remove. False when a rotation meets two zeros.
 */
function downdate(r: Float64Array, cols: number, c: number, out: Float64Array): boolean {
  const nc = cols - 1;
  // Work on `out` with stride `cols` (one spare row), then pack to stride nc.
  for (let k = 0; k < nc; k++) {
    const from = (k < c ? k : k + 1) * cols;
    const to = k * cols;
    for (let row = 0; row < cols; row++) out[to + row] = r[from + row];
  }
  for (let k = c; k < nc; k++) {
    const a = out[k * cols + k], b = out[k * cols + k + 1];
    const h = Math.hypot(a, b);
    if (!(h > 0)) return false;
    const cs = a / h, sn = b / h;
    for (let col = k; col < nc; col++) {
      const o = col * cols;
      const t1 = out[o + k], t2 = out[o + k + 1];
      out[o + k] = cs * t1 + sn * t2;
      out[o + k + 1] = cs * t2 - sn * t1;
    }
    out[k * cols + k + 1] = 0;
  }
  for (let k = 0; k < nc; k++) {
    const from = k * cols, to = k * nc;
    for (let row = 0; row < nc; row++) out[to + row] = out[from + row];
  }
  return true;
}

/** The screen's choice from R (cols x cols, column-major) of X. */
function choose(rows: readonly (readonly number[])[], n: number, m: number, R: Float64Array): number {
  const cols = n + 1;
  // One pass over the histories: each one's SST, as the exact computation sums it (a
  // running mean and sum of squared deviations), and sum of squares (for ||X||_F).
  let frob = m;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
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
    sst[i] = m2;
    sumSq[i] = xx;
    frob += xx;
  }
  // Rows of R⁻¹: row c solves Rᵀz = e_c (z_k = 0 for k < c); SSR of history c - 1 is
  // 1/||z||². Row 0 (the intercept's) counts in ||R⁻¹||_F only.
  let invFrob = 0;
  for (let c = 0; c < cols; c++) {
    let zz = 0;
    for (let k = c; k < cols; k++) {
      let s = k === c ? 1 : 0;
      const o = k * cols;
      for (let j = c; j < k; j++) s -= R[o + j] * z[j];
      const v = s / R[o + k];
      z[k] = v;
      zz += v * v;
    }
    invFrob += zz;
    r2[c] = zz; // ||row c||², turned into R² below
  }
  const kappa = Math.sqrt(frob * invFrob);
  if (!(kappa <= KAPPA_MAX)) return -1;
  const unit = SAFETY * U * kappa * cols * m;
  let best = -1;
  let bestR2 = -Infinity;
  for (let i = 0; i < n; i++) {
    const value = 1 - 1 / r2[i + 1] / sst[i];
    const e = unit * (1 + Math.sqrt(sumSq[i] / sst[i]));
    r2[i + 1] = value;
    eps[i + 1] = e;
    if (value > bestR2) {
      bestR2 = value;
      best = i;
    }
  }
  // Every R² within its bound of the best's lower end may be the largest: when the best
  // is alone, it is the answer; otherwise those few are left to the exact computation
  // (the others are below them whatever the rounding).
  const floor = bestR2 - eps[best + 1];
  let count = 0;
  for (let i = 0; i < n; i++) if (i === best || !(r2[i + 1] + eps[i + 1] < floor)) candidates[count++] = i;
  candidateCount = count;
  if (count === 1 && floor > 1e-300) return best;
  return TIED;
}
