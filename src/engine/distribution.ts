/**
 * Plain-data description of a probability distribution, as a scenario writes it.
 * Parameters are in the unit of the field that uses the distribution (seconds for
 * inter-arrival times, MI for task lengths...): the scenario layer converts human
 * units before building one of these.
 */
export type DistSpec =
  | { dist: 'constant'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'normal'; mean: number; sd: number }
  /** mu and sigma are the mean and standard deviation of the underlying normal (of ln X). */
  | { dist: 'lognormal'; mu: number; sigma: number }
  /** Pareto type I: P(X > x) = (scale / x)^shape for x >= scale. */
  | { dist: 'pareto'; shape: number; scale: number }
  /** Draws one of `values`, with probability proportional to `weights` (equal if absent). */
  | { dist: 'empirical'; values: number[]; weights?: number[] };

export type DistName = DistSpec['dist'];
export const DIST_NAMES: readonly DistName[] = [
  'constant', 'uniform', 'exponential', 'normal', 'lognormal', 'pareto', 'empirical',
];

/** Analytic mean of a distribution (Infinity where it does not exist). */
export function distMean(d: DistSpec): number {
  switch (d.dist) {
    case 'constant': return d.value;
    case 'uniform': return (d.min + d.max) / 2;
    case 'exponential': return d.mean;
    case 'normal': return d.mean;
    case 'lognormal': return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
    case 'pareto': return d.shape > 1 ? (d.shape * d.scale) / (d.shape - 1) : Infinity;
    case 'empirical': {
      const w = d.weights;
      let s = 0, ws = 0;
      for (let i = 0; i < d.values.length; i++) {
        const wi = w ? w[i] : 1;
        s += wi * d.values[i];
        ws += wi;
      }
      return s / ws;
    }
  }
}

/**
 * Analytic variance of a distribution (Infinity where it does not exist: Pareto
 * with shape <= 2, whose second moment diverges).
 */
export function distVariance(d: DistSpec): number {
  switch (d.dist) {
    case 'constant': return 0;
    case 'uniform': { const w = d.max - d.min; return (w * w) / 12; }
    case 'exponential': return d.mean * d.mean;
    case 'normal': return d.sd * d.sd;
    case 'lognormal': {
      const s2 = d.sigma * d.sigma;
      return Math.expm1(s2) * Math.exp(2 * d.mu + s2);
    }
    case 'pareto': {
      const a = d.shape;
      if (!(a > 2)) return Infinity;
      return (d.scale * d.scale * a) / ((a - 1) * (a - 1) * (a - 2));
    }
    case 'empirical': {
      const m = distMean(d);
      const w = d.weights;
      let s = 0, ws = 0;
      for (let i = 0; i < d.values.length; i++) {
        const wi = w ? w[i] : 1;
        const dv = d.values[i] - m;
        s += wi * dv * dv;
        ws += wi;
      }
      return s / ws;
    }
  }
}
