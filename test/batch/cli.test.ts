import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliAsync } from '../cli/helpers.js';
import { SWEEP, sweepScenario, tmp, writeScenario } from './helpers.js';

describe('dcsim run --sweep / merge / check / baseline', { timeout: 60_000 }, () => {
  it('runs a sweep, skips it on a second run, and checks it against its own baseline', async () => {
    const dir = tmp();
    const file = writeScenario(dir, sweepScenario());
    const out = join(dir, 'out');
    const first = await runCliAsync(['run', file, '--sweep', '--out', out, '-j', '2']);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^tiny: 24 runs: 24 run, 0 already done, 0 failed, in [\d.]+ s on 2 workers\n/);
    const again = await runCliAsync(['run', file, '--sweep', '--out', out, '-j', '1']);
    expect(again.out).toContain('tiny: 24 runs: 0 run, 24 already done, 0 failed');
    const base = join(dir, 'base.csv');
    expect(runCli(['baseline', out, '--out', base]).code).toBe(0);
    expect(readFileSync(base, 'utf8')).toBe(readFileSync(join(out, 'sweep.csv'), 'utf8'));
    const ok = runCli(['check', out, '--baseline', base, '--junit', join(dir, 'j.xml')]);
    expect(ok.code).toBe(0);
    expect(ok.out).toBe(`check ${join(out, 'sweep.csv')} against ${base} (runs): 24 runs x 23 metrics, 0 moved\n`);
    expect(readFileSync(join(dir, 'j.xml'), 'utf8')).toContain('tests="552" failures="0"');

    // the same batch with twice the arrivals drifts: exit 1 and a table
    const slow = join(dir, 'slow');
    expect((await runCliAsync(['run', file, '--sweep', '--out', slow, '--set', 'workloads.0.interarrival.mean=1s', '-q'])).code).toBe(0);
    const drift = runCli(['check', slow, '--baseline', base, '--method', 'welch']);
    expect(drift.code).toBe(1);
    expect(drift.out).toMatch(/\(welch\): 8 points x 22 metrics, [1-9]\d* moved\nrun \/ point +metric +baseline +current +how\n/);
    expect(runCli(['check', slow, '--baseline', base, '--method', 'bogus']).code).toBe(2);
  });

  it('shards and merge from the command line; a bad shard and mixed batches exit 2', async () => {
    const dir = tmp();
    const file = writeScenario(dir, sweepScenario());
    for (const i of [1, 2]) expect((await runCliAsync(['run', file, '--sweep', '--shard', `${i}/2`, '--out', join(dir, `s${i}`), '-q'])).code).toBe(0);
    const m = runCli(['merge', join(dir, 's1'), join(dir, 's2'), '--out', join(dir, 'm')]);
    expect(m.code).toBe(0);
    expect(m.out).toContain('merged 2 folders');
    expect(existsSync(join(dir, 'm', 'aggregate.csv'))).toBe(true);
    const bad = await runCliAsync(['run', file, '--sweep', '--shard', '3/2']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('--shard "3/2": the shard index must be from 1 to 2 (shards are numbered from 1)\n');
    expect((await runCliAsync(['run', file, '--sweep', '--set', 'duration=5m', '--shard', '1/2', '--out', join(dir, 'o'), '-q'])).code).toBe(0);
    const mixed = runCli(['merge', join(dir, 's1'), join(dir, 'o'), '--out', join(dir, 'm2')]);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/holds another batch than .*only slices of one batch can be merged/);
    // a merge with a slice missing: exit 1, the missing runs are not-run
    expect(runCli(['merge', join(dir, 's1'), '--out', join(dir, 'half')]).code).toBe(1);
  });

  it('a sweep over a path that does not exist: the problem with file:line:column, exit 2', async () => {
    const dir = tmp();
    const file = writeScenario(dir, sweepScenario(SWEEP.replace('datacenter.placement:', 'datacenter.placment:')));
    const r = await runCliAsync(['run', file, '--sweep']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${file}:18:5: datacenter.placment: unknown key "placment" (did you mean "placement"? allowed keys: placement, layout, cpu_overcommit, hosts; from sweep grid datacenter.placment)\n`);
  });

  it('dcsim validate counts a sweep section\'s runs and reports its problems', () => {
    const dir = tmp();
    const ok = writeScenario(dir, sweepScenario());
    expect(runCli(['validate', ok]).out).toBe(`${ok}: ok (tiny: 3 hosts, 1 actions, 1 workloads; sweep: 24 runs)\n`);
    const bad = writeScenario(dir, sweepScenario(SWEEP.replace('[2, 4]', '[2, 0]')), 'bad.yaml');
    const r = runCli(['validate', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${bad}:19:29: host_types.h.cores: expected an integer >= 1, got 0 (from sweep grid host_types.h.cores)\n`);
  });

  it('failing runs: the batch goes on, names them on stderr and exits 1', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'good.csv'), 'time_s,vm,cpu_pct\n0,0,20\n300,0,40\n');
    writeFileSync(join(dir, 'bad.csv'), 'time_s,vm,cpu_pct\n0,0,20\n300,0,forty\n');
    const file = writeScenario(
      dir,
      `name: traces\nduration: 10m\nhost_types:\n  h: { cores: 2, mips: 2000, ram: 4GiB }\nvm_types:\n  v: { vcpus: 1, mips: 1000, ram: 1GiB }\ndatacenter:\n  hosts: [{ type: h, count: 2 }]\ntrace_vms: { csv: good.csv, types: [v] }\nsweep:\n  grid:\n    trace_vms.csv: [bad.csv, good.csv]\n`,
    );
    const r = await runCliAsync(['run', file, '--sweep', '--out', join(dir, 'out'), '-j', '1']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('traces: 2 runs: 2 run, 0 already done, 1 failed');
    expect(r.err).toMatch(/^traces: run base_bad\.csv_r0 failed: .*bad\.csv:3/);
    expect(readFileSync(join(dir, 'out', 'sweep.csv'), 'utf8').split('\n')[2]).toMatch(/^base_good\.csv_r0,base,good\.csv,0,1,ok,/);
  });

  it('a baseline with other metrics: exit 2', async () => {
    const dir = tmp();
    const file = writeScenario(dir, sweepScenario().replace(/sweep:[\s\S]*$/, ''));
    expect(runCli(['baseline', file, '--out', join(dir, 'b'), '-q']).code).toBe(0);
    const run = join(dir, 'run');
    expect(runCli(['run', file, '--out', run, '-q']).code).toBe(0);
    expect(runCli(['check', run, '--baseline', join(dir, 'b', 'tiny.csv')]).code).toBe(0);
    // the same baseline without its energy_kwh column
    const [header, row] = readFileSync(join(dir, 'b', 'tiny.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const drop = header.indexOf('energy_kwh');
    const other = join(dir, 'other.csv');
    writeFileSync(other, [header, row].map((cells) => cells.filter((_, i) => i !== drop).join(',')).join('\n') + '\n');
    const r = runCli(['check', run, '--baseline', other]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('has other metrics than');
    expect(r.err).toContain('only in the results: energy_kwh');
  });
});
