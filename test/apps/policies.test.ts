import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { AUTOSCALE_METRICS, autoscaleDecision, type AutoscaleRule } from '../../src/policies/autoscale.js';
import { BALANCERS } from '../../src/policies/balancers.js';
import { readArrivalTrace } from '../../src/workload/app-arrivals.js';

describe('balancers', () => {
  const views = (...loads: number[]) => loads.map((inProgress) => ({ inProgress }));
  const rng = new RandomStreams(1).rng('b');
  test('round-robin takes the replicas in turn', () => {
    expect([0, 1, 2, 3, 4].map((t) => BALANCERS['round-robin'](views(0, 0, 0), t, rng))).toEqual([0, 1, 2, 0, 1]);
  });
  test('least-connections takes the fewest visits in progress, the first on ties', () => {
    expect(BALANCERS['least-connections'](views(3, 1, 2, 1), 0, rng)).toBe(1);
  });
  test('random is uniform: counts over 3 replicas within 4 sd of 1/3', () => {
    const n = 30000;
    const counts = [0, 0, 0];
    for (let i = 0; i < n; i++) counts[BALANCERS.random(views(0, 0, 0), i, rng)]++;
    for (const c of counts) expect(Math.abs(c - n / 3)).toBeLessThanOrEqual(4 * Math.sqrt((n * 2) / 9));
  });
});

describe('autoscaling decision', () => {
  const rule: AutoscaleRule = { metric: 'cpu', scaleOut: 0.8, scaleIn: 0.3, window: 60, cooldown: 120, min: 1, max: 3 };
  test.each([
    // value, replicas, now, last action, decision
    [0.9, 1, 1000, -Infinity, 1],
    [0.9, 3, 1000, -Infinity, 0], // at max
    [0.9, 1, 1000, 950, 0], // cooling down
    [0.2, 2, 1000, 880, -1], // cooldown over (120 s)
    [0.2, 1, 1000, -Infinity, 0], // at min
    [0.5, 2, 1000, -Infinity, 0], // between thresholds
    [NaN, 2, 1000, -Infinity, 0], // nothing measured
    [0.5, 4, 1000, -Infinity, -1], // above max (e.g. max lowered)
  ])('value %s with %s replicas at t=%s (last action %s): %s', (value, replicas, now, last, d) => {
    expect(autoscaleDecision(rule, value, replicas, now, last)).toBe(d);
  });
});

describe('arrival traces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dcsim-arrivals-'));
  test('time_s column, any other columns, comments and blank lines; sorted', () => {
    const f = join(dir, 'ok.csv');
    writeFileSync(f, '# arrivals\nuser,time_s\na,2.5\n\nb,0\nc,1e1\n');
    expect([...readArrivalTrace(f)]).toEqual([0, 2.5, 10]);
  });
  test('a bad time names file and line', () => {
    const f = join(dir, 'bad.csv');
    writeFileSync(f, 'time_s\n1\n-2\n');
    expect(() => readArrivalTrace(f)).toThrow(`${f}:3: column time_s: expected seconds >= 0, got "-2"`);
  });
  test('a header without time_s', () => {
    const f = join(dir, 'nohead.csv');
    writeFileSync(f, 'submit_s\n1\n');
    expect(() => readArrivalTrace(f)).toThrow(`${f}:1: expected a header with a time_s column`);
  });
});

describe('autoscaling metrics over a window', () => {
  const w = { cpuMi: 6000, capacityTime: 10000, queueArea: 30, replicaTime: 120, visits: 40, residence: 10 };
  test('cpu: MI executed / capacity; queue: waiting visits per replica; response_time: mean residence', () => {
    expect(AUTOSCALE_METRICS.cpu(w)).toBe(0.6);
    expect(AUTOSCALE_METRICS.queue(w)).toBe(0.25);
    expect(AUTOSCALE_METRICS.response_time(w)).toBe(0.25);
  });
  test('nothing measured is NaN, never a decision', () => {
    const empty = { cpuMi: 0, capacityTime: 0, queueArea: 0, replicaTime: 0, visits: 0, residence: 0 };
    for (const f of Object.values(AUTOSCALE_METRICS)) expect(f(empty)).toBeNaN();
  });
});
