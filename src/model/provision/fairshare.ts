/**
 * Bandwidth shared by concurrent transfers as a fluid: every flow crosses a few
 * resources (a repository's NIC and disk, a host's NIC and disk), each of a fixed
 * capacity, and the flows get the max-min fair rates (progressive filling: raise
 * every rate together until some resource is full, freeze the flows through it,
 * go on with the rest). One resource shared by n flows gives each 1/n of it:
 * processor sharing of bandwidth. Rates change only when a flow starts or ends, so
 * progress is exact between those instants.
 *
 * Flows through the same resources get the same rate, so they are kept as one class
 * (a repository server and a host, say): the filling runs over classes, not flows,
 * and each class keeps one "MiB sent per flow" counter and its flows' finishing
 * values in a heap, as a VM keeps one work counter for its tasks. A change costs
 * O(classes), whatever the number of flows; the network keeps a single event, at the
 * earliest finish, and re-times it after every change.
 *
 * Units: MiB and MiB/s. A resource of infinite capacity never limits a flow; a flow
 * limited by none ends at once.
 */
import { NO_EVENT, type Handler, type Simulation } from '../../engine/simulation.js';

interface Entry {
  id: number;
  size: number;
  /** The class's counter value at which this flow is done. */
  finish: number;
  done: (id: number) => void;
}

interface FlowClass {
  key: string;
  /** Its finite resources. */
  resources: number[];
  /** MiB each of its flows has sent since the class was (re)opened. */
  sent: number;
  rate: number;
  frozen: boolean;
  /** Min-heap by finish, then id. */
  heap: Entry[];
}

type FairShareEvent = 'finish';

/** Left-over below this fraction of a flow's size is rounding: the flow is done. */
const DONE_FRACTION = 1e-9;

const before = (a: Entry, b: Entry) => a.finish < b.finish || (a.finish === b.finish && a.id < b.id);

export class FairShare {
  private readonly capacity: number[] = [];
  /** Classes with flows, in the order they were opened. */
  private classes: FlowClass[] = [];
  private readonly byKey = new Map<string, FlowClass>();
  private readonly classOf = new Map<number, FlowClass>();
  private nextId = 0;
  private updatedAt = 0;
  private event = NO_EVENT;
  private readonly ev: Record<FairShareEvent, number>;
  /** Scratch per resource for the filling. */
  private remaining: number[] = [];
  private users: number[] = [];

  constructor(private readonly sim: Simulation) {
    const handlers: Record<FairShareEvent, Handler> = { finish: () => this.onFinish() };
    this.ev = sim.register(handlers);
  }

  /** Adds a resource of `capacity` MiB/s (Infinity: unlimited) and returns its number. */
  addResource(capacity: number): number {
    this.capacity.push(capacity);
    this.remaining.push(0);
    this.users.push(0);
    return this.capacity.length - 1;
  }

  /** Starts a flow of `size` MiB through `resources`; `done(id)` is called when it ends. */
  start(size: number, resources: readonly number[], done: (id: number) => void): number {
    this.advance();
    const finite = resources.filter((r) => this.capacity[r] !== Infinity);
    const key = finite.join(',');
    let c = this.byKey.get(key);
    if (!c) {
      c = { key, resources: finite, sent: 0, rate: 0, frozen: false, heap: [] };
      this.byKey.set(key, c);
      this.classes.push(c);
    }
    const id = this.nextId++;
    push(c.heap, { id, size, finish: c.sent + size, done });
    this.classOf.set(id, c);
    this.retime();
    return id;
  }

  /** Flows in progress. */
  get active(): number {
    return this.classOf.size;
  }

  /** Current rate of a flow, MiB/s (undefined once it ended). */
  rateOf(id: number): number | undefined {
    return this.classOf.get(id)?.rate;
  }

