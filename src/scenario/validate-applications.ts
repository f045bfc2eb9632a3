/**
 * Scenario schema: `applications`, multi-tier applications (see README,
 * "Multi-tier applications"). Reads tiers, request classes, the workload and the
 * autoscaling rules, and checks their cross-references: tiers name defined VM types
 * that fit a host, routes name defined tiers, rate schedules are sorted.
 */
import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { DistSpec } from '../engine/distribution.js';
import { InputError } from '../errors.js';
import type { ClassSpec, HopSpec, TierSpec } from '../model/apps/spec.js';
import type { VmSpec } from '../model/specs.js';
import { type AutoscaleMetric, type AutoscaleRule } from '../policies/autoscale.js';
import { type AppWorkloadSpec, readArrivalTrace } from '../workload/app-arrivals.js';
import {
  APPLICATION, APP_WORKLOAD, AUTOSCALE, BYTES_FIELD, CPU_FIELD, DIURNAL, HOP, NAME, RATE_STEP, REQUEST_CLASS, SCALE_IN,
  SCALE_OUT, THINK_FIELD, TIER, WORK_FIELD,
} from './applications-spec.js';
import { dist } from './dist.js';
import { choiceHint } from './problems.js';
import { type Ctx, type Fields, type Path, type TypeTable, asSeq, complete, fields, fmt, lookupType, pathText } from './schema.js';
import type { ApplicationSpec, HostGroup } from './types.js';
import { checkFit } from './validate-actions.js';

export { APPLICATIONS_FIELD } from './applications-spec.js';

export interface AppEnv {
  vmTypes: TypeTable<VmSpec>;
  hosts: HostGroup[] | undefined;
  duration: number | undefined;
  baseDir: string;
  /** The section that makes the scenario an experiment of its own (trace_vms, virtualization, provisioning), if any. */
  experiment: string | undefined;
}

/** Mbit in one MiB. */
const MBIT_PER_MIB = (1024 * 1024 * 8) / 1e6;
const WORKLOAD_KINDS = ['users', 'rate', 'schedule', 'diurnal', 'trace'] as const;

/** Reads `applications`; undefined when absent or invalid (problems recorded). */
export function readApplications(ctx: Ctx, top: Fields, env: AppEnv): ApplicationSpec[] | undefined {
  if (!top.has('applications')) return undefined;
  const seq = asSeq(ctx, top.node('applications'), ['applications'], 'a list of applications');
  if (!seq) return undefined;
  if (env.duration === Infinity) {
    ctx.report(seq, ['applications'], 'a scenario with applications needs a duration', 'add duration: (e.g. 1h) at the top level');
  }
  if (env.experiment !== undefined) {
    ctx.report(seq, ['applications'], `a scenario with ${env.experiment} runs only that and cannot have applications`, 'run the applications in a scenario of their own');
  }
  const names = new Map<string, Path>();
  const apps = seq.items.map((item, i) => readApplication(ctx, item, ['applications', i], env, names));
  return apps.every((a) => a !== undefined) ? (apps as ApplicationSpec[]) : undefined;
}

function unique(ctx: Ctx, f: Fields, seen: Map<string, Path>, what: string, path: Path): string | undefined {
  const name = f.req('name', NAME.read);
  if (name === undefined) return undefined;
  const first = seen.get(name);
  if (first) {
    ctx.report(ctx.deref(f.node('name')), f.pathOf('name'), `duplicate ${what} name "${name}" (also used by ${pathText(first)})`);
    return undefined;
  }
  seen.set(name, path);
  return name;
}

