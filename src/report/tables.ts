import { basename } from 'node:path';
import { type Chart, colourBy, quantity, topLevel } from './chart.js';
import { type Frame, isNumericColumn } from './csv.js';
import { labelOf } from './labels.js';

/**
 * Extra tables a model writes next to the run's files (platforms.csv, an
 * application's table, ...) are plotted when their columns say how:
 * - a numeric load column (`load`, `load_*`, `users`, `clients`, `arrival_rate*`)
 *   gives one line chart per other numeric column against it;
 * - otherwise a text column `platform` gives one bar chart per numeric column, a
 *   bar per platform.
 * A further text column (`platform`, `application`, `tier`, ...) splits lines or
 * bars by colour. Columns that identify rather than measure are not plotted.
 */
export const LOAD_COLUMN = /^(load|load_.+|users|clients|arrival_rate.*)$/;
export const CATEGORY_COLUMN = 'platform';
const NOT_MEASURES = /^(id|.+_id|seed|replication|run|index)$/;
/** More than this many measures per table would bury the few a reader wants. */
export const MAX_CHARTS_PER_TABLE = 6;

export interface TablePlan {
  charts: Chart[];
  /** Why a table was not plotted, for the report's note. */
  skipped?: string;
}

export function tableCharts(frame: Frame): TablePlan {
  const name = basename(frame.file);
  const numeric = frame.columns.map((_, i) => isNumericColumn(frame, i));
  const text = frame.columns.map((_, i) => !numeric[i] && frame.rows.some((r) => typeof r[i] === 'string'));
  const load = frame.columns.findIndex((c, i) => numeric[i] && LOAD_COLUMN.test(c));
  const platform = frame.columns.findIndex((c, i) => text[i] && c === CATEGORY_COLUMN);
  const x = load >= 0 ? load : platform;
  if (x < 0) return { charts: [], skipped: `${name}: no load column (load, load_*, users, clients, arrival_rate*) and no platform column` };
  const series = frame.columns.findIndex((_, i) => text[i] && i !== x);
  const measures = frame.columns
    .map((c, i) => ({ c, i }))
    .filter(({ c, i }) => numeric[i] && i !== x && !NOT_MEASURES.test(c))
    // response times first: that is what a load table is read for
    .sort((a, b) => Number(/response/.test(b.c)) - Number(/response/.test(a.c)));
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
  const dropped = measures.length - charts.length;
  return { charts, ...(dropped > 0 ? { skipped: `${name}: ${dropped} more columns not plotted (at most ${MAX_CHARTS_PER_TABLE} per table)` } : {}) };
}
