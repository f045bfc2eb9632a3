import type { DistSpec } from '../engine/distribution.js';
import type { HostSpec, VmSpec } from '../model/specs.js';
import type { VirtualizationSpec } from '../model/virt/experiment.js';
import type { ProvisioningSpec } from '../model/provision/spec.js';
import type { BrokerPolicy, WorkloadSpec } from '../workload/specs.js';
import type { AppModelSpec } from '../model/apps/spec.js';
import type { AutoscaleRule } from '../policies/autoscale.js';
import type { AppWorkloadSpec } from '../workload/app-arrivals.js';

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

/** Where the CPU utilization traces of trace-driven VMs come from. */
export type TraceSource =
  /** A PlanetLab day folder (one file per VM, 288 CPU percentages at 5-minute steps). */
  | { kind: 'planetlab'; folder: string; order?: string }
  /** A CSV file with columns time_s, vm, cpu_pct. */
  | { kind: 'csv'; file: string }
  /** Seeded synthetic PlanetLab-like traces (stream `traces`). */
  | { kind: 'synthetic'; count: number; samples: number; step: number };

/** VMs whose CPU demand follows utilization traces: one VM per trace. */
export interface TraceVmsSpec {
  source: TraceSource;
  /**
   * VM types, assigned in contiguous blocks of ceil(N / types.length) VMs: the first
   * block gets the first type (CloudSim's rule for the PlanetLab experiment).
   */
  types: string[];
  specs: VmSpec[];
}

export const OVERLOAD_NAMES = ['thr', 'iqr', 'mad', 'lr', 'lrr'] as const;
export const SELECTION_NAMES = ['mmt', 'mc', 'mu', 'rs'] as const;

export type MigrationModelSpec =
  /** CloudSim's: RAM / (half the destination's bandwidth); 10% CPU lost on the source. */
  | { model: 'cloudsim' }
  /**
   * Iterative pre-copy: rounds resend the memory dirtied during the previous round,
   * until what is left fits the downtime target, or after maxRounds rounds or
   * maxFactor x RAM sent; then a stop-and-copy pause.
   */
  | { model: 'precopy'; dirtyRate: number; downtime: number; maxRounds: number; maxFactor: number };

export interface ConsolidationSpec {
  /** Scheduling interval, s. */
  interval: number;
  /**
   * `migration`: dynamic consolidation (overload, selection, placement, underload);
   * `dvfs`: power follows load, no migration; `none`: hosts always at full power (NPA).
   */
  powerManagement: 'migration' | 'dvfs' | 'none';
  overload: { policy: (typeof OVERLOAD_NAMES)[number]; param: number };
  selection: (typeof SELECTION_NAMES)[number];
  migration: MigrationModelSpec;
  /**
   * Host power states (dcsim's model): W drawn when off; an emptied host idles
   * `shutdownTime` s before it is off; one that is off boots for `bootTime` s at
   * `bootPower` W (undefined: its full power) before it can receive a VM.
   */
  hostPower: { standby: number; bootTime: number; bootPower?: number; shutdownTime: number };
}

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
  /**
   * `dcsim`: dcsim's own model. `cloudsim`: reproduce CloudSim 3.0.3's consolidation
   * experiment, its quirks included (see README, "CloudSim compatibility").
   */
  compat: 'dcsim' | 'cloudsim';
  /** Trace-driven VMs for consolidation experiments. */
  traceVms?: TraceVmsSpec;
  consolidation?: ConsolidationSpec;
  datacenter: {
    /** Name of a placement policy in the registry (src/policies). */
    placement: string;
    /** `grouped`: host groups one after another; `interleaved`: one host of each group in turn. */
    layout: 'grouped' | 'interleaved';
    /** CPU overcommit ratio for time-shared hosts, >= 1 (1 = none). */
    cpuOvercommit: number;
    hosts: HostGroup[];
  };
  actions: Action[];
  workloads: WorkloadSpec[];
  /** Virtualization experiment (platforms x jobs on one host); the scenario then runs only that. */
  virtualization?: VirtualizationSpec;
  /** Provisioning experiment (requests through an IaaS manager's pipeline); the scenario then runs only that. */
  provisioning?: ProvisioningSpec;
  /** Multi-tier applications (section `applications`). */
  applications?: ApplicationSpec[];
}

/** A multi-tier application: its tiers and request classes, what drives it, how its tiers scale. */
export interface ApplicationSpec {
  model: AppModelSpec;
  workload: AppWorkloadSpec;
  /** Per tier, in model.tiers order: its autoscaling rule, if any. */
  autoscale: (AutoscaleRule | undefined)[];
}
