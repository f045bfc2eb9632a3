import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/problems.js';
import type { HostSpec, VmSpec } from '../../src/model/specs.js';
import type { ScenarioConfig } from '../../src/scenario/types.js';
import { BASE, problemsOf, yaml } from './helpers.js';

const FULL = yaml(
  'name: quickstart',
  'description: two host types, web VMs, a batch workload',
  'seed: 42',
  'duration: 2h',
  'metrics:',
  '  interval: 5m',
  '  vms: true',
  'host_types:',
  '  g4:',
  '    cores: 2',
  '    mips: 1860',
  '    ram: 4GiB',
  '    bw: 1Gbps',
  '    storage: 1TB',
  '    power: { model: linear, idle: 86W, max: 117W }',
  '  g5:',
  '    cores: 4',
  '    mips: 2.5GIPS',
  '    ram: 8192',
  '    power: { model: table, watts: [86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117] }',
  '    vm_scheduler: space-shared',
  'vm_types:',
  '  small:',
  '    vcpus: 1',
  '    mips: 1000',
  '    ram: 1GiB',
  '    bw: 100Mbps',
  '    image: 2.5GB',
  '    boot_time: 30s',
  '    task_scheduler: space-shared',
  'datacenter:',
  '  placement: best-fit',
  '  cpu_overcommit: 1.5',
  '  hosts:',
  '    - { type: g4, count: 40 }',
  '    - { type: g5 }',
  'vms:',
  '  - { type: small, count: 10, group: web }',
  'timeline:',
  '  - at: 2h',
  '    fail_host: { hosts: [3, 40] }',
  '  - at: 0s',
  '    create_vms: { type: small, count: 2 }',
  '  - at: 10m',
  '    submit_tasks: { group: web, count: 100, length: 50GI, cores: 2, broker: least-loaded }',
  '  - at: 1h',
  '    destroy_vms: { group: web, count: 2 }',
  '  - at: 1h',
  '    destroy_vms: { group: small }',
  '  - at: 90m',
  '    fail_host: { host: 0 }',
  'workloads:',
  '  - name: batch',
  '    group: web',
  '    broker: random',
  '    start: 1m',
  '    stop: 1h',
  '    count: 1000',
  '    interarrival: { dist: exponential, mean: 2s }',
  '    length: { dist: lognormal, mu: 10, sigma: 1 }',
  '    cores: { dist: empirical, values: [1, 2, 4], weights: [0.5, 0.3, 0.2] }',
  '  - name: open',
  '    interarrival: 500ms',
  '    length: { dist: uniform, min: 1GI, max: 2GI }',
);

const G4: HostSpec = {
  type: 'g4',
  cores: 2,
  mips: 1860,
  ram: 4096,
  bw: 1000,
  diskBw: Infinity,
  storage: 953674.31640625,
  power: { model: 'linear', idle: 86, max: 117 },
  vmScheduler: 'time-shared',
};
const G5: HostSpec = {
  type: 'g5',
  cores: 4,
  mips: 2500,
  ram: 8192,
  bw: 1000,
  diskBw: Infinity,
  storage: 1048576,
  power: { model: 'table', watts: [86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117] },
  vmScheduler: 'space-shared',
};
const SMALL: VmSpec = {
  type: 'small',
  vcpus: 1,
  mips: 1000,
  ram: 1024,
  bw: 100,
  diskBw: 0,
  image: 2384.185791015625,
  bootTime: 30,
  taskScheduler: 'space-shared',
};

