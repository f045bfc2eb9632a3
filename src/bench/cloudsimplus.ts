/**
 * Benchmark (c): CloudSim Plus's scale example (scenarios/cloudsimplus-scale.yaml:
 * 20k hosts, 40k VMs, 50k tasks) through the CLI, whole process timed, with
 * first-fit and with best-fit placement, beside CloudSim Plus 8.5.7's own times
 * for the same example on this machine.
 */
import { fmtMiB, fmtS, HAVE_GNU_TIME, printTable, round, status, summarize, timeCli, writeResult, type BenchOptions } from './util.js';

const DEFAULT_RUNS = 5;
const SCENARIO = 'scenarios/cloudsimplus-scale.yaml';

/** CloudSim Plus 8.5.7 on this machine, whole process, s (measured by the lead). */
const CLOUDSIM_PLUS = {
  firstFit: 4,
  bestFitParallel: 154, // parallel streams, both cores
  bestFitSingle: 287, // single-threaded
} as const;

interface Variant {
  name: string;
  extra: string[];
  target_s: number;
  /** CloudSim Plus 8.5.7 figures to compare with. */
  reference: { mode: string; seconds: number }[];
}

const VARIANTS: readonly Variant[] = [
  { name: 'first-fit', extra: [], target_s: 2, reference: [{ mode: 'default', seconds: CLOUDSIM_PLUS.firstFit }] },
  {
    name: 'best-fit',
    extra: ['--set', 'datacenter.placement=best-fit'],
    target_s: 3,
    reference: [
      { mode: 'parallel, 2 cores', seconds: CLOUDSIM_PLUS.bestFitParallel },
      { mode: 'single-threaded', seconds: CLOUDSIM_PLUS.bestFitSingle },
    ],
  },
];

export function runCloudSimPlus(opts: BenchOptions): void {
  const runs = opts.runs ?? DEFAULT_RUNS;
  const results = VARIANTS.map((v) => {
    const perRun = timeCli(`cloudsimplus ${v.name}`, SCENARIO, v.extra, runs);
    const s = summarize(perRun);
    const speedups = v.reference.map((ref) => ({ ...ref, speedup: round(ref.seconds / s.median_wall_s, 1) }));
    return {
      placement: v.name,
      command: `node dist/build/loader.cjs run ${SCENARIO} --out <tmp> --force --quiet${v.extra.length ? ' ' + v.extra.join(' ') : ''}`,
      runs: perRun,
      ...s,
      target_s: v.target_s,
      status: status(s.median_wall_s, v.target_s, 'max'),
      cloudsim_plus: speedups,
    };
  });
  printTable(
    `cloudsimplus: ${SCENARIO} (20k hosts, 40k VMs, 50k tasks), whole CLI process, median of ${runs}`,
    ['placement', 'dcsim median', 'min', 'max', `peak RSS${HAVE_GNU_TIME ? '' : ' (child maxRSS)'}`, 'target', 'status', 'CloudSim Plus 8.5.7', 'speed-up'],
    results.flatMap((r) =>
      r.cloudsim_plus.map((ref, i) => [
        i === 0 ? r.placement : '',
        i === 0 ? fmtS(r.median_wall_s) : '',
        i === 0 ? fmtS(r.min_wall_s) : '',
        i === 0 ? fmtS(r.max_wall_s) : '',
        i === 0 ? fmtMiB(r.median_max_rss_kib ?? undefined) : '',
        i === 0 ? `< ${r.target_s} s` : '',
        i === 0 ? r.status : '',
        `${ref.seconds} s (${ref.mode})`,
        `${ref.speedup >= 10 ? ref.speedup.toFixed(0) : ref.speedup.toFixed(1)}x`,
      ]),
    ),
  );
  const file = writeResult('cloudsimplus', opts.machine, {
    method: {
      scenario: SCENARIO,
      timing: 'whole process (spawn to exit) of the CLI, output to a temp dir, median of runs',
      peak_rss: HAVE_GNU_TIME ? '/usr/bin/time -f %M (KiB)' : 'process.resourceUsage().maxRSS of the child at exit (KiB)',
      cloudsim_plus_reference: 'CloudSim Plus 8.5.7 on this machine (whole process), figures given by the project lead',
      runs,
    },
    results,
  });
  process.stdout.write(`wrote ${file}\n`);
}
