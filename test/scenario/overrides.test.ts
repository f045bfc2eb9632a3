import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/problems.js';
import { BASE, problemsOf, yaml } from './helpers.js';

const TEXT = yaml(
  ...BASE,
  'vms: [{ type: small, count: 2, group: web }]',
  'workloads:',
  '  - { name: w, group: web, stop: 1h, interarrival: 1s, length: 1GI }',
);
const parse = (...set: string[]) => parseScenario(TEXT, 'test.yaml', { set });

describe('--set', () => {
  test('nested map paths, with units', () => {
    const c = parse('host_types.g4.ram=8GiB', 'host_types.g4.power.idle=50W', 'host_types.g4.power.max=0.15kW', 'metrics.interval=1m');
    expect(c.hostTypes.g4.ram).toBe(8192);
    expect(c.datacenter.hosts[0].spec.ram).toBe(8192);
    expect(c.hostTypes.g4.power).toEqual({ model: 'linear', idle: 50, max: 150 }); // the power map is created
    expect(c.metrics.interval).toBe(60);
  });

  test('sequence indices', () => {
    const c = parse('datacenter.hosts.0.count=10', 'workloads.0.stop=2h', 'vms.0.group=api', 'workloads.0.group=api');
    expect(c.datacenter.hosts[0].count).toBe(10);
    expect(c.workloads[0].kind === 'generated' && c.workloads[0].stop).toBe(7200);
    expect(c.actions[0]).toMatchObject({ kind: 'create-vms', group: 'api' });
  });

  test('index = length appends; missing lists and maps are created', () => {
    const c = parse('datacenter.hosts.1={type: g4, count: 3}', 'timeline.0={at: 5m, fail_host: {host: 6}}');
    expect(c.datacenter.hosts.map((h) => h.count)).toEqual([4, 3]);
    expect(c.actions.at(-1)).toEqual({ at: 300, kind: 'fail-host', hosts: [6] });
  });

  test('values are YAML: booleans, numbers, lists, maps, strings', () => {
    const c = parse(
      'metrics.tasks=true',
      'seed=12',
      'timeline=[{at: 1m, fail_host: {hosts: [1, 2]}}]',
      'workloads.0.length={dist: constant, value: 3}',
      'description=hello world',
      'duration=',
    );
    expect(c.metrics.tasks).toBe(true);
    expect(c.seed).toBe(12);
    expect(c.actions.at(-1)).toEqual({ at: 60, kind: 'fail-host', hosts: [1, 2] });
    expect(c.workloads[0].kind === 'generated' && c.workloads[0].length).toEqual({ dist: 'constant', value: 3 });
    expect(c.description).toBe('hello world');
    expect(c.duration).toBe(Infinity); // an empty value is null: the default
  });

  test('a later --set wins; opts.seed beats seed=', () => {
    expect(parse('seed=1', 'seed=2').seed).toBe(2);
    expect(parseScenario(TEXT, 'test.yaml', { set: ['seed=5'], seed: 9 }).seed).toBe(9);
  });

  test('a bad value is reported against the --set, not the file', () => {
    expect(problemsOf(TEXT, { set: ['host_types.g4.ram=4 gigs'] })).toEqual([
      '--set "host_types.g4.ram=4 gigs": host_types.g4.ram: expected a memory size such as "4GiB" or a number of MiB, got "4 gigs" (unknown unit "gigs"; accepted units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)',
    ]);
    expect(problemsOf(TEXT, { set: ['datacenter.hosts.0.count=0'] })).toEqual([
      '--set "datacenter.hosts.0.count=0": datacenter.hosts.0.count: expected an integer >= 1, got 0',
    ]);
  });

  test('unknown keys and problems inside a --set map are the --set\'s', () => {
    expect(problemsOf(TEXT, { set: ['host_types.g4.rma=8GiB', 'datacenter.hosts.0={type: g5}'] })).toEqual([
      '--set "host_types.g4.rma=8GiB": host_types.g4.rma: unknown key "rma" (did you mean "ram"? allowed keys: cores, mips, ram, bw, disk_bw, storage, power, vm_scheduler)',
      '--set "datacenter.hosts.0={type: g5}": datacenter.hosts.0.type: unknown host type "g5" (did you mean "g4"? host_types defines: g4)',
    ]);
  });

  test('--set problems come first, then the file\'s, by line', () => {
    const text = yaml(...BASE, 'seed: -1');
    expect(problemsOf(text, { set: ['vm_types.small.vcpus=0'] })).toEqual([
      '--set "vm_types.small.vcpus=0": vm_types.small.vcpus: expected an integer >= 1, got 0',
      'test.yaml:8:7: seed: expected an integer from 0 to 4294967295, got -1',
    ]);
  });

  test('malformed --set and paths that cannot be followed', () => {
    expect(
      problemsOf(TEXT, {
        set: ['seed', '=3', 'a..b=1', 'name.x=1', 'datacenter.hosts.5.count=1', 'datacenter.hosts.first=1', 'seed=[1', 'seed=7'],
      }),
    ).toEqual([
      '--set "seed": expected path=value, e.g. datacenter.hosts.0.count=10',
      '--set "=3": expected a dotted path such as host_types.g4.ram before "=", got ""',
      '--set "a..b=1": expected a dotted path such as host_types.g4.ram before "=", got "a..b"',
      '--set "seed=[1": seed: the value is not valid YAML: Flow sequence must end with a ] (quote strings that contain ":", "#", "[" or "{")',
      '--set "name.x=1": name.x: cannot set a value inside name: it is "t", not a map or list',
      '--set "datacenter.hosts.5.count=1": datacenter.hosts.5.count: expected an index from 0 to 1 after datacenter.hosts (it has 1 item; 1 appends), got 5',
      '--set "datacenter.hosts.first=1": datacenter.hosts.first: expected a list index after datacenter.hosts (it is a list), got "first"',
    ]);
  });

  test('the file\'s YAML syntax errors and malformed --sets are reported together', () => {
    expect(problemsOf(yaml('name: t', 'name: u'), { set: ['oops'] })).toEqual([
      '--set "oops": expected path=value, e.g. datacenter.hosts.0.count=10',
      'test.yaml:2:1: YAML syntax error: Map keys must be unique',
    ]);
  });

  test('--set can complete an empty file', () => {
    const c = parseScenario('', 'test.yaml', {
      set: [
        'name=fromset',
        'host_types={g4: {cores: 1, mips: 1000, ram: 1GiB}}',
        'vm_types.v={vcpus: 1, mips: 1000, ram: 1GiB}',
        'datacenter.hosts.0.type=g4',
      ],
    });
    expect([c.name, c.datacenter.hosts.length, c.vmTypes.v.ram]).toEqual(['fromset', 1, 1024]);
  });
});

