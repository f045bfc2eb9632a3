/**
 * Named grid values (`sweep.grid.<path>: {name: value, ...}`): for values that are not
 * short scalars (a whole section, a file path), the name stands for the value in run
 * ids, sweep.csv and aggregate.csv, where a list would give `h<hash>` ids and JSON
 * cells.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planBatch } from '../../src/batch/plan.js';
import { runBatch } from '../../src/batch/runner.js';
import { problemsOf, sweepScenario, tmp, writeScenario } from './helpers.js';

/** Line 17 is `  grid:`, line 18 the host_types.h path. */
const NAMED = `  grid:
    host_types.h:
      small: { cores: 2, mips: 1000, ram: 8GiB }
      large: { cores: 8, mips: 1000, ram: 8GiB }
    datacenter.placement: { ff: first-fit, wf: worst-fit }
  variants:
    - name: base
    - name: slow
      set: { vm_types.v.mips: 500 }
  replications: 2
`;

describe('named grid values', () => {
  it('the name is the run id part and the parameter cell; the value reaches the resolved scenario', () => {
    const { def, configs } = planBatch(writeScenario(tmp(), sweepScenario(NAMED)), { sweep: true });
    expect(def.runs.length).toBe(2 * 2 * 2 * 2);
    expect(def.params).toEqual(['host_types.h', 'datacenter.placement']);
    expect(def.runs.slice(0, 5).map((r) => r.run_id)).toEqual(['base_small_ff_r0', 'base_small_ff_r1', 'base_small_wf_r0', 'base_small_wf_r1', 'base_large_ff_r0']);
    expect(def.runs[15].run_id).toBe('slow_large_wf_r1');
    expect(def.runs[15].params).toEqual(['large', 'wf']);
    expect(def.sweep.grid).toEqual({ 'host_types.h': ['small', 'large'], 'datacenter.placement': ['ff', 'wf'] });
    // batch.json keeps what each name stands for
    expect(def.sweep.named).toEqual({
      'host_types.h': { small: '{"cores":2,"mips":1000,"ram":"8GiB"}', large: '{"cores":8,"mips":1000,"ram":"8GiB"}' },
      'datacenter.placement': { ff: '"first-fit"', wf: '"worst-fit"' },
    });
    expect(configs[0].datacenter.hosts[0].spec.cores).toBe(2);
    expect(configs[0].datacenter.placement).toBe('first-fit');
    expect(configs[15].datacenter.hosts[0].spec.cores).toBe(8);
    expect(configs[15].datacenter.placement).toBe('worst-fit');
    expect(configs[15].vmTypes.v.mips).toBe(500);
  });

  it('names only relabel: the same runs (seeds, content hashes) as the values listed', () => {
    const dir = tmp();
    const named = planBatch(writeScenario(dir, sweepScenario(NAMED)), { sweep: true }).def.runs;
    const listed = NAMED.replace(/host_types\.h:\n.*\n.*\n/, 'host_types.h: [{ cores: 2, mips: 1000, ram: 8GiB }, { cores: 8, mips: 1000, ram: 8GiB }]\n')
      .replace('{ ff: first-fit, wf: worst-fit }', '[first-fit, worst-fit]');
    const plain = planBatch(writeScenario(dir, sweepScenario(listed), 'listed.yaml'), { sweep: true }).def.runs;
    expect(plain.map((r) => r.content_hash)).toEqual(named.map((r) => r.content_hash));
    expect(plain.map((r) => r.seed)).toEqual(named.map((r) => r.seed));
    expect(plain[0].run_id).toMatch(/^base_h[0-9a-f]{8}_first-fit_r0$/);
    expect(planBatch(join(dir, 'listed.yaml'), { sweep: true }).def.sweep).not.toHaveProperty('named');
  });

  it('sweep.csv and aggregate.csv carry the names', async () => {
    const dir = tmp();
    const plan = planBatch(writeScenario(dir, sweepScenario(NAMED)), { sweep: true });
    const out = join(dir, 'out');
    const r = await runBatch(plan, { out, workers: 0 });
    expect(r.progress.failed).toBe(0);
    const sweep = readFileSync(join(out, 'sweep.csv'), 'utf8').split('\n');
    expect(sweep[0]).toMatch(/^run_id,variant,host_types\.h,datacenter\.placement,replication,seed,status,/);
    expect(sweep[16]).toMatch(/^slow_large_wf_r1,slow,large,wf,1,\d+,ok,/);
    const aggregate = readFileSync(join(out, 'aggregate.csv'), 'utf8').split('\n');
    expect(aggregate[0]).toMatch(/^variant,host_types\.h,datacenter\.placement,n,/);
    expect(aggregate.slice(1, 9).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      'base,small,ff,2', 'base,small,wf,2', 'base,large,ff,2', 'base,large,wf,2',
      'slow,small,ff,2', 'slow,small,wf,2', 'slow,large,ff,2', 'slow,large,wf,2',
    ]);
  });

  it('bad names, an empty map and a value named twice are reported at the sweep', () => {
    const bad = `  grid:
    host_types.h:
      a b: { cores: 2, mips: 1000, ram: 8GiB }
    datacenter.placement: {}
    datacenter.cpu_overcommit: { one: 1, also-one: 1 }
`;
    const file = writeScenario(tmp(), sweepScenario(bad));
    expect(problemsOf(() => planBatch(file, { sweep: true }))).toEqual([
      `${file}:19:7: sweep.grid.host_types.h.a b: expected a value name made of letters, digits, "." and "-", got "a b" (the name labels the value in run ids)`,
      `${file}:20:27: sweep.grid.datacenter.placement: expected a non-empty map of names to values for datacenter.placement, got an empty map`,
      `${file}:21:52: sweep.grid.datacenter.cpu_overcommit.also-one: value 1 is listed twice`,
    ]);
  });

  it('a named value the scenario rejects is reported where the sweep wrote it', () => {
    const bad = NAMED.replace('wf: worst-fit', 'wf: wrost-fit');
    const file = writeScenario(tmp(), sweepScenario(bad));
    const lines = problemsOf(() => planBatch(file, { sweep: true }));
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatch(new RegExp(`^.*s\\.yaml:21:48: datacenter\\.placement: expected one of .*got "wrost-fit" \\(did you mean "worst-fit"\\?.*from sweep grid datacenter\\.placement\\)$`));
  });
});
