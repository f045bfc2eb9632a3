/**
 * `dcsim check`: compares results (a batch's sweep.csv or a run's summary.csv) with a
 * baseline, metric by metric: run by run within tolerances, or, for replicated
 * points, by confidence-interval overlap or Welch's t-test. A metric "moved" when
 * the comparison says so; the CLI exits 1 then.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { choiceHint } from '../scenario/problems.js';
import { ciHalfWidth, moments, welch } from './stats.js';
import { cellNumber, readCsv } from './tables.js';

export interface ResultTable {
  file: string;
  kind: 'sweep' | 'summary';
  columns: string[];
  rows: string[][];
}

export type Method = 'runs' | 'ci' | 'welch';

export interface CheckOptions {
  /** Relative tolerance: |current - baseline| <= atol + rtol × |baseline|. */
  rtol: number;
  atol: number;
  /** Per-metric relative tolerance, or 'ignore'. */
  metricTol: ReadonlyMap<string, number | 'ignore'>;
  method: Method;
  /** Confidence level of `ci` and `welch` (Welch: moved when p < 1 - level). */
  level: number;
}

export const DEFAULT_CHECK: CheckOptions = { rtol: 1e-9, atol: 0, metricTol: new Map(), method: 'runs', level: 0.95 };

export interface Finding {
  /** A run id, a scenario name, or a parameter point `variant param=value ...`. */
  key: string;
  metric: string;
  baseline: string;
  current: string;
  moved: boolean;
  /** How it was judged: the tolerance, or the test statistic. */
  detail: string;
}

export interface CheckReport {
  findings: Finding[];
  metrics: string[];
  keys: number;
}

/** A results folder (sweep.csv, else summary.csv) or CSV file. */
export function loadResultTable(path: string): ResultTable {
  if (!existsSync(path)) throw new InputError('E_NO_RESULTS', `${path}: no such file or folder`);
  let file = path;
  if (statSync(path).isDirectory()) {
    const found = ['sweep.csv', 'summary.csv'].map((f) => join(path, f)).find((f) => existsSync(f));
    if (!found) throw new InputError('E_NO_RESULTS', `${path}: holds neither sweep.csv nor summary.csv`);
    file = found;
  }
  let t: { columns: string[]; rows: string[][] };
  try {
    t = readCsv(file);
  } catch (e) {
    throw new InputError('E_NO_RESULTS', `${file}: not a readable CSV (${(e as Error).message})`);
  }
  const kind = t.columns.includes('run_id') && t.columns.includes('status') ? 'sweep' : 'summary';
  if (kind === 'summary' && !t.columns.includes('scenario')) {
    throw new InputError('E_NO_RESULTS', `${file}: neither a sweep.csv (run_id, status, ...) nor a summary.csv (scenario, ...)`);
  }
  return { file, kind, ...t };
}

/** The compared columns: a summary's all but scenario; a sweep's status and the metrics after it. */
function metricsOf(t: ResultTable): string[] {
  if (t.kind === 'summary') return t.columns.filter((c) => c !== 'scenario');
  return t.columns.slice(t.columns.indexOf('status')).filter((c) => c !== 'error');
}

const keyOf = (t: ResultTable, row: string[]): string => row[t.columns.indexOf(t.kind === 'sweep' ? 'run_id' : 'scenario')];

/** The parameter point of a sweep row: variant and the columns between it and replication. */
function pointOf(t: ResultTable, row: string[]): string {
  const v = t.columns.indexOf('variant');
  const r = t.columns.indexOf('replication');
  return [row[v], ...t.columns.slice(v + 1, r).map((c, i) => `${c}=${row[v + 1 + i]}`)].join(' ');
}

function sameSets(a: readonly string[], b: readonly string[]): { onlyA: string[]; onlyB: string[] } {
  return { onlyA: a.filter((x) => !b.includes(x)), onlyB: b.filter((x) => !a.includes(x)) };
}

const fmtNum = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x));

function tolFor(metric: string, opts: CheckOptions): number | 'ignore' {
  return opts.metricTol.get(metric) ?? opts.rtol;
}