function readApplication(ctx: Ctx, node: unknown, path: Path, env: AppEnv, names: Map<string, Path>): ApplicationSpec | undefined {
  const f = fields(ctx, node, path, APPLICATION.fields, 'an application map with name, tiers, classes and workload');
  if (!f) return undefined;
  const name = unique(ctx, f, names, 'application', path);
  const warmup = f.get('warmup');
  if (warmup !== undefined && env.duration !== undefined && warmup >= env.duration) {
    ctx.report(ctx.deref(f.node('warmup')), f.pathOf('warmup'), `expected a warm-up shorter than the duration (${fmt(env.duration)} s), got ${fmt(warmup)} s`);
  }
  const refMips = f.get('reference_mips', NaN);
  const tiers: (TierSpec | undefined)[] = [];
  const rules: (AutoscaleRule | undefined)[] = [];
  let tiersOk = false;
  if (f.node('tiers') !== undefined) {
    const seq = asSeq(ctx, f.node('tiers'), f.pathOf('tiers'), 'a list of tiers such as {name: web, vm_type: small}');
    if (seq) {
      tiersOk = true;
      if (seq.items.length === 0) ctx.report(seq, f.pathOf('tiers'), 'expected at least one tier, got an empty list');
      const seen = new Map<string, Path>();
      seq.items.forEach((item, i) => {
        const r = readTier(ctx, item, [...f.pathOf('tiers'), i], env, seen);
        if (r === undefined) tiersOk = false;
        tiers.push(r?.tier);
        rules.push(r?.rule);
      });
    }
  }
  const tierNames = tiers.map((t) => t?.name);
  const classes: (ClassSpec | undefined)[] = [];
  if (f.node('classes') !== undefined) {
    const seq = asSeq(ctx, f.node('classes'), f.pathOf('classes'), 'a list of request classes such as {name: browse, route: [...]}');
    if (seq) {
      if (seq.items.length === 0) ctx.report(seq, f.pathOf('classes'), 'expected at least one request class, got an empty list');
      const seen = new Map<string, Path>();
      seq.items.forEach((item, i) =>
        classes.push(readClass(ctx, item, [...f.pathOf('classes'), i], tiersOk ? (tiers as TierSpec[]) : undefined, tierNames, refMips ?? NaN, seen)),
      );
    } else classes.push(undefined);
  }
  const workload = f.node('workload') === undefined ? undefined : readWorkload(ctx, f.node('workload'), f.pathOf('workload'), env);
  if (!tiersOk || classes.some((c) => c === undefined) || classes.length === 0) return undefined;
  return complete<ApplicationSpec>({
    model: complete({ name, tiers: tiers as TierSpec[], classes: classes as ClassSpec[], warmup }),
    workload,
    autoscale: rules,
  });
}

function optInt(f: Fields<typeof TIER.fields>, key: 'threads' | 'queue_limit' | 'connections'): number | undefined {
  return f.get(key, Infinity);
}

function readTier(
  ctx: Ctx, node: unknown, path: Path, env: AppEnv, seen: Map<string, Path>,
): { tier: TierSpec; rule: AutoscaleRule | undefined } | undefined {
  const f = fields(ctx, node, path, TIER.fields, 'a tier such as {name: web, vm_type: small, replicas: 2}');
  if (!f) return undefined;
  const name = unique(ctx, f, seen, 'tier', path);
  const vmType = f.get('vm_type');
  const ref = lookupType(ctx, env.vmTypes, vmType, f.node('vm_type'), f.pathOf('vm_type'), 'vm type', 'vm_types');
  if (ref.spec && env.hosts) checkFit(ctx, ref.spec, env.hosts, f.node('vm_type'), f.pathOf('vm_type'));
  const replicas = f.get('replicas');
  const tier = complete<TierSpec>({
    name, vmType, vm: ref.spec, replicas,
    threads: optInt(f, 'threads'),
    queueLimit: optInt(f, 'queue_limit'),
    connections: optInt(f, 'connections'),
    balancer: f.get('balancer'),
  });
  let rule: AutoscaleRule | undefined;
  if (f.has('autoscale')) {
    rule = readAutoscale(ctx, f.node('autoscale'), f.pathOf('autoscale'));
    if (rule === undefined) return undefined;
    if (replicas !== undefined && (replicas < rule.min || replicas > rule.max)) {
      ctx.report(ctx.deref(f.node('replicas')) ?? f.map, f.pathOf('replicas'), `expected replicas within the autoscaling range ${rule.min} to ${rule.max}, got ${replicas}`);
      return undefined;
    }
  }
  return tier && { tier, rule };
}

function readAutoscale(ctx: Ctx, node: unknown, path: Path): AutoscaleRule | undefined {
  const f = fields(ctx, node, path, AUTOSCALE.fields, 'an autoscaling rule such as {metric: cpu, scale_out: 0.8, scale_in: 0.3, max: 8}');
  if (!f) return undefined;
  const metric = f.get('metric');
  const unit = metric === 'response_time' ? 'time' : 'number';
  const scaleOut = f.req('scale_out', SCALE_OUT[unit].read);
  const scaleIn = f.opt('scale_in', SCALE_IN[unit].read, -Infinity);
  if (scaleOut !== undefined && scaleIn !== undefined && scaleIn >= scaleOut) {
    ctx.report(ctx.deref(f.node('scale_in')), f.pathOf('scale_in'), `expected scale_in < scale_out (${fmt(scaleOut)}), got ${fmt(scaleIn)}`, 'the gap keeps the tier from flapping');
    return undefined;
  }
  const min = f.get('min');
  const max = f.get('max');
  if (min !== undefined && max !== undefined && max < min) {
    ctx.report(ctx.deref(f.node('max')), f.pathOf('max'), `expected max >= min (${min}), got ${max}`);
    return undefined;
  }
  return complete<AutoscaleRule>({
    metric: metric as AutoscaleMetric | undefined, scaleOut, scaleIn,
    window: f.get('window'),
    cooldown: f.get('cooldown'),
    min, max,
  });
}

