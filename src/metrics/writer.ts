import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { InputError } from '../errors.js';
import type { Cell, Table } from './table.js';

/** Files a run writes; an output folder holding any of them belongs to an earlier run. */
export const RUN_FILES = ['summary.csv', 'timeseries.csv', 'hosts.csv', 'vms.csv', 'tasks.csv', 'run.json'] as const;

/**
 * The table as CSV: a header line, then one line per row, each ending in "\n"; a
 * cell is quoted (quotes doubled) when it holds a comma, quote or line break. The
 * same bytes as csv-stringify (test/metrics/csv.test.ts checks it), written by hand
 * because a run's largest table (tasks.csv) took csv-stringify 150 ms per MB, more
 * than the simulation of a quickstart run.
 */
export function toCsv(table: Table): string {
  let out = table.columns.map(textCell).join(',') + '\n';
  const n = table.columns.length;
  for (const row of table.rows) {
    let line = n > 0 ? cellText(row[0]) : '';
    for (let j = 1; j < n; j++) line += ',' + cellText(row[j]);
    out += line + '\n';
  }
  return out;
}

const NEEDS_QUOTES = /[",\n\r]/;

function textCell(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function cellText(c: Cell | undefined | null | boolean): string {
  if (typeof c === 'number') return numberCell(c);
  if (typeof c === 'string') return textCell(c);
  if (typeof c === 'boolean') return c ? '1' : ''; // as csv-stringify casts them
  return '';
}

/** csv-stringify's output for a table (the reference toCsv is tested against). */
export function toCsvReference(table: Table): string {
  return stringify(table.rows, { header: true, columns: table.columns as string[], cast: { number: numberCell } });
}

/** Shortest round-trip form: the same double gives the same text on every machine. */
function numberCell(x: number): string {
  return Number.isFinite(x) ? String(x) : Number.isNaN(x) ? '' : x > 0 ? 'inf' : '-inf';
}

/**
 * Refuses to write into a folder that already holds a run's files unless `force`.
 * Call before the run, so a long simulation does not end in a refusal.
 */
export function checkOutputDir(dir: string, force: boolean): void {
  if (!existsSync(dir) || force) return;
  const clash = readdirSync(dir).filter((f) => (RUN_FILES as readonly string[]).includes(f));
  if (clash.length > 0) {
    throw new InputError(
      'E_OUTPUT_EXISTS',
      `${dir} already holds the results of a run (${clash.join(', ')}); pass --force to overwrite them or --out to write elsewhere`,
    );
  }
}

/**
 * Writes each file under a temporary name and renames it into place, so an
 * interrupted run never leaves a complete-looking partial file. With `force`,
 * result files of an earlier run that this run does not write are removed so the
 * folder never mixes two runs.
 */
export function writeFiles(dir: string, files: Record<string, string>, force: boolean): void {
  checkOutputDir(dir, force);
  mkdirSync(dir, { recursive: true });
  const tmp: [string, string][] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    const part = `${path}.${process.pid}.tmp`;
    writeFileSync(part, text);
    tmp.push([part, path]);
  }
  for (const [part, path] of tmp) renameSync(part, path);
  if (force) {
    for (const name of RUN_FILES) if (!(name in files)) rmSync(join(dir, name), { force: true });
  }
}
