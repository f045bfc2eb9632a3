/**
 * Reading a distribution (DistSpec) from a scenario value. A plain number or unit
 * string is a constant; a map `{ dist: NAME, ...params }` is any distribution.
 * Parameters that are values of the field (constant value, uniform bounds, normal
 * mean, exponential mean, pareto scale, empirical values) use the field's unit kind;
 * shape parameters (lognormal mu/sigma, pareto shape, normal sd of a count) are plain numbers.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { DIST_NAMES, type DistName, type DistSpec, distMean } from '../engine/distribution.js';
import {
  type Ctx,
  type Path,
  type Range,
  type Reader,
  Fields,
  asMap,
  asSeq,
  num,
  oneOf,
} from './schema.js';
import { didYouMean } from './problems.js';
import type { UnitKind } from './units.js';
import { type FieldSpec, type MapSpec, type Scalar, type TypeSpec, field as anyField, mapSpec, req, t } from './spec.js';

export interface DistField {
  /** Unit kind of the field's values; 'count' = plain dimensionless numbers. */
  kind: UnitKind | 'count';
  /** Allowed values of the field: constant, uniform bounds, normal mean, pareto scale, empirical values. */
  domain: Range;
  /** Stricter domain for a constant (default: `domain`). */
  constDomain?: Range;
  /** Constant and empirical values must be integers. */
  integer?: boolean;
  /** The distribution's mean must be > 0 (e.g. inter-arrival times). */
  positiveMean?: boolean;
}

const PARAMS: Record<DistName, string[]> = {
  constant: ['value'],
  uniform: ['min', 'max'],
  exponential: ['mean'],
  normal: ['mean', 'sd'],
  lognormal: ['mu', 'sigma'],
  pareto: ['shape', 'scale'],
  empirical: ['values', 'weights'],
};

function valueType(field: DistField, range: Range, integer = false): Scalar<number> {
  if (field.kind === 'count') return integer ? t.int(range) : t.num(range);
  return t.quantity(field.kind, range);
}
const valueReader = (field: DistField, range: Range, integer = false): Reader<number> => valueType(field, range, integer).read;

const POS: Range = { min: 0, exclusive: true };
const NON_NEG: Range = { min: 0 };

const rangeTag = (r: Range): string =>
  `${r.min === undefined ? '' : `${r.exclusive ? 'Above' : 'From'}${r.min}`}${r.max === undefined ? '' : `To${r.max}`}`;

/** Fields with equal kind and domains share their maps (and their names in the JSON Schema). */
const mapsCache = new Map<string, Record<DistName, MapSpec>>();

/** The keys of each distribution map for `field`, with their types and readers. */
export function distMaps(field: DistField): Record<DistName, MapSpec> {
  const tag =
    `${field.kind[0].toUpperCase()}${field.kind.slice(1)}${rangeTag(field.domain)}` +
    `${field.constDomain ? `Const${rangeTag(field.constDomain)}` : ''}${field.integer ? 'Integer' : ''}`;
  let maps = mapsCache.get(tag);
  if (!maps) mapsCache.set(tag, (maps = buildDistMaps(field, tag)));
  return maps;
}

