/**
 * Plain-data specifications of the datacenter's parts, in dcsim's base units:
 * time in seconds, memory and storage in MiB, bandwidth in Mbit/s, CPU speed in
 * MIPS per core, task length in million instructions (MI) per core, power in watts.
 * The scenario layer turns human units ("4GiB", "1Gbps", "5m") into these.
 */

/**
 * Power drawn by a host as a function of its CPU utilization u in [0, 1].
 * `linear`, `square`, `cubic`, `sqrt`: idle + (max - idle) x f(u) with f(u) = u, u^2,
 * u^3, sqrt(u) (CloudSim's PowerModelLinear, Square, Cubic, Sqrt).
 * `table` is what SPECpower publishes: watts at 0%, 10%, ..., 100% load (11 values),
 * interpolated linearly between the 10% points.
 */
export type PowerSpec =
  | { model: 'linear' | 'square' | 'cubic' | 'sqrt'; idle: number; max: number }
  | { model: 'table'; watts: number[] };

export type CpuScheduling = 'time-shared' | 'space-shared';

export interface HostSpec {
  /** Name of the host type this host was made from (for reports). */
  type: string;
  cores: number;
  /** MIPS of one core. */
  mips: number;
  /** MiB */
  ram: number;
  /** Mbit/s */
  bw: number;
  /** Disk bandwidth, Mbit/s; Infinity when not limited. VMs reserve it like network bandwidth. */
  diskBw: number;
  /** MiB */
  storage: number;
  power: PowerSpec;
  /**
   * How the host divides its cores among VMs. `time-shared`: VMs share the cores'
   * MIPS (processor sharing; may be overcommitted by the datacenter's CPU ratio).
   * `space-shared`: each vCPU holds a whole core; never overcommitted.
   */
  vmScheduler: CpuScheduling;
}

export interface VmSpec {
  /** Name of the VM type (for reports). */
  type: string;
  vcpus: number;
  /** MIPS of one vCPU: the most one vCPU can run, even on an idle host. */
  mips: number;
  /** MiB */
  ram: number;
  /** Mbit/s */
  bw: number;
  /** Disk bandwidth reserved on the host, Mbit/s. */
  diskBw: number;
  /** Image size, MiB (taken from the host's storage). */
  image: number;
  /** Seconds from placement to running. */
  bootTime: number;
  /**
   * How the VM divides its vCPUs among its tasks. `time-shared`: processor sharing
   * (every running task progresses; no task faster than its cores allow).
   * `space-shared`: a task holds whole vCPUs; the rest queue in FIFO order.
   */
  taskScheduler: CpuScheduling;
}
