import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs from 'yargs';
import { DcsimError } from '../errors.js';
import { checkOutputDir, writeFiles } from '../metrics/writer.js';
import { resultFiles, simulate, type RunResult } from '../run/simulate.js';
import { loadScenario } from '../scenario/load.js';
import type { ScenarioConfig } from '../scenario/types.js';

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
 * A command whose arguments yargs has parsed and validated. Its handler throws this to
 * leave yargs at once, and main runs the command: after a handler returns, yargs renders
 * the whole help text to cache it (tens of ms of text wrapping in a run of a few hundred).
 * yargs rethrows what a handler throws, unless it is one of its own errors. (A failed
 * validation does not stop yargs from calling the handler: it is reported after the run.)
 */
class Chosen {
  constructor(readonly command: () => number) {}
}

/** Runs the dcsim command line; returns the exit code (0 ok, 1 simulation failure, 2 bad input). */
export function main(argv: readonly string[], io: Io = defaultIo): number {
  let parseFailure: string | undefined;
  const cli = yargs([...argv])
    .scriptName('dcsim')
    .usage('$0 <command> [options]\n\nDiscrete-event simulator of cloud datacenters.')
    .command(
      'run <scenarios..>',
      'run scenarios and write their CSV metrics',
      (y) =>
        y
          .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML files' })
          .option('out', { alias: 'o', type: 'string', describe: 'output folder (default results/<scenario name>; with several scenarios, the parent of one folder each)' })
          .option('seed', { type: 'number', describe: "override the scenario's seed" })
          .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a field: path=value (repeatable)' })
          .option('force', { alias: 'f', type: 'boolean', default: false, describe: "overwrite an output folder's earlier results" })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing but errors' })
          .example('$0 run scenarios/quickstart.yaml', 'run the quickstart; CSVs in results/quickstart/')
          .example('$0 run s.yaml --seed 7 --out results/s-seed7', 'another seed, another folder')
          .example('$0 run s.yaml --set datacenter.placement=best-fit --set duration=2h --force', 'override fields'),
      (a) => {
        throw new Chosen(() => runCommand(a.scenarios as string[], { out: a.out, seed: a.seed, set: a.set as string[], force: a.force, quiet: a.quiet }, io));
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
        throw new Chosen(() => validateCommand(a.scenarios as string[], a.set as string[], io));
      },
    )
    .demandCommand(1, 'name a command: run or validate')
    .strict()
    .help()
    .alias('h', 'help')
    .version(version())
    .epilog('Exit codes: 0 ok, 1 the simulation failed, 2 bad input (scenario, flags, output folder).')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      parseFailure = msg ?? err?.message ?? 'invalid command line';
    });
  cli.showHelpOnFail(false);
  try {
    cli.parseSync([...argv], {}, (_err, _argv, output) => {
      if (output) {
        io.out(output + '\n');
      }
    });
  } catch (e) {
    if (!(e instanceof Chosen)) return report(e, io);
    // yargs reports a failed validation through fail() and still calls the handler.
    const code = e.command();
    if (parseFailure === undefined) return code;
  }
  if (parseFailure !== undefined) {
    io.err(`dcsim: ${parseFailure}\nRun "dcsim --help" for usage.\n`);
    return 2;
  }
  // Help or version shown (a command would have thrown Chosen).
  return 0;
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
      const what = c.traceVms
        ? `trace VMs (${c.traceVms.source.kind}), ${c.consolidation?.powerManagement ?? 'dvfs'}${c.compat === 'cloudsim' ? ', compat cloudsim' : ''}`
        : `${c.actions.length} actions, ${c.workloads.length} workloads`;
      io.out(`${f}: ok (${c.name}: ${hosts} hosts, ${what})\n`);
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
  const s = Object.fromEntries(r.summary.columns.map((c, i) => [c, r.summary.rows[0][i]])) as Record<string, string | number>;
  const num = (k: string, digits = 2) => (typeof s[k] === 'number' ? (s[k] as number).toFixed(digits) : 'n/a');
  const files = `${['summary', 'timeseries', 'hosts', 'vms', ...(r.tasks ? ['tasks'] : [])].map((f) => f + '.csv').join(', ')}, run.json`;
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
    `  results: ${dir}/ (${files})`,
  ];
  return lines.join('\n') + '\n';
}
