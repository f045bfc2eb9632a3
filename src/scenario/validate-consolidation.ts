/**
 * Scenario schema, part 4: consolidation experiments. `compat`, `consolidation` (power
 * management, overload detection, VM selection, migration model, host power states),
 * and the checks between them, `trace_vms` (part 5, validate-traces.ts) and the rest
 * of the scenario.
 */
import { Scalar, isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import {
  type ConsolidationSpec,
  type MigrationModelSpec,
  OVERLOAD_NAMES,
  SELECTION_NAMES,
  type ScenarioConfig,
  type TraceVmsSpec,
} from './types.js';
import {
  type Ctx,
  type Path,
  type Reader,
  Fields,
  asMap,
  complete,
  describe,
  fields,
} from './schema.js';
import { describeQuantityError, parseQuantity } from './units.js';
import { type ConsolidationEnv, TRACE_VMS, readTraceVms } from './validate-traces.js';
import { type FieldSpec, field, mapSpec, opt, ref, req, t } from './spec.js';

export type { ConsolidationEnv } from './validate-traces.js';


type OverloadPolicy = (typeof OVERLOAD_NAMES)[number];
type PowerManagement = ConsolidationSpec['powerManagement'];

const POSITIVE = { min: 0, exclusive: true };
const COMPAT = ['dcsim', 'cloudsim'] as const;
const POWER_MANAGEMENT: readonly PowerManagement[] = ['migration', 'dvfs', 'none'];
/** Keys of `consolidation` that only mean something with power_management: migration. */
const MIGRATION_ONLY = ['overload', 'selection', 'migration'] as const;
/** The parameters of CloudSim's PlanetLab examples, used when `threshold`/`safety` is left out. */
const DEFAULT_PARAM: Readonly<Record<OverloadPolicy, number>> = { thr: 0.8, iqr: 1.5, mad: 2.5, lr: 1.2, lrr: 1.2 };
const SAFETY_POLICIES = OVERLOAD_NAMES.filter((p) => p !== 'thr');
/** A memory quantity per second, in MiB/s: `20MiB/s`, `20MiB` or a plain number of MiB/s. */
const memoryRate: Reader<number> = (ctx, node, path) => {
  const n = ctx.deref(node);
  let v = isScalar(n) ? n.value : undefined;
  if (typeof v === 'string') v = v.trim().replace(/\s*\/\s*s$/, '');
  const r = parseQuantity('memory', v);
  if (!r.ok) {
    const { hint } = describeQuantityError('memory', describe(n), r);
    ctx.report(n ?? node, path, `expected a memory rate such as "20MiB/s" or a number of MiB per second, got ${describe(n)}`, hint);
    return undefined;
  }
  if (r.value < 0) {
    ctx.report(n, path, `expected a memory rate >= 0, got ${describe(n)}`);
    return undefined;
  }
  return r.value;
};

export const HOST_POWER = mapSpec('HostPower', 'Host power states: hosts with no VM switch off.', {
  standby: opt(t.quantity('power', { min: 0 }), 0, 'Power of a switched-off host.'),
  boot_time: opt(t.quantity('time', { min: 0 }), 0, 'Time to switch a host on.'),
  boot_power: opt(t.quantity('power', { min: 0 }), undefined, 'Power while booting; the host\'s max power when absent.'),
  shutdown_time: opt(t.quantity('time', { min: 0 }), 0, 'Time to switch a host off.'),
});

/** A CloudSim overload threshold: utilization in (0, 1]. */
const threshold: Reader<number> = (ctx, node, path) => {
  const n = ctx.deref(node);
  const v = isScalar(n) ? n.value : undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 1) {
    ctx.report(n ?? node, path, `expected a number > 0 and <= 1, got ${describe(n)}`);
    return undefined;
  }
  return v;
};

