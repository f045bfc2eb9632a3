import { InputError } from '../errors.js';
import { categoryAxis, type Chart, colourBy, quantity, topLevel } from './chart.js';
import { distinct, type Frame, isNumericColumn, requireColumns, type Value } from './csv.js';
import type { HtmlTable } from './html.js';
import { parseQuantity, UNIT_KINDS, type UnitKind } from '../scenario/units.js';
import { axisTitle, formatValue, labelOf, timeScale } from './labels.js';

/** aggregate.csv read back: `variant,<param columns>,n,` then `m_mean,m_sd,m_ci95` per metric m. */
export interface Aggregate {
  frame: Frame;
  params: string[];
  metrics: string[];
}

export function readAggregate(frame: Frame): Aggregate {
  const [vi, ni] = requireColumns(frame, ['variant', 'n']);
  if (ni < vi) throw new InputError('E_BAD_RESULTS', `${frame.file}: expected the column n after variant and the parameter columns`);
  const params = frame.columns.slice(vi + 1, ni);
  const metrics = frame.columns
    .filter((c) => c.endsWith('_mean'))
    .map((c) => c.slice(0, -'_mean'.length))
    .filter((m) => frame.columns.includes(`${m}_sd`) && frame.columns.includes(`${m}_ci95`));
  return { frame, params, metrics };
}

// Metrics a reader compares runs on first, when the user names none.
const PREFERRED = [
  'energy_kwh',
  'task_time_mean_s',
  'task_time_p95_s',
  'response_time_mean_s',
  'active_hosts_mean',
  'host_cpu_utilization_mean',
  'migrations',
  'slav',
  'esv',
  'slatah',
  'pdm',
];
/** Metrics plotted when none are named: the preferred ones present, then others that vary. */
export const DEFAULT_METRICS = 4;

export function chooseMetrics(agg: Aggregate, named: readonly string[] | undefined): string[] {
  if (named && named.length > 0) {
    const unknown = named.filter((m) => !agg.metrics.includes(m));
    if (unknown.length > 0) {
      throw new InputError('E_UNKNOWN_METRIC', `--metric ${unknown.join(', ')}: not in ${agg.frame.file} (metrics: ${agg.metrics.join(', ')})`);
    }
    return [...named];
  }
  const varies = (m: string) => new Set(agg.frame.rows.map((r) => r[agg.frame.columns.indexOf(`${m}_mean`)])).size > 1;
  const ranked = [...PREFERRED.filter((m) => agg.metrics.includes(m)), ...agg.metrics.filter((m) => !PREFERRED.includes(m))];
  const moving = ranked.filter(varies);
  return (moving.length > 0 ? moving : ranked).slice(0, DEFAULT_METRICS);
}

/**
 * Sweep curves (mean against each numeric parameter that varies, with its 95 %
 * confidence band and the single runs as dots, one line per combination of the
 * other varying columns), or, when no numeric parameter varies, a bar per variant
 * with 95 % error bars: grouped, a colour per value of one column, when two columns
 * vary (the days and the policies of a PlanetLab batch, say).
 */
export function batchCharts(agg: Aggregate, sweep: Frame | undefined, metrics: readonly string[]): Chart[] {
  const f = agg.frame;
  const col = (c: string) => f.columns.indexOf(c);
  const varying = ['variant', ...agg.params].filter((c) => distinct(f, col(c)).length > 1);
  const axes = agg.params.filter((p) => varying.includes(p)).map((p) => numericAxis(f, p)).filter((a) => a !== undefined);
  const runs = sweep ? okRuns(sweep) : [];
  const charts: Chart[] = [];
  if (axes.length > 0) {
    for (const a of axes) {
      const others = varying.filter((c) => c !== a.param);
      for (const m of metrics) charts.push(curve(agg, runs, a, others, m));
    }
  } else if (varying.length === 2) {
    // The variant (a day, a site) colours the bars; a parameter makes the groups.
    const [group, member] = varying[0] === 'variant' ? [varying[1], varying[0]] : varying;
    for (const m of metrics) charts.push(groupedBars(agg, group, member, m));
  } else {
    for (const m of metrics) charts.push(bars(agg, runs, varying, m));
  }
  return charts;
}

