/**
 * Open product-form (Jackson) networks: Poisson arrivals at rate λ, each request
 * visiting station k V_k times on average, exponential service (or processor
 * sharing) of mean S_k per visit on c_k servers. Jackson's theorem (Operations
 * Research 5(4), 1957; Lazowska et al. 1984 ch. 6 for the V/S form) makes each
 * station an independent M/M/c_k queue with arrival rate λ_k = λ V_k, so per visit
 * the response time is that of M/M/c_k (erlang.ts), the residence time is V_k times
 * it, and the system response time their sum.
 */
import { InputError } from '../errors.js';
import { erlangC } from './erlang.js';
import { integer, nonNegative } from './check.js';
import { STATION_KINDS, type StationKind } from './network.js';

export interface OpenStation {
  name?: string;
  kind: StationKind;
  /** Mean visits per request V_k. */
  visits: number;
  /** Mean service time per visit S_k (seconds). */
  serviceTime: number;
  /** Servers of a `multi` station. */
  servers?: number;
}

export interface OpenNetwork {
  /** Request arrival rate λ (per second). */
  lambda: number;
  stations: readonly OpenStation[];
}

export interface OpenStationResult {
  name: string;
  /** λ V_k: visits per second. */
  arrivalRate: number;
  /** λ V_k S_k / c_k: fraction of time each server is busy (0 for a delay station). */
  utilization: number;
  /** Probability a visit waits for a server (Erlang C; 0 for a delay station). */
  pWait: number;
  /** Mean wait before service per visit (seconds). */
  waitPerVisit: number;
  /** Mean response time per visit, wait + S_k (seconds). */
  responsePerVisit: number;
  /** V_k × responsePerVisit: time per request at this station (seconds). */
  residenceTime: number;
  /** Mean number at the station, waiting or in service (λ × residence, Little). */
  queueLength: number;
}

export interface OpenResult {
  /** False when some station has utilization >= 1; its values, and the system's, are then Infinity. */
  stable: boolean;
  /** The stations with utilization >= 1. */
  unstable: { index: number; name: string; utilization: number }[];
  /** Completed requests per second: λ when stable. */
  throughput: number;
  /** Σ residence times (seconds). */
  responseTime: number;
  /** Mean requests in the network, λ × responseTime. */
  meanInSystem: number;
  stations: OpenStationResult[];
}

export function jackson(net: OpenNetwork): OpenResult {
  if (!net || !Array.isArray(net.stations)) {
    throw new InputError('E_QUEUE_PARAM', 'an open network needs a list of stations');
  }
  const lambda = nonNegative('arrival rate lambda', net.lambda);
  const unstable: OpenResult['unstable'] = [];
  const stations = net.stations.map((s, index): OpenStationResult => {
    const name = s.name ?? `station ${index}`;
    if (!STATION_KINDS.includes(s.kind)) {
      throw new InputError('E_QUEUE_PARAM', `${name}: kind must be one of ${STATION_KINDS.join(', ')}, got ${String(s.kind)}`);
    }
    const visits = nonNegative(`${name}: visits`, s.visits);
    const service = nonNegative(`${name}: serviceTime`, s.serviceTime);
    const arrivalRate = lambda * visits;
    const offered = arrivalRate * service; // erlangs
    if (s.kind === 'delay' || offered === 0) {
      const residence = visits * service;
      return {
        name, arrivalRate, utilization: 0, pWait: 0, waitPerVisit: 0,
        responsePerVisit: service, residenceTime: residence, queueLength: lambda * residence,
      };
    }
    const c = s.kind === 'multi' ? integer(`${name}: servers`, s.servers as number, 1) : 1;
    if (s.kind === 'queue' && s.servers !== undefined && s.servers !== 1) {
      throw new InputError('E_QUEUE_PARAM', `${name}: a queue station has 1 server (got servers ${s.servers}); use kind multi for more`);
    }
    const utilization = offered / c;
    if (offered >= c) {
      unstable.push({ index, name, utilization });
      return {
        name, arrivalRate, utilization, pWait: 1, waitPerVisit: Infinity,
        responsePerVisit: Infinity, residenceTime: Infinity, queueLength: Infinity,
      };
    }
    // M/M/c with μ = 1/S: Wq = C(c, a) / (cμ − λ_k) = C · S / (c − a).
    const pWait = erlangC(c, offered);
    const wait = (pWait * service) / (c - offered);
    const response = wait + service;
    return {
      name, arrivalRate, utilization, pWait, waitPerVisit: wait,
      responsePerVisit: response, residenceTime: visits * response, queueLength: arrivalRate * response,
    };
  });
  const stable = unstable.length === 0;
  const responseTime = stable ? stations.reduce((sum, s) => sum + s.residenceTime, 0) : Infinity;
  return {
    stable,
    unstable,
    throughput: lambda,
    responseTime,
    meanInSystem: stable ? lambda * responseTime : Infinity,
    stations,
  };
}
