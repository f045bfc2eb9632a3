/**
 * A second exact solver for the tests: Buzen's convolution algorithm (Buzen, CACM
 * 16(9), 1973; Lazowska et al. 1984 ch. 8), which works with normalizing constants
 * instead of MVA's recursion on means. Every term is positive, so nothing cancels;
 * it is carried out on logarithms (log-sum-exp), so G(n) neither overflows nor
 * underflows even for thousands of servers.
 *
 *   f_k(j) = D_k^j / Π_{i=1..j} α_k(i),  α = 1 (queue), i (delay), min(i, c) (multi)
 *   G = f_think ⊛ f_1 ⊛ ... ⊛ f_K,  X(n) = G(n − 1) / G(n)
 *   Q_k(n) = Σ_j j f_k(j) G_{−k}(n − j) / G(n),  G_{−k} the convolution without k
 */
import type { CtmcStation } from './ctmc.js';

function logFactors(kind: CtmcStation['kind'], demand: number, servers: number, nMax: number): Float64Array {
  const f = new Float64Array(nMax + 1);
  for (let j = 1; j <= nMax; j++) {
    const alpha = kind === 'queue' ? 1 : kind === 'delay' ? j : Math.min(j, servers);
    f[j] = f[j - 1] + Math.log(demand / alpha);
  }
  return f;
}

function logConvolve(a: Float64Array, b: Float64Array): Float64Array {
  const n = a.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let top = -Infinity;
    for (let j = 0; j <= i; j++) top = Math.max(top, a[j] + b[i - j]);
    let s = 0;
    for (let j = 0; j <= i; j++) s += Math.exp(a[j] + b[i - j] - top);
    out[i] = top + Math.log(s);
  }
  return out;
}

export function convolution(stations: CtmcStation[], thinkTime: number, nMax: number): { throughput: number[]; queueLength: number[][] } {
  const fs = stations.map((s) => logFactors(s.kind, s.demand, s.servers ?? 1, nMax));
  const think = logFactors('delay', thinkTime, 1, nMax);
  const all = (skip: number): Float64Array => fs.reduce((g, f, k) => (k === skip ? g : logConvolve(g, f)), think);
  const g = all(-1);
  const without = stations.map((_, k) => all(k));
  const throughput: number[] = [];
  const queueLength: number[][] = [];
  for (let n = 1; n <= nMax; n++) {
    throughput.push(Math.exp(g[n - 1] - g[n]));
    queueLength.push(fs.map((f, k) => {
      let q = 0;
      for (let j = 1; j <= n; j++) q += j * Math.exp(f[j] + without[k][n - j] - g[n]);
      return q;
    }));
  }
  return { throughput, queueLength };
}
