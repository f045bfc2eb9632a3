/**
 * The scenario format as plain data: each map's keys with their rule (required or
 * optional), value type, range or choices, and a line of documentation. The validator
 * reads these tables for its key checks, did-you-mean lists, ranges and choices, and
 * json-schema.ts turns the same tables into the JSON Schema editors use, so the two
 * cannot drift. Rules that span fields (one of several keys, max >= idle, references
 * between sections) are the validator's alone.
 */
import { type KeyRule, type Range, type Reader, bool, int, num, oneOf, quantity, str } from './schema.js';
import type { UnitKind } from './units.js';

export type TypeSpec =
  | { kind: 'int'; range?: Range }
  | { kind: 'number'; range?: Range }
  /** `perSecond`: a rate such as "20MiB/s" (the "/s" is optional). */
  | { kind: 'quantity'; unit: UnitKind; range?: Range; perSecond?: boolean }
  | { kind: 'string'; pattern?: RegExp }
  | { kind: 'bool' }
  | { kind: 'enum'; choices: readonly string[] }
  | { kind: 'map'; ref: MapSpec }
  | { kind: 'list'; item: TypeSpec; minItems?: number; maxItems?: number }
  /** A map whose keys are names the user chooses. */
  | { kind: 'mapOf'; value: TypeSpec; minProperties?: number }
  /** Any of several shapes (e.g. a constant or a distribution map). */
  | { kind: 'oneOfShapes'; shapes: readonly TypeSpec[] }
  /** Accepted as is by the schema: only the validator checks it, for `reason`. */
  | { kind: 'open'; json: 'object' | 'array' | 'any'; reason: string };

export interface FieldSpec<T = unknown> {
  rule: KeyRule;
  type: TypeSpec;
  doc: string;
  /** How the validator reads the value (scalar fields; maps and lists have their own readers). */
  read?: Reader<T>;
  /** Value when the key is absent (optional fields), shown in the schema when it is plain JSON. */
  default?: T;
}

export type FieldTable = Readonly<Record<string, FieldSpec<any>>>;

export interface MapSpec<F extends FieldTable = FieldTable> {
  /** Name of the definition in the JSON Schema; '' = written inline (maps that vary with their field). */
  name: string;
  doc: string;
  fields: F;
}

export const mapSpec = <F extends FieldTable>(name: string, doc: string, fields: F): MapSpec<F> => ({ name, doc, fields });

/** A scalar type with the reader that checks it. */
export interface Scalar<T> {
  type: TypeSpec;
  read: Reader<T>;
}

export const t = {
  int: (range?: Range): Scalar<number> => ({ type: { kind: 'int', range }, read: int(range) }),
  num: (range?: Range): Scalar<number> => ({ type: { kind: 'number', range }, read: num(range) }),
  quantity: (unit: UnitKind, range?: Range): Scalar<number> => ({ type: { kind: 'quantity', unit, range }, read: quantity(unit, range) }),
  str: (opts: { pattern?: RegExp; patternText?: string } = {}): Scalar<string> => ({
    type: { kind: 'string', pattern: opts.pattern },
    read: str(opts),
  }),
  bool: (): Scalar<boolean> => ({ type: { kind: 'bool' }, read: bool }),
  enum: <T extends string>(choices: readonly T[]): Scalar<T> => ({ type: { kind: 'enum', choices }, read: oneOf(choices) }),
};

/** A required field read by `s`. */
export const req = <T>(s: Scalar<T>, doc: string): FieldSpec<T> => ({ rule: 'required', type: s.type, read: s.read, doc });
/** An optional field read by `s`, `dflt` when absent. */
export const opt = <T>(s: Scalar<T>, dflt: T | undefined, doc: string): FieldSpec<T> => ({
  rule: 'optional',
  type: s.type,
  read: s.read,
  doc,
  ...(dflt !== undefined && { default: dflt }),
});
/** A field whose value the validator reads with its own code (a map, a list, ...). */
export const field = (rule: KeyRule, type: TypeSpec, doc: string): FieldSpec => ({ rule, type, doc });
export const ref = (m: MapSpec): TypeSpec => ({ kind: 'map', ref: m });

/** The key rules of a table, as Fields wants them. */
export function rulesOf(fields: FieldTable): Record<string, KeyRule> {
  return Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.rule]));
}

export type ValueOf<F> = F extends FieldSpec<infer T> ? T : never;
