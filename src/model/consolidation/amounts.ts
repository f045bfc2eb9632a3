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
