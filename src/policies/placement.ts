/**
 * VM placement policies. Each has a plain reference form, `(vm, hosts) -> host`,
 * that scans the hosts (the definition, used by tests), and an indexed form that
 * the datacenter uses: a segment tree over the hosts keeps, for every range, the
 * largest free amount of each resource (and the smallest free MIPS), so a search
 * skips every range in which no host can take the VM. Both forms make the same
 * decision, which the tests check on random workloads.
 */
import { ZERO } from '../engine/doubles.js';
import { fits, type HostView, type Placer, type PlacerFactory, type VmRequest } from '../model/placement.js';
import type { PlacementPolicyName } from './names.js';

export type SelectHost = (vm: VmRequest, hosts: readonly HostView[]) => HostView | undefined;

/** The first host, in list order, that fits. */
export const firstFit: SelectHost = (vm, hosts) => hosts.find((h) => fits(vm, h));

/** The fitting host with the least free MIPS (the tightest fit); ties go to the lower index. */
export const bestFit: SelectHost = (vm, hosts) => {
  let best: HostView | undefined;
  for (const h of hosts) if (fits(vm, h) && (best === undefined || h.freeMips < best.freeMips)) best = h;
  return best;
};

/** The fitting host with the most free MIPS; ties go to the lower index. */
export const worstFit: SelectHost = (vm, hosts) => {
  let best: HostView | undefined;
  for (const h of hosts) if (fits(vm, h) && (best === undefined || h.freeMips > best.freeMips)) best = h;
  return best;
};

/** The first fitting host after `last` in circular order. */
export function nextFit(vm: VmRequest, hosts: readonly HostView[], last: number): HostView | undefined {
  const n = hosts.length;
  for (let k = 1; k <= n; k++) {
    const h = hosts[(last + k) % n];
    if (fits(vm, h)) return h;
  }
  return undefined;
}

/** Largest first: by vCPU x MIPS, then RAM, then request order. */
export function decreasingSize(a: VmRequest, b: VmRequest): number {
  return b.vcpus * b.mips - a.vcpus * a.mips || b.ram - a.ram || a.id - b.id;
}

/** Segment tree over hosts: per node the max of each free resource and the min free MIPS. */
export class HostIndex {
  private readonly n: number;
  private readonly maxMips: Float64Array;
  private readonly minMips: Float64Array;
  private readonly maxCores: Float64Array;
  private readonly maxRam: Float64Array;
  private readonly maxBw: Float64Array;
  private readonly maxDiskBw: Float64Array;
  private readonly maxStorage: Float64Array;
  private readonly maxCoreMips: Float64Array;
  private best = -1;
  private bestFree = ZERO;

  constructor(private readonly hosts: readonly HostView[]) {
    let n = 1;
    while (n < hosts.length) n *= 2;
    this.n = n;
    const mk = (fill: number) => new Float64Array(2 * n).fill(fill);
    this.maxMips = mk(-Infinity);
    this.minMips = mk(Infinity);
    this.maxCores = mk(-Infinity);
    this.maxRam = mk(-Infinity);
    this.maxBw = mk(-Infinity);
    this.maxDiskBw = mk(-Infinity);
    this.maxStorage = mk(-Infinity);
    this.maxCoreMips = mk(-Infinity);
    for (let i = 0; i < hosts.length; i++) this.setLeaf(i);
    for (let i = n - 1; i >= 1; i--) this.pull(i);
  }

  update(id: number): void {
    this.setLeaf(id);
    for (let i = (id + this.n) >> 1; i >= 1; i >>= 1) this.pull(i);
  }

  /** Lowest index >= from whose host fits, or -1. */
  firstFit(vm: VmRequest, from = 0): number {
    return this.first(1, 0, this.n - 1, vm, from);
  }

  bestFit(vm: VmRequest): number {
    this.best = -1;
    this.bestFree = Infinity;
    this.search(1, 0, this.n - 1, vm, 1);
    return this.best;
  }

  worstFit(vm: VmRequest): number {
    this.best = -1;
    this.bestFree = -Infinity;
    this.search(1, 0, this.n - 1, vm, -1);
    return this.best;
  }

  private setLeaf(id: number): void {
    const h = this.hosts[id];
    const i = id + this.n;
    const free = h.available ? h.freeMips : -Infinity;
    this.maxMips[i] = free;
    this.minMips[i] = h.available ? free : Infinity;
    this.maxCores[i] = h.available ? h.freeCores : -Infinity;
    this.maxRam[i] = h.available ? h.freeRam : -Infinity;
    this.maxBw[i] = h.available ? h.freeBw : -Infinity;
    this.maxDiskBw[i] = h.available ? h.freeDiskBw : -Infinity;
    this.maxStorage[i] = h.available ? h.freeStorage : -Infinity;
    this.maxCoreMips[i] = h.available ? h.mips : -Infinity;
  }

