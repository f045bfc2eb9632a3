/**
 * The report as a browser sees it: Debian's headless Chromium loads a copy of the
 * report with a measuring script appended (the report itself has no script), and
 * --dump-dom returns what the script found after layout. Skipped, with the reason
 * printed, where chromium is not installed (`apt-get install chromium`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/index.js';
import { runCli, scenarioText, writeScenario } from '../cli/helpers.js';
import { batchFolder, GROUPED_AGGREGATE, LOAD_TABLE, PLATFORMS, tmp, writeFolder } from './fixtures.js';

const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome'].find((c) => spawnSync(c, ['--version'], { encoding: 'utf8' }).status === 0);
if (!CHROMIUM) console.warn('skipping the headless-browser test of reports: no chromium on PATH (Debian: apt-get install chromium)');

// Runs in the browser after the report is laid out: per figure, its SVG's size and
// the boxes of its axis labels and title, as JSON in a <pre>.
const MEASURE = `<script>
const figures = [...document.querySelectorAll('figure')].map((f) => {
  const svgs = f.querySelectorAll('svg');
  const svg = svgs[0];
  const box = (e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; };
  const axes = [...svg.querySelectorAll('.role-axis')].map((a) => [...a.querySelectorAll('.role-axis-label text')].map(box));
  return {
    label: f.getAttribute('aria-label'),
    svgs: svgs.length,
    size: box(svg),
    title: [...svg.querySelectorAll('.role-title-text text')].map((t) => t.textContent),
    marks: svg.querySelectorAll('.role-mark path, .role-mark line, .role-mark rect').length,
    axes,
  };
});
const pre = document.createElement('pre');
pre.id = 'measured';
pre.textContent = JSON.stringify({ width: document.documentElement.clientWidth, figures });
document.body.append(pre);
</script>`;

interface Box { x: number; y: number; w: number; h: number }
interface Measured {
  width: number;
  figures: { label: string; svgs: number; size: Box; title: string[]; marks: number; axes: Box[][] }[];
}

function measure(html: string): Measured {
  const dir = tmp();
  const page = join(dir, 'measure.html');
  writeFileSync(page, html.replace('</body>', `${MEASURE}\n</body>`));
  const r = spawnSync(CHROMIUM!, ['--headless', '--no-sandbox', '--disable-gpu', '--window-size=1200,2000', '--dump-dom', `file://${page}`], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const m = /<pre id="measured">([\s\S]*?)<\/pre>/.exec(r.stdout);
  if (!m) throw new Error(`chromium gave no measurement (status ${r.status}): ${r.stderr.slice(0, 500)}`);
  return JSON.parse(m[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as Measured;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;

function checkLaidOut(m: Measured, titles: string[]): void {
  expect(m.figures.map((f) => f.label)).toEqual(titles);
  for (const f of m.figures) {
    expect(f.svgs).toBe(1);
    expect(f.title[0]).toBe(f.label);
    // drawn, inside the window, with marks
    expect(f.size.w).toBeGreaterThan(300);
    expect(f.size.h).toBeGreaterThan(150);
    expect(f.size.x + f.size.w).toBeLessThanOrEqual(m.width);
    expect(f.marks).toBeGreaterThan(0);
    // tick labels of one axis never overlap, with the browser's own fonts (x and y both have labels)
    expect(f.axes.filter((a) => a.length >= 2).length, `${f.label}: axes with labels`).toBeGreaterThanOrEqual(2);
    for (const labels of f.axes) {
      for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) expect(overlaps(labels[i], labels[j]), `${f.label}: labels ${i} and ${j}`).toBe(false);
    }
  }
}

// a browser start takes seconds on a busy machine: a generous limit, no timing assertion
describe.skipIf(!CHROMIUM)('reports in headless Chromium', { timeout: 120_000 }, () => {
  it('a simulated run: every chart is an SVG the browser lays out, titled, inside the page, labels apart', async () => {
    const dir = tmp();
    const file = writeScenario(dir, scenarioText().replace('tasks: true', 'tasks: true, hosts: true'));
    const out = join(dir, 'run');
    expect(runCli(['run', file, '--out', out, '-q']).code).toBe(0);
    writeFolder({ 'platforms.csv': PLATFORMS, 'applications.csv': LOAD_TABLE }, out);
    const { html, charts } = await buildReport(out);
    const m = measure(html);
    expect(m.figures.length).toBe(charts);
    checkLaidOut(m, [
      'Power', 'Active hosts', 'CPU utilization', 'Energy', 'Running VMs', 'Running tasks', 'Queued tasks', 'Tasks completed',
      'Power per host', 'CPU utilization per host', 'VMs per host',
      'Task response time', 'Task wait time', 'Mean CPU utilization of hosts', 'Active time of hosts', 'Mean CPU utilization of VMs',
      'Response time mean vs load', 'Throughput vs load',
      'Time per platform', 'Percent of baseline per platform', 'CPU per platform', 'Virt I/O per platform', 'Disk per platform', 'NIC per platform',
    ]);
  });

  it('nine platforms with long names (as the RUSLE2 table has): upright labels that do not overlap', async () => {
    const names = ['bare-metal', 'xen-3.1', 'xen-3.4.3', 'xen-4.0.1', 'xen-4.1.1', 'xen-3.4.3-hvm', 'kvm-virtio-disk', 'kvm', 'kvm-virtio-net'];
    const rows = names.map((p, i) => `rusle2,${p},vm,${100 + 10 * i},${100 + 10 * i}`).join('\n');
    const dir = writeFolder({ 'summary.csv': 'scenario,seed\nv,1\n', 'platforms.csv': `job,platform,kind,time_s,percent_of_baseline\n${rows}\n` });
    const { html } = await buildReport(dir);
    checkLaidOut(measure(html), ['Time per platform', 'Percent of baseline per platform']);
  });

  it('a batch: sweep curves laid out the same way', async () => {
    const { html } = await buildReport(batchFolder());
    checkLaidOut(measure(html), ['Energy vs datacenter.hosts.0.count', 'Task time mean vs datacenter.hosts.0.count']);
  });

  it('a batch of days x policies: grouped bars laid out the same way', async () => {
    const { html } = await buildReport(writeFolder({ 'aggregate.csv': GROUPED_AGGREGATE }));
    checkLaidOut(measure(html), ['Energy per consolidation', 'Migrations per consolidation']);
  });

  it('the report alone (no script added) parses to the same figures', async () => {
    const dir = tmp();
    const { html } = await buildReport(batchFolder());
    const page = join(dir, 'report.html');
    writeFileSync(page, html);
    const r = spawnSync(CHROMIUM!, ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', `file://${page}`], { encoding: 'utf8', timeout: 60_000 });
    const figs = [...r.stdout.matchAll(/<figure [^>]*>([\s\S]*?)<\/figure>/g)].map((x) => x[1]);
    expect(figs.length).toBe(2);
    for (const f of figs) expect(f.match(/<svg/g)?.length).toBe(1);
    expect(readFileSync(page, 'utf8')).toBe(html);
  });
});
