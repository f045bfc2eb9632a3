/**
 * A replica's CPU: its VM's vCPUs shared by processor sharing among the visits in
 * their CPU phase. The VM's `work` counter is the virtual clock (MI per busy core
 * since creation), `running` the heap of virtual finish times kept in the request
 * table's `end` array; the host grants the VM its rate (Datacenter.guestLoadChanged).
 */
import { NO_EVENT, type Simulation } from '../../engine/simulation.js';
import { DONE_SLACK, type IdBuffer } from './ps-station.js';
import type { Replica } from './replica.js';

/** Relative difference below which two computed event times are the same time (float rounding). */
const SAME_TIME = 1e-12;

/** Visit `v` starts `mi` MI of CPU at `now` (the caller then tells the datacenter). */
export function enterCpu(p: Replica, v: number, mi: number, end: Float64Array, now: number): void {
  const vm = p.vm;
  vm.advance(now);
  end[v] = vm.work + mi;
  vm.pushRunning(v, end);
  vm.coresBusy++;
}

/** Moves the replica's one CPU completion event (kind `kind`, argument its index) to the earliest finisher. */
export function rescheduleCpu(p: Replica, sim: Simulation, kind: number, end: Float64Array): void {
  const vm = p.vm;
  if (vm.coresBusy > 0 && vm.alloc > 0) {
    const dt = ((end[vm.running[0]] - vm.work) * vm.coresBusy) / vm.alloc;
    const at = sim.now + (dt > 0 ? dt : 0);
    if (p.cpuEvent >= 0) {
      // An arrival that leaves the earliest finisher and its rate alone (a free vCPU)
      // does not move the event: keep it rather than cancel and schedule the same time.
      if (Math.abs(at - p.cpuEventAt) <= SAME_TIME * Math.max(1, at)) return;
      sim.cancel(p.cpuEvent);
    }
    p.cpuEvent = sim.scheduleAt(at, kind, p.index);
    p.cpuEventAt = at;
  } else if (p.cpuEvent >= 0) {
    sim.cancel(p.cpuEvent);
    p.cpuEvent = NO_EVENT;
  }
}

/** At the completion event: the visits done move to `out` (returns how many); the VM's busy cores drop. */
export function popCpuDone(p: Replica, now: number, end: Float64Array, out: IdBuffer): number {
  p.cpuEvent = NO_EVENT;
  const vm = p.vm;
  vm.advance(now);
  // The event was computed for the earliest finisher: rounding must not leave a sliver.
  if (vm.work < end[vm.running[0]]) vm.work = end[vm.running[0]];
  const limit = vm.work + DONE_SLACK * Math.max(1, vm.work);
  let k = 0;
  while (vm.running.length > 0 && end[vm.running[0]] <= limit) out.set(k++, vm.popRunning(end));
  vm.coresBusy -= k;
  return k;
}
