/**
 * Scenario schema, part 1: the document as a whole, metrics, host and VM types and
 * the datacenter. Turns a YAML AST into a ScenarioConfig, recording every problem in
 * the context instead of stopping at the first. Part 2 (VMs, timeline, workloads and
 * cross-references) is in validate-actions.ts; consolidation experiments (compat,
 * trace_vms, consolidation) in validate-consolidation.ts.
 */
import { isScalar } from 'yaml';
import type { CpuScheduling, HostSpec, PowerSpec, VmSpec } from '../model/specs.js';
import { PLACEMENT_POLICY_NAMES } from '../policies/names.js';
import type { HostGroup, MetricsSpec, ScenarioConfig } from './types.js';
import {
  type Ctx,
  type Path,
  Fields,
  asMap,
  asSeq,
  complete,
  entries,
  fields,
  fmt,
  type TypeTable,
  lookupType,
} from './schema.js';
import { readActionsAndWorkloads } from './validate-actions.js';
import { APPLICATIONS_FIELD, readApplications } from './validate-applications.js';
import { readConsolidationSections } from './validate-consolidation.js';
import { VIRTUALIZATION_FIELD, readVirtualization } from './validate-virtualization.js';
import { PROVISIONING_FIELD, readProvisioning } from './validate-provisioning.js';
import { type MapSpec, field, mapSpec, opt, ref, req, rulesOf, t } from './spec.js';
import { ACTIONS_FIELDS } from './validate-actions.js';
import { CONSOLIDATION_FIELDS } from './validate-consolidation.js';
import { SWEEP_FIELD } from './sweep-spec.js';

export interface ValidateOptions {
  /** Folder that relative trace paths are resolved against. */
  baseDir: string;
}

/** Name of a scenario: it names the output folder. */
export const SCENARIO_NAME_RE = /^(?!\.+$)[A-Za-z0-9._-]+$/;
export const DEFAULT_POWER: PowerSpec = { model: 'linear', idle: 70, max: 250 };
const CURVE_MODELS = ['linear', 'square', 'cubic', 'sqrt'] as const;
/** Read before the rest of a power map: it decides between PowerCurve and PowerTable. */
const POWER_MODEL = t.enum([...CURVE_MODELS, 'table'] as const);
const SCHEDULERS: readonly CpuScheduling[] = ['time-shared', 'space-shared'];
const LAYOUTS: readonly ScenarioConfig['datacenter']['layout'][] = ['grouped', 'interleaved'];
const POSITIVE = { min: 0, exclusive: true };
const NON_NEGATIVE = { min: 0 };

export const METRICS = mapSpec('Metrics', 'Which time series a run writes, and how often.', {
  interval: opt(t.quantity('time', POSITIVE), 300, 'Sampling interval of the time series (a duration such as 5m, or seconds).'),
  hosts: opt(t.bool(), true, 'Write hosts.csv: one row per host per interval.'),
  vms: opt(t.bool(), false, 'Write vms.csv: one row per VM per interval.'),
  tasks: opt(t.bool(), false, 'Write tasks.csv: one row per finished task.'),
});

export const POWER_CURVE = mapSpec('PowerCurve', 'A power model from idle to max watts along a curve of the CPU load.', {
  model: opt(t.enum(CURVE_MODELS), 'linear', 'Shape of power against load: linear, square, cubic or sqrt (table takes watts).'),
  idle: req(t.quantity('power', NON_NEGATIVE), 'Power at 0% load (W, or e.g. 86W); at most max.'),
  max: req(t.quantity('power', NON_NEGATIVE), 'Power at 100% load (W, or e.g. 117W); at least idle.'),
});

export const POWER_TABLE = mapSpec('PowerTable', 'A power model measured at 0%, 10%, ..., 100% load (SPECpower style).', {
  model: opt(t.enum(['table'] as const), 'table', 'table (implied by watts).'),
  watts: field('required', { kind: 'list', item: t.quantity('power', NON_NEGATIVE).type, minItems: 11, maxItems: 11 }, '11 powers, at 0%, 10%, ..., 100% load, never decreasing.'),
});

