/** Hand-computed cases of the application model: every figure follows from the rules in a few lines. */
import { describe, expect, test } from 'vitest';
import type { DistSpec } from '../../src/engine/distribution.js';
import { resultFiles } from '../../src/run/simulate.js';
import { appConfig, col, exp, hop, run, series, tier, vm } from './helpers.js';

const k = (value: number): DistSpec => ({ dist: 'constant', value });
const at = (...t: number[]) => ({ kind: 'trace' as const, file: 'inline', times: Float64Array.from(t) });
const num = (x: number | string) => Number(x);

describe('one and two users through three single-core tiers (100, 200, 300 MI at 1000 MIPS, think 1 s)', () => {
  const tiers = [tier('web', vm(1)), tier('app', vm(1)), tier('db', vm(1))];
  const route = [hop(0, k(100)), hop(1, k(200)), hop(2, k(300))];
  test('one user: response 0.6 s, a request every 1.6 s', () => {
    const r = run(appConfig({ tiers, route, workload: { kind: 'closed', users: 1, think: k(1) }, duration: 16.5 }));
    expect(num(col(r, 'applications', 'requests_completed'))).toBe(10);
    expect(num(col(r, 'applications', 'response_time_mean_s'))).toBeCloseTo(0.6, 12);
    expect(num(col(r, 'applications', 'throughput_per_s'))).toBeCloseTo(10 / 16.5, 12);
    // web: 10 x 0.1 s busy of 16.5 s.
    expect(num(col(r, 'tiers', 'cpu_utilization', 0))).toBeCloseTo(1 / 16.5, 12);
  });
  test('two users arriving together share each CPU: both respond in 1.2 s', () => {
    const r = run(appConfig({ tiers, route, workload: { kind: 'closed', users: 2, think: k(1) }, duration: 2.5 }));
    expect(num(col(r, 'applications', 'requests_completed'))).toBe(2);
    expect(num(col(r, 'applications', 'response_time_mean_s'))).toBeCloseTo(1.2, 12);
    expect(num(col(r, 'applications', 'response_time_p99_s'))).toBeCloseTo(1.2, 2);
  });
});

test('one worker thread: three requests at once are served in FIFO order (1, 2, 3 s)', () => {
  const r = run(appConfig({ tiers: [tier('a', vm(4), { threads: 1 })], route: [hop(0, k(1000))], workload: at(0, 0, 0), duration: 10 }));
  expect(num(col(r, 'applications', 'response_time_mean_s'))).toBeCloseTo(2, 12);
  expect(num(col(r, 'applications', 'response_time_p50_s'))).toBeCloseTo(2, 2);
  expect(num(col(r, 'applications', 'response_time_p99_s'))).toBeCloseTo(3, 1);
  // Queue: 2 waiting for 1 s, 1 for another second: area 3 over 10 s; one of four vCPUs busy 3 s.
  expect(num(col(r, 'tiers', 'queue_length_mean'))).toBeCloseTo(0.3, 12);
  expect(num(col(r, 'tiers', 'cpu_utilization'))).toBeCloseTo(3 / 40, 12);
  expect(num(col(r, 'tiers', 'thread_pool_occupancy'))).toBeCloseTo(0.3, 12);
});

test('a full queue rejects: one thread, queue limit 1, three requests at once', () => {
  const r = run(appConfig({ tiers: [tier('a', vm(1), { threads: 1, queueLimit: 1 })], route: [hop(0, k(1000))], workload: at(0, 0, 0), duration: 10 }));
  expect(num(col(r, 'applications', 'requests_completed'))).toBe(2);
  expect(num(col(r, 'applications', 'requests_rejected'))).toBe(1);
  expect(num(col(r, 'applications', 'response_time_mean_s'))).toBeCloseTo(1.5, 12);
  expect(num(col(r, 'tiers', 'rejections'))).toBe(1);
});

