/**
 * Erlang's formulas and the M/M/c queue.
 *
 * Sources: Kleinrock, Queueing Systems vol. 1 (1975), ch. 3 (M/M/m with Erlang's
 * C formula, M/M/m/m with his B formula); the recurrence for B is the one of
 * teletraffic engineering (ITU-D/ITC Teletraffic Engineering Handbook, ch. 4), and
 * C = B / (1 − ρ(1 − B)) follows from writing both as sums of a^k/k!.
 */
import { UnstableError, integer, nonNegative, queueParams } from './check.js';

/**
 * Erlang B: the probability that an arrival to c servers with no waiting room,
 * offered a = λ/μ erlangs, finds them all busy (and is lost). Insensitive to the
 * service-time distribution beyond its mean.
 *
 * B(0, a) = 1 and B(k, a) = a·B(k−1, a) / (k + a·B(k−1, a)): every term is a ratio of
 * positive numbers, so it neither overflows (a^c/c! would at c ≈ 170) nor cancels,
 * and it costs O(c). A B that underflows to 0 stays 0, which is its value to double
 * precision.
 */
export function erlangB(c: number, a: number): number {
  integer('servers c', c, 0);
  nonNegative('offered load a', a);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/**
 * Erlang C: the probability that an arrival to an M/M/c queue offered a = λ/μ
 * erlangs has to wait (all c servers busy). Needs a < c; at a >= c the queue grows
 * without bound and this throws UnstableError.
 *
 * From B through C = B / (1 − ρ(1 − B)), ρ = a/c: again no large powers or
 * factorials, and the denominator is >= 1 − ρ > 0.
 */
export function erlangC(c: number, a: number): number {
  integer('servers c', c, 1);
  nonNegative('offered load a', a);
  if (a >= c) {
    throw new UnstableError(`offered load ${a} erlangs on ${c} servers: utilization ${a / c} >= 1, the queue has no steady state`, a / c);
  }
  const b = erlangB(c, a);
  return b / (1 - (a / c) * (1 - b));
}

/** Steady-state means of a single queue; times in the unit of 1/μ (seconds in dcsim). */
export interface QueueMeans {
  /** ρ = λ/(cμ): the fraction of time each server is busy. */
  utilization: number;
  /** Probability an arrival waits (FCFS: finds every server busy). */
  pWait: number;
  /** Mean time in queue before service, Wq. */
  meanWait: number;
  /** Mean response (sojourn) time, W = Wq + 1/μ. */
  meanResponse: number;
  /** Mean number in the system, L = λW (Little). */
  meanInSystem: number;
  /** Mean number waiting, Lq = λWq (Little). */
  meanInQueue: number;
}

export interface MmcParams {
  /** Arrival rate λ (per second). */
  lambda: number;
  /** Service rate μ of one server (per second): mean service time 1/μ. */
  mu: number;
  /** Number of servers c. */
  c: number;
}

/**
 * M/M/c (FCFS): Wq = C(c, a) / (cμ − λ), W = Wq + 1/μ. Throws UnstableError when
 * ρ = λ/(cμ) >= 1.
 *
 * The same means hold for c servers shared by processor sharing (each of n jobs
 * served at rate μ·min(1, c/n)): the number in system is the same birth-death
 * process (rate min(n, c)·μ in state n), so L and, by Little, W are equal; only
 * pWait and Wq, which describe FCFS waiting, have no PS meaning.
 */
export function mmc(p: MmcParams): QueueMeans {
  const { lambda, mu, c, a } = queueParams(p);
  if (a >= c) {
    throw new UnstableError(
      `M/M/${c} with lambda ${lambda}/s and mu ${mu}/s: utilization ${a / c} >= 1, the queue has no steady state`,
      a / c,
    );
  }
  const pWait = erlangC(c, a);
  const meanWait = pWait / (c * mu - lambda);
  return queueMeans(lambda, a / c, pWait, meanWait, meanWait + 1 / mu);
}

/** Completes a QueueMeans with the numbers in system and in queue by Little's law. */
export function queueMeans(lambda: number, utilization: number, pWait: number, meanWait: number, meanResponse: number): QueueMeans {
  return { utilization, pWait, meanWait, meanResponse, meanInSystem: lambda * meanResponse, meanInQueue: lambda * meanWait };
}

/** M/M/1 (FCFS): W = 1/(μ − λ). */
export function mm1(p: { lambda: number; mu: number }): QueueMeans {
  return mmc({ lambda: p.lambda, mu: p.mu, c: 1 });
}

/**
 * M/M/1 with processor sharing. Its mean response time is the FCFS one,
 * W = 1/(μ − λ): the number in system is the same birth-death chain either way
 * (and for PS the mean holds for any service distribution: Kleinrock, Queueing
 * Systems vol. 2, 1976, ch. 4 on time-shared systems).
 * pWait is the probability an arrival finds the server busy and shares it; meanWait
 * is the extra time over being served alone, W − 1/μ.
 */
export function mm1ps(p: { lambda: number; mu: number }): QueueMeans {
  return mm1(p);
}

/** An M/M/c/c loss system (Erlang's loss model). */
export interface LossMeans {
  /** Probability an arrival is turned away: Erlang B. */
  blocking: number;
  /** Accepted rate λ(1 − B). */
  throughput: number;
  /** Mean busy servers = mean number in system, a(1 − B). */
  meanInSystem: number;
  /** Fraction of time each server is busy, a(1 − B)/c. */
  utilization: number;
}

/**
 * M/M/c/c (also M/G/c/c: the result depends on the service time only through its
 * mean). Always stable: arrivals finding c busy servers are lost.
 */
export function erlangLoss(p: MmcParams): LossMeans {
  const { lambda, c, a } = queueParams(p);
  const blocking = erlangB(c, a);
  const carried = a * (1 - blocking);
  return { blocking, throughput: lambda * (1 - blocking), meanInSystem: carried, utilization: carried / c };
}
