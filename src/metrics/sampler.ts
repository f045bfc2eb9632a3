import { grown } from '../engine/grown.js';
import { MAX_PRIORITY, type Handler, type Simulation } from '../engine/simulation.js';
import type { Datacenter } from '../model/datacenter.js';
import { VmState } from '../model/vm.js';
import type { MetricsSpec } from '../scenario/types.js';
import type { Table } from './table.js';

type SamplerEvent = 'sample';

export const TIMESERIES_COLUMNS = ['time_s', 'entity', 'id', 'metric', 'value'] as const;

/**
 * Samples the datacenter every `interval` seconds into a tidy long table. Rates
 * (power, utilization) are means over the interval that ends at `time_s`, taken
 * from the exact integrals the model keeps; counts are values at `time_s`.
 * Sampling runs last at its instant (lowest priority), after everything else that
 * happens then. It stops when nothing else is pending, so it never keeps a run alive.
 */
export class Sampler {
  readonly table: Table = { columns: TIMESERIES_COLUMNS, rows: [] };
  private readonly ev: Record<SamplerEvent, number>;
  private last = 0;
  private prevEnergy: Float64Array;
  private prevWork: Float64Array;
  private prevMi = new Float64Array(1024);
  private prevCompleted = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly dc: Datacenter,
    private readonly spec: MetricsSpec,
    private readonly until: number,
  ) {
    const handlers: Record<SamplerEvent, Handler> = { sample: () => this.onSample() };
    this.ev = sim.register(handlers);
    this.prevEnergy = new Float64Array(dc.hosts.length);
    this.prevWork = new Float64Array(dc.hosts.length);
    this.scheduleNext();
  }

  /** Takes the last, possibly shorter, sample at the end of the run. */
  finish(): void {
    if (this.sim.now > this.last) this.sample();
  }

  private scheduleNext(): void {
    const next = this.last + this.spec.interval;
    if (next <= this.until) this.sim.scheduleAt(next, this.ev.sample, 0, 0, undefined, MAX_PRIORITY);
  }

  private onSample(): void {
    this.sample();
    if (this.until !== Infinity || this.sim.pending > 0) this.scheduleNext();
  }

  private sample(): void {
    const { dc, sim } = this;
    const t = sim.now;
    const dt = t - this.last;
    this.last = t;
    dc.settleAll();
    const rows = this.table.rows;
    let energy = 0, dEnergy = 0, dWork = 0, capacity = 0, active = 0;
    for (const h of dc.hosts) {
      energy += h.energy;
      dEnergy += h.energy - this.prevEnergy[h.id];
      dWork += h.work - this.prevWork[h.id];
      if (h.available) capacity += h.capacity;
      if (h.vms.length > 0) active++;
    }
    let running = 0, runningTasks = 0, queuedTasks = 0;
    for (const vm of dc.groupVms('*')) {
      if (vm.state === VmState.Running) running++;
      if (vm.guest !== undefined) continue; // an application replica: its requests are not tasks
      runningTasks += vm.running.length;
      queuedTasks += vm.queued;
    }
    const completed = dc.stats.tasksCompleted;
    rows.push(
      [t, 'datacenter', 0, 'power_w', dEnergy / dt],
      [t, 'datacenter', 0, 'energy_kwh', energy / 3.6e6],
      [t, 'datacenter', 0, 'cpu_utilization', capacity > 0 ? dWork / (capacity * dt) : 0],
      [t, 'datacenter', 0, 'active_hosts', active],
      [t, 'datacenter', 0, 'running_vms', running],
      [t, 'datacenter', 0, 'running_tasks', runningTasks],
      [t, 'datacenter', 0, 'queued_tasks', queuedTasks],
      [t, 'datacenter', 0, 'tasks_completed', completed - this.prevCompleted],
    );
    this.prevCompleted = completed;
    if (this.spec.hosts) {
      for (const h of dc.hosts) {
        rows.push(
          [t, 'host', h.id, 'power_w', (h.energy - this.prevEnergy[h.id]) / dt],
          [t, 'host', h.id, 'cpu_utilization', (h.work - this.prevWork[h.id]) / (h.capacity * dt)],
          [t, 'host', h.id, 'vms', h.vms.length],
        );
      }
    }
    for (const h of dc.hosts) {
      this.prevEnergy[h.id] = h.energy;
      this.prevWork[h.id] = h.work;
    }
    if (this.spec.vms) {
      if (this.prevMi.length < dc.vms.length) this.prevMi = grown(this.prevMi, Math.max(dc.vms.length, 2 * this.prevMi.length));
      const vms = dc.groupVms('*').slice().sort((a, b) => a.id - b.id);
      for (const vm of vms) {
        const since = Math.max(this.last - dt, vm.requestedAt);
        const span = t - since;
        rows.push(
          [t, 'vm', vm.id, 'cpu_utilization', span > 0 ? (vm.mi - this.prevMi[vm.id]) / (vm.vcpus * vm.mips * span) : 0],
          [t, 'vm', vm.id, 'running_tasks', vm.guest ? 0 : vm.running.length],
          [t, 'vm', vm.id, 'queued_tasks', vm.queued],
        );
        this.prevMi[vm.id] = vm.mi;
      }
    }
  }
}