/** A distribution times k (seconds at the reference speed -> MI, MiB -> Mbit). */
function scaleDist(d: DistSpec, k: number): DistSpec {
  switch (d.dist) {
    case 'constant': return { dist: 'constant', value: d.value * k };
    case 'uniform': return { dist: 'uniform', min: d.min * k, max: d.max * k };
    case 'exponential': return { dist: 'exponential', mean: d.mean * k };
    case 'normal': return { dist: 'normal', mean: d.mean * k, sd: d.sd * k };
    case 'lognormal': return { dist: 'lognormal', mu: d.mu + Math.log(k), sigma: d.sigma };
    case 'pareto': return { dist: 'pareto', shape: d.shape, scale: d.scale * k };
    case 'empirical': return { dist: 'empirical', values: d.values.map((v) => v * k), ...(d.weights && { weights: d.weights }) };
  }
}

function readClass(
  ctx: Ctx, node: unknown, path: Path, tiers: TierSpec[] | undefined, tierNames: (string | undefined)[], refMips: number,
  seen: Map<string, Path>,
): ClassSpec | undefined {
  const f = fields(ctx, node, path, REQUEST_CLASS.fields, 'a request class such as {name: browse, weight: 3, route: [...]}');
  if (!f) return undefined;
  const name = unique(ctx, f, seen, 'class', path);
  const weight = f.get('weight');
  if (f.node('route') === undefined) return undefined;
  const seq = asSeq(ctx, f.node('route'), f.pathOf('route'), 'a list of hops such as {tier: web, cpu: 5ms}');
  if (!seq) return undefined;
  if (seq.items.length === 0) {
    ctx.report(seq, f.pathOf('route'), 'expected at least one hop, got an empty list');
    return undefined;
  }
  const known = tierNames.filter((n): n is string => n !== undefined);
  const hops = seq.items.map((item, h): HopSpec | undefined => {
    const p = [...f.pathOf('route'), h];
    const g = fields(ctx, item, p, HOP.fields, 'a hop such as {tier: db, cpu: 4ms, visits: 2}');
    if (!g) return undefined;
    const tierName = g.get('tier');
    let t = -1;
    if (tierName !== undefined) {
      t = tierNames.indexOf(tierName);
      if (t < 0 && tierNames.every((n) => n !== undefined)) {
        ctx.report(ctx.deref(g.node('tier')), g.pathOf('tier'), `unknown tier "${tierName}"`, choiceHint(tierName, known, 'the application defines'));
      }
    }
    const cpu = g.opt('cpu', dist(CPU_FIELD), { dist: 'constant', value: 0 } as DistSpec);
    const work = g.opt('cpu_work', dist(WORK_FIELD), undefined as DistSpec | undefined);
    if (g.has('cpu') && g.has('cpu_work')) {
      ctx.report(g.keyNode('cpu_work'), g.pathOf('cpu_work'), 'expected cpu or cpu_work, got both', 'cpu is seconds at the reference speed, cpu_work million instructions: give one');
      return undefined;
    }
    const disk = g.opt('disk', dist(BYTES_FIELD), undefined as DistSpec | undefined);
    const network = g.opt('network', dist(BYTES_FIELD), undefined as DistSpec | undefined);
    const visits = g.get('visits');
    if (h === 0 && visits !== undefined && visits !== 1) {
      ctx.report(ctx.deref(g.node('visits')), g.pathOf('visits'), `expected 1 on the first hop (it is visited once per request), got ${fmt(visits)}`);
      return undefined;
    }
    const tier = tiers && t >= 0 ? tiers[t] : undefined;
    if (tier && disk && tier.vm.diskBw === 0) {
      ctx.report(ctx.deref(g.node('disk')), g.pathOf('disk'), `tier ${tier.name} has a disk demand but its vm type ${tier.vmType} has no disk_bw`, `give vm type ${tier.vmType} a disk_bw such as 1Gbps`);
      return undefined;
    }
    if (tier && network && tier.vm.bw === 0) {
      ctx.report(ctx.deref(g.node('network')), g.pathOf('network'), `tier ${tier.name} has a network demand but its vm type ${tier.vmType} has bw 0`);
      return undefined;
    }
    if (!tier || cpu === undefined || (g.has('cpu_work') && !work) || (g.has('disk') && !disk) || (g.has('network') && !network) || visits === undefined) return undefined;
    const mips = Number.isNaN(refMips) ? tier.vm.mips : refMips;
    return {
      tier: t, cpu: work ?? scaleDist(cpu, mips), visits,
      ...(disk && { disk: scaleDist(disk, MBIT_PER_MIB) }),
      ...(network && { network: scaleDist(network, MBIT_PER_MIB) }),
    };
  });
  if (hops.some((x) => x === undefined)) return undefined;
  return complete<ClassSpec>({ name, weight, route: hops as HopSpec[] });
}

