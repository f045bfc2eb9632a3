import { MAX_PRIORITY, NO_EVENT, type Handler, type Simulation } from '../engine/simulation.js';
import { SimulationError } from '../errors.js';
import { BROKER_CODE, chooseVm, type BrokerName, type Group, VmGroups } from './groups.js';
import { Host } from './host.js';
import type { Placer, PlacerFactory } from './placement.js';
import type { HostSpec, VmSpec } from './specs.js';
import { TaskState, TaskTable } from './tasks.js';
import { Vm, VmState } from './vm.js';

export { ALL_VMS, BROKER_NAMES, type BrokerName } from './groups.js';

export interface DatacenterOptions {
  placer: PlacerFactory;
  /** CPU overcommit ratio of time-shared hosts (1 = none). */
  cpuOvercommit?: number;
  /** Uniform integer in [0, n) for the `random` broker; a named stream of the run. */
  randomInt?: (n: number) => number;
}

export interface DatacenterStats {
  vmsRequested: number;
  vmsPlaced: number;
  vmsRejected: number;
  vmsDestroyed: number;
  vmsFailed: number;
  tasksSubmitted: number;
  tasksCompleted: number;
  tasksFailed: number;
  hostsFailed: number;
}

type DatacenterEvent = 'vmBooted' | 'vmWork' | 'placeBatch';

/** Relative slack below which a task's remaining work counts as done (float rounding). */
const DONE_SLACK = 1e-12;

/**
 * The datacenter: hosts, VMs, tasks and what happens to them. Handles its own
 * events; everything else (scenario actions, workloads, metrics) calls its methods.
 */
export class Datacenter {
  readonly hosts: Host[];
  readonly vms: Vm[] = [];
  readonly tasks = new TaskTable();
  readonly stats: DatacenterStats = {
    vmsRequested: 0, vmsPlaced: 0, vmsRejected: 0, vmsDestroyed: 0, vmsFailed: 0,
    tasksSubmitted: 0, tasksCompleted: 0, tasksFailed: 0, hostsFailed: 0,
  };
  /** Called when a task ends (done or failed). */
  onTaskEnd: ((task: number) => void) | undefined;

  private readonly groups = new VmGroups();
  private readonly placer: Placer;
  private readonly ev: Record<DatacenterEvent, number>;
  private batch: Vm[] = [];
  private batchScheduled = false;
  private readonly randomInt: (n: number) => number;

  constructor(
    private readonly sim: Simulation,
    hostSpecs: readonly HostSpec[],
    opts: DatacenterOptions,
  ) {
    const ratio = opts.cpuOvercommit ?? 1;
    this.hosts = hostSpecs.map((s, i) => new Host(i, s, ratio));
    this.placer = opts.placer(this.hosts);
    this.randomInt = opts.randomInt ?? (() => {
      throw new SimulationError('E_NO_RANDOM', 'the random broker needs a random stream');
    });
    const handlers: Record<DatacenterEvent, Handler> = {
      vmBooted: (id) => this.onVmBooted(id),
      vmWork: (id) => this.onVmWork(id),
      placeBatch: () => this.onPlaceBatch(),
    };
    this.ev = sim.register(handlers);
  }

  // --- VMs ------------------------------------------------------------------

  /**
   * Asks for a VM. Requests made at one instant are placed together at the end of
   * that instant (after the other events of that time, before metrics sampling), so a policy such as
   * first-fit-decreasing can sort them.
   */
  requestVm(spec: VmSpec, group: string): Vm {
    const vm = new Vm(this.vms.length, spec, group, this.sim.now);
    this.vms.push(vm);
    this.stats.vmsRequested++;
    this.batch.push(vm);
    if (!this.batchScheduled) {
      this.batchScheduled = true;
      this.sim.schedule(0, this.ev.placeBatch, 0, 0, undefined, MAX_PRIORITY - 1);
    }
    return vm;
  }

  /** Destroys (or, with `failed`, fails) a VM: its tasks fail, its host is freed. */
  destroyVm(vm: Vm, failed = false): void {
    const now = this.sim.now;
    if (vm.state === VmState.Requested) {
      vm.state = failed ? VmState.Failed : VmState.Destroyed;
      vm.endedAt = now;
      return;
    }
    if (vm.state !== VmState.Booting && vm.state !== VmState.Running) return;
    const host = this.hosts[vm.host];
    host.settle(now);
    vm.advance(now);
    if (vm.event >= 0) this.sim.cancel(vm.event);
    vm.event = NO_EVENT;
    if (vm.guest === undefined) {
      for (const t of vm.running) this.endTask(vm, t, TaskState.Failed);
      for (let i = vm.queueHead; i < vm.queue.length; i++) this.endTask(vm, vm.queue[i], TaskState.Failed);
    }
    vm.running.length = 0;
    vm.queue.length = 0;
    vm.queueHead = 0;
    vm.queuedCores = 0;
    vm.coresBusy = 0;
    const contended = host.demand > host.capacity;
    host.demand -= vm.demand;
    vm.demand = 0;
    const freed = vm.alloc;
    vm.alloc = 0;
    host.vms.splice(host.vms.indexOf(vm), 1);
    host.reservedMips -= vm.vcpus * vm.mips;
    if (host.spaceShared) host.reservedCores -= vm.vcpus;
    host.ramUsed -= vm.ram;
    host.bwUsed -= vm.bw;
    host.diskBwUsed -= vm.diskBw;
    host.storageUsed -= vm.image;
    if (contended) this.shareHost(host);
    else host.setUsed(host.used - freed);
    vm.state = failed ? VmState.Failed : VmState.Destroyed;
    vm.endedAt = now;
    if (failed) this.stats.vmsFailed++;
    else this.stats.vmsDestroyed++;
    this.groups.remove(vm);
    this.placer.hostChanged(host.id);
    vm.guest?.ended(vm);
  }

