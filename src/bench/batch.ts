/**
 * Benchmark (f): batches. A batch of 200 quickstart runs (scenarios/quickstart.yaml
 * replicated 200 times: each run its own seed) on 1 and on 2 worker threads, in the
 * same bench process, one after the other: throughput (runs/s), the 2-worker speed-up,
 * and the batch's overhead per run on 1 worker = (wall time of planning + running the
 * batch − the sum of the runs' simulate() times) / runs: validating and hashing each
 * run, the pool's scheduling and messages, writing each run's folder and sweep.csv,
 * and turning each run's tables into CSV text. That last part is what `dcsim run`
 * spends on the same run too (quickstart writes a 1.6 MB tasks.csv), so the table
 * also shows the overhead without it: what a batch adds to running the runs one by one.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { planBatch } from '../batch/plan.js';
import { runBatch } from '../batch/runner.js';
import { ROOT, type BenchOptions, median, printTable, round, status, tempDir, writeResult } from './util.js';

const RUNS_PER_BATCH = 200;
const DEFAULT_ROUNDS = 1;
const SPEEDUP_TARGET = 1.8;
const OVERHEAD_TARGET_MS = 20;

interface Round {
  workers: number;
  wall_s: number;
  simulate_s: number;
  csv_s: number;
  runs_per_s: number;
  overhead_ms_per_run: number;
  overhead_without_csv_ms_per_run: number;
}

async function oneBatch(workers: number, out: string): Promise<Round> {
  const t0 = performance.now();
  const plan = planBatch(join(ROOT, 'scenarios', 'quickstart.yaml'), { sweep: false, replications: RUNS_PER_BATCH });
  const r = await runBatch(plan, { out, workers, force: true });
  const wall = (performance.now() - t0) / 1000;
  if (r.progress.done !== RUNS_PER_BATCH || r.progress.failed > 0) throw new Error(`batch bench: ${JSON.stringify(r.progress)}`);
  return {
    workers,
    wall_s: round(wall, 3),
    simulate_s: round(r.simulateMs / 1000, 3),
    csv_s: round(r.csvMs / 1000, 3),
    runs_per_s: round(RUNS_PER_BATCH / wall, 2),
    overhead_ms_per_run: round((wall * 1000 - r.simulateMs) / RUNS_PER_BATCH, 2),
    overhead_without_csv_ms_per_run: round((wall * 1000 - r.simulateMs - r.csvMs) / RUNS_PER_BATCH, 2),
  };
}

/** A fixed pure-JS loop in `threads` worker threads at once: wall time, s. */
async function spin(threads: number): Promise<number> {
  const code = 'let x = 0; for (let i = 0; i < 1e9; i++) x += i & 1; require("node:worker_threads").parentPort.postMessage(x);';
  const t0 = performance.now();
  await Promise.all([...Array(threads)].map(() => new Promise((done, fail) => new Worker(code, { eval: true }).once('message', done).once('error', fail))));
  return (performance.now() - t0) / 1000;
}

/**
 * What two threads get on this machine right now: the throughput of the same loop on
 * 2 threads over 1 (2.0 on two idle cores). On a machine shared with other work the
 * batch speed-up cannot exceed it.
 */
async function machineParallelism(): Promise<number> {
  const one = await spin(1);
  const two = await spin(2);
  return round((2 * one) / two, 2);
}

export async function runBatchBench(opts: BenchOptions): Promise<void> {
  const rounds = opts.runs ?? DEFAULT_ROUNDS;
  const scratch = tempDir('batch');
  const all: Round[] = [];
  const controls: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      controls.push(await machineParallelism());
      for (const workers of [1, 2]) {
        process.stderr.write(`batch: ${RUNS_PER_BATCH} quickstart runs on ${workers} worker${workers > 1 ? 's' : ''} (round ${i + 1}/${rounds})\n`);
        all.push(await oneBatch(workers, join(scratch.path, `w${workers}-${i}`)));
      }
    }
  } finally {
    scratch.remove();
  }
  const of = (w: number) => all.filter((r) => r.workers === w);
  const rate1 = median(of(1).map((r) => r.runs_per_s));
  const rate2 = median(of(2).map((r) => r.runs_per_s));
  const speedup = round(rate2 / rate1, 2);
  const overhead = median(of(1).map((r) => r.overhead_ms_per_run));
  const overheadWithoutCsv = median(of(1).map((r) => r.overhead_without_csv_ms_per_run));
  const speedupStatus = status(speedup, SPEEDUP_TARGET, 'min');
  const overheadStatus = status(overhead, OVERHEAD_TARGET_MS, 'max');
  printTable(
    `batch: ${RUNS_PER_BATCH} quickstart runs (--replications ${RUNS_PER_BATCH}), median of ${rounds} round${rounds > 1 ? 's' : ''}`,
    ['workers', 'wall', 'sum of simulate()', 'sum of CSV text', 'runs/s', 'overhead/run', 'without CSV text'],
    [1, 2].map((w) => {
      const r = of(w);
      const med = (f: (x: Round) => number) => median(r.map(f));
      return [
        w,
        `${med((x) => x.wall_s).toFixed(2)} s`,
        `${med((x) => x.simulate_s).toFixed(2)} s`,
        `${med((x) => x.csv_s).toFixed(2)} s`,
        med((x) => x.runs_per_s).toFixed(2),
        `${med((x) => x.overhead_ms_per_run).toFixed(1)} ms`,
        `${med((x) => x.overhead_without_csv_ms_per_run).toFixed(1)} ms`,
      ];
    }),
  );
  printTable('batch: targets', ['figure', 'value', 'target', 'status'], [
    ['2-worker / 1-worker throughput', `${speedup.toFixed(2)}x`, `>= ${SPEEDUP_TARGET}x`, speedupStatus],
    ['control: a pure-JS loop, 2 threads / 1', `${median(controls).toFixed(2)}x`, '(2.00x on idle cores)', ''],
    ['overhead per run (1 worker)', `${overhead.toFixed(1)} ms`, `< ${OVERHEAD_TARGET_MS} ms`, overheadStatus],
    ['  of which not CSV text', `${overheadWithoutCsv.toFixed(1)} ms`, '', ''],
  ]);
  const file = writeResult('batch', opts.machine, {
    method: {
      batch: `scenarios/quickstart.yaml, --replications ${RUNS_PER_BATCH}, in the bench process (runBatch), output to a temporary folder`,
      order: 'per round: the control (a pure-JS loop on 1, then 2 worker threads), then 1 worker, then 2 workers',
      overhead: '(wall of planBatch + runBatch - sum of simulate() wall times) / runs, on 1 worker',
      rounds,
    },
    rounds: all,
    control_two_thread_ratio: controls,
    runs_per_s_1_worker: rate1,
    runs_per_s_2_workers: rate2,
    speedup,
    speedup_target: SPEEDUP_TARGET,
    speedup_status: speedupStatus,
    overhead_ms_per_run: overhead,
    overhead_without_csv_ms_per_run: overheadWithoutCsv,
    overhead_target_ms: OVERHEAD_TARGET_MS,
    overhead_status: overheadStatus,
  });
  process.stdout.write(`wrote ${file}\n`);
}
