/**
 * Argument checks and the errors of the analytic solvers. The solvers are pure
 * math over numbers a caller derived from a scenario, so a bad number is bad input
 * (exit code 2), and an overloaded queue — no steady state to report — is its own
 * error class so a caller can catch it and print "unstable" instead.
 */
import { InputError } from '../errors.js';

/** A queue or station whose offered load reaches its capacity: no steady state exists. */
export class UnstableError extends InputError {
  constructor(message: string, readonly utilization: number) {
    super('E_UNSTABLE', message);
  }
}

function bad(what: string, value: unknown, expected: string): never {
  throw new InputError('E_QUEUE_PARAM', `${what} must be ${expected}, got ${String(value)}`);
}

/** A finite number >= 0. */
export function nonNegative(what: string, x: number): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) bad(what, x, 'a finite number >= 0');
  return x;
}

/** A finite number > 0. */
export function positive(what: string, x: number): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) bad(what, x, 'a finite number > 0');
  return x;
}

/** An integer >= min. */
export function integer(what: string, x: number, min: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min) bad(what, x, `an integer >= ${min}`);
  return x;
}

/** λ, μ and c of a queue, checked, with the offered load a = λ/μ in erlangs. */
export function queueParams(p: { lambda: number; mu: number; c: number }): { lambda: number; mu: number; c: number; a: number } {
  const lambda = nonNegative('arrival rate lambda', p.lambda);
  const mu = positive('service rate mu', p.mu);
  const c = integer('servers c', p.c, 1);
  return { lambda, mu, c, a: lambda / mu };
}