  /** Destroys up to `count` placed VMs of a group, newest first. Returns how many. */
  destroyGroup(group: string, count: number): number {
    const g = this.groups.find(group);
    if (!g) return 0;
    const victims = g.vms.slice().sort((a, b) => b.id - a.id).slice(0, Math.min(count, g.vms.length));
    for (const vm of victims) this.destroyVm(vm);
    return victims.length;
  }

  /** Fails a host: its VMs fail, it draws no power and takes no VM from now on. */
  failHost(id: number): void {
    const host = this.hosts[id];
    if (!host.available) return;
    const now = this.sim.now;
    host.settle(now);
    for (const vm of host.vms.slice()) this.destroyVm(vm, true);
    host.available = false;
    host.failedAt = now;
    host.setUsed(0);
    this.stats.hostsFailed++;
    this.placer.hostChanged(id);
  }

  /** VMs of a group that are placed (booting or running). */
  groupVms(group: string): readonly Vm[] {
    return this.groups.find(group)?.vms ?? [];
  }

  // --- tasks ----------------------------------------------------------------

  /** Submits a task of `length` MI per core on `cores` cores to a group's VMs. */
  submitTask(group: string, length: number, cores: number, broker: BrokerName): number {
    const t = this.tasks.add(length, cores, this.sim.now, BROKER_CODE[broker]);
    this.stats.tasksSubmitted++;
    this.dispatch(this.groups.get(group), t);
    return t;
  }

  /** Brings every host's integrals and every VM's counters up to now (for metrics). */
  settleAll(): void {
    const now = this.sim.now;
    for (const h of this.hosts) h.settle(now);
    for (const vm of this.groups.all.vms) vm.advance(now);
  }

  /**
   * A guest model changed `vm.coresBusy` (having advanced the VM to now first):
   * the VM's demand on its host, the host's shares and the guest's rate follow.
   */
  guestLoadChanged(vm: Vm): void {
    this.updateDemand(vm);
  }

  // --- events ---------------------------------------------------------------

  private onPlaceBatch(): void {
    this.batchScheduled = false;
    const batch = this.batch;
    this.batch = [];
    this.placer.orderBatch?.(batch);
    const touched = new Set<Group>();
    for (const vm of batch) {
      if (vm.state !== VmState.Requested) continue;
      const h = this.placer.select(vm);
      if (h < 0) {
        vm.state = VmState.Rejected;
        vm.endedAt = this.sim.now;
        this.stats.vmsRejected++;
        vm.guest?.ended(vm);
      } else {
        this.place(vm, this.hosts[h]);
        touched.add(this.groups.add(vm));
      }
    }
    // Waiting tasks are handed out once the whole batch is placed, so the broker
    // spreads them over all new VMs instead of piling them on the first one.
    for (const g of touched) this.drain(g);
    this.drain(this.groups.all);
  }

  private onVmBooted(id: number): void {
    const vm = this.vms[id];
    vm.event = NO_EVENT;
    vm.state = VmState.Running;
    vm.startedAt = this.sim.now;
    vm.updatedAt = this.sim.now;
    vm.startQueued(this.tasks, this.sim.now);
    this.updateDemand(vm);
    vm.guest?.started(vm);
  }

  private onVmWork(id: number): void {
    const vm = this.vms[id];
    const now = this.sim.now;
    vm.event = NO_EVENT;
    vm.advance(now);
    const T = this.tasks;
    const endWork = T.endWork;
    // The event was scheduled for the earliest task's end: rounding must not leave a sliver.
    if (vm.work < endWork[vm.running[0]]) vm.work = endWork[vm.running[0]];
    const limit = vm.work + DONE_SLACK * Math.max(1, vm.work);
    while (vm.running.length > 0 && endWork[vm.running[0]] <= limit) {
      const t = vm.popRunning(endWork);
      vm.coresBusy -= T.cores[t];
      this.endTask(vm, t, TaskState.Done);
    }
    vm.startQueued(this.tasks, this.sim.now);
    this.updateDemand(vm);
  }

  // --- internals --------------------------------------------------------------