export const HOST_TYPE = mapSpec('HostType', 'A kind of physical host.', {
  cores: req(t.int({ min: 1 }), 'Number of CPU cores (PEs).'),
  mips: req(t.quantity('speed', POSITIVE), 'Speed of one core (MIPS, or e.g. 2GIPS).'),
  ram: req(t.quantity('memory', POSITIVE), 'Memory (MiB, or e.g. 4GiB).'),
  bw: opt(t.quantity('bandwidth', POSITIVE), 1000, 'Network bandwidth (Mbit/s, or e.g. 1Gbps).'),
  disk_bw: opt(t.quantity('bandwidth', POSITIVE), undefined, 'Disk bandwidth (Mbit/s, or e.g. 2Gbps); unlimited when absent.'),
  storage: opt(t.quantity('memory', POSITIVE), 1024 * 1024, 'Local storage for VM images (MiB, or e.g. 1TiB).'),
  power: field('optional', { kind: 'oneOfShapes', shapes: [ref(POWER_TABLE), ref(POWER_CURVE)] }, 'Power model; default {model: linear, idle: 70W, max: 250W}.'),
  vm_scheduler: opt(t.enum(SCHEDULERS), 'time-shared', 'How the host shares its cores among VMs.'),
});

export const VM_TYPE = mapSpec('VmType', 'A kind of virtual machine.', {
  vcpus: req(t.int({ min: 1 }), 'Number of virtual CPUs.'),
  mips: req(t.quantity('speed', POSITIVE), 'Speed of one vCPU (MIPS, or e.g. 1GIPS).'),
  ram: req(t.quantity('memory', POSITIVE), 'Memory (MiB, or e.g. 1GiB).'),
  bw: opt(t.quantity('bandwidth', NON_NEGATIVE), 100, 'Network bandwidth (Mbit/s, or e.g. 100Mbps).'),
  disk_bw: opt(t.quantity('bandwidth', NON_NEGATIVE), 0, 'Disk bandwidth (Mbit/s).'),
  image: opt(t.quantity('memory', NON_NEGATIVE), 0, 'Image size stored on the host (MiB, or e.g. 2GiB).'),
  boot_time: opt(t.quantity('time', NON_NEGATIVE), 0, 'Time from placement until the VM runs tasks.'),
  task_scheduler: opt(t.enum(SCHEDULERS), 'time-shared', 'How the VM shares its vCPUs among tasks.'),
});

export const HOST_GROUP = mapSpec('HostGroup', 'A number of identical hosts.', {
  type: req(t.str(), 'Name of a host type defined in host_types.'),
  count: opt(t.int({ min: 1 }), 1, 'Number of hosts of this type.'),
});

export const DATACENTER = mapSpec('Datacenter', 'The hosts and how VMs are placed on them.', {
  placement: opt(t.enum(PLACEMENT_POLICY_NAMES), 'first-fit', 'VM placement policy.'),
  layout: opt(t.enum(LAYOUTS), 'grouped', 'Host order: groups one after another, or interleaved.'),
  cpu_overcommit: opt(t.num({ min: 1 }), 1, 'How many times its MIPS a host may promise to VMs.'),
  hosts: field('required', { kind: 'list', item: ref(HOST_GROUP), minItems: 1 }, 'Host groups such as {type: g4, count: 40}.'),
});