const OVERLOAD_POLICY = t.enum(OVERLOAD_NAMES);
export const OVERLOAD_THR = mapSpec('OverloadThreshold', 'Static threshold: a host is overloaded above the threshold utilization.', {
  policy: req(t.enum(['thr'] as const), 'thr: static threshold.'),
  threshold: {
    rule: 'optional',
    type: { kind: 'number', range: { min: 0, exclusive: true, max: 1 } },
    read: threshold,
    default: DEFAULT_PARAM.thr,
    doc: 'Utilization above which a host is overloaded, > 0 and <= 1.',
  } satisfies FieldSpec<number>,
});
export const OVERLOAD_ADAPTIVE = mapSpec('OverloadAdaptive', 'Adaptive thresholds from the utilization history (Beloglazov and Buyya).', {
  policy: req(t.enum(SAFETY_POLICIES), 'iqr, mad, lr or lrr.'),
  safety: opt(t.num(POSITIVE), undefined, 'Safety parameter; CloudSim\'s PlanetLab value when absent (iqr 1.5, mad 2.5, lr and lrr 1.2).'),
});

export const MIGRATION_CLOUDSIM = mapSpec('MigrationCloudSim', 'CloudSim\'s migration model: RAM over half the bandwidth, 10% CPU overhead.', {
  model: opt(t.enum(['cloudsim'] as const), 'cloudsim', 'cloudsim.'),
});
const MIGRATION_MODEL = t.enum(['cloudsim', 'precopy'] as const);
export const MIGRATION_PRECOPY = mapSpec('MigrationPrecopy', 'Iterative pre-copy live migration.', {
  model: req(t.enum(['precopy'] as const), 'precopy.'),
  dirty_rate: {
    rule: 'optional',
    type: { kind: 'quantity', unit: 'memory', range: { min: 0 }, perSecond: true },
    read: memoryRate,
    default: 0,
    doc: 'Rate at which the VM dirties memory (e.g. 20MiB/s, or MiB per second).',
  } satisfies FieldSpec<number>,
  downtime: opt(t.quantity('time', POSITIVE), 0.03, 'Stop-and-copy when the remaining copy takes less than this.'),
  max_rounds: opt(t.int({ min: 1 }), 29, 'Most pre-copy rounds.'),
  max_factor: opt(t.num({ min: 1 }), 3, 'Stop when the data sent exceeds this many times the RAM.'),
});

export const CONSOLIDATION = mapSpec('Consolidation', 'Power management of a trace-driven scenario.', {
  interval: opt(t.quantity('time', POSITIVE), 300, 'How often the consolidation runs.'),
  power_management: opt(t.enum(POWER_MANAGEMENT), 'migration', 'migration (consolidate by live migration), dvfs (power follows load) or none.'),
  overload: field('optional', { kind: 'oneOfShapes', shapes: [ref(OVERLOAD_THR), ref(OVERLOAD_ADAPTIVE)] }, 'Overload detection; required with power_management: migration.'),
  selection: opt(t.enum(SELECTION_NAMES), 'mmt', 'Which VMs leave an overloaded host (migration only).'),
  migration: field('optional', { kind: 'oneOfShapes', shapes: [ref(MIGRATION_CLOUDSIM), ref(MIGRATION_PRECOPY)] }, 'Migration model (migration only).'),
  host_power: field('optional', ref(HOST_POWER), 'Host power states; hosts switch off at no cost when absent.'),
});

const PRECOPY_KEYS = Object.keys(MIGRATION_PRECOPY.fields).filter((k) => k !== 'model');

/** The top-level keys this file reads. */
export const CONSOLIDATION_FIELDS = {
  compat: opt(t.enum(COMPAT), 'dcsim', 'cloudsim reproduces CloudSim\'s consolidation results (trace_vms scenarios only).'),
  trace_vms: field('optional', ref(TRACE_VMS), 'VMs whose CPU demand follows utilization traces.'),
  consolidation: field('optional', ref(CONSOLIDATION), 'Power management; requires trace_vms.'),
} satisfies Record<string, FieldSpec<any>>;

/** Stand-ins (fresh objects) for the policy fields that power management without migration does not use. */
const unusedByDvfs = (): Pick<ConsolidationSpec, 'overload' | 'selection' | 'migration'> => ({
  overload: { policy: 'thr', param: 1 },
  selection: 'mmt',
  migration: { model: 'cloudsim' },
});

export interface ConsolidationSections {
  /** Undefined when invalid (reported). */
  compat: ScenarioConfig['compat'] | undefined;
  /** Undefined when absent or invalid (then reported). */
  traceVms?: TraceVmsSpec;
  consolidation?: ConsolidationSpec;
}

