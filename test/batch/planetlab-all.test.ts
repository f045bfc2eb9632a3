/**
 * scenarios/consolidation/planetlab-all.yaml, issue 3's "13 policies x 10 days" as one
 * batch: its runs must be, one for one, the 13 planetlab-<policy>.yaml scenarios on
 * each PlanetLab day (the day given by --set trace_vms.planetlab / trace_vms.order,
 * as the README says). The structure is checked from the YAML alone; planning and a
 * real run need ../shared and are skipped, visibly, without it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planBatch } from '../../src/batch/plan.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runCliAsync } from '../cli/helpers.js';
import { tmp } from './helpers.js';

const DIR = 'scenarios/consolidation';
const ALL = join(DIR, 'planetlab-all.yaml');
const POLICIES = [
  'npa', 'dvfs', 'thr-mmt-0.8', 'thr-mmt-1.0', 'iqr-mmt-1.5', 'mad-mmt-2.5', 'lr-mmt-1.2', 'lrr-mmt-1.2',
  'lr-mc-1.2', 'lr-rs-1.2', 'thr-mc-0.8', 'thr-mu-0.8', 'thr-rs-0.8',
];
const DAYS = ['20110303', '20110306', '20110309', '20110322', '20110325', '20110403', '20110409', '20110411', '20110412', '20110420'];
/** As the scenarios write them: relative to scenarios/consolidation/. */
const dayFolder = (d: string) => `../../../shared/data/planetlab/${d}`;
const orderFile = (d: string) => `../../../shared/reference/cloudsim-vm-order/${d}.tsv`;
const daySets = (d: string) => [`trace_vms.planetlab=${dayFolder(d)}`, `trace_vms.order=${orderFile(d)}`];

const SHARED = '../shared';
const shared = DAYS.every((d) => existsSync(join(SHARED, 'data', 'planetlab', d)) && existsSync(join(SHARED, 'reference', 'cloudsim-vm-order', `${d}.tsv`)));
if (!shared) console.warn(`skipping the PlanetLab all-days batch runs: the 10 days under ${SHARED}/data/planetlab or their orders are absent (../shared is not part of a clone)`);

