/**
 * The event engine: a simulated clock and a future event list. It knows nothing of
 * clouds: an event is plain data (a kind number and two numeric arguments, plus an
 * optional object) handed to the handler registered for its kind.
 *
 * Order of events: by time, then by priority (lower first), then by the order they
 * were scheduled (FIFO). So two events at the same time and priority run in the
 * order they were scheduled, on every machine.
 *
 * The list is an EventHeap of (time, key, slot). The payload of an event lives in a
 * slot (kind and flags, two arguments, a generation) that is recycled once the
 * event has run. Cancellation marks the slot and the event is skipped when it
 * reaches the top (DSLab's way); when dead entries outnumber live ones the heap is
 * rebuilt without them, so rescheduling churn cannot make it grow without bound.
 *
 * While a handler runs, its own event is still at the root. If the handler
 * schedules an event, that event takes the root's place and sifts down once,
 * instead of a removal followed by an insertion: the common "handle one, schedule
 * the next" pattern (the hold model) then costs one sift instead of two.
 */
import { SimulationError } from '../errors.js';
import { EventHeap } from './event-heap.js';
import { ZERO } from './doubles.js';
import { grown } from './grown.js';

/** Called with the event's arguments; `sim.now` is the event's time. */
export type Handler = (a: number, b: number, obj: unknown) => void;

/** A handle to a scheduled event, for `cancel`. Never reused while meaningful. */
export type EventId = number;

/**
 * What a field holding an EventId holds while nothing is scheduled. Ids are doubles
 * beyond the small integers, so the sentinel is a double too (a -1 would change the
 * field's representation at its first id: doubles.ts); every id is >= 0.
 */
export const NO_EVENT = -Infinity;

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
  now = ZERO;
  /** Events handled so far (cancelled ones not counted). */
  eventsProcessed = 0;

  private readonly heap: EventHeap;
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
    this.heap = new EventHeap(n);
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
    return this.heap.size - this.dead - (this.rootSpent ? 1 : 0);
  }

  /** Time of the next live event, or Infinity. */
  peek(): number {
    this.settleRoot();
    this.dropDeadTop();
    return this.heap.size > 0 ? this.heap.time[0] : Infinity;
  }

  /** Schedules an event `delay` seconds from now. */
  schedule(delay: number, kind: number, a = 0, b = 0, obj?: unknown, priority = 0): EventId {
    return this.scheduleAt(this.now + delay, kind, a, b, obj, priority);
  }

  /** Schedules an event at absolute time `time` (>= now). */
  scheduleAt(time: number, kind: number, a = 0, b = 0, obj?: unknown, priority = 0): EventId {
    // The checks sit out of line so this stays small enough for V8 to inline.
    if (!(time >= this.now) || priority !== 0 || this.seq === SEQ_SPAN) this.checkSchedule(time, priority);
    const slot = this.allocSlot();
    const s = this.slots;
    const base = 4 * slot;
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
      this.heap.replaceRoot(time, key, slot);
    } else {
      this.heap.push(time, key, slot);
    }
    return s[base + 3] * SLOT_BITS + slot;
  }

  private checkSchedule(time: number, priority: number): void {
    if (!(time >= this.now)) {
      throw new SimulationError(
        'E_PAST_EVENT',
        `cannot schedule an event at t=${time} before the current time t=${this.now}`,
      );
    }
    if (!(Number.isInteger(priority) && priority >= MIN_PRIORITY && priority <= MAX_PRIORITY)) {
      throw new RangeError(`priority must be an integer in [${MIN_PRIORITY}, ${MAX_PRIORITY}], got ${priority}`);
    }
    if (this.seq === SEQ_SPAN) throw new SimulationError('E_TOO_MANY_EVENTS', 'event sequence exhausted');
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
    if (this.dead > 4096 && this.dead * 2 > this.heap.size) this.compact();
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
    const before = this.eventsProcessed;
    this.stopped = false;
    this.loop(until, true);
    return this.eventsProcessed > before;
  }

  /**
   * Runs until no event remains, the next event is later than `until` (the clock is
   * then advanced to `until`), or a handler calls `stop()`.
   * Returns the number of events handled by this call.
   */
  run(until = Infinity): number {
    const before = this.eventsProcessed;
    this.stopped = false;
    this.loop(until, false);
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

  /** The event loop, in one place (`once`: handle at most one event). */
  private loop(until: number, once: boolean): void {
    const heap = this.heap;
    for (;;) {
      if (this.rootSpent) {
        this.rootSpent = false;
        heap.popRoot();
      }
      if (this.stopped || heap.size === 0) return;
      const slot = heap.slot[0];
      const s = this.slots;
      const base = 4 * slot;
      const word = s[base];
      if ((word & DEAD) !== 0) {
        heap.popRoot();
        this.dead--;
        this.freeSlot(slot);
        continue;
      }
      const t = heap.time[0];
      if (t > until) return;
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
      } else {
        const handler = this.handlers[kind];
        if (handler === undefined) {
          throw new SimulationError('E_NO_HANDLER', `no handler registered for event kind ${kind}`);
        }
        handler(a, b, obj);
      }
      if (once) return;
    }
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
      this.heap.popRoot();
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
    this.slots = grown(this.slots, 4 * n);
    this.freeSlots = grown(this.freeSlots, n);
    for (let i = this.objs.length; i < n; i++) this.objs.push(undefined);
  }

  private dropDeadTop(): void {
    while (this.heap.size > 0) {
      const slot = this.heap.slot[0];
      if ((this.slots[4 * slot] & DEAD) === 0) return;
      this.heap.popRoot();
      this.dead--;
      this.freeSlot(slot);
    }
  }

  /** Rebuilds the heap without cancelled entries (Floyd's O(n) heapify). */
  private compact(): void {
    this.settleRoot();
    this.heap.filter((slot) => {
      if ((this.slots[4 * slot] & DEAD) === 0) return true;
      this.freeSlot(slot);
      return false;
    });
    this.dead = 0;
  }
}
