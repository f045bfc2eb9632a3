/**
 * Dynamic VM consolidation as CloudSim 3.0.3 / 4.0 implements it
 * (PowerVmAllocationPolicyMigrationAbstract and its subclasses), for dcsim's
 * `compat: cloudsim` mode: over-utilization tests (THR, IQR, MAD, LR, LRR) with the
 * THR 0.7 fallback, VM selection (MMT, MC, MU, RS), power-aware best-fit placement
 * (PABFD) and the under-utilized host evacuation. The algorithm moves VMs between
 * hosts tentatively and undoes every move before it returns, exactly as CloudSim
 * does, because the tentative moves change what later tests see.
 * The reference for every rule is ../shared/reference/cloudsim-planetlab.md, 2.5-2.6.
 */
import type { ConsolidationPolicy, Migration } from '../../model/consolidation/datacenter.js';
import type { CsHost } from '../../model/consolidation/host.js';
import { cpuHistoryEpoch, type CsVm } from '../../model/consolidation/vm.js';
import { POWER_QUANTUM, pabfd } from './pabfd.js';
import { PabfdIndex } from './pabfd-index.js';
import { PabfdScan } from './pabfd-scan.js';

export { pabfd } from './pabfd.js';
import { LR_WINDOW, lrPredictedUtilization, maxCorrelationIndex } from './regression.js';
import { ADAPTIVE_MIN_HISTORY, iqrThreshold, madExceeds } from './stats.js';

const NO_HISTORY: readonly number[] = [];

export const OVERLOAD_POLICIES = ['thr', 'iqr', 'mad', 'lr', 'lrr'] as const;
export type OverloadPolicy = (typeof OVERLOAD_POLICIES)[number];
export const SELECTION_POLICIES = ['mmt', 'mc', 'mu', 'rs'] as const;
export type SelectionPolicy = (typeof SELECTION_POLICIES)[number];

/** The static threshold CloudSim falls back to while a host's history is too short. */
export const FALLBACK_THRESHOLD = 0.7;

/**
 * `threshold`: set when the test is a static utilization threshold (THR).
 * `afterAdding`: the test's answer once `vm` is appended to the host's VMs, where it
 * can be computed without placing it (the same doubles).
 */
export type OverloadTest = ((host: CsHost) => boolean) & {
  readonly threshold?: number;
  readonly afterAdding?: (host: CsHost, vm: CsVm) => boolean;
};
export type VmSelector = (host: CsHost) => CsVm | null;

function thr(threshold: number): OverloadTest {
  return Object.assign((host: CsHost) => host.requestedMips() / host.totalMips > threshold, {
    threshold,
    // requestedMips() sums in list order: an appended VM's request is its last term.
    afterAdding: (host: CsHost, vm: CsVm) => (host.requestedMips() + vm.currentRequestedTotalMips()) / host.totalMips > threshold,
  });
}

/** The over-utilization test of a policy with its safety parameter (THR: the threshold). */
export function overloadTest(policy: OverloadPolicy, param: number, bwToSeconds: (ram: number, host: CsHost) => number, interval: number): OverloadTest {
  if (policy === 'thr') return thr(param);
  // The adaptive tests decide from the host's utilization history, its requested MIPS
  // and (LR) its largest VM's RAM: for the host as it is, or with one more VM appended
  // (afterAdding), which gives each of them as placing the VM would.
  // (For LR, `h` may hold only the history's first LR_WINDOW values, all it reads, or
  // be empty when the history is shorter than that; `addedRam` is the appended VM's RAM,
  // INT_MIN for none, which LR's migration-time estimate takes with its VMs' largest.)
  const decide = (host: CsHost, h: readonly number[], requested: number, addedRam: number): boolean => {
    const share = requested / host.totalMips;
    if (policy === 'iqr' || policy === 'mad') {
      if (h.length >= ADAPTIVE_MIN_HISTORY) {
        // The threshold is 1 - safety x D with 0 <= D <= max - min of the history (IQR
        // and MAD are differences of values within it; rounding keeps the order), so a
        // share above 1, or at most 1 - safety x (max - min), decides without D: the
        // same answers, for the quarter of the tests that are that clear.
        if (share > 1) return true;
        if (share <= 1 - param * spread(h)) return false;
      }
      if (h.length < ADAPTIVE_MIN_HISTORY) return share > FALLBACK_THRESHOLD;
      return policy === 'iqr' ? share > iqrThreshold(h, param)! : madExceeds(h, param, share);
    }
    const maxRam = Math.max(largestRam(host), addedRam);
    const predicted = lrPredictedUtilization(h, param, bwToSeconds(maxRam, host), interval);
    if (predicted === undefined || !Number.isFinite(predicted)) return share > FALLBACK_THRESHOLD;
    return predicted >= 1;
  };
  const largestRam = (host: CsHost): number => {
    let maxRam = INT_MIN; // as CloudSim starts its maximum
    for (const vm of host.vmList) if (vm.ram > maxRam) maxRam = vm.ram;
    return maxRam;
  };
  return Object.assign((host: CsHost) => decide(host, host.utilizationHistory(), host.requestedMips(), INT_MIN), {
    afterAdding: (host: CsHost, vm: CsVm) =>
      decide(
        host,
        policy === 'iqr' || policy === 'mad' ? host.utilizationHistoryWith(vm) : host.recentUtilizationWith(vm, LR_WINDOW) ?? NO_HISTORY,
        host.requestedMips() + vm.currentRequestedTotalMips(),
        vm.ram,
      ),
  });
}

