import { popKeyed, pushKeyed } from './keyed-heap.js';
import type { VmRequest } from './placement.js';
import type { VmSpec } from './specs.js';
import { TaskState, type TaskTable } from './tasks.js';
import { ZERO } from '../engine/doubles.js';
import { NO_EVENT } from '../engine/simulation.js';

export const VmState = {
  /** Asked for, waiting for placement at the end of the current instant. */
  Requested: 0,
  Booting: 1,
  Running: 2,
  Destroyed: 3,
  Failed: 4,
  Rejected: 5,
} as const;
export type VmState = (typeof VmState)[keyof typeof VmState];
export const VM_STATE_NAMES = ['requested', 'booting', 'running', 'destroyed', 'failed', 'rejected'] as const;

/**
 * A model that runs inside a VM instead of tasks (an application replica). It sets
 * the VM's `coresBusy` (after `advance`) and calls Datacenter.guestLoadChanged; the
 * datacenter tells it when the VM's rate changed, when it started running, and when
 * it ended (rejected, destroyed or failed with its host).
 */
export interface VmGuest {
  rateChanged(vm: Vm): void;
  started(vm: Vm): void;
  ended(vm: Vm): void;
}

/**
 * A VM and its task scheduler. Every running task of a VM progresses at the same
 * rate per core (the VM's granted MIPS divided by the cores its tasks hold), so the
 * VM keeps one counter, `work`: MI delivered per core since it was created. A task
 * that starts when the counter is w and needs L MI per core ends when the counter
 * reaches w + L. Running tasks sit in a heap by that end value; only the earliest
 * needs an event, and a change of rate moves one event, not one per task.
 */
export class Vm implements VmRequest {
  readonly vcpus: number;
  readonly mips: number;
  readonly ram: number;
  readonly bw: number;
  readonly diskBw: number;
  readonly image: number;
  readonly spaceShared: boolean;
  state: VmState = VmState.Requested;
  host = -1;

  /** MIPS granted by the host now. */
  alloc = ZERO;
  /** MIPS the VM asks of its host now: min(vCPUs, cores busy) x MIPS. */
  demand = ZERO;
  /** Cores held by running tasks. */
  coresBusy = 0;
  /** MI per core delivered since creation (the processor-sharing virtual time). */
  work = ZERO;
  /** Total MI executed. */
  mi = ZERO;
  updatedAt = ZERO;
  /** Pending completion event, NO_EVENT if none. */
  event = NO_EVENT;
  /** Set when an application replica, not tasks, runs on this VM. */
  guest: VmGuest | undefined = undefined;

  /** Running task ids, a binary heap by TaskTable.endWork. */
  running: number[] = [];
  /** Waiting task ids in FIFO order from `queueHead`. */
  queue: number[] = [];
  queueHead = 0;
  /** Cores asked for by the waiting tasks. */
  queuedCores = 0;

  requestedAt: number;
  startedAt = NaN;
  endedAt = NaN;
  tasksDone = 0;
  tasksFailed = 0;
  /** Positions in its group's and in the all-VMs list (-1 when not listed). */
  groupPos = -1;
  allPos = -1;

  constructor(
    readonly id: number,
    readonly spec: VmSpec,
    readonly group: string,
    now: number,
  ) {
    this.vcpus = spec.vcpus;
    this.mips = spec.mips;
    this.ram = spec.ram;
    this.bw = spec.bw;
    this.diskBw = spec.diskBw;
    this.image = spec.image;
    this.spaceShared = spec.taskScheduler === 'space-shared';
    this.requestedAt = now;
  }

  /** Brings `work` and `mi` up to `now` at the current rate. */
  advance(now: number): void {
    const dt = now - this.updatedAt;
    if (dt > 0) {
      if (this.coresBusy > 0) {
        this.work += (this.alloc / this.coresBusy) * dt;
        this.mi += this.alloc * dt;
      }
      this.updatedAt = now;
    }
  }

  get queued(): number {
    return this.queue.length - this.queueHead;
  }

  // --- the VM's task scheduler ----------------------------------------------

  /** Whether a task asking for `cores` starts at once (FIFO: nothing may be waiting). */
  canStart(cores: number): boolean {
    return this.state === VmState.Running && this.queueHead === this.queue.length && (!this.spaceShared || this.coresBusy + cores <= this.vcpus);
  }

  enqueue(task: number, cores: number): void {
    this.queue.push(task);
    this.queuedCores += cores;
  }

  /** Starts a task now (call `advance(now)` first: the rate changes). */
  startTask(task: number, T: TaskTable, now: number): void {
    T.state[task] = TaskState.Running;
    T.start[task] = now;
    T.endWork[task] = this.work + T.length[task];
    this.pushRunning(task, T.endWork);
    this.coresBusy += T.cores[task];
  }

  /** Starts waiting tasks in FIFO order while they fit (all of them when time-shared). */
  startQueued(T: TaskTable, now: number): void {
    if (this.state !== VmState.Running) return;
    while (this.queueHead < this.queue.length) {
      const t = this.queue[this.queueHead];
      if (this.spaceShared && this.coresBusy + T.cores[t] > this.vcpus) break;
      this.queueHead++;
      this.queuedCores -= T.cores[t];
      this.startTask(t, T, now);
    }
    if (this.queueHead === this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
    } else if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
  }

  // --- heap of running tasks by end work (ties: lower task id first) -------

  pushRunning(task: number, endWork: Float64Array): void {
    pushKeyed(this.running, task, endWork);
  }

  popRunning(endWork: Float64Array): number {
    return popKeyed(this.running, endWork);
  }
}
