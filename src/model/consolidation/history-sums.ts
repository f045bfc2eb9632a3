import { doublesOfLength, emptyDoubles } from '../../engine/doubles.js';
import { HISTORY_LENGTH, type CsVm } from './vm.js';

/**
 * A host's utilization history (PowerHostUtilizationHistory.getUtilizationHistory): per
 * step back, the sum over the host's VMs, in list order, of utilization x VM MIPS / host
 * MIPS, trailing zeros trimmed. The untrimmed sums are kept for one host version and
 * VM-history epoch, and follow the host's changes that placement tests make: a VM
 * appended to the list adds its terms to the sums (the additions the full loop would do
 * last: the same doubles, in O(history) instead of O(VMs x history)), and removing that
 * VM again restores the sums from before. Any other change leaves them stale, and the
 * next request sums afresh.
 */
export class HistorySums {
  private readonly sums = new Float64Array(HISTORY_LENGTH);
  private readonly undo = new Float64Array(HISTORY_LENGTH);
  /** Host version and VM-history epoch the sums are of (-1: none). */
  private version = -1;
  private epoch = -1;
  /** The VM whose terms the last append added (undo holds the sums without it). */
  private last: CsVm | null = null;
  private trimmed: readonly number[] = [];
  private trimmedVersion = -1;
  private trimmedEpoch = -1;

  history(vms: readonly CsVm[], totalMips: number, version: number, epoch: number): readonly number[] {
    this.fresh(vms, totalMips, version, epoch);
    if (this.trimmedVersion !== version || this.trimmedEpoch !== epoch) {
      this.trimmed = trim(this.sums);
      this.trimmedVersion = version;
      this.trimmedEpoch = epoch;
    }
    return this.trimmed;
  }

  /**
   * The history the host would have with `vm` appended to its list: the same doubles
   * as appending it and asking (the sums are always those of a fresh loop over the
   * list in order, and an appended VM's terms are that loop's last additions). Valid
   * until the next call, on any host.
   */
  historyWith(vms: readonly CsVm[], totalMips: number, version: number, epoch: number, vm: CsVm): readonly number[] {
    this.fresh(vms, totalMips, version, epoch);
    const s = this.scratch;
    s.set(this.sums);
    const v = vm.cpuHistory;
    for (let i = 0; i < v.length; i++) s[i] += (v[i] * vm.mips) / totalMips;
    // A placement test asks this for every host it weighs: the answer is a shared
    // array of the right length, valid until the next call (the tests keep nothing).
    let n = HISTORY_LENGTH;
    while (n > 0 && s[n - 1] === 0) n--;
    const h = WITH_BY_LENGTH[n];
    for (let i = 0; i < n; i++) h[i] = s[i];
    return h;
  }
  private readonly scratch = new Float64Array(HISTORY_LENGTH);

  /**
   * The first `k` values of historyWith(..., vm) when that history has at least `k`
   * values (undefined otherwise): what the LR test reads of it, without computing the
   * rest (a value at k - 1 or later that is not 0 makes it that long). Valid until the
   * next call.
   */
  recentWith(vms: readonly CsVm[], totalMips: number, version: number, epoch: number, vm: CsVm, k: number): readonly number[] | undefined {
    this.fresh(vms, totalMips, version, epoch);
    const v = vm.cpuHistory;
    let long = false;
    for (let i = HISTORY_LENGTH - 1; i >= k - 1 && !long; i--) long = (i < v.length ? this.sums[i] + (v[i] * vm.mips) / totalMips : this.sums[i]) !== 0;
    if (!long) return undefined;
    const h = WITH_BY_LENGTH[k];
    for (let i = 0; i < k; i++) h[i] = i < v.length ? this.sums[i] + (v[i] * vm.mips) / totalMips : this.sums[i];
    return h;
  }

  /** Makes the sums those of `vms` at this version and epoch. */
  private fresh(vms: readonly CsVm[], totalMips: number, version: number, epoch: number): void {
    if (this.version !== version || this.epoch !== epoch) {
      const s = this.sums;
      s.fill(0);
      for (const vm of vms) {
        const v = vm.cpuHistory;
        for (let i = 0; i < v.length; i++) s[i] += (v[i] * vm.mips) / totalMips;
      }
      this.version = version;
      this.epoch = epoch;
      this.last = null;
    }
  }

  /** The host appended `vm` to its list, which made it `version`. */
  appended(vm: CsVm, totalMips: number, version: number, epoch: number): void {
    if (this.version !== version - 1 || this.epoch !== epoch) return;
    this.undo.set(this.sums);
    const v = vm.cpuHistory;
    for (let i = 0; i < v.length; i++) this.sums[i] += (v[i] * vm.mips) / totalMips;
    this.version = version;
    this.last = vm;
  }

  /** The host removed the last VM of its list, which made it `version`. */
  removedLast(vm: CsVm, version: number, epoch: number): void {
    if (vm !== this.last || this.version !== version - 1 || this.epoch !== epoch) return;
    this.sums.set(this.undo);
    this.version = version;
    this.last = null;
  }
}

// Histories are arrays of doubles, as VMs' are (engine/doubles.ts): the tests that read
// them (IQR, MAD, LR) then see one kind of array.

/** historyWith's answers, one array per length. */
const WITH_BY_LENGTH = Array.from({ length: HISTORY_LENGTH + 1 }, (_, n) => doublesOfLength(n));

/** The sums with trailing zeros dropped, as a plain array. */
function trim(sums: Float64Array): number[] {
  let n = HISTORY_LENGTH;
  while (n > 0 && sums[n - 1] === 0) n--;
  const h = emptyDoubles();
  for (let i = 0; i < n; i++) h.push(sums[i]);
  return h;
}
