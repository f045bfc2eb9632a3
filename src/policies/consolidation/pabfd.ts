/**
 * Power-aware best fit decreasing's host choice (CloudSim's findHostForVm): among
 * suitable hosts not excluded, skipping non-empty hosts the VM would over-utilize,
 * the one whose power grows least, lowest id on ties. `weigh` is the test of one
 * host, shared by the scan below and by the index (pabfd-index.ts).
 */
import type { CsHost } from '../../model/consolidation/host.js';
import type { CsVm } from '../../model/consolidation/vm.js';
import type { OverloadTest } from './cloudsim.js';

/**
 * Whether the VM over-utilizes the host once placed there (placed and removed again).
 * A test that can tell without the placement (afterAdding) is asked directly, with the
 * one lasting effect of the placement kept: see CsHost.forgetMigratingOut.
 */
export function overAfterAllocation(host: CsHost, vm: CsVm, isOver: OverloadTest): boolean {
  const afterAdding = isOver.afterAdding;
  if (afterAdding !== undefined && !vm.inMigration && host.holdsNothing(vm)) {
    if (!host.couldCreate(vm)) return true;
    host.forgetMigratingOut(vm);
    return afterAdding(host, vm);
  }
  if (!host.vmCreate(vm)) return true;
  const over = isOver(host);
  host.vmDestroy(vm);
  return over;
}

/**
 * dcsim's resolution of power differences (W). CloudSim compares raw doubles, so
 * when several hosts' differences are mathematically equal, rounding noise in the
 * last bits picks among them; dcsim rounds differences to the microwatt so that equal
 * differences are equal and the lowest id wins, as the rule says (and as an index
 * can find without weighing every tied host).
 */
export const POWER_QUANTUM = 1e-6;

/**
 * The power difference of placing `vm` (asking `request` MIPS, `perPe` per PE) on
 * `host` when the host is valid and beats the best so far (smaller difference, or
 * equal with a lower id); NaN otherwise. In CloudSim's order of checks where it
 * matters: a host whose utilization would pass 1 is tested for over-utilization
 * before its power model is asked (which then stops CloudSim, and throws here). The
 * over-utilization test (a tentative placement) and the RAM and bandwidth look-ups
 * run only for a host that would win: a host that cannot beat the best is not
 * chosen either way. `quantum` > 0: the difference rounded to a multiple of it.
 */
export function weigh(
  host: CsHost, vm: CsVm, request: number, perPe: number, needsMemory: boolean, isOver: OverloadTest,
  bestDiff: number, bestId: number, quantum: number,
): number {
  if (host.peMips < perPe || host.availableMips < request) return NaN;
  const used = host.utilizationOfCpuMips();
  const u = (used + request) / host.totalMips;
  if (u > 1) {
    if (needsMemory && !host.isSuitableForVm(vm)) return NaN;
    if (used !== 0 && overAfterAllocation(host, vm, isOver)) return NaN;
    host.power(u);
  }
  const now = host.currentPowerOrNaN();
  if (now !== now) return NaN; // CloudSim's findHostForVm swallows that failure and moves on
  const raw = host.power(u) - now;
  const diff = quantum > 0 ? Math.round(raw / quantum) * quantum : raw;
  if (!(diff < bestDiff || (diff === bestDiff && host.id < bestId))) return NaN;
  if (needsMemory && !host.isSuitableForVm(vm)) return NaN;
  if (used !== 0 && overAfterAllocation(host, vm, isOver)) return NaN;
  return diff;
}

/**
 * The scan, hosts in id order. Of the pristine hosts (empty, idle) of one profile
 * only the first is weighed: the others would tie with it and lose on id.
 * Consolidated datacenters are mostly such hosts.
 */
export function pabfd(vm: CsVm, hosts: readonly CsHost[], excluded: Uint8Array, isOver: OverloadTest, quantum = 0): CsHost | null {
  let best = Infinity;
  let chosen: CsHost | null = null;
  // Profiles seen in this scan: those whose stamp is this scan's.
  const stamp = ++scanStamp;
  const perPe = vm.currentRequestedMips();
  const request = vm.currentRequestedTotalMips();
  const needsMemory = vm.currentRequestedRam() > 0 || vm.currentRequestedBw() > 0;
  for (let i = 0; i < hosts.length; i++) {
    if (excluded[i] !== 0) continue;
    const host = hosts[i];
    if (host.pristine) {
      const p = host.profile;
      if (p >= seenAt.length) seenAt = growStamps(seenAt, p);
      if (seenAt[p] === stamp) continue;
      seenAt[p] = stamp;
    }
    const diff = weigh(host, vm, request, perPe, needsMemory, isOver, best, chosen === null ? Infinity : chosen.id, quantum);
    if (diff === diff) {
      best = diff;
      chosen = host;
    }
  }
  return chosen;
}
let scanStamp = 0;
/** Per profile number, the stamp of the last scan that weighed a pristine host of it. */
let seenAt: Float64Array = new Float64Array(8);
function growStamps(a: Float64Array, p: number): Float64Array {
  const b = new Float64Array(Math.max(2 * a.length, p + 1));
  b.set(a);
  return b;
}