/** A swept parameter as a number: plain numbers as they are, quantities with units ("20m", "4GiB") in one unit. */
export interface NumericAxis {
  param: string;
  title: string;
  value: (cell: Value) => number | null;
}

const KINDS = Object.keys(UNIT_KINDS) as UnitKind[];

export function numericAxis(f: Frame, param: string): NumericAxis | undefined {
  const i = f.columns.indexOf(param);
  if (isNumericColumn(f, i)) return { param, title: param, value: (c) => (typeof c === 'number' ? c : null) };
  const cells = f.rows.map((r) => r[i]).filter((c) => c !== null);
  // the kind every cell parses as, with a unit written at least once ("20m" is a duration, "20" alone is not)
  const kind = KINDS.find((k) => cells.some((c) => typeof c === 'string') && cells.every((c) => parseQuantity(k, c).ok));
  if (kind === undefined) return undefined;
  const base = (c: Value) => {
    const q = c === null ? undefined : parseQuantity(kind, c);
    return q?.ok ? q.value : null;
  };
  if (kind === 'time') {
    const scale = timeScale(Math.max(...cells.map((c) => base(c) ?? 0)));
    return { param, title: `${param} (${scale.unit})`, value: (c) => (base(c) === null ? null : base(c)! / scale.seconds) };
  }
  return { param, title: `${param} (${UNIT_KINDS[kind].base})`, value: base };
}

/** The values of the columns that vary, "best-fit" for one (the legend names it), "variant=a, datacenter.placement=best-fit" for several; "all runs" for none. */
function label(columns: readonly string[], get: (c: string) => Value): string {
  if (columns.length === 0) return 'all runs';
  if (columns.length === 1) return String(get(columns[0]) ?? '');
  return columns.map((c) => `${c}=${get(c) ?? ''}`).join(', ');
}

interface Run {
  get: (c: string) => Value;
}

function okRuns(sweep: Frame): Run[] {
  const status = sweep.columns.indexOf('status');
  return sweep.rows
    .filter((r) => status < 0 || r[status] === 'ok')
    .map((r) => ({ get: (c: string) => (sweep.columns.includes(c) ? r[sweep.columns.indexOf(c)] : null) }));
}

function meanRows(agg: Aggregate, m: string, x: (get: (c: string) => Value) => Value, series: readonly string[]) {
  const f = agg.frame;
  return f.rows.map((r) => {
    const get = (c: string) => r[f.columns.indexOf(c)];
    const mean = get(`${m}_mean`) as number | null;
    const half = get(`${m}_ci95`) as number | null;
    return {
      x: x(get),
      series: label(series, get),
      mean,
      lo: mean !== null && half !== null ? mean - half : null,
      hi: mean !== null && half !== null ? mean + half : null,
      n: get('n'),
    };
  });
}

function curve(agg: Aggregate, runs: Run[], a: NumericAxis, others: string[], m: string): Chart {
  const values = meanRows(agg, m, (get) => a.value(get(a.param)), others).filter((v) => v.mean !== null);
  const dots = runs.map((r) => ({ x: a.value(r.get(a.param)), y: r.get(m), series: label(others, r.get) })).filter((d) => typeof d.y === 'number');
  const title = `${labelOf(m)} vs ${a.param}`;
  const x = { field: 'x', type: 'quantitative', title: a.title };
  const colour = others.length > 0 ? { color: colourBy('series', others.join(', '), [...new Set(values.map((v) => v.series))]) } : {};
  const layer: Record<string, unknown>[] = [
    {
      data: { values: values.filter((v) => v.lo !== null) },
      mark: { type: 'area', opacity: 0.2 },
      encoding: { x, y: quantity('lo', m), y2: { field: 'hi' }, ...colour },
    },
    {
      data: { values },
      mark: { type: 'line', point: true },
      encoding: { x, y: quantity('mean', m), ...colour },
    },
  ];
  if (dots.length > 0) {
    layer.push({ data: { values: dots }, mark: { type: 'point', opacity: 0.4, size: 20, filled: true }, encoding: { x, y: quantity('y', m), ...colour } });
  }
  return {
    section: 'Sweep',
    title,
    spec: topLevel(title, { layer }, 'mean, 95 % confidence band; dots: single runs'),
  };
}

