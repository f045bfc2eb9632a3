import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCsv, toCsvByLibrary } from '../../src/metrics/writer.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/run/simulate.js';

describe('toCsv', () => {
  it('writes the same bytes as csv-stringify for any table', () => {
    const cell = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 1.5e-7),
      fc.string(),
      fc.stringMatching(/^[a-z,"\n\r ]{0,6}$/),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { maxLength: 8 }), fc.array(fc.stringMatching(/^[a-z_,"]{1,5}$/), { minLength: 5, maxLength: 5 }), (n, rows, names) => {
        const t = { columns: names.slice(0, n), rows: rows.map((r) => r.slice(0, n)) };
        expect(toCsv(t)).toBe(toCsvByLibrary(t));
      }),
      { numRuns: 500 },
    );
  });

  it("writes a quickstart run's tables as csv-stringify does", () => {
    const r = simulate(loadScenario('scenarios/quickstart.yaml', { set: ['duration=10m'] }));
    for (const t of [r.summary, r.timeseries, r.hosts, r.vms, r.tasks!]) expect(toCsv(t)).toBe(toCsvByLibrary(t));
  });
});
