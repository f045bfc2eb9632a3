/**
 * The future event list's order: a 4-ary min-heap of (time, key, slot) entries kept
 * in three typed arrays. A sift compares four children's times that sit in one
 * cache line and allocates nothing, and a 4-ary heap is half as deep as a binary
 * one. Measured against the alternatives on the hold model (P = 1e5): a binary heap
 * of (time, key, slot) triples was 1.5x slower; an 8-ary heap, branch-free child
 * selection, a cache-line-aligned layout and (key, slot) interleaved in one array
 * were all slower or no faster.
 *
 * `key` breaks ties in time: it packs the event's priority and its scheduling
 * sequence number, so equal times come out by priority, then first scheduled first.
 */
import { grown } from './grown.js';
export class EventHeap {
  time: Float64Array;
  key: Float64Array;
  slot: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.time = new Float64Array(capacity);
    this.key = new Float64Array(capacity);
    this.slot = new Int32Array(capacity);
  }

  push(time: number, key: number, slot: number): void {
    if (this.size === this.time.length) this.grow();
    this.siftUp(this.size++, time, key, slot);
  }

  /** Removes the root: the last entry takes its place and sifts down. */
  popRoot(): void {
    const n = --this.size;
    if (n > 0) this.siftDown(0, this.time[n], this.key[n], this.slot[n]);
  }

  /** Replaces the root by a new entry (one sift instead of a pop and a push). */
  replaceRoot(time: number, key: number, slot: number): void {
    this.siftDown(0, time, key, slot);
  }

  /** Keeps only the entries whose slot passes `keep`, then re-heapifies in O(n) (Floyd). */
  filter(keep: (slot: number) => boolean): void {
    const T = this.time, K = this.key, S = this.slot;
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      if (!keep(S[i])) continue;
      T[n] = T[i];
      K[n] = K[i];
      S[n] = S[i];
      n++;
    }
    this.size = n;
    for (let i = (n - 2) >> 2; i >= 0; i--) this.siftDown(i, T[i], K[i], S[i]);
  }

  private grow(): void {
    const n = this.time.length * 2;
    this.time = grown(this.time, n);
    this.key = grown(this.key, n);
    this.slot = grown(this.slot, n);
  }

  private siftUp(i: number, time: number, key: number, slot: number): void {
    const T = this.time, K = this.key, S = this.slot;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = T[p];
      if (pt < time || (pt === time && K[p] < key)) break;
      T[i] = pt;
      K[i] = K[p];
      S[i] = S[p];
      i = p;
    }
    T[i] = time;
    K[i] = key;
    S[i] = slot;
  }

  /** Sifts an entry down from position i; the four children are compared unrolled. */
  private siftDown(i: number, time: number, key: number, slot: number): void {
    const T = this.time, K = this.key, S = this.slot, n = this.size;
    for (;;) {
      const c0 = 4 * i + 1;
      if (c0 >= n) break;
      let c = c0;
      let ct = T[c0];
      if (c0 + 3 < n) {
        const t1 = T[c0 + 1], t2 = T[c0 + 2], t3 = T[c0 + 3];
        if (t1 < ct || (t1 === ct && K[c0 + 1] < K[c])) { c = c0 + 1; ct = t1; }
        if (t2 < ct || (t2 === ct && K[c0 + 2] < K[c])) { c = c0 + 2; ct = t2; }
        if (t3 < ct || (t3 === ct && K[c0 + 3] < K[c])) { c = c0 + 3; ct = t3; }
      } else {
        for (let j = c0 + 1; j < n; j++) {
          const tj = T[j];
          if (tj < ct || (tj === ct && K[j] < K[c])) { c = j; ct = tj; }
        }
      }
      if (time < ct || (time === ct && key < K[c])) break;
      T[i] = ct;
      K[i] = K[c];
      S[i] = S[c];
      i = c;
    }
    T[i] = time;
    K[i] = key;
    S[i] = slot;
  }
}