describe('a valid scenario', () => {
  test('every field, in base units', () => {
    const expected: ScenarioConfig = {
      name: 'quickstart',
      description: 'two host types, web VMs, a batch workload',
      seed: 42,
      duration: 7200,
      metrics: { interval: 300, hosts: true, vms: true, tasks: false },
      hostTypes: { g4: G4, g5: G5 },
      vmTypes: { small: SMALL },
      compat: 'dcsim',
      datacenter: {
        placement: 'best-fit',
        layout: 'grouped',
        cpuOvercommit: 1.5,
        hosts: [
          { type: 'g4', count: 40, spec: G4 },
          { type: 'g5', count: 1, spec: G5 },
        ],
      },
      actions: [
        // vms sugar first, then timeline entries, stable-sorted by time
        { at: 0, kind: 'create-vms', vmType: 'small', spec: SMALL, count: 10, group: 'web' },
        { at: 0, kind: 'create-vms', vmType: 'small', spec: SMALL, count: 2, group: 'small' },
        {
          at: 600,
          kind: 'submit-tasks',
          group: 'web',
          count: 100,
          length: { dist: 'constant', value: 50000 },
          cores: { dist: 'constant', value: 2 },
          broker: 'least-loaded',
        },
        { at: 3600, kind: 'destroy-vms', group: 'web', count: 2 },
        { at: 3600, kind: 'destroy-vms', group: 'small', count: Infinity },
        { at: 5400, kind: 'fail-host', hosts: [0] },
        { at: 7200, kind: 'fail-host', hosts: [3, 40] },
      ],
      workloads: [
        {
          kind: 'generated',
          name: 'batch',
          group: 'web',
          broker: 'random',
          start: 60,
          stop: 3600,
          count: 1000,
          interarrival: { dist: 'exponential', mean: 2 },
          length: { dist: 'lognormal', mu: 10, sigma: 1 },
          cores: { dist: 'empirical', values: [1, 2, 4], weights: [0.5, 0.3, 0.2] },
        },
        {
          kind: 'generated',
          name: 'open',
          group: '*',
          broker: 'round-robin',
          start: 0,
          stop: Infinity,
          count: Infinity,
          interarrival: { dist: 'constant', value: 0.5 },
          length: { dist: 'uniform', min: 1000, max: 2000 },
          cores: { dist: 'constant', value: 1 },
        },
      ],
    };
    expect(parseScenario(FULL, 'test.yaml')).toEqual(expected);
  });

  test('defaults', () => {
    const c = parseScenario(yaml(...BASE), 'test.yaml');
    expect(c).toEqual({
      name: 't',
      description: '',
      seed: 1,
      duration: Infinity,
      metrics: { interval: 300, hosts: true, vms: false, tasks: false },
      hostTypes: {
        g4: {
          type: 'g4',
          cores: 2,
          mips: 1860,
          ram: 4096,
          bw: 1000,
          diskBw: Infinity,
          storage: 1048576,
          power: { model: 'linear', idle: 70, max: 250 },
          vmScheduler: 'time-shared',
        },
      },
      vmTypes: {
        small: { type: 'small', vcpus: 1, mips: 1000, ram: 1024, bw: 100, diskBw: 0, image: 0, bootTime: 0, taskScheduler: 'time-shared' },
      },
      compat: 'dcsim',
      datacenter: { placement: 'first-fit', layout: 'grouped', cpuOvercommit: 1, hosts: [{ type: 'g4', count: 4, spec: c.hostTypes.g4 }] },
      actions: [],
      workloads: [],
    } satisfies ScenarioConfig);
  });

  test('opts.seed overrides seed', () => {
    expect(parseScenario(yaml(...BASE, 'seed: 7'), 'test.yaml', { seed: 99 }).seed).toBe(99);
    expect(parseScenario(yaml(...BASE), 'test.yaml', { seed: 0 }).seed).toBe(0);
  });

  test('null optional values take their defaults', () => {
    const c = parseScenario(yaml(...BASE, 'duration: ~', 'metrics:', 'vms:', 'description:'), 'test.yaml');
    expect([c.duration, c.metrics.interval, c.actions, c.description]).toEqual([Infinity, 300, [], '']);
  });

  test('aliases resolve to their anchors', () => {
    const c = parseScenario(
      yaml(
        'name: t',
        'host_types:',
        '  g4: &g { cores: 2, mips: 1860, ram: 4GiB }',
        '  g4b: *g',
        'vm_types:',
        '  small: { vcpus: 1, mips: 1000, ram: 1GiB }',
        'datacenter:',
        '  hosts: [{ type: g4b, count: 4 }]',
      ),
      'test.yaml',
    );
    expect(c.hostTypes.g4b).toEqual({ ...c.hostTypes.g4, type: 'g4b' });
  });

  test('power model defaults to linear, or table when watts are given', () => {
    const c = parseScenario(
      yaml(
        'name: t',
        'host_types:',
        '  a: { cores: 1, mips: 1, ram: 1, power: { idle: 1kW, max: 2kW } }',
        '  b: { cores: 1, mips: 1, ram: 1, power: { watts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] } }',
        'vm_types:',
        '  small: { vcpus: 1, mips: 1, ram: 1 }',
        'datacenter:',
        '  hosts: [{ type: a }]',
      ),
      'test.yaml',
    );
    expect(c.hostTypes.a.power).toEqual({ model: 'linear', idle: 1000, max: 2000 });
    expect(c.hostTypes.b.power).toEqual({ model: 'table', watts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] });
  });

  test('every distribution', () => {
    const c = parseScenario(
      yaml(
        ...BASE,
        'duration: 1h',
        'workloads:',
        '  - { name: a, interarrival: { dist: constant, value: 1m }, length: { dist: normal, mean: 5GI, sd: 500 } }',
        '  - { name: b, interarrival: { dist: uniform, min: 0, max: 2s }, length: { dist: pareto, shape: 1.5, scale: 1GI } }',
        '  - { name: c, interarrival: { dist: empirical, values: [0, 1m] }, length: 3, cores: { dist: uniform, min: 1, max: 3.5 } }',
      ),
      'test.yaml',
    );
    expect(c.workloads.map((w) => (w.kind === 'generated' ? [w.interarrival, w.length, w.cores] : []))).toEqual([
      [{ dist: 'constant', value: 60 }, { dist: 'normal', mean: 5000, sd: 500 }, { dist: 'constant', value: 1 }],
      [{ dist: 'uniform', min: 0, max: 2 }, { dist: 'pareto', shape: 1.5, scale: 1000 }, { dist: 'constant', value: 1 }],
      [{ dist: 'empirical', values: [0, 60] }, { dist: 'constant', value: 3 }, { dist: 'uniform', min: 1, max: 3.5 }],
    ]);
  });
});

