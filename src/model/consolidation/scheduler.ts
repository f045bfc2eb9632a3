import type { CsHost } from './host.js';
import type { CsVm } from './vm.js';
import { grown } from '../../engine/grown.js';

/**
 * CloudSim's VmSchedulerTimeSharedOverSubscription for one host: each VM's request
 * (per PE, capped at a PE's MIPS) is granted while it fits; once the requests exceed
 * the host, every VM gets its capped request scaled by capacity / total requested,
 * floored. A VM migrating out keeps `shares.out` of its request, one migrating in
 * reserves `shares.in`. Entries are kept in allocation order in small parallel
 * arrays: hosts hold a handful of VMs, a linear search beats a map, and emptying
 * them allocates nothing.
 */
/** Entry flags: the VM is migrating in (it reserves `shares.in`); it is in vmsMigratingOut. */
const IN = 1;
const OUT = 2;

export class CsScheduler {
  private readonly vms: (CsVm | null)[] = [];
  // Typed arrays: a number[] switches its elements from integers to doubles at its first
  // fraction, and code reading both kinds boxes what it reads. They are replaced as they
  // grow, and once already in the constructor: V8 treats a field never stored again as a
  // constant, and its first new value discards the optimized code that relied on that,
  // which should happen at start rather than when a host first outgrows the arrays.
  /** Requested MIPS per PE. */
  private req = new Float64Array(0);
  /** Allocated MIPS, total over the VM's PEs. */
  private alloc = new Float64Array(0);
  /**
   * IN | OUT of each entry, as they were when it was allocated: only allocating a VM
   * changes its own membership of vmsMigratingOut, and a VM joins or leaves the host's
   * migrating-in list only while it has no entry here, so they hold while it stays.
   */
  private flags = new Uint8Array(0);
  private len = 0;

  /** Room for n entries. */
  private reserve(n: number): void {
    if (n <= this.req.length) return;
    const size = Math.max(n, 2 * this.req.length);
    this.req = grown(this.req, size);
    this.alloc = grown(this.alloc, size);
    this.flags = grown(this.flags, size);
  }
  /**
   * CloudSim's vmsMigratingOut, held on the VMs (CsVm.leaving lists the hosts that
   * count a VM as leaving; placement searches read it) with its size here. As in
   * CloudSim, a VM leaves it only when it is allocated here again while not migrating,
   * so a host keeps the VMs that once migrated out of it, and one that comes back is
   * still counted as leaving. Its order is never observed.
   */
  private leavingCount = 0;

  private isLeaving(vm: CsVm): boolean {
    return this.leavingCount !== 0 && vm.leaving.includes(this.host);
  }

  /**
   * What allocating `vm` does to vmsMigratingOut (joined by a VM migrating out, left by
   * one not migrating), and the entry flags that follow.
   */
  private leavingFlags(vm: CsVm, migIn: boolean): number {
    if (vm.inMigration) {
      if (!migIn && !this.isLeaving(vm)) {
        vm.leaving.push(this.host);
        this.leavingCount++;
      }
    } else {
      this.forgetMigratingOut(vm);
    }
    return (migIn ? IN : 0) | (vm.inMigration && this.isLeaving(vm) ? OUT : 0);
  }

  /** Keeps the host's `availableMips` (read in every placement search) current. */
  constructor(private readonly host: CsHost) {
    host.availableMips = host.totalMips;
    this.reserve(8);
  }

  private entryOf(vm: CsVm): number {
    const v = this.vms;
    for (let i = 0; i < this.len; i++) if (v[i] === vm) return i;
    return -1;
  }

  /**
   * After clear(): allocates the VMs in list order, as allocate() would one by one;
   * entry i is then list[i].
   */
  allocateAll(list: readonly CsVm[]): void {
    const host = this.host;
    this.reserve(list.length);
    let migrating = host.migratingIn.length !== 0;
    for (let i = 0; i < list.length && !migrating; i++) migrating = list[i].inMigration;
    if (!migrating) {
      // allocate() would drop each of these (non-migrating) VMs from vmsMigratingOut, but
      // none is there: a VM joins the host's list by vmCreate, whose allocate() drops it,
      // or migrating in (it is migrating until vmCreate places it here for good), and it
      // joins vmsMigratingOut only while migrating out, which ends with it leaving the list.
      for (let i = 0; i < list.length; i++) {
        this.vms[i] = list[i];
        this.req[i] = list[i].currentRequestedMips();
        this.flags[i] = 0;
      }
    } else {
      // Each VM's flags depend on its own membership of vmsMigratingOut only, which only
      // its own allocation changes: set as allocate() would at its turn.
      for (let i = 0; i < list.length; i++) {
        const vm = list[i];
        this.vms[i] = vm;
        this.req[i] = vm.currentRequestedMips();
        this.flags[i] = this.leavingFlags(vm, host.migratingIn.length > 0 && host.isMigratingIn(vm));
      }
    }
    this.len = list.length;
    this.reallocate();
  }

