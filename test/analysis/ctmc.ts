/**
 * Independent numerical references for the analytic solvers: the stationary
 * distribution of a finite continuous-time Markov chain, solved directly from its
 * global balance equations (π Q = 0, Σ π = 1) by dense Gaussian elimination with
 * partial pivoting. No queueing formula is used, so agreement with the closed forms
 * checks them, not a restatement of them. Dense O(n³): for a few hundred states.
 */

/** `transitions(s, add)` calls add(t, rate) for every transition s -> t. */
export function stationary(n: number, transitions: (s: number, add: (t: number, rate: number) => void) => void): Float64Array {
  // A = Qᵀ, row-major: A[t][s] = rate s -> t, A[s][s] = −(total rate out of s).
  const a = new Float64Array(n * n);
  for (let s = 0; s < n; s++) {
    transitions(s, (t, rate) => {
      if (t === s || rate === 0) return;
      a[t * n + s] += rate;
      a[s * n + s] -= rate;
    });
  }
  // The equations are dependent: replace the last by the normalization.
  const b = new Float64Array(n);
  for (let s = 0; s < n; s++) a[(n - 1) * n + s] = 1;
  b[n - 1] = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]) > Math.abs(a[pivot * n + col])) pivot = r;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        const tmp = a[col * n + k]; a[col * n + k] = a[pivot * n + k]; a[pivot * n + k] = tmp;
      }
      const tb = b[col]; b[col] = b[pivot]; b[pivot] = tb;
    }
    const diag = a[col * n + col];
    for (let r = col + 1; r < n; r++) {
      const f = a[r * n + col] / diag;
      if (f === 0) continue;
      for (let k = col; k < n; k++) a[r * n + k] -= f * a[col * n + k];
      b[r] -= f * b[col];
    }
  }
  const pi = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= a[r * n + k] * pi[k];
    pi[r] = s / a[r * n + r];
  }
  return pi;
}

/**
 * M/M/c as a birth-death chain on 0..cap: arrivals finding cap present are lost
 * (M/M/c/cap; for M/M/c, cap is chosen so that this has negligible probability).
 * Returns the mean number in system, P(n >= c), P(n = cap) and the distribution.
 */
export function birthDeath(lambda: number, mu: number, c: number, cap: number): { meanInSystem: number; pWait: number; full: number; pi: Float64Array } {
  const pi = stationary(cap + 1, (s, add) => {
    if (s < cap) add(s + 1, lambda);
    if (s > 0) add(s - 1, Math.min(s, c) * mu);
  });
  let l = 0, busy = 0;
  for (let s = 0; s <= cap; s++) {
    l += s * pi[s];
    if (s >= c) busy += pi[s];
  }
  return { meanInSystem: l, pWait: busy, full: pi[cap], pi };
}

/**
 * Every way of placing `total` users in `parts` places, as count vectors, with a
 * map from `counts.join(',')` to the state's number.
 */
export function compositions(parts: number, total: number): { states: number[][]; index: Map<string, number> } {
  const states: number[][] = [];
  const index = new Map<string, number>();
  const fill = (prefix: number[], left: number): void => {
    if (prefix.length === parts - 1) {
      const s = [...prefix, left];
      index.set(s.join(','), states.length);
      states.push(s);
      return;
    }
    for (let k = 0; k <= left; k++) fill([...prefix, k], left - k);
  };
  fill([], total);
  return { states, index };
}

export interface CtmcStation {
  kind: 'queue' | 'delay' | 'multi';
  /** Mean service time per visit: with one visit per cycle, the demand. */
  demand: number;
  servers?: number;
}

/**
 * A closed cyclic network: N users go think (mean Z, a delay station) -> station 0
 * -> station 1 -> ... -> think, exponential service everywhere. Its mean values
 * equal those of any product-form network with the same demands. Returns the
 * throughput (completions at the last station per second) and the mean number at
 * each station (think excluded).
 */
export function closedCyclic(stations: CtmcStation[], thinkTime: number, users: number): { throughput: number; queueLength: number[] } {
  // Node 0 is think (skipped when Z = 0), then the stations.
  const nodes = [...(thinkTime > 0 ? [{ kind: 'delay' as const, demand: thinkTime }] : []), ...stations];
  const offset = thinkTime > 0 ? 1 : 0;
  const m = nodes.length;
  const { states, index } = compositions(m, users);
  const rate = (node: (typeof nodes)[number], n: number): number => {
    if (n === 0) return 0;
    const c = node.kind === 'delay' ? Infinity : node.kind === 'multi' ? (node.servers as number) : 1;
    return Math.min(n, c) / node.demand;
  };
  const pi = stationary(states.length, (s, add) => {
    const st = states[s];
    for (let i = 0; i < m; i++) {
      const r = rate(nodes[i], st[i]);
      if (r === 0) continue;
      const next = st.slice();
      next[i]--;
      next[(i + 1) % m]++;
      add(index.get(next.join(',')) as number, r);
    }
  });
  const queueLength = stations.map(() => 0);
  let throughput = 0;
  states.forEach((st, s) => {
    for (let k = 0; k < stations.length; k++) queueLength[k] += pi[s] * st[k + offset];
    throughput += pi[s] * rate(nodes[m - 1], st[m - 1]);
  });
  return { throughput, queueLength };
}
