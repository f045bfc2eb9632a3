/**
 * A small toolkit for validating a YAML AST: typed readers that turn nodes into values
 * and report a located problem (instead of throwing) when a node is not what they expect.
 * A reader returns `undefined` when the value is invalid; the problem is already recorded.
 */
import { Scalar, isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type YAMLMap, type YAMLSeq } from 'yaml';
import { type Problem, choiceHint, didYouMean } from './problems.js';
import { type UnitKind, UNIT_KINDS, describeQuantityError, parseQuantity } from './units.js';
import type { FieldSpec, ValueOf } from './spec.js';

export type Path = readonly (string | number)[];
export const pathText = (p: Path): string => p.join('.');

/** Validation state: the problems found so far and how to locate nodes. */
export class Ctx {
  readonly problems: Problem[] = [];
  constructor(
    readonly file: string,
    private readonly doc: Document | undefined,
    private readonly lineCounter: LineCounter | undefined,
    /** Nodes that came from a --set, mapped to its `path=value` text. */
    private readonly setOrigins: WeakMap<object, string> = new WeakMap(),
  ) {}

  /** Records a problem located at `node` (or at the start of the document if it has no position). */
  report(node: unknown, path: Path, message: string, hint?: string): void {
    const source = typeof node === 'object' && node !== null ? this.setOrigins.get(node) : undefined;
    if (source !== undefined) {
      this.problems.push({ file: '--set', line: 0, column: 0, path: pathText(path), message, hint, source });
      return;
    }
    let line = 1;
    let column = 1;
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range && this.lineCounter) {
      const pos = this.lineCounter.linePos(range[0]);
      if (pos.line > 0) {
        line = pos.line;
        column = pos.col;
      }
    }
    this.problems.push({ file: this.file, line, column, path: pathText(path), message, hint });
  }

  /** The node an alias points to (other nodes unchanged). */
  deref(node: unknown): unknown {
    if (isAlias(node) && this.doc) return node.resolve(this.doc) ?? null;
    return node;
  }
}

/** "nothing", "a map", "a list", or the scalar as written (strings quoted). */
export function describe(node: unknown): string {
  if (node === undefined || node === null) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return 'nothing';
    if (typeof v === 'string') return JSON.stringify(v);
    return String(v);
  }
  return String(node);
}

/** True for an absent value or an explicit YAML null (`key:` or `key: ~`). */
export function isNullish(node: unknown): boolean {
  return node === undefined || node === null || (isScalar(node) && (node.value === null || node.value === undefined));
}

export interface Range {
  min?: number;
  /** `min` itself is not allowed. */
  exclusive?: boolean;
  max?: number;
}

export function rangeText(r: Range): string {
  if (r.min !== undefined && r.max !== undefined) return `from ${r.min} to ${r.max}`;
  if (r.min !== undefined) return `${r.exclusive ? '>' : '>='} ${r.min}`;
  if (r.max !== undefined) return `<= ${r.max}`;
  return '';
}

export function inRange(v: number, r: Range | undefined): boolean {
  if (!r) return true;
  if (r.min !== undefined && (r.exclusive ? v <= r.min : v < r.min)) return false;
  if (r.max !== undefined && v > r.max) return false;
  return true;
}

const withRange = (what: string, r: Range | undefined): string => {
  const t = r ? rangeText(r) : '';
  return t ? `${what} ${t}` : what;
};

export type Reader<T> = (ctx: Ctx, node: unknown, path: Path) => T | undefined;

function scalarValue(ctx: Ctx, node: unknown): { node: unknown; value: unknown } {
  const n = ctx.deref(node);
  return { node: n, value: isScalar(n) ? n.value : isMap(n) || isSeq(n) ? n : undefined };
}

export const str =
  (opts: { pattern?: RegExp; patternText?: string } = {}): Reader<string> =>
  (ctx, node, path) => {
    const { node: n, value } = scalarValue(ctx, node);
    if (typeof value !== 'string' || value === '') {
      ctx.report(n ?? node, path, `expected ${opts.patternText ?? 'a non-empty string'}, got ${describe(n)}`);
      return undefined;
    }
    if (opts.pattern && !opts.pattern.test(value)) {
      ctx.report(n, path, `expected ${opts.patternText ?? `a string matching ${opts.pattern}`}, got ${describe(n)}`);
      return undefined;
    }
    return value;
  };

export const bool: Reader<boolean> = (ctx, node, path) => {
  const { node: n, value } = scalarValue(ctx, node);
  if (typeof value !== 'boolean') {
    ctx.report(n ?? node, path, `expected true or false, got ${describe(n)}`);
    return undefined;
  }
  return value;
};

