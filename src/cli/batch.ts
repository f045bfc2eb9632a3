/**
 * The batch commands of the CLI: `run --sweep / --replications / --shard`, `merge`,
 * `check` and `baseline`. Thin: the work is in src/batch/.
 */
import { needsValue } from './options.js';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import type { Argv } from 'yargs';
import { basename, dirname, join } from 'node:path';
import { type CheckOptions, DEFAULT_CHECK, type Method, checkResults, junitXml, loadResultTable, movedTable } from '../batch/check.js';
import { mergeBatches } from '../batch/merge.js';
import { planBatch } from '../batch/plan.js';
import { type BatchProgress, defaultWorkers, runBatch, writeAtomic } from '../batch/runner.js';
import { parseShard } from '../batch/shard.js';
import { reductionFor, shippedScenarios, shippedSummary } from '../batch/shipped.js';
import type { RunRecord } from '../batch/tables.js';
import { InputError } from '../errors.js';
import { resultFiles, simulate } from '../run/simulate.js';
import { loadScenario } from '../scenario/load.js';

export interface BatchIo {
  out: (s: string) => void;
  err: (s: string) => void;
  tty: boolean;
}

export interface BatchRunFlags {
  out?: string;
  seed?: number;
  set: string[];
  force: boolean;
  quiet: boolean;
  sweep: boolean;
  replications?: number;
  workers?: number;
  shard?: string;
}

