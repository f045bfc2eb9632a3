/**
 * Seeded synthetic PlanetLab-like CPU utilization traces, so the consolidation scenario
 * runs on a fresh clone without the PlanetLab data.
 *
 * Target statistics, measured on the ten CloudSim PlanetLab days (all 11,746 VMs,
 * 3,382,848 samples, utilization in %; the range over the ten single days in brackets):
 *   mean utilization                      11.10   [9.26 .. 12.39]   (st.dev 15.34)
 *   share of samples exactly 0            0.162   [0.142 .. 0.189]
 *   VMs with at least one 0               0.767   [0.713 .. 0.882]
 *   VMs with two consecutive 0s           0.578   [0.505 .. 0.722]  (CloudSim drops such VMs)
 *   VMs mostly idle (more than half 0)    0       on every day: the largest share of 0s in any
 *                                                 file is exactly 1/2, so the data set holds only
 *                                                 VMs whose median is > 0
 *   lag-1 autocorrelation, mean over VMs  0.086   [0.053 .. 0.119]  (pooled, about each VM's
 *                                                 mean: 0.129 [0.071 .. 0.199]; it stays near 0.07
 *                                                 at lags 2..12: a weak slow part under a lot of
 *                                                 sample-to-sample noise)
 *   P(0 | previous sample 0)              0.381
 *   per-VM mean, quantiles 10/25/50/75/90 %:  1.67 / 2.98 / 6.67 / 14.27 / 25.88
 *                                         (median over days 5.54 .. 7.70)
 * By per-VM mean (bins [0,2) [2,4) [4,8) [8,16) [16,32) [32,64) [64,100)), the share of
 * 0s falls 0.40 0.26 0.15 0.068 0.032 0.012 0, the within-VM st.dev grows 1.9 3.8 6.5 8.7
 * 11.2 13.7 11.5, and the lag-1 autocorrelation grows 0.03 0.04 0.04 0.13 0.17 0.16 0.13.
 * Small values favour even numbers in many files (a 2 % measurement grain).
 *
 * The generator, per VM (every draw from the given stream, in a fixed order):
 *  1. level L (%): drawn from the measured per-VM mean quantiles above (log-linear
 *     interpolation between the knots of LEVEL_Q);
 *  2. idle share z: with probability exp(-L/37) the VM has idle samples, a share
 *     z = min(1/2, 0.55 / (1 + (L/12.3)^2) * U^2.7) of them, each sample idle
 *     independently (persistence inside a VM was not needed: the measured P(0 | 0)
 *     comes mostly from VMs differing in their share of 0s);
 *  3. grain q: 2 % with probability 0.5 exp(-L/4.2), else 1 %;
 *  4. busy samples: A_t = (L/(1-z) + 0.07) exp(a_t + e_t - var/2), a log-normal whose
 *     coefficient of variation is sd(L)/L with sd(L) = min(L, 2.84 L^0.42, 0.55 (100-L));
 *     a share f(L) = 0.24 L^2/(L^2 + 5.4^2) of its log-variance is an AR(1) a_t with
 *     coefficient 0.86, the rest is white noise e_t;
 *  5. the sample is q * floor(A_t/q + 0.05) percent, at most 99 (the data never reaches
 *     100), or 0 when idle;
 *  6. like the data set, a VM with more than half its samples 0 is rejected and redrawn
 *     (ten times with the same level, then with a new one).
 * The constants were fitted by a random search on the statistics above, overall and per
 * bin of per-VM mean. Over 40 runs of 1000 VMs (stream `traces` of seeds 1..40; mean +- st.dev
 * over runs) the generator gives:
 *   mean utilization 11.21 +- 0.38, share of 0s 0.155 +- 0.006, VMs with a 0: 0.774 +- 0.014,
 *   VMs with two consecutive 0s 0.604 +- 0.018, lag-1 autocorrelation 0.081 +- 0.003,
 *   P(0 | previous 0) 0.324 +- 0.005, mostly idle VMs 0,
 *   per-VM mean quantiles 10/25/50/75/90 %: 1.57 / 2.81 / 6.71 / 14.5 / 26.4.
 * Known gaps: slightly too few 0s in the lowest VMs (their mean quantile 10 % is 1.57, not
 * 1.67), 0s a little less clustered (P(0 | 0) 0.32, not 0.38), no odd/even pattern beyond
 * the 2 % grain. Generating 1000 VMs takes about 70 ms.
 */
