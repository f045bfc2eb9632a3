import { type Chart, colourBy, HEIGHT, legendQuantity, quantity, topLevel, WIDTH } from './chart.js';
import { type Frame, requireColumns } from './csv.js';
import { labelOf, timeScale, type TimeScale } from './labels.js';

/** One metric of one entity kind from timeseries.csv: samples per id, in file (time) order. */
export interface Series {
  entity: string;
  metric: string;
  /** id -> [time_s, value] samples; ids in order of first appearance. */
  byId: Map<string | number, [number, number][]>;
  /** How a derived series was computed, shown under the chart's title. */
  derived?: string;
}

/** Series in file order of first appearance, so charts follow the writer's metric order. */
export function seriesOf(frame: Frame): Series[] {
  const [ti, ei, ii, mi, vi] = requireColumns(frame, ['time_s', 'entity', 'id', 'metric', 'value']);
  const all = new Map<string, Series>();
  for (const row of frame.rows) {
    const t = row[ti], v = row[vi];
    if (typeof t !== 'number' || typeof v !== 'number' || !Number.isFinite(v)) continue;
    const entity = String(row[ei]), metric = String(row[mi]);
    const key = `${entity}\u0000${metric}`;
    let s = all.get(key);
    if (!s) all.set(key, (s = { entity, metric, byId: new Map() }));
    const id = row[ii] ?? '';
    let samples = s.byId.get(id);
    if (!samples) s.byId.set(id, (samples = []));
    samples.push([t, v]);
  }
  return [...all.values()];
}

/** Entity -> id (as text) -> name, for legends that name tiers rather than number them. */
export type IdNames = Map<string, Map<string, string>>;

/**
 * Names for an entity's ids from its own table, when there is one: `<entity>s.csv`
 * with columns `<entity>_id` and `<entity>` (tiers.csv: tier_id, tier), prefixed by
 * its `application` when it has one ("shop/db").
 */
export function idNames(entity: string, table: Frame): Map<string, string> | undefined {
  const id = table.columns.indexOf(`${entity}_id`), name = table.columns.indexOf(entity), app = table.columns.indexOf('application');
  if (id < 0 || name < 0) return undefined;
  return new Map(table.rows.map((r) => [String(r[id]), app >= 0 && app !== name ? `${r[app]}/${r[name]}` : String(r[name])]));
}

// Datacenter metrics a reader looks for first; the rest follow in file order.
const FIRST = ['power_w', 'active_hosts', 'cpu_utilization', 'replicas'];

/** Up to this many ids a per-entity metric is one line per id; up to HEATMAP_IDS a heat map; beyond, percentile bands. */
export const LINE_IDS = 12;
export const HEATMAP_IDS = 60;

/**
 * Every metric of timeseries.csv, plotted by name: a line per datacenter metric, and
 * per entity (host, VM, tier, ...) lines, a heat map or percentile bands by count.
 * A run that records cumulative energy but no power gets power derived from it.
 */
export function timeseriesCharts(frame: Frame, names: IdNames = new Map()): Chart[] {
  const series = seriesOf(frame);
  for (const s of series) {
    const byName = names.get(s.entity);
    if (byName) s.byId = new Map([...s.byId].map(([id, samples]) => [byName.get(String(id)) ?? id, samples]));
  }
  if (series.length === 0) return [];
  let maxT = 0;
  for (const s of series) for (const samples of s.byId.values()) for (const [t] of samples) maxT = Math.max(maxT, t);
  const scale = timeScale(maxT);
  const dc = series.filter((s) => s.entity === 'datacenter');
  const energy = dc.find((s) => s.metric === 'energy_kwh');
  if (energy && !dc.some((s) => s.metric === 'power_w')) dc.push(powerFromEnergy(energy));
  const rank = (m: string) => (FIRST.includes(m) ? FIRST.indexOf(m) : FIRST.length);
  dc.sort((a, b) => rank(a.metric) - rank(b.metric)); // stable: file order within a rank
  const charts = dc.map((s) => datacenterLine(s, scale));
  for (const s of series) if (s.entity !== 'datacenter') charts.push(entityChart(s, scale));
  return charts;
}

/** Mean power over each interval from cumulative energy since t = 0: ΔkWh × 3.6e6 / Δt. */
export function powerFromEnergy(energy: Series): Series {
  const out: [number, number][] = [];
  let t0 = 0, e0 = 0;
  for (const [t, e] of energy.byId.values().next().value ?? []) {
    if (t > t0) out.push([t, ((e - e0) * 3.6e6) / (t - t0)]);
    t0 = t;
    e0 = e;
  }
  return { entity: 'datacenter', metric: 'power_w', byId: new Map([[0, out]]), derived: 'mean over each interval, from energy_kwh' };
}

function timeAxis(scale: TimeScale, field = 't'): Record<string, unknown> {
  // a run starts at 0, so the axis does, though the first sample comes one interval later
  return { field, type: 'quantitative', title: `Time (${scale.unit})`, scale: { domainMin: 0, nice: false } };
}

