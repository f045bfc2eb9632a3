import type { DistSpec } from '../engine/distribution.js';
import type { HostSpec, VmSpec } from '../model/specs.js';
import type { BrokerPolicy, WorkloadSpec } from '../workload/specs.js';

/** A host group of the datacenter: `count` hosts of one type. */
export interface HostGroup {
  type: string;
  count: number;
  spec: HostSpec;
}

/** Things that happen at a scenario-given time. */
export type Action =
  | { at: number; kind: 'create-vms'; vmType: string; spec: VmSpec; count: number; group: string }
  /** Destroys `count` running VMs of `group` (all when Infinity), newest first. */
  | { at: number; kind: 'destroy-vms'; group: string; count: number }
  | {
      at: number; kind: 'submit-tasks'; group: string; count: number;
      length: DistSpec; cores: DistSpec; broker: BrokerPolicy;
    }
  /** Host indices are 0-based positions in the datacenter's host list. */
  | { at: number; kind: 'fail-host'; hosts: number[] };

export type ActionKind = Action['kind'];

export interface MetricsSpec {
  /** Sampling interval of timeseries.csv, s. */
  interval: number;
  /** Per-host rows in timeseries.csv (datacenter rows are always written). */
  hosts: boolean;
  /** Per-VM rows in timeseries.csv. */
  vms: boolean;
  /** Write tasks.csv, one row per task. */
  tasks: boolean;
}

/** A validated scenario, every quantity in base units (s, MiB, Mbit/s, MIPS, MI, W). */
export interface ScenarioConfig {
  name: string;
  description: string;
  seed: number;
  /** Simulated time to stop at, s; Infinity = run until no event remains. */
  duration: number;
  metrics: MetricsSpec;
  hostTypes: Record<string, HostSpec>;
  vmTypes: Record<string, VmSpec>;
  datacenter: {
    /** Name of a placement policy in the registry (src/policies). */
    placement: string;
    /** CPU overcommit ratio for time-shared hosts, >= 1 (1 = none). */
    cpuOvercommit: number;
    hosts: HostGroup[];
  };
  actions: Action[];
  workloads: WorkloadSpec[];
}
