/**
 * Benchmark (d): what `npm start` does — the CLI on scenarios/quickstart.yaml —
 * whole process timed (Node start-up, module loading, the run, CSV writing).
 */
import { fmtMiB, fmtS, HAVE_GNU_TIME, printTable, status, summarize, timeCli, writeResult, type BenchOptions } from './util.js';

const DEFAULT_RUNS = 5;
const SCENARIO = 'scenarios/quickstart.yaml';
const TARGET_S = 2;

export function runQuickstart(opts: BenchOptions): void {
  const runs = opts.runs ?? DEFAULT_RUNS;
  const perRun = timeCli('quickstart', SCENARIO, [], runs);
  const s = summarize(perRun);
  const st = status(s.median_wall_s, TARGET_S, 'max');
  printTable(
    `quickstart: ${SCENARIO}, whole CLI process, median of ${runs}`,
    ['scenario', 'median', 'min', 'max', `peak RSS${HAVE_GNU_TIME ? '' : ' (child maxRSS)'}`, 'target', 'status'],
    [['quickstart', fmtS(s.median_wall_s), fmtS(s.min_wall_s), fmtS(s.max_wall_s), fmtMiB(s.median_max_rss_kib ?? undefined), `< ${TARGET_S} s`, st]],
  );
  const file = writeResult('quickstart', opts.machine, {
    method: {
      command: `node dist/build/loader.cjs run ${SCENARIO} --out <tmp> --force --quiet`,
      timing: 'whole process (spawn to exit), median of runs',
      runs,
    },
    runs: perRun,
    ...s,
    target_s: TARGET_S,
    status: st,
  });
  process.stdout.write(`wrote ${file}\n`);
}
