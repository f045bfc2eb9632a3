/** The `applications` section: a valid example, and bad input reported with file:line:column (exit code 2). */
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { runCli, tmp, writeScenario } from '../cli/helpers.js';
import { BASE, problemsOf, yaml } from '../scenario/helpers.js';

// BASE is lines 1-7; these are lines 8 onwards.
const APP = [
  'duration: 1h', // 8
  'applications:', // 9
  '  - name: shop', // 10
  '    warmup: 5m', // 11
  '    tiers:', // 12
  '      - { name: web, vm_type: small, replicas: 2, threads: 50 }', // 13
  '      - { name: db, vm_type: small, connections: 8, balancer: least-connections }', // 14
  '    classes:', // 15
  '      - name: browse', // 16
  '        route:', // 17
  '          - { tier: web, cpu: 2ms }', // 18
  '          - { tier: db, cpu: { dist: exponential, mean: 4ms }, visits: 2.5 }', // 19
  '    workload: { users: 100, think: { dist: exponential, mean: 5s } }', // 20
];
const text = (...lines: string[]) => yaml(...BASE, ...lines);
const edit = (i: number, line: string) => APP.map((l, k) => (k === i - 8 ? line : l));

test('a valid application: demands in MI at the tier\'s vCPU speed, visits, workload', () => {
  const c = parseScenario(text(...APP), 'test.yaml');
  const a = c.applications![0];
  expect(a.model.tiers.map((t) => [t.name, t.replicas, t.threads, t.connections, t.balancer])).toEqual([
    ['web', 2, 50, Infinity, 'round-robin'],
    ['db', 1, Infinity, 8, 'least-connections'],
  ]);
  expect(a.model.classes[0].route[0].cpu).toEqual({ dist: 'constant', value: 2 }); // 2 ms at 1000 MIPS
  expect(a.model.classes[0].route[1]).toMatchObject({ tier: 1, cpu: { dist: 'exponential', mean: 4 }, visits: 2.5 });
  expect(a.workload).toEqual({ kind: 'closed', users: 100, think: { dist: 'exponential', mean: 5 } });
  expect(a.model.warmup).toBe(300);
});

test('cpu_work gives MI directly; reference_mips converts cpu times', () => {
  const lines = edit(19, '          - { tier: db, cpu_work: { dist: exponential, mean: 50MI } }');
  lines.splice(3, 0, '    reference_mips: 2GIPS');
  const c = parseScenario(text(...lines), 'test.yaml');
  expect(c.applications![0].model.classes[0].route.map((h) => h.cpu)).toEqual([
    { dist: 'constant', value: 4 }, // 2 ms at 2000 MIPS
    { dist: 'exponential', mean: 50 },
  ]);
  expect(problemsOf(text(...edit(19, '          - { tier: db, cpu: 4ms, cpu_work: 50MI }')))).toEqual([
    'test.yaml:19:35: applications.0.classes.0.route.1.cpu_work: expected cpu or cpu_work, got both (cpu is seconds at the reference speed, cpu_work million instructions: give one)',
  ]);
});

describe('bad input', () => {
  test('a tier whose vm type is not defined (did you mean)', () => {
    expect(problemsOf(text(...edit(14, '      - { name: db, vm_type: smal }')))).toEqual([
      'test.yaml:14:30: applications.0.tiers.1.vm_type: unknown vm type "smal" (did you mean "small"? vm_types defines: small)',
    ]);
  });
  test('pools of size 0', () => {
    expect(problemsOf(text(...edit(13, '      - { name: web, vm_type: small, threads: 0, connections: 0 }')))).toEqual([
      'test.yaml:13:47: applications.0.tiers.0.threads: expected an integer >= 1, got 0',
      'test.yaml:13:63: applications.0.tiers.0.connections: expected an integer >= 1, got 0',
    ]);
  });
  test('a route naming a missing tier', () => {
    expect(problemsOf(text(...edit(19, '          - { tier: dbb, cpu: 4ms }')))).toEqual([
      'test.yaml:19:21: applications.0.classes.0.route.1.tier: unknown tier "dbb" (did you mean "db"? the application defines: web, db)',
    ]);
  });
  test('a rate schedule that is not sorted', () => {
    const lines = [...APP.slice(0, 12), '    workload:', '      schedule:', '        - { at: 0, rate: 5 }', '        - { at: 2h, rate: 10 }', '        - { at: 1h, rate: 1 }'];
    expect(problemsOf(text(...lines))).toEqual([
      "test.yaml:24:17: applications.0.workload.schedule.2.at: expected a time after the previous step's (7200 s), got 3600 s (list the steps in time order)",
    ]);
  });
  test('no duration, two workload kinds, a first hop with visits, scale_in above scale_out', () => {
    const lines = [
      ...APP.slice(1, 5),
      '      - { name: web, vm_type: small, autoscale: { metric: cpu, scale_out: 0.5, scale_in: 0.6, max: 4 } }',
      ...APP.slice(6, 10),
      '          - { tier: web, cpu: 2ms, visits: 2 }',
      APP[11],
      '    workload: { users: 10, rate: 5 }',
    ];
    expect(problemsOf(text(...lines))).toEqual([
      'test.yaml:9:3: applications: a scenario with applications needs a duration (add duration: (e.g. 1h) at the top level)',
      'test.yaml:12:90: applications.0.tiers.0.autoscale.scale_in: expected scale_in < scale_out (0.5), got 0.6 (the gap keeps the tier from flapping)',
      'test.yaml:17:44: applications.0.classes.0.route.0.visits: expected 1 on the first hop (it is visited once per request), got 2',
      'test.yaml:19:15: applications.0.workload: expected exactly one of users, rate, schedule, diurnal, trace, got users and rate',
    ]);
  });
  test('the CLI exits with code 2 and prints the located problem', () => {
    const f = writeScenario(tmp(), text(...edit(14, '      - { name: db, vm_type: large }')));
    const r = runCli(['validate', f]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(':14:30: applications.0.tiers.1.vm_type: unknown vm type "large"');
  });
});