export function datacenterLine(s: Series, scale: TimeScale): Chart {
  const samples = s.byId.values().next().value ?? [];
  const values = samples.map(([t, v]) => ({ t: t / scale.seconds, v }));
  return {
    section: 'Datacenter over time',
    title: labelOf(s.metric),
    spec: topLevel(labelOf(s.metric), {
      data: { values },
      mark: { type: 'line', point: values.length <= 40 },
      encoding: { x: timeAxis(scale), y: quantity('v', s.metric, flatZero(values)) },
    }, s.derived),
  };
}

export function entityChart(s: Series, scale: TimeScale): Chart {
  const ids = s.byId.size;
  const who = labelOf(s.entity);
  const section = `Per ${s.entity} over time`;
  const title = `${labelOf(s.metric)} per ${s.entity}`;
  if (ids <= LINE_IDS) {
    const values = [...s.byId].flatMap(([id, samples]) => samples.map(([t, v]) => ({ t: t / scale.seconds, id: String(id), v })));
    return {
      section,
      title,
      spec: topLevel(title, {
        data: { values },
        mark: { type: 'line' },
        encoding: { x: timeAxis(scale), y: quantity('v', s.metric, flatZero(values)), color: colourBy('id', who, [...s.byId.keys()].map(String)) },
      }),
    };
  }
  if (ids <= HEATMAP_IDS) return heatmap(s, scale, section, title);
  return percentileBands(s, scale, section, title);
}

/** A series that stays at 0 would get the empty domain [0, 0] and a one-tick axis: show 0 to 1. */
function flatZero(values: readonly { v: number }[]): Record<string, unknown> {
  return values.every((x) => x.v === 0) ? { scale: { domain: [0, 1] } } : {};
}

/**
 * One row per id, one cell per sampling interval. The data dictionary's rates are
 * means over the interval ending at the sample: the cell runs from the previous
 * sample to this one. Counts (a series of whole numbers) are states at the sample:
 * the cell runs from this sample to the next (the last as long as the one before).
 */
function heatmap(s: Series, scale: TimeScale, section: string, title: string): Chart {
  const values: { t0: number; t1: number; id: string; v: number }[] = [];
  const counts = [...s.byId.values()].every((samples) => samples.every(([, v]) => Number.isInteger(v)));
  for (const [id, samples] of s.byId) {
    samples.forEach(([t, v], i) => {
      const [t0, t1] = counts
        ? [t, i + 1 < samples.length ? samples[i + 1][0] : t + (i > 0 ? t - samples[i - 1][0] : t)]
        : [i > 0 ? samples[i - 1][0] : 0, t];
      values.push({ t0: t0 / scale.seconds, t1: t1 / scale.seconds, id: String(id), v });
    });
  }
  const who = labelOf(s.entity);
  return {
    section,
    title,
    spec: topLevel(title, {
      // narrower than a line chart, so two fit a row with their colour legends
      width: WIDTH - 80,
      height: Math.max(HEIGHT, 6 * s.byId.size),
      data: { values },
      mark: { type: 'rect' },
      encoding: {
        // grid lines would stripe the cells
        x: { ...timeAxis(scale, 't0'), axis: { grid: false } },
        x2: { field: 't1' },
        y: { field: 'id', type: 'ordinal', title: who, sort: null, scale: { paddingInner: 0 }, axis: { labelOverlap: 'greedy', grid: false } },
        // the chart's title names the metric: the legend needs only the unit, and stays narrow
        color: legendQuantity('v', s.metric, { scale: { scheme: 'viridis' } }),
      },
    }),
  };
}

/** Across many ids: the median, the 10–90th percentile band and the extremes at each sample time. */
function percentileBands(s: Series, scale: TimeScale, section: string, title: string): Chart {
  const atTime = new Map<number, number[]>();
  for (const samples of s.byId.values()) {
    for (const [t, v] of samples) {
      let vs = atTime.get(t);
      if (!vs) atTime.set(t, (vs = []));
      vs.push(v);
    }
  }
  const values = [...atTime].sort((a, b) => a[0] - b[0]).map(([t, vs]) => {
    vs.sort((a, b) => a - b);
    const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
    return { t: t / scale.seconds, min: vs[0], p10: quantile(vs, 0.1), p50: quantile(vs, 0.5), p90: quantile(vs, 0.9), max: vs[vs.length - 1], mean };
  });
  const name = `${title} across ${s.byId.size.toLocaleString('en-US')} ${s.entity}s`;
  const x = timeAxis(scale);
  return {
    section,
    title: name,
    spec: topLevel(name, {
      data: { values },
      layer: [
        { mark: { type: 'area', opacity: 0.15 }, encoding: { x, y: quantity('min', s.metric), y2: { field: 'max' } } },
        { mark: { type: 'area', opacity: 0.35 }, encoding: { x, y: { field: 'p10', type: 'quantitative' }, y2: { field: 'p90' } } },
        { mark: { type: 'line' }, encoding: { x, y: { field: 'p50', type: 'quantitative' } } },
        { mark: { type: 'line', strokeDash: [4, 3], color: '#e45756' }, encoding: { x, y: { field: 'mean', type: 'quantitative' } } },
      ],
    }, 'line: median; dashed: mean; bands: 10th–90th percentile and min–max'),
  };
}

/** Linear interpolation between order statistics (numpy's default), on sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}
