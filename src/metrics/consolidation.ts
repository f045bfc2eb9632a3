import type { CsHost } from '../model/consolidation/host.js';
import type { CsVm } from '../model/consolidation/vm.js';

/**
 * The consolidation experiment's metrics, computed from the hosts' and VMs' state
 * histories as CloudSim's Helper.printResults does (cloudsim-planetlab.md, 2.7).
 * Each sum runs over consecutive history entries with the earlier entry's values
 * (accumulated as the run goes: see model/consolidation/history.ts).
 */
export interface ConsolidationMetrics {
  energy_kwh: number;
  migrations: number;
  /** SLA time per active host: share of active host time with allocated < requested MIPS (pooled over hosts). */
  slatah: number;
  /** The paper's form: mean over hosts of each host's own violation-time share. */
  slatah_host_mean: number;
  /** Performance degradation due to migration: MIPS not granted to migrating VMs / MIPS requested. */
  pdm: number;
  /** The paper's form: mean over VMs of each VM's own degradation share. */
  pdm_vm_mean: number;
  slav: number;
  esv: number;
  overall_sla_violation: number;
  average_sla_violation: number;
  host_shutdowns: number;
  mean_time_before_host_shutdown_s: number;
  stdev_time_before_host_shutdown_s: number;
  mean_time_before_vm_migration_s: number;
  stdev_time_before_vm_migration_s: number;
  vms_dropped: number;
}

function meanStdev(xs: readonly number[]): [number, number] {
  if (xs.length === 0) return [NaN, NaN];
  let s = 0;
  for (const x of xs) s += x;
  const m = s / xs.length;
  if (xs.length === 1) return [m, NaN];
  let v = 0;
  for (const x of xs) v += (x - m) * (x - m);
  return [m, Math.sqrt(v / (xs.length - 1))];
}

/**
 * Metrics of a finished run (call each history's finish() first). `shutdowns` and
 * `migrationDurations` are the durations the histories collected.
 */
export function consolidationMetrics(
  hosts: readonly CsHost[],
  vms: readonly CsVm[],
  energyJ: number,
  migrations: number,
  shutdowns: readonly number[],
  migrationDurations: readonly number[],
): ConsolidationMetrics {
  let violationTime = 0, activeTime = 0, hostShareSum = 0, hostsCounted = 0;
  for (const { history: h } of hosts) {
    violationTime += h.violationTime;
    activeTime += h.activeTime;
    if (h.activeTime > 0) {
      hostShareSum += h.violationTime / h.activeTime;
      hostsCounted++;
    }
  }
  let totalAlloc = 0, totalReq = 0, underMigration = 0, vmShareSum = 0, vmsCounted = 0;
  let shortfallSum = 0, shortfallCount = 0;
  for (const { history: v } of vms) {
    totalAlloc += v.allocated;
    totalReq += v.requested;
    underMigration += v.underMigration;
    shortfallSum += v.shortfallSum;
    shortfallCount += v.shortfallCount;
    if (v.requested > 0) {
      vmShareSum += v.underMigration / v.requested;
      vmsCounted++;
    }
  }
  const slatah = activeTime > 0 ? violationTime / activeTime : 0;
  const pdm = totalReq > 0 ? underMigration / totalReq : 0;
  const energy = energyJ / 3.6e6;
  const [msd, ssd] = meanStdev(shutdowns);
  const [mmig, smig] = meanStdev(migrationDurations);
  return {
    energy_kwh: energy,
    migrations,
    slatah,
    slatah_host_mean: hostsCounted > 0 ? hostShareSum / hostsCounted : 0,
    pdm,
    pdm_vm_mean: vmsCounted > 0 ? vmShareSum / vmsCounted : 0,
    slav: slatah * pdm,
    esv: energy * slatah * pdm,
    overall_sla_violation: totalReq > 0 ? (totalReq - totalAlloc) / totalReq : 0,
    average_sla_violation: shortfallCount > 0 ? shortfallSum / shortfallCount : 0,
    host_shutdowns: shutdowns.length,
    mean_time_before_host_shutdown_s: msd,
    stdev_time_before_host_shutdown_s: ssd,
    mean_time_before_vm_migration_s: mmig,
    stdev_time_before_vm_migration_s: smig,
    vms_dropped: vms.filter((v) => v.removed).length,
  };
}