/** An integer (a YAML number, not a string) in `range`. */
export const int =
  (range?: Range): Reader<number> =>
  (ctx, node, path) => {
    const { node: n, value } = scalarValue(ctx, node);
    if (typeof value !== 'number' || !Number.isInteger(value) || !inRange(value, range)) {
      ctx.report(n ?? node, path, `expected ${withRange('an integer', range)}, got ${describe(n)}`);
      return undefined;
    }
    return value;
  };

/** A finite number in `range`. */
export const num =
  (range?: Range): Reader<number> =>
  (ctx, node, path) => {
    const { node: n, value } = scalarValue(ctx, node);
    if (typeof value !== 'number' || !Number.isFinite(value) || !inRange(value, range)) {
      ctx.report(n ?? node, path, `expected ${withRange('a number', range)}, got ${describe(n)}`);
      return undefined;
    }
    return value;
  };

/** A quantity of `kind` (plain number in the base unit or a unit string), in base units, in `range`. */
export const quantity =
  (kind: UnitKind, range?: Range): Reader<number> =>
  (ctx, node, path) => {
    const { node: n, value } = scalarValue(ctx, node);
    const r = parseQuantity(kind, value);
    if (!r.ok) {
      const { message, hint } = describeQuantityError(kind, describe(n), r);
      ctx.report(n ?? node, path, message, hint);
      return undefined;
    }
    if (!inRange(r.value, range)) {
      ctx.report(n, path, `expected ${withRange(UNIT_KINDS[kind].noun, range)}, got ${describe(n)}`);
      return undefined;
    }
    return r.value;
  };

/** One of `allowed` (a string), with did-you-mean. */
export const oneOf =
  <T extends string>(allowed: readonly T[]): Reader<T> =>
  (ctx, node, path) => {
    const { node: n, value } = scalarValue(ctx, node);
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    const hint = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
    ctx.report(n ?? node, path, `expected one of ${allowed.join(', ')}, got ${describe(n)}`, hint);
    return undefined;
  };

/** A map node, or undefined (reported) when `node` is anything else. */
export function asMap(ctx: Ctx, node: unknown, path: Path, what = 'a map'): YAMLMap | undefined {
  const n = ctx.deref(node);
  if (isMap(n)) return n;
  ctx.report(n ?? node, path, `expected ${what}, got ${describe(n)}`);
  return undefined;
}

/** A sequence node, or undefined (reported) when `node` is anything else. */
export function asSeq(ctx: Ctx, node: unknown, path: Path, what = 'a list'): YAMLSeq | undefined {
  const n = ctx.deref(node);
  if (isSeq(n)) return n;
  ctx.report(n ?? node, path, `expected ${what}, got ${describe(n)}`);
  return undefined;
}

/** A pair's value; a key without one (`? key`) gets a null scalar located at the key. */
function valueOf(value: unknown, key: unknown): unknown {
  if (value !== null && value !== undefined) return value;
  const n = new Scalar(null);
  const range = (key as { range?: [number, number, number] } | null)?.range;
  if (range) n.range = [range[0], range[0], range[0]];
  return n;
}

export interface Entry {
  key: string;
  keyNode: unknown;
  value: unknown;
}

/** The entries of a map whose keys are names chosen by the user (string keys). */
export function entries(ctx: Ctx, map: YAMLMap, path: Path): Entry[] {
  const out: Entry[] = [];
  for (const pair of map.items) {
    const k = ctx.deref(pair.key);
    const key = isScalar(k) && k.value !== null && typeof k.value !== 'object' ? String(k.value) : undefined;
    if (key === undefined || key === '') {
      ctx.report(k, path, `expected a name as key, got ${describe(k)}`);
      continue;
    }
    out.push({ key, keyNode: k, value: valueOf(pair.value, k) });
  }
  return out;
}

export type KeyRule = 'required' | 'optional';
/** Key rules of a map: a bare rule, or a field spec (spec.ts) that also says how to read the value. */
export type Rules = Readonly<Record<string, KeyRule | FieldSpec<any>>>;
const ruleOf = (r: KeyRule | FieldSpec<any>): KeyRule => (typeof r === 'string' ? r : r.rule);

/**
 * The fixed-key fields of one map: checks unknown keys (with did-you-mean) and missing
 * required ones up front, then reads each field with a reader.
 */
