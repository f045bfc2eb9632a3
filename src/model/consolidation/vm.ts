import { emptyDoubles, ZERO } from '../../engine/doubles.js';
import { VmHistory, type Durations } from './history.js';
import type { CsHost } from './host.js';

/** Length of a VM's CPU utilization history (CloudSim's PowerVm.HISTORY_LENGTH). */
export const HISTORY_LENGTH = 30;

/**
 * Utilization of a trace (fractions at t = 0, step, 2 step, ...) at time t >= 0, by
 * linear interpolation as CloudSim's UtilizationModelPlanetLabInMemory.getUtilization
 * does, bit for bit: u = d[k1] + (d[k2] - d[k1]) / step x (t - step k1) with k1, k2 =
 * floor, ceil of t / step. (CloudSim divides by (k2 - k1) x step, which is step
 * whenever k1 != k2; at a grid point the formula gives d[k1] as CloudSim's shortcut
 * does. Where t / step rounds to an integer without t being on the grid, CloudSim's
 * 0/0 would give NaN: this gives d[k1].) Past the end, the last sample, as CloudSim's
 * d[288] = d[287].
 */
export function traceUtilization(d: Float64Array, step: number, t: number): number {
  const last = d.length - 1;
  const x = t / step;
  const k1 = Math.floor(x);
  if (k1 >= last) return d[last];
  const d1 = d[k1];
  return d1 + ((d[Math.ceil(x)] - d1) / step) * (t - step * k1);
}

/** Counts the changes to any VM's cpuHistory: a cache of sums over histories holds while it stays. */
let historyEpoch = 0;
export function cpuHistoryEpoch(): number {
  return historyEpoch;
}

/** Counts the changes to any VM's requested MIPS: a cache of sums of requests holds while it stays. */
let demandEpoch = 0;
export function cpuDemandEpoch(): number {
  return demandEpoch;
}

/**
 * A VM whose CPU demand follows a utilization trace. Field names follow CloudSim's
 * PowerVm, whose behaviour this reproduces: see ../shared/reference/cloudsim-planetlab.md.
 */
export class CsVm {
  host: CsHost | null = null;
  inMigration = false;
  /** Paused for the stop-and-copy of a pre-copy migration: it runs nowhere. */
  paused = false;
  /** Until its first creation (created()) a VM asks for its full MIPS, RAM and bandwidth. */
  get beingInstantiated(): boolean {
    return this.instantiating;
  }
  private instantiating = true;
  /** Dropped for good (CloudSim's "completed" VM: zero demand at a processing time). */
  removed = false;
  /** Requested MIPS per PE at the last processing time. */
  requestedPerPe = ZERO;
  /**
   * Utilization history, most recent first, at most HISTORY_LENGTH values (changed only
   * by process()); doubles from the start, so an idle VM's (all 0) has a busy one's shape.
   */
  cpuHistory: number[] = emptyDoubles();
  /**
   * The hosts whose scheduler counts this VM as migrating out (CloudSim's
   * vmsMigratingOut, which keeps a VM until it is allocated there again while not
   * migrating): kept by CsScheduler, read by placement searches that need to know
   * where a tentative placement would change that.
   */
  readonly leaving: CsHost[] = [];
  private historyAt = -Infinity;
  private processedAt = NaN;

  /** State history (CloudSim's VmStateHistoryEntry), folded into the SLA sums as it comes. */
  readonly history: VmHistory;

  // Doubles from the start (engine/doubles.ts), whatever the VM type's numbers.
  readonly mips: number = ZERO;
  readonly ram: number = ZERO;
  readonly bw: number = ZERO;
  readonly size: number = ZERO;
  /** Seconds between the trace's samples. */
  readonly step: number = ZERO;

  constructor(
    readonly id: number,
    readonly type: string,
    mips: number,
    readonly pes: number,
    ram: number,
    bw: number,
    size: number,
    /** Utilization trace (fractions) sampled every `step` seconds. */
    readonly trace: Float64Array,
    step: number,
    migrationDurations: Durations,
  ) {
    this.mips = mips;
    this.ram = ram;
    this.bw = bw;
    this.size = size;
    this.step = step;
    this.history = new VmHistory(migrationDurations);
  }

  /** Created on its first host: from now on it asks for what its trace says. */
  created(): void {
    this.instantiating = false;
    demandEpoch++;
  }

  /** MIPS asked for now, per PE. */
  currentRequestedMips(): number {
    return this.beingInstantiated ? this.mips : this.requestedPerPe;
  }
  currentRequestedTotalMips(): number {
    if (this.beingInstantiated) return this.mips * this.pes;
    let s = 0;
    for (let i = 0; i < this.pes; i++) s += this.requestedPerPe;
    return s;
  }
  /**
   * CloudSim's VMs ask for no RAM or bandwidth once created (their utilization models
   * are null), so only CPU constrains migrations there; dcsim's keep asking (`holdsMemory`).
   */
  currentRequestedRam(): number {
    return this.beingInstantiated || this.holdsMemory ? this.ram : 0;
  }
  currentRequestedBw(): number {
    return this.beingInstantiated || this.holdsMemory ? this.bw : 0;
  }
  holdsMemory = false;
  /** Utilization at the last processing time. */
  utilizationNow = ZERO;

  /** CPU MIPS in use now (utilization x MIPS: CloudSim's getTotalUtilizationOfCpuMips), to sort and select VMs. */
  cpuMipsNow(): number {
    return this.utilizationNow * this.mips;
  }

  /**
   * The VM's processing at time t: its demand becomes utilization(t) x MIPS, and at
   * a scheduling tick the utilization joins its history (CloudSim pushes it when
   * (t - 0.1) % interval == 0, which holds at its ticks and nowhere else it processes).
   */
  process(t: number, tick: boolean): void {
    // Processed again at the same time (a migration's end, a tick's starts): the same
    // demand, and the history already has its value for this time.
    if (t === this.processedAt) return;
    this.processedAt = t;
    demandEpoch++;
    const u = traceUtilization(this.trace, this.step, t);
    this.utilizationNow = u;
    this.requestedPerPe = (u * (this.pes * this.mips)) / this.pes;
    if (tick && t > this.historyAt) {
      if (t !== 0 || u !== 0) {
        this.cpuHistory.unshift(u);
        if (this.cpuHistory.length > HISTORY_LENGTH) this.cpuHistory.pop();
        historyEpoch++;
      }
      this.historyAt = t;
    }
  }
}
