/**
 * toCsv writes plain tables itself and leaves the rest to csv-stringify (toCsvByLibrary,
 * the definition). The two must give the same bytes on every table.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../src/metrics/table.js';
import { toCsv, toCsvByLibrary } from '../../src/metrics/writer.js';

const text = fc.oneof(
  fc.constantFrom('', 'x', 'host', 'a b', 'cloudsim', '-1', '=1', 'é', 'x,y', 'say "hi"', 'two\nlines', 'cr\r', ' '),
  fc.string({ maxLength: 6 }),
);
const number = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 0.1 + 0.2, 1e21, 5e-324),
);
const cell: fc.Arbitrary<Cell> = fc.oneof(number, number, text);

describe('toCsv fast path', () => {
  it('gives the bytes of csv-stringify on random tables', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom('time_s', 'metric', 'value', ''), text), { minLength: 1, maxLength: 5 }),
        fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 6 }),
        (columns, rows) => {
          expect(toCsv({ columns, rows })).toBe(toCsvByLibrary({ columns, rows }));
        },
      ),
      { numRuns: 3000, seed: 5 },
    );
  });

  it('writes plain tables by hand as csv-stringify does: header, fields cut to the columns, NaN empty', () => {
    const t = { columns: ['a', 'b'], rows: [[1, 'x', 3], [NaN, -Infinity], [], ['', 0.1 + 0.2]] as Cell[][] };
    expect(toCsv(t)).toBe('a,b\n1,x\n,-inf\n\n,0.30000000000000004\n');
    expect(toCsv(t)).toBe(toCsvByLibrary(t));
    expect(toCsv({ columns: ['a'], rows: [] })).toBe('a\n');
  });
});