  /**
   * Every entry's MIPS again, in order, from the whole host, as allocating them one by
   * one would leave them: each gets its share while it fits; once one does not, that
   * would scale everyone allocated so far, and again at every later entry that does not
   * fit (an entry asking nothing gets 0 either way), so what is left is one scaling of
   * every entry, done once here.
   */
  private reallocate(): void {
    const host = this.host;
    let available = host.totalMips;
    let fits = true;
    for (let k = 0; k < this.len && fits; k++) {
      const pes = this.vms[k]!.pes;
      const capped = Math.min(this.req[k], host.peMips);
      let total = 0;
      for (let p = 0; p < pes; p++) total += capped;
      if ((this.flags[k] & IN) !== 0) total *= host.shares.in;
      if (available >= total) {
        const m = this.share(k, capped);
        let alloc = 0;
        for (let p = 0; p < pes; p++) alloc += m;
        this.alloc[k] = alloc;
        available -= total;
      } else {
        fits = false;
      }
    }
    host.availableMips = available;
    if (!fits) this.redistribute();
  }

  /** Allocated MIPS of entry i (see allocateAll). */
  allocatedAt(i: number): number {
    return this.alloc[i];
  }

  /** Whether entry i's VM is migrating in. */
  migratingInAt(i: number): boolean {
    return (this.flags[i] & IN) !== 0;
  }

  hasEntry(vm: CsVm): boolean {
    return this.entryOf(vm) >= 0;
  }

  /** What allocating a VM that is not migrating does to vmsMigratingOut: it leaves it. */
  forgetMigratingOut(vm: CsVm): void {
    if (this.leavingCount === 0) return;
    const i = vm.leaving.indexOf(this.host);
    if (i < 0) return;
    vm.leaving.splice(i, 1);
    this.leavingCount--;
  }

  /** Allocated MIPS of `vm`; `hint`: the entry it is likely at (the host's list order, which entries usually follow). */
  allocatedFor(vm: CsVm, hint = -1): number {
    if (hint >= 0 && hint < this.len && this.vms[hint] === vm) return this.alloc[hint];
    const i = this.entryOf(vm);
    return i < 0 ? 0 : this.alloc[i];
  }

  /** allocatePesForVm: full (capped) request when it fits, else everyone scaled down. */
  allocate(vm: CsVm, perPe: number): void {
    const host = this.host;
    const flags = this.leavingFlags(vm, host.migratingIn.length > 0 && host.isMigratingIn(vm));
    let i = this.entryOf(vm);
    if (i < 0) {
      this.reserve(this.len + 1);
      i = this.len++;
      this.vms[i] = vm;
      this.alloc[i] = 0;
    }
    this.req[i] = perPe;
    this.flags[i] = flags;
    this.allocateRequested(i);
  }

  /** MIPS a VM would get per PE before scaling: capped at a PE, 90% out, 10% in. */
  private share(i: number, capped: number): number {
    const f = this.flags[i];
    if (f === 0) return capped;
    if ((f & OUT) !== 0) return this.vms[i]!.paused ? 0 : capped * this.host.shares.out;
    return capped * this.host.shares.in;
  }

  private allocateRequested(i: number): void {
    const vm = this.vms[i]!;
    const perPe = this.req[i];
    const capped = Math.min(perPe, this.host.peMips);
    let total = 0;
    for (let k = 0; k < vm.pes; k++) total += capped;
    if ((this.flags[i] & IN) !== 0) total *= this.host.shares.in;
    if (this.host.availableMips >= total) {
      const m = this.share(i, capped);
      let alloc = 0;
      for (let k = 0; k < vm.pes; k++) alloc += m;
      this.alloc[i] = alloc;
      this.host.availableMips -= total;
    } else {
      this.redistribute();
    }
  }

  /** Over-subscription: every VM's capped request scaled by capacity / total asked (floored). */
  private redistribute(): void {
    let required = 0;
    for (let i = 0; i < this.len; i++) {
      const vm = this.vms[i]!;
      const capped = Math.min(this.req[i], this.host.peMips);
      let r = 0;
      for (let k = 0; k < vm.pes; k++) r += capped;
      if ((this.flags[i] & IN) !== 0) r *= this.host.shares.in;
      required += r;
    }
    const scale = this.host.totalMips / required;
    for (let i = 0; i < this.len; i++) {
      const vm = this.vms[i]!;
      const capped = Math.min(this.req[i], this.host.peMips);
      const m = Math.floor(this.share(i, capped) * scale);
      let alloc = 0;
      for (let k = 0; k < vm.pes; k++) alloc += m;
      this.alloc[i] = alloc;
    }
    this.host.availableMips = 0;
  }

  /** deallocatePesForVm: drop the VM, then reallocate the others from their requests. */
  deallocate(vm: CsVm): void {
    const i = this.entryOf(vm);
    if (i >= 0) {
      for (let k = i + 1; k < this.len; k++) {
        this.vms[k - 1] = this.vms[k];
        this.req[k - 1] = this.req[k];
        this.alloc[k - 1] = this.alloc[k];
        this.flags[k - 1] = this.flags[k];
      }
      this.vms[--this.len] = null;
    }
    this.reallocate();
  }

  /** Drops every entry (deallocatePesForAllVms); what is available is the whole host again. */
  clear(): void {
    for (let i = 0; i < this.len; i++) this.vms[i] = null;
    this.len = 0;
    this.host.availableMips = this.host.totalMips;
  }
}
