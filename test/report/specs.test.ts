import { describe, expect, it } from 'vitest';
import { aggregateTable, batchCharts, chooseMetrics, readAggregate } from '../../src/report/batch.js';
import { parseFrame, toValue } from '../../src/report/csv.js';
import { axisTitle, formatValue, labelOf, timeScale, unitOf } from '../../src/report/labels.js';
import { tableCharts } from '../../src/report/tables.js';
import { quantile, timeseriesCharts } from '../../src/report/timeseries.js';
import { AGGREGATE, GROUPED_AGGREGATE, LOAD_TABLE, PLATFORMS, RUN_TIMESERIES, SWEEP, VARIANT_AGGREGATE } from './fixtures.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const spec = (c: { spec: unknown }) => c.spec as Any;

describe('names to labels and units', () => {
  it('reads the unit from the suffix, before or after a statistic', () => {
    expect(unitOf('power_w')).toBe('W');
    expect(unitOf('energy_kwh')).toBe('kWh');
    expect(unitOf('task_time_p95_s')).toBe('s');
    expect(unitOf('migration_mib_mean')).toBe('MiB');
    expect(unitOf('active_hosts')).toBe('');
    expect(axisTitle('power_w')).toBe('Power (W)');
    expect(axisTitle('cpu_utilization')).toBe('CPU utilization (%)');
    expect(axisTitle('task_time_p95_s')).toBe('Task time p95 (s)');
    expect(axisTitle('running_vms')).toBe('Running VMs');
    expect(labelOf('datacenter.placement')).toBe('datacenter.placement');
  });

  it('formats values: integers whole, 4 significant digits, fractions as percent', () => {
    expect(formatValue('events', 29553)).toBe('29,553');
    expect(formatValue('task_time_mean_s', 3.3680389041511036)).toBe('3.368');
    expect(formatValue('power_mean_w', 1882.2108613407186)).toBe('1,882.2');
    expect(formatValue('host_cpu_utilization_mean', 0.14844713630892406)).toBe('14.84 %');
    expect(formatValue('slav', 1.3335484977766836e-9)).toBe('1.334e-9');
    expect(formatValue('downtime_mean_s', null)).toBe('');
    expect(formatValue('x', 0.5)).toBe('0.5');
  });

  it('picks the time unit that keeps axis numbers small', () => {
    expect(timeScale(180)).toEqual({ unit: 's', seconds: 1 });
    expect(timeScale(3600)).toEqual({ unit: 'min', seconds: 60 });
    expect(timeScale(86400)).toEqual({ unit: 'h', seconds: 3600 });
    expect(timeScale(7 * 86400)).toEqual({ unit: 'd', seconds: 86400 });
  });

  it('reads cells back as the writer wrote them', () => {
    expect(toValue('')).toBe(null);
    expect(toValue('1.5e-7')).toBe(1.5e-7);
    expect(toValue('inf')).toBe(Infinity);
    expect(toValue('best-fit')).toBe('best-fit');
    expect(toValue('42')).toBe(42);
  });

  it('splits unquoted files directly and gives what the quoting parser gives', () => {
    const plain = 'a,b,c\n1,x,\n2.5,y,-inf\n';
    const quoted = '"a",b,c\n1,"x",\n2.5,y,-inf\n';
    expect(parseFrame(plain, 'p.csv')).toEqual({ ...parseFrame(quoted, 'p.csv') });
    expect(parseFrame(plain, 'p.csv').rows).toEqual([[1, 'x', null], [2.5, 'y', -Infinity]]);
    expect(parseFrame('"k","v"\n"a,b",1\n', 'q.csv').rows).toEqual([['a,b', 1]]);
    expect(() => parseFrame('a,b\n1\n', 'bad.csv')).toThrow(/bad\.csv:2: 1 cells where the header has 2 columns/);
  });
});

