import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs from 'yargs';
import { DcsimError } from '../errors.js';
import { checkOutputDir, writeFiles } from '../metrics/writer.js';
import { resultFiles, simulate, type RunResult } from '../run/simulate.js';
import { loadScenario } from '../scenario/load.js';
import { virtualizationSummary } from '../run/virtualize.js';
import { provisioningSummary } from '../run/provision.js';
import { calibrateCommand } from './calibrate.js';
import { analyzeCommand } from './analyze.js';
import type { ScenarioConfig } from '../scenario/types.js';
import { hasSweep, sweepRuns } from '../batch/plan.js';
import { batchCommands, runBatchCommand } from './batch.js';
import { schemaCommand } from './schema.js';
import { needsValue } from './options.js';

/**
 * A command whose arguments yargs has parsed. Its handler throws this to leave yargs at
 * once, and main runs it: after a handler returns, yargs renders the whole help text to
 * cache it (tens of ms of text wrapping in a run of a few hundred). yargs rethrows what
 * a handler throws, unless it is one of its own errors.
 */
class Chosen {
  constructor(readonly command: () => number) {}
}

/** Where the CLI prints; tests pass their own. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Whether stderr is a terminal (progress is shown only then). */
  tty: boolean;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  tty: Boolean(process.stderr.isTTY),
};

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Runs the dcsim command line; returns the exit code (0 ok, 1 simulation failure or
 * metric drift, 2 bad input, 130 interrupted), as a promise for commands that wait on
 * asynchronous work (batches, report).
 */
