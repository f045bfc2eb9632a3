import { basename } from 'node:path';
import { type Chart, quantity, topLevel } from './chart.js';
import { formatValue, timeScale, unitOf } from './labels.js';
import { quantile } from './timeseries.js';

/** Per-item columns whose spread a reader looks at, with the chart's title and the x axis's. */
export const DISTRIBUTIONS: Record<string, { column: string; title: string; axis: string }[]> = {
  'tasks.csv': [
    { column: 'response_s', title: 'Task response time', axis: 'Response time (s)' },
    { column: 'wait_s', title: 'Task wait time', axis: 'Wait (s)' },
  ],
  'hosts.csv': [
    { column: 'cpu_utilization_mean', title: 'Mean CPU utilization of hosts', axis: 'CPU utilization (%)' },
    { column: 'active_time_s', title: 'Active time of hosts', axis: 'Active time (s)' },
  ],
  'vms.csv': [{ column: 'cpu_utilization_mean', title: 'Mean CPU utilization of VMs', axis: 'CPU utilization (%)' }],
};
const ITEMS: Record<string, string> = { 'tasks.csv': 'tasks', 'hosts.csv': 'hosts', 'vms.csv': 'VMs' };

/** A long tail (max beyond this many times the 90th percentile) squeezes a histogram into its first bin: such columns get a cumulative curve on a symlog axis. */
export const SKEW = 5;
/** Points of a cumulative curve: quantiles 0, 0.5 %, ..., 100 %. */
export const CURVE_POINTS = 200;

/** About this many bins, on a round step. */
export const BINS = 30;

/** 1, 2 or 5 times a power of ten, the smallest such step that covers the range in at most `bins` bins. */
export function niceStep(range: number, bins: number): number {
  if (!(range > 0)) return 1;
  const raw = range / bins;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw * (1 - 1e-12))!;
}

/** Counts per bin [lo, hi), bins on multiples of the step, the last one holding the max. */
export function histogram(values: readonly number[], bins = BINS): { lo: number; hi: number; count: number }[] {
  let min = Infinity, max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const step = niceStep(max - min, bins);
  const start = Math.floor(min / step) * step;
  const n = Math.max(1, Math.ceil((max - start) / step + 1e-9));
  const counts = new Array<number>(n).fill(0);
  for (const v of values) counts[Math.min(n - 1, Math.floor((v - start) / step))]++;
  return counts.map((count, i) => ({ lo: start + i * step, hi: start + (i + 1) * step, count }));
}

/** The columns distributionCharts draws from a file, to read just those. */
export function distributionColumns(file: string): string[] {
  return (DISTRIBUTIONS[basename(file)] ?? []).map((d) => d.column);
}

/** Histograms (or cumulative curves) of the listed columns of a per-item table, with the count, median, p95 and max in the subtitle. */
export function distributionCharts(file: string, columns: Map<string, number[]>): Chart[] {
  const name = basename(file);
  const items = ITEMS[name];
  const charts: Chart[] = [];
  for (const { column, title, axis } of DISTRIBUTIONS[name] ?? []) {
    const values = columns.get(column);
    if (!values || values.length < 2) continue;
    let sorted = [...values].sort((a, b) => a - b);
    const skewed = sorted[sorted.length - 1] > SKEW * quantile(sorted, 0.9);
    // a histogram of seconds reads better in minutes, hours or days; the symlog curve keeps seconds for its decades
    let unit = unitOf(column), x = axis, binned = values;
    if (unit === 's' && !skewed) {
      const scale = timeScale(sorted[sorted.length - 1]);
      if (scale.seconds !== 1) {
        sorted = sorted.map((v) => v / scale.seconds);
        binned = sorted;
        unit = scale.unit;
        x = axis.replace('(s)', `(${unit})`);
      }
    }
    const show = (v: number) => formatValue(column, v) + (unit === '' ? '' : ` ${unit}`);
    const stats = `${values.length.toLocaleString('en-US')} ${items}; median ${show(quantile(sorted, 0.5))}, p95 ${show(quantile(sorted, 0.95))}, max ${show(sorted[sorted.length - 1])}`;
    charts.push({
      section: 'Distributions',
      title,
      spec: skewed ? cumulative(title, stats, sorted, column, x, items) : bars(title, stats, binned, column, x, items),
    });
  }
  return charts;
}

function bars(title: string, stats: string, values: readonly number[], column: string, axis: string, items: string) {
  return topLevel(title, {
    data: { values: histogram(values) },
    mark: { type: 'bar', binSpacing: 1 },
    encoding: {
      x: quantity('lo', column, { bin: 'binned', title: axis }),
      x2: { field: 'hi' },
      y: { field: 'count', type: 'quantitative', title: items.charAt(0).toUpperCase() + items.slice(1) },
    },
  }, stats);
}

/** The share of items at or below each value, from the quantiles (linear interpolation), x on a symlog scale (0 allowed). */
export function cumulativePoints(sorted: readonly number[], points = CURVE_POINTS): { x: number; share: number }[] {
  return Array.from({ length: points + 1 }, (_, k) => ({ x: quantile(sorted, k / points), share: k / points }));
}

function cumulative(title: string, stats: string, sorted: readonly number[], column: string, axis: string, items: string) {
  return topLevel(title, {
    data: { values: cumulativePoints(sorted) },
    mark: { type: 'line', interpolate: 'monotone' },
    encoding: {
      x: quantity('x', column, { title: `${axis}, symlog scale`, scale: { type: 'symlog' }, axis: { values: decades(sorted[sorted.length - 1]) } }),
      y: { field: 'share', type: 'quantitative', title: `Share of ${items} at or below`, axis: { format: '%' } },
    },
  }, stats);
}

/** Ticks for a symlog axis from 0: 0, 1, 10, 100, ... up to the first power of ten at or above max (vega's own are linear). */
export function decades(max: number): number[] {
  const ticks = [0];
  for (let p = 1; ticks.length < 12; p *= 10) {
    ticks.push(p);
    if (p >= max) break;
  }
  return ticks;
}
