/**
 * The few queueing-theory closed forms the application tests check against,
 * written here from the textbook formulas (Kleinrock vol. 1; Lazowska et al.,
 * "Quantitative System Performance", ch. 6 and 20 for load-dependent MVA).
 */

/** Erlang B: blocking probability of c servers offered a Erlangs (stable recursion). */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: probability that an arrival waits in M/M/c with offered load a < c. */
export function erlangC(c: number, a: number): number {
  const b = erlangB(c, a);
  const rho = a / c;
  return b / (1 - rho + rho * b);
}

/** Mean response time of M/M/c (equal to c-server processor sharing with exponential work). */
export function mmcResponse(lambda: number, mu: number, c: number): number {
  return erlangC(c, lambda / mu) / (c * mu - lambda) + 1 / mu;
}

export interface MvaStation {
  /** Seconds of service per request. */
  demand: number;
  /** Servers: a station with c servers serves min(n, c)/c of its full rate... per server; 1 = a PS/FCFS queue. */
  servers: number;
}

/**
 * Exact MVA for one closed class with think time z; multi-server stations by the
 * load-dependent recursion on marginal queue-length probabilities. Returns X(N)
 * and R(N) for N = 1..nMax.
 */
export function exactMva(stations: MvaStation[], z: number, nMax: number): { x: number[]; r: number[] } {
  const K = stations.length;
  const q = new Float64Array(K);
  // p[k][j]: probability of j customers at multi-server station k with the population so far.
  const p = stations.map(() => {
    const a = new Float64Array(nMax + 1);
    a[0] = 1;
    return a;
  });
  const xs: number[] = [], rs: number[] = [];
  for (let n = 1; n <= nMax; n++) {
    const rk = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      const s = stations[k];
      if (s.servers === 1) rk[k] = s.demand * (1 + q[k]);
      else {
        let r = 0;
        for (let j = 1; j <= n; j++) r += ((j * s.demand) / Math.min(j, s.servers)) * p[k][j - 1];
        rk[k] = r;
      }
    }
    const R = rk.reduce((a, b) => a + b, 0);
    const X = n / (z + R);
    for (let k = 0; k < K; k++) {
      q[k] = X * rk[k];
      const s = stations[k];
      if (s.servers > 1) {
        const prev = p[k];
        const next = new Float64Array(nMax + 1);
        let sum = 0;
        for (let j = n; j >= 1; j--) {
          next[j] = ((s.demand / Math.min(j, s.servers)) * X * prev[j - 1]);
          sum += next[j];
        }
        next[0] = Math.max(0, 1 - sum);
        p[k] = next;
      }
    }
    xs.push(X);
    rs.push(R);
  }
  return { x: xs, r: rs };
}

/** Mean and standard error of batch means, and the two-sided 95% Student t quantile for their count. */
export function batchMeans(values: number[]): { mean: number; se: number; t95: number } {
  const b = values.length;
  const mean = values.reduce((a, v) => a + v, 0) / b;
  const v = values.reduce((a, x) => a + (x - mean) ** 2, 0) / (b - 1);
  // t quantiles 0.975 for b - 1 degrees of freedom (b = 10..40 here).
  const T: Record<number, number> = { 9: 2.262, 14: 2.145, 19: 2.093, 24: 2.064, 29: 2.045, 39: 2.023 };
  const t95 = T[b - 1];
  if (t95 === undefined) throw new Error(`no t quantile for ${b} batches`);
  return { mean, se: Math.sqrt(v / b), t95 };
}