type Obj = Record<string, unknown>;
const yamlOf = (file: string) => parse(readFileSync(file, 'utf8')) as Obj;
const without = (o: Obj, ...keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

describe('planetlab-all.yaml: the 13 policy scenarios x the 10 days, as written', () => {
  const all = yamlOf(ALL);
  const sweep = all.sweep as { grid: Record<string, Record<string, unknown>>; variants: { name: string; set: Obj }[]; replications?: number };

  it('its grid names the 13 policies, each the consolidation section of planetlab-<policy>.yaml', () => {
    expect(Object.keys(sweep.grid)).toEqual(['consolidation']);
    expect(Object.keys(sweep.grid.consolidation)).toEqual(POLICIES);
    for (const p of POLICIES) expect(sweep.grid.consolidation[p], p).toEqual(yamlOf(join(DIR, `planetlab-${p}.yaml`)).consolidation);
    expect(sweep.replications ?? 1).toBe(1);
  });

  it('its variants are the 10 days, each setting the trace folder and CloudSim\'s VM order of that day', () => {
    expect(sweep.variants).toEqual(DAYS.map((d) => ({ name: `d${d}`, set: { 'trace_vms.planetlab': dayFolder(d), 'trace_vms.order': orderFile(d) } })));
  });

  it('everything else is the policies\' scenario: one run without --sweep is planetlab-thr-mmt-0.8.yaml on 20110303', () => {
    const thr = yamlOf(join(DIR, 'planetlab-thr-mmt-0.8.yaml'));
    expect(without(all, 'name', 'description', 'sweep')).toEqual(without(thr, 'name', 'description'));
    for (const p of POLICIES) {
      expect(without(yamlOf(join(DIR, `planetlab-${p}.yaml`)), 'name', 'description', 'consolidation'), p).toEqual(without(thr, 'name', 'description', 'consolidation'));
    }
    expect(all.name).toBe('planetlab-all');
  });
});

describe.skipIf(!shared)('planetlab-all.yaml --sweep (needs ../shared)', { timeout: 120_000 }, () => {
  it('plans 130 runs, day by day, policy by policy, with readable ids; each the policy\'s own scenario on that day', () => {
    const { def, configs } = planBatch(ALL, { sweep: true });
    expect(def.runs.length).toBe(130);
    expect(def.params).toEqual(['consolidation']);
    expect(def.sweep.grid).toEqual({ consolidation: POLICIES });
    let k = 0;
    for (const d of DAYS) {
      for (const p of POLICIES) {
        const run = def.runs[k];
        expect(run.run_id).toBe(`d${d}_${p}_r0`);
        expect(run.variant).toBe(`d${d}`);
        expect(run.params).toEqual([p]);
        expect(run.seed).toBe(1);
        // The whole resolved scenario, field by field, but its name and description.
        const alone = loadScenario(join(DIR, `planetlab-${p}.yaml`), { set: daySets(d) });
        expect({ ...configs[k], name: alone.name, description: alone.description }, run.run_id).toEqual(alone);
        // The parts that make the experiment, spelled out (a failure above shows which).
        expect(configs[k].consolidation).toEqual(alone.consolidation);
        expect(configs[k].traceVms).toEqual(alone.traceVms);
        expect(configs[k].traceVms?.source).toEqual(expect.objectContaining({ kind: 'planetlab', folder: expect.stringMatching(new RegExp(`shared/data/planetlab/${d}$`)) }));
        expect(configs[k].compat).toBe('cloudsim');
        expect(configs[k].datacenter).toEqual(alone.datacenter);
        expect(configs[k].vmTypes).toEqual(alone.vmTypes);
        k++;
      }
    }
    // one content hash per run: nothing collapses two (day, policy) pairs
    expect(new Set(def.runs.map((r) => r.content_hash)).size).toBe(130);
    // every day folder of ../shared is in the batch
    expect(readdirSync(join(SHARED, 'data', 'planetlab')).filter((f) => /^\d{8}$/.test(f)).sort()).toEqual(DAYS);
  });

  it('a run of the batch (LR-RS-1.2 on 20110306, by --shard) writes the CSVs of the standalone scenario on that day, byte for byte', async () => {
    const dir = tmp();
    const id = 'd20110306_lr-rs-1.2_r0';
    const position = DAYS.indexOf('20110306') * POLICIES.length + POLICIES.indexOf('lr-rs-1.2'); // 0-based, in run order
    const batch = join(dir, 'batch');
    const b = await runCliAsync(['run', ALL, '--sweep', '--shard', `${position + 1}/130`, '-j', '0', '--out', batch, '--quiet']);
    expect(b.code, b.err).toBe(0);
    const sweepCsv = readFileSync(join(batch, 'sweep.csv'), 'utf8').trim().split('\n');
    expect(sweepCsv.filter((l) => /,ok,/.test(l)).map((l) => l.split(',')[0])).toEqual([id]);

    // The standalone scenario, named as the batch is (summary.csv's scenario column).
    const single = join(dir, 'single');
    const s = await runCliAsync(['run', join(DIR, 'planetlab-lr-rs-1.2.yaml'), ...daySets('20110306').flatMap((x) => ['--set', x]), '--set', 'name=planetlab-all', '--out', single, '--quiet']);
    expect(s.code, s.err).toBe(0);
    const csvs = readdirSync(join(batch, 'runs', id)).filter((f) => f.endsWith('.csv')).sort();
    expect(csvs).toEqual(readdirSync(single).filter((f) => f.endsWith('.csv')).sort());
    expect(csvs).toContain('summary.csv');
    for (const f of csvs) expect(readFileSync(join(batch, 'runs', id, f), 'utf8'), f).toBe(readFileSync(join(single, f), 'utf8'));
    // and the day is really 20110306: not the scenario's own day
    const summary = readFileSync(join(single, 'summary.csv'), 'utf8');
    const base = await runCliAsync(['run', join(DIR, 'planetlab-lr-rs-1.2.yaml'), '--set', 'name=planetlab-all', '--out', join(dir, 'base'), '--quiet']);
    expect(base.code).toBe(0);
    expect(readFileSync(join(dir, 'base', 'summary.csv'), 'utf8')).not.toBe(summary);
  });
});
