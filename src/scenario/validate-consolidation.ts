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
  int,
  num,
  oneOf,
  quantity,
} from './schema.js';
import { describeQuantityError, parseQuantity } from './units.js';
import { type ConsolidationEnv, readTraceVms } from './validate-traces.js';

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
const PRECOPY_KEYS = ['dirty_rate', 'downtime', 'max_rounds', 'max_factor'];
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
  const compat = top.opt('compat', oneOf(COMPAT), 'dcsim');
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
    { standby: 'optional', boot_time: 'optional', boot_power: 'optional', shutdown_time: 'optional' },
    'a map such as {standby: 5W, boot_time: 2m, shutdown_time: 30s}',
  );
  if (!f) return undefined;
  const out = complete<ConsolidationSpec['hostPower']>({
    standby: f.opt('standby', quantity('power', { min: 0 }), 0),
    bootTime: f.opt('boot_time', quantity('time', { min: 0 }), 0),
    shutdownTime: f.opt('shutdown_time', quantity('time', { min: 0 }), 0),
  });
  const bootPower = f.has('boot_power') ? f.opt('boot_power', quantity('power', { min: 0 }), 0) : undefined;
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
    { interval: 'optional', power_management: 'optional', overload: 'optional', selection: 'optional', migration: 'optional', host_power: 'optional' },
    'a map such as {power_management: migration, overload: {policy: thr, threshold: 0.8}}',
  );
  if (!f) return undefined;
  const interval = f.opt('interval', quantity('time', POSITIVE), 300);
  const powerManagement = f.opt('power_management', oneOf(POWER_MANAGEMENT), 'migration');
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
    selection: f.opt('selection', oneOf(SELECTION_NAMES), 'mmt'),
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

function readOverload(ctx: Ctx, node: unknown, path: Path): ConsolidationSpec['overload'] | undefined {
  const map = asMap(ctx, node, path, 'an overload policy such as {policy: thr, threshold: 0.8}');
  if (!map) return undefined;
  const policy = peek(ctx, map, path, 'policy', oneOf(OVERLOAD_NAMES));
  if (policy.value === undefined) {
    // Still report misspelled keys; `policy` is reported missing or invalid.
    new Fields(ctx, map, path, { policy: policy.present ? 'optional' : 'required', threshold: 'optional', safety: 'optional' });
    return undefined;
  }
  const p = policy.value;
  if (p === 'thr') {
    const f = new Fields(ctx, map, path, { policy: 'optional', threshold: 'optional' }, (k) =>
      k === 'safety' ? `thr takes threshold; safety belongs to ${SAFETY_POLICIES.join(', ')}` : undefined,
    );
    const param = f.opt('threshold', threshold, DEFAULT_PARAM.thr);
    return param === undefined ? undefined : { policy: p, param };
  }
  const f = new Fields(ctx, map, path, { policy: 'optional', safety: 'optional' }, (k) =>
    k === 'threshold' ? `${p} takes safety; threshold belongs to thr` : undefined,
  );
  const param = f.opt('safety', num(POSITIVE), DEFAULT_PARAM[p]);
  return param === undefined ? undefined : { policy: p, param };
}

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

function readMigration(ctx: Ctx, node: unknown, path: Path): MigrationModelSpec | undefined {
  const map = asMap(ctx, node, path, 'a migration model such as {model: cloudsim} or {model: precopy, dirty_rate: 20MiB/s}');
  if (!map) return undefined;
  const model = peek(ctx, map, path, 'model', oneOf(['cloudsim', 'precopy'] as const));
  if (model.present && model.value === undefined) {
    new Fields(ctx, map, path, Object.fromEntries(['model', ...PRECOPY_KEYS].map((k) => [k, 'optional'] as const)));
    return undefined;
  }
  if ((model.value ?? 'cloudsim') === 'cloudsim') {
    new Fields(ctx, map, path, { model: 'optional' }, (k) => (PRECOPY_KEYS.includes(k) ? `${k} belongs to model: precopy` : undefined));
    return { model: 'cloudsim' };
  }
  const f = new Fields(ctx, map, path, {
    model: 'optional',
    dirty_rate: 'optional',
    downtime: 'optional',
    max_rounds: 'optional',
    max_factor: 'optional',
  });
  return complete<MigrationModelSpec>({
    model: 'precopy',
    dirtyRate: f.opt('dirty_rate', memoryRate, 0),
    downtime: f.opt('downtime', quantity('time', POSITIVE), 0.03),
    maxRounds: f.opt('max_rounds', int({ min: 1 }), 29),
    maxFactor: f.opt('max_factor', num({ min: 1 }), 3),
  });
}