/** One pair of cells within tolerance. */
function compareCells(key: string, metric: string, b: string, c: string, opts: CheckOptions): Finding {
  const rtol = tolFor(metric, opts) as number;
  const x = cellNumber(b);
  const y = cellNumber(c);
  if (x === undefined || y === undefined) {
    const moved = b !== c;
    return { key, metric, baseline: b, current: c, moved, detail: moved ? 'differs' : 'same' };
  }
  const diff = y - x;
  const tol = opts.atol + rtol * Math.abs(x);
  const moved = !(x === y || Math.abs(diff) <= tol);
  const rel = x !== 0 ? ` (${fmtNum((100 * diff) / Math.abs(x))}%)` : '';
  return { key, metric, baseline: b, current: c, moved, detail: `change ${fmtNum(diff)}${rel}, tolerance ${fmtNum(tol)}` };
}

export function checkResults(current: ResultTable, baseline: ResultTable, opts: CheckOptions = DEFAULT_CHECK): CheckReport {
  if (current.kind !== baseline.kind) {
    throw new InputError('E_BASELINE', `baseline ${baseline.file} is a ${baseline.kind} table but ${current.file} is a ${current.kind} table`);
  }
  const metrics = metricsOf(current);
  const bm = metricsOf(baseline);
  const { onlyA, onlyB } = sameSets(metrics, bm);
  if (onlyA.length + onlyB.length > 0) {
    const parts = [onlyB.length ? `only in the baseline: ${onlyB.join(', ')}` : '', onlyA.length ? `only in the results: ${onlyA.join(', ')}` : ''];
    throw new InputError('E_BASELINE', `baseline ${baseline.file} has other metrics than ${current.file} (${parts.filter(Boolean).join('; ')}); record a new baseline with dcsim baseline`);
  }
  for (const m of opts.metricTol.keys()) {
    if (!metrics.includes(m)) throw new InputError('E_FLAG', `--metric ${m}: no such metric (${choiceHint(m, metrics, 'metrics')})`);
  }
  const compared = metrics.filter((m) => tolFor(m, opts) !== 'ignore');
  const curKeys = current.rows.map((r) => keyOf(current, r));
  const baseKeys = baseline.rows.map((r) => keyOf(baseline, r));
  const keys = sameSets(curKeys, baseKeys);
  if (keys.onlyA.length + keys.onlyB.length > 0) {
    const few = (xs: string[]) => xs.slice(0, 5).join(', ') + (xs.length > 5 ? `, ... (${xs.length})` : '');
    const parts = [keys.onlyB.length ? `only in the baseline: ${few(keys.onlyB)}` : '', keys.onlyA.length ? `only in the results: ${few(keys.onlyA)}` : ''];
    throw new InputError('E_BASELINE', `baseline ${baseline.file} has other runs than ${current.file} (${parts.filter(Boolean).join('; ')})`);
  }
  if (opts.method !== 'runs' && current.kind !== 'sweep') {
    throw new InputError('E_FLAG', `--method ${opts.method} compares replicated points of a batch's sweep.csv; ${current.file} is a single run's summary`);
  }
  const findings = opts.method === 'runs' ? byRun(current, baseline, compared, opts) : byPoint(current, baseline, compared, opts);
  return { findings, metrics: opts.method === 'runs' ? compared : compared.filter((m) => m !== 'status'), keys: opts.method === 'runs' ? curKeys.length : new Set(current.rows.map((r) => pointOf(current, r))).size };
}

function byRun(current: ResultTable, baseline: ResultTable, metrics: string[], opts: CheckOptions): Finding[] {
  const baseRow = new Map(baseline.rows.map((r) => [keyOf(baseline, r), r]));
  const out: Finding[] = [];
  for (const row of current.rows) {
    const key = keyOf(current, row);
    const b = baseRow.get(key)!;
    for (const m of metrics) out.push(compareCells(key, m, b[baseline.columns.indexOf(m)], row[current.columns.indexOf(m)], opts));
  }
  return out;
}

