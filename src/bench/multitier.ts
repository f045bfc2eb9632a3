/**
 * Benchmark (g): scenarios/multitier-bench.yaml (a closed 3-tier application, 1000
 * users, one simulated hour, ~1.8M requests) in a child process per run
 * (dist/bench/multitier-child.js). The figure is requests completed per second of
 * simulate()'s wall time (median of runs); the whole process's wall time and peak
 * RSS are reported too.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fmtMiB, fmtS, median, printTable, round, runNode, status, tempDir, writeResult, ROOT, type BenchOptions } from './util.js';

const DEFAULT_RUNS = 5;
const SCENARIO = 'scenarios/multitier-bench.yaml';
const TARGET_REQUESTS_PER_S = 250_000;

interface ChildReport {
  scenario: string;
  load_s: number;
  sim_s: number;
  sim_cpu_s: number;
  requests_per_cpu_s: number;
  csv_s: number;
  requests: number;
  requests_per_s: number;
  events: number;
  events_per_s: number;
  sim_time_s: number;
  max_rss_kib: number;
}

export function runMultitier(opts: BenchOptions): void {
  const runs = opts.runs ?? DEFAULT_RUNS;
  const child = join(ROOT, 'dist', 'bench', 'multitier-child.js');
  const scratch = tempDir('multitier');
  const perRun: (ChildReport & { process_wall_s: number })[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      const c = runNode([child, SCENARIO], scratch.path);
      const rep = JSON.parse(c.stdout.trim().split('\n').pop() ?? '{}') as ChildReport;
      perRun.push({ ...rep, process_wall_s: round(c.wall_s, 3) });
      process.stderr.write(
        `  multitier run ${r + 1}/${runs}: ${rep.requests} requests, simulate ${fmtS(rep.sim_s)} (${(rep.requests_per_s / 1e3).toFixed(0)}k requests/s), process ${fmtS(c.wall_s)}\n`,
      );
    }
  } finally {
    scratch.remove();
  }
  const pick = (f: (x: (typeof perRun)[number]) => number) => perRun.map(f);
  const m = {
    requests_per_s: median(pick((x) => x.requests_per_s)),
    requests_per_cpu_s: median(pick((x) => x.requests_per_cpu_s)),
    load_average_1m: round(loadavg()[0], 2),
    sim_s: median(pick((x) => x.sim_s)),
    process_wall_s: median(pick((x) => x.process_wall_s)),
    requests: median(pick((x) => x.requests)),
    events_per_s: median(pick((x) => x.events_per_s)),
    max_rss_kib: median(pick((x) => x.max_rss_kib)),
  };
  const st = status(m.requests_per_s, TARGET_REQUESTS_PER_S, 'min');
  const rps = pick((x) => x.requests_per_s);
  printTable(
    `multitier: ${SCENARIO} (3 tiers, 1000 users, 1 simulated hour), median of ${runs} child processes`,
    ['figure', 'median', 'min', 'max', 'target', 'status'],
    [
      ['requests completed / s of simulate()', `${(m.requests_per_s / 1e3).toFixed(0)}k/s`, `${(Math.min(...rps) / 1e3).toFixed(0)}k/s`, `${(Math.max(...rps) / 1e3).toFixed(0)}k/s`, `>= ${TARGET_REQUESTS_PER_S / 1e3}k/s`, st],
      ['requests completed / CPU-s of simulate()', `${(m.requests_per_cpu_s / 1e3).toFixed(0)}k/s`, '', '', '-', '-'],
      ['requests completed', String(m.requests), '', '', '-', '-'],
      ['simulate() wall', fmtS(m.sim_s), '', '', '-', '-'],
      ['whole process wall', fmtS(m.process_wall_s), '', '', '-', '-'],
      ['events/s in simulate()', `${(m.events_per_s / 1e6).toFixed(2)}M/s`, '', '', '-', '-'],
      ['peak RSS (child maxRSS)', fmtMiB(m.max_rss_kib), '', '', '-', '-'],
      ['load average (1 min) at the end', String(m.load_average_1m), '', '', '-', '-'],
    ],
  );
  const file = writeResult('multitier', opts.machine, {
    method: {
      scenario: SCENARIO,
      child: 'node dist/bench/multitier-child.js (loadScenario + simulate + resultFiles in memory; nothing written)',
      figure: 'requests completed (applications.csv) / wall time of simulate(), median of runs; also per CPU second of simulate() (process.cpuUsage), which other load on the machine affects less',
      runs,
    },
    runs: perRun,
    median: m,
    target_requests_per_s: TARGET_REQUESTS_PER_S,
    status: st,
  });
  process.stdout.write(`wrote ${file}\n`);
}
