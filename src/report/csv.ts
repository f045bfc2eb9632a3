import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError } from '../errors.js';

/** A cell as read back: numbers as numbers, an empty cell (something that did not happen) as null. */
export type Value = string | number | null;

/** A CSV file read back: its column names and rows of cells in column order. */
export interface Frame {
  file: string;
  columns: string[];
  rows: Value[][];
}

// The writer prints numbers in shortest round-trip form and infinities as inf/-inf.
const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function toValue(text: string): Value {
  if (text === '') return null;
  if (NUMBER.test(text)) return Number(text);
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  return text;
}

export function parseFrame(text: string, file: string): Frame {
  if (!text.includes('"')) return parseUnquoted(text, file);
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: false, skip_empty_lines: true });
  } catch (e) {
    throw new InputError('E_BAD_RESULTS', `${file}: not a readable CSV file (${(e as Error).message})`);
  }
  if (records.length === 0) throw new InputError('E_BAD_RESULTS', `${file}: empty file, expected a header line`);
  const [columns, ...body] = records;
  return { file, columns, rows: body.map((r) => r.map(toValue)) };
}

/**
 * Without a quote anywhere every comma separates cells, so lines are split directly:
 * a big run's timeseries.csv (720,000 rows) reads several times faster than
 * through the general parser, which quoted files still go through.
 */
function parseUnquoted(text: string, file: string): Frame {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new InputError('E_BAD_RESULTS', `${file}: empty file, expected a header line`);
  const columns = lines[0].split(',');
  const rows: Value[][] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const cells = lines[i].split(',');
    if (cells.length !== columns.length) {
      throw new InputError('E_BAD_RESULTS', `${file}:${i + 1}: ${cells.length} cells where the header has ${columns.length} columns`);
    }
    rows.push(cells.map(toValue));
  }
  return { file, columns, rows };
}

export function readFrame(path: string): Frame {
  return parseFrame(readFileSync(path, 'utf8'), path);
}

export function readFrameIfPresent(path: string): Frame | undefined {
  return existsSync(path) ? readFrame(path) : undefined;
}

/** The index of each named column; a missing one is bad input naming the file. */
export function requireColumns(frame: Frame, names: readonly string[]): number[] {
  const missing = names.filter((n) => !frame.columns.includes(n));
  if (missing.length > 0) {
    throw new InputError(
      'E_BAD_RESULTS',
      `${frame.file}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (has ${frame.columns.join(', ')}); is ${basename(frame.file)} from dcsim?`,
    );
  }
  return names.map((n) => frame.columns.indexOf(n));
}

/** A column whose every non-empty cell is a finite number (and that has at least one). */
export function isNumericColumn(frame: Frame, index: number): boolean {
  let seen = false;
  for (const row of frame.rows) {
    const v = row[index];
    if (v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
    seen = true;
  }
  return seen;
}

/** Distinct values of a column in order of first appearance (nulls skipped). */
export function distinct(frame: Frame, index: number): Value[] {
  const seen = new Set<Value>();
  for (const row of frame.rows) if (row[index] !== null) seen.add(row[index]);
  return [...seen];
}

/** The finite numbers of each named column present (empty cells and text skipped). */
export function numericColumns(frame: Frame, names: readonly string[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const n of names) {
    const i = frame.columns.indexOf(n);
    if (i >= 0) out.set(n, frame.rows.map((r) => r[i]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
  }
  return out;
}

/**
 * numericColumns of a file, without building its rows: a million-task tasks.csv
 * (110 MB) is scanned line by line for the few columns wanted. Quoted files take
 * the general parser.
 */
export function readNumericColumns(path: string, names: readonly string[]): Map<string, number[]> {
  const text = readFileSync(path, 'utf8');
  if (text.includes('"')) return numericColumns(parseFrame(text, path), names);
  let end = text.indexOf('\n');
  if (end < 0) end = text.length;
  const header = text.slice(0, end).replace(/\r$/, '').split(',');
  const wanted = names.map((n) => [n, header.indexOf(n)] as const).filter(([, i]) => i >= 0);
  const out = new Map<string, number[]>(wanted.map(([n]) => [n, []]));
  if (wanted.length === 0) return out;
  const last = Math.max(...wanted.map(([, i]) => i));
  let line = 1;
  for (let start = end + 1; start < text.length; start = end + 1) {
    end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    if (end === start || (end === start + 1 && text[start] === '\r')) continue;
    // only as far as the last wanted column
    const cells = text.slice(start, end).split(',', last + 1);
    if (cells.length <= last) throw new InputError('E_BAD_RESULTS', `${path}:${line}: ${cells.length} cells, expected at least ${last + 1}`);
    for (const [n, i] of wanted) {
      const v = toValue(cells[i].replace(/\r$/, ''));
      if (typeof v === 'number' && Number.isFinite(v)) out.get(n)!.push(v);
    }
  }
  return out;
}
