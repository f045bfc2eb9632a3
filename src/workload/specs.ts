import type { DistSpec } from '../engine/distribution.js';
import type { BrokerName } from '../model/datacenter.js';

/** How a task is given to one of a group's running VMs. */
export type BrokerPolicy = BrokerName;
export const BROKER_POLICIES: readonly BrokerPolicy[] = ['round-robin', 'least-loaded', 'random'];

interface WorkloadBase {
  name: string;
  /** VM group the tasks go to; '*' means every VM. */
  group: string;
  broker: BrokerPolicy;
}

/**
 * An open stream of tasks: arrivals with the given inter-arrival distribution from
 * `start` until `stop` (or until `count` tasks have arrived).
 */
export interface GeneratedWorkload extends WorkloadBase {
  kind: 'generated';
  /** s */
  start: number;
  /** s; Infinity when absent */
  stop: number;
  /** Infinity when absent */
  count: number;
  /** s */
  interarrival: DistSpec;
  /** MI per core */
  length: DistSpec;
  /** Cores per task (a drawn value is rounded to the nearest integer, at least 1). */
  cores: DistSpec;
}

/** Tasks read from a CSV file (`submit_s,length_mi,cores`), sorted by submit time. */
export interface TaskTrace {
  submit: Float64Array;
  length: Float64Array;
  cores: Uint16Array;
}

export interface TraceWorkload extends WorkloadBase {
  kind: 'trace';
  /** Path of the CSV file, as resolved against the scenario file's folder. */
  file: string;
  tasks: TaskTrace;
}

export type WorkloadSpec = GeneratedWorkload | TraceWorkload;
