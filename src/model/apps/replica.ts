import type { Vm, VmGuest } from '../vm.js';
import { IntQueue } from './int-queue.js';
import type { PsStation } from './ps-station.js';
import { ZERO } from '../../engine/doubles.js';
import { NO_EVENT } from '../../engine/simulation.js';

export const ReplicaState = {
  /** VM requested or booting. */
  Starting: 0,
  Serving: 1,
  /** Scaled in: takes no new visits, destroyed once idle. */
  Draining: 2,
  /** VM destroyed, failed or never placed. */
  Gone: 3,
} as const;
export type ReplicaState = (typeof ReplicaState)[keyof typeof ReplicaState];

/** What a balancing policy may look at. */
export interface ReplicaView {
  /** Visits holding a thread or waiting for one. */
  readonly inProgress: number;
}

/** Slots of Replica.counters: cumulative totals since the replica was created. */
export const C = {
  /** Integrals over time of visits waiting for a thread, threads held, connections held. */
  queueArea: 0,
  busyArea: 1,
  connArea: 2,
  /** Visits completed and the sum of their residence times (arrival at the tier to reply), s. */
  visits: 3,
  residence: 4,
  /** Visits refused because the thread queue was full. */
  rejected: 5,
  /** Downstream calls that took a connection, and their total wait for one, s. */
  connCalls: 6,
  connWait: 7,
  /** MI executed; seconds the disk and network were busy; seconds serving. */
  cpuMi: 8,
  diskBusy: 9,
  netBusy: 10,
  upTime: 11,
} as const;
export const COUNTER_SLOTS = 12;

/** Callbacks of the application that owns the replica. */
export interface ReplicaOwner {
  cpuRateChanged(p: Replica): void;
  replicaStarted(p: Replica): void;
  replicaEnded(p: Replica): void;
}

/**
 * One replica of a tier: a VM, its worker threads and their FIFO queue, its
 * connection pool for downstream calls, and its disk and network links.
 */
export class Replica implements VmGuest, ReplicaView {
  state: ReplicaState = ReplicaState.Starting;
  /** Threads held (visits in service or waiting for their downstream calls). */
  busy = 0;
  connsUsed = 0;
  /** Visits waiting for a thread, and visits waiting for a connection. */
  readonly queue = new IntQueue();
  readonly connQueue = new IntQueue();
  cpuEvent = NO_EVENT;
  /** Time of `cpuEvent`. */
  cpuEventAt = ZERO;
  startedAt = NaN;
  endedAt = NaN;
  /** Running totals (see C); the integrals are settled up to `touched`. */
  readonly counters = new Float64Array(COUNTER_SLOTS);
  touched = ZERO;

  constructor(
    /** Index in the application's replica list. */
    readonly index: number,
    readonly tier: number,
    readonly vm: Vm,
    readonly threads: number,
    readonly queueLimit: number,
    readonly connections: number,
    readonly disk: PsStation | undefined,
    readonly net: PsStation | undefined,
    private readonly owner: ReplicaOwner,
    now: number,
  ) {
    this.touched = now;
    vm.guest = this;
  }

  get inProgress(): number {
    return this.busy + this.queue.length;
  }

  /** Settles the time integrals up to `now`: call before the queue, threads or connections change. */
  touch(now: number): void {
    const dt = now - this.touched;
    if (dt > 0) {
      const c = this.counters;
      c[C.queueArea] += this.queue.length * dt;
      c[C.busyArea] += this.busy * dt;
      c[C.connArea] += this.connsUsed * dt;
      this.touched = now;
    }
  }

  /** Cumulative counters at `now` into `out` (the VM's MI and the links' busy time included). */
  snapshot(now: number, out: Float64Array): void {
    this.touch(now);
    out.set(this.counters);
    this.vm.advance(now);
    out[C.cpuMi] = this.vm.mi;
    if (this.disk) {
      this.disk.advance(now);
      out[C.diskBusy] = this.disk.busyTime;
    }
    if (this.net) {
      this.net.advance(now);
      out[C.netBusy] = this.net.busyTime;
    }
    const end = Number.isNaN(this.endedAt) ? now : this.endedAt;
    out[C.upTime] = Number.isNaN(this.startedAt) ? 0 : Math.max(0, end - this.startedAt);
  }

  rateChanged(): void {
    this.owner.cpuRateChanged(this);
  }
  started(): void {
    this.owner.replicaStarted(this);
  }
  ended(): void {
    this.owner.replicaEnded(this);
  }
}
