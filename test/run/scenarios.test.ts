import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/run/simulate.js';

describe('shipped scenarios', () => {
  it('every scenario in scenarios/ validates', () => {
    const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) expect(() => loadScenario(`scenarios/${f}`)).not.toThrow();
  });

  it('scheduling.yaml ends its tasks at the hand-computed times', () => {
    // Per host: a processor-sharing VM with 6 one-core tasks and a space-shared VM with 6
    // (4 run, 2 queue), 60,000 MI each, on 4 x 1000 MIPS. Both VMs ask 4000: 2000 each.
    //  [0, 120): PS tasks at 2000/6; FIFO tasks at 500 -> FIFO ends 120 (PS has 20,000 left).
    //  [120, 165): PS asks 4 vCPUs, FIFO 2: 6 busy vCPUs share 4000, 666.67 each.
    //    PS tasks: 4 x 666.67 / 6 = 444.44 each -> 45 s -> end at 165; FIFO did 30,000.
    //  [165, 195): FIFO alone at 1000 per task -> ends at 195.
    const r = simulate(loadScenario('scenarios/scheduling.yaml'));
    const cols = r.tasks!.columns;
    const vm = cols.indexOf('vm'), fin = cols.indexOf('finish_s'), start = cols.indexOf('start_s');
    const byVm = (v: number) => r.tasks!.rows.filter((row) => row[vm] === v);
    for (const v of [0, 1]) {
      for (const row of byVm(v)) expect(row[fin]).toBeCloseTo(165, 9);
    }
    for (const v of [2, 3]) {
      const finishes = byVm(v).map((row) => row[fin] as number).sort((a, b) => a - b);
      expect(finishes.slice(0, 4)).toEqual([120, 120, 120, 120]);
      expect(finishes[4]).toBeCloseTo(195, 9);
      expect(finishes[5]).toBeCloseTo(195, 9);
      expect(byVm(v).map((row) => row[start]).filter((s) => s === 120).length).toBe(2);
    }
  });
});

describe('datacenter layout', () => {
  it('interleaved hosts alternate the groups, in the order fail_host numbers them', async () => {
    const { layoutHosts } = await import('../../src/run/layout.js');
    const spec = (type: string) => ({ type }) as never;
    const groups = [{ type: 'a', count: 2, spec: spec('a') }, { type: 'b', count: 3, spec: spec('b') }];
    const names = (l: 'grouped' | 'interleaved') => layoutHosts(groups, l).map((h) => (h as { type: string }).type);
    expect(names('grouped')).toEqual(['a', 'a', 'b', 'b', 'b']);
    expect(names('interleaved')).toEqual(['a', 'b', 'a', 'b', 'b']);
  });
});

