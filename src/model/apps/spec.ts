/**
 * Plain-data description of a multi-tier application, in base units: CPU work in
 * MI, disk and network amounts in Mbit, times in seconds. The scenario layer turns
 * YAML (`cpu: 20ms`, `disk: 64KB`) into these.
 */
import type { DistSpec } from '../../engine/distribution.js';
import type { VmSpec } from '../specs.js';

export interface TierSpec {
  name: string;
  /** VM type of every replica. */
  vmType: string;
  vm: VmSpec;
  /** Replicas requested at time 0. */
  replicas: number;
  /** Worker threads per replica (Infinity: unlimited). */
  threads: number;
  /** Visits waiting for a thread, per replica, beyond which a visit is rejected (Infinity: no limit). */
  queueLimit: number;
  /** Connections per replica for its downstream calls (Infinity: unlimited). */
  connections: number;
  /** Name of a load-balancing policy (src/policies/balancers.ts). */
  balancer: string;
}

/** One step of a request class's call chain. */
export interface HopSpec {
  /** Index of the tier in AppModelSpec.tiers. */
  tier: number;
  /** CPU work per visit, MI. */
  cpu: DistSpec;
  /** Disk transfer per visit, Mbit (served at the VM's disk bandwidth); undefined: none. */
  disk?: DistSpec;
  /** Network transfer per visit, Mbit (served at the VM's bandwidth); undefined: none. */
  network?: DistSpec;
  /**
   * Calls to this hop per visit of the previous hop (mean; a fractional part is a
   * Bernoulli draw). The first hop is visited once per request.
   */
  visits: number;
}

export interface ClassSpec {
  name: string;
  /** Share of the requests (relative to the other classes' weights). */
  weight: number;
  route: HopSpec[];
}

export interface AppModelSpec {
  name: string;
  tiers: TierSpec[];
  classes: ClassSpec[];
  /** Statistics cover [warmup, end of run]. */
  warmup: number;
}
