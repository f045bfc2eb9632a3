/**
 * The application model against queueing theory. Each run is cut into equal
 * batches (the time-series samples; the first, warm-up batch is dropped); the
 * tolerance is the 95% confidence half-width of the batch means, t * se, and each
 * test also asserts that the run was long enough for that half-width to be within
 * the 2% target, so a pass means "within 2%" with that confidence.
 */
import { describe, expect, test } from 'vitest';
import type { DistSpec } from '../../src/engine/distribution.js';
import { appConfig, col, exp, hop, run, series, tier, vm } from './helpers.js';
import { erlangB, exactMva, mmc } from '../../src/analysis/index.js';
import { batchMeans } from './batch-means.js';

const mmcResponse = (lambda: number, mu: number, c: number) => mmc({ lambda, mu, c }).meanResponse;

const BATCHES = 20;
// Long runs: a few seconds each on this machine, more while other tests share it.
const SLOW = { timeout: 120_000 };

/** Runs `duration` s in BATCHES + 1 samples; the first is the warm-up. */
function batched(o: Parameters<typeof appConfig>[0]) {
  const interval = o.duration / (BATCHES + 1);
  return run(appConfig({ ...o, warmup: interval, interval }));
}

function expectWithin(values: number[], exact: number, target = 0.02): void {
  const b = batchMeans(values.slice(1, BATCHES + 1));
  const half = b.t95 * b.se;
  expect(half, `95% half-width ${half} of ${exact}`).toBeLessThanOrEqual(target * exact);
  expect(Math.abs(b.mean - exact), `batch mean ${b.mean} vs ${exact} (half-width ${half})`).toBeLessThanOrEqual(half);
}

describe('open M/M/c: mean response time = Erlang C', () => {
  // Service 1 s (1000 MI on 1000 MIPS vCPUs), c vCPUs shared by processor sharing,
  // which with exponential work has the same number-in-system process as M/M/c FCFS.
  // Run lengths (in service times) from the asymptotic variance of the queue: ~4e6 at
  // c = 1, rho = 0.9; far less elsewhere.
  const cases: [number, number, number][] = [
    [1, 0.5, 3e5], [1, 0.9, 6.5e6], [2, 0.5, 2e5], [2, 0.9, 2.5e6], [8, 0.5, 5e4], [8, 0.9, 4.5e5],
  ];
  for (const [c, rho, duration] of cases) {
    test(`c = ${c}, utilization ${rho}`, SLOW, () => {
      const lambda = rho * c;
      const r = batched({ tiers: [tier('a', vm(c))], route: [hop(0, exp(1000))], workload: { kind: 'poisson', rate: lambda }, duration });
      expectWithin(series(r, 'application', 0, 'response_time_mean_s'), mmcResponse(lambda, 1, c));
      // Utilization = rho (the bottleneck report's bound at X = lambda).
      expect(Number(col(r, 'tiers', 'cpu_utilization'))).toBeCloseTo(rho, 2);
    });
  }

  test('c worker threads in FIFO order on c vCPUs (M/M/c FCFS), c = 8, utilization 0.9', SLOW, () => {
    const r = batched({
      tiers: [tier('a', vm(8), { threads: 8 })], route: [hop(0, exp(1000))], workload: { kind: 'poisson', rate: 7.2 }, duration: 4.5e5,
    });
    expectWithin(series(r, 'application', 0, 'response_time_mean_s'), mmcResponse(7.2, 1, 8));
  });
});

test('c threads and no queue: rejection probability = Erlang B', SLOW, () => {
  // M/M/4/4: 4 threads on 4 vCPUs (each busy thread has a whole vCPU), offered 3 Erlangs.
  const r = batched({
    tiers: [tier('a', vm(4), { threads: 4, queueLimit: 0 })], route: [hop(0, exp(1000))], workload: { kind: 'poisson', rate: 3 }, duration: 2e5,
  });
  const done = series(r, 'application', 0, 'throughput_per_s');
  const rejected = series(r, 'application', 0, 'rejected');
  const interval = 2e5 / (BATCHES + 1);
  const p = rejected.map((x, i) => x / (x + done[i] * interval));
  const exact = erlangB(4, 3);
  expectWithin(p, exact);
  const total = Number(col(r, 'applications', 'rejection_ratio'));
  expect(Math.abs(total - exact)).toBeLessThanOrEqual(0.005);
});

describe('M/G/1 processor sharing: the mean response time does not depend on the work distribution', () => {
  // Mean work 1 s, utilization 0.7: E[T] = E[S] / (1 - rho) for any distribution.
  const sigma = 1;
  const works: [string, DistSpec][] = [
    ['exponential', exp(1000)],
    ['deterministic', { dist: 'constant', value: 1000 }],
    ['lognormal (sigma 1)', { dist: 'lognormal', mu: Math.log(1000) - (sigma * sigma) / 2, sigma }],
  ];
  for (const [name, work] of works) {
    test(name, SLOW, () => {
      const r = batched({ tiers: [tier('a', vm(1))], route: [hop(0, work)], workload: { kind: 'poisson', rate: 0.7 }, duration: 9e5 });
      expectWithin(series(r, 'application', 0, 'response_time_mean_s'), 1 / (1 - 0.7));
    });
  }
});

describe('closed 3-tier network with think time = exact MVA', () => {
  // web: 1 vCPU, 5 ms; app: 4 vCPUs, 40 ms (a load-dependent station); db: 1 vCPU, 15 ms
  // (the bottleneck: X <= 66.7/s, N* = (0.06 + 1) / 0.015 = 70.7). Think 1 s, exponential.
  const tiers = [tier('web', vm(1)), tier('app', vm(4)), tier('db', vm(1))];
  const route = [hop(0, exp(5)), hop(1, exp(40)), hop(2, exp(15))];
  const mva = exactMva({
    stations: [{ kind: 'queue', demand: 0.005 }, { kind: 'multi', demand: 0.04, servers: 4 }, { kind: 'queue', demand: 0.015 }],
    thinkTime: 1,
  }, 200).points;
  for (const n of [1, 10, 50, 70, 100, 200]) {
    test(`N = ${n}`, SLOW, () => {
      const duration = n <= 10 ? 4e4 : 1.5e4;
      const r = batched({ tiers, route, workload: { kind: 'closed', users: n, think: exp(1) }, duration });
      expectWithin(series(r, 'application', 0, 'throughput_per_s'), mva[n - 1].throughput);
      expectWithin(series(r, 'application', 0, 'response_time_mean_s'), mva[n - 1].responseTime);
    });
  }
});
