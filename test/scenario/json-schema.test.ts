/**
 * The JSON Schema for editors (schema/scenario.schema.json) is generated from the
 * validator's field tables; these tests keep the committed file current and check that
 * the schema and the validator agree: both accept every shipped scenario's structure,
 * and both reject keys, types, choices and ranges the format does not allow.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import { LineCounter, parse, parseDocument, stringify } from 'yaml';
import { readSweep, sweepNode } from '../../src/batch/spec.js';
import { Ctx } from '../../src/scenario/schema.js';
import { main } from '../../src/cli/main.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/problems.js';
import { quantityPattern, scenarioJsonSchema, scenarioJsonSchemaText } from '../../src/scenario/json-schema.js';
import { UNIT_KINDS, type UnitKind, parseQuantity } from '../../src/scenario/units.js';
import { type Range, inRange } from '../../src/scenario/schema.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SCHEMA_FILE = join(ROOT, 'schema', 'scenario.schema.json');

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const check = ajv.compile(scenarioJsonSchema());

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? yamlFiles(join(dir, d.name)) : d.name.endsWith('.yaml') ? [join(dir, d.name)] : [],
  );
}
const SCENARIOS = yamlFiles(join(ROOT, 'scenarios'));

describe('scenario JSON Schema', () => {
  it('the committed schema file is the generated one (regenerate: npm run schema)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(scenarioJsonSchemaText());
  });

  it('dcsim schema prints it, and writes it with --out', async () => {
    let out = '';
    const io = { out: (t: string) => void (out += t), err: (t: string) => void (out += `ERR ${t}`), tty: false };
    expect(await main(['schema'], io)).toBe(0);
    expect(out).toBe(scenarioJsonSchemaText());
    const file = join(mkdtempSync(join(tmpdir(), 'dcsim-schema-')), 'sub', 'scenario.schema.json');
    out = '';
    expect(await main(['schema', '--out', file], io)).toBe(0);
    expect(out).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(scenarioJsonSchemaText());
  });

  it('is a valid draft-07 schema under strict mode', () => {
    expect(ajv.validateSchema(scenarioJsonSchema())).toBe(true);
  });

  it('finds the shipped scenarios', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(SCENARIOS.map((f) => [relative(ROOT, f), f]))('accepts %s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    check(parse(text));
    expect(check.errors ?? []).toEqual([]);
  });

  it.each(SCENARIOS.map((f) => [relative(ROOT, f), f]))('%s points editors at the schema', (name, file) => {
    const depth = name.split('/').length - 1;
    const line = `# yaml-language-server: $schema=${'../'.repeat(depth)}schema/scenario.schema.json`;
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe(line);
  });
});

/** A valid scenario that the invalid examples each break in one place. */
const BASE = {
  name: 'base',
  seed: 3,
  duration: '1h',
  metrics: { interval: '5m', hosts: true },
  host_types: {
    h: { cores: 4, mips: 2000, ram: '8GiB', bw: '1Gbps', power: { model: 'linear', idle: '70W', max: 250 } },
    t: { cores: 2, mips: '2GIPS', ram: 4096, power: { watts: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] } },
  },
  vm_types: { small: { vcpus: 1, mips: 1000, ram: '1GiB', boot_time: '30s' } },
  datacenter: { placement: 'first-fit', hosts: [{ type: 'h', count: 2 }] },
  vms: [{ type: 'small', count: 2, group: 'web' }],
  timeline: [{ at: '10m', submit_tasks: { group: 'web', count: 3, length: { dist: 'uniform', min: 100, max: '2GI' } } }],
  workloads: [
    { name: 'w', group: 'web', interarrival: { dist: 'exponential', mean: '2s' }, length: 50000, cores: 1, count: 10 },
  ],
};

type Obj = Record<string, unknown>;
/** BASE with `edit` applied to a deep copy. */
function variant(edit: (s: Obj & typeof BASE) => void): Obj {
  const s = structuredClone(BASE) as Obj & typeof BASE;
  edit(s);
  return s;
}

