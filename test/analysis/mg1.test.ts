import { describe, expect, it } from 'vitest';
import { mg1, mg1ps } from '../../src/analysis/mg1.js';
import { mm1 } from '../../src/analysis/erlang.js';
import { UnstableError } from '../../src/analysis/check.js';
import { stationary } from './ctmc.js';

/**
 * Erlang-2 service (scv = 1/2) as two exponential phases of rate 2/E[S] each, so an
 * M/E2/1 queue is a CTMC. FCFS: state (jobs, phase of the one in service). PS:
 * state (jobs in phase 1, jobs in phase 2), each of n jobs advancing at 1/n speed.
 */
function erlang2Fcfs(lambda: number, meanService: number, cap: number): number {
  const r = 2 / meanService;
  // index 0: empty; 1 + 2(n − 1) + (phase − 1) for n jobs with the served one in phase 1 or 2.
  const id = (n: number, phase: number): number => (n === 0 ? 0 : 1 + 2 * (n - 1) + (phase - 1));
  const pi = stationary(1 + 2 * cap, (s, add) => {
    if (s === 0) { add(id(1, 1), lambda); return; }
    const n = 1 + Math.floor((s - 1) / 2), phase = 1 + ((s - 1) % 2);
    if (n < cap) add(id(n + 1, phase), lambda);
    if (phase === 1) add(id(n, 2), r);
    else add(n === 1 ? 0 : id(n - 1, 1), r);
  });
  let l = 0;
  pi.forEach((p, s) => { if (s > 0) l += p * (1 + Math.floor((s - 1) / 2)); });
  return l / lambda;
}

function erlang2Ps(lambda: number, meanService: number, cap: number): number {
  const r = 2 / meanService;
  const states: [number, number][] = [];
  const index = new Map<string, number>();
  for (let a = 0; a <= cap; a++) for (let b = 0; a + b <= cap; b++) { index.set(`${a},${b}`, states.length); states.push([a, b]); }
  const at = (a: number, b: number): number => index.get(`${a},${b}`) as number;
  const pi = stationary(states.length, (s, add) => {
    const [a, b] = states[s], n = a + b;
    if (n < cap) add(at(a + 1, b), lambda);
    if (a > 0) add(at(a - 1, b + 1), (r * a) / n);
    if (b > 0) add(at(a, b - 1), (r * b) / n);
  });
  let l = 0;
  pi.forEach((p, s) => { l += p * (states[s][0] + states[s][1]); });
  return l / lambda;
}

describe('M/G/1', () => {
  it('scv = 1 is M/M/1; M/D/1 by hand: ρ = 0.5 gives Wq = 0.5 E[S], Lq = 0.25', () => {
    const m = mg1({ lambda: 0.8, meanService: 1, scv: 1 });
    expect(m.meanResponse).toBeCloseTo(mm1({ lambda: 0.8, mu: 1 }).meanResponse, 12);
    const d = mg1({ lambda: 0.5, meanService: 1, scv: 0 });
    expect(d.meanWait).toBeCloseTo(0.5, 14);
    expect(d.meanInQueue).toBeCloseTo(0.25, 14);
    expect(d.meanResponse).toBeCloseTo(1.5, 14);
  });

  it('Pollaczek–Khinchine equals a direct CTMC of M/E2/1 to 1e-9', () => {
    // ρ = 0.7: the tail decays geometrically, 300 jobs leave < 1e-30.
    const w = erlang2Fcfs(0.7, 1, 300);
    expect(Math.abs(mg1({ lambda: 0.7, meanService: 1, scv: 0.5 }).meanResponse - w) / w).toBeLessThan(1e-9);
  });

  it('processor sharing: W = E[S]/(1 − ρ) for any scv, equal to a direct CTMC of M/E2/1-PS to 1e-9', () => {
    const ps = mg1ps({ lambda: 0.5, meanService: 2 / 3 });
    expect(ps.meanResponse).toBeCloseTo((2 / 3) / (1 - 1 / 3), 14);
    // ρ = 1/3: 30 jobs in the system have probability ~ 3^-30 ~ 5e-15.
    const w = erlang2Ps(0.5, 2 / 3, 30);
    expect(Math.abs(ps.meanResponse - w) / w).toBeLessThan(1e-9);
    // While FCFS with the same Erlang-2 service is faster than PS (scv < 1).
    expect(mg1({ lambda: 0.5, meanService: 2 / 3, scv: 0.5 }).meanResponse).toBeLessThan(ps.meanResponse);
  });

  it('throws UnstableError at ρ >= 1', () => {
    expect(() => mg1({ lambda: 1, meanService: 1, scv: 0 })).toThrow(UnstableError);
    expect(() => mg1ps({ lambda: 2, meanService: 0.6 })).toThrow(/utilization 1.2/);
    expect(() => mg1({ lambda: 1, meanService: 0.5, scv: -1 })).toThrow(expect.objectContaining({ code: 'E_QUEUE_PARAM' }));
  });
});
