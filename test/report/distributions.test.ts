import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { numericColumns, parseFrame, readNumericColumns } from '../../src/report/csv.js';
import { cumulativePoints, decades, distributionCharts as chartsOf, distributionColumns, histogram, niceStep } from '../../src/report/distributions.js';
import { tmp } from './fixtures.js';

const distributionCharts = (f: ReturnType<typeof parseFrame>) => chartsOf(f.file, numericColumns(f, distributionColumns(f.file)));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe('distributions of per-item columns', () => {
  it('bins on a round step: 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(3, 3)).toBe(1);
    expect(niceStep(0.7, 30)).toBe(0.05); // 0.0233 per bin -> 0.05
    expect(niceStep(3600, 30)).toBe(200); // 120 -> 200
    expect(niceStep(100, 20)).toBe(5);
    expect(niceStep(0, 30)).toBe(1);
  });

  it('counts per [lo, hi) bin, the max in the last', () => {
    expect(histogram([0, 0.5, 1, 2.5, 3], 3)).toEqual([
      { lo: 0, hi: 1, count: 2 },
      { lo: 1, hi: 2, count: 1 },
      { lo: 2, hi: 3, count: 1 },
      { lo: 3, hi: 4, count: 1 },
    ]);
    // bins start on a multiple of the step below the minimum
    expect(histogram([12, 13, 17], 2).map((b) => [b.lo, b.count])).toEqual([[10, 2], [15, 1]]);
  });

  it('the cumulative curve passes through the quantiles; symlog ticks are decades', () => {
    expect(cumulativePoints([0, 10], 4)).toEqual([
      { x: 0, share: 0 },
      { x: 2.5, share: 0.25 },
      { x: 5, share: 0.5 },
      { x: 7.5, share: 0.75 },
      { x: 10, share: 1 },
    ]);
    expect(decades(537.4)).toEqual([0, 1, 10, 100, 1000]);
    expect(decades(0.5)).toEqual([0, 1]);
  });

  it('hosts: a histogram of mean utilization (no long tail), counts in the subtitle', () => {
    const hosts = parseFrame('host,cpu_utilization_mean\n0,0.1\n1,0.2\n2,0.25\n3,0.4\n', 'r/hosts.csv');
    const [c] = distributionCharts(hosts);
    expect(c.title).toBe('Mean CPU utilization of hosts');
    const s = c.spec as Any;
    expect(s.title).toEqual({ text: 'Mean CPU utilization of hosts', subtitle: '4 hosts; median 22.5 %, p95 37.75 %, max 40 %' });
    expect(s.mark).toEqual({ type: 'bar', binSpacing: 1 });
    expect(s.encoding.x).toEqual({ field: 'lo', type: 'quantitative', title: 'CPU utilization (%)', axis: { format: '%' }, bin: 'binned' });
    // range 0.3 over 30 bins -> step 0.01; bins from 0.1
    expect(s.data.values.length).toBe(31);
    expect(s.data.values.reduce((n: number, b: Any) => n + b.count, 0)).toBe(4);
  });

  it('task response times with a long tail: a cumulative curve on a symlog axis', () => {
    const rows = Array.from({ length: 100 }, (_, i) => `${i},${i < 99 ? 1 + i / 100 : 500}`);
    const tasks = parseFrame(`task,response_s\n${rows.join('\n')}\n`, 'r/tasks.csv');
    const [c] = distributionCharts(tasks);
    expect(c.title).toBe('Task response time');
    const s = c.spec as Any;
    // p90 = 1.891 s, max 500 s > 5 x p90
    expect(s.mark).toEqual({ type: 'line', interpolate: 'monotone' });
    expect(s.encoding.x).toEqual({
      field: 'x',
      type: 'quantitative',
      title: 'Response time (s), symlog scale',
      scale: { type: 'symlog' },
      axis: { values: [0, 1, 10, 100, 1000] },
    });
    expect(s.encoding.y).toEqual({ field: 'share', type: 'quantitative', title: 'Share of tasks at or below', axis: { format: '%' } });
    expect(s.data.values.length).toBe(201);
    expect(s.data.values[200]).toEqual({ x: 500, share: 1 });
    // p95: h = 99 × 0.95 = 94.05 -> 1.94 + 0.05 × 0.01 = 1.9405
    expect(s.title.subtitle).toBe('100 tasks; median 1.495 s, p95 1.94 s, max 500 s');
  });

  it('reads just the wanted columns of a file as the full parser reads them, quoted or not', () => {
    const dir = tmp();
    const text = 'task,vm,state,submit_s,wait_s,response_s\n0,1,done,0.5,0,2.5\n1,,waiting,1,,\n2,3,done,1.5,0.25,inf\n';
    writeFileSync(join(dir, 'tasks.csv'), text);
    writeFileSync(join(dir, 'q.csv'), text.replace('done', '"done"'));
    const expected = new Map([['response_s', [2.5]], ['wait_s', [0, 0.25]]]);
    expect(readNumericColumns(join(dir, 'tasks.csv'), ['response_s', 'wait_s', 'nope'])).toEqual(expected);
    expect(readNumericColumns(join(dir, 'q.csv'), ['response_s', 'wait_s', 'nope'])).toEqual(expected);
    expect(numericColumns(parseFrame(text, 't.csv'), ['response_s', 'wait_s'])).toEqual(expected);
  });

  it('a histogram of seconds is drawn in the time unit that keeps numbers small', () => {
    const hosts = parseFrame('host,active_time_s\n0,0\n1,43200\n2,86400\n3,86400\n', 'r/hosts.csv');
    const s = distributionCharts(hosts)[0].spec as Any;
    expect(s.encoding.x.title).toBe('Active time (h)');
    expect(s.title.subtitle).toBe('4 hosts; median 18 h, p95 24 h, max 24 h');
    // 24 h over 30 bins -> step 1 h
    expect(s.data.values.filter((b: Any) => b.count > 0)).toEqual([{ lo: 0, hi: 1, count: 1 }, { lo: 12, hi: 13, count: 1 }, { lo: 24, hi: 25, count: 2 }]);
  });

  it('tables without the columns, or with fewer than two values, give no chart', () => {
    expect(distributionCharts(parseFrame('task,response_s\n0,1\n', 'tasks.csv'))).toEqual([]);
    expect(distributionCharts(parseFrame('vm,state\n0,running\n1,running\n', 'vms.csv'))).toEqual([]);
    expect(distributionCharts(parseFrame('a,response_s\n0,1\n1,2\n', 'other.csv'))).toEqual([]);
  });
});