/** Java's Integer.MIN_VALUE. */
const INT_MIN = -2147483648;

/** max - min of a non-empty sample. */
function spread(h: readonly number[]): number {
  let lo = h[0], hi = h[0];
  for (let i = 1; i < h.length; i++) {
    const x = h[i];
    if (x < lo) lo = x;
    else if (x > hi) hi = x;
  }
  return hi - lo;
}

function migratable(host: CsHost): CsVm[] {
  return host.vmList.filter((vm) => !vm.inMigration);
}

/** Minimum migration time: the smallest RAM, first in the host's list on ties. */
const mmt: VmSelector = (host) => {
  let best: CsVm | null = null;
  let min = Number.MAX_VALUE;
  for (const vm of migratable(host)) {
    if (vm.ram < min) {
      min = vm.ram;
      best = vm;
    }
  }
  return best;
};

/** The VM selection policy; `randomInt(n)` is a seeded uniform draw in [0, n) for RS. */
export function vmSelector(policy: SelectionPolicy, randomInt: (n: number) => number): VmSelector {
  switch (policy) {
    case 'mmt':
      return mmt;
    case 'mu':
      return (host) => {
        let best: CsVm | null = null;
        let min = Number.MAX_VALUE;
        for (const vm of migratable(host)) {
          const u = vm.cpuMipsNow() / vm.mips;
          if (u < min) {
            min = u;
            best = vm;
          }
        }
        return best;
      };
    case 'rs':
      return (host) => {
        const vms = migratable(host);
        return vms.length === 0 ? null : vms[randomInt(vms.length)];
      };
    case 'mc':
      return (host) => {
        const vms = migratable(host);
        if (vms.length === 0) return null;
        // The histories stay as they are until the next tick: the epoch says so.
        const i = maxCorrelationIndex(vms.map((vm) => vm.cpuHistory), cpuHistoryEpoch());
        return i === undefined ? mmt(host) : vms[i];
      };
  }
}

/** CloudSim's first fit (PowerVmAllocationPolicySimple), used by DVFS and NPA. */
export function firstFitHost(vm: CsVm, hosts: readonly CsHost[]): CsHost | null {
  for (const h of hosts) if (h.isSuitableForVm(vm)) return h;
  return null;
}

/** PABFD as a function of the VM, the excluded hosts and whether pristine hosts may be chosen. */
export type FindHost = ((vm: CsVm, excluded: Uint8Array, pristineAllowed: boolean) => CsHost | null) & {
  /** Bracket one optimizeAllocation, during which the excluded hosts only grow. */
  beginRound?: () => void;
  endRound?: () => void;
  /** True only when no host can take the VM now (nor after more placements): a quick test. */
  cannotFit?: (vm: CsVm) => boolean;
};

/**
 * How PABFD finds its host. `cloudsim`: CloudSim's scan, raw power differences.
 * `scan` and `index`: dcsim's rule (differences to the microwatt, see POWER_QUANTUM),
 * by scanning every host or by searching an index, with the same answers (only where
 * CloudSim itself would stop on a utilization above 1 may the two stop at different
 * hosts).
 */
