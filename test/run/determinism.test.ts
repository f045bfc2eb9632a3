import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { resultFiles, simulate } from '../../src/run/simulate.js';

describe('determinism', () => {
  it('the same scenario and seed give byte-identical CSVs; another seed gives others', () => {
    const a = resultFiles(simulate(loadScenario('scenarios/quickstart.yaml')));
    const b = resultFiles(simulate(loadScenario('scenarios/quickstart.yaml')));
    const c = resultFiles(simulate(loadScenario('scenarios/quickstart.yaml', { seed: 43 })));
    expect(Object.keys(a).sort()).toEqual(['hosts.csv', 'summary.csv', 'tasks.csv', 'timeseries.csv', 'vms.csv']);
    for (const f of Object.keys(a)) expect(b[f]).toBe(a[f]);
    expect(c['tasks.csv']).not.toBe(a['tasks.csv']);
    expect(c['summary.csv']).not.toBe(a['summary.csv']);
  });

  it('a stream added for one purpose does not move another: changing task lengths keeps arrival times', () => {
    const base = simulate(loadScenario('scenarios/quickstart.yaml'));
    const other = simulate(loadScenario('scenarios/quickstart.yaml', { set: ['workloads.1.length={dist: constant, value: 1000}'] }));
    const submits = (r: typeof base) => r.tasks!.rows.map((row) => row[5]);
    expect(submits(other)).toEqual(submits(base));
  });
});

describe('determinism of consolidation runs', () => {
  it('the consolidation scenario gives byte-identical CSVs for a seed, others for another', () => {
    const a = resultFiles(simulate(loadScenario('scenarios/consolidation.yaml')));
    const b = resultFiles(simulate(loadScenario('scenarios/consolidation.yaml')));
    const c = resultFiles(simulate(loadScenario('scenarios/consolidation.yaml', { seed: 8 })));
    for (const f of Object.keys(a)) expect(b[f]).toBe(a[f]);
    expect(c['summary.csv']).not.toBe(a['summary.csv']);
  });
});
