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
  bool,
  complete,
  entries,
  fields,
  fmt,
  int,
  num,
  oneOf,
  quantity,
  str,
  type TypeTable,
  lookupType,
} from './schema.js';
import { readActionsAndWorkloads } from './validate-actions.js';
import { readApplications } from './validate-applications.js';
import { readConsolidationSections } from './validate-consolidation.js';
import { readVirtualization } from './validate-virtualization.js';
import { readProvisioning } from './validate-provisioning.js';

export interface ValidateOptions {
  /** Folder that relative trace paths are resolved against. */
  baseDir: string;
}

/** Name of a scenario: it names the output folder. */
export const SCENARIO_NAME_RE = /^(?!\.+$)[A-Za-z0-9._-]+$/;
export const DEFAULT_POWER: PowerSpec = { model: 'linear', idle: 70, max: 250 };
const POWER_MODELS = ['linear', 'square', 'cubic', 'sqrt', 'table'] as const;
const SCHEDULERS: readonly CpuScheduling[] = ['time-shared', 'space-shared'];
const LAYOUTS: readonly ScenarioConfig['datacenter']['layout'][] = ['grouped', 'interleaved'];
const POSITIVE = { min: 0, exclusive: true };
const NON_NEGATIVE = { min: 0 };

/** Validates a parsed scenario document (its root node). Undefined when there were problems. */
export function validateScenario(ctx: Ctx, root: unknown, opts: ValidateOptions): ScenarioConfig | undefined {
  const top = fields(
    ctx,
    root,
    [],
    {
      name: 'required',
      description: 'optional',
      seed: 'optional',
      duration: 'optional',
      compat: 'optional',
      metrics: 'optional',
      host_types: 'required',
      vm_types: 'required',
      datacenter: 'required',
      vms: 'optional',
      timeline: 'optional',
      workloads: 'optional',
      trace_vms: 'optional',
      consolidation: 'optional',
      virtualization: 'optional',
      provisioning: 'optional',
      applications: 'optional',
      sweep: 'optional', // read by batches (src/batch/spec.ts); a single run ignores it
    },
    'a map of scenario settings',
  );
  if (!top) return undefined;
  const name = top.req('name', str({ pattern: SCENARIO_NAME_RE, patternText: 'a name made of letters, digits, ".", "_" and "-"' }));
  const description = top.opt('description', str({ patternText: 'a string' }), '');
  const seed = top.opt('seed', int({ min: 0, max: 2 ** 32 - 1 }), 1);
  const duration = top.opt('duration', quantity('time', POSITIVE), Infinity);
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
  const rules = { interval: 'optional', hosts: 'optional', vms: 'optional', tasks: 'optional' } as const;
  const f = fields(ctx, node, path, rules, 'a map such as {interval: 5m, hosts: true}');
  if (!f) return undefined;
  return complete<MetricsSpec>({
    interval: f.opt('interval', quantity('time', POSITIVE), 300),
    hosts: f.opt('hosts', bool, true),
    vms: f.opt('vms', bool, false),
    tasks: f.opt('tasks', bool, false),
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
  const f = fields(ctx, node, path, {
    cores: 'required',
    mips: 'required',
    ram: 'required',
    bw: 'optional',
    disk_bw: 'optional',
    storage: 'optional',
    power: 'optional',
    vm_scheduler: 'optional',
  }, 'a host type such as {cores: 2, mips: 1860, ram: 4GiB}');
  if (!f) return undefined;
  return complete<HostSpec>({
    type,
    cores: f.req('cores', int({ min: 1 })),
    mips: f.req('mips', quantity('speed', POSITIVE)),
    ram: f.req('ram', quantity('memory', POSITIVE)),
    bw: f.opt('bw', quantity('bandwidth', POSITIVE), 1000),
    diskBw: f.opt('disk_bw', quantity('bandwidth', POSITIVE), Infinity),
    storage: f.opt('storage', quantity('memory', POSITIVE), 1024 * 1024),
    power: f.opt('power', readPower, DEFAULT_POWER),
    vmScheduler: f.opt('vm_scheduler', oneOf(SCHEDULERS), 'time-shared'),
  });
}

function readPower(ctx: Ctx, node: unknown, path: Path): PowerSpec | undefined {
  const map = asMap(ctx, node, path, 'a power model such as {model: linear, idle: 86W, max: 117W}');
  if (!map) return undefined;
  const keyOf = (k: unknown) => (isScalar(k) ? k.value : undefined);
  const modelPair = map.items.find((p) => keyOf(ctx.deref(p.key)) === 'model');
  let model: (typeof POWER_MODELS)[number] | undefined;
  if (modelPair) {
    model = oneOf(POWER_MODELS)(ctx, modelPair.value, [...path, 'model']);
    if (model === undefined) return undefined;
  } else {
    model = map.items.some((p) => keyOf(ctx.deref(p.key)) === 'watts') ? 'table' : 'linear';
  }
  if (model !== 'table') {
    const f = new Fields(ctx, map, path, { model: 'optional', idle: 'required', max: 'required' }, (k) =>
      k === 'watts' ? 'watts belongs to model: table' : undefined,
    );
    const idle = f.req('idle', quantity('power', NON_NEGATIVE));
    const max = f.req('max', quantity('power', NON_NEGATIVE));
    if (idle === undefined || max === undefined) return undefined;
    if (idle > max) {
      ctx.report(f.node('max'), f.pathOf('max'), `expected max >= idle (${fmt(idle)} W), got ${fmt(max)} W`);
      return undefined;
    }
    return { model, idle, max };
  }
  const f = new Fields(ctx, map, path, { model: 'optional', watts: 'required' }, (k) =>
    k === 'idle' || k === 'max' ? `${k} belongs to models linear, square, cubic and sqrt` : undefined,
  );
  if (f.node('watts') === undefined) return undefined;
  const seq = asSeq(ctx, f.node('watts'), f.pathOf('watts'), 'a list of 11 powers (at 0%, 10%, ..., 100% load)');
  if (!seq) return undefined;
  const watts = seq.items.map((it, i) => quantity('power', NON_NEGATIVE)(ctx, it, [...f.pathOf('watts'), i]));
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
  const f = fields(ctx, node, path, {
    vcpus: 'required',
    mips: 'required',
    ram: 'required',
    bw: 'optional',
    disk_bw: 'optional',
    image: 'optional',
    boot_time: 'optional',
    task_scheduler: 'optional',
  }, 'a vm type such as {vcpus: 1, mips: 1000, ram: 1GiB}');
  if (!f) return undefined;
  return complete<VmSpec>({
    type,
    vcpus: f.req('vcpus', int({ min: 1 })),
    mips: f.req('mips', quantity('speed', POSITIVE)),
    ram: f.req('ram', quantity('memory', POSITIVE)),
    bw: f.opt('bw', quantity('bandwidth', NON_NEGATIVE), 100),
    diskBw: f.opt('disk_bw', quantity('bandwidth', NON_NEGATIVE), 0),
    image: f.opt('image', quantity('memory', NON_NEGATIVE), 0),
    bootTime: f.opt('boot_time', quantity('time', NON_NEGATIVE), 0),
    taskScheduler: f.opt('task_scheduler', oneOf(SCHEDULERS), 'time-shared'),
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
  const rules = { placement: 'optional', layout: 'optional', cpu_overcommit: 'optional', hosts: 'required' } as const;
  const f = fields(ctx, top.node('datacenter'), ['datacenter'], rules, 'a map with placement, layout, cpu_overcommit and hosts');
  if (!f) return undefined;
  const placement = f.opt('placement', oneOf(PLACEMENT_POLICY_NAMES), 'first-fit');
  const layout = f.opt('layout', oneOf(LAYOUTS), 'grouped');
  const cpuOvercommit = f.opt('cpu_overcommit', num({ min: 1 }), 1);
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
        const g = fields(ctx, item, path, { type: 'required', count: 'optional' }, 'a host group such as {type: g4, count: 40}');
        if (!g) {
          hostsComplete = false;
          return;
        }
        const type = g.req('type', str());
        const count = g.opt('count', int({ min: 1 }), 1);
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
