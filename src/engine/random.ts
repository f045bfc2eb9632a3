/**
 * Seeded, named random streams and the samplers built on them. This layer knows
 * nothing of clouds: a stream is a name, and a distribution is a DistSpec.
 *
 * Reproducibility: every stream is seeded only from (scenario seed, stream name),
 * so creating a stream or drawing from it never changes the numbers any other
 * stream gives. Adding a new random consumer to the model therefore leaves the
 * draws of every existing one untouched. Math.random is never used.
 *
 * Generator: seedrandom's Tyche-i (Neves & Araujo 2011, a ChaCha-quarter-round
 * based nonlinear generator, passes TestU01 BigCrush, ~2^127 expected period).
 * Chosen by a micro-benchmark (Node 20, x86-64, 5e7 draws, best of 5, each
 * generator monomorphic in its own process, called through a class method as
 * Stream.next does):
 *
 *   generator   32-bit float   53-bit float (two int32 combined here)   seeding
 *   arc4 (default) 26.2 ns       25.5 ns (its own double())              5.9 us
 *   alea            5.5 ns       10.7 ns                                 1.9 us
 *   xorshift7       3.5 ns        7.1 ns                                 1.9 us
 *   xor4096         2.6 ns        5.0 ns                                 4.1 us
 *   tychei          2.3 ns        4.4 ns                                 0.8 us
 *   (xor128 1.6 ns and xorwow 1.9 ns are faster but are plain xorshift
 *    generators with known failures of TestU01's linear-complexity / matrix-rank
 *    tests, so they were not considered.)
 *
 * Alea, the usual suggestion, returns a double-typed state which V8 handles
 * slower than Tyche-i's int32 arithmetic. A pure-JS sfc32 inlined into the class
 * measured 2.9 ns per 53-bit draw, but only ~9% faster on a full exponential
 * draw (12.9 vs 14.2 ns, Math.log dominates), so no second generator is exported.
 *
 * Every uniform is built from two 32-bit outputs with 53 bits of resolution, so
 * the tails of exponential and Pareto draws are not truncated at 2^-32 (a 32-bit
 * uniform caps an exponential at ~22 means and a Pareto(1.1) at ~2^29 scales).
 */
import seedrandom from 'seedrandom';
import { InputError } from '../errors.js';
import type { DistSpec } from './distribution.js';
import { ZERO } from './doubles.js';

const TWO_POW_26 = 67108864;
const TWO_POW_MINUS_53 = 1.1102230246251565e-16;

/**
 * One independent sequence of random numbers. Stateful: the only state is the
 * generator's and the cached spare normal deviate.
 */
export class Stream {
  /** Standard normal deviate left over from the last polar-method pair. */
  private spare = ZERO;
  private hasSpare = false;

  /**
   * @param name the stream's name (for diagnostics).
   * @param int32 source of 32-bit integers (signed or unsigned, only the low 32
   *   bits are used). RandomStreams passes a seeded Tyche-i; tests may pass a
   *   scripted source to reach edge cases.
   */
  constructor(readonly name: string, private readonly int32: () => number) {}

  /** Uniform in [0, 1), on the grid k * 2^-53 (consumes two 32-bit outputs). */
  next(): number {
    const g = this.int32;
    return ((g() >>> 5) * TWO_POW_26 + (g() >>> 6)) * TWO_POW_MINUS_53;
  }

  /**
   * Uniform in [min, max). Requires finite min <= max (throws RangeError
   * otherwise); min === max is the degenerate case and returns min. A value
   * that rounds up to max is redrawn, so max itself never comes out.
   */
  uniform(min: number, max: number): number {
    const x = min + (max - min) * this.next();
    return x < max ? x : this.uniformSlow(min, max);
  }

  private uniformSlow(min: number, max: number): number {
    if (!(min <= max) || !Number.isFinite(min) || !Number.isFinite(max)) {
      throw new RangeError(`uniform(${min}, ${max}): need finite min <= max`);
    }
    if (min === max) return min;
    const w = max - min;
    if (w < Infinity) {
      for (;;) {
        const x = min + w * this.next();
        if (x < max) return x;
      }
    }
    // max - min overflows: work on halves (exact, neither bound is tiny here).
    const lo = min / 2, hw = max / 2 - min / 2;
    for (;;) {
      const x = 2 * (lo + hw * this.next());
      if (x < max) return x;
    }
  }

  /** Exponential with the given mean (> 0): -mean ln(1 - U), in [0, ~36.7 mean]. */
  exponential(mean: number): number {
    // 1 - U is exact and in (0, 1]; `0 -` turns the -0 of U = 0 into +0.
    return 0 - mean * Math.log(1 - this.next());
  }

