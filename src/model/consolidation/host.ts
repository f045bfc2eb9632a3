import { ZERO } from '../../engine/doubles.js';
import { HostHistory, type Durations } from './history.js';
import { Provisioner } from './amounts.js';
import { CsScheduler } from './scheduler.js';
import { HistorySums } from './history-sums.js';
import { cpuDemandEpoch, cpuHistoryEpoch, type CsVm } from './vm.js';
import type { PowerFn } from '../power.js';
import { CLOUDSIM_SHARES, profileNumber, type MigrationShares } from './shares.js';

export { CLOUDSIM_SHARES, PRECOPY_SHARES, type MigrationShares } from './shares.js';

/** Power (W) at utilization u in [0, 1]; throws outside, as CloudSim's SPECpower model does. */
export type CsPowerFn = PowerFn;


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
  /** Counts the changes to the host's VMs and allocations. */
  version = 0;
  /** Called after the host's VMs or allocations change (an index of hosts listens). */
  onChange: ((h: CsHost) => void) | undefined;
  /** Migration overheads (CloudSim's unless the pre-copy model is on). */
  shares: MigrationShares = CLOUDSIM_SHARES;
  readonly migratingIn: CsVm[] = [];
  /** The host's VmSchedulerTimeSharedOverSubscription. */
  private readonly scheduler: CsScheduler;
  /** MIPS not allocated to any VM (0 once over-subscribed); kept by the scheduler. */
  availableMips = ZERO;
  /** RAM and bandwidth: what is free and what each VM holds. */
  readonly ramProvisioner: Provisioner;
  readonly bwProvisioner: Provisioner;
  storage = ZERO;
  utilizationMips = ZERO;
  previousUtilizationMips = ZERO;

  /** State history (CloudSim's HostStateHistoryEntry), folded into the SLA sums as it comes. */
  readonly history: HostHistory;

  // Capacities are doubles from the start (engine/doubles.ts): a field holding 1860 in
  // one host and 3906.25 in another would be boxed, and sums over it would allocate.
  readonly peMips: number = ZERO;
  readonly ram: number = ZERO;
  readonly bw: number = ZERO;
  /** Idle and full power, for models that need them without a utilization. */
  readonly maxPower: number = ZERO;
  readonly totalMips: number = ZERO;

  constructor(
    readonly id: number,
    readonly type: string,
    readonly pes: number,
    peMips: number,
    ram: number,
    bw: number,
    storage: number,
    readonly power: CsPowerFn,
    maxPower: number,
    shutdownDurations: Durations,
  ) {
    this.peMips = peMips;
    this.ram = ram;
    this.bw = bw;
    this.maxPower = maxPower;
    this.history = new HostHistory(shutdownDurations);
    let total = 0;
    for (let i = 0; i < pes; i++) total += peMips;
    this.totalMips = total;
    this.scheduler = new CsScheduler(this);
    this.ramProvisioner = new Provisioner(ram);
    this.bwProvisioner = new Provisioner(bw);
    this.storage = storage;
  }

  get availableRam(): number {
    return this.ramProvisioner.available;
  }
  get availableBw(): number {
    return this.bwProvisioner.available;
  }

  isMigratingIn(vm: CsVm): boolean {
    const m = this.migratingIn;
    for (let i = 0; i < m.length; i++) if (m[i] === vm) return true;
    return false;
  }

  /**
   * Nothing placed, nothing reserved, idle at the last processing: every such host
   * of one profile (capacities and power model) looks the same to a placement policy.
   */
  get pristine(): boolean {
    return (
      this.vmList.length === 0 && this.utilizationMips === 0 && this.availableMips === this.totalMips &&
      this.availableRam === this.ram && this.availableBw === this.bw
    );
  }

  /** Hosts with equal capacities and the same power function share a profile number. */
  get profile(): number {
    if (this.profileId < 0) this.profileId = profileNumber(this.power, `${this.pes}|${this.peMips}|${this.ram}|${this.bw}|${this.storage}`);
    return this.profileId;
  }
  private profileId = -1;

  /** Nothing here and nothing was at the last processing: processing would change nothing. */
  get idle(): boolean {
    return this.vmList.length === 0 && this.utilizationMips === 0 && this.history.started && !this.history.lastActive;
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
  /** Power at the last processing's utilization (throws where the power model does). */
  currentPower(): number {
    if (Number.isNaN(this.powerCache)) this.powerCache = this.power(this.utilizationOfCpu());
    return this.powerCache;
  }
  private powerCache = NaN;
  /** utilizationOfCpuMips(), cached until the VMs or their allocations change. */
  private usedCache = NaN;

  /** currentPower(), or NaN where the power model refuses the utilization. */
  currentPowerOrNaN(): number {
    try {
      return this.currentPower();
    } catch {
      return NaN;
    }
  }

  /** MIPS allocated now, counting a VM migrating in at its full size (PABFD's view). */
  utilizationOfCpuMips(): number {
    if (!Number.isNaN(this.usedCache)) return this.usedCache;
    let s = 0;
    const list = this.vmList;
    for (let i = 0; i < list.length; i++) {
      const vm = list[i];
      const a = this.scheduler.allocatedFor(vm, i);
      if (this.isMigratingIn(vm)) s += (a * this.shares.inRest) / this.shares.in;
      s += a;
    }
    this.usedCache = s;
    return s;
  }

  /**
   * Utilization history (PowerHostUtilizationHistory.getUtilizationHistory): per step
   * back, the sum over the VMs here of utilization x VM MIPS / host MIPS, trailing
   * zeros trimmed. Cached until the VMs here or any VM's history change.
   */
  utilizationHistory(): readonly number[] {
    const epoch = cpuHistoryEpoch();
    if (this.historyCache !== null && this.historyCacheEpoch === epoch) return this.historyCache;
    const h = this.sums.history(this.vmList, this.totalMips, this.version, epoch);
    this.historyCache = h;
    this.historyCacheEpoch = epoch;
    return h;
  }
  private historyCache: readonly number[] | null = null;

  /** The first k values of utilizationHistoryWith(vm), undefined when it has fewer (valid until the next call). */
  recentUtilizationWith(vm: CsVm, k: number): readonly number[] | undefined {
    return this.sums.recentWith(this.vmList, this.totalMips, this.version, cpuHistoryEpoch(), vm, k);
  }

  /** utilizationHistory() as it would be with `vm` appended to the VMs here (valid until the next call, on any host). */
  utilizationHistoryWith(vm: CsVm): readonly number[] {
    return this.sums.historyWith(this.vmList, this.totalMips, this.version, cpuHistoryEpoch(), vm);
  }
  private historyCacheEpoch = -1;
  private readonly sums = new HistorySums();

  /**
   * Sum of the requested MIPS of the VMs on the host (migrating in included), in list
   * order; kept until the VMs here or any VM's request change (placement tests ask it
   * for a host again and again within a round).
   */
  requestedMips(): number {
    const epoch = cpuDemandEpoch();
    if (this.requestedAt === this.version && this.requestedEpoch === epoch) return this.requested;
    let s = 0;
    for (const vm of this.vmList) s += vm.currentRequestedTotalMips();
    this.requested = s;
    this.requestedAt = this.version;
    this.requestedEpoch = epoch;
    return s;
  }
  private requested = ZERO;
  private requestedAt = -1;
  private requestedEpoch = -1;

  /** Host.isSuitableForVm: a PE fast enough, enough free MIPS, RAM and bandwidth. */
  isSuitableForVm(vm: CsVm): boolean {
    if (!(this.peMips >= vm.currentRequestedMips() && this.availableMips >= vm.currentRequestedTotalMips())) return false;
    const ram = Math.min(vm.currentRequestedRam(), vm.ram);
    if (ram > 0 && !(this.availableRam + this.ramProvisioner.heldBy(vm) >= ram)) return false;
    const bw = Math.min(vm.currentRequestedBw(), vm.bw);
    return !(bw > 0 && !(this.availableBw + this.bwProvisioner.heldBy(vm) >= bw));
  }

  // --- VM placement (Host.vmCreate / vmDestroy and friends) ------------------

  /**
   * Whether vmCreate(vm) would succeed, for a VM that holds nothing here: the storage,
   * RAM and bandwidth checks it makes, in its order, without their effects.
   */
  couldCreate(vm: CsVm): boolean {
    if (this.storage < vm.size) return false;
    if (this.availableRam < Math.min(vm.currentRequestedRam(), vm.ram)) return false;
    return !(this.availableBw < Math.min(vm.currentRequestedBw(), vm.bw));
  }

  /** Whether the VM holds no RAM, bandwidth or MIPS here. */
  holdsNothing(vm: CsVm): boolean {
    return this.ramProvisioner.heldBy(vm) === 0 && this.bwProvisioner.heldBy(vm) === 0 && !this.scheduler.hasEntry(vm);
  }

  /**
   * What creating `vm` here and destroying it again leaves behind, besides the state
   * it restores: a VM allocated here while not migrating leaves the scheduler's
   * migrating-out set (CloudSim keeps the VMs that left a host there until then).
   */
  forgetMigratingOut(vm: CsVm): void {
    this.scheduler.forgetMigratingOut(vm);
  }

  vmCreate(vm: CsVm): boolean {
    this.usedCache = NaN;
    this.historyCache = null;
    this.version++;
    this.onChange?.(this);
    if (this.storage < vm.size) return false;
    if (!this.ramProvisioner.allocate(vm, vm.currentRequestedRam(), vm.ram)) return false;
    if (!this.bwProvisioner.allocate(vm, vm.currentRequestedBw(), vm.bw)) {
      this.ramProvisioner.release(vm);
      return false;
    }
    this.scheduler.allocate(vm, vm.currentRequestedMips());
    this.storage -= vm.size;
    this.vmList.push(vm);
    vm.host = this;
    this.sums.appended(vm, this.totalMips, this.version, cpuHistoryEpoch());
    return true;
  }

  vmDestroy(vm: CsVm): void {
    this.usedCache = NaN;
    this.historyCache = null;
    this.version++;
    this.onChange?.(this);
    this.vmDeallocate(vm);
    const i = this.vmList.indexOf(vm);
    if (i >= 0 && i === this.vmList.length - 1) this.sums.removedLast(vm, this.version, cpuHistoryEpoch());
    if (i >= 0) this.vmList.splice(i, 1);
    vm.host = null;
  }

  vmDestroyAll(): void {
    this.usedCache = NaN;
    this.historyCache = null;
    this.version++;
    this.onChange?.(this);
    this.scheduler.clear();
    this.ramProvisioner.clear();
    this.bwProvisioner.clear();
    for (const vm of this.vmList) {
      vm.host = null;
      this.storage += vm.size;
    }
    this.vmList.length = 0;
  }

  /**
   * The MIPS reallocated to the VMs in list order: what emptying the host and creating
   * its VMs again does once their RAM and bandwidth are as creation leaves them.
   */
  reallocateInOrder(): void {
    this.usedCache = NaN;
    this.onChange?.(this);
    this.scheduler.clear();
    this.scheduler.allocateAll(this.vmList);
  }

  reallocateMigratingInVms(): void {
    this.usedCache = NaN;
    this.historyCache = null;
    this.version++;
    this.onChange?.(this);
    for (const vm of this.migratingIn) {
      if (!this.vmList.includes(vm)) this.vmList.push(vm);
      this.ramProvisioner.allocate(vm, vm.currentRequestedRam(), vm.ram);
      this.bwProvisioner.allocate(vm, vm.currentRequestedBw(), vm.bw);
      this.scheduler.allocate(vm, vm.currentRequestedMips());
      this.storage -= vm.size;
    }
  }

  /** Starts a migration into this host: 10% of the VM's MIPS is reserved here. */
  addMigratingInVm(vm: CsVm): void {
    this.usedCache = NaN;
    this.historyCache = null;
    this.version++;
    this.onChange?.(this);
    vm.inMigration = true;
    if (this.migratingIn.includes(vm)) return;
    this.ramProvisioner.allocate(vm, vm.currentRequestedRam(), vm.ram);
    this.bwProvisioner.allocate(vm, vm.currentRequestedBw(), vm.bw);
    this.migratingIn.push(vm);
    this.scheduler.allocate(vm, vm.currentRequestedMips());
    this.storage -= vm.size;
    this.vmList.push(vm);
  }

  removeMigratingInVm(vm: CsVm): void {
    this.usedCache = NaN;
    this.historyCache = null;
    this.version++;
    this.onChange?.(this);
    this.vmDeallocate(vm);
    this.migratingIn.splice(this.migratingIn.indexOf(vm), 1);
    const i = this.vmList.indexOf(vm);
    if (i >= 0) this.vmList.splice(i, 1);
    vm.inMigration = false;
  }

  /** Whether some VM is what CloudSim deems completed: not migrating, asking for exactly 0 MIPS. */
  hasCompletedVms(): boolean {
    for (const vm of this.vmList) if (!vm.inMigration && vm.currentRequestedTotalMips() === 0) return true;
    return false;
  }

  completedVms(): CsVm[] {
    return this.vmList.filter((vm) => !vm.inMigration && vm.currentRequestedTotalMips() === 0);
  }

  /**
   * HostDynamicWorkload.updateVmsProcessing: every VM's demand is re-read at t, the
   * MIPS reallocated, and the host's and VMs' state histories get an entry.
   */
  updateVmsProcessing(t: number, tick: boolean): void {
    this.usedCache = NaN;
    this.historyCache = null;
    this.version++;
    this.onChange?.(this);
    this.powerCache = NaN;
    for (const vm of this.vmList) vm.process(t, tick);
    this.previousUtilizationMips = this.utilizationMips;
    this.utilizationMips = 0;
    let hostRequested = 0;
    this.scheduler.clear();
    this.scheduler.allocateAll(this.vmList);
    // Entry i of the scheduler is vmList[i].
    const list = this.vmList;
    for (let i = 0; i < list.length; i++) {
      const vm = list[i];
      const req = vm.currentRequestedTotalMips();
      let alloc = this.scheduler.allocatedAt(i);
      if (!vm.inMigration) {
        vm.history.add(t, alloc, req, false);
      } else if (!this.scheduler.migratingInAt(i)) {
        vm.history.add(t, alloc, req, true);
        // The source carries a migrating VM's full CPU (CloudSim: it gets 90% of it);
        // a VM paused for its stop-and-copy uses none.
        alloc = vm.paused ? 0 : alloc / this.shares.out;
      } else if (!this.shares.countIncoming) {
        continue;
      }
      this.utilizationMips += alloc;
      hostRequested += req;
    }
    this.history.add(t, this.utilizationMips, hostRequested, this.utilizationMips > 0);
  }

  // --- scheduler (VmSchedulerTimeSharedOverSubscription) ---------------------

  private vmDeallocate(vm: CsVm): void {
    this.scheduler.deallocate(vm);
    this.ramProvisioner.release(vm);
    this.bwProvisioner.release(vm);
    this.storage += vm.size;
  }
}
