/**
 * The event engine: a simulated clock and a future event list. It knows nothing of
 * clouds: an event is plain data (a kind number and two numeric arguments, plus an
 * optional object) handed to the handler registered for its kind.
 *
 * Order of events: by time, then by priority (lower first), then by the order they
 * were scheduled (FIFO). So two events at the same time and priority run in the
 * order they were scheduled, on every machine.
 *
 * The list is a 4-ary heap kept in three typed arrays (time, order key, slot): a
 * sift compares four children's times that sit in one cache line, allocates
 * nothing, and a 4-ary heap is half as deep as a binary one (measured: about 1.5x
 * the events/s of a binary heap of (time, key, slot) triples at 1e5 pending). The payload of an event lives
 * in a slot (kind, generation and cancelled flag packed in one double, then the two
 * arguments) that is recycled once the event has run. Cancellation marks the slot
 * and the event is skipped when it reaches the top (DSLab's way); when dead entries
 * outnumber live ones the heap is rebuilt without them, so rescheduling churn
 * cannot make it grow without bound.
 *
 * While a handler runs, its own event is still at the root. If the handler
 * schedules an event, that event takes the root's place and sifts down once,
 * instead of a removal followed by an insertion: the common "handle one, schedule
 * the next" pattern (the hold model) then costs one sift instead of two.
 */
import { SimulationError } from '../errors.js';

/** Called with the event's arguments; `sim.now` is the event's time. */
export type Handler = (a: number, b: number, obj: unknown) => void;

/** A handle to a scheduled event, for `cancel`. Never reused while meaningful. */
export type EventId = number;

const SLOT_BITS = 2 ** 26;
const GEN_LIMIT = 2 ** 27;
/** Flags in a slot's kind word: the event carries an object; it was cancelled. */
const HAS_OBJ = 1 << 16;
const DEAD = 1 << 17;
const KIND_MASK = 0xffff;
const SEQ_SPAN = 2 ** 42; // events scheduled per run before keys could collide
const PROCESS_KIND = 0xffff;

export const MIN_PRIORITY = -1024;
export const MAX_PRIORITY = 1023;

export class Simulation {
  /** Current simulated time, s. */
  now = 0;
  /** Events handled so far (cancelled ones not counted). */
  eventsProcessed = 0;

  /** Heap entries by position: time, order key (priority and sequence), slot. */
  private hTime: Float64Array;
  private hKey: Float64Array;
  private hSlot: Int32Array;
  private size = 0;
  /** Cancelled entries still in the heap. */
  private dead = 0;
  /** The root is the event being handled and must be removed or replaced. */
  private rootSpent = false;

  /** Slot payload at 4*slot: [kind | flags, a, b, generation]. */
  private slots: Float64Array;
  private objs: unknown[] = [];
  private freeSlots: Int32Array;
  private freeTop = 0;
  private slotCount = 0;