test('a rejection downstream frees the callers\' threads and connections', () => {
  // db has one thread and no queue: of two simultaneous calls one is rejected; app's pool of 2 is free again.
  const tiers = [tier('app', vm(2), { threads: 2, connections: 2 }), tier('db', vm(1), { threads: 1, queueLimit: 0 })];
  const r = run(appConfig({ tiers, route: [hop(0, k(0)), hop(1, k(1000))], workload: at(0, 0, 5), duration: 10 }));
  expect(num(col(r, 'applications', 'requests_completed'))).toBe(2);
  expect(num(col(r, 'applications', 'requests_rejected'))).toBe(1);
  expect(num(col(r, 'tiers', 'rejections', 1))).toBe(1);
  // app threads: held 1 s by the first request, 1 s by the third: mean busy 0.2 over 10 s.
  expect(num(col(r, 'tiers', 'threads_busy_mean', 0))).toBeCloseTo(0.2, 12);
});

test('a connection pool of one serializes the database calls (responses 1 s and 2 s)', () => {
  const tiers = [tier('app', vm(4), { connections: 1 }), tier('db', vm(4))];
  const r = run(appConfig({ tiers, route: [hop(0, k(0)), hop(1, k(1000))], workload: at(0, 0), duration: 10 }));
  expect(num(col(r, 'applications', 'response_time_mean_s'))).toBeCloseTo(1.5, 12);
  expect(num(col(r, 'tiers', 'connection_acquisitions', 0))).toBe(2);
  expect(num(col(r, 'tiers', 'connection_wait_mean_s', 0))).toBeCloseTo(0.5, 12);
  // The app threads stay held across the calls: 1 s + 2 s over 10 s.
  expect(num(col(r, 'tiers', 'threads_busy_mean', 0))).toBeCloseTo(0.3, 12);
});

test('visits: three database calls per app visit, one after another', () => {
  const tiers = [tier('app', vm(1)), tier('db', vm(1))];
  const r = run(appConfig({ tiers, route: [hop(0, k(100)), hop(1, k(100), { visits: 3 })], workload: at(0), duration: 10 }));
  expect(num(col(r, 'applications', 'response_time_mean_s'))).toBeCloseTo(0.4, 12);
  expect(num(col(r, 'tiers', 'visits', 1))).toBe(3);
  expect(num(col(r, 'tiers', 'cpu_demand_s', 1))).toBeCloseTo(0.3, 12);
});

test('fractional visits: 0.25 calls per visit on average (a Bernoulli draw)', () => {
  const tiers = [tier('app', vm(1)), tier('db', vm(1))];
  const n = 4000;
  const times = Array.from({ length: n }, (_, i) => i);
  const r = run(appConfig({ tiers, route: [hop(0, k(1)), hop(1, k(1), { visits: 0.25 })], workload: at(...times), duration: n + 1 }));
  const calls = num(col(r, 'tiers', 'visits', 1));
  // Binomial(4000, 0.25): sd 27.4; 4 sd.
  expect(Math.abs(calls - n / 4)).toBeLessThanOrEqual(4 * Math.sqrt(n * 0.25 * 0.75));
});

test('disk and network transfers at the VM\'s bandwidths add to the CPU time', () => {
  // 8.388608 Mbit = 1 MiB at 8.388608 Mbit/s of disk: 1 s; the same on a 4.194304 Mbit/s link: 2 s.
  const v = vm(1, 1000, { diskBw: 8.388608, bw: 4.194304 });
  const r = run(appConfig({ tiers: [tier('a', v)], route: [hop(0, k(500), { disk: k(8.388608), network: k(8.388608) })], workload: at(0, 10, 10), duration: 20 }));
  // Alone: 0.5 + 1 + 2; two together share each phase: 1 + 2 + 4.
  expect(num(col(r, 'applications', 'response_time_mean_s'))).toBeCloseTo((3.5 + 7 + 7) / 3, 12);
  expect(num(col(r, 'tiers', 'disk_utilization'))).toBeCloseTo(3 / 20, 12);
});

test('host contention: two replicas on one overcommitted core run at half speed', () => {
  // Host: 1 core of 1000 MIPS, overcommit 2: both 1000-MIPS VMs fit, and when both are busy each gets 500.
  const c = appConfig({ tiers: [tier('a', vm(1), { replicas: 2 })], route: [hop(0, k(1000))], workload: at(0, 0, 10), duration: 20, hosts: 1, cores: 1 });
  c.datacenter.cpuOvercommit = 2;
  const r = run(c);
  expect(num(col(r, 'applications', 'response_time_mean_s'))).toBeCloseTo((2 + 2 + 1) / 3, 12);
  expect(r.vms.rows.map((row) => row[3])).toEqual([0, 0]);
});

