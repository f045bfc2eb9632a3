/**
 * PABFD (pabfd.ts) over a snapshot of the hosts in typed arrays: the same answers and
 * the same lasting effects as CloudSim's scan, without reading 800 host objects per VM.
 * A search collects its candidates (not excluded, fast and free enough, the first
 * pristine host of each profile) with their power differences, then either tests them
 * from the least difference up to the first valid one (leastValid), or, where CloudSim's
 * order can matter, tests each that beats the best so far in id order (inOrder).
 *
 * Hosts report their changes (CsHost.onChange); a changed host's row is read again
 * before the next search. A search changes hosts only after their rows were used.
 */
import type { CsHost } from '../../model/consolidation/host.js';
import type { CsVm } from '../../model/consolidation/vm.js';
import type { OverloadTest } from './cloudsim.js';
import { cloudsimSpecWatts, specTablesOf } from '../../model/consolidation/power.js';
import { overAfterAllocation, weigh } from './pabfd.js';

const UNKNOWN = 0, VALID = 1, INVALID = 2, ABORT = 3;
/** nextValid's answer when a test would need the VM placed. */
const ABORT_SLOT = -2;

/** Whether candidate a comes before b: the smaller difference, then the smaller slot (id order). */
function before(d: Float64Array, a: number, b: number): boolean {
  return d[a] < d[b] || (d[a] === d[b] && a < b);
}

function siftDown(heap: Int32Array, size: number, at: number, d: Float64Array): void {
  const x = heap[at];
  for (;;) {
    let c = 2 * at + 1;
    if (c >= size) break;
    if (c + 1 < size && before(d, heap[c + 1], heap[c])) c++;
    if (!before(d, heap[c], x)) break;
    heap[at] = heap[c];
    at = c;
  }
  heap[at] = x;
}

/** Per host id: its slot among the candidates of the current search (valid where candAt says so). */
let candSlot = new Int32Array(0);
/** The hosts a search makes forget the VM, applied together at its end. */
const forgetHosts: CsHost[] = [];

export class PabfdScan {
  private readonly n: number;
  private readonly pristine: Uint8Array;
  private readonly profile: Int32Array;
  private readonly peMips: Float64Array;
  private readonly avail: Float64Array;
  private readonly total: Float64Array;
  /** utilizationOfCpuMips() of each host. */
  private readonly used: Float64Array;
  /** currentPowerOrNaN() of each host. */
  private readonly now: Float64Array;
  /** The power function of each profile (hosts of one profile share theirs). */
  private readonly power: ((u: number) => number)[] = [];
  /**
   * When every host's power is CloudSim's SPECpower table: the 11 watts of each host's
   * table at 11 x tableAt[host], interpolated inline (the same doubles as calling it,
   * without a call per host weighed).
   */
  private readonly specTables: Float64Array | undefined;
  private readonly tableAt: Int32Array;
  private readonly dirty: Int32Array;
  private dirtyCount = 0;
  private readonly isDirty: Uint8Array;
  private allDirty = true;
  /** Per profile, the stamp of the last search that weighed a pristine host of it. */
  private seenAt: Float64Array;
  private stamp = 0;
  /** Distinct profiles among the hosts. */
  private readonly profiles: number;
  /** Ids of the hosts not pristine, then of the pristine ones, ascending. */
  private readonly active: Int32Array;
  private activeCount = 0;
  private readonly pristineIds: Int32Array;
  private pristineCount = 0;
  private listsStale = true;
  /** Per search, the first pristine host of each profile. */
  private readonly firsts: Int32Array;
  /** leastValid's candidates (host ids in id order, their differences), and per host the search that made it one. */
  private readonly candId: Int32Array;
  private readonly candDiff: Float64Array;
  private readonly candAt: Float64Array;
  /** Per candidate: UNKNOWN, VALID, INVALID or ABORT (see valid). */
  private readonly validity: Int8Array;
  private readonly heap: Int32Array;
  /** From the last collect: whether a candidate would be loaded past full, and the slot of the least difference. */
  private overFull = false;
  private least = -1;
  private candStamp = 0;

