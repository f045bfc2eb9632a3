/**
 * Asymptotic bounds of a closed network (Lazowska et al., Quantitative System
 * Performance, 1984, ch. 5; Denning and Buzen's operational laws). They hold for
 * any service distributions and disciplines, not only product form.
 *
 * With D = Σ D_k (every station, delay ones included), think time Z and D_max the
 * largest demand per server (a station of c servers can complete c/D_k requests per
 * second, so it counts as D_k/c; a delay station never limits throughput):
 *   N / (N·D + Z) <= X(N) <= min(N / (D + Z), 1 / D_max)
 *   max(D, N·D_max − Z) <= R(N) <= N·D
 * The optimistic pair crosses at N* = (D + Z) / D_max, the population beyond which
 * the bottleneck, not the users, sets the throughput.
 */
import { resolveNetwork, type ClosedNetwork } from './network.js';

export interface Bounds {
  /** Largest demand per server (seconds); 0 when every station is a delay station. */
  dMax: number;
  /** Total demand D over every station (seconds). */
  dTotal: number;
  thinkTime: number;
  /** The station with demand per server dMax (the first of equals); undefined when dMax is 0. */
  bottleneck: { index: number; name: string } | undefined;
  /** N* = (D + Z) / D_max (Infinity when nothing queues). */
  nStar: number;
  /** X(N) <= min(N / (D + Z), 1 / D_max). */
  maxThroughput(n: number): number;
  /** R(N) >= max(D, N·D_max − Z). */
  minResponse(n: number): number;
  /** X(N) >= N / (N·D + Z): every other user ahead of this one at every station. */
  minThroughput(n: number): number;
  /** R(N) <= N·D. */
  maxResponse(n: number): number;
}

export function asymptoticBounds(net: ClosedNetwork): Bounds {
  const { stations, thinkTime: z } = resolveNetwork(net);
  let dTotal = 0, dMax = 0;
  let bottleneck: Bounds['bottleneck'];
  stations.forEach((s, index) => {
    dTotal += s.demand;
    const perServer = s.demand / s.servers; // 0 for a delay station (servers Infinity)
    if (perServer > dMax) {
      dMax = perServer;
      bottleneck = { index, name: s.name };
    }
  });
  return {
    dMax,
    dTotal,
    thinkTime: z,
    bottleneck,
    nStar: dMax > 0 ? (dTotal + z) / dMax : Infinity,
    maxThroughput: (n) => Math.min(n / (dTotal + z), dMax > 0 ? 1 / dMax : Infinity),
    minResponse: (n) => Math.max(dTotal, n * dMax - z),
    minThroughput: (n) => n / (n * dTotal + z),
    maxResponse: (n) => n * dTotal,
  };
}
