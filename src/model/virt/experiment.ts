/**
 * One job on one platform: its instances share the host (contention.ts), and the
 * job's figure is reported as a time, a rate or a per-round-trip latency.
 */
import { runTogether } from './contention.js';
import type { HostDevices, JobProfile, PathTimes } from './job.js';
import type { PlatformProfile } from './profile.js';

export type JobReport = 'time' | 'rate' | 'latency';
export const JOB_REPORTS: readonly JobReport[] = ['time', 'rate', 'latency'];

export interface VirtJob extends JobProfile {
  /** Instances on the host (for memory: each holds the instance size plus the platform's footprint). */
  instances: number;
  /** How many of them run a copy of the job at the same time (sharing the host). */
  copies: number;
  /** `time`: s per copy; `rate`: work units per second over all copies; `latency`: µs per round trip. */
  report: JobReport;
  /** Work units one copy does (for `rate`). */
  work: number;
  /** Name of the work unit (for the CSV), e.g. "transactions". */
  unit: string;
}

export interface JobOutcome {
  time: number;
  paths: PathTimes;
  /** The reported figure (see VirtJob.report). */
  value: number;
}

export function runJob(job: VirtJob, p: PlatformProfile, host: HostDevices, vcpus: number): JobOutcome {
  const placements = Array.from({ length: job.copies }, () => ({ job, platform: p, vcpus }));
  const r = runTogether(host, placements);
  // Identical copies finish together; report the slowest to be safe against rounding.
  let worst = r[0];
  for (const x of r) if (x.time > worst.time) worst = x;
  const value =
    job.report === 'time' ? worst.time
    : job.report === 'rate' ? (job.work * job.copies) / worst.time
    : (worst.time / job.roundTrips) * 1e6;
  return { time: worst.time, paths: worst.paths, value };
}

/** A scenario's virtualization experiment: jobs on one host under each platform. */
export interface VirtualizationSpec {
  /** Platforms compared, in order; each names a profile below. */
  platforms: string[];
  /** Profiles of the platforms (shipped, overridden or defined by the scenario). */
  profiles: Record<string, PlatformProfile>;
  /** The platform ratios are relative to. */
  baseline: string;
  hostOs: string;
  guestOs: string;
  /** The host (the datacenter's first host type) and its devices. */
  host: HostDevices & { type: string; ramMib: number };
  /** The instance size (a vm type). */
  instance: { type: string; vcpus: number; ramMib: number };
  jobs: VirtJob[];
  /** Density by memory and the start-up of a burst of instances on the datacenter's hosts. */
  burst?: { count: number; hosts: { ramMib: number; diskMbps: number }[] };
}
