import type { CsVm } from './vm.js';

/** Power (W) at utilization u in [0, 1]; throws outside, as CloudSim's SPECpower model does. */
export type CsPowerFn = (u: number) => number;

/** Share of a migrating VM's MIPS the destination reserves, and what the VM keeps on its source. */
export const MIGRATION_IN_SHARE = 0.1;
export const MIGRATION_OUT_SHARE = 0.9;

/**
 * A host as CloudSim's PowerHostUtilizationHistory with a
 * VmSchedulerTimeSharedOverSubscription sees it: the VM list (its order matters to
 * the policies), what each VM asked for and was allocated, the free MIPS, RAM and
 * bandwidth, and the state history the SLA metrics are computed from. The
 * allocation rules, 10% migration overheads included, are those of
 * ../shared/reference/cloudsim-planetlab.md, sections 2.4 to 2.6.
 */
export class CsHost {
  readonly vmList: CsVm[] = [];
  readonly migratingIn: CsVm[] = [];
  /** Scheduler state: requested MIPS per PE and allocated total MIPS, per VM. */
  private readonly requested = new Map<CsVm, number>();
  private readonly allocated = new Map<CsVm, number>();
  private readonly migratingOut = new Set<CsVm>();
  availableMips: number;
  private readonly ramOf = new Map<CsVm, number>();
  private readonly bwOf = new Map<CsVm, number>();
  availableRam: number;
  availableBw: number;
  storage: number;
  utilizationMips = 0;
  previousUtilizationMips = 0;

  /** State history: time, utilization MIPS, requested MIPS, active. */
  readonly hTime: number[] = [];
  readonly hAlloc: number[] = [];
  readonly hReq: number[] = [];
  readonly hActive: boolean[] = [];

  constructor(
    readonly id: number,
    readonly type: string,
    readonly pes: number,
    readonly peMips: number,
    readonly ram: number,
    readonly bw: number,
    storage: number,
    readonly power: CsPowerFn,
    /** Idle and full power, for models that need them without a utilization. */
    readonly maxPower: number,
  ) {
    this.availableMips = this.totalMips;
    this.availableRam = ram;
    this.availableBw = bw;
    this.storage = storage;
  }

  get totalMips(): number {
    let s = 0;
    for (let i = 0; i < this.pes; i++) s += this.peMips;
    return s;
  }

  isMigratingIn(vm: CsVm): boolean {
    return this.migratingIn.includes(vm);
  }

  allocatedMipsFor(vm: CsVm): number {
    return this.allocated.get(vm) ?? 0;
  }

  /** CPU utilization at the last processing, in [0, 1] (values just above 1 are clamped). */
  utilizationOfCpu(): number {
    const u = this.utilizationMips / this.totalMips;
    return u > 1 && u < 1.01 ? 1 : u;
  }
  previousUtilizationOfCpu(): number {
    const u = this.previousUtilizationMips / this.totalMips;
    return u > 1 && u < 1.01 ? 1 : u;
  }
  currentPower(): number {
    return this.power(this.utilizationOfCpu());
  }

  /** MIPS allocated now, counting a VM migrating in at its full size (PABFD's view). */
  utilizationOfCpuMips(): number {
    let s = 0;
    for (const vm of this.vmList) {
      const a = this.allocatedMipsFor(vm);
      if (this.isMigratingIn(vm)) s += (a * MIGRATION_OUT_SHARE) / MIGRATION_IN_SHARE;
      s += a;
    }
    return s;
  }

  /** Sum of the requested MIPS of the VMs on the host (migrating in included). */
  requestedMips(): number {
    let s = 0;
    for (const vm of this.vmList) s += vm.currentRequestedTotalMips();
    return s;
  }

  /** Host.isSuitableForVm: a PE fast enough, enough free MIPS, RAM and bandwidth. */
  isSuitableForVm(vm: CsVm): boolean {
    return (
      this.peMips >= vm.currentRequestedMips() &&
      this.availableMips >= vm.currentRequestedTotalMips() &&
      this.availableRam + (this.ramOf.get(vm) ?? 0) >= Math.min(vm.currentRequestedRam(), vm.ram) &&
      this.availableBw + (this.bwOf.get(vm) ?? 0) >= Math.min(vm.currentRequestedBw(), vm.bw)
    );
  }

