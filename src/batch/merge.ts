/**
 * `dcsim merge`: the folders of a batch's shards (or of interrupted attempts) into
 * one batch folder whose sweep.csv and aggregate.csv are those a single machine
 * would have written. Folders of different batches are refused.
 */
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { type BatchFile, readBatchFile, writeAtomic } from './runner.js';
import { RUNS_DIR, readRunState, removeLeftovers, runDir } from './run-dir.js';
import { type RunRecord, aggregateCsv, collectRuns, sweepCsv } from './tables.js';

export interface MergeResult {
  def: BatchFile;
  records: RunRecord[];
}

export function mergeBatches(dirs: readonly string[], out: string, force = false): MergeResult {
  if (dirs.length === 0) throw new InputError('E_MERGE', 'merge: name at least one batch folder');
  const files = dirs.map((d) => {
    const f = readBatchFile(d);
    if (!f) throw new InputError('E_NOT_BATCH', `merge: ${d} is not a batch folder (no batch.json)`);
    return f;
  });
  const first = files[0];
  files.forEach((f, i) => {
    if (f.batch_hash !== first.batch_hash) {
      throw new InputError(
        'E_BATCH_MISMATCH',
        `merge: ${dirs[i]} holds another batch than ${dirs[0]} (scenario ${f.scenario} vs ${first.scenario}, ${f.runs.length} vs ${first.runs.length} runs, dcsim ${f.dcsim} vs ${first.dcsim}); only slices of one batch can be merged`,
      );
    }
  });
  const existing = readBatchFile(out);
  const outIsInput = dirs.some((d) => resolve(d) === resolve(out));
  if (existing && existing.batch_hash !== first.batch_hash && !force) {
    throw new InputError('E_BATCH_MISMATCH', `merge: ${out} holds another batch; pass --force to replace it or --out to write elsewhere`);
  }
  if (existing && existing.batch_hash !== first.batch_hash && force && !outIsInput) rmSync(join(out, RUNS_DIR), { recursive: true, force: true });
  mkdirSync(join(out, RUNS_DIR), { recursive: true });
  removeLeftovers(out);

  for (const run of first.runs) {
    const target = runDir(out, run.run_id);
    const have = readRunState(target);
    if (have?.status === 'ok' && have.content_hash === run.content_hash) continue;
    // The best copy: a completed run, else a recorded failure.
    let from: string | undefined;
    for (const d of dirs) {
      const s = readRunState(runDir(d, run.run_id));
      if (s?.content_hash !== run.content_hash) continue;
      if (s.status === 'ok') {
        from = runDir(d, run.run_id);
        break;
      }
      if (!from && !(have?.status === 'failed' && have.content_hash === run.content_hash)) from = runDir(d, run.run_id);
    }
    if (!from || resolve(from) === resolve(target)) continue;
    const tmp = join(out, RUNS_DIR, `.tmp-${run.run_id}-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    cpSync(from, tmp, { recursive: true });
    rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
  }
  const records = collectRuns(first.runs, (id) => (existsSync(runDir(out, id)) ? runDir(out, id) : undefined));
  writeAtomic(join(out, 'batch.json'), JSON.stringify({ ...first, shard: null }, null, 2) + '\n');
  writeAtomic(join(out, 'sweep.csv'), sweepCsv(first, records));
  writeAtomic(join(out, 'aggregate.csv'), aggregateCsv(first, records));
  return { def: first, records };
}
