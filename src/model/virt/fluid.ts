/**
 * Flows sharing several resources as fluids, by weighted max-min fairness with
 * per-flow caps (progressive filling): every unfrozen flow's rate grows in proportion
 * to its weight until it reaches its cap or one of the resources it crosses is full;
 * then it is frozen and the others go on growing. On a single resource this is the
 * water-filling of Xen's credit scheduler and cgroups' cpu.shares with cpu.max: shares
 * divide what is contended, a cap limits a flow even when the resource is idle.
 *
 * A flow is `work` units, crossing resource r at `use[r]` resource-seconds per unit
 * (a pipeline: a volume's bytes cross the host NIC, the storage server's NIC and its
 * disks, each at its own cost per byte). The unit decides what is shared equally:
 * seconds of a core or a disk (processor sharing), bytes on a network path (TCP-like
 * fairness on each link, a flow limited elsewhere leaving the rest to the others).
 * Flows start at their `start` times and the rates are recomputed whenever one starts
 * or ends.
 */

export interface Flow {
  work: number;
  /** Resource index -> resource capacity used per unit of work (resource-seconds per unit). */
  use: ReadonlyMap<number, number>;
  /** Relative weight (shares), > 0. */
  weight: number;
  /** Most units per second the flow can take (Infinity: no cap). */
  cap: number;
  /** When the flow starts, s (default 0). */
  start?: number;
}

/**
 * Rates of the active flows (indices in `active`) on resources of `capacity`, by
 * weighted progressive filling. O(rounds x flows x resources), at most one round per flow.
 */
export function fairRates(flows: readonly Flow[], active: readonly number[], capacity: readonly number[]): Map<number, number> {
  const rate = new Map<number, number>();
  const left = capacity.slice();
  let open = active.filter((i) => flows[i].work > 0);
  let level = 0;
  while (open.length > 0) {
    // the level at which the next flow reaches its cap or the next resource fills
    const demand = new Array<number>(capacity.length).fill(0);
    for (const i of open) for (const [r, u] of flows[i].use) demand[r] += u * flows[i].weight;
    let next = Infinity;
    for (const i of open) next = Math.min(next, flows[i].cap / flows[i].weight);
    for (let r = 0; r < capacity.length; r++) if (demand[r] > 0) next = Math.min(next, level + Math.max(0, left[r]) / demand[r]);
    if (!Number.isFinite(next)) throw new RangeError('a flow crosses no resource and has no cap');
    for (let r = 0; r < capacity.length; r++) left[r] -= (next - level) * demand[r];
    level = next;
    const full = (r: number) => demand[r] > 0 && left[r] <= 1e-12 * capacity[r];
    const still: number[] = [];
    for (const i of open) {
      const f = flows[i];
      let frozen = f.cap / f.weight <= level * (1 + 1e-12);
      for (const r of f.use.keys()) if (full(r)) frozen = true;
      if (frozen) rate.set(i, Math.min(f.cap, f.weight * level));
      else still.push(i);
    }
    open = still;
  }
  return rate;
}

/** Completion time of each flow (its start time when it has no work). */
export function fairCompletions(flows: readonly Flow[], capacity: readonly number[]): number[] {
  const left = flows.map((f) => f.work);
  const done = flows.map((f) => (f.work > 0 ? NaN : (f.start ?? 0)));
  const pending = flows.map((_, i) => i).filter((i) => flows[i].work > 0).sort((a, b) => (flows[a].start ?? 0) - (flows[b].start ?? 0));
  let active: number[] = [];
  let now = 0;
  let p = 0;
  while (p < pending.length || active.length > 0) {
    while (p < pending.length && (flows[pending[p]].start ?? 0) <= now) active.push(pending[p++]);
    if (active.length === 0) {
      now = flows[pending[p]].start ?? 0;
      continue;
    }
    const rate = fairRates(flows, active, capacity);
    let dt = p < pending.length ? (flows[pending[p]].start ?? 0) - now : Infinity;
    for (const i of active) dt = Math.min(dt, left[i] / rate.get(i)!);
    if (!Number.isFinite(dt)) throw new RangeError('flows that never finish: a resource of zero capacity');
    now += dt;
    const still: number[] = [];
    for (const i of active) {
      left[i] -= rate.get(i)! * dt;
      // relative tolerance: the flow that set dt ends exactly, others within rounding
      if (left[i] <= 1e-12 * flows[i].work) done[i] = now;
      else still.push(i);
    }
    active = still;
  }
  return done;
}