  private place(vm: Vm, host: Host): void {
    const now = this.sim.now;
    host.settle(now);
    host.reservedMips += vm.vcpus * vm.mips;
    if (host.spaceShared) host.reservedCores += vm.vcpus;
    host.ramUsed += vm.ram;
    host.bwUsed += vm.bw;
    host.diskBwUsed += vm.diskBw;
    host.storageUsed += vm.image;
    host.vms.push(vm);
    host.vmsPlaced++;
    vm.host = host.id;
    vm.state = VmState.Booting;
    vm.updatedAt = now;
    this.stats.vmsPlaced++;
    this.placer.hostChanged(host.id);
    vm.event = this.sim.schedule(vm.spec.bootTime, this.ev.vmBooted, vm.id);
  }

  private drain(g: Group): void {
    if (g.backlog.length === 0) return;
    const backlog = g.backlog;
    g.backlog = [];
    for (const t of backlog) this.dispatch(g, t);
  }

  private dispatch(g: Group, t: number): void {
    if (g.vms.length === 0) g.backlog.push(t);
    else this.assign(chooseVm(g, this.tasks.broker[t], this.randomInt), t);
  }

  private assign(vm: Vm, t: number): void {
    const T = this.tasks;
    T.vm[t] = vm.id;
    const cores = T.cores[t];
    if (vm.spaceShared && cores > vm.vcpus) {
      // It could never hold that many vCPUs: fail it now rather than block the queue forever.
      this.endTask(vm, t, TaskState.Failed);
      return;
    }
    if (vm.canStart(cores)) {
      vm.advance(this.sim.now);
      vm.startTask(t, T, this.sim.now);
      this.updateDemand(vm);
    } else {
      vm.enqueue(t, cores);
    }
  }

  private endTask(vm: Vm, t: number, state: TaskState): void {
    const T = this.tasks;
    T.state[t] = state;
    T.finish[t] = this.sim.now;
    if (state === TaskState.Done) {
      vm.tasksDone++;
      this.stats.tasksCompleted++;
    } else {
      vm.tasksFailed++;
      this.stats.tasksFailed++;
    }
    this.onTaskEnd?.(t);
  }

  /**
   * The VM's busy cores changed (it was advanced to now before): recompute what it
   * asks of its host, what the host grants, and its next completion. Without
   * contention only this VM changes; on a contended host all its VMs are reshared.
   */
  private updateDemand(vm: Vm): void {
    const host = this.hosts[vm.host];
    const demand = Math.min(vm.vcpus, vm.coresBusy) * vm.mips;
    if (demand !== vm.demand) {
      host.settle(this.sim.now);
      const wasContended = host.demand > host.capacity;
      host.demand += demand - vm.demand;
      vm.demand = demand;
      if (!wasContended && host.demand <= host.capacity) {
        const delta = demand - vm.alloc;
        vm.alloc = demand;
        host.setUsed(host.used + delta);
      } else {
        this.shareHost(host, vm);
        return;
      }
    }
    this.reschedule(vm);
  }

  /**
   * Processor sharing across a host's VMs: each busy vCPU gets an equal share of the
   * host's MIPS, but never more than its own MIPS; what a slower vCPU cannot use is
   * shared among the others (water-filling).
   */
  private shareHost(host: Host, changed?: Vm): void {
    const now = this.sim.now;
    host.settle(now);
    for (const v of host.vms) {
      if (v.demand === 0 && v.alloc !== 0) {
        v.advance(now);
        v.alloc = 0;
      }
    }
    const active = host.vms.filter((v) => v.demand > 0).sort((a, b) => a.mips - b.mips || a.id - b.id);
    let remaining = host.capacity;
    let vcpus = 0;
    for (const v of active) vcpus += Math.min(v.vcpus, v.coresBusy);
    let used = 0;
    for (const v of active) {
      const a = Math.min(v.vcpus, v.coresBusy);
      const share = remaining / vcpus;
      const alloc = v.mips <= share ? a * v.mips : a * share;
      remaining -= alloc;
      vcpus -= a;
      used += alloc;
      if (alloc !== v.alloc) {
        v.advance(now);
        v.alloc = alloc;
        this.reschedule(v);
      } else if (v === changed) {
        this.reschedule(v);
      }
    }
    if (changed !== undefined && changed.demand === 0) this.reschedule(changed);
    host.setUsed(used);
  }

  private reschedule(vm: Vm): void {
    if (vm.guest !== undefined) {
      vm.guest.rateChanged(vm);
      return;
    }
    if (vm.event >= 0) {
      this.sim.cancel(vm.event);
      vm.event = NO_EVENT;
    }
    if (vm.coresBusy > 0 && vm.alloc > 0) {
      const dt = ((this.tasks.endWork[vm.running[0]] - vm.work) * vm.coresBusy) / vm.alloc;
      vm.event = this.sim.schedule(dt > 0 ? dt : 0, this.ev.vmWork, vm.id);
    }
  }
}
