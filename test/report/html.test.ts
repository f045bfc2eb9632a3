import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport, planReport } from '../../src/report/index.js';
import { runCliAsync } from '../cli/helpers.js';
import { batchFolder, LOAD_TABLE, PLATFORMS, RUN_SUMMARY, runFolder, tmp, writeFolder } from './fixtures.js';

/** The <figure> elements of a report, each with its one SVG. */
function figures(html: string): string[] {
  return [...html.matchAll(/<figure [^>]*>([\s\S]*?)<\/figure>/g)].map((m) => m[1]);
}

/** Every text a chart draws (titles, axis titles, tick labels, legends), unescaped. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}

/**
 * What a browser would fetch: any src/href attribute (vega writes none; a "#id"
 * reference or a data: URL would be inline, anything else is a file or the network),
 * scripts, style sheets, frames, CSS imports and url()s. Attributes are parsed,
 * so escaped text that merely reads "src=http://..." is not one.
 */
function externalRefs(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.matchAll(/<([a-zA-Z][\w:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g)) {
    if (/^(script|link|iframe|object|embed|img|image|use)$/i.test(tag[1])) found.push(`<${tag[1]}>`);
    for (const a of tag[2].matchAll(/([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const value = (a[2] ?? '').replace(/^["']|["']$/g, '');
      if (/^(src|href|xlink:href|srcset|poster|data)$/i.test(a[1]) && !/^(#|data:)/.test(value)) found.push(`${a[1]}=${value}`);
      if (/url\(/i.test(value)) found.push(`${a[1]}=${value}`);
    }
  }
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join('\n');
  if (/@import|url\(/i.test(styles)) found.push('style: @import or url()');
  return found;
}

// rendering takes about a second per report, more on a busy machine
describe('run report', { timeout: 60_000 }, () => {
  it('one SVG per chart, in figures titled as the charts, with axis titles and units; nothing external', async () => {
    const dir = runFolder({ 'platforms.csv': PLATFORMS, 'applications.csv': LOAD_TABLE });
    const plan = planReport(dir);
    expect(plan.sections.map((s) => s.heading)).toEqual([
      'Summary',
      'Datacenter over time',
      'Per host over time',
      'Per application over time',
      'Applications (applications.csv)',
      'Platforms (platforms.csv)',
      'Tables not plotted',
    ]);
    expect(plan.sections[6].note).toBe('platforms.csv: latency_s zero in every row; platforms.csv: instances, copies not plotted (at most 6 charts per table)');
    const { html, charts } = await buildReport(dir);
    expect(charts).toBe(13);
    const figs = figures(html);
    expect(figs.length).toBe(13);
    for (const f of figs) expect(f.match(/<svg/g)?.length).toBe(1);
    expect(html.match(/<svg/g)?.length).toBe(13);
    const titles = plan.sections.flatMap((s) => s.charts.map((c) => c.title));
    expect(titles).toEqual([
      'Power', 'Active hosts', 'Energy', 'CPU utilization per host', 'Replicas per application',
      'Response time mean vs load', 'Throughput vs load',
      'Time per platform', 'Percent of baseline per platform', 'CPU per platform', 'Virt I/O per platform', 'Disk per platform', 'NIC per platform',
    ]);
    figs.forEach((f, i) => expect(texts(f)).toContain(titles[i]));
    expect(texts(figs[0])).toEqual(expect.arrayContaining(['Time (min)', 'Power (W)']));
    expect(texts(figs[3])).toEqual(expect.arrayContaining(['CPU utilization (%)', 'Host', '100%']));
    expect(texts(figs[5])).toEqual(expect.arrayContaining(['Load (requests/s)', 'Response time mean (s)', 'Application', 'web', 'shop']));
    expect(texts(figs[7])).toEqual(expect.arrayContaining(['Platform', 'Time (s)', 'bare-metal', 'kvm', 'xen']));
    expect(externalRefs(html)).toEqual([]);
    // gradients and clip paths are referenced by id: one page must not define one twice
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // the summary table: a formatted value and its CSV column
    expect(html).toContain('<td>Host CPU utilization mean (%)</td><td class="num">41.67 %</td><td>host_cpu_utilization_mean</td>');
  });

  it('escapes every text it writes', async () => {
    const evil = '<img src=http://x/y.png onerror=alert(1)>';
    const dir = writeFolder({
      'summary.csv': RUN_SUMMARY.replace('tiny', `"${evil}"`),
      'timeseries.csv': `time_s,entity,id,metric,value\n60,datacenter,0,"${evil}",1\n`,
      'platforms.csv': `platform,time_s\n"${evil}",1\n`,
    });
    const { html } = await buildReport(dir);
    expect(html).not.toContain('<img');
    expect(html).toMatch(/src=http/); // the escaped text is there, and the check below sees through it
    expect(html).toContain('&lt;img src=http://x/y.png onerror=alert(1)&gt;');
    expect(externalRefs(html)).toEqual([]);
  });

  it('the same folder gives the same bytes', async () => {
    const dir = runFolder();
    expect((await buildReport(dir)).html).toBe((await buildReport(dir)).html);
  });

  it('a run without timeseries.csv has its summary and says why there are no plots', async () => {
    const dir = writeFolder({ 'summary.csv': RUN_SUMMARY });
    const { html, charts } = await buildReport(dir);
    expect(charts).toBe(0);
    expect(html).toContain('No timeseries.csv in this folder');
  });
});

describe('batch report', { timeout: 60_000 }, () => {
  it('sweep curves for each chosen metric, the aggregate table, failed runs and the run counts', async () => {
    const dir = batchFolder();
    const plan = planReport(dir);
    expect(plan.sections.map((s) => s.heading)).toEqual(['Sweep', 'Aggregate', 'Runs that failed or did not run']);
    expect(plan.lead[0]).toBe(`Batch in ${dir}: 4 parameter points, 8 runs (ok 7, failed 1)`);
    expect(plan.lead[1]).toBe('scenario: quickstart · dcsim: 0.1.0 · replications: 2 · base_seed: 42');
    expect(plan.title).toBe('dcsim batch report: quickstart');
    expect(plan.sections[2].tables[0].rows).toEqual([['c2', 'base', '1', '16', 'failed', 'host 3: no such host <b>']]);
    const { html, charts } = await buildReport(dir);
    expect(html).toContain('<td>host 3: no such host &lt;b&gt;</td>');
    expect(charts).toBe(2);
    const figs = figures(html);
    expect(figs.length).toBe(2);
    expect(texts(figs[0])).toEqual(expect.arrayContaining(['Energy vs datacenter.hosts.0.count', 'Energy (kWh)', 'datacenter.hosts.0.count', 'datacenter.placement', 'best-fit', 'first-fit']));
    expect(texts(figs[1])).toEqual(expect.arrayContaining(['Task time mean vs datacenter.hosts.0.count', 'Task time mean (s)']));
    expect(externalRefs(html)).toEqual([]);
  });

  it('--metric picks the metrics', async () => {
    const { charts } = await buildReport(batchFolder(), { metrics: ['task_time_mean_s'] });
    expect(charts).toBe(1);
  });
});

describe('dcsim report', { timeout: 60_000 }, () => {
  it('writes <results>/report.html, refuses to overwrite it without --force', async () => {
    const dir = runFolder();
    const r = await runCliAsync(['report', dir]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const path = join(dir, 'report.html');
    expect(r.out).toMatch(new RegExp(`^report: ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(5 charts, \\d+ KiB\\)\\n$`));
    expect(readFileSync(path, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    writeFileSync(path, 'mine');
    const again = await runCliAsync(['report', dir]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/report\.html already exists; pass --force/);
    expect(readFileSync(path, 'utf8')).toBe('mine');
    expect((await runCliAsync(['report', dir, '--force', '-q'])).code).toBe(0);
    expect(readFileSync(path, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('--out writes elsewhere, creating the folder', async () => {
    const out = join(tmp(), 'reports', 'r.html');
    expect((await runCliAsync(['report', batchFolder(), '--out', out, '-q'])).code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  const bad: [string, () => string[], RegExp][] = [
    ['a folder that is not a results folder', () => ['report', tmp()], /not a results folder: expected summary\.csv \(a run\) or aggregate\.csv \(a batch\)/],
    ['a folder that does not exist', () => ['report', join(tmp(), 'nope')], /nope: no such folder/],
    ['a batch without aggregate.csv', () => ['report', writeFolder({ 'sweep.csv': 'run_id\n' })], /sweep\.csv but no aggregate\.csv/],
    ['an unknown --metric', () => ['report', batchFolder(), '--metric', 'energy'], /--metric energy: not in .*aggregate\.csv \(metrics: energy_kwh, task_time_mean_s\)/],
    ['--metric on a single run', () => ['report', runFolder(), '--metric', 'energy_kwh'], /--metric chooses the metrics of a batch report, and .* holds a single run/],
    ['a timeseries.csv without its columns', () => ['report', writeFolder({ 'summary.csv': RUN_SUMMARY, 'timeseries.csv': 'time_s,value\n1,2\n' })], /timeseries\.csv: missing columns entity, id, metric/],
  ];
  for (const [what, args, message] of bad) {
    it(`exit 2 for ${what}, no report written`, async () => {
      const a = args();
      const r = await runCliAsync(a);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /);
      if (existsSync(a[1])) expect(existsSync(join(a[1], 'report.html'))).toBe(false);
    });
  }
});