function bars(agg: Aggregate, runs: Run[], varying: string[], m: string): Chart {
  const values = meanRows(agg, m, (get) => label(varying, get), []).filter((v) => v.mean !== null);
  const dots = runs.map((r) => ({ x: label(varying, r.get), y: r.get(m) })).filter((d) => typeof d.y === 'number');
  const title = labelOf(m);
  const x = { field: 'x', type: 'nominal', title: varying.length === 1 ? labelOf(varying[0]) : 'variant', sort: null, axis: categoryAxis([...new Set(values.map((v) => String(v.x)))]) };
  const layer: Record<string, unknown>[] = [
    { data: { values }, mark: { type: 'bar', opacity: 0.85 }, encoding: { x, y: quantity('mean', m) } },
    { data: { values: values.filter((v) => v.lo !== null) }, mark: { type: 'errorbar', ticks: true }, encoding: { x, y: quantity('lo', m), y2: { field: 'hi' } } },
  ];
  if (dots.length > 0) {
    layer.push({ data: { values: dots }, mark: { type: 'point', opacity: 0.5, size: 16, filled: true, color: '#333' }, encoding: { x, y: quantity('y', m) } });
  }
  return {
    section: 'Variants',
    title,
    spec: topLevel(title, { layer }, 'mean with 95 % confidence interval; dots: single runs'),
  };
}

/** Bars grouped by `group`'s values, a colour per `member` value, with 95 % error bars where n >= 2. */
function groupedBars(agg: Aggregate, group: string, member: string, m: string): Chart {
  const values = meanRows(agg, m, (get) => label([group], get), [member]).filter((v) => v.mean !== null);
  // The parameter named as written, as the sweep curves name theirs.
  const title = `${labelOf(m)} per ${group}`;
  const groups = [...new Set(values.map((v) => String(v.x)))];
  const x = { field: 'x', type: 'nominal', title: group, sort: null, axis: categoryAxis(groups) };
  const xOffset = { field: 'series', sort: null };
  const colour = colourBy('series', labelOf(member), [...new Set(values.map((v) => v.series))]);
  const layer: Record<string, unknown>[] = [
    { data: { values }, mark: { type: 'bar', opacity: 0.85 }, encoding: { x, xOffset, y: quantity('mean', m), color: colour } },
    { data: { values: values.filter((v) => v.lo !== null) }, mark: { type: 'errorbar', ticks: true }, encoding: { x, xOffset, y: quantity('lo', m), y2: { field: 'hi' } } },
  ];
  return {
    section: 'Variants',
    title,
    spec: topLevel(title, { layer }, `mean per ${labelOf(member).toLowerCase()}, with its 95 % confidence interval where there are replications`),
  };
}

/** aggregate.csv as a table a reader can scan: each chosen metric as mean ± half-width. */
export function aggregateTable(agg: Aggregate, metrics: readonly string[]): HtmlTable {
  const f = agg.frame;
  const get = (r: Value[], c: string) => r[f.columns.indexOf(c)];
  return {
    headers: ['variant', ...agg.params, 'n', ...metrics.map(axisTitle)],
    numeric: [agg.params.length + 1, ...metrics.map((_, i) => agg.params.length + 2 + i)],
    rows: f.rows.map((r) => [
      String(get(r, 'variant') ?? ''),
      ...agg.params.map((p) => String(get(r, p) ?? '')),
      String(get(r, 'n') ?? ''),
      ...metrics.map((m) => {
        const mean = formatValue(m, get(r, `${m}_mean`));
        const half = get(r, `${m}_ci95`);
        return half === null ? mean : `${mean} ± ${formatValue(m, half)}`;
      }),
    ]),
  };
}

/** Runs per status in sweep.csv ("ok 11, failed 1"). */
export function statusCounts(sweep: Frame): string {
  const i = sweep.columns.indexOf('status');
  if (i < 0) return `${sweep.rows.length} runs`;
  const counts = new Map<string, number>();
  for (const r of sweep.rows) counts.set(String(r[i] ?? ''), (counts.get(String(r[i] ?? '')) ?? 0) + 1);
  return `${sweep.rows.length} runs (${[...counts].map(([s, n]) => `${s} ${n}`).join(', ')})`;
}
