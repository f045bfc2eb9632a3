/**
 * Runs a planned batch into a folder: `<out>/batch.json`, `<out>/runs/<run_id>/`,
 * `<out>/sweep.csv` and `<out>/aggregate.csv`. Runs go to a pool of worker threads
 * (tinypool); a run already completed with the same content hash is skipped, a
 * failing run is recorded and the others go on, and an abort (Ctrl-C) stops the runs
 * in progress while keeping every completed one.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { checkOutputDir } from '../metrics/writer.js';
import type { BatchDef, BatchPlan, RunDef } from './plan.js';
import { type RunOutcome, type RunTask, RUNS_DIR, executeRun, readRunState, removeLeftovers, runDir, writeRunFolder } from './run-dir.js';
import { type ShardSpec, shardRuns } from './shard.js';
import { type RunRecord, aggregateCsv, collectRuns, sweepCsv } from './tables.js';

export interface BatchProgress {
  /** Runs of this batch (or shard). */
  total: number;
  /** Completed before this invocation and skipped. */
  skipped: number;
  /** Finished in this invocation, ok or failed. */
  done: number;
  failed: number;
}

export interface BatchOptions {
  out: string;
  /** Worker threads; 0 runs in the calling thread. Default: the machine's cores. */
  workers?: number;
  shard?: ShardSpec;
  /** Discard the folder's earlier runs (of this or another batch). */
  force?: boolean;
  /** Aborting stops the runs in progress; completed runs are kept. */
  signal?: AbortSignal;
  onProgress?: (p: BatchProgress) => void;
}

export interface BatchResult {
  records: RunRecord[];
  progress: BatchProgress;
  interrupted: boolean;
  /** Sum of the simulate() wall times of the runs of this invocation, ms. */
  simulateMs: number;
  /** Sum of the times the runs took to turn their tables into CSV text, ms. */
  csvMs: number;
}

export const defaultWorkers = (): number => availableParallelism();

/** batch.json as written in a batch folder: the definition, and which shard the folder holds. */
export interface BatchFile extends BatchDef {
  shard: string | null;
}

export function readBatchFile(dir: string): BatchFile | undefined {
  const file = join(dir, 'batch.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BatchFile;
  } catch (e) {
    throw new InputError('E_BATCH_FILE', `${file}: not a readable batch.json (${(e as Error).message})`);
  }
}

export function writeAtomic(file: string, text: string): void {
  const part = `${file}.${process.pid}.tmp`;
  writeFileSync(part, text);
  renameSync(part, file);
}

/** Makes `out` ready for `def`: refuses another batch's folder (unless force) and writes batch.json. */
function prepareOut(def: BatchDef, opts: BatchOptions): void {
  const earlier = readBatchFile(opts.out);
  if (earlier && earlier.batch_hash !== def.batch_hash && !opts.force) {
    throw new InputError(
      'E_BATCH_MISMATCH',
      `${opts.out} holds another batch (scenario ${earlier.scenario}, ${earlier.runs.length} runs, dcsim ${earlier.dcsim}); pass --force to replace it or --out to write elsewhere`,
    );
  }
  if (!earlier) checkOutputDir(opts.out, Boolean(opts.force)); // a single run's results
  if (opts.force) rmSync(join(opts.out, RUNS_DIR), { recursive: true, force: true });
  mkdirSync(join(opts.out, RUNS_DIR), { recursive: true });
  removeLeftovers(opts.out);
  const shard = opts.shard ? `${opts.shard.index}/${opts.shard.count}` : null;
  writeAtomic(join(opts.out, 'batch.json'), JSON.stringify({ ...def, shard }, null, 2) + '\n');
}

/**
 * The worker module, dist/batch/worker.js: found from this file compiled (dist/batch/)
 * or bundled into the CLI (dist/bundle/), or as TypeScript (tests, src/batch/).
 */
export function workerFile(): URL {
  const here = new URL(import.meta.url);
  return here.pathname.endsWith('.ts') ? new URL('../../dist/batch/worker.js', here) : new URL('../batch/worker.js', here);
}

