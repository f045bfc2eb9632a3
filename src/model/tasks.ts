/**
 * All tasks (cloudlets) of a run in one struct-of-arrays table: a million tasks cost
 * a few typed arrays, not a million objects.
 */
import { grown } from '../engine/grown.js';
export const TaskState = { Waiting: 0, Running: 1, Done: 2, Failed: 3 } as const;
export type TaskState = (typeof TaskState)[keyof typeof TaskState];

export class TaskTable {
  count = 0;
  /** VM the task was given to, -1 while it waits for one. */
  vm: Int32Array;
  /** MI per core. */
  length: Float64Array;
  cores: Uint16Array;
  /** Index of the broker policy that places it (see Datacenter). */
  broker: Uint8Array;
  /** Times, s; NaN until they happen. */
  submit: Float64Array;
  start: Float64Array;
  finish: Float64Array;
  /** The VM's work-per-core counter at which the task ends (processor-sharing virtual time). */
  endWork: Float64Array;
  state: Uint8Array;

  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.vm = new Int32Array(n);
    this.length = new Float64Array(n);
    this.cores = new Uint16Array(n);
    this.broker = new Uint8Array(n);
    this.submit = new Float64Array(n);
    this.start = new Float64Array(n);
    this.finish = new Float64Array(n);
    this.endWork = new Float64Array(n);
    this.state = new Uint8Array(n);
  }

  add(length: number, cores: number, submit: number, broker: number): number {
    if (this.count === this.vm.length) this.grow();
    const id = this.count++;
    this.vm[id] = -1;
    this.length[id] = length;
    this.cores[id] = cores;
    this.broker[id] = broker;
    this.submit[id] = submit;
    this.start[id] = NaN;
    this.finish[id] = NaN;
    this.endWork[id] = 0;
    this.state[id] = TaskState.Waiting;
    return id;
  }

  private grow(): void {
    const n = this.vm.length * 2;
    this.vm = grown(this.vm, n);
    this.length = grown(this.length, n);
    this.cores = grown(this.cores, n);
    this.broker = grown(this.broker, n);
    this.submit = grown(this.submit, n);
    this.start = grown(this.start, n);
    this.finish = grown(this.finish, n);
    this.endWork = grown(this.endWork, n);
    this.state = grown(this.state, n);
  }
}
