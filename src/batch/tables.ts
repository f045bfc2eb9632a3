/**
 * sweep.csv and aggregate.csv, built from the batch definition and the run folders
 * only (never from completion order or timing), so one machine, any worker count
 * and merged shards all give the same bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { BatchDef, RunDef } from './plan.js';
import { readRunState } from './run-dir.js';
import { ciHalfWidth, moments } from './stats.js';

export type RunStatus = 'ok' | 'failed' | 'not-run';

/** One run's row before it is written: its status and summary cells by column. */
export interface RunRecord {
  run: RunDef;
  status: RunStatus;
  error: string;
  summary: Map<string, string>;
}

/** summary.csv columns that sweep.csv already has (or that are the same in every run). */
const NOT_METRICS = new Set(['scenario', 'seed']);

export function readCsv(file: string): { columns: string[]; rows: string[][] } {
  const records = parse(readFileSync(file, 'utf8'), { relax_column_count: false }) as string[][];
  if (records.length === 0) return { columns: [], rows: [] };
  return { columns: records[0], rows: records.slice(1) };
}

/** The state of each run, read from the folder `locate` finds for it (a stale content hash counts as not run). */
export function collectRuns(runs: readonly RunDef[], locate: (runId: string) => string | undefined): RunRecord[] {
  return runs.map((run) => {
    const dir = locate(run.run_id);
    const state = dir === undefined ? undefined : readRunState(dir);
    if (!state || state.content_hash !== run.content_hash) return { run, status: 'not-run', error: '', summary: new Map() };
    if (state.status === 'failed') return { run, status: 'failed', error: state.error, summary: new Map() };
    const { columns, rows } = readCsv(join(dir!, 'summary.csv'));
    const summary = new Map(columns.map((c, i) => [c, rows[0]?.[i] ?? '']));
    return { run, status: 'ok', error: '', summary };
  });
}

/** Metric columns: every summary column of the runs, in order of first appearance. */
export function metricColumns(records: readonly RunRecord[]): string[] {
  const seen = new Set<string>();
  for (const r of records) for (const c of r.summary.keys()) if (!NOT_METRICS.has(c)) seen.add(c);
  return [...seen];
}

const csv = (columns: string[], rows: string[][]): string => stringify(rows, { header: true, columns });

/** sweep.csv: one row per run, in the batch's definition order. */
export function sweepCsv(def: BatchDef, records: readonly RunRecord[]): string {
  const metrics = metricColumns(records);
  const columns = ['run_id', 'variant', ...def.params, 'replication', 'seed', 'status', ...metrics, 'error'];
  const rows = records.map((r) => [
    r.run.run_id,
    r.run.variant,
    ...r.run.params,
    String(r.run.replication),
    String(r.run.seed),
    r.status,
    ...metrics.map((m) => r.summary.get(m) ?? ''),
    r.error,
  ]);
  return csv(columns, rows);
}

/** A cell as a number: '' and text are not numbers; inf is. */
export function cellNumber(cell: string | undefined): number | undefined {
  if (cell === undefined || cell === '') return undefined;
  if (cell === 'inf') return Infinity;
  if (cell === '-inf') return -Infinity;
  const x = Number(cell);
  return Number.isNaN(x) ? undefined : x;
}

const numText = (x: number): string => (Number.isNaN(x) ? '' : Number.isFinite(x) ? String(x) : x > 0 ? 'inf' : '-inf');

/**
 * aggregate.csv: one row per parameter point (variant and swept values, in definition
 * order): n completed runs, then mean, sample sd and 95 % t half-width of each numeric
 * metric over the runs where it has a value; then failed.
 */
export function aggregateCsv(def: BatchDef, records: readonly RunRecord[]): string {
  const metrics = metricColumns(records);
  const ok = records.filter((r) => r.status === 'ok');
  const numeric = metrics.filter((m) => {
    const cells = ok.map((r) => r.summary.get(m) ?? '').filter((c) => c !== '');
    return cells.length > 0 && cells.every((c) => cellNumber(c) !== undefined);
  });
  const points = new Map<string, RunRecord[]>();
  for (const r of records) {
    const key = JSON.stringify([r.run.variant, ...r.run.params]);
    const list = points.get(key);
    if (list) list.push(r);
    else points.set(key, [r]);
  }
  const columns = ['variant', ...def.params, 'n', ...numeric.flatMap((m) => [`${m}_mean`, `${m}_sd`, `${m}_ci95`]), 'failed'];
  const rows: string[][] = [];
  for (const group of points.values()) {
    const done = group.filter((r) => r.status === 'ok');
    const row = [group[0].run.variant, ...group[0].run.params, String(done.length)];
    for (const m of numeric) {
      const xs = done.map((r) => cellNumber(r.summary.get(m))).filter((x): x is number => x !== undefined);
      const mo = moments(xs);
      row.push(numText(mo.mean), numText(mo.sd), numText(ciHalfWidth(mo)));
    }
    row.push(String(group.filter((r) => r.status === 'failed').length));
    rows.push(row);
  }
  return csv(columns, rows);
}