export const SCENARIO = mapSpec('Scenario', 'A dcsim scenario.', {
  name: req(
    t.str({ pattern: SCENARIO_NAME_RE, patternText: 'a name made of letters, digits, ".", "_" and "-"' }),
    'Name of the scenario; it names the output folder.',
  ),
  description: opt(t.str({ patternText: 'a string' }), '', 'What the scenario shows.'),
  seed: opt(t.int({ min: 0, max: 2 ** 32 - 1 }), 1, 'Seed of every random stream.'),
  duration: opt(t.quantity('time', POSITIVE), undefined, 'Simulated time to stop at; unbounded when absent.'),
  compat: CONSOLIDATION_FIELDS.compat,
  metrics: field('optional', ref(METRICS), 'Time series written by the run.'),
  host_types: field('required', { kind: 'mapOf', value: ref(HOST_TYPE), minProperties: 1 }, 'Host types by name.'),
  vm_types: field('required', { kind: 'mapOf', value: ref(VM_TYPE), minProperties: 1 }, 'VM types by name.'),
  datacenter: field('required', ref(DATACENTER), 'The hosts and the placement policy.'),
  vms: ACTIONS_FIELDS.vms,
  timeline: ACTIONS_FIELDS.timeline,
  workloads: ACTIONS_FIELDS.workloads,
  trace_vms: CONSOLIDATION_FIELDS.trace_vms,
  consolidation: CONSOLIDATION_FIELDS.consolidation,
  virtualization: VIRTUALIZATION_FIELD,
  provisioning: PROVISIONING_FIELD,
  applications: APPLICATIONS_FIELD,
  // read by batches (src/batch/spec.ts); a single run ignores it
  sweep: SWEEP_FIELD,
}) satisfies MapSpec;

/** Validates a parsed scenario document (its root node). Undefined when there were problems. */
export function validateScenario(ctx: Ctx, root: unknown, opts: ValidateOptions): ScenarioConfig | undefined {
  const top = fields(ctx, root, [], rulesOf(SCENARIO.fields), 'a map of scenario settings');
  if (!top) return undefined;
  const S = SCENARIO.fields;
  const name = top.req('name', S.name.read!);
  const description = top.opt('description', S.description.read!, '');
  const seed = top.opt('seed', S.seed.read!, 1);
  const duration = top.opt('duration', S.duration.read!, Infinity);
  const metrics = top.opt('metrics', readMetrics, { interval: 300, hosts: true, vms: false, tasks: false });
  const hostTypes = readTypes(ctx, top, 'host_types', readHostType);
  const vmTypes = readTypes(ctx, top, 'vm_types', readVmType);
  const datacenter = readDatacenter(ctx, top, hostTypes);
  const rest = readActionsAndWorkloads(ctx, top, {
    hostTypes,
    vmTypes,
    hosts: datacenter?.hostsComplete ? datacenter.hosts : undefined,
    duration,
    baseDir: opts.baseDir,
  });
  const cons = readConsolidationSections(ctx, top, {
    vmTypes,
    hosts: datacenter?.hostsComplete ? datacenter.hosts : undefined,
    baseDir: opts.baseDir,
  });
  const virtualization = readVirtualization(ctx, top, { vmTypes, hosts: datacenter?.hostsComplete ? datacenter.hosts : undefined });
  const provisioning = readProvisioning(ctx, top, {
    vmTypes,
    hosts: datacenter?.hostsComplete ? datacenter.hosts : undefined,
    placement: datacenter?.placement,
    cpuOvercommit: datacenter?.cpuOvercommit,
  });
  const applications = readApplications(ctx, top, {
    vmTypes,
    hosts: datacenter?.hostsComplete ? datacenter.hosts : undefined,
    duration,
    baseDir: opts.baseDir,
    experiment: ['trace_vms', 'virtualization', 'provisioning'].find((k) => top.has(k)),
  });
  if (ctx.problems.length > 0) return undefined;
  const out = complete<ScenarioConfig>({
    name,
    description,
    seed,
    duration,
    metrics,
    hostTypes: definedRecord(hostTypes),
    vmTypes: definedRecord(vmTypes),
    compat: cons.compat,
    ...(cons.traceVms && { traceVms: cons.traceVms }),
    ...(cons.consolidation && { consolidation: cons.consolidation }),
    ...(virtualization && { virtualization }),
    ...(provisioning && { provisioning }),
    datacenter:
      datacenter &&
      complete<ScenarioConfig['datacenter']>({
        placement: datacenter.placement,
        layout: datacenter.layout,
        cpuOvercommit: datacenter.cpuOvercommit,
        hosts: datacenter.hosts,
      }),
    actions: rest.actions,
    workloads: rest.workloads,
    ...(applications && { applications }),
  });
  return out;
}

