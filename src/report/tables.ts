import { basename } from 'node:path';
import { type Chart, colourBy, quantity, topLevel } from './chart.js';
import { distinct, type Frame, isNumericColumn } from './csv.js';
import { labelOf, unitOf } from './labels.js';

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
  /** Why a table (or some of its columns) was not plotted, for the report's note. */
  skipped?: string;
}

/** Response times first, then times, percentages and ratios, then other quantities with a unit, then counts. */
function rank(column: string): number {
  if (/response/.test(column)) return 0;
  if (/^time_|percent|ratio/.test(column)) return 1;
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
  const series = load >= 0 ? (categories[0] ?? -1) : categories.length > 1 ? categories[categories.length - 2] : -1;
  // one bar or point per (x, series): several rows for one would be stacked or zigzag (replicas.csv: many per tier)
  const keys = new Set(frame.rows.map((r) => `${r[x]}\u0000${series >= 0 ? r[series] : ''}`));
  if (keys.size < frame.rows.length) {
    const by = [frame.columns[x], ...(series >= 0 ? [frame.columns[series]] : [])].join(' and ');
    return { charts: [], skipped: `${name}: several rows per ${by}` };
  }
  const mixedUnits = frame.columns.some((c, i) => c === 'unit' && text[i]);
  const measures = frame.columns
    .map((c, i) => ({ c, i }))
    .filter(({ c, i }) => numeric[i] && i !== x && !NOT_MEASURES.test(c) && !(mixedUnits && c === 'value'))
    .sort((a, b) => rank(a.c) - rank(b.c));
  if (measures.length === 0) return { charts: [], skipped: `${name}: no numeric column to plot` };
  const section = `${labelOf(name.replace(/\.csv$/, ''))} (${name})`;
  const charts = measures.slice(0, MAX_CHARTS_PER_TABLE).map(({ c, i }) => {
    const values = frame.rows
      .filter((r) => r[i] !== null && r[x] !== null)
      .map((r) => ({ x: r[x], y: r[i], ...(series >= 0 ? { series: String(r[series] ?? '') } : {}) }));
    const colour = series >= 0 ? { color: colourBy('series', labelOf(frame.columns[series]), [...new Set(values.map((v) => String(v.series)))]) } : {};
    const title = load >= 0 ? `${labelOf(c)} vs ${labelOf(frame.columns[x]).toLowerCase()}` : `${labelOf(c)} per ${frame.columns[x]}`;
    const body =
      load >= 0
        ? {
            data: { values },
            mark: { type: 'line', point: true },
            encoding: { x: quantity('x', frame.columns[x]), y: quantity('y', c), ...colour },
          }
        : {
            data: { values },
            mark: { type: 'bar' },
            encoding: {
              x: { field: 'x', type: 'nominal', title: labelOf(frame.columns[x]), sort: null, axis: { labelAngle: 0 } },
              y: quantity('y', c),
              ...(series >= 0 ? { ...colour, xOffset: { field: 'series', sort: null } } : {}),
            },
          };
    return { section, title, spec: topLevel(title, body) };
  });
  const dropped = measures.slice(MAX_CHARTS_PER_TABLE).map((m) => m.c);
  return { charts, ...(dropped.length > 0 ? { skipped: `${name}: ${dropped.join(', ')} not plotted (at most ${MAX_CHARTS_PER_TABLE} charts per table)` } : {}) };
}
