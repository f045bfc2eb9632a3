import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, erlangLoss, mm1, mm1ps, mmc } from '../../src/analysis/erlang.js';
import { UnstableError } from '../../src/analysis/check.js';
import { DcsimError } from '../../src/errors.js';
import { birthDeath } from './ctmc.js';

/** a^k / k! summed for k = 0..c, term by term (no factorial overflow for c <= 150). */
function poissonTerms(c: number, a: number): number[] {
  const t = [1];
  for (let k = 1; k <= c; k++) t.push((t[k - 1] * a) / k);
  return t;
}

/** Erlang B and C from their defining sums (Kleinrock vol. 1, ch. 3). */
function directB(c: number, a: number): number {
  const t = poissonTerms(c, a);
  return t[c] / t.reduce((s, x) => s + x, 0);
}
function directC(c: number, a: number): number {
  const t = poissonTerms(c, a);
  const tail = (t[c] * c) / (c - a);
  return tail / (t.slice(0, c).reduce((s, x) => s + x, 0) + tail);
}

function rel(x: number, y: number): number {
  return Math.abs(x - y) / Math.abs(y);
}

describe('Erlang B', () => {
  it('small cases by hand: B(0, a) = 1, B(1, 1) = 1/2, B(2, 1) = 1/5, B(3, 2) = 4/19', () => {
    expect(erlangB(0, 3.7)).toBe(1);
    expect(erlangB(1, 1)).toBe(0.5);
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 15);
    // (8/6) / (1 + 2 + 2 + 8/6) = 4/19
    expect(erlangB(3, 2)).toBeCloseTo(4 / 19, 15);
    expect(erlangB(5, 0)).toBe(0);
  });

  it('a published table: 15 lines at 1% blocking carry 8.108 erlangs (erlang.com calculator manual)', () => {
    // The table rounds to 3 decimals, so B = 1% lies between the neighbouring loads.
    expect(erlangB(15, 8.1075)).toBeLessThan(0.01);
    expect(erlangB(15, 8.1085)).toBeGreaterThan(0.01);
  });

  it('matches the defining sum to 1e-13', () => {
    for (const c of [1, 2, 5, 10, 40, 100]) {
      for (const a of [0.1, 1, c / 2, c, 2 * c]) expect(rel(erlangB(c, a), directB(c, a))).toBeLessThan(1e-13);
    }
  });

  it('is finite and in (0, 1) for thousands of servers, where a^c/c! overflows', () => {
    const b = erlangB(5000, 4900);
    expect(b).toBeGreaterThan(0);
    expect(b).toBeLessThan(0.01);
    // Past the load, B -> 1 − c/a (the carried load saturates at c): a = 2c gives ~1/2.
    expect(erlangB(5000, 10_000)).toBeCloseTo(0.5, 3);
  });

  it('properties: 0 <= B <= 1, falls as servers are added, rises with the load', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 300 }), fc.double({ min: 0, max: 500, noNaN: true }), (c, a) => {
      const b = erlangB(c, a);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThanOrEqual(1);
      expect(erlangB(c + 1, a)).toBeLessThanOrEqual(b);
      expect(erlangB(c, a * 1.1 + 0.01)).toBeGreaterThanOrEqual(b);
    }));
  });

  it('rejects a fractional or negative server count and a negative load', () => {
    expect(() => erlangB(1.5, 1)).toThrow(/integer/);
    expect(() => erlangB(-1, 1)).toThrow(DcsimError);
    expect(() => erlangB(2, -1)).toThrow(/>= 0/);
    expect(() => erlangB(2, NaN)).toThrow(DcsimError);
  });
});

describe('Erlang C', () => {
  it('C(2, 1) = 1/3 and C(1, a) = a', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 15);
    expect(erlangC(1, 0.3)).toBeCloseTo(0.3, 15);
    expect(erlangC(4, 0)).toBe(0);
  });

  it('matches the defining sum, and the relation C = B / (1 − ρ(1 − B)) holds between the direct sums', () => {
    for (const c of [1, 2, 3, 8, 30, 100]) {
      for (const rho of [0.05, 0.5, 0.9, 0.999]) {
        const a = rho * c;
        expect(rel(erlangC(c, a), directC(c, a))).toBeLessThan(1e-12);
        const b = directB(c, a);
        expect(rel(b / (1 - rho * (1 - b)), directC(c, a))).toBeLessThan(1e-12);
      }
    }
  });

  it('properties: B <= C <= 1, C rises with the load', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (c, rho) => {
      const a = rho * c;
      const cw = erlangC(c, a);
      expect(cw).toBeGreaterThanOrEqual(erlangB(c, a) * (1 - 1e-12));
      expect(cw).toBeLessThanOrEqual(1);
      expect(erlangC(c, Math.min(a * 1.01, c * 0.9999))).toBeGreaterThanOrEqual(cw * (1 - 1e-12));
    }));
  });

  it('throws UnstableError (E_UNSTABLE) at a >= c', () => {
    expect(() => erlangC(2, 2)).toThrow(UnstableError);
    try {
      erlangC(3, 4.5);
    } catch (e) {
      expect((e as UnstableError).code).toBe('E_UNSTABLE');
      expect((e as UnstableError).utilization).toBe(1.5);
      expect((e as UnstableError).exitCode).toBe(2);
    }
  });
});