const clock = (): number => Date.now();

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A progress bar on a terminal, else a plain line at most every 10 s. */
function progressPrinter(name: string, io: BatchIo, quiet: boolean): { update: (p: BatchProgress) => void; end: () => void } {
  const t0 = clock();
  let last = t0;
  let shown = false;
  const text = (p: BatchProgress): string => {
    const finished = p.skipped + p.done;
    const left = p.done > 0 ? ((clock() - t0) / p.done) * (p.total - finished) : NaN;
    const eta = Number.isFinite(left) ? `, ${duration(left)} left` : '';
    return `${name}: ${finished}/${p.total} runs, ${p.failed} failed${p.skipped ? `, ${p.skipped} already done` : ''}${eta}`;
  };
  return {
    update: (p) => {
      if (quiet) return;
      const now = clock();
      if (io.tty) {
        if (now - last < 100 && p.skipped + p.done < p.total) return;
        last = now;
        const width = 24;
        const filled = p.total > 0 ? Math.round((width * (p.skipped + p.done)) / p.total) : width;
        io.err(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text(p)}  \x1b[K`);
        shown = true;
      } else if (now - last >= 10_000) {
        last = now;
        io.err(text(p) + '\n');
      }
    },
    end: () => {
      if (shown) io.err('\r\x1b[K');
    },
  };
}

/** `dcsim run --sweep | --replications N | --shard i/n`: each scenario as a batch. */
export async function runBatchCommand(files: string[], flags: BatchRunFlags, io: BatchIo): Promise<number> {
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (flags.workers !== undefined && !(Number.isInteger(flags.workers) && flags.workers >= 0)) {
    throw new InputError('E_FLAG', `--workers: expected an integer >= 0, got ${flags.workers}`);
  }
  const plans = files.map((f) => planBatch(f, { sweep: flags.sweep, replications: flags.replications, set: flags.set, seed: flags.seed }));
  const controller = new AbortController();
  const onSigint = () => {
    if (!flags.quiet) io.err('\nstopping: the runs in progress are abandoned, completed runs are kept (Ctrl-C again to quit at once)\n');
    controller.abort();
    process.off('SIGINT', onSigint);
  };
  process.on('SIGINT', onSigint);
  let worst = 0;
  try {
    for (const plan of plans) {
      const name = plan.def.scenario;
      const out = flags.out === undefined ? join('results', name) : files.length === 1 ? flags.out : join(flags.out, name);
      const progress = progressPrinter(name, io, flags.quiet);
      const t0 = clock();
      const workers = flags.workers ?? defaultWorkers();
      const r = await runBatch(plan, { out, workers, shard, force: flags.force, signal: controller.signal, onProgress: progress.update });
      progress.end();
      const { total, skipped, done, failed } = r.progress;
      if (r.interrupted) {
        io.err(`${name}: interrupted after ${skipped + done} of ${total} runs; run the same command again to resume (completed runs are skipped)\n`);
        return 130;
      }
      if (!flags.quiet) {
        const of = shard ? ` (shard ${shard.index}/${shard.count} of ${plan.def.runs.length})` : '';
        io.out(
          `${name}: ${total} runs${of}: ${done} run, ${skipped} already done, ${failed} failed, in ${((clock() - t0) / 1000).toFixed(1)} s on ${workers || 'no'} worker${workers === 1 ? '' : 's'}\n` +
            `  results: ${out}/ (sweep.csv, aggregate.csv, batch.json, runs/)\n`,
        );
      }
      if (failed > 0) {
        io.err(failures(name, r.records));
        worst = Math.max(worst, 1);
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  return worst;
}

function failures(name: string, records: readonly RunRecord[]): string {
  const failed = records.filter((r) => r.status === 'failed');
  return failed.map((r) => `${name}: run ${r.run.run_id} failed: ${r.error}\n`).join('');
}

export function mergeCommand(dirs: string[], out: string | undefined, force: boolean, quiet: boolean, io: BatchIo): number {
  const first = dirs[0];
  const target = out ?? first;
  const r = mergeBatches(dirs, target, force);
  const missing = r.records.filter((x) => x.status === 'not-run');
  const failed = r.records.filter((x) => x.status === 'failed');
  if (!quiet) io.out(`${r.def.scenario}: merged ${dirs.length} folders into ${target}/: ${r.records.length - missing.length - failed.length} ok, ${failed.length} failed, ${missing.length} missing\n`);
  if (missing.length > 0) {
    io.err(`merge: ${missing.length} runs are in none of the folders (first: ${missing[0].run.run_id}); sweep.csv marks them not-run\n`);
  }
  return missing.length + failed.length > 0 ? 1 : 0;
}

export interface CheckFlags {
  baseline: string;
  rtol?: number;
  atol?: number;
  metric: string[];
  method?: string;
  level?: number;
  junit?: string;
  quiet: boolean;
}

function checkOptions(f: CheckFlags): CheckOptions {
  const nonNeg = (name: string, v: number | undefined, d: number): number => {
    if (v === undefined) return d;
    if (!(Number.isFinite(v) && v >= 0)) throw new InputError('E_FLAG', `--${name}: expected a number >= 0, got ${v}`);
    return v;
  };
  const metricTol = new Map<string, number | 'ignore'>();
  for (const m of f.metric) {
    const eq = m.indexOf('=');
    const tol = m.slice(eq + 1).trim();
    const value = tol === 'ignore' ? 'ignore' : Number(tol);
    if (eq <= 0 || tol === '' || (value !== 'ignore' && !(Number.isFinite(value) && value >= 0))) {
      throw new InputError('E_FLAG', `--metric "${m}": expected name=TOL (a relative tolerance >= 0) or name=ignore`);
    }
    metricTol.set(m.slice(0, eq).trim(), value);
  }
  const methods: Method[] = ['runs', 'ci', 'welch'];
  const method = (f.method ?? 'runs') as Method;
  if (!methods.includes(method)) throw new InputError('E_FLAG', `--method: expected one of ${methods.join(', ')}, got "${f.method}"`);
  const level = f.level ?? DEFAULT_CHECK.level;
  if (!(level > 0 && level < 1)) throw new InputError('E_FLAG', `--level: expected a confidence level between 0 and 1 (e.g. 0.95), got ${level}`);
  return { rtol: nonNeg('rtol', f.rtol, DEFAULT_CHECK.rtol), atol: nonNeg('atol', f.atol, DEFAULT_CHECK.atol), metricTol, method, level };
}

export function checkCommand(results: string, f: CheckFlags, io: BatchIo): number {
  const opts = checkOptions(f);
  const current = loadResultTable(results);
  const baseline = loadResultTable(f.baseline);
  const report = checkResults(current, baseline, opts);
  const moved = report.findings.filter((x) => x.moved);
  if (f.junit) {
    mkdirSync(dirname(f.junit), { recursive: true });
    writeAtomic(f.junit, junitXml(report, current.file));
  }
  const what = opts.method === 'runs' ? (current.kind === 'sweep' ? 'runs' : 'scenarios') : 'points';
  const verdict = `check ${current.file} against ${baseline.file} (${opts.method}): ${report.keys} ${what} x ${report.metrics.length} metrics, ${moved.length} moved`;
  if (moved.length > 0) io.out(`${verdict}\n${movedTable(report)}`);
  else if (!f.quiet) io.out(`${verdict}\n`);
  return moved.length > 0 ? 1 : 0;
}

/**
 * `dcsim baseline`: records results as a baseline. Scenario files are run (in this
 * process) and their summary.csv written as `<out>/<name>.csv`; a results folder or
 * CSV is copied to `out`.
 */
export function baselineCommand(sources: string[], out: string | undefined, set: string[], quiet: boolean, io: BatchIo, shipped = false): number {
  if (shipped) {
    if (sources.length > 0 || set.length > 0) throw new InputError('E_FLAG', 'baseline --shipped records every shipped scenario: name no sources and no --set');
    return shippedBaselines(out ?? 'baselines', quiet, io);
  }
  const scenarios = sources.filter((s) => /\.ya?ml$/.test(s));
  if (scenarios.length > 0 && scenarios.length < sources.length) {
    throw new InputError('E_FLAG', 'baseline: give either scenario files (to run and record) or one results folder or CSV, not both');
  }
  if (scenarios.length > 0) {
    const dir = out ?? 'baselines';
    mkdirSync(dir, { recursive: true });
    for (const file of scenarios) {
      const result = simulate(loadScenario(file, { set }));
      const target = join(dir, `${result.config.name}.csv`);
      writeAtomic(target, resultFiles(result)['summary.csv']);
      if (!quiet) io.out(`recorded ${target} (${file})\n`);
    }
    return 0;
  }
  if (sources.length !== 1) throw new InputError('E_FLAG', 'baseline: name one results folder or CSV file');
  const table = loadResultTable(sources[0]);
  let target = out ?? join('baselines', `${basename(dirname(table.file))}.csv`);
  if (existsSync(target) && statSync(target).isDirectory()) target = join(target, basename(table.file));
  mkdirSync(dirname(target), { recursive: true });
  writeAtomic(target, readFileSync(table.file, 'utf8'));
  if (!quiet) io.out(`recorded ${target} (${table.file}: ${table.rows.length} rows)\n`);
  return 0;
}

/** `dcsim baseline --shipped`: every shipped scenario (the large ones reduced), as CI checks them. */
function shippedBaselines(dir: string, quiet: boolean, io: BatchIo): number {
  mkdirSync(dir, { recursive: true });
  for (const file of shippedScenarios()) {
    let s: { name: string; csv: string };
    try {
      s = shippedSummary(file);
    } catch (e) {
      // Scenarios on ../shared data cannot run without it: say so, record the others.
      io.err(`skipped ${file}: ${(e as Error).message.split('\n')[0]}\n`);
      continue;
    }
    const target = join(dir, `${s.name}.csv`);
    writeAtomic(target, s.csv);
    const reduced = reductionFor(file);
    if (!quiet) io.out(`recorded ${target} (${file}${reduced ? `, with ${reduced.set.join(' ')}` : ''})\n`);
  }
  return 0;
}

/** Registers merge, check and baseline on the CLI (their handlers report through setCode). */
export function batchCommands<T>(
  y: Argv<T>,
  io: BatchIo,
  guard: (io: BatchIo, f: () => number) => number,
  setCode: (code: number) => void,
): Argv<T> {
  return y
    .command(
      'merge <dirs..>',
      "combine the folders of a batch's shards into one sweep.csv and aggregate.csv",
      (y) =>
        y
          .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'batch folders (shards of one batch)' })
          .option('out', { alias: 'o', type: 'string', coerce: needsValue('out'), describe: 'merged batch folder (default: the first folder)' })
          .option('force', { alias: 'f', type: 'boolean', default: false, describe: "replace another batch's folder" })
          .option('quiet', { alias: 'q', type: 'boolean', default: false })
          .example('$0 merge shard-1 shard-2 --out results/sweep', 'merge two shards'),
      (a) => {
        setCode(guard(io, () => mergeCommand(a.dirs as string[], a.out, a.force, a.quiet, io)));
      },
    )
    .command(
      'check <results>',
      'compare results with a baseline; exit 1 when a metric moved',
      (y) =>
        y
          .positional('results', { type: 'string', demandOption: true, describe: 'a batch or run folder, or a sweep.csv / summary.csv' })
          .option('baseline', { alias: 'b', type: 'string', coerce: needsValue('baseline'), demandOption: true, describe: 'baseline folder or CSV' })
          .option('rtol', { type: 'number', describe: 'relative tolerance (default 1e-9)' })
          .option('atol', { type: 'number', describe: 'absolute tolerance (default 0)' })
          .option('metric', { type: 'string', array: true, default: [] as string[], describe: 'per-metric relative tolerance: name=TOL or name=ignore' })
          .option('method', { type: 'string', choices: ['runs', 'ci', 'welch'], describe: 'runs: run by run (default); ci: CI overlap; welch: Welch t-test, per replicated point' })
          .option('level', { type: 'number', describe: 'confidence level of ci and welch (default 0.95)' })
          .option('junit', { type: 'string', coerce: needsValue('junit'), describe: 'write JUnit XML here' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false })
          .example('$0 check results/quickstart --baseline baselines/quickstart.csv', 'a run against its baseline')
          .example('$0 check results/sweep --baseline base/sweep.csv --method welch --junit check.xml', 'replicated points, Welch t-test'),
      (a) => {
        const flags = { baseline: a.baseline, rtol: a.rtol, atol: a.atol, metric: a.metric as string[], method: a.method, level: a.level, junit: a.junit, quiet: a.quiet };
        setCode(guard(io, () => checkCommand(a.results as string, flags, io)));
      },
    )
    .command(
      'baseline [sources..]',
      'record a baseline: run scenario files, or copy a results folder or CSV',
      (y) =>
        y
          .positional('sources', { type: 'string', array: true, default: [] as string[], describe: 'scenario files, or one results folder or CSV' })
          .option('shipped', { type: 'boolean', default: false, describe: "record every shipped scenario's baseline, as CI checks them (into baselines/)" })
          .option('out', { alias: 'o', type: 'string', coerce: needsValue('out'), describe: 'baseline folder (scenarios; default baselines/) or file' })
          .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a field of the scenarios: path=value' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false })
          .example('$0 baseline --shipped', 'record baselines/<name>.csv of every shipped scenario')
          .example('$0 baseline scenarios/quickstart.yaml', 'record baselines/quickstart.csv')
          .example('$0 baseline results/sweep --out baselines/sweep.csv', "record a batch's sweep.csv"),
      (a) => {
        setCode(guard(io, () => baselineCommand(a.sources as string[], a.out, a.set as string[], a.quiet, io, a.shipped)));
      },
    );
}
