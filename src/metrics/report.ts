import type { Simulation } from '../engine/simulation.js';
import type { Datacenter } from '../model/datacenter.js';
import { TaskState } from '../model/tasks.js';
import { VM_STATE_NAMES } from '../model/vm.js';
import { cell, type Table } from './table.js';

/**
 * Quantile q of sorted values with linear interpolation between order statistics
 * (Hyndman and Fan's type 7, the default of numpy and R), NaN when empty.
 */
export function quantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function mean(xs: Float64Array): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

export const SUMMARY_COLUMNS = [
  'scenario', 'seed', 'sim_time_s', 'events', 'hosts', 'hosts_failed',
  'vms_requested', 'vms_placed', 'vms_rejected', 'vms_destroyed', 'vms_failed',
  'tasks_submitted', 'tasks_completed', 'tasks_failed', 'tasks_unfinished',
  'task_time_mean_s', 'task_time_p50_s', 'task_time_p95_s', 'task_time_p99_s', 'task_wait_mean_s',
  'energy_kwh', 'power_mean_w', 'host_cpu_utilization_mean', 'active_hosts_mean',
] as const;

/** The one-row summary of a run. */
export function summaryTable(name: string, seed: number, sim: Simulation, dc: Datacenter): Table {
  dc.settleAll();
  const T = dc.tasks;
  const done: number[] = [];
  for (let t = 0; t < T.count; t++) if (T.state[t] === TaskState.Done) done.push(t);
  const times = new Float64Array(done.length);
  const waits = new Float64Array(done.length);
  done.forEach((t, i) => {
    times[i] = T.finish[t] - T.submit[t];
    waits[i] = T.start[t] - T.submit[t];
  });
  times.sort();
  const now = sim.now;
  let energy = 0, work = 0, capacityTime = 0, activeTime = 0;
  for (const h of dc.hosts) {
    energy += h.energy;
    work += h.work;
    capacityTime += h.capacity * ((Number.isNaN(h.failedAt) ? now : h.failedAt));
    activeTime += h.activeTime;
  }
  const s = dc.stats;
  const row = [
    name, seed, now, sim.eventsProcessed, dc.hosts.length, s.hostsFailed,
    s.vmsRequested, s.vmsPlaced, s.vmsRejected, s.vmsDestroyed, s.vmsFailed,
    s.tasksSubmitted, s.tasksCompleted, s.tasksFailed, s.tasksSubmitted - s.tasksCompleted - s.tasksFailed,
    cell(mean(times)), cell(quantile(times, 0.5)), cell(quantile(times, 0.95)), cell(quantile(times, 0.99)),
    cell(mean(waits)),
    energy / 3.6e6, now > 0 ? energy / now : 0, capacityTime > 0 ? work / capacityTime : 0,
    now > 0 ? activeTime / now : 0,
  ];
  return { columns: SUMMARY_COLUMNS, rows: [row] };
}

export const HOSTS_COLUMNS = [
  'host', 'type', 'cores', 'mips', 'ram_mib', 'vms_placed', 'vms_at_end', 'energy_kwh',
  'cpu_utilization_mean', 'active_time_s', 'failed_at_s',
] as const;

export function hostsTable(sim: Simulation, dc: Datacenter): Table {
  dc.settleAll();
  const rows = dc.hosts.map((h) => {
    const lifetime = Number.isNaN(h.failedAt) ? sim.now : h.failedAt;
    return [
      h.id, h.spec.type, h.cores, h.mips, h.spec.ram, h.vmsPlaced, h.vms.length, h.energy / 3.6e6,
      lifetime > 0 ? h.work / (h.capacity * lifetime) : 0, h.activeTime, cell(h.failedAt),
    ];
  });
  return { columns: HOSTS_COLUMNS, rows };
}

export const VMS_COLUMNS = [
  'vm', 'type', 'group', 'host', 'state', 'vcpus', 'mips', 'ram_mib', 'requested_s', 'started_s',
  'ended_s', 'tasks_done', 'tasks_failed', 'mi_executed', 'cpu_utilization_mean',
] as const;

export function vmsTable(sim: Simulation, dc: Datacenter): Table {
  dc.settleAll();
  const rows = dc.vms.map((vm) => {
    const end = Number.isNaN(vm.endedAt) ? sim.now : vm.endedAt;
    const life = Number.isNaN(vm.startedAt) ? 0 : end - vm.startedAt;
    return [
      vm.id, vm.spec.type, vm.group, vm.host >= 0 ? vm.host : '', VM_STATE_NAMES[vm.state],
      vm.vcpus, vm.mips, vm.ram, vm.requestedAt, cell(vm.startedAt), cell(vm.endedAt),
      vm.tasksDone, vm.tasksFailed, vm.mi, life > 0 ? vm.mi / (vm.vcpus * vm.mips * life) : 0,
    ];
  });
  return { columns: VMS_COLUMNS, rows };
}

const TASK_STATE_NAMES = ['waiting', 'running', 'done', 'failed'] as const;

export const TASKS_COLUMNS = [
  'task', 'vm', 'length_mi', 'cores', 'state', 'submit_s', 'start_s', 'finish_s', 'wait_s', 'response_s',
] as const;

export function tasksTable(dc: Datacenter): Table {
  const T = dc.tasks;
  const rows = [];
  for (let t = 0; t < T.count; t++) {
    rows.push([
      t, T.vm[t] >= 0 ? T.vm[t] : '', T.length[t], T.cores[t], TASK_STATE_NAMES[T.state[t]],
      T.submit[t], cell(T.start[t]), cell(T.finish[t]), cell(T.start[t] - T.submit[t]),
      T.state[t] === TaskState.Done ? T.finish[t] - T.submit[t] : '',
    ]);
  }
  return { columns: TASKS_COLUMNS, rows };
}
