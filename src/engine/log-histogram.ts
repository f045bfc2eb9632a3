/**
 * A histogram with logarithmic buckets for positive values (response times): O(1)
 * per value and a few kB whatever the number of values, where storing and sorting
 * every sample of a long run would cost memory and time.
 *
 * Bucket k holds [MIN * R^k, MIN * R^(k+1)) with R = 1.01; a quantile is reported as
 * its bucket's geometric midpoint, so it is within sqrt(1.01) - 1 < 0.5% (relative)
 * of the exact order statistic. Values below MIN (1 ns) share one bucket reported as
 * 0 (absolute error < 1 ns). Count, sum (so the mean), min and max are exact.
 */
import { ZERO } from './doubles.js';
import { grown } from './grown.js';

const MIN = 1e-9;
const RATIO = 1.01;
const INV_LOG_RATIO = 1 / Math.log(RATIO);
const HALF_STEP = Math.sqrt(RATIO);
/** Relative error bound of `quantile`, for documentation and tests. */
export const LOG_HISTOGRAM_RELATIVE_ERROR = HALF_STEP - 1;

export class LogHistogram {
  count = 0;
  sum = ZERO;
  min = Infinity;
  max = -Infinity;
  /** counts[0]: values below MIN; counts[k + 1]: bucket k. */
  private counts = new Float64Array(512);

  add(x: number): void {
    this.count++;
    this.sum += x;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    const i = x < MIN ? 0 : 1 + Math.floor(Math.log(x / MIN) * INV_LOG_RATIO);
    if (i >= this.counts.length) this.grow(i);
    this.counts[i]++;
  }

  get mean(): number {
    return this.count > 0 ? this.sum / this.count : NaN;
  }

  /**
   * The ceil(q n)-th smallest value (the inverse of the empirical distribution
   * function; the smallest value for q = 0), within 0.5%; NaN when empty.
   */
  quantile(q: number): number {
    const n = this.count;
    if (n === 0) return NaN;
    const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
    const c = this.counts;
    let seen = 0;
    for (let i = 0; i < c.length; i++) {
      seen += c[i];
      if (seen >= rank) {
        if (i === 0) return 0;
        const mid = MIN * Math.pow(RATIO, i - 1) * HALF_STEP;
        // The exact extremes are known: never report beyond them.
        return Math.min(this.max, Math.max(this.min, mid));
      }
    }
    return this.max;
  }

  private grow(i: number): void {
    this.counts = grown(this.counts, Math.max(i + 1, 2 * this.counts.length));
  }
}
