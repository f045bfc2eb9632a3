/**
 * CloudSim keeps every host's and VM's state history (one entry per processing
 * time, an entry replacing the previous one at the same time) and computes the SLA
 * metrics from consecutive entries at the end: 2 GB for one PlanetLab day. These
 * accumulators compute the same sums as the entries arrive, in O(1) memory per
 * host or VM: an entry is only folded in once a later time supersedes it, so a
 * replacement at the same time is still seen.
 */

import { ZERO } from '../../engine/doubles.js';

/** Durations of transitions, kept for mean and sample standard deviation. */
export class Durations {
  readonly values: number[] = [];
  push(x: number): void {
    this.values.push(x);
  }
}

/** A host's state history: (time, utilization MIPS, requested MIPS, active). */
export class HostHistory {
  private t = NaN;
  private alloc = ZERO;
  private req = ZERO;
  private active = false;
  private wasActive = true;
  private switchedOn = ZERO;
  /** Active time, and the part of it with less MIPS allocated than requested. */
  activeTime = ZERO;
  violationTime = ZERO;

  constructor(private readonly shutdowns: Durations) {}

  get lastActive(): boolean {
    return this.active;
  }
  get started(): boolean {
    return !Number.isNaN(this.t);
  }

  add(t: number, alloc: number, req: number, active: boolean): void {
    if (t === this.t) {
      this.alloc = alloc;
      this.req = req;
      this.active = active;
      return;
    }
    if (!Number.isNaN(this.t)) {
      if (this.active) {
        const dt = t - this.t;
        this.activeTime += dt;
        if (this.alloc < this.req) this.violationTime += dt;
      }
      this.transition();
    }
    this.t = t;
    this.alloc = alloc;
    this.req = req;
    this.active = active;
  }

  /** Folds in the last entry's on/off transition (call once, at the end). */
  finish(): void {
    if (!Number.isNaN(this.t)) this.transition();
  }

  private transition(): void {
    if (this.wasActive && !this.active) this.shutdowns.push(this.t - this.switchedOn);
    if (!this.wasActive && this.active) this.switchedOn = this.t;
    this.wasActive = this.active;
  }
}

/** A VM's state history: (time, allocated MIPS, requested MIPS, migrating out). */
export class VmHistory {
  private t = NaN;
  private alloc = ZERO;
  private req = ZERO;
  private mig = false;
  private wasMigrating = false;
  private migrationStart = ZERO;
  /** MIPS x s allocated and requested, and requested-but-not-allocated while migrating. */
  allocated = ZERO;
  requested = ZERO;
  underMigration = ZERO;
  /** Sum and count of (req - alloc) / req over the intervals with alloc < req. */
  shortfallSum = ZERO;
  shortfallCount = 0;

  constructor(private readonly migrations: Durations) {}

  add(t: number, alloc: number, req: number, mig: boolean): void {
    if (t === this.t) {
      this.alloc = alloc;
      this.req = req;
      this.mig = mig;
      return;
    }
    if (!Number.isNaN(this.t)) {
      const dt = t - this.t;
      this.allocated += this.alloc * dt;
      this.requested += this.req * dt;
      if (this.alloc < this.req) {
        this.shortfallSum += (this.req - this.alloc) / this.req;
        this.shortfallCount++;
        if (this.mig) this.underMigration += (this.req - this.alloc) * dt;
      }
      this.transition();
    }
    this.t = t;
    this.alloc = alloc;
    this.req = req;
    this.mig = mig;
  }

  finish(): void {
    if (!Number.isNaN(this.t)) this.transition();
  }

  private transition(): void {
    if (this.wasMigrating && !this.mig) this.migrations.push(this.t - this.migrationStart);
    if (!this.wasMigrating && this.mig) this.migrationStart = this.t;
    this.wasMigrating = this.mig;
  }
}
