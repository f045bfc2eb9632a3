/**
 * Bounded nonlinear least squares: Levenberg–Marquardt on box-constrained parameters.
 * Minimizes ½‖r(x)‖² over lower ≤ x ≤ upper. Parameters are scaled to [0, 1] inside
 * their bounds; a parameter at a bound whose gradient points outward is held there
 * for the step (an active set), the others take the damped Gauss–Newton step, which
 * is then clipped to the box. The Jacobian is by finite differences (the model is a
 * few hundred flops, so this is cheap and needs no derivative code).
 */

export interface BoundedProblem {
  lower: readonly number[];
  upper: readonly number[];
  start: readonly number[];
  residuals: (x: readonly number[]) => number[];
}

export interface LsqResult {
  x: number[];
  residuals: number[];
  /** ½‖r‖² at x. */
  cost: number;
  iterations: number;
}

const half = (r: readonly number[]) => 0.5 * r.reduce((s, v) => s + v * v, 0);

export function levenbergMarquardt(prob: BoundedProblem, opts: { maxIterations?: number; tolerance?: number } = {}): LsqResult {
  const n = prob.start.length;
  const maxIt = opts.maxIterations ?? 500;
  const tol = opts.tolerance ?? 1e-14;
  const span = prob.lower.map((lo, i) => prob.upper[i] - lo);
  const toX = (u: readonly number[]) => u.map((v, i) => prob.lower[i] + v * span[i]);
  const f = (u: readonly number[]) => prob.residuals(toX(u));
  let u = prob.start.map((x, i) => clamp01(span[i] > 0 ? (x - prob.lower[i]) / span[i] : 0));
  let r = f(u);
  let cost = half(r);
  let lambda = 1e-3;
  let it = 0;
  for (; it < maxIt; it++) {
    const J = jacobian(f, u, r, span);
    const m = r.length;
    const g = new Array<number>(n).fill(0);
    for (let k = 0; k < m; k++) for (let i = 0; i < n; i++) g[i] += J[k][i] * r[k];
    const free: number[] = [];
    for (let i = 0; i < n; i++) {
      if (span[i] === 0) continue;
      if ((u[i] <= 0 && g[i] > 0) || (u[i] >= 1 && g[i] < 0)) continue;
      free.push(i);
    }
    if (free.length === 0) break;
    const A = free.map((i) => free.map((j) => {
      let s = 0;
      for (let k = 0; k < m; k++) s += J[k][i] * J[k][j];
      return s;
    }));
    let improved = false;
    for (let tries = 0; tries < 30; tries++) {
      const M = A.map((row, a) => row.map((v, b) => (a === b ? v + lambda * (v + 1e-12) : v)));
      const step = solve(M, free.map((i) => -g[i]));
      if (!step) {
        lambda *= 10;
        continue;
      }
      const next = u.slice();
      free.forEach((i, a) => (next[i] = clamp01(u[i] + step[a])));
      const rn = f(next);
      const cn = half(rn);
      if (cn < cost) {
        const drop = cost - cn;
        u = next;
        r = rn;
        lambda = Math.max(lambda / 3, 1e-12);
        improved = true;
        if (drop <= tol * Math.max(cost, 1e-300)) {
          cost = cn;
          return { x: toX(u), residuals: r, cost, iterations: it + 1 };
        }
        cost = cn;
        break;
      }
      lambda *= 4;
    }
    if (!improved) break;
  }
  return { x: toX(u), residuals: r, cost, iterations: it };
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/** Forward differences in the scaled coordinates, stepping inward at the upper bound. */
function jacobian(f: (u: readonly number[]) => number[], u: readonly number[], r0: readonly number[], span: readonly number[]): number[][] {
  const n = u.length;
  const J = r0.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    if (span[i] === 0) continue;
    const h = 1e-7 * (u[i] > 0.5 ? -1 : 1);
    const v = u.slice();
    v[i] += h;
    const r = f(v);
    for (let k = 0; k < r.length; k++) J[k][i] = (r[k] - r0[k]) / h;
  }
  return J;
}

/** Solves M x = b by Gaussian elimination with partial pivoting; undefined if singular. */
export function solve(M: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const a = M.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    if (!(Math.abs(a[p][c]) > 1e-300)) return undefined;
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = c + 1; r < n; r++) {
      const k = a[r][c] / a[c][c];
      if (k === 0) continue;
      for (let j = c; j <= n; j++) a[r][j] -= k * a[c][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r][n];
    for (let j = r + 1; j < n; j++) s -= a[r][j] * x[j];
    x[r] = s / a[r][r];
  }
  return x;
}
