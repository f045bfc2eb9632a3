/**
 * An index that answers PABFD's question, "which host's power grows least if this VM
 * joins it?", without weighing every host. It gives exactly the scan's answer: the
 * valid host with the least power difference, lowest id on ties.
 *
 * A host's difference for a request of r MIPS is P((U + r)/T) - P_now, with U its
 * MIPS allocated now, T its capacity and P_now its power at the last processing.
 * Split as g_r(U) + d, with g_r(U) = P((U + r)/T) - P(U/T) and d = P(U/T) - P_now,
 * a range of hosts of one profile (same T and power curve) is bounded below by the
 * least g_r over [U_min, U_max] plus the least d. Between the curve's breakpoints g_r
 * is linear or monotone (the curve being linear, convex or concave there), so that
 * least value is at an end of the range or at a breakpoint: the bound is exact for
 * one host and tight for hosts of similar load. The leaves are ordered by profile,
 * then load, at each rebuild, so that ranges hold hosts of similar load; a host that
 * changes keeps its leaf, and the bounds stay valid (only less tight).
 *
 * A depth-first search, lower bound first, skips ranges that cannot fit the VM
 * (largest free MIPS, RAM, core speed, headroom under a static threshold) or cannot
 * beat the best host found. As free RAM and free MIPS may be largest on different
 * hosts of a range, each range also keeps, per level of free RAM, the most MIPS a
 * host with that much RAM can take: searches that find no host then end early. Pristine hosts (empty, idle) are kept out: of each
 * profile only the lowest id can win, and a small min-tree per profile finds it.
 * Within a round of consolidation the excluded hosts only grow (the overloaded ones,
 * then the emptied ones and their targets), so a search that meets an excluded host
 * takes it out of the tree until the round ends.
 *
 * Hosts report their changes (CsHost.onChange); the index recomputes a changed leaf
 * before its next search, or rebuilds everything when many hosts changed.
 */
import type { CsHost } from '../../model/consolidation/host.js';
import type { CsVm } from '../../model/consolidation/vm.js';
import type { OverloadTest } from './cloudsim.js';
import { POWER_QUANTUM, weigh } from './pabfd.js';

/** Levels of free RAM the ranges keep their most takeable MIPS for. */
const RAM_LEVELS = 16;

/** Rounding between the bound's arithmetic and weigh's is far below this (W). */
const SLACK = 1e-9;

interface Profile {
  total: number;
  power: (u: number) => number;
  /** Breakpoints of the curve, ascending; undefined when unknown (no bound then). */
  breaks: Float64Array | undefined;
  /** Min-tree over host ids of the profile's pristine hosts (Infinity: not pristine). */
  pristine: Float64Array;
}

export class PabfdIndex {
  private readonly size: number;
  private readonly maxAvail: Float64Array;
  private readonly maxRam: Float64Array;
  private readonly maxPe: Float64Array;
  /** Largest MIPS a range's non-empty hosts can still take before the static threshold. */
  private readonly maxHeadroom: Float64Array;
  private readonly minU: Float64Array;
  private readonly maxU: Float64Array;
  private readonly minD: Float64Array;
  /** The lowest host id of a range: of hosts tied with the best, only a lower id wins. */
  private readonly minId: Float64Array;
  /** room[node * RAM_LEVELS + k]: most MIPS a host with k x ramStep free RAM can take. */
  private readonly room: Float64Array;
  private readonly ramStep: number;
  /** The profile of a range's hosts, -1 when mixed. */
  private readonly profileOf: Int32Array;
  /** Host id at each leaf position, and each host's leaf position. */
  private readonly hostAt: Int32Array;
  private readonly leafOf: Int32Array;
  /** By profile number (CsHost.profile). */
  private readonly profiles: Profile[] = [];
  private readonly dirty: number[] = [];
  private readonly isDirty: Uint8Array;
  private allDirty = true;
  /** Hosts taken out of the tree in this round because they were excluded. */
  private readonly removed: number[] = [];
  private inRound = false;
  /** The RAM level of the VM searched for. */
  private level = 0;
  private best: CsHost | null = null;
  private bestDiff = Infinity;