  // --- VM placement (Host.vmCreate / vmDestroy and friends) ------------------

  vmCreate(vm: CsVm): boolean {
    if (this.storage < vm.size) return false;
    if (!this.allocateRam(vm, vm.currentRequestedRam())) return false;
    if (!this.allocateBw(vm, vm.currentRequestedBw())) {
      this.availableRam += this.ramOf.get(vm) ?? 0;
      this.ramOf.delete(vm);
      return false;
    }
    this.allocatePes(vm, vm.currentRequestedMips());
    this.storage -= vm.size;
    this.vmList.push(vm);
    vm.host = this;
    return true;
  }

  vmDestroy(vm: CsVm): void {
    this.vmDeallocate(vm);
    const i = this.vmList.indexOf(vm);
    if (i >= 0) this.vmList.splice(i, 1);
    vm.host = null;
  }

  vmDestroyAll(): void {
    this.requested.clear();
    this.allocated.clear();
    this.availableMips = this.totalMips;
    this.ramOf.clear();
    this.bwOf.clear();
    this.availableRam = this.ram;
    this.availableBw = this.bw;
    for (const vm of this.vmList) {
      vm.host = null;
      this.storage += vm.size;
    }
    this.vmList.length = 0;
  }

  reallocateMigratingInVms(): void {
    for (const vm of this.migratingIn) {
      if (!this.vmList.includes(vm)) this.vmList.push(vm);
      this.allocateRam(vm, vm.currentRequestedRam());
      this.allocateBw(vm, vm.currentRequestedBw());
      this.allocatePes(vm, vm.currentRequestedMips());
      this.storage -= vm.size;
    }
  }

  /** Starts a migration into this host: 10% of the VM's MIPS is reserved here. */
  addMigratingInVm(vm: CsVm): void {
    vm.inMigration = true;
    if (this.migratingIn.includes(vm)) return;
    this.allocateRam(vm, vm.currentRequestedRam());
    this.allocateBw(vm, vm.currentRequestedBw());
    this.migratingIn.push(vm);
    this.allocatePes(vm, vm.currentRequestedMips());
    this.storage -= vm.size;
    this.vmList.push(vm);
  }

  removeMigratingInVm(vm: CsVm): void {
    this.vmDeallocate(vm);
    this.migratingIn.splice(this.migratingIn.indexOf(vm), 1);
    const i = this.vmList.indexOf(vm);
    if (i >= 0) this.vmList.splice(i, 1);
    vm.inMigration = false;
  }

  /** VMs CloudSim deems completed: not migrating, asking for exactly 0 MIPS. */
  completedVms(): CsVm[] {
    return this.vmList.filter((vm) => !vm.inMigration && vm.currentRequestedTotalMips() === 0);
  }

  /**
   * HostDynamicWorkload.updateVmsProcessing: every VM's demand is re-read at t, the
   * MIPS reallocated, and the host's and VMs' state histories get an entry.
   */
  updateVmsProcessing(t: number, interval: number): void {
    for (const vm of this.vmList) vm.process(t, interval);
    this.previousUtilizationMips = this.utilizationMips;
    this.utilizationMips = 0;
    let hostRequested = 0;
    this.requested.clear();
    this.allocated.clear();
    this.availableMips = this.totalMips;
    for (const vm of this.vmList) this.allocatePes(vm, vm.currentRequestedMips());
    for (const vm of this.vmList) {
      const req = vm.currentRequestedTotalMips();
      let alloc = this.allocatedMipsFor(vm);
      if (!this.isMigratingIn(vm)) {
        vm.addHistory(t, alloc, req, vm.inMigration);
        if (vm.inMigration) alloc /= MIGRATION_OUT_SHARE;
      }
      this.utilizationMips += alloc;
      hostRequested += req;
    }
    const n = this.hTime.length;
    const active = this.utilizationMips > 0;
    if (n > 0 && this.hTime[n - 1] === t) {
      this.hAlloc[n - 1] = this.utilizationMips;
      this.hReq[n - 1] = hostRequested;
      this.hActive[n - 1] = active;
    } else {
      this.hTime.push(t);
      this.hAlloc.push(this.utilizationMips);
      this.hReq.push(hostRequested);
      this.hActive.push(active);
    }
  }

