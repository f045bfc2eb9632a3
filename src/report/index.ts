import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../errors.js';
import { aggregateTable, batchCharts, chooseMetrics, readAggregate, statusCounts } from './batch.js';
import type { Chart } from './chart.js';
import { type Frame, readFrame, readFrameIfPresent, readNumericColumns } from './csv.js';
import { type HtmlTable, pageHtml, type Page } from './html.js';
import { axisTitle, formatValue } from './labels.js';
import { renderSvg, resetIds } from './render.js';
import { distributionCharts, distributionColumns } from './distributions.js';
import { tableCharts } from './tables.js';
import { type IdNames, idNames, timeseriesCharts } from './timeseries.js';

export { checkReportPath, writeReport } from './write.js';

export interface ReportOptions {
  /** Batch metrics to plot (summary column names); default: a few that matter and vary. */
  metrics?: string[];
}

/** What the report will show, before rendering: sections of tables and chart specs. */
export interface Plan {
  title: string;
  lead: string[];
  sections: { heading: string; note?: string; tables: HtmlTable[]; charts: Chart[] }[];
}

/** Files every run writes; any other CSV in a run folder is a model's extra table. */
const RUN_TABLES = ['summary.csv', 'timeseries.csv', 'hosts.csv', 'vms.csv', 'tasks.csv'];

export type FolderKind = 'run' | 'batch';

/** A run folder holds summary.csv; a batch folder aggregate.csv. Anything else is bad input. */
export function folderKind(dir: string): FolderKind {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError('E_NOT_RESULTS', `${dir}: no such folder; name a run's results folder (results/<scenario>) or a batch's`);
  }
  if (existsSync(join(dir, 'aggregate.csv'))) return 'batch';
  if (existsSync(join(dir, 'summary.csv'))) return 'run';
  const hint = existsSync(join(dir, 'sweep.csv')) ? ' (it has sweep.csv but no aggregate.csv: was the batch interrupted?)' : '';
  throw new InputError(
    'E_NOT_RESULTS',
    `${dir}: not a results folder: expected summary.csv (a run) or aggregate.csv (a batch)${hint}`,
  );
}

export function planReport(dir: string, options: ReportOptions = {}): Plan {
  if (folderKind(dir) === 'batch') return planBatch(dir, options);
  if (options.metrics && options.metrics.length > 0) {
    throw new InputError('E_BAD_FLAG', `--metric chooses the metrics of a batch report, and ${dir} holds a single run (its report plots every metric)`);
  }
  return planRun(dir);
}

function group(charts: Chart[]): Plan['sections'] {
  const sections: Plan['sections'] = [];
  for (const c of charts) {
    let s = sections.find((x) => x.heading === c.section);
    if (!s) sections.push((s = { heading: c.section, tables: [], charts: [] }));
    s.charts.push(c);
  }
  return sections;
}

function readJson(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new InputError('E_BAD_RESULTS', `${path}: not valid JSON (${(e as Error).message})`);
  }
}

/** summary.csv as metric / value / CSV column; a long single row is split in two tables side by side. */
function summaryTables(summary: Frame): HtmlTable[] {
  const several = summary.rows.length > 1;
  const rows = summary.columns.map((c, j) => [axisTitle(c), ...summary.rows.map((r) => formatValue(c, r[j])), c]);
  const table = (part: string[][]): HtmlTable => ({
    headers: ['metric', ...(several ? summary.rows.map((_, i) => `run ${i + 1}`) : ['value']), 'column'],
    numeric: summary.rows.map((_, i) => i + 1),
    rows: part,
  });
  if (several || rows.length <= 12) return [table(rows)];
  const half = Math.ceil(rows.length / 2);
  return [table(rows.slice(0, half)), table(rows.slice(half))];
}

/** The entity kinds of timeseries.csv other than the datacenter. */
function seriesEntities(ts: Frame): string[] {
  const e = ts.columns.indexOf('entity');
  return e < 0 ? [] : [...new Set(ts.rows.map((r) => String(r[e])))].filter((x) => x !== 'datacenter');
}