  constructor(
    private readonly hosts: readonly CsHost[],
    /** The static utilization threshold of the overload test (THR), if it has one. */
    private readonly threshold?: number,
    /** Differences rounded to multiples of it (dcsim's rule); 0: raw doubles, as CloudSim compares them. */
    private readonly quantum: number = POWER_QUANTUM,
  ) {
    let size = 1;
    while (size < hosts.length) size *= 2;
    this.size = size;
    const arr = () => new Float64Array(2 * size).fill(-Infinity);
    this.maxAvail = arr();
    this.maxRam = arr();
    this.maxPe = arr();
    this.maxHeadroom = arr();
    this.maxU = arr();
    this.minU = new Float64Array(2 * size).fill(Infinity);
    this.minD = new Float64Array(2 * size).fill(Infinity);
    this.minId = new Float64Array(2 * size).fill(Infinity);
    this.room = new Float64Array(2 * size * RAM_LEVELS).fill(-Infinity);
    this.ramStep = Math.max(1, ...hosts.map((h) => h.ram)) / RAM_LEVELS;
    this.profileOf = new Int32Array(2 * size).fill(-1);
    this.hostAt = new Int32Array(size).fill(-1);
    this.leafOf = new Int32Array(hosts.length);
    this.isDirty = new Uint8Array(hosts.length);
    for (const h of hosts) {
      if (this.profiles[h.profile] === undefined) {
        const breaks = h.power.breakpoints;
        this.profiles[h.profile] = {
          total: h.totalMips,
          power: h.power,
          breaks: breaks === undefined ? undefined : Float64Array.from(breaks).sort(),
          pristine: new Float64Array(2 * size).fill(Infinity),
        };
      }
      h.onChange = (x) => this.changed(x);
    }
  }

  /**
   * Between beginRound and endRound, every `excluded` array passed to query must
   * contain the ones passed before: an excluded host leaves the tree for the round.
   */
  beginRound(): void {
    this.inRound = true;
  }

