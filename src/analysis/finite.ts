/**
 * M/M/c/K: c servers and room for K requests in all (K − c waiting); an arrival
 * finding K present is turned away. A replica with c worker threads and a queue
 * limit of q is M/M/c/(c + q) when arrivals are Poisson and service exponential
 * (or c cores shared by processor sharing: the same birth-death chain).
 *
 * p_n ∝ a^n / n! for n <= c and a^c / c! · ρ^(n − c) above (Kleinrock, Queueing
 * Systems vol. 1, 1975, ch. 3; Gross and Harris, Fundamentals of Queueing Theory,
 * M/M/c/K). Stable for any load: capacity bounds the queue.
 */
import { InputError } from '../errors.js';
import type { QueueMeans } from './erlang.js';
import { integer, queueParams } from './check.js';

export interface MmckParams {
  lambda: number;
  mu: number;
  c: number;
  /** K: the most requests present at once, in service or waiting (>= c). */
  capacity: number;
}

export interface FiniteQueueMeans extends QueueMeans {
  /** Probability an arrival is turned away (finds K present). */
  blocking: number;
  /** Accepted (and completed) requests per second, λ(1 − blocking). */
  throughput: number;
}

/**
 * Means of M/M/c/K. Times and pWait are those of accepted requests (W = L / throughput
 * by Little); utilization is throughput / (cμ).
 */
export function mmck(p: MmckParams): FiniteQueueMeans {
  const { lambda, mu, c, a } = queueParams(p);
  const k = integer('capacity', p.capacity, 1);
  if (k < c) throw new InputError('E_QUEUE_PARAM', `capacity ${k} is below the ${c} servers: it counts requests in service too`);
  // Logs of the unnormalized p_n, shifted by their maximum before exponentiating:
  // a^c / c! overflows for a beyond ~700 erlangs.
  const logs = new Float64Array(k + 1);
  let top = 0;
  for (let n = 1; n <= k; n++) {
    logs[n] = logs[n - 1] + Math.log(a / Math.min(n, c)); // -Infinity when a = 0
    if (logs[n] > top) top = logs[n];
  }
  let sum = 0, l = 0, lq = 0, waiting = 0;
  for (let n = 0; n <= k; n++) {
    const w = Math.exp(logs[n] - top);
    sum += w;
    l += n * w;
    if (n > c) lq += (n - c) * w;
    if (n >= c && n < k) waiting += w;
  }
  const blocking = Math.exp(logs[k] - top) / sum;
  const throughput = lambda * (1 - blocking);
  const meanInSystem = l / sum, meanInQueue = lq / sum;
  // With no arrivals nothing is ever present: the Little ratios are the empty-system values.
  const meanResponse = throughput > 0 ? meanInSystem / throughput : 1 / mu;
  const meanWait = throughput > 0 ? meanInQueue / throughput : 0;
  return {
    utilization: throughput / (c * mu),
    pWait: blocking < 1 ? waiting / sum / (1 - blocking) : 1,
    meanWait,
    meanResponse,
    meanInSystem,
    meanInQueue,
    blocking,
    throughput,
  };
}