export async function runBatch(plan: BatchPlan, opts: BatchOptions): Promise<BatchResult> {
  const { def } = plan;
  prepareOut(def, opts);
  const selected = opts.shard ? shardRuns(def.runs, opts.shard) : def.runs;
  const configOf = new Map(def.runs.map((r, i) => [r.run_id, plan.configs[i]]));
  const progress: BatchProgress = { total: selected.length, skipped: 0, done: 0, failed: 0 };
  const todo: RunDef[] = [];
  for (const run of selected) {
    const state = readRunState(runDir(opts.out, run.run_id));
    if (state?.status === 'ok' && state.content_hash === run.content_hash) progress.skipped++;
    else todo.push(run);
  }
  opts.onProgress?.({ ...progress });
  const task = (run: RunDef): RunTask => ({ out: opts.out, run, params: def.params, config: configOf.get(run.run_id)!, dcsim: def.dcsim });
  let simulateMs = 0;
  let csvMs = 0;
  const record = (o: RunOutcome) => {
    progress.done++;
    if (o.status === 'failed') progress.failed++;
    simulateMs += o.simulateMs;
    csvMs += o.csvMs;
    opts.onProgress?.({ ...progress });
  };
  const workers = opts.workers ?? defaultWorkers();
  if (workers === 0) {
    for (const run of todo) {
      if (opts.signal?.aborted) break;
      record(executeRun(task(run)));
      await new Promise((r) => setImmediate(r)); // lets a Ctrl-C handler run between runs
    }
  } else {
    await runPool(todo, task, workers, opts, record);
  }
  const records = collectRuns(selected, (id) => runDir(opts.out, id));
  writeAtomic(join(opts.out, 'sweep.csv'), sweepCsv(def, records));
  writeAtomic(join(opts.out, 'aggregate.csv'), aggregateCsv(def, records));
  return { records, progress, interrupted: Boolean(opts.signal?.aborted), simulateMs, csvMs };
}

/** Young generation of each worker, MiB (V8's default is 16 to 32 on 64-bit machines). */
const YOUNG_GENERATION_MB = 64;

async function runPool(
  todo: readonly RunDef[],
  task: (r: RunDef) => RunTask,
  workers: number,
  opts: BatchOptions,
  record: (o: RunOutcome) => void,
): Promise<void> {
  if (todo.length === 0) return;
  const threads = Math.max(1, Math.min(workers, todo.length));
  // Worker threads, not tinypool's child_process runtime: that one serializes tasks in a
  // JSON-like way and turns the scenario's Infinity (no stop time, ...) into null, which
  // silently changes runs. Structured clone keeps them (1 and 2 workers = in-process: tested).
  // A larger young generation: a run allocates its tables and CSV text in bursts, and
  // with the default size scavenges (and their helper threads, which two workers share
  // with each other on two cores) took a fifth of a quickstart run (bench (g)).
  // Loaded here, not at the top: only batches need it (and it is an ES module the
  // bundled CLI loads on demand, see src/build/bundle.ts).
  const { default: Tinypool } = await import('tinypool');
  const pool = new Tinypool({
    filename: workerFile().href, minThreads: threads, maxThreads: threads, isolateWorkers: false,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  let stopping = false;
  const stop = () => {
    stopping = true;
    void pool.destroy(); // terminates the runs in progress; their temporary folders are removed next time
  };
  opts.signal?.addEventListener('abort', stop, { once: true });
  try {
    await Promise.all(
      todo.map(async (run) => {
        try {
          record((await pool.run(task(run))) as RunOutcome);
        } catch (e) {
          if (stopping) return; // not run
          // The worker itself died (out of memory, ...): record it as the run's failure.
          const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
          writeRunFolder(runDir(opts.out, run.run_id), join(opts.out, RUNS_DIR), run.run_id, {
            'error.json': JSON.stringify({ run_id: run.run_id, content_hash: run.content_hash, error }, null, 2) + '\n',
          });
          record({ run_id: run.run_id, status: 'failed', error, simulateMs: 0, csvMs: 0 });
        }
      }),
    );
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    if (!stopping) await pool.destroy();
  }
}
