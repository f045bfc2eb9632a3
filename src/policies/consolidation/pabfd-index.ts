/**
 * An index that answers PABFD's question, "which host's power grows least if this VM
 * joins it?", without weighing every host. It gives exactly the scan's answer: the
 * valid host with the least power difference, lowest id on ties.
 *
 * A segment tree over host ids keeps, for each range, the largest free MIPS and RAM,
 * the fastest core, and for a grid of request sizes r_k = k x step a lower bound of
 * the power difference: min over its hosts of P(used + r_k) - P(now). Power grows
 * with load, so for a VM asking r >= r_k that bound holds. A depth-first search,
 * nearer bound first, skips every range that cannot fit the VM or cannot beat the
 * best host found. Pristine hosts (empty, idle) are kept out of the tree: of each
 * profile only the lowest id can win, and a small tree per profile finds it.
 *
 * Hosts report their changes (CsHost.onChange); the index recomputes a changed
 * leaf before its next search, or rebuilds everything when most hosts changed.
 */
import type { CsHost } from '../../model/consolidation/host.js';
import type { CsVm } from '../../model/consolidation/vm.js';
import type { OverloadTest } from './cloudsim.js';
import { weigh } from './pabfd.js';

export class PabfdIndex {
  private readonly size: number;
  private readonly k: number;
  private readonly maxAvail: Float64Array;
  private readonly maxRam: Float64Array;
  private readonly maxPe: Float64Array;
  /** lb[node * k + j]: lower bound of the power difference for a request of j x step. */
  private readonly lb: Float64Array;
  /** Per profile: a min-tree of the ids of its pristine hosts (Infinity when not pristine). */
  private readonly pristine = new Map<number, Float64Array>();
  private readonly dirty: number[] = [];
  private readonly isDirty: Uint8Array;
  private allDirty = true;
  private best: CsHost | null = null;
  private bestDiff = Infinity;

  constructor(
    private readonly hosts: readonly CsHost[],
    private readonly step: number,
    maxRequest: number,
  ) {
    let size = 1;
    while (size < hosts.length) size *= 2;
    this.size = size;
    this.k = Math.floor(maxRequest / step) + 1;
    this.maxAvail = new Float64Array(2 * size).fill(-Infinity);
    this.maxRam = new Float64Array(2 * size).fill(-Infinity);
    this.maxPe = new Float64Array(2 * size).fill(-Infinity);
    this.lb = new Float64Array(2 * size * this.k).fill(Infinity);
    this.isDirty = new Uint8Array(hosts.length);
    for (const h of hosts) {
      if (!this.pristine.has(h.profile)) this.pristine.set(h.profile, new Float64Array(2 * size).fill(Infinity));
      h.onChange = (x) => this.changed(x);
    }
  }

  /** A host's VMs or allocations changed. */
  changed(h: CsHost): void {
    if (this.allDirty || this.isDirty[h.id] !== 0) return;
    this.isDirty[h.id] = 1;
    this.dirty.push(h.id);
    if (this.dirty.length * 4 > this.hosts.length) this.allDirty = true;
  }

  /**
   * PABFD for `vm`: the valid host (not excluded, fitting, not over-utilized after
   * the VM joins it when it is not empty) whose power grows least, lowest id on ties.
   * `pristineAllowed` false: the caller excludes every pristine host.
   */
  query(vm: CsVm, excluded: Uint8Array, pristineAllowed: boolean, isOver: OverloadTest): CsHost | null {
    this.flush();
    this.best = null;
    this.bestDiff = Infinity;
    if (pristineAllowed) {
      for (const tree of this.pristine.values()) {
        const id = tree[1];
        if (id !== Infinity && excluded[id] === 0) this.consider(this.hosts[id], vm, isOver);
      }
    }
    const request = vm.currentRequestedTotalMips();
    const j = Math.min(this.k - 1, Math.floor(request / this.step));
    this.search(1, 0, this.size - 1, vm, request, vm.currentRequestedMips(), Math.min(vm.currentRequestedRam(), vm.ram), j, excluded, isOver);
    return this.best;
  }

