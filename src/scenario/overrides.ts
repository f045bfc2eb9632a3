/**
 * --set overrides: `dotted.path=value` strings applied to the parsed YAML document
 * before validation. Path segments are separated by '.'; a numeric segment indexes a
 * list (index = length appends). Missing maps on the way are created. The value is
 * parsed as YAML (`true`, `12`, `8GiB`, `[1, 2]`, `{dist: constant, value: 3}`).
 * Every node a --set brings in is remembered, so problems in it are reported against
 * the --set (file '--set', no line/column) rather than the scenario file.
 */
import { type Document, Pair, Scalar, YAMLMap, YAMLSeq, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Problem } from './problems.js';
import { describe } from './schema.js';

export interface ParsedSet {
  /** The whole `path=value` text. */
  text: string;
  path: string[];
  value: unknown;
}

const setProblem = (text: string, message: string, path = '', hint?: string): Problem => ({
  file: '--set',
  line: 0,
  column: 0,
  path,
  message,
  hint,
  source: text,
});

/** Splits and parses --set strings; malformed ones become problems. */
export function parseSets(sets: readonly string[], problems: Problem[]): ParsedSet[] {
  const out: ParsedSet[] = [];
  for (const text of sets) {
    const eq = text.indexOf('=');
    if (eq < 0) {
      problems.push(setProblem(text, 'expected path=value, e.g. datacenter.hosts.0.count=10'));
      continue;
    }
    const pathText = text.slice(0, eq).trim();
    const path = pathText.split('.');
    if (pathText === '' || path.some((s) => s === '')) {
      problems.push(setProblem(text, `expected a dotted path such as host_types.g4.ram before "=", got ${JSON.stringify(pathText)}`));
      continue;
    }
    const doc = parseDocument(text.slice(eq + 1), { prettyErrors: false });
    if (doc.errors.length > 0) {
      problems.push(setProblem(text, `the value is not valid YAML: ${doc.errors[0].message}`, pathText, 'quote strings that contain ":", "#", "[" or "{"'));
      continue;
    }
    out.push({ text, path, value: doc.contents ?? new Scalar(null) });
  }
  return out;
}

function mark(node: unknown, text: string, origins: WeakMap<object, string>): void {
  if (typeof node !== 'object' || node === null) return;
  origins.set(node, text);
  if (isMap(node)) {
    for (const p of node.items) {
      mark(p.key, text, origins);
      mark(p.value, text, origins);
    }
  } else if (isSeq(node)) {
    for (const it of node.items) mark(it, text, origins);
  }
}

const keyText = (k: unknown): string | undefined =>
  isScalar(k) && k.value !== null && typeof k.value !== 'object' ? String(k.value) : undefined;

/**
 * Applies parsed --sets to `doc` in order (a later one wins), recording the nodes they
 * bring in `origins`. Paths that cannot be followed become problems.
 */
export function applySets(doc: Document, sets: readonly ParsedSet[], origins: WeakMap<object, string>, problems: Problem[]): void {
  for (const s of sets) {
    mark(s.value, s.text, origins);
    const full = s.path.join('.');
    if (doc.contents === null || doc.contents === undefined || (isScalar(doc.contents) && doc.contents.value === null)) {
      const root = new YAMLMap();
      origins.set(root, s.text);
      doc.contents = root;
    }
    let cur: unknown = doc.contents;
    for (let i = 0; i < s.path.length; i++) {
      const seg = s.path[i];
      const last = i === s.path.length - 1;
      const here = s.path.slice(0, i).join('.') || 'the document';
      const fresh = (): unknown => {
        if (last) return s.value;
        const c = /^\d+$/.test(s.path[i + 1]) ? new YAMLSeq() : new YAMLMap();
        origins.set(c, s.text);
        return c;
      };
      if (isMap(cur)) {
        const pair = cur.items.find((p) => keyText(p.key) === seg);
        const existing = pair?.value;
        if (pair && !last && (isMap(existing) || isSeq(existing))) {
          cur = existing;
          continue;
        }
        if (pair && !last && isAlias(existing)) {
          problems.push(setProblem(s.text, `cannot set a value inside ${s.path.slice(0, i + 1).join('.')}: it is an alias`, full));
          break;
        }
        if (pair && !last && !isNullishNode(existing)) {
          problems.push(
            setProblem(s.text, `cannot set a value inside ${s.path.slice(0, i + 1).join('.')}: it is ${describe(existing)}, not a map or list`, full),
          );
          break;
        }
        const value = fresh();
        if (pair) pair.value = value;
        else {
          const key = new Scalar(seg);
          origins.set(key, s.text);
          cur.items.push(new Pair(key, value));
        }
        cur = value;
      } else if (isSeq(cur)) {
        if (!/^\d+$/.test(seg)) {
          problems.push(setProblem(s.text, `expected a list index after ${here} (it is a list), got "${seg}"`, full));
          break;
        }
        const idx = Number(seg);
        if (idx > cur.items.length) {
          problems.push(
            setProblem(
              s.text,
              `expected an index from 0 to ${cur.items.length} after ${here} (it has ${cur.items.length} ${cur.items.length === 1 ? 'item' : 'items'}; ${cur.items.length} appends), got ${idx}`,
              full,
            ),
          );
          break;
        }
        const existing = cur.items[idx];
        if (!last && (isMap(existing) || isSeq(existing))) {
          cur = existing;
          continue;
        }
        if (!last && idx < cur.items.length && !isNullishNode(existing)) {
          problems.push(setProblem(s.text, `cannot set a value inside ${s.path.slice(0, i + 1).join('.')}: it is ${describe(existing)}, not a map or list`, full));
          break;
        }
        const value = fresh();
        if (idx === cur.items.length) cur.items.push(value);
        else cur.items[idx] = value;
        cur = value;
      } else {
        problems.push(setProblem(s.text, `cannot set a value inside ${here}: it is ${describe(cur)}, not a map or list`, full));
        break;
      }
    }
  }
}

function isNullishNode(n: unknown): boolean {
  return n === null || n === undefined || (isScalar(n) && (n.value === null || n.value === undefined));
}