/** The validator's problems for a scenario object (written out as YAML). */
function validatorProblems(s: Obj): string[] {
  try {
    parseScenario(stringify(s), 'inline.yaml', { baseDir: ROOT });
    return [];
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

const host = (s: typeof BASE): Obj => s.host_types.h as Obj;

const INVALID: [string, (s: Obj & typeof BASE) => void, RegExp][] = [
  ['unknown top-level key', (s) => void ((s as Obj).seeds = 4), /^seeds: unknown key "seeds"$/],
  ['unknown host type key', (s) => void (host(s).coers = 2), /^host_types\.h\.coers: unknown key/],
  ['unknown key in a distribution', (s) => void ((s.workloads[0].interarrival as Obj).rate = 2), /interarrival\.rate: unknown key/],
  ['missing required key', (s) => void delete (s.vm_types.small as Partial<typeof s.vm_types.small>).ram, /missing required key "ram"/],
  ['integer expected, got a string', (s) => void (host(s).cores = 'four'), /^host_types\.h\.cores: expected an integer >= 1/],
  ['integer expected, got a fraction', (s) => void (host(s).cores = 1.5), /^host_types\.h\.cores: expected an integer >= 1/],
  ['boolean expected', (s) => void (s.metrics.hosts = 'yes' as unknown as boolean), /^metrics\.hosts: expected true or false/],
  ['required key with no value', (s) => void (host(s).cores = null), /^host_types\.h\.cores: expected an integer >= 1, got nothing$/],
  ['map expected', (s) => void ((s as Obj).datacenter = 'big'), /^datacenter: expected a map/],
  ['list expected', (s) => void (s.datacenter.hosts = { type: 'h' } as unknown as typeof s.datacenter.hosts), /^datacenter\.hosts: expected a list/],
  ['unknown placement policy', (s) => void (s.datacenter.placement = 'best-fitt'), /^datacenter\.placement: expected one of/],
  ['unknown power model', (s) => void ((host(s).power as Obj).model = 'quadratic'), /^host_types\.h\.power\.model: expected one of/],
  ['unknown distribution', (s) => void ((s.workloads[0].interarrival as Obj).dist = 'poisson'), /interarrival\.dist: expected one of/],
  ['integer below its range', (s) => void (s.vms[0].count = 0), /^vms\.0\.count: expected an integer >= 1, got 0$/],
  ['seed above its range', (s) => void (s.seed = 2 ** 32), /^seed: expected an integer from 0 to 4294967295/],
  ['number below its range', (s) => void ((s.datacenter as Obj).cpu_overcommit = 0.5), /^datacenter\.cpu_overcommit: expected a number >= 1/],
  ['quantity not positive', (s) => void (s.duration = 0 as unknown as string), /^duration: expected a duration > 0/],
  ['negative quantity string', (s) => void (s.vm_types.small.boot_time = '-30s'), /^vm_types\.small\.boot_time: expected a duration >= 0/],
  ['quantity with a unit of another kind', (s) => void (host(s).ram = '8Gbps'), /^host_types\.h\.ram: expected a memory size/],
  ['quantity with an unknown unit', (s) => void (s.duration = '1 hour'), /^duration: expected a duration/],
  ['power table of 10 values', (s) => void (s.host_types.t.power.watts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), /expected 11 powers/],
  ['empty host list', (s) => void (s.datacenter.hosts = []), /expected at least one host group/],
  ['bad scenario name', (s) => void (s.name = 'a b'), /^name: expected a name made of letters/],
  ['threshold above 1', (s) => {
    const o = s as Obj;
    delete o.vms; delete o.timeline; delete o.workloads;
    o.trace_vms = { synthetic: { count: 4 }, types: ['small'] };
    o.consolidation = { overload: { policy: 'thr', threshold: 1.2 } };
  }, /^consolidation\.overload\.threshold: expected a number > 0 and <= 1/],
  ['negative synthetic trace step', (s) => {
    const o = s as Obj;
    delete o.vms; delete o.timeline; delete o.workloads;
    o.trace_vms = { synthetic: { count: 4, step: '-5m' }, types: ['small'] };
  }, /^trace_vms\.synthetic\.step: expected a duration > 0/],
  ['precopy key on the cloudsim migration model', (s) => {
    const o = s as Obj;
    delete o.vms; delete o.timeline; delete o.workloads;
    o.trace_vms = { synthetic: { count: 4 }, types: ['small'] };
    o.consolidation = { overload: { policy: 'thr' }, migration: { dirty_rate: '20MiB/s' } };
  }, /^consolidation\.migration\.dirty_rate: unknown key "dirty_rate"$/],
  ['safety on the static threshold policy', (s) => {
    const o = s as Obj;
    delete o.vms; delete o.timeline; delete o.workloads;
    o.trace_vms = { synthetic: { count: 4 }, types: ['small'] };
    o.consolidation = { overload: { policy: 'thr', safety: 1.5 } };
  }, /^consolidation\.overload\.safety: unknown key "safety"$/],
  ['unknown selection policy', (s) => {
    const o = s as Obj;
    delete o.vms; delete o.timeline; delete o.workloads;
    o.trace_vms = { synthetic: { count: 4 }, types: ['small'] };
    o.consolidation = { overload: { policy: 'mad' }, selection: 'fastest' };
  }, /^consolidation\.selection: expected one of/],
];

describe('schema and validator agree on invalid scenarios', () => {
  it('the base scenario is valid for both', () => {
    expect(validatorProblems(BASE)).toEqual([]);
    expect(check(BASE)).toBe(true);
  });

  it('an optional key with no value is the default for both', () => {
    const s = variant((b) => {
      (b as Obj).metrics = null;
      (b.datacenter as Obj).placement = null;
      host(b).power = null;
      (b.vm_types.small as Obj).boot_time = null;
    });
    expect(validatorProblems(s)).toEqual([]);
    expect(check(s)).toBe(true);
  });

  it.each(INVALID)('%s: both reject it', (_what, edit, message) => {
    const s = variant(edit);
    const problems = validatorProblems(s);
    expect(problems.some((p) => message.test(p)), problems.join('\n')).toBe(true);
    expect(check(s)).toBe(false);
  });
});

/** The problems batches report for a scenario's sweep section. */
function sweepProblems(s: Obj): string[] {
  const lines = new LineCounter();
  const doc = parseDocument(stringify(s), { lineCounter: lines });
  const ctx = new Ctx('inline.yaml', doc, lines);
  readSweep(ctx, sweepNode(doc), doc);
  return ctx.problems.map((p) => `${p.path}: ${p.message}`);
}

const SWEEP_INVALID: [string, unknown, RegExp][] = [
  ['unknown sweep key', { grid: { seed: [1] }, replication: 3 }, /^sweep\.replication: unknown key "replication"$/],
  ['replications below 1', { replications: 0 }, /^sweep\.replications: expected an integer from 1 to 1000000, got 0$/],
  ['replications not an integer', { replications: 'many' }, /^sweep\.replications: expected an integer from 1 to 1000000/],
  ['grid values not a list', { grid: { 'datacenter.placement': 'best-fit' } }, /^sweep\.grid\.datacenter\.placement: expected a non-empty list/],
  ['empty grid values', { grid: { 'datacenter.placement': [] } }, /^sweep\.grid\.datacenter\.placement: expected a non-empty list/],
  ['empty map of named grid values', { grid: { 'datacenter.placement': {} } }, /^sweep\.grid\.datacenter\.placement: expected a non-empty map/],
  ['variant without a name', { variants: [{ set: { seed: 1 } }] }, /^sweep\.variants\.0: missing required key "name"$/],
  ['variant name with a space', { variants: [{ name: 'a b' }] }, /^sweep\.variants\.0\.name: expected a variant name/],
  ['unknown variant key', { variants: [{ name: 'a', sets: {} }] }, /^sweep\.variants\.0\.sets: unknown key "sets"/],
];

describe('schema and batches agree on invalid sweep sections', () => {
  const valid = { ...BASE, sweep: { grid: { 'datacenter.placement': ['first-fit', 'best-fit'] }, variants: [{ name: 'big', set: { 'vms.0.count': 2 } }], replications: 3 } };
  it('a valid sweep is valid for both', () => {
    expect(sweepProblems(valid)).toEqual([]);
    expect(check(valid)).toBe(true);
  });

  it('named grid values are valid for both', () => {
    const named = { ...BASE, sweep: { grid: { 'datacenter.placement': { ff: 'first-fit', bf: 'best-fit' }, 'host_types.t': { small: { cores: 1, mips: 1000, ram: '1GiB' } } } } };
    expect(sweepProblems(named)).toEqual([]);
    expect(check(named)).toBe(true);
  });

  it.each(SWEEP_INVALID)('%s: both reject it', (_what, sweep, message) => {
    const s = { ...BASE, sweep };
    const problems = sweepProblems(s);
    expect(problems.some((p) => message.test(p)), problems.join('\n')).toBe(true);
    expect(check(s)).toBe(false);
  });
});

/** A scenario of the shipped provisioning experiment, edited. */
function provisioning(edit: (p: Obj) => void): Obj {
  const s = parse(readFileSync(join(ROOT, 'scenarios', 'provisioning-burst.yaml'), 'utf8')) as Obj;
  edit(s.provisioning as Obj);
  return s;
}

const PROVISIONING_INVALID: [string, (p: Obj) => void, RegExp][] = [
  ['unknown provisioning key', (p) => void (p.repositry = {}), /^provisioning\.repositry: unknown key "repositry"/],
  ['missing requests', (p) => void delete p.requests, /^provisioning: missing required key "requests"$/],
  ['repository replicas 0', (p) => void (p.repository = { replicas: 0 }), /^provisioning\.repository\.replicas: expected an integer >= 1, got 0$/],
  ['unknown ephemeral fill', (p) => void (p.disk = { ephemeral_fill: 'zeroes' }), /^provisioning\.disk\.ephemeral_fill: expected one of/],
  ['request count above its range', (p) => void (p.requests = [{ count: 20_000_000 }]), /^provisioning\.requests\.0\.count: expected an integer from 1 to 10000000/],
  ['request lifetime 0', (p) => void (p.requests = [{ count: 1, lifetime: '0s' }]), /^provisioning\.requests\.0\.lifetime: expected a duration > 0/],
  ['cache not a boolean', (p) => void (p.cache = 'yes'), /^provisioning\.cache: expected true or false/],
  ['variant name with a slash', (p) => void (p.variants = [{ name: 'a/b' }]), /^provisioning\.variants\.0\.name: expected a name made of letters/],
  ['unknown contextualization key', (p) => void (p.contextualization = { dhcp: '1s' }), /^provisioning\.contextualization\.dhcp: unknown key "dhcp"/],
];

describe('schema and validator agree on invalid provisioning sections', () => {
  it('the shipped experiment is valid for both', () => {
    const s = provisioning(() => {});
    expect(validatorProblems(s)).toEqual([]);
    expect(check(s)).toBe(true);
  });

  it.each(PROVISIONING_INVALID)('%s: both reject it', (_what, edit, message) => {
    const s = provisioning(edit);
    const problems = validatorProblems(s);
    expect(problems.some((p) => message.test(p)), problems.join('\n')).toBe(true);
    expect(check(s)).toBe(false);
  });
});

describe('quantity string patterns', () => {
  const numbers = ['0', '00', '0.0', '.0', '0e3', '1', '2.5', '.5', '7.', '1e3', '2E-2', '+3', '-1', '-0.5', '1.2.3', 'e3', '', ' 4 '];
  const ranges: Range[] = [{}, { min: 0 }, { min: 0, exclusive: true }];
  it.each(Object.keys(UNIT_KINDS) as UnitKind[])('%s: a string matches exactly when the validator takes its sign and zero', (kind) => {
    const units = [...Object.keys(UNIT_KINDS[kind].units), '', 'xyz', 'GIB'];
    for (const range of ranges) {
      const re = new RegExp(quantityPattern({ kind: 'quantity', unit: kind, range }), 'u');
      for (const n of numbers) {
        for (const u of units) {
          for (const text of [`${n}${u}`, `${n} ${u}`]) {
            const r = parseQuantity(kind, text);
            const ok = r.ok && inRange(r.value, range);
            expect(re.test(text), `${JSON.stringify(text)} with range ${JSON.stringify(range)}`).toBe(ok);
          }
        }
      }
    }
  });
});

/** The shipped shop scenario with its application edited. */
function shop(edit: (app: Obj & { tiers: Obj[]; classes: (Obj & { route: Obj[] })[]; workload: Obj }) => void): Obj {
  const s = parse(readFileSync(join(ROOT, 'scenarios', 'multitier-shop-db.yaml'), 'utf8')) as Obj & { applications: never[] };
  edit(s.applications[0]);
  return s;
}
type App = Parameters<Parameters<typeof shop>[0]>[0];

const APP_INVALID: [string, (a: App) => void, RegExp][] = [
  ['unknown application key', (a) => void (a.warmpu = '5m'), /^applications\.0\.warmpu: unknown key "warmpu"/],
  ['unknown tier key', (a) => void (a.tiers[0].thread = 10), /^applications\.0\.tiers\.0\.thread: unknown key "thread"/],
  ['threads 0', (a) => void (a.tiers[0].threads = 0), /^applications\.0\.tiers\.0\.threads: expected an integer >= 1, got 0$/],
  ['unknown balancer', (a) => void (a.tiers[1].balancer = 'random-ish'), /^applications\.0\.tiers\.1\.balancer: expected one of/],
  ['tier name with a space', (a) => void (a.tiers[0].name = 'web tier'), /^applications\.0\.tiers\.0\.name: expected a name made of letters/],
  ['negative class weight', (a) => void (a.classes[0].weight = -1), /^applications\.0\.classes\.0\.weight: expected a number > 0/],
  ['unknown hop key', (a) => void (a.classes[0].route[0].cpus = '4ms'), /^applications\.0\.classes\.0\.route\.0\.cpus: unknown key "cpus"/],
  ['hop cpu with a memory unit', (a) => void (a.classes[0].route[0].cpu = '4MB'), /^applications\.0\.classes\.0\.route\.0\.cpu: expected a duration/],
  ['unknown workload key', (a) => void (a.workload = { user: 10 }), /^applications\.0\.workload\.user: unknown key "user"/],
  ['users 0', (a) => void (a.workload = { users: 0 }), /^applications\.0\.workload\.users: expected an integer >= 1, got 0$/],
  ['diurnal without max', (a) => void (a.workload = { diurnal: { min: 1 } }), /^applications\.0\.workload\.diurnal: missing required key "max"$/],
  ['unknown autoscale metric', (a) => void (a.tiers[0].autoscale = { metric: 'memory', scale_out: 0.8, max: 4 }), /^applications\.0\.tiers\.0\.autoscale\.metric: expected one of/],
];

describe('schema and validator agree on invalid applications', () => {
  it('the shipped shop is valid for both', () => {
    const s = shop(() => {});
    expect(validatorProblems(s)).toEqual([]);
    expect(check(s)).toBe(true);
  });

  it.each(APP_INVALID)('%s: both reject it', (_what, edit, message) => {
    const s = shop(edit);
    const problems = validatorProblems(s);
    expect(problems.some((p) => message.test(p)), problems.join('\n')).toBe(true);
    expect(check(s)).toBe(false);
  });
});

type Virt = Obj & { jobs: Obj[]; layouts: (Obj & { vms: Obj[] })[] };
/** The shipped noisy-neighbour experiment with its virtualization section edited. */
function noisy(edit: (v: Virt) => void): Obj {
  const s = parse(readFileSync(join(ROOT, 'scenarios', 'noisy-neighbour.yaml'), 'utf8')) as Obj;
  edit(s.virtualization as Virt);
  return s;
}

const VIRT_INVALID: [string, (v: Virt) => void, RegExp][] = [
  ['unknown virtualization key', (v) => void (v.platform = ['kvm']), /^virtualization\.platform: unknown key "platform"/],
  ['missing jobs', (v) => void delete (v as Obj).jobs, /^virtualization: missing required key "jobs"$/],
  ['unknown job key', (v) => void (v.jobs[0].cpus = '1s'), /^virtualization\.jobs\.0\.cpus: unknown key "cpus"/],
  ['overlap above 1', (v) => void (v.jobs[1].overlap = 1.5), /^virtualization\.jobs\.1\.overlap: expected a number from 0 to 1, got 1\.5$/],
  ['virtual_ends 3', (v) => void (v.jobs[0].virtual_ends = 3), /^virtualization\.jobs\.0\.virtual_ends: expected an integer from 1 to 2, got 3$/],
  ['unknown job report', (v) => void (v.jobs[0].report = 'speed'), /^virtualization\.jobs\.0\.report: expected one of/],
  ['unknown device key', (v) => void (v.devices = { disk_op: '1us' }), /^virtualization\.devices\.disk_op: unknown key "disk_op"/],
  ['unknown layout vm key', (v) => void (v.layouts[0].vms[0].pin = 'pinned'), /^virtualization\.layouts\.0\.vms\.0\.pin: unknown key "pin"/],
  ['cap not a percentage', (v) => void (v.layouts[0].vms[0].cap = 'half'), /^virtualization\.layouts\.0\.vms\.0\.cap: expected a percentage/],
  ['vcpus_per_core below 1', (v) => void (v.layouts[2].vcpus_per_core = 0.5), /^virtualization\.layouts\.2\.vcpus_per_core: expected a number >= 1, got 0\.5$/],
  ['unknown mmu mode in a profile', (v) => void (v.profiles = { mine: { base: 'kvm', mmu: { mode: 'magic' } } }), /^virtualization\.profiles\.mine\.mmu\.mode: expected one of/],
  ['nat on a disk path', (v) => void (v.profiles = { mine: { base: 'kvm', disk: { nat: '1us' } } }), /^virtualization\.profiles\.mine\.disk\.nat: unknown key "nat"/],
  ['unknown storage server key', (v) => void (v.storage_servers = { san: { disk_bw: '4Gbps', nic: '10Gbps', iops: 5 } }), /^virtualization\.storage_servers\.san\.iops: unknown key "iops"/],
];

describe('schema and validator agree on invalid virtualization sections', () => {
  it('the shipped experiment is valid for both', () => {
    const s = noisy(() => {});
    expect(validatorProblems(s)).toEqual([]);
    expect(check(s)).toBe(true);
  });

  it.each(VIRT_INVALID)('%s: both reject it', (_what, edit, message) => {
    const s = noisy(edit);
    const problems = validatorProblems(s);
    expect(problems.some((p) => message.test(p)), problems.join('\n')).toBe(true);
    expect(check(s)).toBe(false);
  });
});

/** Leaves of BASE that the property below rewrites, and values to try there. */
const LEAVES: (string | number)[][] = [
  ['seed'], ['duration'], ['metrics', 'interval'], ['metrics', 'hosts'],
  ['host_types', 'h', 'cores'], ['host_types', 'h', 'mips'], ['host_types', 'h', 'ram'], ['host_types', 'h', 'bw'],
  ['host_types', 'h', 'power', 'idle'], ['host_types', 'h', 'power', 'model'], ['host_types', 't', 'power', 'watts', 3],
  ['vm_types', 'small', 'vcpus'], ['vm_types', 'small', 'boot_time'], ['vm_types', 'small', 'task_scheduler'],
  ['datacenter', 'placement'], ['datacenter', 'hosts', 0, 'count'], ['vms', 0, 'count'],
  ['timeline', 0, 'at'], ['timeline', 0, 'submit_tasks', 'count'], ['timeline', 0, 'submit_tasks', 'length', 'min'],
  ['workloads', 0, 'interarrival', 'mean'], ['workloads', 0, 'length'], ['workloads', 0, 'cores'], ['workloads', 0, 'count'],
];
const VALUES = fc.oneof(
  fc.constantFrom(0, 1, 2, 1.5, -1, 1e9, 2 ** 32, true, false, null, '', 'x', 'first-fit', 'linear', 'space-shared'),
  fc.constantFrom('5m', '0s', '-1s', '4GiB', '1Gbps', '2GIPS', '120W', '50GI', '3', '1e3', '4 gigs', '7 min'),
  fc.double({ min: -10, max: 1e4, noNaN: true }),
  fc.integer({ min: -3, max: 5000 }),
);

describe('the schema is never stricter than the validator', () => {
  it('any value at any leaf the validator accepts, the schema accepts (property)', () => {
    let accepted = 0;
    let rejectedByBoth = 0;
    fc.assert(
      fc.property(fc.constantFrom(...LEAVES), VALUES, (path, value) => {
        const s = structuredClone(BASE) as unknown as Obj;
        let o = s as Record<string | number, unknown>;
        for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
        o[path[path.length - 1]] = value;
        if (validatorProblems(s).length === 0) {
          accepted++;
          expect(check(s), `${path.join('.')} = ${JSON.stringify(value)}`).toBe(true);
        } else if (!check(s)) rejectedByBoth++;
      }),
      { numRuns: 400, seed: 6 },
    );
    // both outcomes are well represented, so the property says something
    expect(accepted).toBeGreaterThan(40);
    expect(rejectedByBoth).toBeGreaterThan(40);
  });
});