  constructor(
    private readonly hosts: readonly CsHost[],
    /** > 0: differences rounded to multiples of it (dcsim's rule); 0: raw, as CloudSim. */
    private readonly quantum: number,
  ) {
    const n = (this.n = hosts.length);
    this.pristine = new Uint8Array(n);
    this.profile = new Int32Array(n);
    this.peMips = new Float64Array(n);
    this.avail = new Float64Array(n);
    this.total = new Float64Array(n);
    this.used = new Float64Array(n);
    this.now = new Float64Array(n);
    this.dirty = new Int32Array(n);
    this.isDirty = new Uint8Array(n);
    hosts.forEach((h, i) => {
      if (h.id !== i) throw new RangeError(`host ${h.id} is at position ${i}: hosts must be numbered by position`);
      const p = h.profile;
      this.profile[i] = p;
      this.power[p] = h.power;
      this.peMips[i] = h.peMips;
      this.total[i] = h.totalMips;
      h.onChange = (x) => this.changed(x);
    });
    // Profile numbers are global (CsHost.profile): these hosts use a few of them.
    this.profiles = new Set(this.profile).size;
    const specs = specTablesOf(hosts, this.profile);
    this.specTables = specs?.tables;
    this.tableAt = specs?.at ?? new Int32Array(0);
    this.seenAt = new Float64Array(this.power.length);
    this.firsts = new Int32Array(this.profiles);
    this.active = new Int32Array(n);
    this.candId = new Int32Array(n);
    this.candDiff = new Float64Array(n);
    this.candAt = new Float64Array(n);
    this.validity = new Int8Array(n);
    this.heap = new Int32Array(n);
    if (candSlot.length < n) candSlot = new Int32Array(n);
    this.pristineIds = new Int32Array(n);
  }

  changed(h: CsHost): void {
    if (this.allDirty || this.isDirty[h.id] !== 0) return;
    this.isDirty[h.id] = 1;
    this.dirty[this.dirtyCount++] = h.id;
    if (this.dirtyCount * 4 > this.n) this.allDirty = true;
  }

  /**
   * The scan's host for `vm` (pabfd() in pabfd.ts, with this scan's quantum).
   * `pristineAllowed` false: the caller excludes every pristine host.
   */
  find(vm: CsVm, excluded: Uint8Array, pristineAllowed: boolean, isOver: OverloadTest): CsHost | null {
    this.flush();
    if (this.listsStale) this.relist();
    const perPe = vm.currentRequestedMips();
    const request = vm.currentRequestedTotalMips();
    const needsMemory = vm.currentRequestedRam() > 0 || vm.currentRequestedBw() > 0;
    const { profile, firsts } = this;
    // Of the pristine hosts only the first of each profile is weighed (the others
    // would tie with it and lose on id): found here, merged into the id order below.
    let nFirsts = 0;
    if (pristineAllowed) {
      const stamp = ++this.stamp;
      const seenAt = this.seenAt, ids = this.pristineIds;
      for (let k = 0; k < this.pristineCount && nFirsts < this.profiles; k++) {
        const i = ids[k];
        if (excluded[i] !== 0 || seenAt[profile[i]] === stamp) continue;
        seenAt[profile[i]] = stamp;
        firsts[nFirsts++] = i;
      }
    }
    const nc = this.collect(excluded, nFirsts, perPe, request);
    // Most searches can test hosts in order of power increase and stop at the first
    // valid one (leastValid); the others go in id order, as CloudSim does.
    if (isOver.afterAdding !== undefined && !vm.inMigration && !this.overFull) {
      const found = this.leastValid(nc, vm, needsMemory, isOver);
      if (found !== undefined) return found;
    }
    return this.inOrder(nc, vm, perPe, request, needsMemory, isOver);
  }

  /**
   * The candidates of a search, in id order: the hosts not excluded, with the speed
   * and free MIPS the VM needs, and a power model that accepts their load, each with
   * its power difference (NaN: the VM would load the host past full, `overFull`).
   * Also the slot of the least difference (`least`). Returns their number.
   */
  private collect(excluded: Uint8Array, nFirsts: number, perPe: number, request: number): number {
    const { profile, peMips, avail, total, used, now, power, active, firsts, specTables, tableAt, candId, candDiff, candAt } = this;
    const q = this.quantum;
    const stamp = ++this.candStamp;
    const nActive = this.activeCount;
    let nc = 0;
    let least = -1;
    this.overFull = false;
    for (let a = 0, f = 0; ; ) {
      let i: number;
      if (a < nActive && (f >= nFirsts || active[a] < firsts[f])) i = active[a++];
      else if (f < nFirsts) i = firsts[f++];
      else break;
      if (excluded[i] !== 0) continue;
      if (peMips[i] < perPe || avail[i] < request) continue;
      const u = (used[i] + request) / total[i];
      let diff = NaN;
      if (u > 1) {
        this.overFull = true;
      } else {
        const p0 = now[i];
        if (p0 !== p0) continue;
        const raw = (specTables !== undefined ? cloudsimSpecWatts(specTables, tableAt[i], u) : power[profile[i]](u)) - p0;
        diff = q > 0 ? Math.round(raw / q) * q : raw;
        if (least < 0 || diff < candDiff[least]) least = nc;
      }
      candAt[i] = stamp;
      candSlot[i] = nc;
      candId[nc] = i;
      candDiff[nc++] = diff;
    }
    this.least = least;
    return nc;
  }