function buildDistMaps(field: DistField, tag: string): Record<DistName, MapSpec> {
  const value = (range: Range, integer = false) => valueType(field, range, integer);
  const dist = (name: DistName): FieldSpec => req(t.enum([name]), `The ${name} distribution.`);
  const u = field.kind === 'count' ? '' : ` (${field.kind} units)`;
  const m = (name: DistName, doc: string, params: Record<string, FieldSpec>) =>
    mapSpec(`${name[0].toUpperCase()}${name.slice(1)}Of${tag}`, doc, { dist: dist(name), ...params });
  return {
    constant: m('constant', 'Always the same value.', { value: req(value(field.constDomain ?? field.domain, field.integer), `The value${u}.`) }),
    uniform: m('uniform', 'Uniform between min and max.', {
      min: req(value(field.domain), `Lower bound${u}.`),
      max: req(value(field.domain), `Upper bound${u}, >= min.`),
    }),
    exponential: m('exponential', 'Exponential with the given mean.', { mean: req(value(stricter(field.domain, POS)), `Mean${u}.`) }),
    normal: m('normal', 'Normal (values outside the field\'s domain are redrawn).', {
      mean: req(value(field.domain), `Mean${u}.`),
      sd: req(field.kind === 'count' ? t.num(NON_NEG) : t.quantity(field.kind, NON_NEG), `Standard deviation${u}.`),
    }),
    lognormal: m('lognormal', 'Log-normal: exp of a normal with mean mu and sd sigma.', {
      mu: req(t.num(), 'Mean of the underlying normal.'),
      sigma: req(t.num(NON_NEG), 'Standard deviation of the underlying normal.'),
    }),
    pareto: m('pareto', 'Pareto with shape and scale (the minimum).', {
      shape: req(t.num(POS), 'Shape (tail index).'),
      scale: req(value(stricter(field.domain, POS)), `Scale, the smallest value${u}.`),
    }),
    empirical: m('empirical', 'Drawn from a list of values, optionally weighted.', {
      values: anyField('required', { kind: 'list', item: value(field.domain, field.integer).type, minItems: 1 }, `The values${u}.`),
      weights: anyField('optional', { kind: 'list', item: t.num(NON_NEG).type }, 'One weight >= 0 per value; equal weights when absent.'),
    }),
  };
}

/** The schema type of a distribution field: a constant, or one of the distribution maps. */
export function distType(field: DistField): TypeSpec {
  const maps = distMaps(field);
  const constant = valueType(field, field.constDomain ?? field.domain, field.integer).type;
  return { kind: 'oneOfShapes', shapes: [constant, ...DIST_NAMES.map((n) => ({ kind: 'map', ref: maps[n] }) as const)] };
}

/** max(a, b) of two lower bounds (the stricter one). */
function stricter(a: Range, b: Range): Range {
  if (a.min === undefined) return { ...b, max: b.max ?? a.max };
  if (b.min === undefined) return { ...a, max: a.max ?? b.max };
  const lo = a.min > b.min || (a.min === b.min && a.exclusive) ? a : b;
  return { min: lo.min, exclusive: lo.exclusive, max: a.max ?? b.max };
}

/** Reads a distribution for a field; undefined (reported) when invalid. */
export function readDist(ctx: Ctx, node: unknown, path: Path, field: DistField): DistSpec | undefined {
  const n = ctx.deref(node);
  if (!isMap(n) && !isSeq(n)) {
    // scalar: a constant
    const value = valueReader(field, field.constDomain ?? field.domain, field.integer)(ctx, n ?? node, path);
    return value === undefined ? undefined : { dist: 'constant', value };
  }
  if (isSeq(n)) {
    ctx.report(n, path, `expected a number or a distribution map such as {dist: exponential, mean: ...}, got a list`);
    return undefined;
  }
  const map = asMap(ctx, n, path);
  if (!map) return undefined;
  const distPair = map.items.find((p) => {
    const k = ctx.deref(p.key);
    return isScalar(k) && k.value === 'dist';
  });
  if (!distPair) {
    ctx.report(map, path, 'missing required key "dist"', `one of ${DIST_NAMES.join(', ')}`);
    return undefined;
  }
  const name = oneOf(DIST_NAMES)(ctx, distPair.value, [...path, 'dist']);
  if (name === undefined) return undefined; // do not guess the other keys of an unknown distribution
  const S = distMaps(field)[name].fields;
  const f = new Fields(ctx, map, path, S, (key) =>
    didYouMean(key, PARAMS[name]) ?? `the ${name} distribution takes ${PARAMS[name].join(', ')}`,
  );
  let spec: DistSpec | undefined;
  switch (name) {
    case 'constant': {
      const v = f.req('value', S.value.read!);
      if (v !== undefined) spec = { dist: 'constant', value: v };
      break;
    }
    case 'uniform': {
      const min = f.req('min', S.min.read!);
      const max = f.req('max', S.max.read!);
      if (min !== undefined && max !== undefined) {
        if (min > max) ctx.report(f.node('max'), f.pathOf('max'), `expected max >= min (${min}), got ${max}`);
        else spec = { dist: 'uniform', min, max };
      }
      break;
    }
    case 'exponential': {
      const mean = f.req('mean', S.mean.read!);
      if (mean !== undefined) spec = { dist: 'exponential', mean };
      break;
    }
    case 'normal': {
      const mean = f.req('mean', S.mean.read!);
      const sd = f.req('sd', S.sd.read!);
      if (mean !== undefined && sd !== undefined) spec = { dist: 'normal', mean, sd };
      break;
    }
    case 'lognormal': {
      const mu = f.req('mu', S.mu.read!);
      const sigma = f.req('sigma', S.sigma.read!);
      if (mu !== undefined && sigma !== undefined) spec = { dist: 'lognormal', mu, sigma };
      break;
    }
    case 'pareto': {
      const shape = f.req('shape', S.shape.read!);
      const scale = f.req('scale', S.scale.read!);
      if (shape !== undefined && scale !== undefined) spec = { dist: 'pareto', shape, scale };
      break;
    }
    case 'empirical': {
      spec = readEmpirical(ctx, f, field);
      break;
    }
  }
  if (spec && field.positiveMean && !(distMean(spec) > 0)) {
    ctx.report(map, path, `expected a distribution with a mean > 0, got one with mean ${distMean(spec)}`);
    return undefined;
  }
  return spec;
}

