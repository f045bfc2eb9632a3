/**
 * Bandwidth shared by concurrent transfers as a fluid: every flow crosses a few
 * resources (a repository's NIC and disk, a host's NIC and disk), each of a fixed
 * capacity, and the flows get the max-min fair rates (progressive filling: raise
 * every rate together until some resource is full, freeze the flows through it,
 * go on with the rest). One resource shared by n flows gives each 1/n of it:
 * processor sharing of bandwidth. Rates change only when a flow starts or ends, so
 * progress is exact between those instants; the network keeps a single event, at
 * the earliest finish, and re-times it after every change (as a VM keeps one event
 * for its earliest task).
 *
 * Units: MiB and MiB/s. A resource of infinite capacity never limits a flow; a flow
 * limited by none ends at once.
 */
import type { Handler, Simulation } from '../../engine/simulation.js';

interface Flow {
  id: number;
  size: number;
  left: number;
  rate: number;
  resources: readonly number[];
  done: (id: number) => void;
  frozen: boolean;
}

type FairShareEvent = 'finish';

/** Left-over below this fraction of a flow's size is rounding: the flow is done. */
const DONE_FRACTION = 1e-9;

export class FairShare {
  private readonly capacity: number[] = [];
  private readonly flows: Flow[] = [];
  private nextId = 0;
  private updatedAt = 0;
  private event = -1;
  private readonly ev: Record<FairShareEvent, number>;
  /** Scratch per resource for the filling (grown with the resources). */
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
    const f: Flow = { id: this.nextId++, size, left: size, rate: 0, resources, done, frozen: false };
    this.flows.push(f);
    this.retime();
    return f.id;
  }

  /** Flows in progress. */
  get active(): number {
    return this.flows.length;
  }

  /** Current rate of a flow, MiB/s (undefined once it ended). */
  rateOf(id: number): number | undefined {
    return this.flows.find((f) => f.id === id)?.rate;
  }

  /** Brings every flow's progress up to now at its current rate. */
  private advance(): void {
    const dt = this.sim.now - this.updatedAt;
    if (dt > 0) for (const f of this.flows) f.left = f.rate === Infinity ? 0 : Math.max(0, f.left - f.rate * dt);
    this.updatedAt = this.sim.now;
  }

  /** New max-min fair rates, and the one event at the earliest finish. */
  private retime(): void {
    this.fill();
    let first = Infinity;
    for (const f of this.flows) {
      const t = f.left <= 0 || f.rate === Infinity ? 0 : f.left / f.rate;
      if (t < first) first = t;
    }
    if (this.event >= 0) this.sim.cancel(this.event);
    this.event = first < Infinity ? this.sim.schedule(first, this.ev.finish) : -1;
  }

  private fill(): void {
    const { capacity, remaining, users } = this;
    const touched: number[] = [];
    for (const f of this.flows) {
      f.frozen = false;
      f.rate = Infinity;
      for (const r of f.resources) {
        if (capacity[r] === Infinity) continue;
        if (users[r] === 0) {
          touched.push(r);
          remaining[r] = capacity[r];
        }
        users[r]++;
      }
    }
    let unfrozen = this.flows.length;
    while (unfrozen > 0) {
      let share = Infinity;
      for (const r of touched) if (users[r] > 0 && remaining[r] / users[r] < share) share = remaining[r] / users[r];
      if (share === Infinity) break; // the rest cross no finite resource
      // Every flow through a resource whose share is the smallest stops rising here.
      const limit = share * (1 + 1e-12);
      for (const f of this.flows) {
        if (f.frozen || !f.resources.some((r) => users[r] > 0 && remaining[r] / users[r] <= limit)) continue;
        f.frozen = true;
        f.rate = share;
        unfrozen--;
        for (const r of f.resources) {
          if (capacity[r] === Infinity) continue;
          remaining[r] = Math.max(0, remaining[r] - share);
          users[r]--;
        }
      }
    }
    for (const r of touched) users[r] = 0;
  }

  private onFinish(): void {
    this.event = -1;
    this.advance();
    const ended: Flow[] = [];
    for (let i = 0; i < this.flows.length; ) {
      const f = this.flows[i];
      if (f.left <= f.size * DONE_FRACTION) {
        ended.push(f);
        this.flows.splice(i, 1);
      } else {
        i++;
      }
    }
    if (ended.length === 0 && this.flows.length > 0) {
      // The event was for the earliest finisher: rounding left it a sliver short.
      let k = 0;
      for (let i = 1; i < this.flows.length; i++) if (this.flows[i].left / this.flows[i].rate < this.flows[k].left / this.flows[k].rate) k = i;
      ended.push(...this.flows.splice(k, 1));
    }
    this.retime();
    for (const f of ended) f.done(f.id);
  }
}
