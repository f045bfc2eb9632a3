/**
 * The `sweep:` section of a scenario: a grid of field paths (cartesian product of
 * their values), named variants (each a set of overrides) and a replication count.
 * Paths are `--set` paths; values are YAML nodes, kept with their position so that a
 * value the scenario rejects is reported where the sweep wrote it.
 */
import { type Document, isMap, isScalar, isSeq } from 'yaml';
import { Ctx, asMap, asSeq, entries, fields, isNullish } from '../scenario/schema.js';
import { SWEEP, SWEEP_VARIANT, VARIANT_NAME_RE } from '../scenario/sweep-spec.js';

/** One value a swept path takes. */
export interface SweepValue {
  /** The value as a `--set` right-hand side (JSON, which is YAML). */
  setText: string;
  /** The cell written in sweep.csv and aggregate.csv: the scalar as written, else compact JSON. */
  cell: string;
  /** Where it was written (for problems). */
  node: unknown;
  /**
   * The name a grid gave the value (`path: {label: value, ...}`): it then stands for
   * the value in run ids and in the cells above.
   */
  label?: string;
}

export interface GridAxis {
  path: string;
  keyNode: unknown;
  values: SweepValue[];
}

export interface VariantSet {
  path: string;
  keyNode: unknown;
  value: SweepValue;
}

export interface Variant {
  name: string;
  node: unknown;
  sets: VariantSet[];
}

export interface SweepSpec {
  grid: GridAxis[];
  /** Empty when the section names none: then the one variant is `base`, the scenario itself. */
  variants: Variant[];
  replications: number;
}

export { VARIANT_NAME_RE };
const PATH_RE = /^[^.\s=]+(\.[^.\s=]+)*$/;
/** Paths a sweep may not set: the seed comes from the replication index. */
const RESERVED = new Set(['seed', 'name']);

export function sweepValue(node: unknown, doc: Document): SweepValue {
  const js = isScalar(node) || isMap(node) || isSeq(node) ? node.toJSON(undefined, { doc } as never) : null;
  const setText = JSON.stringify(js ?? null);
  const cell = js === null ? '' : typeof js === 'object' ? setText : String(js);
  return { setText, cell, node };
}

function readPath(ctx: Ctx, keyNode: unknown, path: string, where: (string | number)[]): boolean {
  if (!PATH_RE.test(path)) {
    ctx.report(keyNode, where, `expected a dotted field path such as datacenter.placement, got ${JSON.stringify(path)}`);
    return false;
  }
  const head = path.split('.')[0];
  if (RESERVED.has(head)) {
    const hint = head === 'seed' ? 'replications give each run its own seed; see "Batch experiments" in the README' : 'every run of a batch keeps the scenario name';
    ctx.report(keyNode, where, `a sweep cannot set ${head}`, hint);
    return false;
  }
  return true;
}

/** The sweep section's node (undefined when the scenario has none). */
export function sweepNode(doc: Document): unknown {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'sweep');
  return pair && !isNullish(pair.value) ? pair.value : undefined;
}

/** A grid path's values written as a list. */
function listedValues(ctx: Ctx, node: unknown, where: (string | number)[], path: string, doc: Document): SweepValue[] | undefined {
  const seq = asSeq(ctx, node, where, `a non-empty list of values (or a map of names to values) for ${path}`);
  if (!seq) return undefined;
  if (seq.items.length === 0) {
    ctx.report(seq, where, `expected a non-empty list of values for ${path}, got an empty list`);
    return undefined;
  }
  return seq.items.map((it) => sweepValue(ctx.deref(it), doc));
}

/**
 * A grid path's values written as a map of names to values, for values that are not
 * short scalars (a whole section, a file path): each name labels its value in run ids,
 * sweep.csv and aggregate.csv.
 */
function namedValues(ctx: Ctx, node: unknown, where: (string | number)[], path: string, doc: Document): SweepValue[] | undefined {
  const map = asMap(ctx, node, where, `a map of names to values for ${path}`);
  if (!map) return undefined;
  if (map.items.length === 0) {
    ctx.report(map, where, `expected a non-empty map of names to values for ${path}, got an empty map`);
    return undefined;
  }
  const values: SweepValue[] = [];
  for (const e of entries(ctx, map, where)) {
    if (!VARIANT_NAME_RE.test(e.key)) {
      ctx.report(e.keyNode, [...where, e.key], `expected a value name made of letters, digits, "." and "-", got ${JSON.stringify(e.key)}`, 'the name labels the value in run ids');
      continue;
    }
    values.push({ ...sweepValue(ctx.deref(e.value), doc), cell: e.key, label: e.key });
  }
  return values.length === map.items.length ? values : undefined;
}

/** Reads a sweep section; problems go to `ctx`. Undefined when it had problems. */
export function readSweep(ctx: Ctx, node: unknown, doc: Document): SweepSpec | undefined {
  const before = ctx.problems.length;
  const f = fields(ctx, node, ['sweep'], SWEEP.fields, 'a map with grid, variants and replications');
  if (!f) return undefined;
  const replications = f.get('replications');
  const grid: GridAxis[] = [];
  if (f.has('grid')) {
    const map = asMap(ctx, f.node('grid'), ['sweep', 'grid'], 'a map of field path -> list of values');
    for (const e of map ? entries(ctx, map, ['sweep', 'grid']) : []) {
      const where = ['sweep', 'grid', e.key];
      if (!readPath(ctx, e.keyNode, e.key, where)) continue;
      const values = isMap(ctx.deref(e.value)) ? namedValues(ctx, e.value, where, e.key, doc) : listedValues(ctx, e.value, where, e.key, doc);
      if (!values) continue;
      const seen = new Set<string>();
      values.forEach((v, i) => {
        if (seen.has(v.setText)) ctx.report(v.node, [...where, v.label ?? i], `value ${v.setText} is listed twice`);
        seen.add(v.setText);
      });
      grid.push({ path: e.key, keyNode: e.keyNode, values });
    }
  }
  const variants: Variant[] = [];
  if (f.has('variants')) {
    const seq = asSeq(ctx, f.node('variants'), ['sweep', 'variants'], 'a list of {name, set}');
    const names = new Set<string>();
    seq?.items.forEach((item, i) => {
      const where = ['sweep', 'variants', i];
      const vf = fields(ctx, item, where, SWEEP_VARIANT.fields, 'a map {name, set}');
      if (!vf) return;
      const name = vf.get('name');
      if (name !== undefined && names.has(name)) ctx.report(vf.node('name'), [...where, 'name'], `variant name "${name}" is used twice`);
      if (name !== undefined) names.add(name);
      const sets: VariantSet[] = [];
      if (vf.has('set')) {
        const map = asMap(ctx, vf.node('set'), [...where, 'set'], 'a map of field path -> value');
        for (const e of map ? entries(ctx, map, [...where, 'set']) : []) {
          if (!readPath(ctx, e.keyNode, e.key, [...where, 'set', e.key])) continue;
          if (grid.some((a) => a.path === e.key)) {
            ctx.report(e.keyNode, [...where, 'set', e.key], `${e.key} is also swept by the grid`, 'a path is set either by the grid or by the variants');
            continue;
          }
          sets.push({ path: e.key, keyNode: e.keyNode, value: sweepValue(ctx.deref(e.value), doc) });
        }
      }
      if (name !== undefined) variants.push({ name, node: item, sets });
    });
  }
  if (ctx.problems.length > before || replications === undefined) return undefined;
  return { grid, variants, replications };
}
