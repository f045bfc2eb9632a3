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
  int,
  num,
  oneOf,
  quantity,
} from './schema.js';
import { didYouMean } from './problems.js';
import type { UnitKind } from './units.js';

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

function valueReader(field: DistField, range: Range, integer = false): Reader<number> {
  if (field.kind === 'count') return integer ? int(range) : num(range);
  return quantity(field.kind, range);
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
  const rules: Record<string, 'required' | 'optional'> = { dist: 'required' };
  for (const p of PARAMS[name]) rules[p] = p === 'weights' ? 'optional' : 'required';
  const f = new Fields(ctx, map, path, rules, (key) =>
    didYouMean(key, PARAMS[name]) ?? `the ${name} distribution takes ${PARAMS[name].join(', ')}`,
  );
  const value = (range: Range, integer = false) => valueReader(field, range, integer);
  const positive: Range = { min: 0, exclusive: true };
  const nonNegative: Range = { min: 0 };
  let spec: DistSpec | undefined;
  switch (name) {
    case 'constant': {
      const v = f.req('value', value(field.constDomain ?? field.domain, field.integer));
      if (v !== undefined) spec = { dist: 'constant', value: v };
      break;
    }
    case 'uniform': {
      const min = f.req('min', value(field.domain));
      const max = f.req('max', value(field.domain));
      if (min !== undefined && max !== undefined) {
        if (min > max) ctx.report(f.node('max'), f.pathOf('max'), `expected max >= min (${min}), got ${max}`);
        else spec = { dist: 'uniform', min, max };
      }
      break;
    }
    case 'exponential': {
      const mean = f.req('mean', value(stricter(field.domain, positive)));
      if (mean !== undefined) spec = { dist: 'exponential', mean };
      break;
    }
    case 'normal': {
      const mean = f.req('mean', value(field.domain));
      const sd = f.req('sd', field.kind === 'count' ? num(nonNegative) : quantity(field.kind, nonNegative));
      if (mean !== undefined && sd !== undefined) spec = { dist: 'normal', mean, sd };
      break;
    }
    case 'lognormal': {
      const mu = f.req('mu', num());
      const sigma = f.req('sigma', num(nonNegative));
      if (mu !== undefined && sigma !== undefined) spec = { dist: 'lognormal', mu, sigma };
      break;
    }
    case 'pareto': {
      const shape = f.req('shape', num(positive));
      const scale = f.req('scale', value(stricter(field.domain, positive)));
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

function readEmpirical(ctx: Ctx, f: Fields, field: DistField): DistSpec | undefined {
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
