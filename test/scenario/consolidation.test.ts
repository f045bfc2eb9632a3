import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import type { HostSpec, VmSpec } from '../../src/model/specs.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/problems.js';
import type { ScenarioConfig } from '../../src/scenario/types.js';
import { BASE, problemsOf, yaml } from './helpers.js';

// dir/data/20110303/vm1      a PlanetLab day folder with one trace file
// dir/data/empty/sub/        a folder with no regular file
// dir/order.tsv, dir/traces.csv
// dir/scen/                  scenarios live here (relative paths start from it)
const dir = mkdtempSync(join(tmpdir(), 'dcsim-consolidation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'data', '20110303'), { recursive: true });
mkdirSync(join(dir, 'data', 'empty', 'sub'), { recursive: true });
mkdirSync(join(dir, 'scen'));
writeFileSync(join(dir, 'data', '20110303', 'vm1'), '12\n15\n');
writeFileSync(join(dir, 'order.tsv'), 'vm1\n');
writeFileSync(join(dir, 'traces.csv'), 'time_s,vm,cpu_pct\n0,a,10\n');
const scen = join(dir, 'scen');
const DAY = join(dir, 'data', '20110303');

const problems = (...lines: string[]): string[] => problemsOf(yaml(...BASE, ...lines), { baseDir: scen });
const parse = (lines: string[], set?: string[]): ScenarioConfig =>
  parseScenario(yaml(...BASE, ...lines), 'test.yaml', { baseDir: scen, set });
/** Lines 8-9 of a minimal consolidation scenario (BASE is lines 1-7). */
const TRACES = 'trace_vms: { synthetic: { count: 4 }, types: [small] }';

const power = (watts: number[]): HostSpec['power'] => ({ model: 'table', watts });
const host = (type: string, mips: number, watts: number[]): HostSpec => ({
  type,
  cores: 2,
  mips,
  ram: 4096,
  bw: 1000,
  diskBw: Infinity,
  storage: 1048576,
  power: power(watts),
  vmScheduler: 'time-shared',
});
const vm = (type: string, mips: number, ram: number): VmSpec => ({
  type,
  vcpus: 1,
  mips,
  ram,
  bw: 100,
  diskBw: 0,
  image: 0,
  bootTime: 0,
  taskScheduler: 'time-shared',
});
const G4W = [86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117];
const G5W = [93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135];

describe('a valid consolidation scenario', () => {
  test('every field, in base units; paths resolved against the scenario folder', () => {
    const file = join(scen, 'planetlab.yaml');
    writeFileSync(
      file,
      yaml(
        'name: planetlab',
        'duration: 24h',
        'compat: cloudsim',
        'host_types:',
        `  g4: { cores: 2, mips: 1860, ram: 4GiB, power: { watts: [${G4W.join(', ')}] } }`,
        `  g5: { cores: 2, mips: 2660, ram: 4GiB, power: { watts: [${G5W.join(', ')}] } }`,
        'vm_types:',
        '  big: { vcpus: 1, mips: 2500, ram: 870 }',
        '  medium: { vcpus: 1, mips: 2000, ram: 1740 }',
        '  small: { vcpus: 1, mips: 1000, ram: 1740 }',
        '  micro: { vcpus: 1, mips: 500, ram: 613 }',
        'datacenter:',
        '  layout: interleaved',
        '  hosts: [{ type: g4, count: 400 }, { type: g5, count: 400 }]',
        'trace_vms:',
        '  planetlab: ../data/20110303',
        '  order: ../order.tsv',
        '  types: [big, medium, small, micro]',
        'consolidation:',
        '  interval: 5m',
        '  power_management: migration',
        '  overload: { policy: lr, safety: 1.2 }',
        '  selection: mc',
        '  migration: { model: precopy, dirty_rate: 20MiB/s, downtime: 30ms, max_rounds: 10, max_factor: 2.5 }',
      ),
    );
    const g4 = host('g4', 1860, G4W);
    const g5 = host('g5', 2660, G5W);
    const types = { big: vm('big', 2500, 870), medium: vm('medium', 2000, 1740), small: vm('small', 1000, 1740), micro: vm('micro', 500, 613) };
    expect(loadScenario(file)).toEqual({
      name: 'planetlab',
      description: '',
      seed: 1,
      duration: 86400,
      metrics: { interval: 300, hosts: true, vms: false, tasks: false },
      hostTypes: { g4, g5 },
      vmTypes: types,
      compat: 'cloudsim',
      traceVms: {
        source: { kind: 'planetlab', folder: DAY, order: join(dir, 'order.tsv') },
        types: ['big', 'medium', 'small', 'micro'],
        specs: [types.big, types.medium, types.small, types.micro],
      },
      consolidation: {
        interval: 300,
        powerManagement: 'migration',
        overload: { policy: 'lr', param: 1.2 },
        selection: 'mc',
        migration: { model: 'precopy', dirtyRate: 20, downtime: 0.03, maxRounds: 10, maxFactor: 2.5 },
        hostPower: { standby: 0, bootTime: 0, shutdownTime: 0 },
      },
      datacenter: {
        placement: 'first-fit',
        layout: 'interleaved',
        cpuOvercommit: 1,
        hosts: [
          { type: 'g4', count: 400, spec: g4 },
          { type: 'g5', count: 400, spec: g5 },
        ],
      },
      actions: [],
      workloads: [],
    } satisfies ScenarioConfig);
  });

  test('trace_vms alone: power follows load, no migration (dvfs)', () => {
    const c = parse(['trace_vms: { planetlab: ../data/20110303, types: [small] }']);
    expect([c.compat, c.traceVms?.source, c.consolidation]).toEqual([
      'dcsim',
      { kind: 'planetlab', folder: DAY },
      { interval: 300, powerManagement: 'dvfs', hostPower: { standby: 0, bootTime: 0, shutdownTime: 0 }, overload: { policy: 'thr', param: 1 }, selection: 'mmt', migration: { model: 'cloudsim' } },
    ]);
  });

  test('csv and synthetic sources, with defaults', () => {
    expect(parse(['trace_vms: { csv: ../traces.csv, types: [small] }']).traceVms?.source).toEqual({
      kind: 'csv',
      file: join(dir, 'traces.csv'),
    });
    expect(parse([TRACES]).traceVms?.source).toEqual({ kind: 'synthetic', count: 4, samples: 288, step: 300 });
    expect(parse(['trace_vms: { synthetic: { count: 1052, samples: 2, step: 1m }, types: [small, small] }']).traceVms).toEqual({
      source: { kind: 'synthetic', count: 1052, samples: 2, step: 60 },
      types: ['small', 'small'],
      specs: [vm('small', 1000, 1024), vm('small', 1000, 1024)],
    });
  });

  test('consolidation defaults: migration, mmt, the cloudsim migration model, CloudSim parameters per policy', () => {
    expect(parse([TRACES, 'consolidation: { overload: { policy: thr } }']).consolidation).toEqual({
      interval: 300,
      powerManagement: 'migration',
      hostPower: { standby: 0, bootTime: 0, shutdownTime: 0 },
      overload: { policy: 'thr', param: 0.8 },
      selection: 'mmt',
      migration: { model: 'cloudsim' },
    });
    const param = (policy: string) => parse([TRACES, `consolidation: { overload: { policy: ${policy} } }`]).consolidation?.overload.param;
    expect(['thr', 'iqr', 'mad', 'lr', 'lrr'].map(param)).toEqual([0.8, 1.5, 2.5, 1.2, 1.2]);
    expect(parse([TRACES, 'consolidation: { overload: { policy: thr, threshold: 1 }, migration: {} }']).consolidation).toMatchObject({
      overload: { policy: 'thr', param: 1 },
      migration: { model: 'cloudsim' },
    });
    expect(parse([TRACES, 'consolidation: { overload: { policy: mad }, migration: { model: precopy } }']).consolidation?.migration).toEqual({
      model: 'precopy',
      dirtyRate: 0,
      downtime: 0.03,
      maxRounds: 29,
      maxFactor: 3,
    });
    const rate = (v: string) =>
      parse([TRACES, `consolidation: { overload: { policy: mad }, migration: { model: precopy, dirty_rate: ${v} } }`]).consolidation?.migration;
    expect(['20', '1GiB', '"1 GiB / s"', '0'].map((v) => (rate(v) as { dirtyRate: number }).dirtyRate)).toEqual([20, 1024, 1024, 0]);
  });

  test('power_management dvfs and none: the unused overload, selection and migration get stand-ins', () => {
    for (const pm of ['dvfs', 'none'] as const) {
      expect(parse([TRACES, `consolidation: { interval: 1m, power_management: ${pm} }`]).consolidation).toEqual({
        interval: 60,
        powerManagement: pm,
        hostPower: { standby: 0, bootTime: 0, shutdownTime: 0 },
        overload: { policy: 'thr', param: 1 },
        selection: 'mmt',
        migration: { model: 'cloudsim' },
      });
    }
    // a null overload counts as absent, so --set can turn migration off
    const c = parse([TRACES, 'consolidation: { overload: { policy: thr } }'], ['consolidation.power_management=dvfs', 'consolidation.overload=']);
    expect(c.consolidation?.powerManagement).toBe('dvfs');
  });

  test('layout: grouped by default, interleaved on request (the config keeps the host groups)', () => {
    expect(parse([]).datacenter.layout).toBe('grouped');
    const c = parse(['  layout: interleaved', 'vms: [{ type: small }]', 'timeline: [{ at: 1h, fail_host: { host: 3 } }]']);
    expect([c.datacenter.layout, c.datacenter.hosts.length, c.actions.at(-1)]).toEqual(['interleaved', 1, { at: 3600, kind: 'fail-host', hosts: [3] }]);
  });

  test('empty vms, timeline and workloads lists are not in the way', () => {
    expect(parse([TRACES, 'vms: []', 'timeline: []', 'workloads:']).traceVms?.types).toEqual(['small']);
  });
});

describe('problems, located', () => {
  test('trace paths: missing folder, folder without files, missing files', () => {
    expect(problems('trace_vms:', '  planetlab: ../data/20110304', '  order: nope.tsv', '  types: [small]')).toEqual([
      `test.yaml:9:14: trace_vms.planetlab: trace folder not found: ${join(dir, 'data', '20110304')}`,
      `test.yaml:10:10: trace_vms.order: file not found: ${join(scen, 'nope.tsv')}`,
    ]);
    expect(problems('trace_vms: { planetlab: ../data/empty, types: [small] }')).toEqual([
      `test.yaml:8:25: trace_vms.planetlab: no trace files in ${join(dir, 'data', 'empty')}`,
    ]);
    expect(problems('trace_vms: { planetlab: ../order.tsv, order: ../data, types: [small] }')).toEqual([
      `test.yaml:8:25: trace_vms.planetlab: expected a folder, got a file: ${join(dir, 'order.tsv')}`,
      `test.yaml:8:46: trace_vms.order: expected a file, got a folder: ${join(dir, 'data')}`,
    ]);
    expect(problems('trace_vms: { csv: traces.csv, types: [small] }')).toEqual([
      `test.yaml:8:19: trace_vms.csv: file not found: ${join(scen, 'traces.csv')}`,
    ]);
  });

  test('exactly one trace source; order only with planetlab', () => {
    expect(problems('trace_vms: { types: [small] }')).toEqual([
      'test.yaml:8:12: trace_vms: expected exactly one trace source: planetlab, csv, synthetic',
    ]);
    expect(problems('trace_vms: { csv: ../traces.csv, synthetic: { count: 0 }, order: ../order.tsv, types: [small] }')).toEqual([
      'test.yaml:8:34: trace_vms.synthetic: only one trace source per scenario, this one already has csv',
      'test.yaml:8:54: trace_vms.synthetic.count: expected an integer >= 1, got 0',
      'test.yaml:8:59: trace_vms.order: order applies only to planetlab traces (it orders the files of a planetlab folder)',
    ]);
    expect(problems('trace_vms: { synthetic: { count: 10, samples: 1, step: 0s, seed: 3 }, type: [small] }')).toEqual([
      'test.yaml:8:12: trace_vms: missing required key "types"',
      'test.yaml:8:47: trace_vms.synthetic.samples: expected an integer >= 2, got 1',
      'test.yaml:8:56: trace_vms.synthetic.step: expected a duration > 0, got "0s"',
      'test.yaml:8:60: trace_vms.synthetic.seed: unknown key "seed" (did you mean "step"? allowed keys: count, samples, step)',
      'test.yaml:8:71: trace_vms.type: unknown key "type" (did you mean "types"? allowed keys: planetlab, order, csv, synthetic, types)',
    ]);
  });

  test('trace VM types: non-empty, defined (did-you-mean), fitting some host type', () => {
    expect(
      problemsOf(
        yaml(
          'name: t',
          'host_types:',
          '  g4: { cores: 2, mips: 1860, ram: 4GiB }',
          'vm_types:',
          '  small: { vcpus: 1, mips: 1000, ram: 1GiB }',
          '  big: { vcpus: 1, mips: 2500, ram: 1GiB }',
          'datacenter:',
          '  hosts: [{ type: g4, count: 4 }]',
          'trace_vms: { synthetic: { count: 4 }, types: [small, smal, big, 3] }',
        ),
      ),
    ).toEqual([
      'test.yaml:9:54: trace_vms.types.1: unknown vm type "smal" (did you mean "small"? vm_types defines: small, big)',
      'test.yaml:9:60: trace_vms.types.2: vm type "big" fits no host in the datacenter: host type g4 lacks MIPS per core (needs 2500, has 1860)',
      'test.yaml:9:65: trace_vms.types.3: expected a non-empty string, got 3',
    ]);
    expect(problems('trace_vms: { synthetic: { count: 4 }, types: [] }')).toEqual([
      'test.yaml:8:46: trace_vms.types: expected at least one vm type, got an empty list',
    ]);
    expect(problems('trace_vms: { synthetic: { count: 4 }, types: small }')).toEqual([
      'test.yaml:8:46: trace_vms.types: expected a list of vm type names such as [big, small], got "small"',
    ]);
  });

  test('sections that do not go together', () => {
    expect(problems('vms: [{ type: small }]', 'trace_vms: { synthetic: { count: 4 }, types: [small] }', 'workloads: [{ name: w, count: 1, interarrival: 1s, length: 1 }]')).toEqual([
      'test.yaml:9:1: trace_vms: a consolidation scenario cannot also have vms, timeline or workloads yet (this one has vms, workloads)',
    ]);
    expect(problems('consolidation: { overload: { policy: thr } }', 'compat: cloudsim')).toEqual([
      'test.yaml:8:1: consolidation: consolidation requires trace_vms (the trace-driven VMs it consolidates)',
      'test.yaml:9:9: compat: compat: cloudsim applies to consolidation scenarios (trace_vms) only',
    ]);
    expect(problems('  layout: interlaved', 'compat: cloudsm')).toEqual([
      'test.yaml:8:11: datacenter.layout: expected one of grouped, interleaved, got "interlaved" (did you mean "interleaved"?)',
      'test.yaml:9:9: compat: expected one of dcsim, cloudsim, got "cloudsm" (did you mean "cloudsim"?)',
    ]);
  });

  test('policy names with did-you-mean', () => {
    expect(problems(TRACES, 'consolidation:', '  power_managment: migration', '  overload: { policy: thrr, threshold: 0.8 }', '  selection: mmtt')).toEqual([
      'test.yaml:10:3: consolidation.power_managment: unknown key "power_managment" (did you mean "power_management"? allowed keys: interval, power_management, overload, selection, migration, host_power)',
      'test.yaml:11:23: consolidation.overload.policy: expected one of thr, iqr, mad, lr, lrr, got "thrr" (did you mean "thr"?)',
      'test.yaml:12:14: consolidation.selection: expected one of mmt, mc, mu, rs, got "mmtt" (did you mean "mmt"?)',
    ]);
    expect(problems(TRACES, 'consolidation: { power_management: dfvs, migration: { model: pre-copy, dirty_rat: 1 } }')).toEqual([
      'test.yaml:9:36: consolidation.power_management: expected one of migration, dvfs, none, got "dfvs" (did you mean "dvfs"?)',
      'test.yaml:9:62: consolidation.migration.model: expected one of cloudsim, precopy, got "pre-copy" (did you mean "precopy"?)',
      'test.yaml:9:72: consolidation.migration.dirty_rat: unknown key "dirty_rat" (did you mean "dirty_rate"? allowed keys: model, dirty_rate, downtime, max_rounds, max_factor)',
    ]);
  });

  test('threshold in (0, 1], safety > 0, each with its own policies', () => {
    expect(
      problems(
        TRACES,
        'consolidation:',
        '  overload: { policy: thr, threshold: 0 }',
        'timeline: []',
      ),
    ).toEqual(['test.yaml:10:39: consolidation.overload.threshold: expected a number > 0 and <= 1, got 0']);
    expect(problems(TRACES, 'consolidation: { overload: { policy: thr, threshold: 1.5 } }')).toEqual([
      'test.yaml:9:54: consolidation.overload.threshold: expected a number > 0 and <= 1, got 1.5',
    ]);
    expect(problems(TRACES, 'consolidation: { overload: { policy: iqr, safety: 0 } }')).toEqual([
      'test.yaml:9:51: consolidation.overload.safety: expected a number > 0, got 0',
    ]);
    expect(problems(TRACES, 'consolidation: { overload: { policy: thr, safety: 1.5 } }')).toEqual([
      'test.yaml:9:43: consolidation.overload.safety: unknown key "safety" (thr takes threshold; safety belongs to iqr, mad, lr, lrr)',
    ]);
    expect(problems(TRACES, 'consolidation: { overload: { policy: lr, threshold: 0.8 } }')).toEqual([
      'test.yaml:9:42: consolidation.overload.threshold: unknown key "threshold" (lr takes safety; threshold belongs to thr)',
    ]);
    expect(problems(TRACES, 'consolidation: { overload: { threshhold: 0.8 } }')).toEqual([
      'test.yaml:9:28: consolidation.overload: missing required key "policy"',
      'test.yaml:9:30: consolidation.overload.threshhold: unknown key "threshhold" (did you mean "threshold"? allowed keys: policy, threshold, safety)',
    ]);
    expect(problems(TRACES, 'consolidation:', '  overload:', '    ? policy')).toEqual([
      'test.yaml:11:7: consolidation.overload.policy: expected one of thr, iqr, mad, lr, lrr, got nothing',
    ]);
    expect(problems(TRACES, 'consolidation: { overload: { policy: } }')).toEqual([
      'test.yaml:9:38: consolidation.overload.policy: expected one of thr, iqr, mad, lr, lrr, got nothing',
    ]);
  });

  test('overload is required with migration, and only migration takes overload, selection, migration', () => {
    expect(problems(TRACES, 'consolidation: { interval: 0 }')).toEqual([
      'test.yaml:9:16: consolidation: missing required key "overload" (power_management: migration needs an overload policy such as {policy: thr, threshold: 0.8})',
      'test.yaml:9:28: consolidation.interval: expected a duration > 0, got 0',
    ]);
    expect(
      problems(TRACES, 'consolidation:', '  power_management: none', '  overload: { policy: thr, threshold: 0.8 }', '  selection: mmt', '  migration: { model: cloudsim }'),
    ).toEqual([
      'test.yaml:11:3: consolidation.overload: overload only applies with power_management: migration, not none (remove it, or set power_management: migration)',
      'test.yaml:12:3: consolidation.selection: selection only applies with power_management: migration, not none (remove it, or set power_management: migration)',
      'test.yaml:13:3: consolidation.migration: migration only applies with power_management: migration, not none (remove it, or set power_management: migration)',
    ]);
  });

  test('migration models', () => {
    expect(
      problems(TRACES, 'consolidation:', '  overload: { policy: mad }', '  migration: { model: precopy, dirty_rate: -1, downtime: 0, max_rounds: 0, max_factor: 0.5 }'),
    ).toEqual([
      'test.yaml:11:44: consolidation.migration.dirty_rate: expected a memory rate >= 0, got -1',
      'test.yaml:11:58: consolidation.migration.downtime: expected a duration > 0, got 0',
      'test.yaml:11:73: consolidation.migration.max_rounds: expected an integer >= 1, got 0',
      'test.yaml:11:88: consolidation.migration.max_factor: expected a number >= 1, got 0.5',
    ]);
    expect(problems(TRACES, 'consolidation: { overload: { policy: mad }, migration: { dirty_rate: 20MiB/s } }')).toEqual([
      'test.yaml:9:58: consolidation.migration.dirty_rate: unknown key "dirty_rate" (dirty_rate belongs to model: precopy)',
    ]);
    expect(problems(TRACES, 'consolidation: { overload: { policy: mad }, migration: { model: precopy, dirty_rate: 20MBps } }')).toEqual([
      'test.yaml:9:86: consolidation.migration.dirty_rate: expected a memory rate such as "20MiB/s" or a number of MiB per second, got "20MBps" (unknown unit "MBps"; accepted units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)',
    ]);
    expect(problems(TRACES, 'consolidation: { overload: { policy: mad }, migration: cloudsim }')).toEqual([
      'test.yaml:9:56: consolidation.migration: expected a migration model such as {model: cloudsim} or {model: precopy, dirty_rate: 20MiB/s}, got "cloudsim"',
    ]);
  });

  test('--set on consolidation.overload.threshold', () => {
    const lines = [TRACES, 'consolidation: { overload: { policy: thr, threshold: 0.8 } }'];
    expect(parse(lines, ['consolidation.overload.threshold=0.9']).consolidation?.overload).toEqual({ policy: 'thr', param: 0.9 });
    expect(problemsOf(yaml(...BASE, ...lines), { baseDir: scen, set: ['consolidation.overload.threshold=1.5'] })).toEqual([
      '--set "consolidation.overload.threshold=1.5": consolidation.overload.threshold: expected a number > 0 and <= 1, got 1.5',
    ]);
    expect(problemsOf(yaml(...BASE, ...lines), { baseDir: scen, set: ['consolidation.overload.policy=lr'] })).toEqual([
      'test.yaml:9:43: consolidation.overload.threshold: unknown key "threshold" (lr takes safety; threshold belongs to thr)',
    ]);
  });
});

test('any --set value on the consolidation sections yields a config or a ScenarioError, never a crash (property)', () => {
  const text = yaml(...BASE, 'trace_vms: { planetlab: ../data/20110303, types: [small] }', 'consolidation: { overload: { policy: thr } }');
  const paths = [
    'compat', 'datacenter.layout', 'trace_vms', 'trace_vms.planetlab', 'trace_vms.order', 'trace_vms.csv', 'trace_vms.synthetic',
    'trace_vms.synthetic.count', 'trace_vms.types', 'trace_vms.types.0', 'consolidation', 'consolidation.interval',
    'consolidation.power_management', 'consolidation.overload', 'consolidation.overload.policy', 'consolidation.overload.threshold',
    'consolidation.overload.safety', 'consolidation.selection', 'consolidation.migration', 'consolidation.migration.model',
    'consolidation.migration.dirty_rate', 'vms', 'workloads',
  ];
  const values = fc.oneof(
    fc.constantFrom('', '~', '0', '-1', '1.5', 'true', '[]', '{}', '[small]', 'cloudsim', 'interleaved', 'precopy', 'dvfs', 'none',
      'lr', 'thr', 'mmt', '5m', '20MiB/s', '../traces.csv', '../order.tsv', '../data/empty', '{count: 3}', '{policy: iqr}', '"*"'),
    fc.string({ maxLength: 12 }),
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), values), { maxLength: 4 }), (sets) => {
      try {
        parseScenario(text, 'test.yaml', { set: sets.map(([p, v]) => `${p}=${v}`), baseDir: scen });
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        expect(e.problems.length).toBeGreaterThan(0);
        // every rejection names its cause (never the catch-all)
        expect(e.problems.map((p) => p.message)).not.toContain('the scenario is invalid');
      }
    }),
    { numRuns: 500 },
  );
});
