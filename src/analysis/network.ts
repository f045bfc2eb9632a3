/**
 * Stations of a closed queueing network, as MVA and the bounds take them, and
 * their checks.
 */
import { InputError } from '../errors.js';
import { integer, nonNegative } from './check.js';

/**
 * `queue`: one server, processor sharing or FCFS with exponential service (the two
 * have the same product-form solution). `delay`: infinite servers (no waiting;
 * think time, a network hop). `multi`: c identical servers sharing one queue (FCFS
 * exponential, or c cores shared by processor sharing: the same birth-death chain).
 */
export type StationKind = 'queue' | 'delay' | 'multi';
export const STATION_KINDS: readonly StationKind[] = ['queue', 'delay', 'multi'];

export interface Station {
  name?: string;
  kind: StationKind;
  /** Service demand D = V·S: seconds of service a request needs here over all its visits. */
  demand: number;
  /** Servers c of a `multi` station (an integer >= 1); a `queue` has 1, a `delay` unlimited. */
  servers?: number;
}

export interface ClosedNetwork {
  stations: readonly Station[];
  /** Think time Z: mean seconds a user spends outside the stations between requests. */
  thinkTime: number;
}

/** A station with its defaults filled in: servers is Infinity for a delay station. */
export interface ResolvedStation {
  name: string;
  kind: StationKind;
  demand: number;
  servers: number;
}

export function resolveNetwork(net: ClosedNetwork): { stations: ResolvedStation[]; thinkTime: number } {
  if (!net || !Array.isArray(net.stations)) {
    throw new InputError('E_QUEUE_PARAM', 'a closed network needs a list of stations');
  }
  const thinkTime = nonNegative('think time Z', net.thinkTime);
  let total = thinkTime;
  const stations = net.stations.map((s, i): ResolvedStation => {
    const name = s.name ?? `station ${i}`;
    if (!STATION_KINDS.includes(s.kind)) {
      throw new InputError('E_QUEUE_PARAM', `${name}: kind must be one of ${STATION_KINDS.join(', ')}, got ${String(s.kind)}`);
    }
    const demand = nonNegative(`${name}: demand`, s.demand);
    total += demand;
    let servers = 1;
    if (s.kind === 'delay') servers = Infinity;
    else if (s.kind === 'multi') servers = integer(`${name}: servers`, s.servers as number, 1);
    else if (s.servers !== undefined && s.servers !== 1) {
      throw new InputError('E_QUEUE_PARAM', `${name}: a queue station has 1 server (got servers ${s.servers}); use kind multi for more`);
    }
    return { name, kind: s.kind, demand, servers };
  });
  if (total <= 0) {
    throw new InputError('E_QUEUE_PARAM', 'the think time and every demand are 0: a request would cycle in no time');
  }
  return { stations, thinkTime };
}