function readWorkload(ctx: Ctx, node: unknown, path: Path, env: AppEnv): AppWorkloadSpec | undefined {
  const f = fields(ctx, node, path, APP_WORKLOAD.fields, 'a workload such as {users: 100, think: 5s} or {rate: 50}');
  if (!f) return undefined;
  const present = WORKLOAD_KINDS.filter((k) => f.has(k));
  if (present.length !== 1) {
    if (f.unknownKeys === 0) {
      ctx.report(f.map, path, present.length === 0
        ? `expected one of ${WORKLOAD_KINDS.join(', ')}`
        : `expected exactly one of ${WORKLOAD_KINDS.join(', ')}, got ${present.join(' and ')}`);
    }
    return undefined;
  }
  const kind = present[0];
  if (kind !== 'users' && f.has('think')) {
    ctx.report(f.keyNode('think'), f.pathOf('think'), 'think belongs to closed workloads (users)', 'an open workload has no users to think');
    return undefined;
  }
  switch (kind) {
    case 'users':
      return complete<AppWorkloadSpec>({
        kind: 'closed', users: f.req('users', APP_WORKLOAD.fields.users.read!), think: f.opt('think', dist(THINK_FIELD), { dist: 'constant', value: 0 }),
      } as AppWorkloadSpec);
    case 'rate': {
      const rate = f.req('rate', APP_WORKLOAD.fields.rate.read!);
      return rate === undefined ? undefined : { kind: 'poisson', rate };
    }
    case 'schedule':
      return readSchedule(ctx, f.node('schedule'), f.pathOf('schedule'));
    case 'diurnal': {
      const g = fields(ctx, f.node('diurnal'), f.pathOf('diurnal'), DIURNAL.fields, 'a map such as {min: 10, max: 100, period: 1d, peak: 14h}');
      if (!g) return undefined;
      const min = g.get('min');
      const max = g.get('max');
      if (min !== undefined && max !== undefined && min > max) {
        ctx.report(ctx.deref(g.node('min')), g.pathOf('min'), `expected min <= max (${fmt(max)}), got ${fmt(min)}`);
        return undefined;
      }
      return complete<AppWorkloadSpec>({
        kind: 'diurnal', min, max, period: g.get('period'), peak: g.get('peak'),
      } as AppWorkloadSpec);
    }
    case 'trace': {
      const file = f.req('trace', APP_WORKLOAD.fields.trace.read!);
      if (file === undefined) return undefined;
      const resolved = resolvePath(env.baseDir, file);
      const at = ctx.deref(f.node('trace'));
      if (!existsSync(resolved)) {
        ctx.report(at, f.pathOf('trace'), `trace file not found: ${resolved}`);
        return undefined;
      }
      try {
        return { kind: 'trace', file: resolved, times: readArrivalTrace(resolved) };
      } catch (e) {
        ctx.report(at, f.pathOf('trace'), e instanceof InputError ? `invalid arrival trace: ${e.message}` : String(e));
        return undefined;
      }
    }
  }
}

function readSchedule(ctx: Ctx, node: unknown, path: Path): AppWorkloadSpec | undefined {
  const seq = asSeq(ctx, node, path, 'a list of steps such as {at: 0, rate: 10}');
  if (!seq) return undefined;
  if (seq.items.length === 0) {
    ctx.report(seq, path, 'expected at least one step, got an empty list');
    return undefined;
  }
  const steps: { at: number; rate: number }[] = [];
  let ok = true;
  seq.items.forEach((item, i) => {
    const g = fields(ctx, item, [...path, i], RATE_STEP.fields, 'a step such as {at: 1h, rate: 50}');
    if (!g) return void (ok = false);
    const at = g.get('at');
    const rate = g.get('rate');
    if (at === undefined || rate === undefined) return void (ok = false);
    const prev = steps[steps.length - 1];
    if (prev !== undefined && at <= prev.at) {
      ctx.report(ctx.deref(g.node('at')), g.pathOf('at'), `expected a time after the previous step's (${fmt(prev.at)} s), got ${fmt(at)} s`, 'list the steps in time order');
      ok = false;
    }
    steps.push({ at, rate });
  });
  if (ok && !steps.some((s) => s.rate > 0)) {
    ctx.report(seq, path, 'expected some step with a rate > 0, got none');
    ok = false;
  }
  return ok ? { kind: 'schedule', steps } : undefined;
}