  endRound(): void {
    this.inRound = false;
    for (const i of this.removed) this.changed(this.hosts[i]);
    this.removed.length = 0;
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
      for (const p of this.profiles) {
        if (p === undefined) continue;
        const id = p.pristine[1];
        if (id !== Infinity && excluded[id] === 0) this.consider(this.hosts[id], vm, isOver);
      }
    }
    const request = vm.currentRequestedTotalMips();
    const perPe = vm.currentRequestedMips(), ram = Math.min(vm.currentRequestedRam(), vm.ram);
    this.level = Math.min(RAM_LEVELS - 1, Math.floor(ram / this.ramStep));
    if (this.fits(1, request, perPe, ram)) this.search(1, vm, request, perPe, ram, excluded, isOver);
    return this.best;
  }

  /**
   * True when no host in the tree can take the VM: no host has the free MIPS, RAM,
   * core speed and headroom it asks for. Placements only lower these, so it stays
   * true for the round. Pristine hosts are not counted (the caller excludes them).
   */
  cannotFit(vm: CsVm): boolean {
    this.flush();
    const ram = Math.min(vm.currentRequestedRam(), vm.ram);
    this.level = Math.min(RAM_LEVELS - 1, Math.floor(ram / this.ramStep));
    return !this.fits(1, vm.currentRequestedTotalMips(), vm.currentRequestedMips(), ram);
  }

  /** Searches a range that may hold a host fitting the VM and beating the best. */
  private search(node: number, vm: CsVm, request: number, perPe: number, ram: number, excluded: Uint8Array, isOver: OverloadTest): void {
    if (node >= this.size) {
      const id = this.hostAt[node - this.size];
      if (excluded[id] === 0) this.consider(this.hosts[id], vm, isOver);
      else if (this.inRound) this.remove(id);
      return;
    }
    const l = 2 * node, r = l + 1;
    // Until a host is found no range can be pruned by its bound: the cheap least
    // difference at the current loads orders the search instead.
    const found = this.best !== null;
    const bl = this.fits(l, request, perPe, ram) ? (found ? this.bound(l, request) : this.minD[l]) : Infinity;
    const br = this.fits(r, request, perPe, ram) ? (found ? this.bound(r, request) : this.minD[r]) : Infinity;
    // Lower first: a good host found early prunes the rest.
    const first = br < bl ? r : l, second = first === r ? l : r;
    let b2 = first === r ? bl : br;
    if (this.mayWin(first, first === r ? br : bl)) this.search(first, vm, request, perPe, ram, excluded, isOver);
    if (b2 === Infinity) return;
    if (!found && this.best !== null) b2 = this.bound(second, request);
    if (this.mayWin(second, b2)) this.search(second, vm, request, perPe, ram, excluded, isOver);
  }

  private fits(node: number, request: number, perPe: number, ram: number): boolean {
    return (
      this.maxAvail[node] >= request && this.maxPe[node] >= perPe && this.maxRam[node] >= ram &&
      this.maxHeadroom[node] >= request && this.room[node * RAM_LEVELS + this.level] >= request
    );
  }

  private mayWin(node: number, bound: number): boolean {
    if (bound === Infinity) return false;
    return bound < this.bestDiff || (bound === this.bestDiff && this.best !== null && this.minId[node] < this.best.id);
  }

  /** A lower bound of the power difference of a request of r MIPS on a range's hosts. */
  private bound(node: number, r: number): number {
    const d = this.minD[node];
    if (d === Infinity) return Infinity;
    const id = this.profileOf[node];
    if (id < 0) return -Infinity;
    const p = this.profiles[id];
    const breaks = p.breaks;
    if (breaks === undefined) return -Infinity;
    const t = p.total;
    const g = leastGap(p.power, breaks, this.minU[node] / t, this.maxU[node] / t, r / t);
    // Rounded as weigh rounds: a bound below every host's difference stays below
    // every host's rounded difference.
    const q = this.quantum;
    return q > 0 ? Math.round((g + d - SLACK) / q) * q : g + d - SLACK;
  }

  private consider(host: CsHost, vm: CsVm, isOver: OverloadTest): void {
    const needsMemory = vm.currentRequestedRam() > 0 || vm.currentRequestedBw() > 0;
    const best = this.best === null ? Infinity : this.best.id;
    const diff = weigh(host, vm, vm.currentRequestedTotalMips(), vm.currentRequestedMips(), needsMemory, isOver, this.bestDiff, best, this.quantum);
    if (diff === diff) {
      this.best = host;
      this.bestDiff = diff;
    }
  }

  private remove(id: number): void {
    const leaf = this.leafOf[id] + this.size;
    this.maxAvail[leaf] = -Infinity;
    this.room.fill(-Infinity, leaf * RAM_LEVELS, leaf * RAM_LEVELS + RAM_LEVELS);
    for (let n = leaf >> 1; n >= 1; n >>= 1) this.pull(n);
    this.removed.push(id);
  }

  private flush(): void {
    if (this.allDirty) {
      this.rebuild();
      return;
    }
    for (const i of this.dirty) {
      this.isDirty[i] = 0;
      const leaf = this.leafOf[i] + this.size;
      this.setLeaf(leaf, this.hosts[i]);
      for (let n = leaf >> 1; n >= 1; n >>= 1) this.pull(n);
      const tree = this.profiles[this.hosts[i].profile].pristine;
      for (let n = (i + this.size) >> 1; n >= 1; n >>= 1) tree[n] = Math.min(tree[2 * n], tree[2 * n + 1]);
    }
    this.dirty.length = 0;
  }

  /** Orders the leaves by profile, then load, and recomputes every range. */
  private rebuild(): void {
    const n = this.hosts.length;
    const used = new Float64Array(n);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      used[i] = this.hosts[i].utilizationOfCpuMips();
      order[i] = i;
    }
    order.sort((x, y) => this.hosts[x].profile - this.hosts[y].profile || used[x] - used[y] || x - y);
    for (let k = 0; k < n; k++) {
      this.hostAt[k] = order[k];
      this.leafOf[order[k]] = k;
      this.setLeaf(k + this.size, this.hosts[order[k]]);
    }
    for (let v = this.size - 1; v >= 1; v--) this.pull(v);
    for (const p of this.profiles) {
      if (p === undefined) continue;
      const tree = p.pristine;
      for (let v = this.size - 1; v >= 1; v--) tree[v] = Math.min(tree[2 * v], tree[2 * v + 1]);
    }
    for (const i of this.dirty) this.isDirty[i] = 0;
    this.dirty.length = 0;
    this.allDirty = false;
  }

  private setLeaf(leaf: number, h: CsHost): void {
    const pristine = this.profiles[h.profile].pristine;
    this.profileOf[leaf] = h.profile;
    const now = h.currentPowerOrNaN();
    // Pristine hosts live in their profile's tree only; a host whose power model
    // fails is never chosen.
    if (h.pristine || now !== now) {
      pristine[h.id + this.size] = h.pristine ? h.id : Infinity;
      this.maxAvail[leaf] = this.maxRam[leaf] = this.maxPe[leaf] = this.maxHeadroom[leaf] = this.maxU[leaf] = -Infinity;
      this.minU[leaf] = this.minD[leaf] = this.minId[leaf] = Infinity;
      this.room.fill(-Infinity, leaf * RAM_LEVELS, leaf * RAM_LEVELS + RAM_LEVELS);
      return;
    }
    pristine[h.id + this.size] = Infinity;
    this.maxAvail[leaf] = h.availableMips;
    this.maxRam[leaf] = h.availableRam;
    this.maxPe[leaf] = h.peMips;
    const used = h.utilizationOfCpuMips();
    // weigh tests the threshold on non-empty hosts only; the slack keeps rounding in
    // the test's division from making this pruning stricter than the test.
    this.maxHeadroom[leaf] =
      this.threshold === undefined || used === 0 ? Infinity : this.threshold * h.totalMips * (1 + 1e-12) + 1e-9 - h.requestedMips();
    this.minU[leaf] = this.maxU[leaf] = used;
    this.minId[leaf] = h.id;
    this.minD[leaf] = h.power(Math.min(1, used / h.totalMips)) - now;
    const take = Math.min(h.availableMips, this.maxHeadroom[leaf]);
    for (let k = 0; k < RAM_LEVELS; k++) this.room[leaf * RAM_LEVELS + k] = h.availableRam >= k * this.ramStep ? take : -Infinity;
  }

  private pull(n: number): void {
    const l = 2 * n, r = l + 1;
    this.maxAvail[n] = Math.max(this.maxAvail[l], this.maxAvail[r]);
    this.maxRam[n] = Math.max(this.maxRam[l], this.maxRam[r]);
    this.maxPe[n] = Math.max(this.maxPe[l], this.maxPe[r]);
    this.maxHeadroom[n] = Math.max(this.maxHeadroom[l], this.maxHeadroom[r]);
    const room = this.room;
    for (let k = 0, a = l * RAM_LEVELS, b = r * RAM_LEVELS, c = n * RAM_LEVELS; k < RAM_LEVELS; k++) {
      room[c + k] = room[a + k] > room[b + k] ? room[a + k] : room[b + k];
    }
    // A removed or never-chosen leaf (no free MIPS) must not widen its range's bounds.
    const lOn = this.maxAvail[l] > -Infinity, rOn = this.maxAvail[r] > -Infinity;
    this.minU[n] = Math.min(lOn ? this.minU[l] : Infinity, rOn ? this.minU[r] : Infinity);
    this.maxU[n] = Math.max(lOn ? this.maxU[l] : -Infinity, rOn ? this.maxU[r] : -Infinity);
    this.minD[n] = Math.min(lOn ? this.minD[l] : Infinity, rOn ? this.minD[r] : Infinity);
    this.minId[n] = Math.min(lOn ? this.minId[l] : Infinity, rOn ? this.minId[r] : Infinity);
    const pl = this.profileOf[l], pr = this.profileOf[r];
    this.profileOf[n] = !lOn ? pr : !rOn ? pl : pl === pr ? pl : -1;
  }
}

