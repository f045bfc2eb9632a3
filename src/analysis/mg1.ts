/**
 * M/G/1 means: Poisson arrivals, general service times, one server.
 *
 * FCFS: the Pollaczek–Khinchine mean-value formula (Kleinrock, Queueing Systems
 * vol. 1, 1975, ch. 5): Wq = λ E[S²] / (2(1 − ρ)) = ρ E[S] (1 + scv) / (2(1 − ρ)),
 * with scv = Var[S] / E[S]² the squared coefficient of variation (1 exponential, 0
 * deterministic).
 * Processor sharing: W = E[S] / (1 − ρ) whatever the distribution beyond its mean
 * (Kleinrock vol. 2, 1976, ch. 4): the insensitivity a PS simulation must show.
 */
import { UnstableError, nonNegative, positive } from './check.js';
import { queueMeans, type QueueMeans } from './erlang.js';

export interface Mg1Params {
  /** Arrival rate λ (per second). */
  lambda: number;
  /** Mean service time E[S] (seconds). */
  meanService: number;
  /** Squared coefficient of variation of the service time, Var[S] / E[S]². */
  scv: number;
}

function load(p: { lambda: number; meanService: number }, what: string): number {
  const lambda = nonNegative('arrival rate lambda', p.lambda);
  const s = positive('mean service time', p.meanService);
  const rho = lambda * s;
  if (rho >= 1) throw new UnstableError(`${what} with lambda ${lambda}/s and mean service ${s} s: utilization ${rho} >= 1, no steady state`, rho);
  return rho;
}

/** M/G/1 FCFS (Pollaczek–Khinchine). pWait = ρ: Poisson arrivals see time averages. */
export function mg1(p: Mg1Params): QueueMeans {
  const rho = load(p, 'M/G/1');
  const scv = nonNegative('service scv', p.scv);
  const meanWait = (rho * p.meanService * (1 + scv)) / (2 * (1 - rho));
  return queueMeans(p.lambda, rho, rho, meanWait, meanWait + p.meanService);
}

/**
 * M/G/1 processor sharing: W = E[S] / (1 − ρ), L = ρ / (1 − ρ). pWait is the
 * probability an arrival shares the server (ρ); meanWait the time beyond E[S] and
 * meanInQueue = L − ρ, the PS counterparts of waiting.
 */
export function mg1ps(p: { lambda: number; meanService: number }): QueueMeans {
  const rho = load(p, 'M/G/1-PS');
  const meanResponse = p.meanService / (1 - rho);
  return queueMeans(p.lambda, rho, rho, meanResponse - p.meanService, meanResponse);
}