describe('time series charts', () => {
  const charts = timeseriesCharts(parseFrame(RUN_TIMESERIES, 'timeseries.csv'));

  it('one line per datacenter metric, power and active hosts first, then per-entity charts in file order', () => {
    expect(charts.map((c) => [c.section, c.title])).toEqual([
      ['Datacenter over time', 'Power'],
      ['Datacenter over time', 'Active hosts'],
      ['Datacenter over time', 'Energy'],
      ['Per host over time', 'CPU utilization per host'],
      ['Per application over time', 'Replicas per application'],
    ]);
  });

  it('power: a line over time in minutes (900 s > 3 min), axis titles with units, the axis from 0', () => {
    const s = spec(charts[0]);
    expect(s.mark).toEqual({ type: 'line', point: true });
    expect(s.encoding.x).toEqual({ field: 't', type: 'quantitative', title: 'Time (min)', scale: { domainMin: 0, nice: false } });
    expect(s.encoding.y).toEqual({ field: 'v', type: 'quantitative', title: 'Power (W)' });
    expect(s.data.values).toEqual([
      { t: 5, v: 1200 },
      { t: 10, v: 2400 },
      { t: 15, v: 1200 },
    ]);
  });

  it('utilization per host: a line per host (few hosts), y axis formatted as percent', () => {
    const s = spec(charts[3]);
    expect(s.mark.type).toBe('line');
    expect(s.encoding.y).toEqual({ field: 'v', type: 'quantitative', title: 'CPU utilization (%)', axis: { format: '%' } });
    // legend under the plot: 2 short labels fit one row
    expect(s.encoding.color).toEqual({ field: 'id', type: 'nominal', title: 'Host', sort: null, legend: { orient: 'bottom', direction: 'horizontal', columns: 2 } });
    expect(s.data.values.filter((v: Any) => v.id === '1').map((v: Any) => v.v)).toEqual([0.25, 0, 0]);
  });

  it('replicas of a multi-tier run: a line per tier, ids as text', () => {
    const s = spec(charts[4]);
    expect(s.encoding.y.title).toBe('Replicas');
    expect(s.data.values.filter((v: Any) => v.id === 'web').map((v: Any) => [v.t, v.v])).toEqual([[5, 2], [10, 3], [15, 4]]);
  });

  it('ids named from the entity\'s own table: tiers.csv (tier_id, application, tier) names the tier lines', async () => {
    const { idNames } = await import('../../src/report/timeseries.js');
    const ts = 'time_s,entity,id,metric,value\n60,tier,0,replicas,1\n60,tier,1,replicas,2\n120,tier,0,replicas,3\n120,tier,1,replicas,2\n';
    const names = idNames('tier', parseFrame('tier_id,application,tier,vcpus\n0,shop,app,2\n1,shop,db,8\n', 'tiers.csv'))!;
    expect([...names]).toEqual([['0', 'shop/app'], ['1', 'shop/db']]);
    const s = spec(timeseriesCharts(parseFrame(ts, 'timeseries.csv'), new Map([['tier', names]]))[0]);
    expect(s.data.values).toEqual([
      { t: 60, id: 'shop/app', v: 1 },
      { t: 120, id: 'shop/app', v: 3 },
      { t: 60, id: 'shop/db', v: 2 },
      { t: 120, id: 'shop/db', v: 2 },
    ]);
    expect(idNames('tier', parseFrame('tier,x\na,1\n', 'tiers.csv'))).toBeUndefined();
  });

  it('a run with cumulative energy but no power gets power from it: ΔkWh × 3.6e6 / Δt', () => {
    const noPower = RUN_TIMESERIES.split('\n').filter((l) => !l.includes('power_w')).join('\n');
    const c = timeseriesCharts(parseFrame(noPower, 'timeseries.csv'))[0];
    expect(c.title).toBe('Power');
    const s = spec(c);
    expect(s.title).toEqual({ text: 'Power', subtitle: 'mean over each interval, from energy_kwh' });
    // 0.1 kWh in the first 300 s = 1200 W; 0.2 kWh in the next = 2400 W; 0.1 kWh = 1200 W
    const watts = s.data.values.map((v: Any) => v.v);
    [1200, 2400, 1200].forEach((w, i) => expect(watts[i]).toBeCloseTo(w, 6));
  });

  it('a series that stays at 0 is drawn against 0 to 1, not an empty domain', () => {
    const s = spec(timeseriesCharts(parseFrame('time_s,entity,id,metric,value\n60,datacenter,0,queued_tasks,0\n120,datacenter,0,queued_tasks,0\n', 't.csv'))[0]);
    expect(s.encoding.y).toEqual({ field: 'v', type: 'quantitative', title: 'Queued tasks', scale: { domain: [0, 1] } });
  });

  function hosts(n: number): string {
    const lines = ['time_s,entity,id,metric,value'];
    for (const t of [60, 120]) for (let h = 0; h < n; h++) lines.push(`${t},host,${h},vms,${h % 5}`);
    return lines.join('\n');
  }

  it('13 to 60 hosts: a heat map, one cell per host and sampling interval', () => {
    const s = spec(timeseriesCharts(parseFrame(hosts(13), 'timeseries.csv'))[0]);
    expect(s.mark).toEqual({ type: 'rect' });
    expect(s.encoding.x2).toEqual({ field: 't1' });
    expect(s.encoding.y).toEqual({ field: 'id', type: 'ordinal', title: 'Host', sort: null, scale: { paddingInner: 0 }, axis: { labelOverlap: 'greedy', grid: false } });
    expect(s.encoding.x.axis).toEqual({ grid: false });
    expect(s.encoding.color).toEqual({ field: 'v', type: 'quantitative', title: 'VMs', scale: { scheme: 'viridis' } });
    expect(s.data.values.length).toBe(26);
    // whole numbers are counts at the sample: the cell runs to the next sample (the last as long as the one before)
    expect(s.data.values.slice(0, 2)).toEqual([{ t0: 60, t1: 120, id: '0', v: 0 }, { t0: 120, t1: 180, id: '0', v: 0 }]);
    expect(s.data.values[13]).toEqual({ t0: 120, t1: 180, id: '6', v: 1 });
  });

  it('a heat map of a rate: each cell is the interval that ends at its sample, the first from 0', () => {
    const rates = hosts(13).replace(/,vms,(\d)/g, ',power_w,$1.5');
    const s = spec(timeseriesCharts(parseFrame(rates, 'timeseries.csv'))[0]);
    expect(s.encoding.color).toEqual({ field: 'v', type: 'quantitative', title: 'W', scale: { scheme: 'viridis' } });
    expect(s.data.values.slice(0, 2)).toEqual([{ t0: 0, t1: 60, id: '0', v: 0.5 }, { t0: 60, t1: 120, id: '0', v: 0.5 }]);
  });

  it('more than 60 hosts: median and percentile bands (numpy linear quantiles)', () => {
    const s = spec(timeseriesCharts(parseFrame(hosts(61), 'timeseries.csv'))[0]);
    expect(s.layer.map((l: Any) => l.mark.type)).toEqual(['area', 'area', 'line', 'line']);
    expect(s.title.text).toBe('VMs per host across 61 hosts');
    // values h % 5 for h = 0..60: thirteen 0s, twelve each of 1..4; sorted, index 6 is p10 (0.1 × 60), 30 p50, 54 p90
    // mean: (12 × (1 + 2 + 3 + 4)) / 61 = 120 / 61
    expect(s.data.values[0]).toEqual({ t: 60, min: 0, p10: 0, p50: 2, p90: 4, max: 4, mean: 120 / 61 });
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 12);
  });
});

