import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CheckOptions, DEFAULT_CHECK, checkResults, junitXml, loadResultTable, movedTable } from '../../src/batch/check.js';
import { tmp } from './helpers.js';

function csvFile(dir: string, name: string, text: string) {
  const f = join(dir, name);
  writeFileSync(f, text);
  return loadResultTable(f);
}

const summary = (energy: string, tasks = '100', extra = '') => `scenario,seed,energy_kwh,tasks_completed${extra ? ',' + extra : ''}\nq,42,${energy},${tasks}${extra ? ',1' : ''}\n`;

/** A sweep.csv of two points (variant a and b), three replications each. */
function sweep(a: number[], b: number[]): string {
  const rows = [...a.map((x, r) => `a_r${r},a,${r},${r},ok,${x},`), ...b.map((x, r) => `b_r${r},b,${r},${r},ok,${x},`)];
  return ['run_id,variant,replication,seed,status,energy_kwh,error', ...rows].join('\n') + '\n';
}

const opts = (o: Partial<CheckOptions>): CheckOptions => ({ ...DEFAULT_CHECK, ...o });

describe('check, run by run', () => {
  it('identical results: nothing moved; a change beyond the tolerance moved', () => {
    const dir = tmp();
    const base = csvFile(dir, 'base.csv', summary('1.5'));
    expect(checkResults(csvFile(dir, 'same.csv', summary('1.5')), base).findings.filter((f) => f.moved)).toEqual([]);
    const cur = csvFile(dir, 'cur.csv', summary('1.53', '101'));
    const r = checkResults(cur, base);
    expect(r.findings.filter((f) => f.moved).map((f) => [f.key, f.metric, f.baseline, f.current])).toEqual([
      ['q', 'energy_kwh', '1.5', '1.53'],
      ['q', 'tasks_completed', '100', '101'],
    ]);
    expect(r.findings.find((f) => f.metric === 'energy_kwh')!.detail).toBe('change 0.03 (2%), tolerance 1.5e-9');
    expect(movedTable(r)).toContain('energy_kwh');
    // rtol 1.5 %: the task count passes (1 <= 0.015 x 100), the energy does not (0.03 > 0.015 x 1.5)
    const loose = checkResults(cur, base, opts({ rtol: 0.015 }));
    expect(loose.findings.filter((f) => f.moved).map((f) => f.metric)).toEqual(['energy_kwh']);
    const perMetric = checkResults(cur, base, opts({ metricTol: new Map<string, number | 'ignore'>([['energy_kwh', 0.05], ['tasks_completed', 'ignore']]) }));
    expect(perMetric.findings.filter((f) => f.moved)).toEqual([]);
    expect(perMetric.metrics).toEqual(['seed', 'energy_kwh']);
    // absolute tolerance
    expect(checkResults(cur, base, opts({ atol: 1 })).findings.filter((f) => f.moved)).toEqual([]);
  });

  it('an empty cell against a number moved', () => {
    const dir = tmp();
    const r = checkResults(csvFile(dir, 'a.csv', summary('')), csvFile(dir, 'b.csv', summary('2')));
    expect(r.findings.filter((f) => f.moved).map((f) => f.metric)).toEqual(['energy_kwh']);
  });

  it('a baseline with other metrics, other runs or another kind of table: exit code 2', () => {
    const dir = tmp();
    const base = csvFile(dir, 'base.csv', summary('1.5'));
    const more = csvFile(dir, 'more.csv', summary('1.5', '100', 'migrations'));
    expect(() => checkResults(more, base)).toThrow(expect.objectContaining({ code: 'E_BASELINE', exitCode: 2, message: expect.stringContaining('only in the results: migrations') }));
    const other = csvFile(dir, 'other.csv', summary('1.5').replace('\nq,', '\nz,'));
    expect(() => checkResults(other, base)).toThrow(expect.objectContaining({ code: 'E_BASELINE', exitCode: 2 }));
    const sw = csvFile(dir, 'sweep.csv', sweep([1, 2, 3], [1, 2, 3]));
    expect(() => checkResults(sw, base)).toThrow(expect.objectContaining({ code: 'E_BASELINE', exitCode: 2 }));
    expect(() => checkResults(base, base, opts({ metricTol: new Map([['energy_kwhh', 0.1]]) }))).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringContaining('did you mean "energy_kwh"?') }));
  });
});

describe('check, replicated points', () => {
  // Point a: baseline 1, 2, 3 and results 4, 5, 6: Welch t = -3.674, df = 4, p = 0.0213 (see stats.test.ts).
  // 95 % CIs: 2 ± 4.303 / sqrt(3) = 2 ± 2.484 and 5 ± 2.484 overlap. Point b does not move.
  const setup = () => {
    const dir = tmp();
    return { base: csvFile(dir, 'base.csv', sweep([4, 5, 6], [7, 8, 9])), cur: csvFile(dir, 'cur.csv', sweep([1, 2, 3], [7.5, 8, 8.5])) };
  };

  it("Welch's t-test at the chosen level", () => {
    const { base, cur } = setup();
    const r95 = checkResults(cur, base, opts({ method: 'welch', level: 0.95 }));
    expect(r95.keys).toBe(2);
    const moved = r95.findings.filter((f) => f.moved);
    expect(moved.map((f) => [f.key, f.metric, f.baseline, f.current])).toEqual([['a', 'energy_kwh', '5 (n 3)', '2 (n 3)']]);
    expect(moved[0].detail).toBe('Welch t -3.67423, df 4, p 0.0213116 (moved when p < 0.05)');
    expect(checkResults(cur, base, opts({ method: 'welch', level: 0.99 })).findings.filter((f) => f.moved)).toEqual([]);
  });

  it('confidence-interval overlap', () => {
    const { base, cur } = setup();
    expect(checkResults(cur, base, opts({ method: 'ci', level: 0.95 })).findings.filter((f) => f.moved)).toEqual([]);
    // at 50 %: t(0.75, 2) = 0.8165, half-widths 0.471: [4.53, 5.47] and [1.53, 2.47] do not overlap
    const r50 = checkResults(cur, base, opts({ method: 'ci', level: 0.5 }));
    expect(r50.findings.filter((f) => f.moved).map((f) => f.key)).toEqual(['a']);
  });

  it('JUnit XML: one test case per point and metric, a failure for each that moved', () => {
    const { base, cur } = setup();
    const xml = junitXml(checkResults(cur, base, opts({ method: 'welch' })), 'cur.csv');
    expect(xml).toContain('<testsuites name="dcsim check" tests="2" failures="1">');
    expect(xml.match(/<testcase /g)!.length).toBe(2);
    expect(xml).toContain('<testcase classname="dcsim.check.a" name="energy_kwh">');
    expect(xml).toContain('<failure message="energy_kwh moved: baseline 5 (n 3), current 2 (n 3); Welch t -3.67423, df 4, p 0.0213116 (moved when p &lt; 0.05)" type="drift">');
    expect(xml).toContain('<testcase classname="dcsim.check.b" name="energy_kwh"/>');
  });
});
