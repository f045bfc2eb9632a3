/**
 * Exact Mean Value Analysis of a closed, single-class, product-form network
 * (Reiser and Lavenberg, "Mean-value analysis of closed multichain queuing
 * networks", JACM 27(2), 1980; Lazowska et al., Quantitative System Performance,
 * 1984, ch. 6 and ch. 8 for load-dependent centers).
 *
 * For n = 1, 2, ... users, with Q_k(n − 1) the queue lengths one user fewer (the
 * arrival theorem: an arriving user sees the network in equilibrium without itself):
 *   delay:   R_k(n) = D_k
 *   queue:   R_k(n) = D_k (1 + Q_k(n − 1))
 *   multi:   R_k(n) = Σ_{j=1..n} (j / min(j, c)) D_k p_k(j − 1 | n − 1)
 *                   = (D_k / c) (1 + Q_k(n − 1) + Σ_{j=0..c−2} (c − 1 − j) p_k(j | n − 1))
 *   X(n) = n / (Z + Σ_k R_k(n)),   Q_k(n) = X(n) R_k(n)
 *   p_k(j | n) = X(n) D_k / j · p_k(j − 1 | n − 1)           for 1 <= j <= c − 2
 * The second form of the multi-server residence (Reiser's) needs the marginal
 * probabilities only below c − 1, so a multi station costs O(c) per population.
 *
 * p_k(0 | n) is where load-dependent MVA goes wrong in floating point: the textbook
 * 1 − Σ_{j>=1} p_k(j | n) cancels catastrophically once station k saturates
 * (p_k(0) ~ 1e-30 computed as a difference of numbers near 1), and the error then
 * grows by up to (X D)^j / j! along the recursion above — ~1e26 for c = 64 — until
 * probabilities turn negative and the residence times diverge. Instead we use the
 * exact product of positive ratios
 *   p_k(0 | n) = p_k(0 | n − 1) · X(n) / X_{−k}(n)
 * where X_{−k} is the throughput of the same network without station k (from
 * p_k(0 | n) = G_{−k}(n) / G(n) and X(n) = G(n − 1) / G(n) for the normalizing
 * constants G; Casale and Serazzi, "Stabilization techniques for load-dependent
 * queueing networks algorithms", 2005, review the instability and its remedies).
 * Each complement network has its own multi stations, so the complements form a
 * lattice; identical stations (same demand and servers: replicas of a tier) are
 * symmetric, so the lattice is over how many of each kind are present: Π (r_t + 1)
 * sweeps of O(nMax · (K + Σ c)) for r_t identical stations of kind t. Each ratio
 * is <= 1 (removing a station never lowers throughput), so p_k(0 | n) only shrinks
 * with n; one that underflows to 0 is 0 to double precision.
 */
import { InputError } from '../errors.js';
import { integer } from './check.js';
import { resolveNetwork, type ClosedNetwork, type ResolvedStation } from './network.js';

export { asymptoticBounds, type Bounds } from './bounds.js';
export type { ClosedNetwork, Station, StationKind, ResolvedStation } from './network.js';

export interface StationPoint {
  /** Mean number of requests at the station, waiting or in service. */
  queueLength: number;
  /** Fraction of time each server is busy, X·D / c (0 for a delay station). */
  utilization: number;
  /** Mean time a request spends here over all its visits (seconds). */
  residenceTime: number;
}

export interface MvaPoint {
  /** Number of users N. */
  n: number;
  /** Requests completed per second. */
  throughput: number;
  /** Mean response time R = Σ residence times, excluding the think time (seconds). */
  responseTime: number;
  /** Per station, in the order given. */
  stations: StationPoint[];
}

export interface MvaSolution {
  stations: ResolvedStation[];
  thinkTime: number;
  /** points[i] is the network with i + 1 users. */
  points: MvaPoint[];
}

/** Sweeps past this many (complement networks) are refused rather than run for minutes. */
export const MAX_SWEEPS = 4096;

const DELAY = 0, SINGLE = 1;

/**
 * Solves the network for every population 1..nMax. Stations of kind `multi` with
 * c >= nMax never queue at these populations and are solved as delay stations,
 * exactly; c = 1 is a single-server queue.
 */
