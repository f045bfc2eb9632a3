import { ZERO } from '../../engine/doubles.js';
import type { CsVm } from './vm.js';

/**
 * RAM or bandwidth held per VM on one host (CloudSim's provisioner tables). A host
 * holds a handful of VMs: parallel arrays with a linear search, no allocation.
 */
export class VmAmounts {
  private readonly vms: (CsVm | null)[] = [];
  private readonly amounts: number[] = [];
  private len = 0;

  get(vm: CsVm): number {
    for (let i = 0; i < this.len; i++) if (this.vms[i] === vm) return this.amounts[i];
    return 0;
  }

  set(vm: CsVm, amount: number): void {
    // An entry of +0 reads as no entry (get gives 0 either way): none is kept, so that
    // CloudSim-mode VMs, which ask for no RAM or bandwidth once created, leave the
    // tables empty and every look-up is immediate.
    if (amount === 0 && 1 / amount > 0) {
      this.delete(vm);
      return;
    }
    for (let i = 0; i < this.len; i++) {
      if (this.vms[i] === vm) {
        this.amounts[i] = amount;
        return;
      }
    }
    this.vms[this.len] = vm;
    this.amounts[this.len++] = amount;
  }

  delete(vm: CsVm): void {
    for (let i = 0; i < this.len; i++) {
      if (this.vms[i] !== vm) continue;
      this.len--;
      this.vms[i] = this.vms[this.len];
      this.amounts[i] = this.amounts[this.len];
      this.vms[this.len] = null;
      return;
    }
  }

  clear(): void {
    for (let i = 0; i < this.len; i++) this.vms[i] = null;
    this.len = 0;
  }
}

/**
 * A host's RAM or bandwidth as CloudSim's RamProvisionerSimple and BwProvisionerSimple
 * keep it: what is free, and what each VM holds.
 */
export class Provisioner {
  /** Held by no VM. */
  available = ZERO;
  private readonly capacity: number = ZERO;
  private readonly held = new VmAmounts();

  constructor(capacity: number) {
    this.capacity = capacity;
    this.available = capacity;
  }

  heldBy(vm: CsVm): number {
    return this.held.get(vm);
  }

  /**
   * allocate...ForVm: the VM's share becomes min(asked, its size) if that fits once what
   * it holds now is returned; false, and the VM holding nothing, otherwise.
   */
  allocate(vm: CsVm, asked: number, size: number): boolean {
    const want = Math.min(asked, size);
    this.release(vm);
    if (this.available < want) return false;
    this.available -= want;
    this.held.set(vm, want);
    return true;
  }

  release(vm: CsVm): void {
    this.available += this.held.get(vm);
    this.held.delete(vm);
  }

  /** Every VM's share returned. */
  clear(): void {
    this.held.clear();
    this.available = this.capacity;
  }
}