function planRun(dir: string): Plan {
  const summary = readFrame(join(dir, 'summary.csv'));
  const run = readJson(join(dir, 'run.json'));
  const first = (c: string) => (summary.columns.includes(c) ? summary.rows[0]?.[summary.columns.indexOf(c)] : undefined);
  const name = String(first('scenario') ?? basename(dir));
  const lead = [`Run of scenario ${name}, seed ${first('seed') ?? '?'}, from ${dir}`];
  if (run) {
    const bits = [
      typeof run.dcsim === 'string' ? `dcsim ${run.dcsim}` : '',
      typeof run.started_at === 'string' ? `started ${run.started_at}` : '',
      typeof run.wall_time_s === 'number' ? `${run.wall_time_s.toFixed(2)} s wall` : '',
      typeof run.events === 'number' ? `${run.events} events` : '',
    ].filter((b) => b !== '');
    if (bits.length > 0) lead.push(bits.join(' · '));
  }
  const ts = readFrameIfPresent(join(dir, 'timeseries.csv'));
  const names: IdNames = new Map();
  for (const entity of ts ? new Set(seriesEntities(ts)) : []) {
    const table = readFrameIfPresent(join(dir, `${entity}s.csv`));
    const byId = table && idNames(entity, table);
    if (byId) names.set(entity, byId);
  }
  const charts = ts ? timeseriesCharts(ts, names) : [];
  for (const f of ['tasks.csv', 'hosts.csv', 'vms.csv']) {
    const path = join(dir, f);
    if (existsSync(path)) charts.push(...distributionCharts(path, readNumericColumns(path, distributionColumns(path))));
  }
  const skipped: string[] = [];
  const tables: Plan['sections'] = [];
  const extras = readdirSync(dir).filter((f) => f.endsWith('.csv') && !RUN_TABLES.includes(f)).sort();
  for (const f of extras) {
    const t = tableCharts(readFrame(join(dir, f)));
    charts.push(...t.charts);
    if (t.table) tables.push({ heading: t.table.section, tables: [t.table.table], charts: [] });
    if (t.skipped) skipped.push(t.skipped);
  }
  const sections: Plan['sections'] = [
    { heading: 'Summary', note: 'From summary.csv (see the CSV data dictionary for each column).', tables: summaryTables(summary), charts: [] },
    ...group(charts),
    ...tables,
  ];
  if (!ts) sections[0].note += ' No timeseries.csv in this folder: no plots over time.';
  if (skipped.length > 0) sections.push({ heading: 'Tables not plotted', note: skipped.join('; '), tables: [], charts: [] });
  return { title: `dcsim report: ${name}`, lead, sections };
}

function planBatch(dir: string, options: ReportOptions): Plan {
  const agg = readAggregate(readFrame(join(dir, 'aggregate.csv')));
  const sweep = readFrameIfPresent(join(dir, 'sweep.csv'));
  const batch = readJson(join(dir, 'batch.json'));
  const metrics = chooseMetrics(agg, options.metrics);
  const lead = [`Batch in ${dir}: ${agg.frame.rows.length} parameter points${sweep ? `, ${statusCounts(sweep)}` : ''}`];
  if (batch) lead.push(...batchLead(batch));
  const sections = group(batchCharts(agg, sweep, metrics));
  sections.push({ heading: 'Aggregate', note: 'Means with 95 % confidence half-widths, from aggregate.csv.', tables: [aggregateTable(agg, metrics)], charts: [] });
  const failed = sweep ? failedRuns(sweep) : undefined;
  if (failed) sections.push({ heading: 'Runs that failed or did not run', tables: [failed], charts: [] });
  const name = typeof batch?.scenario === 'string' ? batch.scenario : basename(dir);
  return { title: `dcsim batch report: ${name}`, lead, sections };
}

/** batch.json's short facts (its top level and its sweep section); hashes, long texts and lists stay out of the heading. */
function batchLead(batch: Record<string, unknown>): string[] {
  const facts = (o: Record<string, unknown>) =>
    Object.entries(o).filter(([k, v]) => (typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 60)) && !k.endsWith('_hash'));
  const sweep = typeof batch.sweep === 'object' && batch.sweep !== null ? facts(batch.sweep as Record<string, unknown>) : [];
  const all = [...facts(batch), ...sweep];
  return all.length > 0 ? [all.map(([k, v]) => `${k}: ${String(v)}`).join(' · ')] : [];
}

function failedRuns(sweep: Frame): HtmlTable | undefined {
  const s = sweep.columns.indexOf('status');
  if (s < 0) return undefined;
  const rows = sweep.rows.filter((r) => r[s] !== 'ok');
  if (rows.length === 0) return undefined;
  const cols = ['run_id', 'variant', 'replication', 'seed', 'status', 'error'].filter((c) => sweep.columns.includes(c));
  return { headers: cols, rows: rows.map((r) => cols.map((c) => String(r[sweep.columns.indexOf(c)] ?? ''))) };
}

/** Renders every chart (in order, so SVG ids are stable) and assembles the page. */
export async function renderReport(plan: Plan): Promise<string> {
  resetIds(); // the same results give the same bytes, however many reports this process made
  const page: Page = { title: plan.title, lead: plan.lead, sections: [] };
  for (const s of plan.sections) {
    const figures = [];
    for (const c of s.charts) figures.push({ title: c.title, svg: await renderSvg(c.spec) });
    page.sections.push({ heading: s.heading, note: s.note, tables: s.tables, figures });
  }
  return pageHtml(page);
}

export async function buildReport(dir: string, options: ReportOptions = {}): Promise<{ html: string; charts: number }> {
  const plan = planReport(dir, options);
  return { html: await renderReport(plan), charts: plan.sections.reduce((n, s) => n + s.charts.length, 0) };
}