  private search(
    node: number, lo: number, hi: number, vm: CsVm, request: number, perPe: number, ram: number, j: number,
    excluded: Uint8Array, isOver: OverloadTest,
  ): void {
    if (this.maxAvail[node] < request || this.maxPe[node] < perPe || this.maxRam[node] < ram) return;
    const bound = this.lb[node * this.k + j];
    if (bound > this.bestDiff || (bound === this.bestDiff && this.best !== null && lo > this.best.id)) return;
    if (lo === hi) {
      if (lo < this.hosts.length && excluded[lo] === 0) this.consider(this.hosts[lo], vm, isOver);
      return;
    }
    const mid = (lo + hi) >> 1;
    const l = 2 * node, r = l + 1;
    // Nearer bound first: a good host found early prunes the rest.
    if (this.lb[r * this.k + j] < this.lb[l * this.k + j]) {
      this.search(r, mid + 1, hi, vm, request, perPe, ram, j, excluded, isOver);
      this.search(l, lo, mid, vm, request, perPe, ram, j, excluded, isOver);
    } else {
      this.search(l, lo, mid, vm, request, perPe, ram, j, excluded, isOver);
      this.search(r, mid + 1, hi, vm, request, perPe, ram, j, excluded, isOver);
    }
  }

  private consider(host: CsHost, vm: CsVm, isOver: OverloadTest): void {
    const needsMemory = vm.currentRequestedRam() > 0 || vm.currentRequestedBw() > 0;
    const best = this.best === null ? Infinity : this.best.id;
    const diff = weigh(host, vm, vm.currentRequestedTotalMips(), vm.currentRequestedMips(), needsMemory, isOver, this.bestDiff, best);
    if (diff === diff) {
      this.best = host;
      this.bestDiff = diff;
    }
  }

  private flush(): void {
    if (this.allDirty) {
      for (let i = 0; i < this.hosts.length; i++) this.setLeaf(i);
      for (let n = this.size - 1; n >= 1; n--) this.pull(n);
      for (const tree of this.pristine.values()) for (let n = this.size - 1; n >= 1; n--) tree[n] = Math.min(tree[2 * n], tree[2 * n + 1]);
      for (const i of this.dirty) this.isDirty[i] = 0;
      this.dirty.length = 0;
      this.allDirty = false;
      return;
    }
    for (const i of this.dirty) {
      this.isDirty[i] = 0;
      this.setLeaf(i);
      for (let n = (i + this.size) >> 1; n >= 1; n >>= 1) this.pull(n);
      const tree = this.pristine.get(this.hosts[i].profile)!;
      for (let n = (i + this.size) >> 1; n >= 1; n >>= 1) tree[n] = Math.min(tree[2 * n], tree[2 * n + 1]);
    }
    this.dirty.length = 0;
  }

  private setLeaf(i: number): void {
    const h = this.hosts[i];
    const leaf = i + this.size;
    const k = this.k;
    const tree = this.pristine.get(h.profile)!;
    // Pristine hosts live in their profile's tree only.
    if (h.pristine) {
      tree[leaf] = i;
      this.maxAvail[leaf] = this.maxRam[leaf] = this.maxPe[leaf] = -Infinity;
      this.lb.fill(Infinity, leaf * k, leaf * k + k);
      return;
    }
    tree[leaf] = Infinity;
    this.maxAvail[leaf] = h.availableMips;
    this.maxRam[leaf] = h.availableRam;
    this.maxPe[leaf] = h.peMips;
    const used = h.utilizationOfCpuMips();
    const now = h.currentPowerOrNaN();
    for (let j = 0; j < k; j++) {
      const r = j * this.step;
      // A request of at least r cannot fit where less than r is free; a host whose
      // power model fails is never chosen: both bound at +Infinity.
      this.lb[leaf * k + j] = r > h.availableMips || now !== now ? Infinity : h.power(Math.min(1, Math.max(0, (used + r) / h.totalMips))) - now;
    }
  }

  private pull(n: number): void {
    const l = 2 * n, r = l + 1, k = this.k;
    this.maxAvail[n] = Math.max(this.maxAvail[l], this.maxAvail[r]);
    this.maxRam[n] = Math.max(this.maxRam[l], this.maxRam[r]);
    this.maxPe[n] = Math.max(this.maxPe[l], this.maxPe[r]);
    const lb = this.lb;
    for (let j = 0; j < k; j++) {
      const a = lb[l * k + j], b = lb[r * k + j];
      lb[n * k + j] = a < b ? a : b;
    }
  }
}