function readEmpirical(ctx: Ctx, f: Fields<Record<string, FieldSpec>>, field: DistField): DistSpec | undefined {
  const valuesSeq = f.node('values') === undefined ? undefined : asSeq(ctx, f.node('values'), f.pathOf('values'));
  const weightsSeq = f.has('weights') ? asSeq(ctx, f.node('weights'), f.pathOf('weights')) : undefined;
  if (valuesSeq && valuesSeq.items.length === 0) {
    ctx.report(valuesSeq, f.pathOf('values'), 'expected a non-empty list of values, got an empty list');
    return undefined;
  }
  let ok = valuesSeq !== undefined && !(f.has('weights') && weightsSeq === undefined);
  const read = valueReader(field, field.domain, field.integer);
  const values = (valuesSeq?.items ?? []).map((it, i) => read(ctx, it, [...f.pathOf('values'), i]));
  if (values.some((v) => v === undefined)) ok = false;
  let weights: number[] | undefined;
  if (weightsSeq) {
    const w = weightsSeq.items.map((it, i) => num({ min: 0 })(ctx, it, [...f.pathOf('weights'), i]));
    if (w.some((x) => x === undefined)) ok = false;
    else if (valuesSeq && w.length !== valuesSeq.items.length) {
      ctx.report(
        weightsSeq,
        f.pathOf('weights'),
        `expected ${valuesSeq.items.length} weights (one per value), got ${w.length}`,
      );
      ok = false;
    } else if (!((w as number[]).reduce((a, b) => a + b, 0) > 0)) {
      ctx.report(weightsSeq, f.pathOf('weights'), 'expected weights with a sum > 0, got a sum of 0');
      ok = false;
    } else weights = w as number[];
  }
  if (!ok) return undefined;
  return weights ? { dist: 'empirical', values: values as number[], weights } : { dist: 'empirical', values: values as number[] };
}

const POSITIVE: Range = { min: 0, exclusive: true };
const NON_NEGATIVE: Range = { min: 0 };
/** Task lengths (MI): every value > 0. */
export const LENGTH_FIELD: DistField = { kind: 'length', domain: POSITIVE };
/** Cores per task: values >= 1; a constant and empirical values must be integers. */
export const CORES_FIELD: DistField = { kind: 'count', domain: { min: 1 }, integer: true };
/** Inter-arrival times (s): values >= 0, a constant > 0, and the mean must be > 0. */
export const INTERARRIVAL_FIELD: DistField = {
  kind: 'time',
  domain: NON_NEGATIVE,
  constDomain: POSITIVE,
  positiveMean: true,
};

/** A reader of a distribution for `field`. */
export const dist =
  (field: DistField): Reader<DistSpec> =>
  (ctx, node, path) =>
    readDist(ctx, node, path, field);