function groups(t: ResultTable): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  const status = t.columns.indexOf('status');
  for (const row of t.rows) {
    if (row[status] !== 'ok') continue;
    const k = pointOf(t, row);
    const g = out.get(k);
    if (g) g.push(row);
    else out.set(k, [row]);
  }
  return out;
}

function byPoint(current: ResultTable, baseline: ResultTable, metrics: string[], opts: CheckOptions): Finding[] {
  const cur = groups(current);
  const base = groups(baseline);
  const out: Finding[] = [];
  for (const [key, rows] of cur) {
    const brows = base.get(key) ?? [];
    for (const m of metrics) {
      if (m === 'status') continue;
      const ci = current.columns.indexOf(m);
      const bi = baseline.columns.indexOf(m);
      const xs = rows.map((r) => cellNumber(r[ci]));
      const ys = brows.map((r) => cellNumber(r[bi]));
      const numeric = [...xs, ...ys].every((v) => v !== undefined && Number.isFinite(v));
      const a = moments(numeric ? (xs as number[]) : []);
      const b = moments(numeric ? (ys as number[]) : []);
      if (!numeric || a.n < 2 || b.n < 2) {
        // Too few values for a test: the points' values must agree within tolerance.
        const bt = brows.map((r) => r[bi]).join(' ');
        const ct = rows.map((r) => r[ci]).join(' ');
        out.push(numeric && a.n === b.n && a.n > 0 ? compareCells(key, m, String(b.mean), String(a.mean), opts) : compareCells(key, m, bt, ct, opts));
        continue;
      }
      const rtol = tolFor(m, opts) as number;
      const withinTol = Math.abs(a.mean - b.mean) <= opts.atol + rtol * Math.abs(b.mean);
      let moved: boolean;
      let detail: string;
      if (opts.method === 'welch') {
        const w = welch(a, b);
        moved = w.p < 1 - opts.level && !withinTol;
        detail = `Welch t ${fmtNum(w.t)}, df ${fmtNum(w.df)}, p ${fmtNum(w.p)} (moved when p < ${fmtNum(1 - opts.level)})`;
      } else {
        const ha = ciHalfWidth(a, opts.level);
        const hb = ciHalfWidth(b, opts.level);
        const overlap = a.mean - ha <= b.mean + hb && b.mean - hb <= a.mean + ha;
        moved = !overlap && !withinTol;
        detail = `${Math.round(opts.level * 100)}% CIs ${fmtNum(b.mean)} ± ${fmtNum(hb)} and ${fmtNum(a.mean)} ± ${fmtNum(ha)} ${overlap ? 'overlap' : 'do not overlap'}`;
      }
      out.push({ key, metric: m, baseline: `${fmtNum(b.mean)} (n ${b.n})`, current: `${fmtNum(a.mean)} (n ${a.n})`, moved, detail });
    }
  }
  return out;
}

/** A text table of the metrics that moved. */
export function movedTable(report: CheckReport): string {
  const moved = report.findings.filter((f) => f.moved);
  if (moved.length === 0) return '';
  const head = ['run / point', 'metric', 'baseline', 'current', 'how'];
  const rows = moved.map((f) => [f.key, f.metric, f.baseline, f.current, f.detail]);
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

const xml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML: one test case per compared (run or point, metric), failed when it moved. */
export function junitXml(report: CheckReport, suite: string): string {
  const failures = report.findings.filter((f) => f.moved).length;
  const cases = report.findings.map((f) => {
    const open = `    <testcase classname="${xml(`dcsim.check.${f.key}`)}" name="${xml(f.metric)}"`;
    if (!f.moved) return `${open}/>`;
    const msg = `${f.metric} moved: baseline ${f.baseline}, current ${f.current}; ${f.detail}`;
    return `${open}>\n      <failure message="${xml(msg)}" type="drift">${xml(msg)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="dcsim check" tests="${report.findings.length}" failures="${failures}">`,
    `  <testsuite name="${xml(suite)}" tests="${report.findings.length}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