import { InputError } from '../errors.js';
import type { Stream } from '../engine/random.js';
import type { UtilizationTraces } from './utilization-trace.js';

/** The PlanetLab statistics the generator aims at (all ten days; see the file comment). */
export const PLANETLAB_STATS = {
  vms: 11746,
  meanPct: 11.1,
  zeroShare: 0.162,
  anyZeroShare: 0.767,
  zeroPairShare: 0.578,
  mostlyIdleShare: 0,
  lag1: 0.086,
  vmMeanQuantiles: { q10: 1.67, q25: 2.98, q50: 6.67, q75: 14.27, q90: 25.88 },
  /** Smallest and largest value of a statistic over the ten single days. */
  dayRange: {
    meanPct: [9.26, 12.39],
    zeroShare: [0.1415, 0.1886],
    zeroPairShare: [0.505, 0.722],
    lag1: [0.0525, 0.1192],
    vmMeanMedian: [5.54, 7.7],
  },
} as const;

/**
 * Knots of the level distribution: [probability, per-VM mean %] from the measured
 * quantiles. The four lowest are 6.4 % below the measured ones, which offsets step 6
 * (rejected VMs are mostly low ones, and redrawing their level shifts the lower tail up).
 */
const LEVEL_Q: ReadonlyArray<readonly [number, number]> = [
  [0, 0.484], [0.01, 0.978], [0.02, 1.072], [0.05, 1.294], [0.1, 1.67], [0.15, 2.052],
  [0.2, 2.479], [0.25, 2.976], [0.3, 3.455], [0.35, 4.023], [0.4, 4.736], [0.45, 5.612],
  [0.5, 6.668], [0.55, 7.906], [0.6, 9.337], [0.65, 10.779], [0.7, 12.464], [0.75, 14.273],
  [0.8, 16.708], [0.85, 19.597], [0.9, 25.88], [0.95, 36.498], [0.975, 46.6], [0.99, 67.259],
  [1, 95.976],
];
const LOG_LEVEL = LEVEL_Q.map(([, v]) => Math.log(v));

const IDLE_SCALE = 37; // probability of an idle share: exp(-L / IDLE_SCALE)
const IDLE_MAX = 0.55;
const IDLE_LEVEL = 12.3;
const IDLE_POWER = 2.7;
const GRAIN2_PROB = 0.5;
const GRAIN2_SCALE = 4.2;
const LEVEL_OFFSET = 0.07;
const SD_LOW = 1; // sd(L) = min(SD_LOW L, SD_A L^SD_B, SD_SAT (100 - L))
const SD_A = 2.84;
const SD_B = 0.42;
const SD_SAT = 0.55;
const SLOW_SHARE = 0.24;
const SLOW_LEVEL = 5.4;
const AR = 0.86;
const ROUND_UP = 0.05;
const MAX_PCT = 99;
const TRIES_PER_LEVEL = 10;
const MAX_TRIES = 10000;

function level(u: number): number {
  let i = 1;
  while (i < LEVEL_Q.length - 1 && LEVEL_Q[i][0] <= u) i++;
  const [p0] = LEVEL_Q[i - 1];
  const [p1] = LEVEL_Q[i];
  const w = (u - p0) / (p1 - p0);
  return Math.exp(LOG_LEVEL[i - 1] + w * (LOG_LEVEL[i] - LOG_LEVEL[i - 1]));
}