describe('extra tables by their columns', () => {
  it('platforms.csv: a bar per platform, grouped by job; times and percentages first, at most 6', () => {
    const t = tableCharts(parseFrame(PLATFORMS, '/r/platforms.csv'));
    expect(t.charts.map((c) => c.title)).toEqual([
      'Time per platform', 'Percent of baseline per platform', 'CPU per platform', 'Virt I/O per platform', 'Disk per platform', 'NIC per platform',
    ]);
    expect(t.charts[0].section).toBe('Platforms (platforms.csv)');
    expect(t.skipped).toBe('platforms.csv: latency_s zero in every row; platforms.csv: instances, copies not plotted (at most 6 charts per table)');
    const s = spec(t.charts[0]);
    expect(s.mark).toEqual({ type: 'bar' });
    expect(s.encoding.x).toEqual({ field: 'x', type: 'nominal', title: 'Platform', sort: null, axis: { labelAngle: 0 } });
    expect(s.encoding.y).toEqual({ field: 'y', type: 'quantitative', title: 'Time (s)' });
    // one job: nothing to split by
    expect(s.encoding.xOffset).toBeUndefined();
    expect(s.data.values).toEqual([{ x: 'bare-metal', y: 100 }, { x: 'kvm', y: 104.5 }, { x: 'xen', y: 108 }]);
  });

  it('two jobs: bars per platform grouped by job', () => {
    const two = PLATFORMS + 'web,bare-metal,native,1,1,50,100,40,0,0,10,0\nweb,kvm,vm,1,1,60,120,42,8,0,10,0\n';
    const s = spec(tableCharts(parseFrame(two, '/r/platforms.csv')).charts[0]);
    expect(s.encoding.xOffset).toEqual({ field: 'series', sort: null });
    expect(s.encoding.color.title).toBe('Job');
    expect(s.data.values.slice(2)).toEqual([{ x: 'xen', y: 108, series: 'rusle2' }, { x: 'bare-metal', y: 50, series: 'web' }, { x: 'kvm', y: 60, series: 'web' }]);
  });

  it('benchmarks.csv: value next to a unit column is not plotted (mixed units), the ratio is', () => {
    const t = tableCharts(parseFrame('job,platform,value,unit,ratio_to_baseline\nnet,kvm,900,Mbit/s,0.9\nnet,xen,800,Mbit/s,0.8\n', '/r/benchmarks.csv'));
    expect(t.charts.map((c) => c.title)).toEqual(['Ratio to baseline per platform']);
  });

  it('one row per application: bars per application, the statistics of one quantity in one chart', () => {
    const t = tableCharts(parseFrame('application,workload,users,response_time_mean_s,response_time_p95_s,throughput_per_s\nshop,closed,50,0.4,1.2,20\nblog,closed,50,0.1,0.3,45\n', '/r/applications.csv'));
    expect(t.charts.map((c) => c.title)).toEqual(['Response time per application', 'Throughput per application', 'Users per application']);
    const s = spec(t.charts[0]);
    expect(s.mark).toEqual({ type: 'bar' });
    expect(s.encoding.y).toEqual({ field: 'y', type: 'quantitative', title: 'Response time (s)' });
    expect(s.encoding.xOffset).toEqual({ field: 'series', sort: null });
    expect(s.encoding.color.title).toBe('Statistic');
    expect(s.data.values).toEqual([
      { x: 'shop', y: 0.4, series: 'mean' },
      { x: 'blog', y: 0.1, series: 'mean' },
      { x: 'shop', y: 1.2, series: 'p95' },
      { x: 'blog', y: 0.3, series: 'p95' },
    ]);
  });

  it('a single application: its table as it is (turned), not one-bar charts', () => {
    const t = tableCharts(parseFrame('application,users,response_time_mean_s,rejection_ratio\nshop,50,0.4,0.25\n', '/r/applications.csv'));
    expect(t.charts).toEqual([]);
    expect(t.table).toEqual({
      section: 'Applications (applications.csv)',
      table: {
        headers: ['column', 'row 1'],
        numeric: [1],
        rows: [['application', 'shop'], ['users', '50'], ['response_time_mean_s', '0.4'], ['rejection_ratio', '0.25']],
      },
    });
  });

  it('a load column with 3 loads or more: response time first, a line per application, seed not plotted', () => {
    const t = tableCharts(parseFrame(LOAD_TABLE, '/r/applications.csv'));
    expect(t.charts.map((c) => c.title)).toEqual(['Response time mean vs load', 'Throughput vs load']);
    const s = spec(t.charts[0]);
    expect(s.mark).toEqual({ type: 'line', point: true });
    expect(s.encoding.x).toEqual({ field: 'x', type: 'quantitative', title: 'Load (requests/s)' });
    expect(s.encoding.y).toEqual({ field: 'y', type: 'quantitative', title: 'Response time mean (s)' });
    expect(s.encoding.color).toEqual({ field: 'series', type: 'nominal', title: 'Application', sort: null, legend: { orient: 'bottom', direction: 'horizontal', columns: 2 } });
    expect(s.data.values.filter((v: Any) => v.series === 'shop')).toEqual([
      { x: 10, y: 0.2, series: 'shop' },
      { x: 20, y: 0.6, series: 'shop' },
      { x: 40, y: 4, series: 'shop' },
    ]);
  });

  it('several rows per category (replicas.csv: many replicas per tier) are not drawn as one bar', () => {
    const t = tableCharts(parseFrame('application,tier,replica,cpu_utilization\nshop,app,0,0.5\nshop,app,1,0.7\nshop,db,2,0.6\n', '/r/replicas.csv'));
    expect(t.charts).toEqual([]);
    expect(t.skipped).toBe('replicas.csv: several rows per tier');
  });

  it('a table with neither is left out, with the reason', () => {
    const t = tableCharts(parseFrame('a,b\n1,2\n', '/r/other.csv'));
    expect(t.charts).toEqual([]);
    expect(t.skipped).toMatch(/^other\.csv: no load column .* and no platform, application, tier, class or job column$/);
  });
});

