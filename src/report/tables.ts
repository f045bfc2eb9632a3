import { basename } from 'node:path';
import { categoryAxis, type Chart, colourBy, quantity, topLevel } from './chart.js';
import { distinct, type Frame, isNumericColumn, type Value } from './csv.js';
import type { HtmlTable } from './html.js';
import { formatValue, labelOf, unitOf } from './labels.js';

/**
 * Extra tables a model writes next to the run's files (platforms.csv,
 * applications.csv, tiers.csv, ...) are plotted when their columns say how:
 * - a numeric load column (`load`, `load_*`, `users`, `clients`, `arrival_rate*`)
 *   with at least 3 values gives one line chart per other numeric column against it;
 * - otherwise a text column `platform`, `application`, `tier`, `class` or `job` gives
 *   one bar chart per numeric column, a bar per value of the last such column,
 *   grouped by the one before it (platforms.csv: a bar per platform, per job).
 * Columns that identify rather than measure are not plotted, nor `value` next to a
 * `unit` column (values in different units share no axis).
 */
export const LOAD_COLUMN = /^(load|load_.+|users|clients|arrival_rate.*)$/;
export const CATEGORY_COLUMN = /^(platform|application|tier|class|job)$/;
/** A curve needs this many loads; fewer are drawn as bars per category. */
export const MIN_LOADS = 3;
const NOT_MEASURES = /^(id|.+_id|seed|replication|run|index)$/;
/** More than this many measures per table would bury the few a reader wants. */
export const MAX_CHARTS_PER_TABLE = 6;

export interface TablePlan {
  charts: Chart[];
  /** A table with a single category, shown as it is rather than as one-bar charts. */
  table?: { section: string; table: HtmlTable };
  /** Why a table (or some of its columns) was not plotted, for the report's note. */
  skipped?: string;
}

/** Response times first, then times, utilizations, percentages and ratios, then other quantities with a unit, then counts. */
function rank(column: string): number {
  if (/response/.test(column)) return 0;
  if (/^time_|percent|ratio|utili[sz]ation|occupancy/.test(column)) return 1;
  return unitOf(column) !== '' ? 2 : 3;
}

