import { expect, test } from 'vitest';
import { resultFiles, simulate } from '../../src/run/simulate.js';
import { loadScenario } from '../../src/scenario/load.js';

test('an application scenario (autoscaling, diurnal load) gives byte-identical CSVs per seed', { timeout: 60_000 }, () => {
  const load = (seed?: number) => loadScenario('scenarios/multitier-autoscale.yaml', { set: ['duration=40m'], seed });
  const a = resultFiles(simulate(load()));
  const b = resultFiles(simulate(load()));
  expect(Object.keys(a).sort()).toEqual([
    'applications.csv', 'classes.csv', 'hosts.csv', 'replicas.csv', 'summary.csv', 'tiers.csv', 'timeseries.csv', 'vms.csv',
  ]);
  for (const f of Object.keys(a)) expect(b[f], f).toBe(a[f]);
  const c = resultFiles(simulate(load(6)));
  expect(c['applications.csv']).not.toBe(a['applications.csv']);
});