export function main(argv: readonly string[], io: Io = defaultIo): number | Promise<number> {
  let code: number | Promise<number> = 0;
  let parseFailure: string | undefined;
  const base = yargs([...argv])
    .scriptName('dcsim')
    .usage('$0 <command> [options]\n\nDiscrete-event simulator of cloud datacenters.')
    .command(
      'run <scenarios..>',
      'run scenarios and write their CSV metrics',
      (y) =>
        y
          .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML files' })
          .option('out', { alias: 'o', type: 'string', coerce: needsValue('out'), describe: 'output folder (default results/<scenario name>; with several scenarios, the parent of one folder each)' })
          .option('seed', { type: 'number', describe: "override the scenario's seed" })
          .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a field: path=value (repeatable)' })
          .option('force', { alias: 'f', type: 'boolean', default: false, describe: "overwrite an output folder's earlier results" })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing but errors' })
          .option('sweep', { type: 'boolean', default: false, describe: "run the scenario's sweep section as a batch" })
          .option('replications', { type: 'number', describe: 'runs per parameter point, each with its own seed (a batch)' })
          .option('workers', { alias: 'j', type: 'number', describe: 'worker threads of a batch (default: the cores; 0: in this thread)' })
          .option('shard', { type: 'string', describe: 'run slice i of n of a batch (1-based), e.g. 2/4' })
          .example('$0 run scenarios/quickstart.yaml', 'run the quickstart; CSVs in results/quickstart/')
          .example('$0 run s.yaml --seed 7 --out results/s-seed7', 'another seed, another folder')
          .example('$0 run s.yaml --set datacenter.placement=best-fit --set duration=2h --force', 'override fields'),
      (a) => {
        const flags = { out: a.out, seed: a.seed, set: a.set as string[], force: a.force, quiet: a.quiet };
        code =
          a.sweep || a.replications !== undefined || a.shard !== undefined
            ? batch(io, () => runBatchCommand(a.scenarios as string[], { ...flags, sweep: a.sweep, replications: a.replications, workers: a.workers, shard: a.shard }, io))
            : chosen(() => runCommand(a.scenarios as string[], flags, io));
      },
    )
    .command(
      'report <results>',
      'write an HTML report with plots of a run or batch results folder',
      (y) =>
        y
          .positional('results', { type: 'string', demandOption: true, describe: 'results folder of a run or a batch' })
          .option('out', { alias: 'o', type: 'string', coerce: needsValue('out'), describe: 'report file (default <results>/report.html)' })
          .option('metric', { alias: 'm', type: 'string', array: true, default: [] as string[], describe: 'batch: metric to plot (repeatable)' })
          .option('force', { alias: 'f', type: 'boolean', default: false, describe: 'overwrite an existing report' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing but errors' })
          .example('$0 report results/quickstart', 'results/quickstart/report.html'),
      (a) => {
        code = reportCommand(a.results as string, { out: a.out, metric: a.metric as string[], force: a.force, quiet: a.quiet }, io);
      },
    )
    .command(
      'validate <scenarios..>',
      'check scenarios and report every problem, without running them',
      (y) =>
        y
          .positional('scenarios', { type: 'string', array: true, demandOption: true })
          .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a field: path=value' })
          .example('$0 validate scenarios/*.yaml', 'check every shipped scenario'),
      (a) => {
        code = chosen(() => validateCommand(a.scenarios as string[], a.set as string[], io));
      },
    )
    .command(
      'analyze <scenarios..>',
      "solve each application analytically (MVA, Jackson) where it is a product-form network, next to the simulation's figures",
      (y) =>
        y
          .positional('scenarios', { type: 'string', array: true, demandOption: true })
          .option('seed', { type: 'number', describe: "override the scenario's seed" })
          .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a field: path=value' })
          .example('$0 analyze scenarios/multitier-shop-db.yaml', 'exact MVA next to the simulated throughput, response time and utilizations'),
      (a) => {
        code = analyzeCommand(a.scenarios as string[], { seed: a.seed, set: a.set as string[] }, io, report);
      },
    )
    .command(
      'schema',
      'print the JSON Schema of scenario files (for editors), or write it to a file',
      (y) =>
        y
          .option('out', { alias: 'o', type: 'string', describe: 'file to write (default: print it)' })
          .example('$0 schema --out schema/scenario.schema.json', 'regenerate the shipped schema'),
      (a) => {
        code = guard(io, () => schemaCommand(a.out, io.out));
      },
    )
    .command(
      'calibrate',
      'fit the virtualization profiles to published measurements; print the fit and write the profile file',
      (y) =>
        y
          .option('out', { alias: 'o', type: 'string', coerce: needsValue('out'), default: 'src/model/virt/profiles.json', describe: 'profile file to write' })
          .option('reference', { type: 'string', default: '../shared/reference', describe: 'folder of the published measurements' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing but errors' }),
      (a) => {
        try {
          calibrateCommand({ out: a.out, reference: a.reference, quiet: a.quiet }, io.out);
        } catch (e) {
          code = report(e, io);
        }
      },
    );
  const cli = batchCommands(base, io, guard, (c) => (code = c))
    .demandCommand(1, 'name a command: run, validate, analyze, report, schema, calibrate, merge, check or baseline')
    .strict()
    .help()
    .alias('h', 'help')
    .version(version())
    .epilog('Exit codes: 0 ok, 1 a simulation failed or a metric moved (check), 2 bad input (scenario, flags, output folder), 130 interrupted.')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      parseFailure = msg ?? err?.message ?? 'invalid command line';
    });
  let helpShown = false;
  cli.showHelpOnFail(false);
  try {
    cli.parseSync([...argv], {}, (_err, _argv, output) => {
      if (output) {
        helpShown = true;
        io.out(output + '\n');
      }
    });
  } catch (e) {
    if (!(e instanceof Chosen)) return report(e, io);
    // yargs reports a failed validation through fail() and still calls the handler.
    code = e.command();
  }
  if (parseFailure !== undefined) {
    io.err(`dcsim: ${parseFailure}\nRun "dcsim --help" for usage.\n`);
    return 2;
  }
  return helpShown ? 0 : code;
}

function chosen(command: () => number): never {
  throw new Chosen(command);
}

/** Runs a command, turning dcsim's errors into their exit codes. */
function guard(io: Io, f: () => number): number {
  try {
    return f();
  } catch (e) {
    return report(e, io);
  }
}

function batch(io: Io, f: () => Promise<number>): Promise<number> {
  return f().catch((e: unknown) => report(e, io));
}

interface RunFlags {
  out?: string;
  seed?: number;
  set: string[];
  force: boolean;
  quiet: boolean;
}

function runCommand(files: string[], flags: RunFlags, io: Io): number {
  try {
    const configs = files.map((f) => ({ file: f, config: loadScenario(f, { seed: flags.seed, set: flags.set }) }));
    const dirs = configs.map(({ config }) =>
      flags.out === undefined ? join('results', config.name) : files.length === 1 ? flags.out : join(flags.out, config.name),
    );
    dirs.forEach((d) => checkOutputDir(d, flags.force));
    configs.forEach(({ file, config }, i) => {
      const started = new Date();
      const t0 = performance.now();
      let shown = -Infinity;
      const onProgress = io.tty && !flags.quiet
        ? (p: { simTime: number; events: number }) => {
            const nowMs = performance.now();
            if (nowMs - shown < 200) return; // a few updates a second are enough
            shown = nowMs;
            const wall = (nowMs - t0) / 1000;
            io.err(`\r${config.name}: t=${formatTime(p.simTime)}  ${(p.events / 1e6).toFixed(1)}M events  ${(p.events / wall / 1e6).toFixed(2)}M ev/s  `);
          }
        : undefined;
      const result = simulate(config, { onProgress });
      const wall = (performance.now() - t0) / 1000;
      if (onProgress) io.err('\r\x1b[K');
      const files = resultFiles(result);
      files['run.json'] = JSON.stringify(runInfo(file, config, result, started, wall), jsonSafe, 2) + '\n';
      writeFiles(dirs[i], files, flags.force);
      if (!flags.quiet) io.out(humanSummary(result, wall, dirs[i]));
      if (!flags.quiet && hasSweep(file)) io.out(`  ${file} has a sweep section: dcsim run --sweep runs it as a batch\n`);
    });
    return 0;
  } catch (e) {
    return report(e, io);
  }
}

function validateCommand(files: string[], set: string[], io: Io): number {
  let worst = 0;
  for (const f of files) {
    try {
      const c = loadScenario(f, { set });
      const hosts = c.datacenter.hosts.reduce((s, g) => s + g.count, 0);
      const what = c.provisioning
        ? `provisioning: ${c.provisioning.groups.reduce((n, g) => n + g.count, 0)} requests for ${c.provisioning.platform}, ${c.provisioning.variants.length} variant(s)`
        : c.virtualization
        ? `virtualization: ${c.virtualization.jobs.length} jobs on ${c.virtualization.platforms.length} platforms`
        : c.traceVms
        ? `trace VMs (${c.traceVms.source.kind}), ${c.consolidation?.powerManagement ?? 'dvfs'}${c.compat === 'cloudsim' ? ', compat cloudsim' : ''}`
        : `${c.actions.length} actions, ${c.workloads.length} workloads${c.applications ? `, ${c.applications.length} applications` : ''}`;
      const runs = sweepRuns(f, set);
      io.out(`${f}: ok (${c.name}: ${hosts} hosts, ${what}${runs === undefined ? '' : `; sweep: ${runs} runs`})\n`);
    } catch (e) {
      worst = Math.max(worst, report(e, io));
    }
  }
  return worst;
}

function report(e: unknown, io: Io): number {
  if (e instanceof DcsimError) {
    io.err(`${e.message}\n`);
    return e.exitCode;
  }
  const err = e as Error;
  io.err(`dcsim: internal error: ${err?.message ?? String(e)}\n${process.env.DCSIM_DEBUG ? `${err?.stack}\n` : 'Set DCSIM_DEBUG=1 for the stack trace; please report it.\n'}`);
  return 1;
}

function runInfo(file: string, config: ScenarioConfig, r: RunResult, started: Date, wall: number) {
  return {
    dcsim: version(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    scenario_file: file,
    scenario: config.name,
    seed: config.seed,
    started_at: started.toISOString(),
    wall_time_s: wall,
    sim_time_s: r.simTime,
    events: r.events,
    events_per_s: r.events / wall,
    config,
  };
}

/** JSON has no Infinity or typed arrays: write them as null and as plain lists. */
function jsonSafe(_key: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  return v;
}

function formatTime(s: number): string {
  if (s >= 86400) return `${(s / 86400).toFixed(2)}d`;
  if (s >= 3600) return `${(s / 3600).toFixed(2)}h`;
  if (s >= 60) return `${(s / 60).toFixed(1)}m`;
  return `${s.toFixed(2)}s`;
}

function humanSummary(r: RunResult, wall: number, dir: string): string {
  if (r.config.virtualization) return virtualizationSummary(r, wall, dir);
  if (r.config.provisioning) return provisioningSummary(r, wall, dir);
  const s = Object.fromEntries(r.summary.columns.map((c, i) => [c, r.summary.rows[0][i]])) as Record<string, string | number>;
  const num = (k: string, digits = 2) => (typeof s[k] === 'number' ? (s[k] as number).toFixed(digits) : 'n/a');
  const files = `${['summary', 'timeseries', 'hosts', 'vms', ...(r.tasks ? ['tasks'] : []), ...Object.keys(r.extra ?? {})].map((f) => f + '.csv').join(', ')}, run.json`;
  if ('slatah' in s) {
    return [
      `${s.scenario} (seed ${s.seed}, compat ${s.compat}): simulated ${formatTime(r.simTime)} in ${wall.toFixed(2)} s wall, ${r.events} events`,
      `  hosts ${s.hosts}, VMs ${s.vms} (rejected ${s.vms_rejected}, dropped ${s.vms_dropped})`,
      `  energy ${num('energy_kwh', 2)} kWh, migrations ${s.migrations}, host shutdowns ${s.host_shutdowns}`,
      `  SLATAH ${(100 * (s.slatah as number)).toFixed(3)}%, PDM ${(100 * (s.pdm as number)).toFixed(4)}%, SLAV ${(100 * (s.slav as number)).toFixed(5)}%, ESV ${(s.esv as number).toExponential(3)}`,
      `  results: ${dir}/ (${files})`,
    ].join('\n') + '\n';
  }
  const lines = [
    `${s.scenario} (seed ${s.seed}): simulated ${formatTime(r.simTime)} in ${wall.toFixed(2)} s wall, ${r.events} events (${(r.events / Math.max(wall, 1e-9) / 1e6).toFixed(2)}M/s)`,
    `  hosts ${s.hosts} (${s.hosts_failed} failed), mean active ${num('active_hosts_mean')}, mean CPU utilization ${(100 * (s.host_cpu_utilization_mean as number)).toFixed(1)}%`,
    `  VMs requested ${s.vms_requested}, placed ${s.vms_placed}, rejected ${s.vms_rejected}, destroyed ${s.vms_destroyed}, failed ${s.vms_failed}`,
    `  tasks submitted ${s.tasks_submitted}, completed ${s.tasks_completed}, failed ${s.tasks_failed}, unfinished ${s.tasks_unfinished}`,
    `  task time mean ${num('task_time_mean_s')} s, p95 ${num('task_time_p95_s')} s; mean wait ${num('task_wait_mean_s')} s`,
    `  energy ${num('energy_kwh', 3)} kWh, mean power ${num('power_mean_w', 1)} W`,
    ...(r.report ?? []),
    `  results: ${dir}/ (${files})`,
  ];
  return lines.join('\n') + '\n';
}

async function reportCommand(dir: string, flags: { out?: string; metric: string[]; force: boolean; quiet: boolean }, io: Io): Promise<number> {
  try {
    // vega is loaded only for reports: the other commands start no slower for it
    const { buildReport, checkReportPath, writeReport } = await import('../report/index.js');
    const out = flags.out ?? join(dir, 'report.html');
    checkReportPath(out, flags.force);
    const { html, charts } = await buildReport(dir, { metrics: flags.metric });
    writeReport(out, html, flags.force);
    if (!flags.quiet) io.out(`report: ${out} (${charts} charts, ${Math.round(html.length / 1024)} KiB)\n`);
    return 0;
  } catch (e) {
    return report(e, io);
  }
}
