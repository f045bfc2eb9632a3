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
