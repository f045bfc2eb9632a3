/**
 * Co-located instances sharing a host: its cores, its disk and its NIC. Each resource
 * is shared as a fluid (processor sharing with per-flow rate caps, water-filling):
 * all flows start together, each runs at most at its cap, and what a capped flow
 * cannot use goes to the others. A job's path times are its flows' completion times;
 * its time then combines them as for a job alone (job.ts).
 */
import { combine, demands, type Demands, type HostDevices, type JobProfile, type PathTimes } from './job.js';
import type { PlatformProfile } from './profile.js';

/**
 * Completion times of flows that all start at 0 on a resource of `capacity` units per
 * second, flow i needing work[i] units at most cap[i] per second. O(n^2), n small.
 */
export function fluidCompletions(work: readonly number[], cap: readonly number[], capacity: number): number[] {
  const n = work.length;
  const left = work.slice();
  const done = new Array<number>(n).fill(0);
  const active: number[] = [];
  for (let i = 0; i < n; i++) if (left[i] > 0) active.push(i);
  let now = 0;
  const rate = new Array<number>(n).fill(0);
  while (active.length > 0) {
    waterFill(active, cap, capacity, rate);
    let dt = Infinity;
    for (const i of active) dt = Math.min(dt, left[i] / rate[i]);
    now += dt;
    for (let k = active.length - 1; k >= 0; k--) {
      const i = active[k];
      left[i] -= rate[i] * dt;
      // a relative tolerance: the flow that set dt ends exactly, others within rounding
      if (left[i] <= 1e-12 * work[i]) {
        done[i] = now;
        active.splice(k, 1);
      }
    }
  }
  return done;
}

/** Rates of the active flows: all at their caps if that fits, else an equal level capped per flow. */
function waterFill(active: readonly number[], cap: readonly number[], capacity: number, rate: number[]): void {
  const order = [...active].sort((a, b) => cap[a] - cap[b]);
  let remaining = capacity;
  for (let k = 0; k < order.length; k++) {
    const level = remaining / (order.length - k);
    const i = order[k];
    rate[i] = Math.min(cap[i], level);
    remaining -= rate[i];
  }
}

export interface Placement {
  job: JobProfile;
  platform: PlatformProfile;
  vcpus: number;
}

/** Path times and run time of each job when all run together on one host. */
export function runTogether(host: HostDevices, jobs: readonly Placement[]): { paths: PathTimes; time: number; demands: Demands }[] {
  const d = jobs.map((j) => demands(j.job, j.platform, host, j.vcpus));
  // CPU: each job's own work (capped by its cores) and its back-end thread (one core at most).
  const cpuWork = [...d.map((x) => x.cpu), ...d.map((x) => x.virtIo)];
  const cpuCap = [...d.map((x) => x.cpuCap), ...d.map(() => 1)];
  const cpuDone = fluidCompletions(cpuWork, cpuCap, host.cores);
  const diskDone = fluidCompletions(d.map((x) => x.disk), d.map(() => 1), 1);
  const nicDone = fluidCompletions(d.map((x) => x.nic), d.map(() => 1), 1);
  return d.map((x, i) => {
    const paths: PathTimes = { cpu: cpuDone[i], virtIo: cpuDone[d.length + i], disk: diskDone[i], nic: nicDone[i], latency: x.latency };
    return { paths, time: combine(paths, jobs[i].job.overlap), demands: x };
  });
}