describe('multi-tier application scenarios', () => {
  const SLOW = { timeout: 120_000 };
  const get = (r: ReturnType<typeof simulate>, stem: string, name: string, row = 0) => {
    const t = r.extra![stem];
    return t.rows[row][t.columns.indexOf(name)];
  };
  const tierRow = (r: ReturnType<typeof simulate>, name: string) => r.extra!.tiers.rows.findIndex((row) => row[2] === name);
  const cpu = (r: ReturnType<typeof simulate>, name: string) => Number(get(r, 'tiers', 'cpu_utilization', tierRow(r, name)));

  it('multitier-shop-db: the database CPU is the bottleneck and throughput sits at 1/D_max', SLOW, () => {
    const r = simulate(loadScenario('scenarios/multitier-shop-db.yaml'));
    expect(get(r, 'applications', 'bottleneck_tier')).toBe('db');
    expect(get(r, 'applications', 'throughput_bound_per_s')).toBeCloseTo(1000 / 6, 9);
    // D: browse (0.8) 4 + 0.32 (40 KB at 1 Gbit/s) + 30 + 24 + 0.384 (3 x 64 KB at 4 Gbit/s) ms,
    // buy (0.2) 8 + 0.16 + 80 + 24 + 0.096 ms: 69.4144 ms; Z = 5 s.
    expect(get(r, 'applications', 'n_star')).toBeCloseTo((0.0694144 + 5) / 0.006, 6);
    const x = Number(get(r, 'applications', 'throughput_per_s'));
    expect(x).toBeLessThanOrEqual(1000 / 6);
    expect(x).toBeGreaterThan(0.98 * (1000 / 6));
    expect(cpu(r, 'db')).toBeGreaterThan(0.99);
    expect(cpu(r, 'app')).toBeLessThan(0.6);
  });

  it('multitier-shop-threads: the app thread pool limits throughput while every CPU has room', SLOW, () => {
    const r = simulate(loadScenario('scenarios/multitier-shop-threads.yaml'));
    expect(get(r, 'applications', 'soft_bottleneck')).toBe('app/threads');
    const bound = Number(get(r, 'applications', 'soft_throughput_bound_per_s'));
    const x = Number(get(r, 'applications', 'throughput_per_s'));
    expect(x).toBeLessThanOrEqual(bound);
    expect(x).toBeGreaterThan(0.95 * bound);
    expect(x).toBeLessThan(0.6 * (1000 / 6));
    expect(Number(get(r, 'tiers', 'thread_pool_occupancy', tierRow(r, 'app')))).toBeGreaterThan(0.99);
    for (const t of ['web', 'app', 'db']) expect(cpu(r, t)).toBeLessThan(0.6);
  });

  it('multitier-pool-sweep: throughput follows the connection pool until the database saturates', SLOW, () => {
    const x = [1, 2, 4, 8].map((k) => {
      const r = simulate(loadScenario('scenarios/multitier-pool-sweep.yaml', { set: [`applications.0.tiers.0.connections=${k}`] }));
      return { x: Number(get(r, 'applications', 'throughput_per_s')), soft: get(r, 'applications', 'soft_bottleneck'), db: cpu(r, 'db') };
    });
    // Pool bound 3K / 24 ms = 125 K/s; database bound 1000 / 3 = 333/s.
    expect(x[0].soft).toBe('app/connections');
    expect(x[0].x).toBeGreaterThan(0.97 * 125);
    expect(x[1].x).toBeGreaterThan(0.97 * 250);
    expect(x[0].db).toBeLessThan(0.4);
    expect(x[2].soft).toBe('');
    for (const k of [2, 3]) {
      expect(x[k].x).toBeGreaterThan(0.98 * (1000 / 3));
      expect(x[k].db).toBeGreaterThan(0.99);
    }
  });

  it('multitier-autoscale: scaling the app tier helps while it is the bottleneck, not once the database saturates', SLOW, () => {
    const run = (set: string[] = []) => simulate(loadScenario('scenarios/multitier-autoscale.yaml', { set }));
    const series = (r: ReturnType<typeof simulate>, entity: string, id: number, metric: string) =>
      r.timeseries.rows.filter((row) => row[1] === entity && row[2] === id && row[3] === metric).map((row) => Number(row[4]));
    const auto = run();
    const fixed = run(['applications.0.tiers.0.autoscale.max=1']);
    const more = run(['applications.0.tiers.0.autoscale.max=20']);
    const x = (r: ReturnType<typeof simulate>) => series(r, 'application', 0, 'throughput_per_s');
    const reps = series(auto, 'tier', 0, 'replicas');
    // 5-minute samples; the peak hour is samples 8..16 (t = 45 min .. 85 min).
    expect(reps[0]).toBe(1);
    expect(Math.max(...reps)).toBeGreaterThanOrEqual(5);
    expect(reps[reps.length - 1]).toBe(1);
    // Rising load, t = 25..30 min (about 60/s offered): one replica serves at most 25/s.
    expect(x(fixed)[5]).toBeLessThan(26);
    expect(x(auto)[5]).toBeGreaterThan(2 * x(fixed)[5]);
    // Peak: the database (X <= 100/s) saturates; twice the app replicas change nothing.
    for (let i = 8; i <= 16; i++) {
      expect(x(auto)[i]).toBeGreaterThan(97);
      expect(x(auto)[i]).toBeLessThan(101.5);
      expect(Math.abs(x(more)[i] - x(auto)[i])).toBeLessThan(3);
    }
    expect(get(auto, 'applications', 'bottleneck_tier_at_max')).toBe('db');
    expect(Math.max(...series(more, 'tier', 0, 'replicas'))).toBeLessThanOrEqual(Math.max(...reps) + 1);
  });
});
