/**
 * One run of a batch on disk: `<out>/runs/<run_id>/` holds the run's CSVs and a
 * run.json (written last, with the run's content hash), or an error.json when the run
 * failed. The folder is written under a temporary name and renamed into place, so
 * a folder named after a run id is always complete.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { resultFiles, simulate } from '../run/simulate.js';
import type { ScenarioConfig } from '../scenario/types.js';
import { jsonSafe, type RunDef } from './plan.js';

export const RUNS_DIR = 'runs';
const TMP_PREFIX = '.tmp-';

export interface RunTask {
  out: string;
  run: RunDef;
  /** The swept paths, to name the parameters in run.json. */
  params: string[];
  config: ScenarioConfig;
  dcsim: string;
}

export interface RunOutcome {
  run_id: string;
  status: 'ok' | 'failed';
  error?: string;
  /** Wall time of simulate() alone, ms (the rest of a run's time is the batch's overhead). */
  simulateMs: number;
  /** Wall time of turning the run's tables into CSV text (as `dcsim run` does too), ms. */
  csvMs: number;
}

/** What a run folder holds: a completed or failed run and its content hash. */
export type RunState = { status: 'ok'; content_hash: string } | { status: 'failed'; content_hash: string; error: string };

export const runDir = (out: string, runId: string): string => join(out, RUNS_DIR, runId);

export function readRunState(dir: string): RunState | undefined {
  try {
    if (existsSync(join(dir, 'run.json'))) {
      const j = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { content_hash: string };
      return { status: 'ok', content_hash: j.content_hash };
    }
    if (existsSync(join(dir, 'error.json'))) {
      const j = JSON.parse(readFileSync(join(dir, 'error.json'), 'utf8')) as { content_hash: string; error: string };
      return { status: 'failed', content_hash: j.content_hash, error: j.error };
    }
  } catch {
    // unreadable: treated as not run, so it runs again
  }
  return undefined;
}

/** Removes the temporary folders an interrupted batch left (their runs had not finished). */
export function removeLeftovers(out: string): void {
  const runs = join(out, RUNS_DIR);
  if (!existsSync(runs)) return;
  for (const name of readdirSync(runs)) if (name.startsWith(TMP_PREFIX)) rmSync(join(runs, name), { recursive: true, force: true });
}

/** Writes `files` as the folder `dir`, atomically (temporary folder, then rename). */
export function writeRunFolder(dir: string, parent: string, runId: string, files: Record<string, string>): void {
  const tmp = join(parent, `${TMP_PREFIX}${runId}-${process.pid}-${threadId}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp, name), text);
  rmSync(dir, { recursive: true, force: true }); // a stale or failed earlier attempt
  renameSync(tmp, dir);
}

/** Simulates one run and writes its folder; a failure is recorded, not thrown. */
export function executeRun(task: RunTask): RunOutcome {
  const { run } = task;
  const dir = runDir(task.out, run.run_id);
  const parent = join(task.out, RUNS_DIR);
  const t0 = performance.now();
  let files: Record<string, string>;
  let simulateMs: number;
  let csvMs = 0;
  try {
    const result = simulate(task.config);
    simulateMs = performance.now() - t0;
    files = resultFiles(result);
    csvMs = performance.now() - t0 - simulateMs;
    const info = {
      dcsim: task.dcsim,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      scenario: task.config.name,
      run_id: run.run_id,
      variant: run.variant,
      params: Object.fromEntries(task.params.map((p, i) => [p, run.params[i]])),
      replication: run.replication,
      seed: run.seed,
      content_hash: run.content_hash,
      wall_time_s: simulateMs / 1000,
      sim_time_s: result.simTime,
      events: result.events,
      config: task.config,
    };
    files['run.json'] = JSON.stringify(info, jsonSafe, 2) + '\n';
  } catch (e) {
    simulateMs = performance.now() - t0;
    const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const failed = { run_id: run.run_id, content_hash: run.content_hash, error };
    writeRunFolder(dir, parent, run.run_id, { 'error.json': JSON.stringify(failed, null, 2) + '\n' });
    return { run_id: run.run_id, status: 'failed', error, simulateMs, csvMs };
  }
  writeRunFolder(dir, parent, run.run_id, files);
  return { run_id: run.run_id, status: 'ok', simulateMs, csvMs };
}