export class Fields<R extends Rules = Rules> {
  private readonly nodes = new Map<string, { key: unknown; value: unknown }>();
  /** How many unknown keys were reported (callers skip follow-up checks that would only repeat them). */
  unknownKeys = 0;
  constructor(
    readonly ctx: Ctx,
    readonly map: YAMLMap,
    readonly path: Path,
    readonly rules: R,
    /** Extra text for unknown-key problems, e.g. why a key is not allowed here. */
    unknownHint?: (key: string) => string | undefined,
  ) {
    const allowed = Object.keys(rules);
    for (const pair of map.items) {
      const k = ctx.deref(pair.key);
      const key = isScalar(k) && k.value !== null && typeof k.value !== 'object' ? String(k.value) : undefined;
      if (key === undefined) {
        ctx.report(k, path, `expected a key name, got ${describe(k)}`);
        continue;
      }
      if (!(key in rules)) {
        const special = unknownHint?.(key);
        const hint =
          special ?? (key === '<<' ? 'merge keys (<<) are not supported' : choiceHint(key, allowed, 'allowed keys'));
        ctx.report(k, [...path, key], `unknown key "${key}"`, hint);
        this.unknownKeys++;
        continue;
      }
      this.nodes.set(key, { key: k, value: valueOf(pair.value, k) });
    }
    for (const key of allowed) {
      if (ruleOf(rules[key]) === 'required' && !this.nodes.has(key)) {
        ctx.report(map, path, `missing required key "${key}"`);
      }
    }
  }

  /** The known keys present in the map, in source order. */
  presentKeys(): string[] {
    return [...this.nodes.keys()];
  }

  /** The value node of `key` (undefined when absent). */
  node(key: string): unknown {
    return this.nodes.get(key)?.value;
  }
  keyNode(key: string): unknown {
    return this.nodes.get(key)?.key;
  }
  /** True when `key` is present with a non-null value. */
  has(key: string): boolean {
    return this.nodes.has(key) && !isNullish(this.ctx.deref(this.node(key)));
  }
  pathOf(key: string): Path {
    return [...this.path, key];
  }

  /** A required field: undefined when missing (already reported) or invalid. */
  req<T>(key: string, reader: Reader<T>): T | undefined {
    if (!this.nodes.has(key)) return undefined;
    return reader(this.ctx, this.node(key), this.pathOf(key));
  }

  /** An optional field: `dflt` when absent or null, undefined when invalid. */
  opt<T>(key: string, reader: Reader<T>, dflt: T): T | undefined {
    if (!this.has(key)) return dflt;
    return reader(this.ctx, this.node(key), this.pathOf(key));
  }

  /**
   * A field read as its spec says: required, or optional with the spec's default
   * (or `dflt`, for defaults that depend on other fields).
   */
  get<K extends keyof R & string>(key: K, ...dflt: [] | [ValueOf<R[K]>]): ValueOf<R[K]> | undefined {
    const spec = this.rules[key];
    if (typeof spec === 'string' || !spec.read) throw new Error(`field ${key} has no reader`);
    if (spec.rule === 'required') return this.req(key, spec.read);
    return this.opt(key, spec.read, dflt.length ? dflt[0] : spec.default);
  }
}

/** Reads `node` as a map with the given key rules (undefined, reported, if it is not a map). */
export function fields<R extends Rules>(
  ctx: Ctx,
  node: unknown,
  path: Path,
  rules: R,
  what = 'a map',
  unknownHint?: (key: string) => string | undefined,
): Fields<R> | undefined {
  const map = asMap(ctx, node, path, what);
  return map ? new Fields(ctx, map, path, rules, unknownHint) : undefined;
}

/** The object if no field is undefined (an invalid value, already reported), else undefined. */
export function complete<T extends object>(o: { [K in keyof T]: T[K] | undefined }): T | undefined {
  for (const v of Object.values(o)) if (v === undefined) return undefined;
  return o as T;
}

/** A number for messages: at most 6 significant digits. */
export function fmt(n: number): string {
  return Number.isFinite(n) ? String(Number(n.toPrecision(6))) : String(n);
}

/** Type definitions by name; a name maps to undefined when its definition is invalid. */
export interface TypeTable<T> {
  specs: Map<string, T | undefined>;
  /** False when the whole table was unreadable: references to it are then not checked. */
  known: boolean;
}

/** Looks up a type reference; reports an unknown name (with did-you-mean) and returns undefined. */
export function lookupType<T>(
  ctx: Ctx,
  table: TypeTable<T>,
  name: string | undefined,
  node: unknown,
  path: Path,
  what: 'host type' | 'vm type',
  section: string,
): { found: boolean; spec: T | undefined } {
  if (name === undefined || !table.known) return { found: false, spec: undefined };
  if (!table.specs.has(name)) {
    const names = [...table.specs.keys()];
    ctx.report(node, path, `unknown ${what} "${name}"`, choiceHint(name, names, `${section} defines`));
    return { found: false, spec: undefined };
  }
  return { found: true, spec: table.specs.get(name) };
}