test('replicas serve once booted: requests that arrive earlier wait', () => {
  const r = run(appConfig({ tiers: [tier('a', vm(1, 1000, { bootTime: 30 }))], route: [hop(0, k(1000))], workload: at(0, 40), duration: 60 }));
  expect(num(col(r, 'applications', 'response_time_mean_s'))).toBeCloseTo((31 + 1) / 2, 12);
  expect(num(col(r, 'replicas', 'started_s'))).toBe(30);
});

test('warm-up: requests ending before it are left out', () => {
  const r = run(appConfig({ tiers: [tier('a', vm(1))], route: [hop(0, k(1000))], workload: at(0, 10), duration: 20, warmup: 5 }));
  expect(num(col(r, 'applications', 'requests_completed'))).toBe(1);
  expect(num(col(r, 'applications', 'throughput_per_s'))).toBeCloseTo(1 / 15, 12);
  // cpu over [5, 20]: 1 s busy.
  expect(num(col(r, 'tiers', 'cpu_utilization'))).toBeCloseTo(1 / 15, 12);
});

describe('autoscaling', () => {
  // Requests of 1 s work every 2/3 s, then every 10 s from t = 1000. One replica is
  // saturated (cpu 1): at the first evaluation (t = 60) a second one starts. The first
  // then drains its backlog for 120 s (tier cpu (1 + 0.75) / 2 = 0.875 < 0.9), then
  // both run at 0.75. From t = 1000, cpu 0.05 < 0.3: back to the minimum of 1.
  const times = [...Array.from({ length: 1500 }, (_, i) => (2 / 3) * i), ...Array.from({ length: 100 }, (_, i) => 1000 + 10 * i)];
  const base = {
    tiers: [tier('a', vm(1))], route: [hop(0, k(1000))],
    workload: at(...times),
    duration: 2000, interval: 100,
    autoscale: [{ metric: 'cpu' as const, scaleOut: 0.9, scaleIn: 0.3, window: 60, cooldown: 120, min: 1, max: 4 }],
  };
  test('scales out while saturated, in when idle', () => {
    const r = run(appConfig(base));
    const reps = series(r, 'tier', 0, 'replicas');
    expect(reps[4]).toBe(2); // t = 500
    expect(reps[9]).toBe(2); // t = 1000
    expect(reps[reps.length - 1]).toBe(1);
    expect(r.vms.rows.length).toBe(2);
    expect(r.vms.rows[1][4]).toBe('destroyed');
  });
  test('on queue length and on response time too', () => {
    // One thread per replica: at 1.5 requests/s of 1 s work a single replica's queue grows
    // without bound (metric queue > 2), and so does the residence time (> 5 s): a second
    // replica starts at the first evaluation (t = 60 s). Without scale_in none ever goes.
    const one = { ...base, tiers: [tier('a', vm(1), { threads: 1 })] };
    for (const rule of [
      { metric: 'queue' as const, scaleOut: 2, scaleIn: -Infinity },
      { metric: 'response_time' as const, scaleOut: 5, scaleIn: -Infinity },
    ]) {
      const r = run(appConfig({ ...one, autoscale: [{ ...base.autoscale[0], ...rule }] }));
      const reps = series(r, 'tier', 0, 'replicas');
      expect(reps[0], rule.metric).toBe(2);
      expect(Math.min(...reps), rule.metric).toBe(2);
    }
  });
  test('never beyond max', () => {
    const r = run(appConfig({ ...base, autoscale: [{ ...base.autoscale[0], scaleOut: 0.1, scaleIn: 0.05, max: 3 }] }));
    expect(Math.max(...series(r, 'tier', 0, 'replicas'))).toBe(3);
  });
});