  private seq = 0;
  private stopped = false;
  private handlers: (Handler | undefined)[] = [];

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity | 0);
    this.hTime = new Float64Array(n);
    this.hKey = new Float64Array(n);
    this.hSlot = new Int32Array(n);
    this.slots = new Float64Array(4 * n);
    this.freeSlots = new Int32Array(n);
    this.objs = new Array<unknown>(n).fill(undefined);
  }

  /** Registers the handler of an event kind (an integer in [0, 65534]). */
  on(kind: number, handler: Handler): void {
    if (!(Number.isInteger(kind) && kind >= 0 && kind < PROCESS_KIND)) {
      throw new RangeError(`event kind must be an integer in [0, ${PROCESS_KIND - 1}], got ${kind}`);
    }
    this.handlers[kind] = handler;
  }

  /**
   * Registers a table of handlers keyed by name and returns the kind number given
   * to each name. A component declares `Record<ItsEvent, Handler>`, so the compiler
   * checks that every event kind it schedules has a handler.
   */
  register<K extends string>(table: Readonly<Record<K, Handler>>): Record<K, number> {
    const kinds = {} as Record<K, number>;
    for (const name of Object.keys(table) as K[]) {
      const kind = this.handlers.length;
      this.on(kind, table[name]);
      kinds[name] = kind;
    }
    return kinds;
  }

  /** Number of events waiting (cancelled ones excluded). */
  get pending(): number {
    return this.size - this.dead - (this.rootSpent ? 1 : 0);
  }

  /** Time of the next live event, or Infinity. */
  peek(): number {
    this.settleRoot();
    this.dropDeadTop();
    return this.size > 0 ? this.hTime[0] : Infinity;
  }

  /** Schedules an event `delay` seconds from now. */
  schedule(delay: number, kind: number, a = 0, b = 0, obj?: unknown, priority = 0): EventId {
    return this.scheduleAt(this.now + delay, kind, a, b, obj, priority);
  }

  /** Schedules an event at absolute time `time` (>= now). */
  scheduleAt(time: number, kind: number, a = 0, b = 0, obj?: unknown, priority = 0): EventId {
    if (!(time >= this.now)) {
      throw new SimulationError(
        'E_PAST_EVENT',
        `cannot schedule an event at t=${time} before the current time t=${this.now}`,
      );
    }
    if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new RangeError(`priority must be in [${MIN_PRIORITY}, ${MAX_PRIORITY}], got ${priority}`);
    }
    const slot = this.allocSlot();
    const s = this.slots;
    const base = 4 * slot;
    const gen = s[base + 3];
    s[base + 1] = a;
    s[base + 2] = b;
    if (obj !== undefined) {
      s[base] = kind | HAS_OBJ;
      this.objs[slot] = obj;
    } else {
      s[base] = kind;
    }
    const key = (priority - MIN_PRIORITY) * SEQ_SPAN + this.seq++;
    if (this.rootSpent) {
      this.rootSpent = false;
      this.replaceRoot(time, key, slot);
    } else {
      this.push(time, key, slot);
    }
    return gen * SLOT_BITS + slot;
  }

  /**
   * Cancels a scheduled event. Returns false if it already ran or was cancelled.
   * O(1): the entry stays in the heap and is skipped.
   */
  cancel(id: EventId): boolean {
    const slot = id % SLOT_BITS;
    const gen = (id - slot) / SLOT_BITS;
    if (!(slot >= 0 && slot < this.slotCount)) return false;
    const base = 4 * slot;
    const word = this.slots[base];
    if (this.slots[base + 3] !== gen || (word & DEAD) !== 0) return false;
    this.slots[base] = word | DEAD;
    if ((word & HAS_OBJ) !== 0) this.objs[slot] = undefined;
    this.dead++;
    if (this.dead > 4096 && this.dead * 2 > this.size) this.compact();
    return true;
  }

  /** Makes `run` return after the current event. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Runs a generator as a process: each number it yields is a delay in seconds after
   * which it resumes. Returns the id of its first resumption (cancel it to abort).
   */
  process(gen: Generator<number, void, unknown>, delay = 0, priority = 0): EventId {
    return this.schedule(delay, PROCESS_KIND, 0, priority, gen, priority);
  }

  /**
   * Handles the next event. Returns false when there is none or the next one is
   * later than `until` (the clock then stays put).
   */
  step(until = Infinity): boolean {
    if (this.rootSpent) {
      this.rootSpent = false;
      this.popRoot();
    }
    const s = this.slots;
    for (;;) {
      if (this.size === 0) return false;
      const slot = this.hSlot[0];
      const base = 4 * slot;
      const word = s[base];
      if ((word & DEAD) !== 0) {
        this.popRoot();
        this.dead--;
        this.freeSlot(slot);
        continue;
      }
      const t = this.hTime[0];
      if (t > until) return false;
      this.now = t;
      const a = s[base + 1];
      const b = s[base + 2];
      let obj: unknown;
      if ((word & HAS_OBJ) !== 0) {
        obj = this.objs[slot];
        this.objs[slot] = undefined;
      }
      const kind = word & KIND_MASK;
      this.freeSlot(slot);
      this.rootSpent = true;
      this.eventsProcessed++;
      if (kind === PROCESS_KIND) {
        this.resume(obj as Generator<number, void, unknown>, b);
        return true;
      }
      const handler = this.handlers[kind];
      if (handler === undefined) {
        throw new SimulationError('E_NO_HANDLER', `no handler registered for event kind ${kind}`);
      }
      handler(a, b, obj);
      return true;
    }
  }

  /**
   * Runs until no event remains, the next event is later than `until` (the clock is
   * then advanced to `until`), or a handler calls `stop()`.
   * Returns the number of events handled by this call.
   */
  run(until = Infinity): number {
    const before = this.eventsProcessed;
    this.stopped = false;
    while (!this.stopped && this.step(until));
    if (!this.stopped && until !== Infinity && this.now < until) this.now = until;
    this.settleRoot();
    return this.eventsProcessed - before;
  }

  /** Runs while `cond()` holds (checked before each event), up to `until`. */
  runWhile(cond: () => boolean, until = Infinity): number {
    const before = this.eventsProcessed;
    this.stopped = false;
    while (!this.stopped && cond() && this.step(until));
    this.settleRoot();
    return this.eventsProcessed - before;
  }

  private resume(gen: Generator<number, void, unknown>, priority: number): void {
    const r = gen.next();
    if (r.done) return;
    const d = r.value;
    if (!(d >= 0)) {
      throw new SimulationError('E_PROCESS_DELAY', `a process yielded ${d}; expected a delay >= 0 s`);
    }
    this.schedule(d, PROCESS_KIND, 0, priority, gen, priority);
  }

  private settleRoot(): void {
    if (this.rootSpent) {
      this.rootSpent = false;
      this.popRoot();
    }
  }

  // --- slots ---------------------------------------------------------------

  private allocSlot(): number {
    if (this.freeTop > 0) return this.freeSlots[--this.freeTop];
    if (this.slotCount === this.freeSlots.length) this.growSlots();
    return this.slotCount++;
  }

  /** Returns a slot to the free list with its generation bumped (stale ids then miss). */
  private freeSlot(slot: number): void {
    const base = 4 * slot;
    const gen = this.slots[base + 3] + 1;
    this.slots[base + 3] = gen === GEN_LIMIT ? 0 : gen;
    this.freeSlots[this.freeTop++] = slot;
  }

  private growSlots(): void {
    const n = this.freeSlots.length * 2;
    if (n > SLOT_BITS) throw new SimulationError('E_TOO_MANY_EVENTS', `more than ${SLOT_BITS} pending events`);
    const slots = new Float64Array(4 * n);
    slots.set(this.slots);
    this.slots = slots;
    const free = new Int32Array(n);
    free.set(this.freeSlots);
    this.freeSlots = free;
    for (let i = this.objs.length; i < n; i++) this.objs.push(undefined);
  }

  // --- heap ----------------------------------------------------------------

  private push(time: number, key: number, slot: number): void {
    if (this.size === this.hTime.length) this.growHeap();
    if (this.seq >= SEQ_SPAN) throw new SimulationError('E_TOO_MANY_EVENTS', 'event sequence exhausted');
    this.siftUp(this.size++, time, key, slot);
  }

  private growHeap(): void {
    const n = this.hTime.length * 2;
    const t = new Float64Array(n);
    t.set(this.hTime);
    this.hTime = t;
    const k = new Float64Array(n);
    k.set(this.hKey);
    this.hKey = k;
    const s = new Int32Array(n);
    s.set(this.hSlot);
    this.hSlot = s;
  }

  private siftUp(i: number, time: number, key: number, slot: number): void {
    const T = this.hTime, K = this.hKey, S = this.hSlot;
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

  /** Removes the root: the last entry takes its place and sifts down. */
  private popRoot(): void {
    const n = --this.size;
    if (n > 0) this.siftDown(0, this.hTime[n], this.hKey[n], this.hSlot[n]);
  }

  /** Puts an entry at the root (whose event is spent) and sifts it down. */
  private replaceRoot(time: number, key: number, slot: number): void {
    if (this.seq >= SEQ_SPAN) throw new SimulationError('E_TOO_MANY_EVENTS', 'event sequence exhausted');
    this.siftDown(0, time, key, slot);
  }

  /** Sifts an entry down from position i. The four children are compared unrolled. */
  private siftDown(i: number, time: number, key: number, slot: number): void {
    const T = this.hTime, K = this.hKey, S = this.hSlot, n = this.size;
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

  private dropDeadTop(): void {
    while (this.size > 0) {
      const slot = this.hSlot[0];
      if ((this.slots[4 * slot] & DEAD) === 0) return;
      this.popRoot();
      this.dead--;
      this.freeSlot(slot);
    }
  }

  /** Rebuilds the heap without cancelled entries (Floyd's O(n) heapify). */
  private compact(): void {
    this.settleRoot();
    const T = this.hTime, K = this.hKey, S = this.hSlot;
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      const slot = S[i];
      if ((this.slots[4 * slot] & DEAD) !== 0) {
        this.freeSlot(slot);
        continue;
      }
      T[n] = T[i];
      K[n] = K[i];
      S[n] = slot;
      n++;
    }
    this.size = n;
    this.dead = 0;
    for (let i = (n - 2) >> 2; i >= 0; i--) this.siftDown(i, T[i], K[i], S[i]);
  }
}
