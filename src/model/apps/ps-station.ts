import { ZERO } from '../../engine/doubles.js';
import { grown } from '../../engine/grown.js';
import { NO_EVENT, type Simulation } from '../../engine/simulation.js';
import { popKeyed, pushKeyed } from '../keyed-heap.js';

/** Relative slack below which remaining work counts as done (float rounding). */
export const DONE_SLACK = 1e-12;

/** A growable list of ids, reused by every event (handlers never nest). */
export class IdBuffer {
  ids = new Int32Array(64);

  set(i: number, id: number): void {
    if (i === this.ids.length) this.ids = grown(this.ids, 2 * i);
    this.ids[i] = id;
  }
}

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
  updatedAt = ZERO;
  /** Time with at least one job (integral for utilization). */
  busyTime = 0;
  readonly jobs: number[] = [];
  event = NO_EVENT;

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

  /**
   * At the completion event: advances to `now` and moves every job that is done
   * (within rounding) into `out`; returns how many.
   */
  popDone(now: number, end: Float64Array, out: IdBuffer): number {
    this.advance(now);
    // The event was computed for the earliest job's end: rounding must not leave a sliver.
    if (this.work < end[this.jobs[0]]) this.work = end[this.jobs[0]];
    const limit = this.work + DONE_SLACK * Math.max(1, this.work);
    let k = 0;
    while (this.n > 0 && end[this.jobs[0]] <= limit) out.set(k++, this.pop(end));
    return k;
  }

  /** Moves its one completion event (`kind`, argument `a`) to the earliest job's end. */
  reschedule(sim: Simulation, kind: number, a: number, end: Float64Array): void {
    if (this.event >= 0) sim.cancel(this.event);
    const dt = this.nextIn(end);
    this.event = dt === Infinity ? NO_EVENT : sim.schedule(dt, kind, a);
  }

  /** Drops every job (its replica was lost). */
  clear(sim: Simulation): void {
    if (this.event >= 0) sim.cancel(this.event);
    this.event = NO_EVENT;
    this.advance(sim.now);
    this.n = 0;
    this.jobs.length = 0;
  }

  /** Seconds until the earliest job is done (Infinity when idle). */
  nextIn(end: Float64Array): number {
    if (this.n === 0) return Infinity;
    const dt = ((end[this.jobs[0]] - this.work) * this.n) / this.rate;
    return dt > 0 ? dt : 0;
  }
}
