/**
 * The requests in flight of one application, as a struct of typed arrays with a
 * free list: a run of millions of requests reuses a few thousand rows. A request
 * row r owns `depth` visit rows r * depth + h, one per hop of its call chain (a
 * request is at most at one visit per hop at a time: calls are synchronous).
 */
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
    const g32 = (a: Int32Array, len: number) => { const b = new Int32Array(len); b.set(a); return b; };
    const g64 = (a: Float64Array, len: number) => { const b = new Float64Array(len); b.set(a); return b; };
    this.cls = g32(this.cls, n);
    this.user = g32(this.user, n);
    this.start = g64(this.start, n);
    this.hop = g32(this.hop, n);
    this.stop = g32(this.stop, n);
    const live = new Uint8Array(n);
    live.set(this.live);
    this.live = live;
    this.replica = g32(this.replica, n * d);
    this.callsLeft = g32(this.callsLeft, n * d);
    this.arrived = g64(this.arrived, n * d);
    this.end = g64(this.end, n * d);
    this.waitFrom = g64(this.waitFrom, n * d);
    this.free = g32(this.free, n);
    this.cap = n;
  }
}