test('any --set value yields a config or a ScenarioError, never a crash (property)', () => {
  const paths = [
    'name', 'seed', 'duration', 'metrics', 'metrics.interval', 'host_types', 'host_types.g4', 'host_types.g4.ram',
    'host_types.g4.power', 'host_types.g4.power.watts', 'vm_types.small', 'datacenter.hosts', 'datacenter.hosts.0',
    'datacenter.hosts.0.count', 'vms', 'vms.0.type', 'timeline', 'timeline.0', 'workloads.0.length', 'workloads.0.interarrival',
    'workloads.0.trace', 'workloads.0.cores', 'workloads.0',
  ];
  const values = fc.oneof(
    fc.constantFrom('', '~', '0', '-1', '1.5', 'true', '[]', '{}', '[1, 2]', '{dist: uniform}', '{dist: empirical, values: [1]}',
      '8GiB', '5m', 'g4', 'small', '.inf', '.nan', '{a: *x}', '"*"', '{at: 0}', '{host: 99}', 'x.csv', '[{type: g4}]'),
    fc.string({ maxLength: 12 }),
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), values), { maxLength: 4 }), (sets) => {
      try {
        parseScenario(TEXT, 'test.yaml', { set: sets.map(([p, v]) => `${p}=${v}`), baseDir: '/nowhere' });
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        expect(e.problems.length).toBeGreaterThan(0);
      }
    }),
    { numRuns: 500 },
  );
});
