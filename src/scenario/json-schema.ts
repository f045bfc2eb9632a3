/**
 * The JSON Schema of the scenario format, generated from the field tables the validator
 * reads (spec.ts). Draft-07: the dialect the YAML language server (VS Code's YAML
 * extension and others) supports in full.
 */
import type { Range } from './schema.js';
import type { FieldSpec, MapSpec, TypeSpec } from './spec.js';
import { UNIT_KINDS } from './units.js';
import { SCENARIO } from './validate.js';

type Json = { [k: string]: unknown };

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function numberBounds(r: Range | undefined): Json {
  const out: Json = {};
  if (r?.min !== undefined) out[r.exclusive ? 'exclusiveMinimum' : 'minimum'] = r.min;
  if (r?.max !== undefined) out.maximum = r.max;
  return out;
}

/**
 * The strings parseQuantity accepts for a unit kind: a number, optional spaces, an
 * optional unit. Negative numbers are left out when the range has a lower bound >= 0,
 * and zero when the range is "> 0"; other bounds apply to plain numbers only.
 */
export function quantityPattern(t: Extract<TypeSpec, { kind: 'quantity' }>): string {
  const sign = t.range?.min !== undefined && t.range.min >= 0 ? '\\+?' : '[+-]?';
  // longest first, so that "min" is not read as "m" followed by junk
  const units = Object.keys(UNIT_KINDS[t.unit].units).sort((a, b) => b.length - a.length).map(escape).join('|');
  const rate = t.perSecond ? '(?:\\s*/\\s*s)?' : '';
  const tail = `\\s*(?:${units})?${rate}\\s*$`;
  // a range "> 0" also rules out zero written with a unit ("0s", "0.0 GiB")
  const notZero = t.range?.min === 0 && t.range.exclusive ? `(?!\\+?(?:0+(?:\\.0*)?|\\.0+)(?:[eE][+-]?\\d+)?${tail})` : '';
  return `^\\s*${notZero}${sign}(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?${tail}`;
}

class Generator {
  readonly definitions: Record<string, Json> = {};
  private readonly named = new Map<string, MapSpec>();

  type(t: TypeSpec): Json {
    switch (t.kind) {
      case 'int':
        return { type: 'integer', ...numberBounds(t.range) };
      case 'number':
        return { type: 'number', ...numberBounds(t.range) };
      case 'quantity': {
        return {
          anyOf: [
            { type: 'number', ...numberBounds(t.range) },
            { type: 'string', pattern: quantityPattern(t) },
          ],
        };
      }
      case 'string':
        return { type: 'string', minLength: 1, ...(t.pattern && { pattern: t.pattern.source }) };
      case 'bool':
        return { type: 'boolean' };
      case 'enum':
        return { type: 'string', enum: [...t.choices] };
      case 'map':
        return this.map(t.ref);
      case 'list':
        return {
          type: 'array',
          items: this.type(t.item),
          ...(t.minItems !== undefined && { minItems: t.minItems }),
          ...(t.maxItems !== undefined && { maxItems: t.maxItems }),
        };
      case 'mapOf':
        return {
          type: 'object',
          additionalProperties: this.type(t.value),
          ...(t.minProperties !== undefined && { minProperties: t.minProperties }),
        };
      case 'oneOfShapes':
        return { anyOf: t.shapes.map((s) => this.type(s)) };
      case 'open':
        return {
          ...(t.json !== 'any' && { type: t.json }),
          $comment: `open: ${t.reason}`,
        };
    }
  }

  /** A named map becomes a definition (referenced); an unnamed one is written inline. */
  map(m: MapSpec): Json {
    if (m.name === '') return this.object(m);
    const seen = this.named.get(m.name);
    if (seen && seen !== m) throw new Error(`two field tables named ${m.name}`);
    if (!seen) {
      this.named.set(m.name, m);
      this.definitions[m.name] = {}; // placeholder first: tables may refer to themselves
      this.definitions[m.name] = this.object(m);
    }
    return { $ref: `#/definitions/${m.name}` };
  }

  object(m: MapSpec): Json {
    const properties: Record<string, Json> = {};
    for (const [key, f] of Object.entries(m.fields)) properties[key] = this.field(f);
    const required = Object.entries(m.fields)
      .filter(([, f]) => f.rule === 'required')
      .map(([k]) => k);
    return {
      type: 'object',
      description: m.doc,
      properties,
      ...(required.length > 0 && { required }),
      additionalProperties: false,
    };
  }

  field(f: FieldSpec): Json {
    const t = this.type(f.type);
    const dflt = plainJson(f.default) ? { default: f.default } : {};
    // draft-07 ignores the siblings of $ref: wrap it so the description shows
    const body = '$ref' in t ? { allOf: [t] } : t;
    // the validator takes an optional key with no value (`key:` or `key: ~`) as absent
    const value = f.rule === 'optional' ? nullable(body) : body;
    return { description: f.doc + unitsNote(f.type), ...dflt, ...value };
  }
}

/**
 * `body` or null. Written flat (a type list, null among the choices, one more anyOf
 * branch) rather than as anyOf [null, body]: editors then still name the valid
 * choices when a value is wrong, instead of "expected null".
 */
function nullable(body: Json): Json {
  if (typeof body.type === 'string') {
    return { ...body, type: [body.type, 'null'], ...(Array.isArray(body.enum) && { enum: [...body.enum, null] }) };
  }
  if (Array.isArray(body.anyOf)) return { ...body, anyOf: [...body.anyOf, { type: 'null' }] };
  if (Array.isArray(body.allOf)) return { anyOf: [...body.allOf, { type: 'null' }] };
  return body; // open: anything already
}

/** For a quantity: what a plain number means and which unit suffixes are accepted. */
function unitsNote(t: TypeSpec): string {
  if (t.kind !== 'quantity') return '';
  const k = UNIT_KINDS[t.unit];
  const rate = t.perSecond ? ' per second' : '';
  return ` A number of ${k.base}${rate}, or a string with a unit: ${Object.keys(k.units).join(', ')}${rate ? ' (optionally followed by /s)' : ''}.`;
}

function plainJson(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** The JSON Schema of a scenario file. */
export function scenarioJsonSchema(): Json {
  const g = new Generator();
  const root = g.object(SCENARIO);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'dcsim scenario',
    ...root,
    description:
      `${SCENARIO.doc} Generated from the tables dcsim's validator reads (npm run schema); do not edit. ` +
      'It checks keys, types, choices and ranges. Rules that span fields (exactly one action or trace source, ' +
      'max >= idle, stop > start, references to types, groups, tiers and jobs, files that must exist), bounds of ' +
      'quantities written with a unit beyond their sign, and the values a sweep gives to field paths are checked ' +
      'by `dcsim validate` (and batches) only.',
    definitions: g.definitions,
  };
}

/** The schema as the committed file holds it. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