  /** pabfd() of pabfd.ts over the candidates: each that beats the best so far, in id order, is tested. */
  private inOrder(nc: number, vm: CsVm, perPe: number, request: number, needsMemory: boolean, isOver: OverloadTest): CsHost | null {
    let best = Infinity;
    let chosen: CsHost | null = null;
    for (let k = 0; k < nc; k++) {
      const i = this.candId[k];
      const host = this.hosts[i];
      const diff = this.candDiff[k];
      if (diff !== diff) {
        // Over-full: the rare path where CloudSim's order of checks matters, as the scan does it.
        const d = weigh(host, vm, request, perPe, needsMemory, isOver, best, chosen === null ? Infinity : chosen.id, this.quantum);
        if (d === d) {
          best = d;
          chosen = host;
        }
        continue;
      }
      // Hosts come in id order: only a smaller difference beats the best.
      if (!(diff < best)) continue;
      if (needsMemory && !host.isSuitableForVm(vm)) continue;
      if (this.used[i] !== 0 && overAfterAllocation(host, vm, isOver)) continue;
      best = diff;
      chosen = host;
    }
    return chosen;
  }

  /**
   * The scan's answer found by testing the hosts in order of (difference, id) until one
   * is valid, rather than every host that beats the best so far in id order (5.6 tests
   * per search for MAD on a PlanetLab day against 2.0). The answer is the same: the
   * valid host with the least difference, lowest id on ties; validity does not depend on
   * which hosts were tested before.
   *
   * The tests' one lasting effect (the VM leaves a tested host's migrating-out set,
   * CsHost.forgetMigratingOut) matters only on the hosts that count the VM as leaving,
   * and must happen exactly where the scan in id order would test: a candidate T is
   * tested there when no valid candidate before it (in id order) has a difference <= T's.
   * That is decided for each such host from validities (computed without the effect,
   * each at most once) and the effect applied to those tested.
   *
   * Requires no over-full candidate (CloudSim's order of checks matters there).
   * Undefined, having changed nothing, when a test would need the VM placed: the scan
   * proper decides.
   */
  private leastValid(nc: number, vm: CsVm, needsMemory: boolean, isOver: OverloadTest): CsHost | null | undefined {
    const { candId, candDiff, candAt, validity } = this;
    const stamp = this.candStamp;
    const first = this.least;
    validity.fill(UNKNOWN, 0, nc);
    // The answer: candidates by (difference, id), the first valid one. The least comes
    // from collect; usually it is valid, else a heap gives the next ones.
    let answer = -1;
    if (first >= 0) {
      const v = this.valid(first, vm, needsMemory, isOver);
      if (v === ABORT) return undefined;
      if (v === VALID) answer = first;
      else answer = this.nextValid(nc, vm, needsMemory, isOver);
      if (answer === ABORT_SLOT) return undefined;
    }
    // The hosts counting the VM as leaving that the scan would test, and so make forget it.
    const leaving = vm.leaving;
    let forget = 0;
    for (let h = 0; h < leaving.length; h++) {
      const id = leaving[h].id;
      if (candAt[id] !== stamp) continue;
      const t = candSlot[id];
      // The answer itself, when before T with a difference <= T's, settles it at once.
      const tested = answer >= 0 && answer < t && candDiff[answer] <= candDiff[t] ? INVALID : this.testedInOrder(t, vm, needsMemory, isOver);
      if (tested === ABORT) return undefined;
      if (tested === VALID && this.forgets(t, vm, needsMemory)) forgetHosts[forget++] = this.hosts[candId[t]];
    }
    // Where the scan tests matters only through this, which no test reads: done last.
    for (let h = 0; h < forget; h++) forgetHosts[h].forgetMigratingOut(vm);
    forgetHosts.length = 0;
    return answer < 0 ? null : this.hosts[candId[answer]];
  }