/** Reads `compat`, `trace_vms` and `consolidation`, and checks them against the rest of the document. */
export function readConsolidationSections(ctx: Ctx, top: Fields, env: ConsolidationEnv): ConsolidationSections {
  const compat = top.opt('compat', CONSOLIDATION_FIELDS.compat.read!, 'dcsim');
  const hasTraces = top.has('trace_vms');
  const hasConsolidation = top.has('consolidation');
  const traceVms = hasTraces ? readTraceVms(ctx, top.node('trace_vms'), ['trace_vms'], env) : undefined;
  let consolidation = hasConsolidation ? readConsolidation(ctx, top.node('consolidation'), ['consolidation']) : undefined;

  if (hasTraces) {
    const others = (['vms', 'timeline', 'workloads'] as const).filter((k) => {
      const n = ctx.deref(top.node(k));
      return top.has(k) && !(isSeq(n) && n.items.length === 0);
    });
    if (others.length > 0) {
      ctx.report(
        top.keyNode('trace_vms'),
        ['trace_vms'],
        'a consolidation scenario cannot also have vms, timeline or workloads yet',
        `this one has ${others.join(', ')}`,
      );
    }
    // `trace_vms` without `consolidation`: power follows load, no migration.
    if (!hasConsolidation) consolidation = { interval: 300, powerManagement: 'dvfs', hostPower: { ...NO_HOST_STATES }, ...unusedByDvfs() };
    if (compat === 'cloudsim' && consolidation && hasConsolidation) {
      const cons = ctx.deref(top.node('consolidation'));
      const hp = isMap(cons) ? cons.items.find((p: { key: unknown }) => keyOf(ctx, p.key) === 'host_power') : undefined;
      if (hp) {
        ctx.report(ctx.deref(hp.key), ['consolidation', 'host_power'], 'host_power is part of dcsim\'s model, not of compat: cloudsim', 'CloudSim has no host power states: remove it or set compat: dcsim');
      }
    }
  } else {
    if (hasConsolidation) {
      ctx.report(
        top.keyNode('consolidation'),
        ['consolidation'],
        'consolidation requires trace_vms (the trace-driven VMs it consolidates)',
      );
    }
    if (compat === 'cloudsim') {
      ctx.report(ctx.deref(top.node('compat')), ['compat'], 'compat: cloudsim applies to consolidation scenarios (trace_vms) only');
    }
  }
  return { compat, ...(traceVms && { traceVms }), ...(consolidation && { consolidation }) };
}

/** Hosts off at no cost: no standby power, no boot or shutdown delay. */
const NO_HOST_STATES: ConsolidationSpec['hostPower'] = { standby: 0, bootTime: 0, shutdownTime: 0 };

function readHostPower(ctx: Ctx, node: unknown, path: Path): ConsolidationSpec['hostPower'] | undefined {
  const f = fields(
    ctx,
    node,
    path,
    HOST_POWER.fields,
    'a map such as {standby: 5W, boot_time: 2m, shutdown_time: 30s}',
  );
  if (!f) return undefined;
  const out = complete<ConsolidationSpec['hostPower']>({
    standby: f.get('standby'),
    bootTime: f.get('boot_time'),
    shutdownTime: f.get('shutdown_time'),
  });
  const bootPower = f.has('boot_power') ? f.get('boot_power', 0) : undefined;
  if (!out || (f.has('boot_power') && bootPower === undefined)) return undefined;
  return bootPower === undefined ? out : { ...out, bootPower };
}

// ---------------------------------------------------------------------------
// consolidation

function readConsolidation(ctx: Ctx, node: unknown, path: Path): ConsolidationSpec | undefined {
  const f = fields(
    ctx,
    node,
    path,
    CONSOLIDATION.fields,
    'a map such as {power_management: migration, overload: {policy: thr, threshold: 0.8}}',
  );
  if (!f) return undefined;
  const interval = f.get('interval');
  const powerManagement = f.get('power_management');
  const hostPower = f.opt('host_power', readHostPower, { ...NO_HOST_STATES });
  if (powerManagement === 'dvfs' || powerManagement === 'none') {
    let ok = true;
    for (const k of MIGRATION_ONLY) {
      if (!f.has(k)) continue;
      ctx.report(
        f.keyNode(k),
        f.pathOf(k),
        `${k} only applies with power_management: migration, not ${powerManagement}`,
        'remove it, or set power_management: migration',
      );
      ok = false;
    }
    return ok ? complete<ConsolidationSpec>({ interval, powerManagement, hostPower, ...unusedByDvfs() }) : undefined;
  }
  let overload: ConsolidationSpec['overload'] | undefined;
  if (f.has('overload')) overload = readOverload(ctx, f.node('overload'), f.pathOf('overload'));
  else if (powerManagement === 'migration') {
    ctx.report(f.map, path, 'missing required key "overload"', 'power_management: migration needs an overload policy such as {policy: thr, threshold: 0.8}');
  }
  return complete<ConsolidationSpec>({
    interval,
    powerManagement,
    hostPower,
    overload,
    selection: f.get('selection'),
    migration: f.opt('migration', readMigration, { model: 'cloudsim' }),
  });
}