  // --- scheduler (VmSchedulerTimeSharedOverSubscription) ---------------------

  private vmDeallocate(vm: CsVm): void {
    this.deallocatePes(vm);
    this.availableRam += this.ramOf.get(vm) ?? 0;
    this.ramOf.delete(vm);
    this.availableBw += this.bwOf.get(vm) ?? 0;
    this.bwOf.delete(vm);
    this.storage += vm.size;
  }

  private allocateRam(vm: CsVm, ram: number): boolean {
    const want = Math.min(ram, vm.ram);
    this.availableRam += this.ramOf.get(vm) ?? 0;
    this.ramOf.delete(vm);
    if (this.availableRam < want) return false;
    this.availableRam -= want;
    this.ramOf.set(vm, want);
    return true;
  }

  private allocateBw(vm: CsVm, bw: number): boolean {
    const want = Math.min(bw, vm.bw);
    this.availableBw += this.bwOf.get(vm) ?? 0;
    this.bwOf.delete(vm);
    if (this.availableBw < want) return false;
    this.availableBw -= want;
    this.bwOf.set(vm, want);
    return true;
  }

  /** allocatePesForVm: full (capped) request when it fits, else everyone scaled down. */
  private allocatePes(vm: CsVm, perPe: number): void {
    if (vm.inMigration) {
      if (!this.isMigratingIn(vm)) this.migratingOut.add(vm);
    } else {
      this.migratingOut.delete(vm);
    }
    this.requested.set(vm, perPe);
    this.allocateRequested(vm, perPe);
  }

  private allocateRequested(vm: CsVm, perPe: number): void {
    const capped = perPe > this.peMips ? this.peMips : perPe;
    let total = 0;
    for (let i = 0; i < vm.pes; i++) total += capped;
    if (this.isMigratingIn(vm)) total *= MIGRATION_IN_SHARE;
    if (this.availableMips >= total) {
      let m = capped;
      if (this.migratingOut.has(vm)) m *= MIGRATION_OUT_SHARE;
      else if (this.isMigratingIn(vm)) m *= MIGRATION_IN_SHARE;
      let alloc = 0;
      for (let i = 0; i < vm.pes; i++) alloc += m;
      this.allocated.set(vm, alloc);
      this.availableMips -= total;
    } else {
      this.redistribute();
    }
  }

  /** Over-subscription: every VM's capped request scaled by capacity / total asked (floored). */
  private redistribute(): void {
    let required = 0;
    for (const [vm, perPe] of this.requested) {
      const capped = perPe > this.peMips ? this.peMips : perPe;
      let r = 0;
      for (let i = 0; i < vm.pes; i++) r += capped;
      if (this.isMigratingIn(vm)) r *= MIGRATION_IN_SHARE;
      required += r;
    }
    const scale = this.totalMips / required;
    this.allocated.clear();
    for (const [vm, perPe] of this.requested) {
      let m = perPe > this.peMips ? this.peMips : perPe;
      if (this.migratingOut.has(vm)) m *= MIGRATION_OUT_SHARE;
      else if (this.isMigratingIn(vm)) m *= MIGRATION_IN_SHARE;
      m = Math.floor(m * scale);
      let alloc = 0;
      for (let i = 0; i < vm.pes; i++) alloc += m;
      this.allocated.set(vm, alloc);
    }
    this.availableMips = 0;
  }

  /** deallocatePesForVm: drop the VM, then reallocate the others from their requests. */
  private deallocatePes(vm: CsVm): void {
    this.requested.delete(vm);
    this.allocated.clear();
    this.availableMips = this.totalMips;
    for (const [other, perPe] of this.requested) this.allocateRequested(other, perPe);
  }
}
