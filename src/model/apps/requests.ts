/**
 * The requests in flight of one application, as a struct of typed arrays with a
 * free list: a run of millions of requests reuses a few thousand rows. A request
 * row r owns `depth` visit rows r * depth + h, one per hop of its call chain (a
 * request is at most at one visit per hop at a time: calls are synchronous).
 */
import { grown } from '../../engine/grown.js';

export class RequestTable {
  /** Per request: class, closed-workload user (-1: open), arrival time. */
  cls: Int32Array;
  user: Int32Array;
  start: Float64Array;
  /** Per request: its deepest active hop (the visits at hops 0..hop are in progress). */
  hop: Int32Array;
  /**
   * Per request: -1 normally; once it failed (a replica it was at was lost), the hop
   * of the lost visit its surviving deeper visits unwind to, after which the row is free.
   */
  stop: Int32Array;
  /** Per request: 1 while the row is in use. */
  live: Uint8Array;
  /** Per visit: replica serving it, calls still to make, arrival at its tier. */
  replica: Int32Array;
  callsLeft: Int32Array;
  arrived: Float64Array;
  /** Per visit: virtual finish time in the PS station (CPU, disk or network) it is in. */
  end: Float64Array;
  /** Per visit: when it began waiting for a connection. */
  waitFrom: Float64Array;
  /** Requests in flight. */
  inFlight = 0;
  private free: Int32Array;
  private freeTop = 0;
  private used = 0;

  constructor(readonly depth: number, private cap = 256) {
    this.cls = new Int32Array(cap);
    this.user = new Int32Array(cap);
    this.start = new Float64Array(cap);
    this.hop = new Int32Array(cap);
    this.stop = new Int32Array(cap);
    this.live = new Uint8Array(cap);
    this.replica = new Int32Array(cap * depth);
    this.callsLeft = new Int32Array(cap * depth);
    this.arrived = new Float64Array(cap * depth);
    this.end = new Float64Array(cap * depth);
    this.waitFrom = new Float64Array(cap * depth);
    this.free = new Int32Array(cap);
  }

  alloc(cls: number, user: number, now: number): number {
    let r: number;
    if (this.freeTop > 0) r = this.free[--this.freeTop];
    else {
      if (this.used === this.cap) this.grow();
      r = this.used++;
    }
    this.cls[r] = cls;
    this.user[r] = user;
    this.start[r] = now;
    this.hop[r] = 0;
    this.stop[r] = -1;
    this.live[r] = 1;
    this.inFlight++;
    return r;
  }

  /** Rows ever used (live or free): live requests are among 0..rows-1. */
  get rows(): number {
    return this.used;
  }

  release(r: number): void {
    this.live[r] = 0;
    this.free[this.freeTop++] = r;
    this.inFlight--;
  }

  private grow(): void {
    const n = 2 * this.cap, d = this.depth;
    this.cls = grown(this.cls, n);
    this.user = grown(this.user, n);
    this.start = grown(this.start, n);
    this.hop = grown(this.hop, n);
    this.stop = grown(this.stop, n);
    this.live = grown(this.live, n);
    this.replica = grown(this.replica, n * d);
    this.callsLeft = grown(this.callsLeft, n * d);
    this.arrived = grown(this.arrived, n * d);
    this.end = grown(this.end, n * d);
    this.waitFrom = grown(this.waitFrom, n * d);
    this.free = grown(this.free, n);
    this.cap = n;
  }
}