  /**
   * After the least candidate proved invalid: the next candidates by (difference, slot)
   * from a binary heap, until a valid one (its slot), none (-1) or ABORT_SLOT.
   */
  private nextValid(nc: number, vm: CsVm, needsMemory: boolean, isOver: OverloadTest): number {
    const heap = this.heap, d = this.candDiff;
    let size = 0;
    for (let j = 0; j < nc; j++) if (this.validity[j] === UNKNOWN) heap[size++] = j;
    for (let start = (size >> 1) - 1; start >= 0; start--) siftDown(heap, size, start, d);
    while (size > 0) {
      const k = heap[0];
      heap[0] = heap[--size];
      siftDown(heap, size, 0, d);
      const v = this.valid(k, vm, needsMemory, isOver);
      if (v === ABORT) return ABORT_SLOT;
      if (v === VALID) return k;
    }
    return -1;
  }

  /**
   * Candidate k's validity (computed once per search, without the placement's effect):
   * VALID, INVALID, or ABORT when only placing the VM would tell.
   */
  private valid(k: number, vm: CsVm, needsMemory: boolean, isOver: OverloadTest): number {
    const v = this.validity[k];
    if (v !== UNKNOWN) return v;
    const i = this.candId[k];
    const host = this.hosts[i];
    let r: number;
    if (needsMemory && !host.isSuitableForVm(vm)) r = INVALID;
    else if (this.used[i] === 0) r = VALID;
    else if (!host.holdsNothing(vm)) r = ABORT;
    else if (!host.couldCreate(vm)) r = INVALID;
    else r = isOver.afterAdding!(host, vm) ? INVALID : VALID;
    this.validity[k] = r;
    return r;
  }

  /**
   * Whether the scan in id order tests candidate t: VALID if no valid candidate before it
   * has a difference <= its own, INVALID otherwise (ABORT as valid()).
   */
  private testedInOrder(t: number, vm: CsVm, needsMemory: boolean, isOver: OverloadTest): number {
    const d = this.candDiff[t];
    // Validities already known first: one valid settles it without a new test.
    for (let j = 0; j < t; j++) if (this.validity[j] === VALID && this.candDiff[j] <= d) return INVALID;
    for (let j = 0; j < t; j++) {
      if (!(this.candDiff[j] <= d) || this.validity[j] === INVALID) continue;
      const v = this.valid(j, vm, needsMemory, isOver);
      if (v === ABORT) return ABORT;
      if (v === VALID) return INVALID;
    }
    return VALID;
  }

  /** Whether testing candidate t makes its host forget the VM (overAfterAllocation's quick path gets there). */
  private forgets(t: number, vm: CsVm, needsMemory: boolean): boolean {
    const i = this.candId[t];
    const host = this.hosts[i];
    return !(needsMemory && !host.isSuitableForVm(vm)) && this.used[i] !== 0 && host.couldCreate(vm);
  }

  /** The non-pristine hosts and the pristine ones, each in id order. */
  private relist(): void {
    let a = 0, p = 0;
    for (let i = 0; i < this.n; i++) {
      if (this.pristine[i] === 0) this.active[a++] = i;
      else this.pristineIds[p++] = i;
    }
    this.activeCount = a;
    this.pristineCount = p;
    this.listsStale = false;
  }

  private flush(): void {
    if (this.allDirty) {
      for (let i = 0; i < this.n; i++) this.read(i);
      for (let k = 0; k < this.dirtyCount; k++) this.isDirty[this.dirty[k]] = 0;
      this.allDirty = false;
    } else {
      for (let k = 0; k < this.dirtyCount; k++) {
        const i = this.dirty[k];
        this.isDirty[i] = 0;
        this.read(i);
      }
    }
    this.dirtyCount = 0;
  }

  private read(i: number): void {
    const h = this.hosts[i];
    const pristine = h.pristine ? 1 : 0;
    if (pristine !== this.pristine[i]) this.listsStale = true;
    this.pristine[i] = pristine;
    this.avail[i] = h.availableMips;
    this.used[i] = h.utilizationOfCpuMips();
    this.now[i] = h.currentPowerOrNaN();
  }
}
