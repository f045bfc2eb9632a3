/**
 * PABFD's scan (pabfd.ts) over a snapshot of the hosts in typed arrays: the same hosts
 * weighed in the same order with the same arithmetic, so the same answers and the same
 * tentative placements (which CloudSim's later decisions can see), without reading
 * 800 host objects per VM. Most hosts of a consolidated datacenter are excluded,
 * pristine or full; the rest are weighed from the snapshot, and only a host that would
 * win is asked the questions that need the host itself (RAM, bandwidth, the overload
 * test after a tentative placement).
 *
 * Hosts report their changes (CsHost.onChange); a changed host's row is read again
 * before the next search. A search changes at most the host it tests tentatively,
 * after its row was used.
 */
import type { CsHost } from '../../model/consolidation/host.js';
import type { CsVm } from '../../model/consolidation/vm.js';
import type { OverloadTest } from './cloudsim.js';
import { cloudsimSpecWatts } from '../../model/consolidation/power.js';
import { overAfterAllocation, weigh } from './pabfd.js';

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
    const q = this.quantum;
    const { profile, peMips, avail, total, used, now, power, active, firsts, specTables, tableAt } = this;
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
    let best = Infinity;
    let chosen: CsHost | null = null;
    const nActive = this.activeCount;
    for (let a = 0, f = 0; ; ) {
      let i: number;
      if (a < nActive && (f >= nFirsts || active[a] < firsts[f])) i = active[a++];
      else if (f < nFirsts) i = firsts[f++];
      else break;
      if (excluded[i] !== 0) continue;
      if (peMips[i] < perPe || avail[i] < request) continue;
      const u = (used[i] + request) / total[i];
      if (u > 1) {
        // The rare path where CloudSim's order of checks matters: as the scan does it.
        const host = this.hosts[i];
        const diff = weigh(host, vm, request, perPe, needsMemory, isOver, best, chosen === null ? Infinity : chosen.id, q);
        if (diff === diff) {
          best = diff;
          chosen = host;
        }
        continue;
      }
      const p0 = now[i];
      if (p0 !== p0) continue;
      const raw = (specTables !== undefined ? cloudsimSpecWatts(specTables, tableAt[i], u) : power[profile[i]](u)) - p0;
      const diff = q > 0 ? Math.round(raw / q) * q : raw;
      // Hosts come in id order: only a smaller difference beats the best.
      if (!(diff < best)) continue;
      const host = this.hosts[i];
      if (needsMemory && !host.isSuitableForVm(vm)) continue;
      if (used[i] !== 0 && overAfterAllocation(host, vm, isOver)) continue;
      best = diff;
      chosen = host;
    }
    return chosen;
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

/** The hosts' SPECpower tables side by side, when every host has one (see PabfdScan.specTables). */
function specTablesOf(hosts: readonly CsHost[], profile: Int32Array): { tables: Float64Array; at: Int32Array } | undefined {
  const at = new Int32Array(hosts.length);
  const tables: Float64Array[] = [];
  const slot = new Map<number, number>();
  for (let i = 0; i < hosts.length; i++) {
    const t = hosts[i].power.specTable;
    if (t === undefined || t.length !== 11) return undefined;
    let k = slot.get(profile[i]);
    if (k === undefined) slot.set(profile[i], (k = tables.push(t) - 1));
    at[i] = k * 11;
  }
  const flat = new Float64Array(tables.length * 11);
  tables.forEach((t, k) => flat.set(t, k * 11));
  return { tables: flat, at };
}
