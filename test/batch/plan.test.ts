import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planBatch, replicationSeed } from '../../src/batch/plan.js';
import { ScenarioError } from '../../src/scenario/problems.js';
import { problemsOf, SWEEP, sweepScenario, tmp, writeScenario } from './helpers.js';

describe('sweep plan', () => {
  it('variants x grid x replications, in definition order, with stable ids', () => {
    const file = writeScenario(tmp(), sweepScenario());
    const { def, configs } = planBatch(file, { sweep: true });
    expect(def.runs.length).toBe(2 * 2 * 2 * 3);
    expect(def.params).toEqual(['datacenter.placement', 'host_types.h.cores']);
    expect(def.runs.slice(0, 4).map((r) => r.run_id)).toEqual(['base_first-fit_2_r0', 'base_first-fit_2_r1', 'base_first-fit_2_r2', 'base_first-fit_4_r0']);
    expect(def.runs[23].run_id).toBe('slow_worst-fit_4_r2');
    expect(def.runs[23].params).toEqual(['worst-fit', '4']);
    // the overrides reach the resolved scenarios
    expect(configs[23].datacenter.placement).toBe('worst-fit');
    expect(configs[23].datacenter.hosts[0].spec.cores).toBe(4);
    expect(configs[0].datacenter.hosts[0].spec.cores).toBe(2);
  });

  it('seeds: replication 0 is the scenario seed, r >= 1 the documented hash; the same across points (common random numbers)', () => {
    const file = writeScenario(tmp(), sweepScenario());
    const { def } = planBatch(file, { sweep: true });
    const expected = (r: number) => (r === 0 ? 3 : createHash('sha256').update(`dcsim/replication/3/${r}`).digest().readUInt32BE(0));
    for (const run of def.runs) expect(run.seed).toBe(expected(run.replication));
    expect(replicationSeed(3, 1)).toBe(expected(1));
    expect(new Set(def.runs.map((r) => r.seed)).size).toBe(3);
    // --seed moves the base
    const other = planBatch(file, { sweep: true, seed: 9 });
    expect(other.def.runs[0].seed).toBe(9);
  });

  it('adding a grid value or a variant changes no other run (id, seed, content hash)', () => {
    const dir = tmp();
    const a = planBatch(writeScenario(dir, sweepScenario()), { sweep: true }).def.runs;
    const more = SWEEP.replace('[first-fit, worst-fit]', '[first-fit, best-fit, worst-fit]').replace('  replications: 3', '    - name: extra\n      set: { vm_types.v.ram: 1GiB }\n  replications: 3');
    const b = planBatch(writeScenario(dir, sweepScenario(more), 'more.yaml'), { sweep: true }).def.runs;
    expect(b.length).toBe(3 * 3 * 2 * 3);
    const byId = new Map(b.map((r) => [r.run_id, r]));
    for (const r of a) expect(byId.get(r.run_id)).toEqual(r);
  });

  it('--replications without a sweep section replicates the scenario alone', () => {
    const file = writeScenario(tmp(), sweepScenario().replace(/sweep:[\s\S]*$/, ''));
    const { def } = planBatch(file, { sweep: false, replications: 4 });
    expect(def.runs.map((r) => r.run_id)).toEqual(['base_r0', 'base_r1', 'base_r2', 'base_r3']);
    expect(def.params).toEqual([]);
  });

  it('a path that does not exist: file:line:column of the sweep key, did-you-mean, exit code 2', () => {
    const bad = SWEEP.replace('datacenter.placement:', 'datacenter.placment:').replace('host_types.h.cores', 'host_typs.h.cores');
    const file = writeScenario(tmp(), sweepScenario(bad));
    const lines = problemsOf(() => planBatch(file, { sweep: true }));
    expect(lines).toEqual([
      `${file}:18:5: datacenter.placment: unknown key "placment" (did you mean "placement"? allowed keys: placement, layout, cpu_overcommit, hosts; from sweep grid datacenter.placment)`,
      expect.stringMatching(new RegExp(`^${file.replace(/[.]/g, '\\.')}:19:5: host_typs: unknown key "host_typs" \\(did you mean "host_types"\\?`)),
    ]);
    try {
      planBatch(file, { sweep: true });
    } catch (e) {
      expect((e as ScenarioError).exitCode).toBe(2);
    }
  });

  it('a value the scenario rejects is reported where the sweep wrote it, once', () => {
    const bad = SWEEP.replace('[first-fit, worst-fit]', '[first-fit, wrost-fit]');
    const file = writeScenario(tmp(), sweepScenario(bad));
    const lines = problemsOf(() => planBatch(file, { sweep: true }));
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatch(new RegExp(`^.*s\\.yaml:18:39: datacenter\\.placement: expected one of .*got "wrost-fit" \\(did you mean "worst-fit"\\?.*from sweep grid datacenter\\.placement\\)$`));
  });

  it('the sweep section itself: seed is not sweepable, duplicates, empty lists, bad replications', () => {
    const bad = `  grid:
    seed: [1, 2]
    duration: []
    datacenter.placement: [first-fit, first-fit]
  variants:
    - { name: a }
    - { name: a }
  replications: 0
`;
    const file = writeScenario(tmp(), sweepScenario(bad));
    const lines = problemsOf(() => planBatch(file, { sweep: true }));
    expect(lines).toEqual([
      `${file}:18:5: sweep.grid.seed: a sweep cannot set seed (replications give each run its own seed; see "Batch experiments" in the README)`,
      `${file}:19:15: sweep.grid.duration: expected a non-empty list of values for duration, got an empty list`,
      `${file}:20:39: sweep.grid.datacenter.placement.1: value "first-fit" is listed twice`,
      `${file}:23:15: sweep.variants.1.name: variant name "a" is used twice`,
      `${file}:24:17: sweep.replications: expected an integer from 1 to 1000000, got 0`,
    ]);
  });

  it("a utilization trace's content is part of the content hash (the scenario holds only its path)", () => {
    const dir = tmp();
    writeFileSync(join(dir, 't.csv'), 'time_s,vm,cpu_pct\n0,0,20\n300,0,40\n');
    const file = writeScenario(
      dir,
      `name: t\nhost_types:\n  h: { cores: 2, mips: 2000, ram: 4GiB }\nvm_types:\n  v: { vcpus: 1, mips: 1000, ram: 1GiB }\ndatacenter:\n  hosts: [{ type: h }]\ntrace_vms: { csv: t.csv, types: [v] }\n`,
    );
    const before = planBatch(file, { sweep: false, replications: 2 }).def.runs.map((r) => r.content_hash);
    expect(planBatch(file, { sweep: false, replications: 2 }).def.runs.map((r) => r.content_hash)).toEqual(before);
    writeFileSync(join(dir, 't.csv'), 'time_s,vm,cpu_pct\n0,0,20\n300,0,41\n');
    const after = planBatch(file, { sweep: false, replications: 2 }).def.runs.map((r) => r.content_hash);
    expect(after[0]).not.toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
  });

  it('--sweep on a scenario without a sweep section: exit code 2', () => {
    const file = writeScenario(tmp(), sweepScenario().replace(/sweep:[\s\S]*$/, ''));
    expect(() => planBatch(file, { sweep: true })).toThrow(expect.objectContaining({ code: 'E_NO_SWEEP', exitCode: 2 }));
  });
});