export function tableCharts(frame: Frame): TablePlan {
  const name = basename(frame.file);
  const numeric = frame.columns.map((_, i) => isNumericColumn(frame, i));
  const text = frame.columns.map((_, i) => !numeric[i] && frame.rows.some((r) => typeof r[i] === 'string'));
  const categories = frame.columns.map((c, i) => (text[i] && CATEGORY_COLUMN.test(c) ? i : -1)).filter((i) => i >= 0);
  const load = frame.columns.findIndex((c, i) => numeric[i] && LOAD_COLUMN.test(c) && distinct(frame, i).length >= MIN_LOADS);
  const x = load >= 0 ? load : categories.length > 0 ? categories[categories.length - 1] : -1;
  if (x < 0) {
    return { charts: [], skipped: `${name}: no load column (load, load_*, users, clients, arrival_rate*, with ${MIN_LOADS} values or more) and no platform, application, tier, class or job column` };
  }
  const candidate = load >= 0 ? (categories[0] ?? -1) : categories.length > 1 ? categories[categories.length - 2] : -1;
  // a split with one value (one application's tiers) would only add a legend
  const series = candidate >= 0 && distinct(frame, candidate).length > 1 ? candidate : -1;
  // one bar or point per (x, series): several rows for one would be stacked or zigzag (replicas.csv: many per tier)
  const keys = new Set(frame.rows.map((r) => `${r[x]}\u0000${series >= 0 ? r[series] : ''}`));
  if (keys.size < frame.rows.length) {
    const by = [frame.columns[x], ...(series >= 0 ? [frame.columns[series]] : [])].join(' and ');
    return { charts: [], skipped: `${name}: several rows per ${by}` };
  }
  const mixedUnits = frame.columns.some((c, i) => c === 'unit' && text[i]);
  let measures = frame.columns
    .map((c, i) => ({ c, i }))
    .filter(({ c, i }) => numeric[i] && i !== x && !NOT_MEASURES.test(c) && !(mixedUnits && c === 'value'))
    .sort((a, b) => rank(a.c) - rank(b.c));
  // a column that is 0 in every row (no disk traffic on any platform) would be an empty chart
  const zero = measures.filter(({ i }) => frame.rows.every((r) => r[i] === null || r[i] === 0));
  measures = measures.filter((m) => !zero.includes(m));
  const zeroNote = zero.length > 0 ? `${name}: ${zero.map((m) => m.c).join(', ')} zero in every row` : undefined;
  if (measures.length === 0) return { charts: [], skipped: zeroNote ?? `${name}: no numeric column to plot` };
  const section = `${labelOf(name.replace(/\.csv$/, ''))} (${name})`;
  // one category (one application, one class): a bar per chart says less than a table
  if (load < 0 && distinct(frame, x).length < 2) return { charts: [], table: { section, table: asTable(frame) } };
  // mean, p50, p95, p99 of one quantity share a chart when nothing else splits it
  const groups = series >= 0 ? measures.map((m) => [m]) : statGroups(measures);
  const charts = groups.slice(0, MAX_CHARTS_PER_TABLE).map((group) => {
    const stat = group.length > 1 ? group.map((m) => STAT.exec(m.c)![2]) : [];
    const quantityName = group.length > 1 ? STAT.exec(group[0].c)![1] + STAT.exec(group[0].c)![3] : group[0].c;
    const values = group.flatMap((m, k) =>
      frame.rows
        .filter((r) => r[m.i] !== null && r[x] !== null)
        .map((r) => ({ x: r[x], y: r[m.i], ...(series >= 0 ? { series: String(r[series] ?? '') } : stat.length > 0 ? { series: stat[k] } : {}) })),
    );
    const colourTitle = series >= 0 ? labelOf(frame.columns[series]) : 'Statistic';
    const split = series >= 0 || stat.length > 0;
    const colour = split ? { color: colourBy('series', colourTitle, [...new Set(values.map((v) => String(v.series)))]) } : {};
    const title = load >= 0 ? `${labelOf(quantityName)} vs ${labelOf(frame.columns[x]).toLowerCase()}` : `${labelOf(quantityName)} per ${frame.columns[x]}`;
    const body =
      load >= 0
        ? {
            data: { values },
            mark: { type: 'line', point: true },
            encoding: { x: quantity('x', frame.columns[x]), y: quantity('y', quantityName), ...colour },
          }
        : {
            data: { values },
            mark: { type: 'bar' },
            encoding: {
              x: { field: 'x', type: 'nominal', title: labelOf(frame.columns[x]), sort: null, axis: categoryAxis(distinct(frame, x).map(String)) },
              y: quantity('y', quantityName),
              ...(split ? { ...colour, xOffset: { field: 'series', sort: null } } : {}),
            },
          };
    return { section, title, spec: topLevel(title, body) };
  });
  const dropped = groups.slice(MAX_CHARTS_PER_TABLE).flatMap((g) => g.map((m) => m.c));
  const notes = [
    ...(zeroNote ? [zeroNote] : []),
    ...(dropped.length > 0 ? [`${name}: ${dropped.join(', ')} not plotted (at most ${MAX_CHARTS_PER_TABLE} charts per table)`] : []),
  ];
  return { charts, ...(notes.length > 0 ? { skipped: notes.join('; ') } : {}) };
}

/** `response_time_p95_s` -> stem `response_time`, statistic `p95`, unit suffix `_s`. */
const STAT = /^(.+)_(mean|p50|p95|p99|min|max)((?:_[a-z]+)?)$/;

/** Measures in rank order, those that are statistics of one quantity (same stem and unit) gathered where the first of them stands. */
function statGroups(measures: { c: string; i: number }[]): { c: string; i: number }[][] {
  const groups: { c: string; i: number }[][] = [];
  const byKey = new Map<string, { c: string; i: number }[]>();
  for (const m of measures) {
    const s = STAT.exec(m.c);
    const key = s ? `${s[1]}${s[3]}` : undefined;
    const g = key === undefined ? undefined : byKey.get(key);
    if (g) g.push(m);
    else {
      const fresh = [m];
      groups.push(fresh);
      if (key !== undefined) byKey.set(key, fresh);
    }
  }
  return groups;
}

/** A table as it is, numbers formatted; few rows are turned so the many columns read down. */
function asTable(frame: Frame): HtmlTable {
  const cell = (c: string, v: Value) => formatValue(c, v);
  if (frame.rows.length <= 4) {
    return {
      headers: ['column', ...frame.rows.map((_, i) => `row ${i + 1}`)],
      numeric: frame.rows.map((_, i) => i + 1),
      rows: frame.columns.map((c, j) => [c, ...frame.rows.map((r) => cell(c, r[j]))]),
    };
  }
  return { headers: frame.columns, rows: frame.rows.map((r) => frame.columns.map((c, j) => cell(c, r[j]))) };
}