describe('batch charts', () => {
  const agg = readAggregate(parseFrame(AGGREGATE, 'aggregate.csv'));
  const sweep = parseFrame(SWEEP, 'sweep.csv');

  it('reads the parameter columns between variant and n, and the metrics from their _mean/_sd/_ci95 triples', () => {
    expect(agg.params).toEqual(['datacenter.hosts.0.count', 'datacenter.placement']);
    expect(agg.metrics).toEqual(['energy_kwh', 'task_time_mean_s']);
    expect(chooseMetrics(agg, undefined)).toEqual(['energy_kwh', 'task_time_mean_s']);
    expect(chooseMetrics(agg, ['task_time_mean_s'])).toEqual(['task_time_mean_s']);
    expect(() => chooseMetrics(agg, ['energy'])).toThrow(/--metric energy: not in aggregate\.csv \(metrics: energy_kwh, task_time_mean_s\)/);
  });

  it('a numeric parameter gives sweep curves: band = mean ± ci95, a line per placement, single runs as dots', () => {
    const charts = batchCharts(agg, sweep, ['energy_kwh']);
    expect(charts.map((c) => [c.section, c.title])).toEqual([['Sweep', 'Energy vs datacenter.hosts.0.count']]);
    const s = spec(charts[0]);
    expect(s.layer.map((l: Any) => l.mark.type)).toEqual(['area', 'line', 'point']);
    const [band, line, dots] = s.layer;
    expect(band.encoding.y).toEqual({ field: 'lo', type: 'quantitative', title: 'Energy (kWh)' });
    expect(band.encoding.y2).toEqual({ field: 'hi' });
    expect(line.encoding.x).toEqual({ field: 'x', type: 'quantitative', title: 'datacenter.hosts.0.count' });
    expect(line.encoding.color).toEqual({ field: 'series', type: 'nominal', title: 'datacenter.placement', sort: null, legend: { orient: 'bottom', direction: 'horizontal', columns: 2 } });
    // the best-fit point at 10 hosts has n = 1: a mean but no band
    expect(line.data.values.map((v: Any) => [v.x, v.series, v.mean])).toEqual([
      [10, 'first-fit', 1.1],
      [20, 'first-fit', 2.2],
      [10, 'best-fit', 0.9],
      [20, 'best-fit', 1.9],
    ]);
    const bands = band.data.values.map((v: Any) => [v.x, v.lo, v.hi]);
    expect(bands.length).toBe(3);
    [[10, 1.1 - 1.27, 1.1 + 1.27], [20, 2.2 - 2.54, 2.2 + 2.54], [20, 1.9 - 1.27, 1.9 + 1.27]].forEach((b, i) => expect(bands[i]).toEqual(b));
    // 7 runs ok, the failed one left out
    expect(dots.data.values.length).toBe(7);
    expect(dots.data.values[0]).toEqual({ x: 10, y: 1, series: 'first-fit' });
  });

  it('a parameter with units ("20m", "4GiB") is a number axis in one unit', () => {
    const text = `variant,duration,datacenter.placement,n,energy_kwh_mean,energy_kwh_sd,energy_kwh_ci95,failed
base,20m,first-fit,3,0.6,0.01,0.025,0
base,1h,first-fit,3,1.9,0.02,0.05,0
base,2h,first-fit,3,3.8,0.03,0.075,0
`;
    const a = readAggregate(parseFrame(text, 'aggregate.csv'));
    expect(a.metrics).toEqual(['energy_kwh']);
    const s = spec(batchCharts(a, undefined, ['energy_kwh'])[0]);
    // 2 h is not above 3 h: minutes
    expect(s.layer[1].encoding.x).toEqual({ field: 'x', type: 'quantitative', title: 'duration (min)' });
    expect(s.layer[1].data.values.map((v: Any) => v.x)).toEqual([20, 60, 120]);
    const ram = readAggregate(parseFrame('variant,host_types.h.ram,n,x_mean,x_sd,x_ci95\nbase,512MiB,1,1,,\nbase,4GiB,1,2,,\n', 'aggregate.csv'));
    expect(spec(batchCharts(ram, undefined, ['x'])[0]).layer[1].data.values.map((v: Any) => v.x)).toEqual([512, 4096]);
    expect(spec(batchCharts(ram, undefined, ['x'])[0]).layer[1].encoding.x.title).toBe('host_types.h.ram (MiB)');
  });

  it('named variants only: a bar per variant with 95 % error bars where n ≥ 2', () => {
    const v = readAggregate(parseFrame(VARIANT_AGGREGATE, 'aggregate.csv'));
    const charts = batchCharts(v, undefined, ['energy_kwh']);
    expect(charts.map((c) => [c.section, c.title])).toEqual([['Variants', 'Energy']]);
    const s = spec(charts[0]);
    expect(s.layer.map((l: Any) => l.mark.type)).toEqual(['bar', 'errorbar']);
    expect(s.layer[0].encoding.x.title).toBe('Variant');
    expect(s.layer[0].data.values.map((r: Any) => [r.x, r.mean])).toEqual([['npa', 2410.8], ['thr-mmt', 878.5], ['lr-mmt', 878.7]]);
    expect(s.layer[1].data.values.map((r: Any) => [r.x, r.lo, r.hi])).toEqual([['npa', 2410.8 - 2.484, 2410.8 + 2.484], ['thr-mmt', 878.5 - 4.968, 878.5 + 4.968]]);
  });

  it('two columns varying, no number among them: bars grouped by the parameter, a colour per variant', () => {
    const g = readAggregate(parseFrame(GROUPED_AGGREGATE, 'aggregate.csv'));
    const charts = batchCharts(g, undefined, ['energy_kwh', 'migrations']);
    expect(charts.map((c) => [c.section, c.title])).toEqual([['Variants', 'Energy per consolidation'], ['Variants', 'Migrations per consolidation']]);
    const s = spec(charts[0]);
    expect(s.layer.map((l: Any) => l.mark.type)).toEqual(['bar', 'errorbar']);
    const enc = s.layer[0].encoding;
    expect([enc.x.field, enc.x.title, enc.xOffset.field, enc.color.field, enc.color.title]).toEqual(['x', 'consolidation', 'series', 'series', 'Variant']);
    // groups in file order, a bar per (policy, day)
    expect(s.layer[0].data.values.map((r: Any) => [r.x, r.series, r.mean])).toEqual([
      ['npa', 'd20110303', 2410.8], ['thr-mmt-0.8', 'd20110303', 198.1], ['lr-mc-1.2', 'd20110303', 153.9],
      ['npa', 'd20110306', 2410.8], ['thr-mmt-0.8', 'd20110306', 150.7], ['lr-mc-1.2', 'd20110306', 118.4],
    ]);
    // an error bar only where the point was replicated
    expect(s.layer[1].data.values.map((r: Any) => [r.x, r.series, r.lo, r.hi])).toEqual([['thr-mmt-0.8', 'd20110303', 198.1 - 8.985, 198.1 + 8.985]]);
    expect(s.layer[1].encoding.xOffset.field).toBe('series');
  });

  it('the aggregate table shows mean ± half-width, and the mean alone when n = 1', () => {
    const t = aggregateTable(agg, ['energy_kwh']);
    expect(t.headers).toEqual(['variant', 'datacenter.hosts.0.count', 'datacenter.placement', 'n', 'Energy (kWh)']);
    expect(t.rows[0]).toEqual(['base', '10', 'first-fit', '2', '1.1 ± 1.27']);
    expect(t.rows[2]).toEqual(['base', '10', 'best-fit', '1', '0.9']);
  });
});