const keyOf = (ctx: Ctx, k: unknown): unknown => {
  const n = ctx.deref(k);
  return isScalar(n) ? n.value : undefined;
};

/** Reads the value of `key` in `map` (before the map's other keys are checked), with its located path. */
function peek<T>(ctx: Ctx, map: YAMLMap, path: Path, key: string, reader: Reader<T>): { present: boolean; value: T | undefined } {
  const pair = map.items.find((p) => keyOf(ctx, p.key) === key);
  if (!pair) return { present: false, value: undefined };
  let value: unknown = pair.value;
  if (value === null || value === undefined) {
    // `key:` with no value: a null located at the key, as Fields does.
    const n = new Scalar(null);
    const range = (pair.key as { range?: [number, number, number] } | null)?.range;
    if (range) n.range = [range[0], range[0], range[0]];
    value = n;
  }
  return { present: true, value: reader(ctx, value, [...path, key]) };
}

function readOverload(ctx: Ctx, node: unknown, path: Path): ConsolidationSpec['overload'] | undefined {
  const map = asMap(ctx, node, path, 'an overload policy such as {policy: thr, threshold: 0.8}');
  if (!map) return undefined;
  const policy = peek(ctx, map, path, 'policy', OVERLOAD_POLICY.read);
  if (policy.value === undefined) {
    // Still report misspelled keys; `policy` is reported missing or invalid.
    new Fields(ctx, map, path, { policy: policy.present ? 'optional' : 'required', threshold: 'optional', safety: 'optional' });
    return undefined;
  }
  const p = policy.value;
  if (p === 'thr') {
    const f = new Fields(ctx, map, path, { ...OVERLOAD_THR.fields, policy: 'optional' }, (k) =>
      k === 'safety' ? `thr takes threshold; safety belongs to ${SAFETY_POLICIES.join(', ')}` : undefined,
    );
    const param = f.get('threshold');
    return param === undefined ? undefined : { policy: p, param };
  }
  const f = new Fields(ctx, map, path, { ...OVERLOAD_ADAPTIVE.fields, policy: 'optional' }, (k) =>
    k === 'threshold' ? `${p} takes safety; threshold belongs to thr` : undefined,
  );
  const param = f.get('safety', DEFAULT_PARAM[p]);
  return param === undefined ? undefined : { policy: p, param };
}

function readMigration(ctx: Ctx, node: unknown, path: Path): MigrationModelSpec | undefined {
  const map = asMap(ctx, node, path, 'a migration model such as {model: cloudsim} or {model: precopy, dirty_rate: 20MiB/s}');
  if (!map) return undefined;
  const model = peek(ctx, map, path, 'model', MIGRATION_MODEL.read);
  if (model.present && model.value === undefined) {
    new Fields(ctx, map, path, Object.fromEntries(['model', ...PRECOPY_KEYS].map((k) => [k, 'optional'] as const)));
    return undefined;
  }
  if ((model.value ?? 'cloudsim') === 'cloudsim') {
    new Fields(ctx, map, path, MIGRATION_CLOUDSIM.fields, (k) => (PRECOPY_KEYS.includes(k) ? `${k} belongs to model: precopy` : undefined));
    return { model: 'cloudsim' };
  }
  const f = new Fields(ctx, map, path, { ...MIGRATION_PRECOPY.fields, model: 'optional' });
  return complete<MigrationModelSpec>({
    model: 'precopy',
    dirtyRate: f.get('dirty_rate'),
    downtime: f.get('downtime'),
    maxRounds: f.get('max_rounds'),
    maxFactor: f.get('max_factor'),
  });
}
