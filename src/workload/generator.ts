import type { RandomStreams } from '../engine/random.js';
import { sampler } from '../engine/random.js';
import type { Handler, Simulation } from '../engine/simulation.js';
import type { Datacenter } from '../model/datacenter.js';
import type { WorkloadSpec } from './specs.js';

type WorkloadEvent = 'arrival';

/** Per workload: the time of its k-th arrival (Infinity when there is none) and the submission. */
interface Source {
  arrivalTime(k: number): number;
  submit(k: number): void;
}

/**
 * Feeds the datacenter the tasks of its workloads. Each workload keeps exactly one
 * pending arrival event, so a million-task workload never fills the event list.
 * A generated workload is a renewal process: the first task arrives one drawn gap
 * after `start`. Gaps, lengths and core counts come from separate named streams
 * (`workload/<name>/interarrival`...), so changing how lengths are drawn does not
 * move a single arrival.
 */
export class WorkloadDriver {
  private readonly ev: Record<WorkloadEvent, number>;
  private readonly sources: Source[];
  /** Tasks submitted so far, per workload. */
  readonly submitted: number[];

  constructor(
    private readonly sim: Simulation,
    dc: Datacenter,
    workloads: readonly WorkloadSpec[],
    streams: RandomStreams,
  ) {
    const handlers: Record<WorkloadEvent, Handler> = { arrival: (w) => this.onArrival(w) };
    this.ev = sim.register(handlers);
    this.submitted = workloads.map(() => 0);
    this.sources = workloads.map((w): Source => {
      if (w.kind === 'trace') {
        const { submit, length, cores } = w.tasks;
        return {
          arrivalTime: (k) => (k < submit.length ? submit[k] : Infinity),
          submit: (k) => dc.submitTask(w.group, length[k], cores[k], w.broker),
        };
      }
      const gap = sampler(w.interarrival, streams.rng(`workload/${w.name}/interarrival`));
      const length = sampler(w.length, streams.rng(`workload/${w.name}/length`));
      const cores = sampler(w.cores, streams.rng(`workload/${w.name}/cores`));
      let t = w.start;
      return {
        arrivalTime: (k) => {
          if (k >= w.count) return Infinity;
          t += gap();
          return t < w.stop ? t : Infinity;
        },
        // A drawn length below zero (a normal's tail) is a task with no work, not an error.
        submit: () => dc.submitTask(w.group, Math.max(0, length()), Math.max(1, Math.round(cores())), w.broker),
      };
    });
    for (let i = 0; i < workloads.length; i++) this.scheduleNext(i);
  }

  private scheduleNext(i: number): void {
    const t = this.sources[i].arrivalTime(this.submitted[i]);
    if (t !== Infinity) this.sim.scheduleAt(t, this.ev.arrival, i);
  }

  private onArrival(i: number): void {
    this.sources[i].submit(this.submitted[i]++);
    this.scheduleNext(i);
  }
}
