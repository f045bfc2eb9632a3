import { powerFunction, type PowerFn } from './power.js';
import type { HostView } from './placement.js';
import type { HostSpec } from './specs.js';
import type { Vm } from './vm.js';
import { ZERO } from '../engine/doubles.js';

/**
 * A physical host: its capacities, what its VMs have reserved, and the integrals
 * (energy, CPU work) that are settled whenever its utilization changes, so energy
 * is exact: power is constant between two changes.
 */
export class Host implements HostView {
  readonly cores: number;
  readonly mips: number;
  /** cores x mips */
  readonly capacity: number;
  readonly spaceShared: boolean;
  readonly power: PowerFn;
  available = true;
  failedAt = NaN;

  /** Reserved by placed VMs: vCPU x MIPS, cores (space-shared), MiB, Mbit/s (network, disk), MiB. */
  reservedMips = ZERO;
  reservedCores = 0;
  ramUsed = ZERO;
  bwUsed = ZERO;
  diskBwUsed = ZERO;
  storageUsed = ZERO;
  vms: Vm[] = [];
  /** Number of VMs ever placed here. */
  vmsPlaced = 0;

  /** Sum of the VMs' current CPU demand and of what they were granted, MIPS. */
  demand = ZERO;
  used = ZERO;

  /** Integrals up to `settledAt`: joules, MIPS x s (= MI run), s with >= 1 VM. */
  energy = ZERO;
  work = ZERO;
  activeTime = ZERO;
  settledAt = ZERO;
  watts: number;

  constructor(
    readonly id: number,
    readonly spec: HostSpec,
    private readonly cpuOvercommit: number,
  ) {
    this.cores = spec.cores;
    this.mips = spec.mips;
    this.capacity = spec.cores * spec.mips;
    this.spaceShared = spec.vmScheduler === 'space-shared';
    this.power = powerFunction(spec.power);
    this.watts = this.power(0);
  }

  get freeMips(): number {
    if (!this.available) return -Infinity;
    if (this.spaceShared) return (this.cores - this.reservedCores) * this.mips;
    return this.capacity * this.cpuOvercommit - this.reservedMips;
  }
  get freeCores(): number {
    if (!this.available) return -Infinity;
    return this.spaceShared ? this.cores - this.reservedCores : this.cores;
  }
  get freeRam(): number {
    return this.available ? this.spec.ram - this.ramUsed : -Infinity;
  }
  get freeBw(): number {
    return this.available ? this.spec.bw - this.bwUsed : -Infinity;
  }
  get freeDiskBw(): number {
    return this.available ? this.spec.diskBw - this.diskBwUsed : -Infinity;
  }
  get freeStorage(): number {
    return this.available ? this.spec.storage - this.storageUsed : -Infinity;
  }
  get vmCount(): number {
    return this.vms.length;
  }
  /** CPU utilization now, in [0, 1]. */
  get utilization(): number {
    return this.used / this.capacity;
  }

  /** Accounts energy and work from the last change up to `now`. */
  settle(now: number): void {
    const dt = now - this.settledAt;
    if (dt > 0) {
      this.energy += this.watts * dt;
      this.work += this.used * dt;
      if (this.vms.length > 0) this.activeTime += dt;
      this.settledAt = now;
    }
  }

  /** Sets the MIPS in use (call `settle(now)` first). */
  setUsed(used: number): void {
    this.used = used;
    this.watts = this.available ? this.power(used / this.capacity) : 0;
  }
}
