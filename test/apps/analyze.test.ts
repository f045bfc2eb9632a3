import { expect, test } from 'vitest';
import { analyzeScenario } from '../../src/run/analyze.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runCli } from '../cli/helpers.js';

const UNLIMITED = ['0.threads', '1.threads', '1.connections', '2.threads'].map((k) => `applications.0.tiers.${k}=`);

test('a product-form application: exact MVA next to the simulation, within 2%', { timeout: 120_000 }, () => {
  // multitier-bench without its pools: one replica per tier, PS stations, exponential demands.
  const config = loadScenario('scenarios/multitier-bench.yaml', { set: [...UNLIMITED, 'duration=20m'] });
  const [a] = analyzeScenario(config).apps;
  expect(a.reasons).toEqual([]);
  expect(a.method).toBe('exact MVA, 1000 users, think time 2 s, 3 stations');
  expect(a.rows.map((r) => r.figure)).toEqual([
    'throughput (requests/s)', 'response time mean (s)', 'web cpu utilization', 'app cpu utilization', 'db cpu utilization',
  ]);
  // MVA's own figures: X = N / (Z + R), and each utilization X D / c.
  const [x, r, web, app, db] = a.rows;
  expect(x.predicted).toBeCloseTo(1000 / (2 + r.predicted), 9);
  expect(web.predicted).toBeCloseTo((x.predicted * 0.002) / 4, 9);
  expect(app.predicted).toBeCloseTo((x.predicted * 0.01) / 8, 9);
  expect(db.predicted).toBeCloseTo((x.predicted * 0.005) / 4, 9);
  for (const row of a.rows) expect(Math.abs(row.simulated / row.predicted - 1), row.figure).toBeLessThan(0.02);
});

test('pools, limits and non-Poisson arrivals are not product form: the reasons are listed', () => {
  const shop = analyzeScenario(loadScenario('scenarios/multitier-shop-threads.yaml'), { simulate: false }).apps[0];
  expect(shop.method).toBeUndefined();
  expect(shop.reasons).toContain('tier app has a thread limit (threads: 2)');
  expect(shop.reasons).toContain('tier app has a connection pool (connections: 20)');
  const auto = analyzeScenario(loadScenario('scenarios/multitier-autoscale.yaml'), { simulate: false }).apps[0];
  expect(auto.reasons).toContain('its diurnal workload is not a stationary Poisson stream (use users or rate)');
});

test('an open Poisson application: Jackson (Erlang C) per station', () => {
  const config = loadScenario('scenarios/multitier-pool-sweep.yaml', { set: ['applications.0.tiers.0.connections=', 'applications.0.workload={rate: 200}'] });
  const [a] = analyzeScenario(config, { simulate: false }).apps;
  expect(a.method).toBe('Jackson network (Erlang C per station), 200 requests/s, 4 stations');
  expect(a.notes).toEqual(['tier app: 3 replicas approximated by random splitting (its balancer is round-robin)']);
  // db: 8 vCPUs, 3 x 8 ms a request at 200/s: utilization 0.6.
  expect(a.rows.find((r) => r.figure === 'db cpu utilization')!.predicted).toBeCloseTo(0.6, 12);
});

test('the CLI prints the comparison and exits 0', { timeout: 120_000 }, () => {
  const args = UNLIMITED.flatMap((s) => ['--set', s]);
  const r = runCli(['analyze', 'scenarios/multitier-bench.yaml', ...args, '--set', 'duration=5m']);
  expect(r.code).toBe(0);
  expect(r.out).toContain('exact MVA, 1000 users');
  expect(r.out).toMatch(/throughput \(requests\/s\)\s+495\.\d+\s+\d+\.\d+\s+-?\d+\.\d+%/);
});
