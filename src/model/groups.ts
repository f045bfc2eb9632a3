import type { Vm } from './vm.js';

/** How a task is given to one of its group's VMs (placed ones, booting or running). */
export const BROKER_NAMES = ['round-robin', 'least-loaded', 'random'] as const;
export type BrokerName = (typeof BROKER_NAMES)[number];
export const BROKER_CODE: Record<BrokerName, number> = { 'round-robin': 0, 'least-loaded': 1, random: 2 };

/** The group every VM also belongs to. */
export const ALL_VMS = '*';

/** VMs of a group, in placement order, and the tasks waiting for one to exist. */
export interface Group {
  readonly name: string;
  vms: Vm[];
  backlog: number[];
  rr: number;
}

/** The named VM groups of a datacenter, plus the group of all VMs. */
export class VmGroups {
  readonly all: Group = { name: ALL_VMS, vms: [], backlog: [], rr: 0 };
  private readonly byName = new Map<string, Group>();

  /** The group of that name, made empty on first use. */
  get(name: string): Group {
    if (name === ALL_VMS) return this.all;
    let g = this.byName.get(name);
    if (!g) {
      g = { name, vms: [], backlog: [], rr: 0 };
      this.byName.set(name, g);
    }
    return g;
  }

  find(name: string): Group | undefined {
    return name === ALL_VMS ? this.all : this.byName.get(name);
  }

  /** Lists a newly placed VM in its group and in the group of all VMs. */
  add(vm: Vm): Group {
    const g = this.get(vm.group);
    vm.groupPos = g.vms.length;
    g.vms.push(vm);
    vm.allPos = this.all.vms.length;
    this.all.vms.push(vm);
    return g;
  }

  /** Removes a VM from its lists in O(1) (the last VM takes its place). */
  remove(vm: Vm): void {
    const g = this.get(vm.group);
    const last = g.vms.pop()!;
    if (last !== vm) {
      g.vms[vm.groupPos] = last;
      last.groupPos = vm.groupPos;
    }
    vm.groupPos = -1;
    const lastAll = this.all.vms.pop()!;
    if (lastAll !== vm) {
      this.all.vms[vm.allPos] = lastAll;
      lastAll.allPos = vm.allPos;
    }
    vm.allPos = -1;
  }
}

/**
 * The broker's choice among a non-empty group: round-robin in list order; the VM
 * with the fewest busy-or-queued cores per vCPU (first on ties); or uniformly at random.
 */
export function chooseVm(g: Group, broker: number, randomInt: (n: number) => number): Vm {
  const vms = g.vms;
  const n = vms.length;
  if (broker === BROKER_CODE['round-robin']) return vms[g.rr++ % n];
  if (broker === BROKER_CODE.random) return vms[randomInt(n)];
  let vm = vms[0];
  let best = (vm.coresBusy + vm.queuedCores) / vm.vcpus;
  for (let i = 1; i < n; i++) {
    const v = vms[i];
    const load = (v.coresBusy + v.queuedCores) / v.vcpus;
    if (load < best) {
      best = load;
      vm = v;
    }
  }
  return vm;
}
