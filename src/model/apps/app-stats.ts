import { LogHistogram } from '../../engine/log-histogram.js';
import type { Simulation } from '../../engine/simulation.js';
import type { AppModelSpec } from './spec.js';
import { ZERO } from '../../engine/doubles.js';

/**
 * Request-level statistics of one application over [warmup, end]: a request counts
 * when it ends (completes or is rejected) at or after the warm-up time.
 */
export class AppStats {
  readonly response = new LogHistogram();
  readonly classResponse: LogHistogram[];
  readonly classRejected: Float64Array;
  /** All requests ever completed and rejected, warm-up included (for the time series). */
  completedTotal = 0;
  rejectedTotal = 0;
  responseTotal = ZERO;

  constructor(private readonly spec: AppModelSpec, private readonly sim: Simulation) {
    this.classResponse = spec.classes.map(() => new LogHistogram());
    this.classRejected = new Float64Array(spec.classes.length);
    this.classFailed = new Float64Array(spec.classes.length);
  }

  /** Requests lost with a replica (a host failure), per class, and all of them ever. */
  readonly classFailed: Float64Array;
  failedTotal = 0;

  get failedCount(): number {
    let n = 0;
    for (const x of this.classFailed) n += x;
    return n;
  }

  failed(cls: number): void {
    this.failedTotal++;
    if (this.sim.now >= this.spec.warmup) this.classFailed[cls]++;
  }

  get rejected(): number {
    let n = 0;
    for (const x of this.classRejected) n += x;
    return n;
  }

  request(cls: number, time: number, ok: boolean): void {
    if (ok) {
      this.completedTotal++;
      this.responseTotal += time;
    } else this.rejectedTotal++;
    if (this.sim.now < this.spec.warmup) return;
    if (ok) {
      this.response.add(time);
      this.classResponse[cls].add(time);
    } else this.classRejected[cls]++;
  }
}
