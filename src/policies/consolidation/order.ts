/**
 * Order statistics by selection, for the adaptive thresholds (IQR, MAD) that CloudSim
 * computes by sorting a host's history at every tentative placement. Selection finds the
 * same values as sorting: the k-th smallest double under Java's order (`Arrays.sort`:
 * numeric, -0 before +0) is one determined double, since values that order equal are the
 * same double. NaN is not supported (CloudSim never produces it here).
 */

/** Java's order on doubles: numeric, -0 before +0. */
function less(a: number, b: number): boolean {
  return a < b || (a === 0 && b === 0 && 1 / a < 1 / b);
}

/**
 * Rearranges a[lo..hi] (inclusive) so that a[k] holds the value a sort would put there,
 * with no greater value before it and no smaller one after it (Lomuto partitions around
 * the middle element). Returns a[k].
 */
export function selectInPlace(a: Float64Array, lo: number, hi: number, k: number): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const p = a[mid];
    a[mid] = a[hi];
    a[hi] = p;
    let store = lo;
    for (let i = lo; i < hi; i++) {
      const x = a[i];
      if (less(x, p)) {
        a[i] = a[store];
        a[store++] = x;
      }
    }
    a[hi] = a[store];
    a[store] = p;
    if (store === k) return p;
    if (k < store) hi = store - 1;
    else lo = store + 1;
  }
  return a[k];
}

/** The smallest of a[from..to] (inclusive), in Java's order. */
export function minOf(a: Float64Array, from: number, to: number): number {
  let m = a[from];
  for (let i = from + 1; i <= to; i++) if (less(a[i], m)) m = a[i];
  return m;
}

let scratchA = new Float64Array(32);
let scratchB = new Float64Array(32);

/** A copy of `values` in a reused buffer `which` (valid until the next copy into it). */
export function scratchCopy(values: ArrayLike<number>, which: 0 | 1): Float64Array {
  const n = values.length;
  if (which === 0 && scratchA.length < n) scratchA = new Float64Array(2 * n);
  if (which === 1 && scratchB.length < n) scratchB = new Float64Array(2 * n);
  const s = which === 0 ? scratchA : scratchB;
  for (let i = 0; i < n; i++) s[i] = values[i];
  return s;
}