  /** Standard normal deviate (Marsaglia polar method; the spare is cached). */
  private gauss(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let v1: number, v2: number, s: number;
    do {
      v1 = 2 * this.next() - 1;
      v2 = 2 * this.next() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v2 * f;
    this.hasSpare = true;
    return v1 * f;
  }

  /** Normal with the given mean and standard deviation (sd >= 0). */
  normal(mean: number, sd: number): number {
    return mean + sd * this.gauss();
  }

  /** exp(normal(mu, sigma)): mu and sigma are those of ln X. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.gauss());
  }

  /**
   * Pareto type I, P(X > x) = (scale / x)^shape for x >= scale (shape, scale > 0),
   * by inverse transform scale / V^(1/shape) with V = 1 - U in (0, 1], so V is
   * never 0 and the largest value is scale * 2^(53/shape).
   */
  pareto(shape: number, scale: number): number {
    return scale / Math.pow(1 - this.next(), 1 / shape);
  }

  /**
   * Uniform integer in [0, n) for an integer 1 <= n <= 2^53 (floor(U n) can not
   * round up to n in that range). Throws RangeError when n < 1.
   */
  int(n: number): number {
    if (!(n >= 1)) throw new RangeError(`int(${n}): need n >= 1`);
    return Math.floor(this.next() * n);
  }

  /** A uniformly chosen element of a non-empty array (throws RangeError if empty). */
  pick<T>(arr: readonly T[]): T {
    if (arr.length === 0) throw new RangeError('pick: empty array');
    return arr[Math.floor(this.next() * arr.length)];
  }
}

/** The named streams of one run, all derived from the scenario seed. */
export class RandomStreams {
  private readonly streams = new Map<string, Stream>();

  /** @param seed the scenario seed, a safe integer (RangeError otherwise). */
  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  }

  /**
   * The stream called `name`, created on first use and the same object after.
   * It is seeded from the string `dcsim/<seed>/<name>` alone (the seed has no
   * '/', so distinct (seed, name) pairs give distinct strings).
   */
  rng(name: string): Stream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new Stream(name, seedrandom.tychei(`dcsim/${this.seed}/${name}`).int32);
      this.streams.set(name, s);
    }
    return s;
  }
}

function bad(spec: DistSpec, why: string): never {
  throw new InputError('E_DIST', `invalid ${spec.dist} distribution ${JSON.stringify(spec)}: ${why}`);
}

const finite = Number.isFinite;

/**
 * Compiles a DistSpec into a closure drawing one value from `stream`. The
 * parameters are checked once here (InputError 'E_DIST' when out of range), not
 * on every draw. Each closure consumes the stream exactly as the matching Stream
 * method does; a constant never touches the stream.
 */
export function sampler(spec: DistSpec, stream: Stream): () => number {
  switch (spec.dist) {
    case 'constant': {
      const v = spec.value;
      if (!finite(v)) bad(spec, 'value must be finite');
      return () => v;
    }
    case 'uniform': {
      const { min, max } = spec;
      if (!finite(min) || !finite(max) || !(min <= max)) bad(spec, 'need finite min <= max');
      return () => stream.uniform(min, max);
    }
    case 'exponential': {
      const m = spec.mean;
      if (!finite(m) || !(m > 0)) bad(spec, 'mean must be finite and > 0');
      return () => stream.exponential(m);
    }
    case 'normal': {
      const { mean, sd } = spec;
      if (!finite(mean) || !finite(sd) || !(sd >= 0)) bad(spec, 'need finite mean and finite sd >= 0');
      return () => stream.normal(mean, sd);
    }
    case 'lognormal': {
      const { mu, sigma } = spec;
      if (!finite(mu) || !finite(sigma) || !(sigma >= 0)) bad(spec, 'need finite mu and finite sigma >= 0');
      return () => stream.lognormal(mu, sigma);
    }
    case 'pareto': {
      const { shape, scale } = spec;
      if (!finite(shape) || !(shape > 0) || !finite(scale) || !(scale > 0)) {
        bad(spec, 'shape and scale must be finite and > 0');
      }
      return () => stream.pareto(shape, scale);
    }
    case 'empirical':
      return empiricalSampler(spec, stream);
  }
}

function empiricalSampler(spec: Extract<DistSpec, { dist: 'empirical' }>, stream: Stream): () => number {
  const n = spec.values.length;
  if (n === 0) bad(spec, 'values must not be empty');
  const values = Float64Array.from(spec.values);
  for (let i = 0; i < n; i++) if (!finite(values[i])) bad(spec, 'values must be finite');
  const w = spec.weights;
  if (w === undefined) return () => values[Math.floor(stream.next() * n)];

  if (w.length !== n) bad(spec, `${w.length} weights for ${n} values`);
  // Cumulative weights normalised by the total: the last is exactly 1 (t / t),
  // so for U in [0, 1) the first index with cum[i] > U always exists, and a
  // zero-weight value (cum[i] === cum[i-1]) can never be that index.
  const cum = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const wi = w[i];
    if (!finite(wi) || !(wi >= 0)) bad(spec, 'weights must be finite and >= 0');
    total += wi;
    cum[i] = total;
  }
  if (!(total > 0) || !finite(total)) bad(spec, 'weights must have a finite positive sum');
  for (let i = 0; i < n; i++) cum[i] /= total;
  const last = n - 1;
  return () => {
    const u = stream.next();
    let lo = 0, hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return values[lo];
  };
}
