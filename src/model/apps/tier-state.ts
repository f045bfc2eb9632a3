import type { Stream } from '../../engine/random.js';
import type { IntQueue } from './int-queue.js';
import type { Replica, ReplicaView } from './replica.js';
import type { TierSpec } from './spec.js';

/** Picks one of the serving replicas (an index into `replicas`, which is never empty). */
export type Balancer = (replicas: readonly ReplicaView[], turn: number, random: Stream) => number;

/** The random streams and policies an application draws on, named by the run layer. */
export interface AppContext {
  stream(name: string): Stream;
  balancer(tier: TierSpec): Balancer;
  /** Called when a request ends: `ok` false when it was rejected. */
  onRequestEnd(user: number, ok: boolean): void;
}

export interface TierState {
  readonly spec: TierSpec;
  /** Replicas taking new visits, in start order. */
  serving: Replica[];
  /** Every replica the tier ever had. */
  all: Replica[];
  /** Visits that arrived while no replica was serving. */
  readonly backlog: IntQueue;
  turn: number;
  readonly balance: Balancer;
  readonly random: Stream;
}