export type PabfdSearch = 'cloudsim' | 'scan' | 'index';

/** CloudSim's migration policies as a dcsim ConsolidationPolicy. */
export function cloudsimMigrationPolicy(isOver: OverloadTest, select: VmSelector, search: PabfdSearch = 'cloudsim'): ConsolidationPolicy {
  let none = new Uint8Array(0);
  let find: FindHost | undefined;
  const finder = (hosts: readonly CsHost[]): FindHost => {
    if (find) return find;
    if (search === 'index') {
      const index = new PabfdIndex(hosts, isOver.threshold);
      find = Object.assign((vm: CsVm, excluded: Uint8Array, pristineAllowed: boolean) => index.query(vm, excluded, pristineAllowed, isOver), {
        beginRound: () => index.beginRound(),
        endRound: () => index.endRound(),
        cannotFit: (vm: CsVm) => index.cannotFit(vm),
      });
    } else {
      const scan = new PabfdScan(hosts, search === 'scan' ? POWER_QUANTUM : 0);
      find = (vm, excluded, pristineAllowed) => scan.find(vm, excluded, pristineAllowed, isOver);
    }
    return find;
  };
  return {
    initialHost: (vm, hosts) => {
      if (none.length !== hosts.length) none = new Uint8Array(hosts.length);
      return finder(hosts)(vm, none, true);
    },
    optimize: (hosts) => optimizeAllocation(hosts, isOver, select, finder(hosts)),
  };
}

/** CloudSim's policies without migration (DVFS, NPA): first fit at t = 0, nothing after. */
export const cloudsimStaticPolicy: ConsolidationPolicy = { initialHost: firstFitHost };

/** Hosts rebuilt by at least one optimizeAllocation (see its end). */
const rebuilt = new WeakSet<CsHost>();

function byCpuDecreasing(vms: CsVm[]): CsVm[] {
  // Array.prototype.sort is stable, as Java's Collections.sort is.
  return vms.sort((a, b) => b.cpuMipsNow() - a.cpuMipsNow());
}

/** optimizeAllocation: over-utilized hosts shed VMs, under-utilized hosts are emptied. */
export function optimizeAllocation(
  hosts: readonly CsHost[],
  isOver: OverloadTest,
  select: VmSelector,
  find: FindHost = (vm, excluded) => pabfd(vm, hosts, excluded, isOver),
): Migration[] {
  find.beginRound?.();
  try {
    return optimizeRound(hosts, isOver, select, find);
  } finally {
    find.endRound?.();
  }
}

function optimizeRound(hosts: readonly CsHost[], isOver: OverloadTest, select: VmSelector, find: FindHost): Migration[] {
  // A host without VMs is never over-utilized (no requested MIPS, and an empty history
  // leaves the adaptive tests to the 0.7 threshold): most hosts of a consolidated
  // datacenter are not asked.
  const over = hosts.filter((h) => h.vmList.length !== 0 && isOver(h));
  const overMark = new Uint8Array(hosts.length);
  for (const h of over) overMark[h.id] = 1;
  const versions = new Float64Array(hosts.length);
  for (const h of hosts) versions[h.id] = h.version;
  const savedVms: CsVm[] = [];
  const savedHosts: CsHost[] = [];
  // Host h's saved VMs are savedVms[savedFrom[h] .. savedFrom[h + 1]).
  const savedFrom = new Int32Array(hosts.length + 1);
  for (const h of hosts) {
    savedFrom[h.id] = savedVms.length;
    for (const vm of h.vmList) {
      if (h.isMigratingIn(vm)) continue;
      savedVms.push(vm);
      savedHosts.push(h);
    }
  }
  savedFrom[hosts.length] = savedVms.length;

  const toMigrate: CsVm[] = [];
  for (const h of over) {
    for (;;) {
      const vm = select(h);
      if (vm === null) break;
      toMigrate.push(vm);
      h.vmDestroy(vm);
      if (!isOver(h)) break;
    }
  }
  const migrations: Migration[] = [];
  for (const vm of byCpuDecreasing(toMigrate)) {
    const host = find(vm, overMark, true);
    if (host !== null) {
      host.vmCreate(vm);
      migrations.push({ vm, host });
    }
  }
  migrations.push(...underUtilizedMigrations(hosts, overMark, find));

  // Undo every tentative move as CloudSim does: each host is emptied, gets its
  // migrating-in VMs back first, then its saved VMs. A host that nothing touched and
  // that has no VM migrating in would come out exactly as it is (same VMs, same
  // order, same allocations), so it is left alone; only its VMs' host is reset, which
  // tentative placements elsewhere may have moved. A host whose tentative placements
  // were all undone (the same VMs in the same order, none migrating in) would come out
  // with its MIPS reallocated in list order and nothing else changed: only that is
  // done. (Once every host has been rebuilt: the first rebuild also drops the RAM VMs
  // asked for at creation.)
  const rebuild = new Uint8Array(hosts.length);
  for (const h of hosts) {
    const first = !rebuilt.has(h);
    if (!first && h.migratingIn.length === 0) {
      if (h.version === versions[h.id]) continue;
      if (sameVms(h.vmList, savedVms, savedFrom[h.id], savedFrom[h.id + 1])) {
        h.reallocateInOrder();
        continue;
      }
    }
    rebuild[h.id] = 1;
    if (first) rebuilt.add(h);
    h.vmDestroyAll();
    h.reallocateMigratingInVms();
  }
  for (let i = 0; i < savedVms.length; i++) {
    const h = savedHosts[i];
    if (rebuild[h.id] !== 0) h.vmCreate(savedVms[i]);
    else savedVms[i].host = h;
  }
  return migrations;
}

