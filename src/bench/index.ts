/**
 * `npm run bench [-- <name>...] [--runs N] [--pending P]`: dcsim's performance
 * benchmarks. With no names, runs them all in the order hold, scale, cloudsimplus,
 * quickstart, consolidation, multitier, batch. Each prints a table (target and PASS/MISS per row) and writes
 * results/bench/<name>.json with the machine description, per-run figures and
 * medians. `--runs N` overrides every benchmark's number of runs; `--pending P`
 * (repeatable) restricts the hold benchmark to those queue sizes (e.g. for
 * `node --cpu-prof dist/bench/index.js hold --pending 1e5`; such a subset writes
 * results/bench/hold-custom.json instead of hold.json).
 *
 * Progress goes to stderr, tables to stdout.
 */
import { existsSync } from 'node:fs';
import { runBatchBench } from './batch.js';
import { runCloudSimPlus } from './cloudsimplus.js';
import { runConsolidation } from './consolidation.js';
import { runHold } from './hold.js';
import { runMultitier } from './multitier.js';
import { runQuickstart } from './quickstart.js';
import { runScale } from './scale.js';
import { CLI, machineInfo, type BenchOptions } from './util.js';

const BENCHMARKS: Record<string, (opts: BenchOptions & { pendings?: number[] }) => void | Promise<void>> = {
  hold: runHold,
  scale: runScale,
  cloudsimplus: runCloudSimPlus,
  quickstart: runQuickstart,
  consolidation: runConsolidation,
  multitier: runMultitier,
  batch: runBatchBench,
};

const USAGE = `usage: node dist/bench/index.js [${Object.keys(BENCHMARKS).join('|')}]... [--runs N] [--pending P]...\n`;

function parse(argv: readonly string[]): { names: string[]; runs?: number; pendings?: number[] } {
  const names: string[] = [];
  let runs: number | undefined;
  const pendings: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return Number(v);
    };
    if (flag === '--runs') {
      runs = value();
      if (!(Number.isInteger(runs) && runs >= 1)) throw new Error('--runs must be an integer >= 1');
    } else if (flag === '--pending') {
      const p = value();
      if (!(Number.isInteger(p) && p >= 1)) throw new Error('--pending must be an integer >= 1');
      pendings.push(p);
    } else if (flag === '--help' || flag === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (a in BENCHMARKS) {
      if (!names.includes(a)) names.push(a);
    } else {
      throw new Error(`unknown benchmark or option "${a}"`);
    }
  }
  return { names: names.length > 0 ? names : Object.keys(BENCHMARKS), runs, pendings: pendings.length > 0 ? pendings : undefined };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!existsSync(CLI)) {
    process.stderr.write(`bench: ${CLI} is missing; run "npm run build" first (npm run bench does)\n`);
    return 2;
  }
  const machine = machineInfo();
  process.stdout.write(
    `dcsim benchmarks on ${machine.cpu} (${machine.cores} cores, ${machine.total_memory_gib} GiB), Node ${machine.node}, ${machine.platform}, ${machine.date}\n`,
  );
  const t0 = performance.now();
  for (const name of args.names) {
    process.stderr.write(`\n[${name}]\n`);
    await BENCHMARKS[name]({ machine, runs: args.runs, pendings: args.pendings });
  }
  process.stdout.write(`\nall benchmarks done in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  return 0;
}

process.exitCode = await main();