function definedRecord<T>(t: TypeTable<T>): Record<string, T> | undefined {
  const out: Record<string, T> = {};
  for (const [k, v] of t.specs) {
    if (v === undefined) return undefined;
    out[k] = v;
  }
  return t.known ? out : undefined;
}

function readMetrics(ctx: Ctx, node: unknown, path: Path): MetricsSpec | undefined {
  const f = fields(ctx, node, path, METRICS.fields, 'a map such as {interval: 5m, hosts: true}');
  if (!f) return undefined;
  return complete<MetricsSpec>({
    interval: f.get('interval'),
    hosts: f.get('hosts'),
    vms: f.get('vms'),
    tasks: f.get('tasks'),
  });
}

function readTypes<T>(
  ctx: Ctx,
  top: Fields,
  key: 'host_types' | 'vm_types',
  read: (ctx: Ctx, node: unknown, path: Path, name: string) => T | undefined,
): TypeTable<T> {
  const table: TypeTable<T> = { specs: new Map(), known: false };
  if (top.node(key) === undefined) return table; // missing: reported by Fields
  const what = key === 'host_types' ? 'a map of host type names to host types' : 'a map of vm type names to vm types';
  const map = asMap(ctx, top.node(key), [key], what);
  if (!map) return table;
  table.known = true;
  const list = entries(ctx, map, [key]);
  if (list.length === 0 && map.items.length === 0) {
    ctx.report(map, [key], `expected at least one ${key === 'host_types' ? 'host' : 'vm'} type, got an empty map`);
  }
  for (const e of list) table.specs.set(e.key, read(ctx, e.value, [key, e.key], e.key));
  return table;
}

function readHostType(ctx: Ctx, node: unknown, path: Path, type: string): HostSpec | undefined {
  const f = fields(ctx, node, path, HOST_TYPE.fields, 'a host type such as {cores: 2, mips: 1860, ram: 4GiB}');
  if (!f) return undefined;
  return complete<HostSpec>({
    type,
    cores: f.get('cores'),
    mips: f.get('mips'),
    ram: f.get('ram'),
    bw: f.get('bw'),
    diskBw: f.get('disk_bw', Infinity),
    storage: f.get('storage'),
    power: f.opt('power', readPower, DEFAULT_POWER),
    vmScheduler: f.get('vm_scheduler'),
  });
}

function readPower(ctx: Ctx, node: unknown, path: Path): PowerSpec | undefined {
  const map = asMap(ctx, node, path, 'a power model such as {model: linear, idle: 86W, max: 117W}');
  if (!map) return undefined;
  const keyOf = (k: unknown) => (isScalar(k) ? k.value : undefined);
  const modelPair = map.items.find((p) => keyOf(ctx.deref(p.key)) === 'model');
  let model: PowerSpec['model'] | undefined;
  if (modelPair) {
    model = POWER_MODEL.read(ctx, modelPair.value, [...path, 'model']);
    if (model === undefined) return undefined;
  } else {
    model = map.items.some((p) => keyOf(ctx.deref(p.key)) === 'watts') ? 'table' : 'linear';
  }
  if (model !== 'table') {
    const f = new Fields(ctx, map, path, POWER_CURVE.fields, (k) =>
      k === 'watts' ? 'watts belongs to model: table' : undefined,
    );
    const idle = f.get('idle');
    const max = f.get('max');
    if (idle === undefined || max === undefined) return undefined;
    if (idle > max) {
      ctx.report(f.node('max'), f.pathOf('max'), `expected max >= idle (${fmt(idle)} W), got ${fmt(max)} W`);
      return undefined;
    }
    return { model, idle, max };
  }
  const f = new Fields(ctx, map, path, POWER_TABLE.fields, (k) =>
    k === 'idle' || k === 'max' ? `${k} belongs to models linear, square, cubic and sqrt` : undefined,
  );
  if (f.node('watts') === undefined) return undefined;
  const seq = asSeq(ctx, f.node('watts'), f.pathOf('watts'), 'a list of 11 powers (at 0%, 10%, ..., 100% load)');
  if (!seq) return undefined;
  const watt = POWER_CURVE.fields.max.read!;
  const watts = seq.items.map((it, i) => watt(ctx, it, [...f.pathOf('watts'), i]));
  if (seq.items.length !== 11) {
    ctx.report(seq, f.pathOf('watts'), `expected 11 powers (at 0%, 10%, ..., 100% load), got ${seq.items.length}`);
    return undefined;
  }
  if (watts.some((w) => w === undefined)) return undefined;
  const ws = watts as number[];
  for (let i = 1; i < ws.length; i++) {
    if (ws[i] < ws[i - 1]) {
      ctx.report(
        ctx.deref(seq.items[i]),
        [...f.pathOf('watts'), i],
        `expected a power >= the previous one (${fmt(ws[i - 1])} W), got ${fmt(ws[i])} W`,
        'power must not decrease as load grows',
      );
      return undefined;
    }
  }
  return { model: 'table', watts: ws };
}

