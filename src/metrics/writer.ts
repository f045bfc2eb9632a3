import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { InputError } from '../errors.js';
import type { Table } from './table.js';

/** Files a run writes; an output folder holding any of them belongs to an earlier run. */
export const RUN_FILES = ['summary.csv', 'timeseries.csv', 'hosts.csv', 'vms.csv', 'tasks.csv', 'run.json'] as const;

export function toCsv(table: Table): string {
  return plainCsv(table) ?? toCsvByLibrary(table);
}

/** The definition of dcsim's CSV: csv-stringify with a header and numberCell for numbers. */
export function toCsvByLibrary(table: Table): string {
  return stringify(table.rows, { header: true, columns: table.columns as string[], cast: { number: numberCell } });
}

/** A field csv-stringify would quote (it contains the delimiter, the quote or a line break). */
const NEEDS_QUOTES = /[",\n\r]/;

/**
 * What toCsvByLibrary writes, when every name and cell is a number or a string it would
 * write as is (no quoting): the fields joined with commas, a newline after each record,
 * at most as many fields per row as there are columns. csv-stringify costs microseconds
 * per field (a tenth of a short consolidation run); undefined sends any other table to it.
 */
function plainCsv(table: Table): string | undefined {
  const cols = table.columns;
  for (const c of cols) if (typeof c !== 'string' || NEEDS_QUOTES.test(c)) return undefined;
  const parts: string[] = [cols.join(',') + '\n'];
  const width = cols.length;
  for (const row of table.rows) {
    if (!Array.isArray(row)) return undefined;
    const n = Math.min(row.length, width);
    let line = '';
    for (let i = 0; i < n; i++) {
      const v = row[i];
      let text: string;
      if (typeof v === 'number') text = numberCell(v);
      else if (typeof v === 'string' && !NEEDS_QUOTES.test(v)) text = v;
      else return undefined;
      line = i === 0 ? text : line + ',' + text;
    }
    parts.push(line + '\n');
  }
  return parts.join('');
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
