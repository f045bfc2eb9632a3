/**
 * Benchmark (b): scenarios/scale.yaml (10k hosts, 100k VMs, 1M tasks over a
 * simulated day) in a child process (dist/bench/scale-child.js), so that its peak
 * RSS is its own and every run starts cold. Reports the child's simulation wall
 * time, events/s and maxRSS, and the wall time of the whole child process.
 */
import { join } from 'node:path';
import { fmtMiB, fmtS, HAVE_GNU_TIME, median, printTable, round, runNode, status, tempDir, writeResult, ROOT, type BenchOptions } from './util.js';

const DEFAULT_RUNS = 3;
const SCENARIO = 'scenarios/scale.yaml';
const TARGET_WALL_S = 20;
const TARGET_RSS_KIB = 2 * 2 ** 20; // 2 GiB

interface ChildReport {
  scenario: string;
  load_s: number;
  sim_s: number;
  csv_s: number;
  csv_chars: number;
  sim_time_s: number;
  events: number;
  events_per_s: number;
  max_rss_kib: number;
}

export function runScale(opts: BenchOptions): void {
  const runs = opts.runs ?? DEFAULT_RUNS;
  const child = join(ROOT, 'dist', 'bench', 'scale-child.js');
  const scratch = tempDir('scale');
  const perRun: (ChildReport & { process_wall_s: number; process_max_rss_kib: number | null })[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      const c = runNode([child, SCENARIO], scratch.path);
      const rep = JSON.parse(c.stdout.trim().split('\n').pop() ?? '{}') as ChildReport;
      perRun.push({ ...rep, process_wall_s: round(c.wall_s, 3), process_max_rss_kib: c.max_rss_kib ?? null });
      process.stderr.write(
        `  scale run ${r + 1}/${runs}: simulate ${fmtS(rep.sim_s)}, process ${fmtS(c.wall_s)}, ${(rep.events_per_s / 1e6).toFixed(2)}M events/s, maxRSS ${fmtMiB(rep.max_rss_kib)}\n`,
      );
    }
  } finally {
    scratch.remove();
  }
  const med = (f: (x: (typeof perRun)[number]) => number) => median(perRun.map(f));
  // Peak RSS: GNU time's figure for the whole process when there, else the child's own.
  const rss = (x: (typeof perRun)[number]) => x.process_max_rss_kib ?? x.max_rss_kib;
  const m = {
    sim_s: med((x) => x.sim_s),
    process_wall_s: med((x) => x.process_wall_s),
    load_s: med((x) => x.load_s),
    csv_s: med((x) => x.csv_s),
    events: med((x) => x.events),
    events_per_s: med((x) => x.events_per_s),
    max_rss_kib: med(rss),
    child_max_rss_kib: med((x) => x.max_rss_kib),
  };
  const wallStatus = status(m.process_wall_s, TARGET_WALL_S, 'max');
  const rssStatus = status(m.max_rss_kib, TARGET_RSS_KIB, 'max');
  printTable(
    `scale: ${SCENARIO} (10k hosts, 100k VMs, 1M tasks, 1 simulated day), median of ${runs} child processes`,
    ['figure', 'median', 'min', 'max', 'target', 'status'],
    [
      ['whole process wall', fmtS(m.process_wall_s), fmtS(Math.min(...perRun.map((x) => x.process_wall_s))), fmtS(Math.max(...perRun.map((x) => x.process_wall_s))), `< ${TARGET_WALL_S} s`, wallStatus],
      ['  of which simulate()', fmtS(m.sim_s), fmtS(Math.min(...perRun.map((x) => x.sim_s))), fmtS(Math.max(...perRun.map((x) => x.sim_s))), '-', '-'],
      ['  of which load scenario', fmtS(m.load_s), '', '', '-', '-'],
      ['  of which build CSVs', fmtS(m.csv_s), '', '', '-', '-'],
      ['events', String(m.events), '', '', '-', '-'],
      ['events/s in simulate()', `${(m.events_per_s / 1e6).toFixed(2)}M/s`, '', '', '-', '-'],
      [`peak RSS (${HAVE_GNU_TIME ? 'GNU time %M' : 'child maxRSS'})`, fmtMiB(m.max_rss_kib), fmtMiB(Math.min(...perRun.map(rss))), fmtMiB(Math.max(...perRun.map(rss))), '< 2048 MiB', rssStatus],
    ],
  );
  const file = writeResult('scale', opts.machine, {
    method: {
      scenario: SCENARIO,
      child: 'node dist/bench/scale-child.js (loadScenario + simulate + resultFiles in memory; nothing written)',
      process_wall: 'spawn to exit, measured by the parent',
      peak_rss: HAVE_GNU_TIME ? '/usr/bin/time -f %M (KiB); the child also reports process.resourceUsage().maxRSS' : 'process.resourceUsage().maxRSS of the child (KiB)',
      runs,
    },
    runs: perRun,
    median: m,
    targets: { process_wall_s: TARGET_WALL_S, max_rss_kib: TARGET_RSS_KIB },
    status: { wall: wallStatus, rss: rssStatus },
  });
  process.stdout.write(`wrote ${file}\n`);
}