function readVmType(ctx: Ctx, node: unknown, path: Path, type: string): VmSpec | undefined {
  const f = fields(ctx, node, path, VM_TYPE.fields, 'a vm type such as {vcpus: 1, mips: 1000, ram: 1GiB}');
  if (!f) return undefined;
  return complete<VmSpec>({
    type,
    vcpus: f.get('vcpus'),
    mips: f.get('mips'),
    ram: f.get('ram'),
    bw: f.get('bw'),
    diskBw: f.get('disk_bw'),
    image: f.get('image'),
    bootTime: f.get('boot_time'),
    taskScheduler: f.get('task_scheduler'),
  });
}

interface DatacenterResult {
  placement: string | undefined;
  layout: ScenarioConfig['datacenter']['layout'] | undefined;
  cpuOvercommit: number | undefined;
  hosts: HostGroup[];
  /** Every host group is valid (so host counts and host specs can be trusted). */
  hostsComplete: boolean;
}

function readDatacenter(ctx: Ctx, top: Fields, hostTypes: TypeTable<HostSpec>): DatacenterResult | undefined {
  if (top.node('datacenter') === undefined) return undefined;
  const f = fields(ctx, top.node('datacenter'), ['datacenter'], DATACENTER.fields, 'a map with placement, layout, cpu_overcommit and hosts');
  if (!f) return undefined;
  const placement = f.get('placement');
  const layout = f.get('layout');
  const cpuOvercommit = f.get('cpu_overcommit');
  const hosts: HostGroup[] = [];
  let hostsComplete = false;
  if (f.node('hosts') !== undefined) {
    const seq = asSeq(ctx, f.node('hosts'), f.pathOf('hosts'), 'a list of host groups such as {type: g4, count: 40}');
    if (seq) {
      hostsComplete = true;
      if (seq.items.length === 0) {
        ctx.report(seq, f.pathOf('hosts'), 'expected at least one host group, got an empty list');
        hostsComplete = false;
      }
      seq.items.forEach((item, i) => {
        const path = [...f.pathOf('hosts'), i];
        const g = fields(ctx, item, path, HOST_GROUP.fields, 'a host group such as {type: g4, count: 40}');
        if (!g) {
          hostsComplete = false;
          return;
        }
        const type = g.get('type');
        const count = g.get('count');
        const ref = lookupType(ctx, hostTypes, type, g.node('type'), g.pathOf('type'), 'host type', 'host_types');
        if (type === undefined || count === undefined || ref.spec === undefined) {
          hostsComplete = false;
          return;
        }
        hosts.push({ type, count, spec: ref.spec });
      });
    }
  }
  return { placement, layout, cpuOvercommit, hosts, hostsComplete };
}
