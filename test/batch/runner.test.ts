import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planBatch } from '../../src/batch/plan.js';
import { type BatchProgress, runBatch } from '../../src/batch/runner.js';
import { readCsv } from '../../src/batch/tables.js';
import { sweepScenario, tmp, tree, writeScenario } from './helpers.js';

/** A batch folder's files, run.json without its wall time (the one thing that is not reproducible). */
function contents(dir: string): Record<string, string> {
  const t = tree(dir);
  for (const k of Object.keys(t)) if (k.endsWith('run.json')) t[k] = t[k].replace(/"wall_time_s": [^,]+,/, '');
  return t;
}

describe('running a batch', { timeout: 60_000 }, () => {
  it('1 and 2 worker threads (and the calling thread) give byte-identical folders', async () => {
    const dir = tmp();
    const plan = planBatch(writeScenario(dir, sweepScenario()), { sweep: true });
    await runBatch(plan, { out: join(dir, 'w1'), workers: 1 });
    await runBatch(plan, { out: join(dir, 'w2'), workers: 2 });
    await runBatch(plan, { out: join(dir, 'w0'), workers: 0 });
    const one = contents(join(dir, 'w1'));
    expect(Object.keys(one).filter((k) => k.endsWith('summary.csv')).length).toBe(24);
    expect(contents(join(dir, 'w2'))).toEqual(one);
    expect(contents(join(dir, 'w0'))).toEqual(one);
  });

  it('sweep.csv: one row per run in definition order, the summary metrics; aggregate.csv: mean, sd, t half-width per point', async () => {
    const dir = tmp();
    const plan = planBatch(writeScenario(dir, sweepScenario()), { sweep: true });
    const out = join(dir, 'b');
    await runBatch(plan, { out, workers: 0 });
    const sweep = readCsv(join(out, 'sweep.csv'));
    expect(sweep.columns.slice(0, 7)).toEqual(['run_id', 'variant', 'datacenter.placement', 'host_types.h.cores', 'replication', 'seed', 'status']);
    expect(sweep.columns.at(-1)).toBe('error');
    const summary = readCsv(join(out, 'runs', 'slow_worst-fit_4_r1', 'summary.csv'));
    expect(sweep.columns.slice(7, -1)).toEqual(summary.columns.filter((c) => c !== 'scenario' && c !== 'seed'));
    expect(sweep.rows.map((r) => r[0])).toEqual(plan.def.runs.map((r) => r.run_id));
    const row = sweep.rows[22];
    expect(row.slice(0, 7)).toEqual(['slow_worst-fit_4_r1', 'slow', 'worst-fit', '4', '1', String(plan.def.runs[22].seed), 'ok']);
    for (const c of ['energy_kwh', 'task_time_mean_s']) expect(row[sweep.columns.indexOf(c)]).toBe(summary.rows[0][summary.columns.indexOf(c)]);

    // Common random numbers: the same replication submits the same tasks in every variant.
    const submitted = sweep.columns.indexOf('tasks_submitted');
    for (let r = 0; r < 3; r++) {
      const counts = sweep.rows.filter((x) => x[4] === String(r)).map((x) => x[submitted]);
      expect(new Set(counts).size).toBe(1);
    }

    const agg = readCsv(join(out, 'aggregate.csv'));
    expect(agg.columns.slice(0, 4)).toEqual(['variant', 'datacenter.placement', 'host_types.h.cores', 'n']);
    expect(agg.rows.length).toBe(8);
    expect(agg.columns.at(-1)).toBe('failed');
    const e = sweep.columns.indexOf('energy_kwh');
    const xs = sweep.rows.slice(21, 24).map((x) => Number(x[e]));
    const mean = (xs[0] + xs[1] + xs[2]) / 3;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / 2);
    const last = agg.rows[7];
    expect(last.slice(0, 4)).toEqual(['slow', 'worst-fit', '4', '3']);
    expect(Number(last[agg.columns.indexOf('energy_kwh_mean')])).toBeCloseTo(mean, 12);
    expect(Number(last[agg.columns.indexOf('energy_kwh_sd')])).toBeCloseTo(sd, 12);
    // t(0.975, 2) = 4.302652730 (table 4.303)
    expect(Number(last[agg.columns.indexOf('energy_kwh_ci95')])).toBeCloseTo((4.30265273 * sd) / Math.sqrt(3), 7);
  });

  it('a re-run skips completed runs; a stale content hash or a missing folder runs again', async () => {
    const dir = tmp();
    const plan = planBatch(writeScenario(dir, sweepScenario()), { sweep: true });
    const out = join(dir, 'b');
    await runBatch(plan, { out, workers: 0 });
    const first = contents(out);
    const again = await runBatch(plan, { out, workers: 0 });
    expect(again.progress).toEqual({ total: 24, skipped: 24, done: 0, failed: 0 });
    rmSync(join(out, 'runs', 'base_first-fit_2_r1'), { recursive: true });
    const runJson = join(out, 'runs', 'slow_first-fit_4_r0', 'run.json');
    writeFileSync(runJson, readFileSync(runJson, 'utf8').replace(/"content_hash": "[0-9a-f]+"/, '"content_hash": "stale"'));
    const third = await runBatch(plan, { out, workers: 0 });
    expect(third.progress).toEqual({ total: 24, skipped: 22, done: 2, failed: 0 });
    expect(contents(out)).toEqual(first);
  });

  it('another batch in the folder is refused (exit code 2) unless force', async () => {
    const dir = tmp();
    const out = join(dir, 'b');
    await runBatch(planBatch(writeScenario(dir, sweepScenario()), { sweep: true }), { out, workers: 0 });
    const other = planBatch(writeScenario(dir, sweepScenario(), 's2.yaml'), { sweep: true, seed: 5 });
    await expect(runBatch(other, { out, workers: 0 })).rejects.toMatchObject({ code: 'E_BATCH_MISMATCH', exitCode: 2 });
    const forced = await runBatch(other, { out, workers: 0, force: true });
    expect(forced.progress.done).toBe(24);
  });

  for (const workers of [0, 2]) {
    it(`an abort keeps the completed runs; resuming gives the uninterrupted batch's bytes (${workers} workers)`, async () => {
      const dir = tmp();
      const plan = planBatch(writeScenario(dir, sweepScenario()), { sweep: true });
      await runBatch(plan, { out: join(dir, 'full'), workers });
      const out = join(dir, 'cut');
      const ac = new AbortController();
      const onProgress = (p: BatchProgress) => {
        if (p.done >= 5) ac.abort();
      };
      const cut = await runBatch(plan, { out, workers, signal: ac.signal, onProgress });
      expect(cut.interrupted).toBe(true);
      const done = cut.records.filter((r) => r.status === 'ok').length;
      expect(done).toBeGreaterThanOrEqual(5);
      expect(done).toBeLessThan(24);
      if (workers === 0) expect(done).toBe(5);
      expect(cut.records.filter((r) => r.status === 'not-run').length).toBe(24 - done);
      const sweep = readCsv(join(out, 'sweep.csv'));
      expect(sweep.rows.filter((r) => r[6] === 'not-run').length).toBe(24 - done);
      const resumed = await runBatch(plan, { out, workers });
      expect(resumed.progress.skipped).toBe(done);
      expect(readdirSync(join(out, 'runs')).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
      expect(contents(out)).toEqual(contents(join(dir, 'full')));
    });
  }

  it('a failing run is recorded with its error in sweep.csv; the others go on', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'good.csv'), 'time_s,vm,cpu_pct\n0,0,20\n300,0,40\n0,1,10\n300,1,30\n');
    writeFileSync(join(dir, 'bad.csv'), 'time_s,vm,cpu_pct\n0,0,20\n300,0,forty\n');
    const text = `name: traces
seed: 1
duration: 10m
host_types:
  h: { cores: 2, mips: 2000, ram: 4GiB, power: { model: linear, idle: 80W, max: 120W } }
vm_types:
  v: { vcpus: 1, mips: 1000, ram: 1GiB }
datacenter:
  hosts: [{ type: h, count: 2 }]
trace_vms:
  csv: good.csv
  types: [v]
consolidation: { power_management: dvfs }
sweep:
  grid:
    trace_vms.csv: [good.csv, bad.csv]
  replications: 2
`;
    const plan = planBatch(writeScenario(dir, text), { sweep: true });
    const out = join(dir, 'b');
    const r = await runBatch(plan, { out, workers: 2 });
    expect(r.progress).toEqual({ total: 4, skipped: 0, done: 4, failed: 2 });
    const sweep = readCsv(join(out, 'sweep.csv'));
    const status = sweep.columns.indexOf('status');
    expect(sweep.rows.map((x) => [x[0], x[status]])).toEqual([
      ['base_good.csv_r0', 'ok'], ['base_good.csv_r1', 'ok'], ['base_bad.csv_r0', 'failed'], ['base_bad.csv_r1', 'failed'],
    ]);
    const error = sweep.rows[2][sweep.columns.indexOf('error')];
    expect(error).toMatch(/bad\.csv:3/);
    expect(existsSync(join(out, 'runs', 'base_bad.csv_r0', 'error.json'))).toBe(true);
    const agg = readCsv(join(out, 'aggregate.csv'));
    expect(agg.rows.map((x) => [x[0], x[1], x[2], x.at(-1)])).toEqual([['base', 'good.csv', '2', '0'], ['base', 'bad.csv', '0', '2']]);
    // failed runs are tried again on a re-run
    const again = await runBatch(plan, { out, workers: 0 });
    expect(again.progress).toEqual({ total: 4, skipped: 2, done: 2, failed: 2 });
  });
});
