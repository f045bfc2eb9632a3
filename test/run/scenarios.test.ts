import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/run/simulate.js';

describe('shipped scenarios', () => {
  it('every scenario in scenarios/ validates', () => {
    const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) expect(() => loadScenario(`scenarios/${f}`)).not.toThrow();
  });

  it('scheduling.yaml ends its tasks at the hand-computed times', () => {
    // Per host: a processor-sharing VM with 6 one-core tasks and a space-shared VM with 6
    // (4 run, 2 queue), 60,000 MI each, on 4 x 1000 MIPS. Both VMs ask 4000: 2000 each.
    //  [0, 120): PS tasks at 2000/6; FIFO tasks at 500 -> FIFO ends 120 (PS has 20,000 left).
    //  [120, 165): PS asks 4 vCPUs, FIFO 2: 6 busy vCPUs share 4000, 666.67 each.
    //    PS tasks: 4 x 666.67 / 6 = 444.44 each -> 45 s -> end at 165; FIFO did 30,000.
    //  [165, 195): FIFO alone at 1000 per task -> ends at 195.
    const r = simulate(loadScenario('scenarios/scheduling.yaml'));
    const cols = r.tasks!.columns;
    const vm = cols.indexOf('vm'), fin = cols.indexOf('finish_s'), start = cols.indexOf('start_s');
    const byVm = (v: number) => r.tasks!.rows.filter((row) => row[vm] === v);
    for (const v of [0, 1]) {
      for (const row of byVm(v)) expect(row[fin]).toBeCloseTo(165, 9);
    }
    for (const v of [2, 3]) {
      const finishes = byVm(v).map((row) => row[fin] as number).sort((a, b) => a - b);
      expect(finishes.slice(0, 4)).toEqual([120, 120, 120, 120]);
      expect(finishes[4]).toBeCloseTo(195, 9);
      expect(finishes[5]).toBeCloseTo(195, 9);
      expect(byVm(v).map((row) => row[start]).filter((s) => s === 120).length).toBe(2);
    }
  });
});

describe('datacenter layout', () => {
  it('interleaved hosts alternate the groups, in the order fail_host numbers them', async () => {
    const { layoutHosts } = await import('../../src/run/layout.js');
    const spec = (type: string) => ({ type }) as never;
    const groups = [{ type: 'a', count: 2, spec: spec('a') }, { type: 'b', count: 3, spec: spec('b') }];
    const names = (l: 'grouped' | 'interleaved') => layoutHosts(groups, l).map((h) => (h as { type: string }).type);
    expect(names('grouped')).toEqual(['a', 'a', 'b', 'b', 'b']);
    expect(names('interleaved')).toEqual(['a', 'b', 'a', 'b', 'b']);
  });
});
