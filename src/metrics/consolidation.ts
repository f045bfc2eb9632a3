import type { CsHost } from '../model/consolidation/host.js';
import type { CsVm } from '../model/consolidation/vm.js';

/**
 * The consolidation experiment's metrics, computed from the hosts' and VMs' state
 * histories as CloudSim's Helper.printResults does (cloudsim-planetlab.md, 2.7).
 * Each sum runs over consecutive history entries with the earlier entry's values.
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

function meanStdev(xs: number[]): [number, number] {
  if (xs.length === 0) return [NaN, NaN];
  let s = 0;
  for (const x of xs) s += x;
  const m = s / xs.length;
  if (xs.length === 1) return [m, NaN];
  let v = 0;
  for (const x of xs) v += (x - m) * (x - m);
  return [m, Math.sqrt(v / (xs.length - 1))];
}

export function consolidationMetrics(hosts: readonly CsHost[], vms: readonly CsVm[], energyJ: number, migrations: number): ConsolidationMetrics {
  let violationTime = 0, activeTime = 0, hostShareSum = 0, hostsCounted = 0;
  const beforeShutdown: number[] = [];
  for (const h of hosts) {
    let hv = 0, ha = 0;
    for (let i = 1; i < h.hTime.length; i++) {
      if (!h.hActive[i - 1]) continue;
      const dt = h.hTime[i] - h.hTime[i - 1];
      ha += dt;
      if (h.hAlloc[i - 1] < h.hReq[i - 1]) hv += dt;
    }
    violationTime += hv;
    activeTime += ha;
    if (ha > 0) {
      hostShareSum += hv / ha;
      hostsCounted++;
    }
    let wasActive = true, switchedOn = 0;
    for (let i = 0; i < h.hTime.length; i++) {
      const active = h.hActive[i];
      if (wasActive && !active) beforeShutdown.push(h.hTime[i] - switchedOn);
      if (!wasActive && active) switchedOn = h.hTime[i];
      wasActive = active;
    }
  }

  let totalAlloc = 0, totalReq = 0, underMigration = 0, vmShareSum = 0, vmsCounted = 0;
  const violations: number[] = [];
  const beforeMigration: number[] = [];
  for (const vm of vms) {
    let va = 0, vr = 0, vu = 0;
    for (let i = 1; i < vm.hTime.length; i++) {
      const dt = vm.hTime[i] - vm.hTime[i - 1];
      const a = vm.hAlloc[i - 1], r = vm.hReq[i - 1];
      va += a * dt;
      vr += r * dt;
      if (a < r) {
        violations.push((r - a) / r);
        if (vm.hMig[i - 1]) vu += (r - a) * dt;
      }
    }
    totalAlloc += va;
    totalReq += vr;
    underMigration += vu;
    if (vr > 0) {
      vmShareSum += vu / vr;
      vmsCounted++;
    }
    let wasMigrating = false, finished = 0;
    for (let i = 0; i < vm.hTime.length; i++) {
      const m = vm.hMig[i];
      if (wasMigrating && !m) beforeMigration.push(vm.hTime[i] - finished);
      if (!wasMigrating && m) finished = vm.hTime[i];
      wasMigrating = m;
    }
  }
  const slatah = activeTime > 0 ? violationTime / activeTime : 0;
  const pdm = totalReq > 0 ? underMigration / totalReq : 0;
  const energy = energyJ / 3.6e6;
  const [msd, ssd] = meanStdev(beforeShutdown);
  const [mmig, smig] = meanStdev(beforeMigration);
  let avg = 0;
  for (const v of violations) avg += v;
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
    average_sla_violation: violations.length > 0 ? avg / violations.length : 0,
    host_shutdowns: beforeShutdown.length,
    mean_time_before_host_shutdown_s: msd,
    stdev_time_before_host_shutdown_s: ssd,
    mean_time_before_vm_migration_s: mmig,
    stdev_time_before_vm_migration_s: smig,
    vms_dropped: vms.filter((v) => v.removed).length,
  };
}
