/**
 * Response-time distribution of the M/M/c FCFS queue, for checking simulated
 * percentiles. An arrival waits with probability C (Erlang C), and then for an
 * exponential time of rate θ = cμ − λ (Kleinrock, Queueing Systems vol. 1, 1975,
 * ch. 3): P(Wq > t) = C e^(−θt). Its response time adds its own exponential
 * service S of rate μ:
 *   P(T > t) = (1 − C) e^(−μt) + C · P(Exp(θ) + Exp(μ) > t)
 *   P(Exp(θ) + Exp(μ) > t) = e^(−μt) (1 + μ (1 − e^(−δt)) / δ),  δ = θ − μ
 * (→ e^(−μt)(1 + μt) as δ → 0; written with expm1 so that it does not cancel).
 * For c = 1 this is e^(−(μ−λ)t): M/M/1 FCFS response times are exponential.
 * Processor sharing has the same mean but another distribution: not this one.
 */
import { erlangC, mmc, type MmcParams } from './erlang.js';
import { InputError } from '../errors.js';
import { nonNegative } from './check.js';

/** P(Wq > t): the probability an arrival waits longer than t seconds for a server. */
export function mmcWaitTail(p: MmcParams, t: number): number {
  mmc(p); // checks the parameters and stability
  nonNegative('time t', t);
  return erlangC(p.c, p.lambda / p.mu) * Math.exp(-(p.c * p.mu - p.lambda) * t);
}

/** P(T > t): the probability a request spends more than t seconds in the system. */
export function mmcResponseTail(p: MmcParams, t: number): number {
  mmc(p);
  nonNegative('time t', t);
  const { lambda, mu, c } = p;
  const wait = erlangC(c, lambda / mu);
  const delta = c * mu - lambda - mu;
  const both = delta === 0 ? 1 + mu * t : 1 - (mu * Math.expm1(-delta * t)) / delta;
  return Math.exp(-mu * t) * (1 - wait + wait * both);
}

/**
 * The q-quantile of the response time (q = 0.95 for p95): the t with
 * P(T > t) = 1 − q, by bisection to double precision (the tail is decreasing).
 */
export function mmcResponseQuantile(p: MmcParams, q: number): number {
  if (typeof q !== 'number' || !(q > 0 && q < 1)) {
    throw new InputError('E_QUEUE_PARAM', `quantile q must be in (0, 1), got ${String(q)}`);
  }
  const target = 1 - q;
  let hi = 1 / p.mu;
  while (mmcResponseTail(p, hi) > target) hi *= 2;
  let lo = 0;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (mmcResponseTail(p, mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