/** Fills `out` with one candidate trace of whole percentages; returns how many are 0. */
function drawSeries(L: number, stream: Stream, out: Int32Array): number {
  const sd = Math.min(SD_LOW * L, SD_A * Math.pow(L, SD_B), SD_SAT * (100 - L));
  const cv = sd / L;
  const logVar = Math.log(1 + cv * cv);
  const slowShare = (SLOW_SHARE * L * L) / (L * L + SLOW_LEVEL * SLOW_LEVEL);
  const slowSd = Math.sqrt(slowShare * logVar);
  const fastSd = Math.sqrt((1 - slowShare) * logVar);
  const z = stream.next() < Math.exp(-L / IDLE_SCALE)
    ? Math.min(0.5, (IDLE_MAX / (1 + (L / IDLE_LEVEL) ** 2)) * Math.pow(stream.next(), IDLE_POWER))
    : 0;
  const grain = stream.next() < GRAIN2_PROB * Math.exp(-L / GRAIN2_SCALE) ? 2 : 1;
  const scale = (L / (1 - z) + LEVEL_OFFSET) * Math.exp(-logVar / 2);
  const innov = slowSd * Math.sqrt(1 - AR * AR);
  let a = stream.normal(0, slowSd);
  let zeros = 0;
  for (let t = 0; t < out.length; t++) {
    if (t > 0) a = AR * a + stream.normal(0, innov);
    const busy = scale * Math.exp(a + stream.normal(0, fastSd));
    let v = Math.min(MAX_PCT, grain * Math.floor(busy / grain + ROUND_UP));
    if (z > 0 && stream.next() < z) v = 0;
    out[t] = v;
    if (v === 0) zeros++;
  }
  return zeros;
}

/**
 * `count` seeded synthetic traces resembling PlanetLab days (see the file comment for
 * the model and how close its statistics come). Names `synthetic-0000`, `synthetic-0001`,
 * ...; values are whole percentages / 100. The result depends only on the stream's
 * state: the same seed and stream name give the same traces.
 *
 * @param opts.samples samples per VM (default 288, one day at 5-minute steps)
 * @param opts.step seconds between samples (default 300)
 * @throws InputError (E_TRACE) for a count that is not a whole number >= 0, samples not a
 *   whole number >= 1, or a step that is not a finite number > 0.
 */
export function syntheticPlanetLabTraces(
  count: number,
  stream: Stream,
  opts: { samples?: number | undefined; step?: number | undefined } = {},
): UtilizationTraces {
  const samples = opts.samples ?? 288;
  const step = opts.step ?? 300;
  if (!(Number.isSafeInteger(count) && count >= 0)) {
    throw new InputError('E_TRACE', `synthetic traces: count must be a whole number >= 0, got ${count}`);
  }
  if (!(Number.isSafeInteger(samples) && samples >= 1)) {
    throw new InputError('E_TRACE', `synthetic traces: samples must be a whole number >= 1, got ${samples}`);
  }
  if (!(Number.isFinite(step) && step > 0)) {
    throw new InputError('E_TRACE', `synthetic traces: step must be a number of seconds > 0, got ${step}`);
  }
  const width = Math.max(4, String(Math.max(0, count - 1)).length);
  const names: string[] = [];
  const out: Float64Array[] = [];
  const pct = new Int32Array(samples);
  for (let i = 0; i < count; i++) {
    let L = 0;
    for (let attempt = 0; ; attempt++) {
      if (attempt === MAX_TRIES) throw new Error(`syntheticPlanetLabTraces: no acceptable trace after ${MAX_TRIES} draws`);
      if (attempt % TRIES_PER_LEVEL === 0) L = level(stream.next());
      if (2 * drawSeries(L, stream, pct) <= samples) break;
    }
    names.push(`synthetic-${String(i).padStart(width, '0')}`);
    out.push(Float64Array.from(pct, (v) => v / 100));
  }
  return { step, names, samples: out };
}
