/**
 * A second exact solver for the tests: Buzen's convolution algorithm (Buzen, CACM
 * 16(9), 1973; Lazowska et al. 1984 ch. 8), which works with normalizing constants
 * instead of MVA's recursion on means. Every term is positive, so nothing cancels;
 * the time unit is rescaled so the largest demand per server is 1, which keeps
 * G(n) within double range for the networks the tests use (checked: it throws
 * otherwise).
 *
 *   f_k(j) = D_k^j / Π_{i=1..j} α_k(i),  α = 1 (queue), i (delay), min(i, c) (multi)
 *   G = f_think ⊛ f_1 ⊛ ... ⊛ f_K,  X(n) = G(n − 1) / G(n)
 *   Q_k(n) = Σ_j j f_k(j) G_{−k}(n − j) / G(n),  G_{−k} the convolution without k
 */
import type { CtmcStation } from './ctmc.js';

function factors(kind: CtmcStation['kind'], demand: number, servers: number, nMax: number): Float64Array {
  const f = new Float64Array(nMax + 1);
  f[0] = 1;
  for (let j = 1; j <= nMax; j++) {
    const alpha = kind === 'queue' ? 1 : kind === 'delay' ? j : Math.min(j, servers);
    f[j] = (f[j - 1] * demand) / alpha;
  }
  return f;
}

function convolve(a: Float64Array, b: Float64Array): Float64Array {
  const n = a.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j <= i; j++) s += a[j] * b[i - j];
    out[i] = s;
  }
  return out;
}

export function convolution(stations: CtmcStation[], thinkTime: number, nMax: number): { throughput: number[]; queueLength: number[][] } {
  const scale = Math.max(...stations.map((s) => (s.kind === 'delay' ? 0 : s.demand / (s.kind === 'multi' ? (s.servers as number) : 1))));
  const fs = stations.map((s) => factors(s.kind, s.demand / scale, s.servers ?? 1, nMax));
  const think = factors('delay', thinkTime / scale, 1, nMax);
  const all = (skip: number): Float64Array => fs.reduce((g, f, k) => (k === skip ? g : convolve(g, f)), think);
  const g = all(-1);
  if (!g.every(Number.isFinite)) throw new Error('convolution overflowed: choose smaller demands');
  const throughput: number[] = [];
  const queueLength: number[][] = [];
  const without = stations.map((_, k) => all(k));
  for (let n = 1; n <= nMax; n++) {
    throughput.push(g[n - 1] / g[n] / scale);
    queueLength.push(fs.map((f, k) => {
      let q = 0;
      for (let j = 1; j <= n; j++) q += j * f[j] * without[k][n - j];
      return q / g[n];
    }));
  }
  return { throughput, queueLength };
}
