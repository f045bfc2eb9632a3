import { popKeyed, pushKeyed } from '../keyed-heap.js';

/**
 * A single-server processor-sharing station of fixed rate (a replica's disk or
 * network link): n jobs each get rate / n. Like a VM's CPU, it keeps one virtual
 * clock, `work`: the amount delivered to each job since creation. A job of size s
 * entering at work w leaves when work reaches w + s, so jobs sit in a heap by that
 * end value and only the earliest needs an event: O(log n) per arrival or departure.
 */
export class PsStation {
  work = 0;
  n = 0;
  updatedAt = 0;
  /** Time with at least one job (integral for utilization). */
  busyTime = 0;
  readonly jobs: number[] = [];
  event = -1;

  /** @param rate units per second (Mbit/s). */
  constructor(readonly rate: number, now: number) {
    this.updatedAt = now;
  }

  advance(now: number): void {
    const dt = now - this.updatedAt;
    if (dt > 0) {
      if (this.n > 0) {
        this.work += (this.rate / this.n) * dt;
        this.busyTime += dt;
      }
      this.updatedAt = now;
    }
  }

  /** Adds job `id` of `size` units (advance to now first). */
  enter(id: number, size: number, end: Float64Array): void {
    end[id] = this.work + size;
    pushKeyed(this.jobs, id, end);
    this.n++;
  }

  pop(end: Float64Array): number {
    this.n--;
    return popKeyed(this.jobs, end);
  }

  /** Seconds until the earliest job is done (Infinity when idle). */
  nextIn(end: Float64Array): number {
    if (this.n === 0) return Infinity;
    const dt = ((end[this.jobs[0]] - this.work) * this.n) / this.rate;
    return dt > 0 ? dt : 0;
  }
}