function sameVms(list: readonly CsVm[], saved: readonly CsVm[], from: number, to: number): boolean {
  if (list.length !== to - from) return false;
  for (let i = 0; i < list.length; i++) if (list[i] !== saved[from + i]) return false;
  return true;
}

function underUtilizedMigrations(hosts: readonly CsHost[], overMark: Uint8Array, find: FindHost): Migration[] {
  const excludedSource = new Uint8Array(hosts.length);
  const excludedTarget = new Uint8Array(hosts.length);
  let excludedCount = 0;
  for (let i = 0; i < hosts.length; i++) {
    if (overMark[i] !== 0 || hosts[i].utilizationOfCpu() === 0) {
      excludedSource[i] = excludedTarget[i] = 1;
      excludedCount++;
    }
  }
  const exclude = (h: CsHost) => {
    if (excludedSource[h.id] === 0) {
      excludedSource[h.id] = 1;
      excludedCount++;
    }
  };
  // CloudSim rescans every host for the least utilized one at each step. The
  // utilizations are those of the last processing and do not change here, and a host
  // not yet excluded keeps its VMs, so one walk in (utilization, id) order meets the
  // same hosts in the same order: O(n log n) per tick instead of O(n^2).
  const order = hosts.filter((h) => {
    const u = h.utilizationOfCpu();
    return u > 0 && u < 1;
  });
  order.sort((a, b) => a.utilizationOfCpu() - b.utilizationOfCpu() || a.id - b.id);
  let next = 0;
  const migrations: Migration[] = [];
  while (excludedCount < hosts.length) {
    let host: CsHost | null = null;
    while (next < order.length) {
      const h = order[next++];
      if (excludedSource[h.id] === 0 && !allMigratingOutOrAnyMigratingIn(h)) {
        host = h;
        break;
      }
    }
    if (host === null) break;
    exclude(host);
    excludedTarget[host.id] = 1;
    const vms = host.vmList.filter((vm) => !vm.inMigration);
    if (vms.length === 0) continue;
    // Most hosts cannot be emptied: when a VM has nowhere to go whatever the others
    // do, skip the tentative placements of the ones before it.
    if (find.cannotFit !== undefined && vms.some(find.cannotFit)) continue;
    const placed: Migration[] = [];
    let all = true;
    for (const vm of byCpuDecreasing(vms)) {
      // Every pristine host is switched off, hence excluded here.
      const target = find(vm, excludedTarget, false);
      if (target === null) {
        all = false;
        break;
      }
      target.vmCreate(vm);
      placed.push({ vm, host: target });
    }
    if (!all) {
      for (const m of placed) m.host.vmDestroy(m.vm);
      continue;
    }
    for (const m of placed) exclude(m.host);
    migrations.push(...placed);
  }
  return migrations;
}

function allMigratingOutOrAnyMigratingIn(h: CsHost): boolean {
  for (const vm of h.vmList) {
    if (!vm.inMigration) return false;
    if (h.isMigratingIn(vm)) return true;
  }
  return true;
}