  private pull(i: number): void {
    const l = 2 * i, r = l + 1;
    this.maxMips[i] = Math.max(this.maxMips[l], this.maxMips[r]);
    this.minMips[i] = Math.min(this.minMips[l], this.minMips[r]);
    this.maxCores[i] = Math.max(this.maxCores[l], this.maxCores[r]);
    this.maxRam[i] = Math.max(this.maxRam[l], this.maxRam[r]);
    this.maxBw[i] = Math.max(this.maxBw[l], this.maxBw[r]);
    this.maxDiskBw[i] = Math.max(this.maxDiskBw[l], this.maxDiskBw[r]);
    this.maxStorage[i] = Math.max(this.maxStorage[l], this.maxStorage[r]);
    this.maxCoreMips[i] = Math.max(this.maxCoreMips[l], this.maxCoreMips[r]);
  }

  /** Whether some host under node i might take vm (a necessary condition). */
  private mayFit(i: number, vm: VmRequest): boolean {
    return (
      this.maxMips[i] >= vm.vcpus * vm.mips &&
      this.maxCores[i] >= vm.vcpus &&
      this.maxRam[i] >= vm.ram &&
      this.maxBw[i] >= vm.bw &&
      this.maxDiskBw[i] >= vm.diskBw &&
      this.maxStorage[i] >= vm.image &&
      this.maxCoreMips[i] >= vm.mips
    );
  }

  private first(i: number, lo: number, hi: number, vm: VmRequest, from: number): number {
    if (hi < from || !this.mayFit(i, vm)) return -1;
    if (lo === hi) return lo < this.hosts.length && fits(vm, this.hosts[lo]) ? lo : -1;
    const mid = (lo + hi) >> 1;
    const l = this.first(2 * i, lo, mid, vm, from);
    return l >= 0 ? l : this.first(2 * i + 1, mid + 1, hi, vm, from);
  }

  /**
   * Branch and bound for the fitting host with the least (sign 1) or most (sign -1)
   * free MIPS, lowest index on ties. A subtree is skipped when no host in it can fit,
   * or when its bound on free MIPS (min for best fit, max for worst fit) cannot beat
   * or tie-with-a-lower-index the best found so far (left subtrees are searched first).
   */
  private search(i: number, lo: number, hi: number, vm: VmRequest, sign: 1 | -1): void {
    const bound = sign === 1 ? this.minMips[i] : this.maxMips[i];
    if (sign * bound >= sign * this.bestFree || !this.mayFit(i, vm)) return;
    if (lo === hi) {
      const h = this.hosts[lo];
      if (fits(vm, h)) {
        this.best = lo;
        this.bestFree = h.freeMips;
      }
      return;
    }
    const mid = (lo + hi) >> 1;
    this.search(2 * i, lo, mid, vm, sign);
    this.search(2 * i + 1, mid + 1, hi, vm, sign);
  }
}

function indexed(select: (index: HostIndex, vm: VmRequest) => number, order?: (a: VmRequest, b: VmRequest) => number): PlacerFactory {
  return (hosts) => {
    const index = new HostIndex(hosts);
    const placer: Placer = {
      select: (vm) => select(index, vm),
      hostChanged: (id) => index.update(id),
    };
    if (order) placer.orderBatch = (batch) => batch.sort(order);
    return placer;
  };
}

const roundRobinPlacer: PlacerFactory = (hosts) => {
  const index = new HostIndex(hosts);
  let last = -1;
  return {
    select(vm) {
      let h = index.firstFit(vm, last + 1);
      if (h < 0 && last >= 0) h = index.firstFit(vm, 0);
      if (h >= 0) last = h;
      return h;
    },
    hostChanged: (id) => index.update(id),
  };
};

/** Placement policies by the name a scenario uses. */
export const PLACEMENT_POLICIES: Record<PlacementPolicyName, PlacerFactory> = {
  'first-fit': indexed((ix, vm) => ix.firstFit(vm)),
  'best-fit': indexed((ix, vm) => ix.bestFit(vm)),
  'worst-fit': indexed((ix, vm) => ix.worstFit(vm)),
  'round-robin': roundRobinPlacer,
  'first-fit-decreasing': indexed((ix, vm) => ix.firstFit(vm), decreasingSize),
};

/** The reference (scanning) form of each policy, for tests and for reading. */
export const PLACEMENT_REFERENCE: Record<Exclude<PlacementPolicyName, 'round-robin'>, SelectHost> = {
  'first-fit': firstFit,
  'best-fit': bestFit,
  'worst-fit': worstFit,
  'first-fit-decreasing': firstFit,
};
