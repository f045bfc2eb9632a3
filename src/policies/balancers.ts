/**
 * Load-balancing policies of application tiers, keyed by their YAML names: pure
 * functions from the serving replicas (read-only views), the number of visits the
 * tier has routed so far and a named random stream, to the index of a replica.
 */
import type { Balancer } from '../model/apps/application.js';

/** Replicas in turn. */
export const roundRobin: Balancer = (replicas, turn) => turn % replicas.length;

/** The replica with the fewest visits in progress (holding a thread or queued); ties: the first. */
export const leastConnections: Balancer = (replicas) => {
  let best = 0;
  let load = replicas[0].inProgress;
  for (let i = 1; i < replicas.length; i++) {
    const l = replicas[i].inProgress;
    if (l < load) {
      load = l;
      best = i;
    }
  }
  return best;
};

/** Uniformly at random (the tier's stream `apps/<app>/<tier>/balancer`). */
export const randomReplica: Balancer = (replicas, _turn, random) => random.int(replicas.length);

export const BALANCERS = {
  'round-robin': roundRobin,
  'least-connections': leastConnections,
  random: randomReplica,
} as const satisfies Record<string, Balancer>;

export type BalancerName = keyof typeof BALANCERS;