describe('problems, located', () => {
  test('YAML syntax errors (all of them), with no validation noise', () => {
    expect(problemsOf(yaml('name: t', 'name: u', 'host_types: [1'))).toEqual([
      'test.yaml:2:1: YAML syntax error: Map keys must be unique',
      'test.yaml:4:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    expect(problemsOf(yaml('name: t', 'host_types:', '  g4:', '    cores: 2', '   mips: 3'))).toEqual([
      'test.yaml:5:1: YAML syntax error: All mapping items must start at the same column',
    ]);
  });

  test('unknown key with did-you-mean', () => {
    expect(problemsOf(yaml(...BASE, 'metrics: { interval: 1m, host: false }'))).toEqual([
      'test.yaml:8:26: metrics.host: unknown key "host" (did you mean "hosts"? allowed keys: interval, hosts, vms, tasks)',
    ]);
    expect(problemsOf(yaml(...BASE, 'timeline_: []'))).toEqual([
      'test.yaml:8:1: timeline_: unknown key "timeline_" (did you mean "timeline"? allowed keys: name, description, seed, duration, compat, metrics, host_types, vm_types, datacenter, vms, timeline, workloads, trace_vms, consolidation, virtualization, provisioning, applications, sweep)',
    ]);
    expect(problemsOf(yaml(...BASE, 'colour: red'))[0]).toBe(
      'test.yaml:8:1: colour: unknown key "colour" (allowed keys: name, description, seed, duration, compat, metrics, host_types, vm_types, datacenter, vms, timeline, workloads, trace_vms, consolidation, virtualization, provisioning, applications, sweep)',
    );
  });

  test('wrong types', () => {
    expect(
      problemsOf(
        yaml(
          'name: [t]',
          'host_types:',
          '  g4: { cores: two, mips: 1860, ram: 4 gigs, vm_scheduler: shared }',
          'vm_types: small',
          'datacenter:',
          '  hosts: { type: g4 }',
          'metrics: { hosts: 1, interval: 5 minutes }',
        ),
      ),
    ).toEqual([
      'test.yaml:1:7: name: expected a name made of letters, digits, ".", "_" and "-", got a list',
      'test.yaml:3:16: host_types.g4.cores: expected an integer >= 1, got "two"',
      'test.yaml:3:38: host_types.g4.ram: expected a memory size such as "4GiB" or a number of MiB, got "4 gigs" (unknown unit "gigs"; accepted units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)',
      'test.yaml:3:60: host_types.g4.vm_scheduler: expected one of time-shared, space-shared, got "shared"',
      'test.yaml:4:11: vm_types: expected a map of vm type names to vm types, got "small"',
      'test.yaml:6:10: datacenter.hosts: expected a list of host groups such as {type: g4, count: 40}, got a map',
      'test.yaml:7:19: metrics.hosts: expected true or false, got 1',
      'test.yaml:7:32: metrics.interval: expected a duration such as "5m" or a number of seconds, got "5 minutes" (unknown unit "minutes"; accepted units: ns, us, ms, s, m, min, h, d)',
    ]);
  });

  test('zero and negative capacities say the allowed range', () => {
    expect(
      problemsOf(
        yaml(
          'name: t',
          'host_types:',
          '  g4: { cores: 0, mips: -5, ram: 0GiB, bw: 0, storage: -1TB }',
          'vm_types:',
          '  small: { vcpus: 1.5, mips: 0, ram: 1GiB, image: -1, boot_time: -2s }',
          'datacenter:',
          '  cpu_overcommit: 0.5',
          '  hosts: [{ type: g4, count: 0 }]',
          'seed: 4294967296',
          'duration: 0s',
        ),
      ),
    ).toEqual([
      'test.yaml:3:16: host_types.g4.cores: expected an integer >= 1, got 0',
      'test.yaml:3:25: host_types.g4.mips: expected a CPU speed > 0, got -5',
      'test.yaml:3:34: host_types.g4.ram: expected a memory size > 0, got "0GiB"',
      'test.yaml:3:44: host_types.g4.bw: expected a bandwidth > 0, got 0',
      'test.yaml:3:56: host_types.g4.storage: expected a memory size > 0, got "-1TB"',
      'test.yaml:5:19: vm_types.small.vcpus: expected an integer >= 1, got 1.5',
      'test.yaml:5:30: vm_types.small.mips: expected a CPU speed > 0, got 0',
      'test.yaml:5:51: vm_types.small.image: expected a memory size >= 0, got -1',
      'test.yaml:5:66: vm_types.small.boot_time: expected a duration >= 0, got "-2s"',
      'test.yaml:7:19: datacenter.cpu_overcommit: expected a number >= 1, got 0.5',
      'test.yaml:8:30: datacenter.hosts.0.count: expected an integer >= 1, got 0',
      'test.yaml:9:7: seed: expected an integer from 0 to 4294967295, got 4294967296',
      'test.yaml:10:11: duration: expected a duration > 0, got "0s"',
    ]);
  });

  test('missing required keys are reported at the map that lacks them', () => {
    expect(problemsOf(yaml('name: t', 'host_types:', '  g4: { mips: 1 }', 'vm_types: {}', 'datacenter: {}'))).toEqual([
      'test.yaml:3:7: host_types.g4: missing required key "cores"',
      'test.yaml:3:7: host_types.g4: missing required key "ram"',
      'test.yaml:4:11: vm_types: expected at least one vm type, got an empty map',
      'test.yaml:5:13: datacenter: missing required key "hosts"',
    ]);
    expect(problemsOf(yaml('description: x'))).toEqual([
      'test.yaml:1:1: missing required key "name"',
      'test.yaml:1:1: missing required key "host_types"',
      'test.yaml:1:1: missing required key "vm_types"',
      'test.yaml:1:1: missing required key "datacenter"',
    ]);
    expect(problemsOf('')).toEqual(['test.yaml:1:1: expected a map of scenario settings, got nothing']);
    expect(problemsOf('- a\n')).toEqual(['test.yaml:1:1: expected a map of scenario settings, got a list']);
  });

  test('a scenario name must be usable as a folder name', () => {
    expect(problemsOf(yaml(...BASE.slice(1), 'name: ..'))).toEqual([
      'test.yaml:7:7: name: expected a name made of letters, digits, ".", "_" and "-", got ".."',
    ]);
    expect(problemsOf(yaml(...BASE.slice(1), 'name: a/b'))[0]).toMatch(/^test.yaml:7:7: name: expected a name/);
  });

  test('a VM larger than any host says which resources are missing', () => {
    expect(
      problemsOf(
        yaml(
          'name: t',
          'host_types:',
          '  g4: { cores: 2, mips: 1860, ram: 4GiB, storage: 1GiB }',
          '  g8: { cores: 8, mips: 1000, ram: 16GiB, bw: 10Gbps }',
          'vm_types:',
          '  big: { vcpus: 4, mips: 1500, ram: 8GiB, image: 2GiB, bw: 2Gbps }',
          'datacenter:',
          '  hosts: [{ type: g4 }, { type: g8 }, { type: g4 }]',
          'vms:',
          '  - { type: big }',
          'timeline:',
          '  - { at: 1h, create_vms: { type: big, group: b } }',
        ),
      ),
    ).toEqual([
      'test.yaml:10:13: vms.0.type: vm type "big" fits no host in the datacenter: ' +
        'host type g4 lacks cores (needs 4, has 2), ram (needs 8192 MiB, has 4096 MiB), ' +
        'storage for the image (needs 2048 MiB, has 1024 MiB), bw (needs 2000 Mbit/s, has 1000 Mbit/s); ' +
        'host type g8 lacks MIPS per core (needs 1500, has 1000)',
      'test.yaml:12:35: timeline.0.create_vms.type: vm type "big" fits no host in the datacenter: ' +
        'host type g4 lacks cores (needs 4, has 2), ram (needs 8192 MiB, has 4096 MiB), ' +
        'storage for the image (needs 2048 MiB, has 1024 MiB), bw (needs 2000 Mbit/s, has 1000 Mbit/s); ' +
        'host type g8 lacks MIPS per core (needs 1500, has 1000)',
    ]);
  });

  test('a VM type that fits only an unused host type does not fit', () => {
    expect(
      problemsOf(
        yaml(
          'name: t',
          'host_types:',
          '  g4: { cores: 2, mips: 1860, ram: 4GiB }',
          '  huge: { cores: 64, mips: 3000, ram: 1TiB }',
          'vm_types:',
          '  big: { vcpus: 4, mips: 1000, ram: 1GiB }',
          'datacenter:',
          '  hosts: [{ type: g4 }]',
          'vms: [{ type: big }]',
        ),
      ),
    ).toEqual(['test.yaml:9:15: vms.0.type: vm type "big" fits no host in the datacenter: host type g4 lacks cores (needs 4, has 2)']);
  });

  test('undefined type references get did-you-mean, and no fit noise', () => {
    expect(
      problemsOf(
        yaml(
          'name: t',
          'host_types:',
          '  g4: { cores: 2, mips: 1860, ram: 4GiB }',
          'vm_types:',
          '  small: { vcpus: 1, mips: 1000, ram: 1GiB }',
          '  large: { vcpus: 8, mips: 1000, ram: 1GiB }',
          'datacenter:',
          '  hosts: [{ type: g4 }, { type: g5, count: 2 }]',
          'vms:',
          '  - { type: smal, group: web }',
          '  - { type: large }',
        ),
      ),
    ).toEqual([
      'test.yaml:8:33: datacenter.hosts.1.type: unknown host type "g5" (did you mean "g4"? host_types defines: g4)',
      'test.yaml:10:13: vms.0.type: unknown vm type "smal" (did you mean "small"? vm_types defines: small, large)',
    ]);
  });

  test('a missing trace file is located at the trace value', () => {
    expect(problemsOf(yaml(...BASE, 'workloads:', '  - name: replay', '    trace: no-such-trace.csv'), { baseDir: '/nowhere' })).toEqual([
      'test.yaml:10:12: workloads.0.trace: trace file not found: /nowhere/no-such-trace.csv',
    ]);
  });

  test('groups that no VMs ever create', () => {
    expect(
      problemsOf(
        yaml(
          ...BASE,
          'duration: 1h',
          'vms: [{ type: small, group: web }]',
          'timeline:',
          '  - { at: 0, create_vms: { type: small } }',
          '  - { at: 1m, submit_tasks: { group: wbe, length: 1GI } }',
          '  - { at: 1m, submit_tasks: { group: "*", length: 1GI } }',
          '  - { at: 2m, destroy_vms: { group: database } }',
          'workloads:',
          '  - { name: w, group: smal, interarrival: 1s, length: 1 }',
          '  - { name: v, group: small, interarrival: 1s, length: 1 }',
        ),
      ),
    ).toEqual([
      'test.yaml:12:38: timeline.1.submit_tasks.group: no vms or create_vms entry creates group "wbe" (did you mean "web"?)',
      'test.yaml:14:37: timeline.3.destroy_vms.group: no vms or create_vms entry creates group "database" (groups created: web, small; "*" means every VM)',
      'test.yaml:16:23: workloads.0.group: no vms or create_vms entry creates group "smal" (did you mean "small"?)',
    ]);
  });

  test('timeline entries: exactly one action, host indices in range', () => {
    expect(
      problemsOf(
        yaml(
          ...BASE,
          'timeline:',
          '  - { at: 1m }',
          '  - { at: 1m, fail_host: { hosts: [0, 4] }, destroy_vms: { group: x } }',
          '  - { at: 1m, fail_host: { host: 4 } }',
          '  - { at: 1m, fail_host: { hosts: [] } }',
          '  - { at: 1m, fail_host: { host: 1, hosts: [2] } }',
          '  - { at: 1m, fail_host: { hosts: [-1, 2, 2] } }',
        ),
      ),
    ).toEqual([
      'test.yaml:9:5: timeline.0: expected exactly one action: create_vms, submit_tasks, destroy_vms, fail_host',
      'test.yaml:10:39: timeline.1.fail_host.hosts.1: expected a host index from 0 to 3 (the datacenter has 4 hosts), got 4',
      'test.yaml:10:45: timeline.1.destroy_vms: only one action per timeline entry, this one already has fail_host (split it into separate entries with the same at)',
      'test.yaml:10:67: timeline.1.destroy_vms.group: no vms or create_vms entry creates group "x" (no VMs are ever created)',
      'test.yaml:11:34: timeline.2.fail_host.host: expected a host index from 0 to 3 (the datacenter has 4 hosts), got 4',
      'test.yaml:12:35: timeline.3.fail_host.hosts: expected at least one host index, got an empty list',
      'test.yaml:13:37: timeline.4.fail_host.hosts: expected either host or hosts, got both',
      'test.yaml:14:36: timeline.5.fail_host.hosts.0: expected an integer >= 0, got -1',
      'test.yaml:14:43: timeline.5.fail_host.hosts.2: host 2 is listed twice',
    ]);
  });

  test('workloads: unique names, stop after start, something must end them', () => {
    expect(
      problemsOf(
        yaml(
          ...BASE,
          'workloads:',
          '  - { name: a, interarrival: 1s, length: 1 }',
          '  - { name: a, start: 1h, stop: 30m, interarrival: 1s, length: 1 }',
          '  - { name: c, count: 10, interarrival: 1s, length: 1, trace: x.csv }',
        ),
        { baseDir: '/nowhere' },
      ),
    ).toEqual([
      'test.yaml:9:5: workloads.0: this workload never ends: it has no stop and no count, and the scenario has no duration (give it stop or count, or give the scenario a duration)',
      'test.yaml:10:13: workloads.1.name: duplicate workload name "a" (also used by workloads.0)',
      'test.yaml:10:33: workloads.1.stop: expected a stop time > start (3600 s), got 1800 s',
      'test.yaml:11:16: workloads.2.count: unknown key "count" (count does not apply to a trace workload: the trace gives submit times, lengths and cores)',
      'test.yaml:11:27: workloads.2.interarrival: unknown key "interarrival" (interarrival does not apply to a trace workload: the trace gives submit times, lengths and cores)',
      'test.yaml:11:45: workloads.2.length: unknown key "length" (length does not apply to a trace workload: the trace gives submit times, lengths and cores)',
      'test.yaml:11:63: workloads.2.trace: trace file not found: /nowhere/x.csv',
    ]);
  });

  test('distribution problems', () => {
    expect(
      problemsOf(
        yaml(
          ...BASE,
          'duration: 1h',
          'workloads:',
          '  - { name: a, interarrival: { dist: exponentail, mean: 1s }, length: { dist: lognormal, mu: 1, sigma: 1GI } }',
          '  - { name: b, interarrival: 0, length: { dist: uniform, min: 5, max: 1 }, cores: 1.5 }',
          '  - { name: c, interarrival: { dist: uniform, min: 0, max: 0 }, length: { dist: empirical, values: [1, 2], weights: [1] } }',
          '  - { name: d, interarrival: { dist: normal, mean: 1s }, length: { dist: pareto, shape: 0, scale: 1, mean: 3 } }',
          '  - { name: e, interarrival: { mean: 1s }, length: { dist: constant, value: 0 }, cores: { dist: empirical, values: [] } }',
        ),
      ),
    ).toEqual([
      'test.yaml:10:38: workloads.0.interarrival.dist: expected one of constant, uniform, exponential, normal, lognormal, pareto, empirical, got "exponentail" (did you mean "exponential"?)',
      'test.yaml:10:104: workloads.0.length.sigma: expected a number >= 0, got "1GI"',
      'test.yaml:11:30: workloads.1.interarrival: expected a duration > 0, got 0',
      'test.yaml:11:71: workloads.1.length.max: expected max >= min (5), got 1',
      'test.yaml:11:83: workloads.1.cores: expected an integer >= 1, got 1.5',
      'test.yaml:12:30: workloads.2.interarrival: expected a distribution with a mean > 0, got one with mean 0',
      'test.yaml:12:117: workloads.2.length.weights: expected 2 weights (one per value), got 1',
      'test.yaml:13:30: workloads.3.interarrival: missing required key "sd"',
      'test.yaml:13:89: workloads.3.length.shape: expected a number > 0, got 0',
      'test.yaml:13:102: workloads.3.length.mean: unknown key "mean" (the pareto distribution takes shape, scale)',
      'test.yaml:14:30: workloads.4.interarrival: missing required key "dist" (one of constant, uniform, exponential, normal, lognormal, pareto, empirical)',
      'test.yaml:14:77: workloads.4.length.value: expected a task length > 0, got 0',
      'test.yaml:14:116: workloads.4.cores.values: expected a non-empty list of values, got an empty list',
    ]);
  });

  test('power problems', () => {
    expect(
      problemsOf(
        yaml(
          'name: t',
          'host_types:',
          '  a: { cores: 1, mips: 1, ram: 1, power: { model: linear, idle: 200W, max: 100W } }',
          '  b: { cores: 1, mips: 1, ram: 1, power: { model: table, watts: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 9] } }',
          '  c: { cores: 1, mips: 1, ram: 1, power: { model: table, watts: [1, 2] } }',
          '  d: { cores: 1, mips: 1, ram: 1, power: { model: quartic, idle: 1 } }',
          '  e: { cores: 1, mips: 1, ram: 1, power: { model: linear, idle: 1, max: 2, watts: [] } }',
          'vm_types:',
          '  small: { vcpus: 1, mips: 1, ram: 1 }',
          'datacenter:',
          '  hosts: [{ type: a }]',
        ),
      ),
    ).toEqual([
      'test.yaml:3:76: host_types.a.power.max: expected max >= idle (200 W), got 100 W',
      'test.yaml:4:97: host_types.b.power.watts.10: expected a power >= the previous one (10 W), got 9 W (power must not decrease as load grows)',
      'test.yaml:5:65: host_types.c.power.watts: expected 11 powers (at 0%, 10%, ..., 100% load), got 2',
      'test.yaml:6:51: host_types.d.power.model: expected one of linear, square, cubic, sqrt, table, got "quartic"',
      'test.yaml:7:76: host_types.e.power.watts: unknown key "watts" (watts belongs to model: table)',
    ]);
  });

  test('several problems at once, sorted by line and column', () => {
    const lines = problemsOf(
      yaml(
        'vm_types:',
        '  small: { vcpus: 0, mips: 1000, ram: 1GiB }',
        'name: bad name',
        'host_types:',
        '  g4: { cores: 2, mips: 1860, ram: 4GiB, rma: 1 }',
        'datacenter:',
        '  placement: frist-fit',
        '  hosts: [{ type: g4, count: 4 }]',
      ),
    );
    expect(lines).toEqual([
      'test.yaml:2:19: vm_types.small.vcpus: expected an integer >= 1, got 0',
      'test.yaml:3:7: name: expected a name made of letters, digits, ".", "_" and "-", got "bad name"',
      'test.yaml:5:42: host_types.g4.rma: unknown key "rma" (did you mean "ram"? allowed keys: cores, mips, ram, bw, disk_bw, storage, power, vm_scheduler)',
      'test.yaml:7:14: datacenter.placement: expected one of first-fit, best-fit, worst-fit, round-robin, first-fit-decreasing, got "frist-fit" (did you mean "first-fit"?)',
    ]);
  });

  test('a bad --seed is a problem', () => {
    expect(problemsOf(yaml(...BASE), { seed: -3 })).toEqual(['--seed "-3": seed: expected an integer from 0 to 4294967295, got -3']);
  });
});

