import { describe, expect, it } from 'vitest';
import { mmcResponseQuantile, mmcResponseTail, mmcWaitTail } from '../../src/analysis/quantile.js';
import { mmc } from '../../src/analysis/erlang.js';
import { UnstableError } from '../../src/analysis/check.js';
import { birthDeath } from './ctmc.js';

function rel(x: number, y: number): number {
  return Math.abs(x - y) / Math.abs(y);
}

/** P(Erlang(k, r) > t) = e^(−rt) Σ_{i<k} (rt)^i / i!. */
function erlangTail(k: number, r: number, t: number): number {
  let term = Math.exp(-r * t), sum = 0;
  for (let i = 0; i < k; i++) {
    sum += term;
    term *= (r * t) / (i + 1);
  }
  return sum;
}

describe('M/M/c FCFS response-time distribution', () => {
  it('M/M/1: exponential of rate μ − λ, so p95 = ln 20 / (μ − λ)', () => {
    const p = { lambda: 0.9, mu: 1, c: 1 };
    for (const q of [0.5, 0.95, 0.99]) expect(rel(mmcResponseQuantile(p, q), -Math.log(1 - q) / 0.1)).toBeLessThan(1e-12);
    expect(rel(mmcResponseTail(p, 7), Math.exp(-0.7))).toBeLessThan(1e-13);
  });

  it('P(Wq > t) equals the wait seen from a direct birth-death solution: Σ_n π_n P(Erlang(n − c + 1, cμ) > t)', () => {
    for (const [c, rho] of [[2, 0.5], [8, 0.9], [64, 0.7]]) {
      const mu = 1.3, lambda = rho * c * mu;
      const { pi } = birthDeath(lambda, mu, c, c + 400);
      for (const t of [0, 0.1, 1, 5]) {
        let ref = 0;
        for (let n = c; n < pi.length; n++) ref += pi[n] * erlangTail(n - c + 1, c * mu, t);
        expect(Math.abs(mmcWaitTail({ lambda, mu, c }, t) - ref)).toBeLessThan(1e-9 * ref + 1e-13);
      }
    }
  });

  it('integrates to the mean response time (Simpson, c = 2, 8, 64; ρ = 0.5, 0.9)', () => {
    for (const c of [2, 8, 64]) {
      for (const rho of [0.5, 0.9]) {
        const mu = 2, lambda = rho * c * mu, p = { lambda, mu, c };
        const upper = 45 / Math.min(mu, c * mu - lambda), steps = 20_000, h = upper / steps;
        let s = mmcResponseTail(p, 0) + mmcResponseTail(p, upper);
        for (let i = 1; i < steps; i++) s += (i % 2 ? 4 : 2) * mmcResponseTail(p, i * h);
        expect(rel((s * h) / 3, mmc(p).meanResponse)).toBeLessThan(1e-9);
      }
    }
  });

  it('the quantile inverts the tail; θ = μ is continuous', () => {
    const p = { lambda: 6, mu: 1, c: 8 };
    for (const q of [0.5, 0.9, 0.95, 0.99, 0.999]) expect(mmcResponseTail(p, mmcResponseQuantile(p, q))).toBeCloseTo(1 - q, 12);
    // c = 2, μ = 2, λ = 2: θ = 4 − 2 = μ.
    const at = mmcResponseTail({ lambda: 2, mu: 2, c: 2 }, 3);
    expect(rel(at, mmcResponseTail({ lambda: 2 + 1e-7, mu: 2, c: 2 }, 3))).toBeLessThan(1e-6);
    expect(mmcResponseTail({ lambda: 2, mu: 2, c: 2 }, 0)).toBe(1);
  });

  it('rejects q outside (0, 1) and unstable queues', () => {
    expect(() => mmcResponseQuantile({ lambda: 1, mu: 2, c: 1 }, 1)).toThrow(expect.objectContaining({ code: 'E_QUEUE_PARAM' }));
    expect(() => mmcResponseQuantile({ lambda: 1, mu: 2, c: 1 }, 0)).toThrow(/\(0, 1\)/);
    expect(() => mmcResponseTail({ lambda: 4, mu: 2, c: 2 }, 1)).toThrow(UnstableError);
  });
});