describe('category axes', () => {
  it('labels level while they fit their band (440 px / n), upright beyond', async () => {
    const { categoryAxis } = await import('../../src/report/chart.js');
    expect(categoryAxis(['physical', 'kvm', 'xen'])).toEqual({ labelAngle: 0 });
    // 9 labels: 48.9 px each; 'kvm-virtio-disk' needs 15 × 6.5 + 8 = 105.5
    expect(categoryAxis(['bare-metal', 'kvm-virtio-disk', 'kvm', 'xen', 'a', 'b', 'c', 'd', 'e'])).toEqual({ labelAngle: -90, labelAlign: 'right', labelBaseline: 'middle', labelLimit: 140 });
  });
});

describe('legends under the plot', () => {
  it('as many columns as the longest label allows in the plot width (440 px at ~6.5 px a character + 30)', async () => {
    const { colourBy } = await import('../../src/report/chart.js');
    expect((colourBy('s', 't', ['a', 'b', 'c']) as Any).legend.columns).toBe(3);
    // 40 characters: 440 / (260 + 30) -> 1 column
    expect((colourBy('s', 't', ['x'.repeat(40), 'y']) as Any).legend.columns).toBe(1);
    // longest 11 characters (round-robin): 440 / 101.5 -> 4 columns for 5 labels
    expect((colourBy('s', 't', ['first-fit', 'best-fit', 'worst-fit', 'round-robin', 'ffd']) as Any).legend.columns).toBe(4);
  });
});