describe('open arrivals', () => {
  test('a rate schedule: 2/s, nothing, then 5/s', () => {
    const r = run(appConfig({
      tiers: [tier('a', vm(1))], route: [hop(0, k(0))], duration: 300, interval: 100,
      workload: { kind: 'schedule', steps: [{ at: 0, rate: 2 }, { at: 100, rate: 0 }, { at: 200, rate: 5 }] },
    }));
    const x = series(r, 'application', 0, 'throughput_per_s').map((v) => v * 100);
    expect(x[1]).toBe(0);
    // Poisson counts: within 4 standard deviations.
    expect(Math.abs(x[0] - 200)).toBeLessThanOrEqual(4 * Math.sqrt(200));
    expect(Math.abs(x[2] - 500)).toBeLessThanOrEqual(4 * Math.sqrt(500));
  });
  test('a diurnal curve: the peak hour sees max, the trough min', () => {
    const w = { kind: 'diurnal' as const, min: 1, max: 9, period: 24 * 3600, peak: 12 * 3600 };
    const r = run(appConfig({ tiers: [tier('a', vm(1))], route: [hop(0, k(0))], duration: 86400, interval: 3600, workload: w }));
    const x = series(r, 'application', 0, 'throughput_per_s').map((v) => v * 3600);
    const expected = (h: number) => {
      // Integral of the rate over hour h.
      const f = (t: number) => 5 * t + (4 * 86400 / (2 * Math.PI)) * Math.sin((2 * Math.PI * (t - 43200)) / 86400);
      return f(3600 * (h + 1)) - f(3600 * h);
    };
    for (const h of [0, 11, 12, 23]) expect(Math.abs(x[h] - expected(h))).toBeLessThanOrEqual(4 * Math.sqrt(expected(h)));
    const total = x.reduce((a, b) => a + b, 0);
    expect(Math.abs(total - 5 * 86400)).toBeLessThanOrEqual(4 * Math.sqrt(5 * 86400));
  });
});

test('deterministic: same scenario and seed, byte-identical CSVs; another seed differs', () => {
  const c = () => appConfig({
    tiers: [tier('web', vm(2), { replicas: 2, balancer: 'random' }), tier('db', vm(2), { threads: 4, connections: 3 })],
    route: [hop(0, exp(10)), hop(1, exp(20), { visits: 1.5 })], workload: { kind: 'closed', users: 20, think: exp(0.5) }, duration: 600, interval: 60,
  });
  const a = resultFiles(run(c()));
  expect(resultFiles(run(c()))).toEqual(a);
  const other = c();
  other.seed = 2;
  expect(resultFiles(run(other))['applications.csv']).not.toEqual(a['applications.csv']);
});

describe('a host failure takes its replicas and what they held', () => {
  // app (host 0) calls db (host 1): one request at t = 0, app work 0, a 1 s query; a host fails at 0.5 s.
  const failing = (host: number) => {
    const c = appConfig({
      tiers: [tier('app', vm(1), { connections: 1 }), tier('db', vm(1))], route: [hop(0, k(0)), hop(1, k(1000))],
      workload: at(0), duration: 10, hosts: 2,
    });
    c.datacenter.placement = 'round-robin';
    c.actions = [{ at: 0.5, kind: 'fail-host', hosts: [host] }];
    return run(c);
  };
  test('the database host: the request fails at once, the app frees its thread and connection', () => {
    const r = failing(1);
    expect(num(col(r, 'applications', 'requests_failed'))).toBe(1);
    expect(num(col(r, 'applications', 'requests_completed'))).toBe(0);
    expect(num(col(r, 'tiers', 'connections_busy_mean', 0))).toBeCloseTo(0.05, 12);
    expect(num(col(r, 'tiers', 'threads_busy_mean', 0))).toBeCloseTo(0.05, 12);
    expect(num(col(r, 'tiers', 'replicas_end', 1))).toBe(0);
  });
  test('the app host: the request fails, but the database finishes its query', () => {
    const r = failing(0);
    expect(num(col(r, 'applications', 'requests_failed'))).toBe(1);
    expect(num(col(r, 'tiers', 'visits', 1))).toBe(1);
    expect(num(col(r, 'tiers', 'cpu_utilization', 1))).toBeCloseTo(0.1, 12);
    expect(col(r, 'replicas', 'ended_s', 0)).toBe(0.5);
  });
});
