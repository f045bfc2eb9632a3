import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeBatches } from '../../src/batch/merge.js';
import { planBatch } from '../../src/batch/plan.js';
import { runBatch } from '../../src/batch/runner.js';
import { parseShard, shardRuns } from '../../src/batch/shard.js';
import { sweepScenario, tmp, writeScenario } from './helpers.js';

const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

describe('shards', () => {
  it('parses i/n (1-based) and refuses the rest with exit code 2', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['3/2', '0/2', '2', 'a/b', '1/0', '-1/2', '1/2/3']) {
      expect(() => parseShard(bad)).toThrow(expect.objectContaining({ code: 'E_SHARD', exitCode: 2 }));
    }
  });

  it('the slices partition the runs, round-robin in definition order', () => {
    const runs = [...Array(10).keys()];
    const slices = [1, 2, 3].map((i) => shardRuns(runs, { index: i, count: 3 }));
    expect(slices).toEqual([[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]);
  });
});

describe('merge', { timeout: 60_000 }, () => {
  it("merged shards give the single machine's sweep.csv, aggregate.csv and batch.json byte for byte", async () => {
    const dir = tmp();
    const plan = planBatch(writeScenario(dir, sweepScenario()), { sweep: true });
    const single = join(dir, 'single');
    await runBatch(plan, { out: single, workers: 2 });
    const shards = [1, 2, 3].map((i) => join(dir, `shard-${i}`));
    for (const [i, out] of shards.entries()) {
      const r = await runBatch(plan, { out, workers: i === 0 ? 0 : 1, shard: { index: i + 1, count: 3 } });
      expect(r.progress.total).toBe(8);
      expect(JSON.parse(read(out, 'batch.json')).shard).toBe(`${i + 1}/3`);
    }
    const merged = join(dir, 'merged');
    const m = mergeBatches(shards, merged);
    expect(m.records.every((r) => r.status === 'ok')).toBe(true);
    for (const f of ['sweep.csv', 'aggregate.csv', 'batch.json']) expect(read(merged, f)).toBe(read(single, f));
    expect(read(join(merged, 'runs', 'slow_worst-fit_4_r2'), 'summary.csv')).toBe(read(join(single, 'runs', 'slow_worst-fit_4_r2'), 'summary.csv'));
    // merging into one of the shards works too
    mergeBatches(shards, shards[0]);
    expect(read(shards[0], 'sweep.csv')).toBe(read(single, 'sweep.csv'));
  });

  it('a missing shard leaves its runs not-run', async () => {
    const dir = tmp();
    const plan = planBatch(writeScenario(dir, sweepScenario()), { sweep: true });
    const s1 = join(dir, 's1');
    await runBatch(plan, { out: s1, workers: 0, shard: { index: 1, count: 2 } });
    const m = mergeBatches([s1], join(dir, 'm'));
    expect(m.records.filter((r) => r.status === 'not-run').map((r) => r.run.run_id)).toEqual(shardRuns(plan.def.runs, { index: 2, count: 2 }).map((r) => r.run_id));
  });

  it('slices of different batches are refused (exit code 2)', async () => {
    const dir = tmp();
    const file = writeScenario(dir, sweepScenario());
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    await runBatch(planBatch(file, { sweep: true }), { out: a, workers: 0, shard: { index: 1, count: 2 } });
    await runBatch(planBatch(file, { sweep: true, set: ['duration=5m'] }), { out: b, workers: 0, shard: { index: 2, count: 2 } });
    expect(() => mergeBatches([a, b], join(dir, 'm'))).toThrow(expect.objectContaining({ code: 'E_BATCH_MISMATCH', exitCode: 2 }));
    expect(() => mergeBatches([a, dir], join(dir, 'm'))).toThrow(expect.objectContaining({ code: 'E_NOT_BATCH', exitCode: 2 }));
  });
});