test('empty values are located at themselves, or at their key', () => {
  expect(problemsOf(yaml('name:', 'host_types:', '  g4: { cores: , mips: 1, ram: 1 }', '  ? g5', 'vm_types: { s: { vcpus: 1, mips: 1, ram: 1 } }', 'datacenter: { hosts: [{ type: g4 }] }'))).toEqual([
    'test.yaml:1:6: name: expected a name made of letters, digits, ".", "_" and "-", got nothing',
    'test.yaml:3:16: host_types.g4.cores: expected an integer >= 1, got nothing',
    'test.yaml:4:5: host_types.g5: expected a host type such as {cores: 2, mips: 1860, ram: 4GiB}, got nothing',
  ]);
});

test('arbitrary text yields a config or a ScenarioError with located problems (property)', () => {
  const base = yaml(...BASE);
  fc.assert(
    fc.property(fc.nat(base.length), fc.string({ maxLength: 20 }), (at, insert) => {
      const text = base.slice(0, at) + insert + base.slice(at);
      try {
        parseScenario(text, 'test.yaml', { baseDir: '/nowhere' });
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        expect(e.problems.length).toBeGreaterThan(0);
        for (const p of e.problems) expect(p.line).toBeGreaterThanOrEqual(1);
      }
    }),
    { numRuns: 1000 },
  );
});