/**
 * The least of P(x + rho) - P(x) over x in [a, b], for a curve P that is linear,
 * convex or concave between consecutive `breaks` (ascending): the difference is then
 * monotone or linear between the points where x or x + rho meets a breakpoint, so its
 * least value is at one of those points or at an end. (Where x + rho passes 1 the
 * clamped difference P(1) - P(x) only falls, which adds no least value.)
 */
export function leastGap(power: (u: number) => number, breaks: Float64Array, a: number, b: number, rho: number): number {
  let g = gap(power, a, rho);
  if (!(b > a)) return g;
  let v = gap(power, b, rho);
  if (v < g) g = v;
  for (let i = 0; i < breaks.length; i++) {
    const x = breaks[i];
    if (x - rho >= b) break;
    if (x > a && x < b) {
      v = gap(power, x, rho);
      if (v < g) g = v;
    }
    if (x - rho > a && x - rho < b) {
      v = gap(power, x - rho, rho);
      if (v < g) g = v;
    }
  }
  return g;
}

/** P(x + rho) - P(x), the load above 1 clamped (such a host cannot take the VM anyway). */
function gap(power: (u: number) => number, x: number, rho: number): number {
  const y = x + rho;
  return power(y > 1 ? 1 : y) - power(x > 1 ? 1 : x);
}