describe('M/M/c', () => {
  it('M/M/1 at ρ = 0.5: R = 2/μ, L = 1, Wq = 1/μ', () => {
    const r = mm1({ lambda: 1, mu: 2 });
    expect(r.utilization).toBe(0.5);
    expect(r.meanResponse).toBeCloseTo(2 / 2, 15);
    expect(r.meanInSystem).toBeCloseTo(1, 15);
    expect(r.meanWait).toBeCloseTo(0.5, 15);
    expect(r.pWait).toBeCloseTo(0.5, 15);
  });

  it('published templates (U. Michigan IOE 202, M/M/1 and M/M/s spreadsheets): arrivals every 15 s', () => {
    // M/M/1, service 13 s: L 6.500, Lq 5.633, W 97.500 s, Wq 84.500 s, ρ 0.867.
    const one = mm1({ lambda: 1 / 15, mu: 1 / 13 });
    expect(one.meanInSystem).toBeCloseTo(6.5, 10);
    expect(one.meanInQueue).toBeCloseTo(5.633, 3);
    expect(one.meanResponse).toBeCloseTo(97.5, 10);
    expect(one.meanWait).toBeCloseTo(84.5, 10);
    expect(one.utilization).toBeCloseTo(0.867, 3);
    // M/M/2, service 20 s: P(wait) 53.3%, L 2.400, Lq 1.067, W 36.000 s, Wq 16.000 s.
    const two = mmc({ lambda: 1 / 15, mu: 1 / 20, c: 2 });
    expect(two.pWait).toBeCloseTo(8 / 15, 12);
    expect(two.meanInSystem).toBeCloseTo(2.4, 10);
    expect(two.meanInQueue).toBeCloseTo(1.067, 3);
    expect(two.meanResponse).toBeCloseTo(36, 10);
    expect(two.meanWait).toBeCloseTo(16, 10);
  });

  it('mean response time and P(wait) equal a direct birth-death solution to 1e-9 (c = 1, 2, 8, 64; ρ = 0.5, 0.9)', () => {
    for (const c of [1, 2, 8, 64]) {
      for (const rho of [0.5, 0.9]) {
        const mu = 1.7, lambda = rho * c * mu;
        // Beyond c the chain decays like ρ^(n − c): 400 more states leave < 1e-18.
        const ref = birthDeath(lambda, mu, c, c + 400);
        const r = mmc({ lambda, mu, c });
        expect(rel(r.meanResponse, ref.meanInSystem / lambda)).toBeLessThan(1e-9);
        // Elimination over ~460 states leaves ~1e-15 absolute error in the
        // reference itself: visible relative to pWait = 4.3e-7 at c = 64, ρ = 0.5.
        expect(Math.abs(r.pWait - ref.pWait)).toBeLessThan(1e-9 * ref.pWait + 1e-13);
      }
    }
  });

  it('Little holds and more servers never slow a request down', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 0.99, noNaN: true }), (c, rho) => {
      const mu = 3, lambda = rho * c * mu;
      const r = mmc({ lambda, mu, c });
      expect(r.meanResponse).toBeGreaterThanOrEqual(1 / mu);
      expect(r.meanInSystem).toBeCloseTo(lambda * r.meanResponse, 9);
      expect(r.meanInSystem - r.meanInQueue).toBeCloseTo(lambda / mu, 9);
      expect(mmc({ lambda, mu, c: c + 1 }).meanResponse).toBeLessThanOrEqual(r.meanResponse * (1 + 1e-12));
    }));
  });

  it('M/M/1-PS has the FCFS mean response time', () => {
    expect(mm1ps({ lambda: 0.9, mu: 1 }).meanResponse).toBeCloseTo(10, 12);
  });

  it('at ρ >= 1 throws UnstableError naming the utilization; bad parameters are E_QUEUE_PARAM', () => {
    expect(() => mmc({ lambda: 2, mu: 1, c: 2 })).toThrow(/utilization 1 >= 1/);
    expect(() => mm1({ lambda: 3, mu: 1 })).toThrow(UnstableError);
    for (const p of [{ lambda: 1, mu: 0, c: 1 }, { lambda: -1, mu: 1, c: 1 }, { lambda: 1, mu: 2, c: 0 }]) {
      expect(() => mmc(p)).toThrow(expect.objectContaining({ code: 'E_QUEUE_PARAM' }));
    }
  });
});

describe('M/M/c/c (Erlang loss)', () => {
  it('blocking is Erlang B and the carried load a(1 − B)', () => {
    const r = erlangLoss({ lambda: 2, mu: 1, c: 3 });
    expect(r.blocking).toBeCloseTo(4 / 19, 15);
    expect(r.throughput).toBeCloseTo(2 * (15 / 19), 14);
    expect(r.meanInSystem).toBeCloseTo(30 / 19, 14);
    expect(r.utilization).toBeCloseTo(10 / 19, 14);
  });

  it('is stable past saturation', () => {
    expect(erlangLoss({ lambda: 100, mu: 1, c: 4 }).blocking).toBeGreaterThan(0.95);
  });
});
