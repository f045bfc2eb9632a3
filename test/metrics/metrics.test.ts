import { describe, expect, it } from 'vitest';
import { quantile } from '../../src/metrics/report.js';
import { toCsv } from '../../src/metrics/writer.js';
import { parseScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/run/simulate.js';
import { scenarioText } from '../cli/helpers.js';

describe('quantile (type 7)', () => {
  it('interpolates between order statistics like numpy', () => {
    const xs = Float64Array.from([1, 2, 3, 4]);
    expect(quantile(xs, 0.5)).toBe(2.5);
    expect(quantile(xs, 0.95)).toBeCloseTo(3.85, 12);
    expect(quantile(xs, 0)).toBe(1);
    expect(quantile(xs, 1)).toBe(4);
    expect(quantile(new Float64Array(0), 0.5)).toBeNaN();
  });
});

describe('csv', () => {
  it('writes shortest round-trip numbers and empty cells for NaN', () => {
    expect(toCsv({ columns: ['a', 'b', 'c'], rows: [[0.1 + 0.2, '', 'x,y']] })).toBe('a,b,c\n0.30000000000000004,,"x,y"\n');
  });
});

describe('timeseries and summary agree', () => {
  const r = simulate(parseScenario(scenarioText(), 'tiny.yaml'));
  const col = (name: string) => r.summary.columns.indexOf(name);
  const row = r.summary.rows[0];
  const series = (metric: string, entity = 'datacenter') => r.timeseries.rows.filter((x) => x[1] === entity && x[3] === metric);

  it('mean power x interval sums to the energy of the summary', () => {
    let prev = 0, joules = 0;
    for (const [t, , , , w] of series('power_w')) {
      joules += (w as number) * ((t as number) - prev);
      prev = t as number;
    }
    expect(prev).toBe(600);
    expect(joules / 3.6e6).toBeCloseTo(row[col('energy_kwh')] as number, 9);
    const last = series('energy_kwh').at(-1)!;
    expect(last[4]).toBeCloseTo(row[col('energy_kwh')] as number, 12);
  });

  it('tasks completed per interval add up to the summary count', () => {
    const sum = series('tasks_completed').reduce((s, x) => s + (x[4] as number), 0);
    expect(sum).toBe(row[col('tasks_completed')]);
  });

  it('idle hosts draw the idle power of the default linear model (70 W)', () => {
    // 3 hosts, 4 VMs of 2 vCPUs on 4-core hosts: first-fit fills hosts 0 and 1; host 2 stays idle.
    const h2 = series('power_w', 'host').filter((x) => x[2] === 2);
    expect(h2.length).toBe(10);
    for (const x of h2) expect(x[4]).toBe(70);
  });
});