export function exactMva(net: ClosedNetwork, nMax: number): MvaSolution {
  const { stations, thinkTime } = resolveNetwork(net);
  integer('population nMax', nMax, 1);

  // Stations that need marginal probabilities, grouped into classes of identical ones.
  const classOf = new Int32Array(stations.length).fill(-1);
  const classes: { demand: number; servers: number; count: number }[] = [];
  const simple: { index: number; kind: number; demand: number }[] = [];
  stations.forEach((s, i) => {
    if (s.kind === 'delay' || s.demand === 0 || s.servers >= nMax) {
      simple.push({ index: i, kind: DELAY, demand: s.demand });
    } else if (s.servers === 1) {
      simple.push({ index: i, kind: SINGLE, demand: s.demand });
    } else {
      let t = classes.findIndex((c) => c.demand === s.demand && c.servers === s.servers);
      if (t < 0) t = classes.push({ demand: s.demand, servers: s.servers, count: 0 }) - 1;
      classes[t].count++;
      classOf[i] = t;
    }
  });

  // Mixed-radix index over (m_0, ..., m_{T-1}) with 0 <= m_t <= count_t; removing one
  // station of class t subtracts stride[t], so a complement always comes earlier.
  const stride: number[] = [];
  let sweeps = 1;
  for (const c of classes) {
    stride.push(sweeps);
    sweeps *= c.count + 1;
  }
  if (sweeps > MAX_SWEEPS) {
    throw new InputError(
      'E_MVA_SIZE',
      `exact MVA of these ${classes.reduce((s, c) => s + c.count, 0)} multi-server stations needs ${sweeps} complement networks (more than ${MAX_SWEEPS}); give identical replicas identical demand and servers so they share one, or merge them`,
    );
  }
  const throughputs: Float64Array[] = new Array(sweeps);
  const counts = new Int32Array(classes.length);
  let result: MvaPoint[] = [];
  for (let state = 0; state < sweeps; state++) {
    let rest = state;
    for (let t = classes.length - 1; t >= 0; t--) {
      counts[t] = Math.floor(rest / stride[t]);
      rest -= counts[t] * stride[t];
    }
    const last = state === sweeps - 1;
    const complements = classes.map((_, t) => (counts[t] > 0 ? throughputs[state - stride[t]] : undefined));
    const out = last ? [] : undefined;
    throughputs[state] = sweep(simple, classes, counts, complements, thinkTime, nMax, stations, classOf, out);
    if (out) result = out;
  }
  return { stations, thinkTime, points: result };
}

/**
 * One MVA pass over populations 1..nMax of the network made of the `simple`
 * stations and counts[t] stations of each class t. Returns X(0..nMax); fills `out`
 * with per-station points when given (only for the full network).
 */
function sweep(
  simple: { index: number; kind: number; demand: number }[],
  classes: { demand: number; servers: number }[],
  counts: Int32Array,
  complements: (Float64Array | undefined)[],
  z: number,
  nMax: number,
  stations: ResolvedStation[],
  classOf: Int32Array,
  out: MvaPoint[] | undefined,
): Float64Array {
  const S = simple.length, T = classes.length;
  const qs = new Float64Array(S), rs = new Float64Array(S);
  const qc = new Float64Array(T), rc = new Float64Array(T);
  // p[t][j] = p_t(j | n) for j = 0..c−2; p(0 | 0) = 1.
  const p = classes.map((c) => {
    const a = new Float64Array(c.servers - 1);
    a[0] = 1;
    return a;
  });
  const x = new Float64Array(nMax + 1);
  for (let n = 1; n <= nMax; n++) {
    let sum = 0;
    for (let i = 0; i < S; i++) {
      const d = simple[i].demand;
      const r = simple[i].kind === DELAY ? d : d * (1 + qs[i]);
      rs[i] = r;
      sum += r;
    }
    for (let t = 0; t < T; t++) {
      if (counts[t] === 0) continue;
      const c = classes[t].servers, pt = p[t];
      let acc = 1 + qc[t];
      const top = Math.min(n - 1, c - 2);
      for (let j = 0; j <= top; j++) acc += (c - 1 - j) * pt[j];
      const r = (classes[t].demand * acc) / c;
      rc[t] = r;
      sum += counts[t] * r;
    }
    // Only a complement network whose demands are all 0 and Z = 0 gets here with
    // denominator 0: its users cycle infinitely fast, and only its X is used.
    const denom = z + sum;
    const xn = denom > 0 ? n / denom : Infinity;
    x[n] = xn;
    const finite = denom > 0;
    for (let i = 0; i < S; i++) qs[i] = finite ? xn * rs[i] : 0;
    for (let t = 0; t < T; t++) {
      if (counts[t] === 0) continue;
      qc[t] = xn * rc[t];
      const d = classes[t].demand, pt = p[t];
      for (let j = Math.min(n, pt.length - 1); j >= 1; j--) pt[j] = ((xn * d) / j) * pt[j - 1];
      pt[0] *= xn / (complements[t] as Float64Array)[n];
    }
    if (out) out.push(point(n, xn, sum, stations, simple, rs, qs, rc, qc, classOf));
  }
  return x;
}

function point(
  n: number, xn: number, sum: number, stations: ResolvedStation[],
  simple: { index: number }[], rs: Float64Array, qs: Float64Array,
  rc: Float64Array, qc: Float64Array, classOf: Int32Array,
): MvaPoint {
  const at: StationPoint[] = new Array(stations.length);
  simple.forEach((s, i) => { at[s.index] = { queueLength: qs[i], utilization: 0, residenceTime: rs[i] }; });
  for (let k = 0; k < stations.length; k++) {
    const t = classOf[k];
    if (t >= 0) at[k] = { queueLength: qc[t], utilization: 0, residenceTime: rc[t] };
    const c = stations[k].servers;
    // X·D / c by the utilization law; an infinite-server station has no capacity to use up.
    if (c !== Infinity) at[k].utilization = (xn * stations[k].demand) / c;
  }
  return { n, throughput: xn, responseTime: sum, stations: at };
}