  /** Brings every class's counter up to now at its current rate. */
  private advance(): void {
    const dt = this.sim.now - this.updatedAt;
    if (dt > 0) {
      for (const c of this.classes) {
        // A class limited by nothing has already finished its flows (they end at once).
        if (c.rate !== Infinity) c.sent += c.rate * dt;
      }
    }
    this.updatedAt = this.sim.now;
  }

  /** New max-min fair rates, and the one event at the earliest finish. */
  private retime(): void {
    this.fill();
    let first = Infinity;
    for (const c of this.classes) {
      const left = c.heap[0].finish - c.sent;
      const t = left <= 0 || c.rate === Infinity ? 0 : left / c.rate;
      if (t < first) first = t;
    }
    if (this.event >= 0) this.sim.cancel(this.event);
    this.event = first < Infinity ? this.sim.schedule(first, this.ev.finish) : NO_EVENT;
  }

  private fill(): void {
    const { capacity, remaining, users } = this;
    const touched: number[] = [];
    let unfrozen = 0;
    for (const c of this.classes) {
      c.frozen = false;
      c.rate = Infinity;
      unfrozen++;
      for (const r of c.resources) {
        if (users[r] === 0) {
          touched.push(r);
          remaining[r] = capacity[r];
        }
        users[r] += c.heap.length;
      }
    }
    while (unfrozen > 0) {
      let share = Infinity;
      for (const r of touched) if (users[r] > 0 && remaining[r] / users[r] < share) share = remaining[r] / users[r];
      if (share === Infinity) break; // the rest cross no finite resource
      // Every class through a resource whose share is the smallest stops rising here.
      const limit = share * (1 + 1e-12);
      for (const c of this.classes) {
        if (c.frozen || !c.resources.some((r) => users[r] > 0 && remaining[r] / users[r] <= limit)) continue;
        c.frozen = true;
        c.rate = share;
        unfrozen--;
        for (const r of c.resources) {
          remaining[r] = Math.max(0, remaining[r] - share * c.heap.length);
          users[r] -= c.heap.length;
        }
      }
    }
    for (const r of touched) users[r] = 0;
  }

  private onFinish(): void {
    this.event = NO_EVENT;
    this.advance();
    const ended: Entry[] = [];
    for (const c of this.classes) {
      while (c.heap.length > 0 && (c.rate === Infinity || c.heap[0].finish - c.sent <= c.heap[0].size * DONE_FRACTION)) ended.push(pop(c.heap));
    }
    if (ended.length === 0) {
      // The event was for the earliest finisher: rounding left it a sliver short.
      let k = 0;
      const t = (c: FlowClass) => (c.heap[0].finish - c.sent) / c.rate;
      for (let i = 1; i < this.classes.length; i++) if (t(this.classes[i]) < t(this.classes[k])) k = i;
      ended.push(pop(this.classes[k].heap));
    }
    for (const e of ended) this.classOf.delete(e.id);
    const open = this.classes.filter((c) => c.heap.length > 0);
    if (open.length < this.classes.length) {
      for (const c of this.classes) if (c.heap.length === 0) this.byKey.delete(c.key);
      this.classes = open;
    }
    if (this.classes.length > 0) this.retime();
    // Callbacks in the order the flows started, so ties resolve the same way on every run.
    ended.sort((a, b) => a.id - b.id);
    for (const e of ended) e.done(e.id);
  }
}

function push(h: Entry[], e: Entry): void {
  h.push(e);
  for (let i = h.length - 1; i > 0; ) {
    const p = (i - 1) >> 1;
    if (!before(h[i], h[p])) break;
    [h[p], h[i]] = [h[i], h[p]];
    i = p;
  }
}

function pop(h: Entry[]): Entry {
  const top = h[0];
  const last = h.pop()!;
  if (h.length > 0) {
    h[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < h.length && before(h[l], h[m])) m = l;
      if (r < h.length && before(h[r], h[m])) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i], h[m]];
      i = m;
    }
  }
  return top;
}
