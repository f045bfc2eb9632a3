import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { InputError } from '../../src/errors.js';
import { parsePlanetLabBytes, parsePlanetLabFile } from '../../src/workload/planetlab.js';
import {
  PLANETLAB_STATS,
  readPlanetLabDay,
  readUtilizationCsv,
  readVmOrder,
  syntheticPlanetLabTraces,
  utilizationAt,
  type UtilizationTraces,
} from '../../src/workload/utilization-trace.js';

const dir = mkdtempSync(join(tmpdir(), 'dcsim-util-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, text: string): string {
  const p = join(dir, path);
  writeFileSync(p, text);
  return p;
}

/** The InputError message `fn` throws, with the temp folder shown as `<tmp>`. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).code).toBe('E_TRACE');
    return (e as Error).message.split(dir).join('<tmp>');
  }
  throw new Error('expected an InputError');
}

/** 288 lines of percentages: f(k) for line k. */
function day(f: (k: number) => number, ending = '\n'): string {
  return Array.from({ length: 288 }, (_, k) => String(f(k))).join(ending) + ending;
}

describe('utilizationAt', () => {
  const d = Float64Array.of(0.07, 0.13, 0.02);

  test('at samples, between samples and past the end', () => {
    expect(utilizationAt(d, 300, 0)).toBe(0.07);
    // 0.07 + (0.13 - 0.07) / 300 * 150 = 0.1
    expect(utilizationAt(d, 300, 150)).toBeCloseTo(0.1, 15);
    expect(utilizationAt(d, 300, 300)).toBe(0.13);
    // 0.13 + (0.02 - 0.13) / 300 * 0.1 = 0.129963333...
    expect(utilizationAt(d, 300, 300.1)).toBeCloseTo(0.13 - 0.11 / 3000, 15);
    expect(utilizationAt(d, 300, 450)).toBeCloseTo(0.075, 15);
    expect(utilizationAt(d, 300, 600)).toBe(0.02); // the last sample
    expect(utilizationAt(d, 300, 750)).toBe(0.02); // CloudSim's d[n] = d[n-1]
    expect(utilizationAt(d, 300, 900)).toBe(0.02);
    expect(utilizationAt(d, 300, 1e9)).toBe(0.02);
    expect(utilizationAt(Float64Array.of(0.5), 300, 123)).toBe(0.5);
  });

  test("CloudSim's order of operations, bit for bit", () => {
    // d1 + ((d2 - d1) / step) * (t - step * k1) gives ...666; (d2 - d1) * dt / step gives ...667
    expect(utilizationAt(Float64Array.of(0.66, 0.04), 300, 162.5)).toBe(0.32416666666666666);
    expect(utilizationAt(Float64Array.of(0.8, 0.29), 300, 166.1)).toBe(0.8 + ((0.29 - 0.8) / 300) * 166.1);
  });

  test('a 288-sample day: the last interval holds d[287] up to 86400 s and beyond', () => {
    const s = new Float64Array(288).map((_, k) => (k % 100) / 100);
    s[286] = 0.3;
    s[287] = 0.6;
    expect(utilizationAt(s, 300, 86100)).toBe(0.6);
    expect(utilizationAt(s, 300, 86100.1)).toBe(0.6);
    expect(utilizationAt(s, 300, 86250)).toBe(0.6);
    expect(utilizationAt(s, 300, 86400)).toBe(0.6);
    expect(utilizationAt(s, 300, 90000)).toBe(0.6);
    expect(utilizationAt(s, 300, 85950)).toBeCloseTo(0.45, 15);
  });

  test('a negative or NaN time is a RangeError', () => {
    expect(() => utilizationAt(d, 300, -1)).toThrow(RangeError);
    expect(() => utilizationAt(d, 300, NaN)).toThrow(RangeError);
  });
});

describe('parsePlanetLabBytes (the reader\'s fast path)', () => {
  const parse = (text: string) => parsePlanetLabBytes(Buffer.from(text, 'utf8'));
  test('gives the text parser\'s values on the usual layouts', () => {
    for (const [text, label] of [
      [day((k) => (k * 37) % 101), 'LF'],
      [day((k) => k % 100, '\r\n'), 'CRLF'],
      [day(() => 100).replace(/\n$/, ''), 'no final line end'],
      [day(() => 0) + '\n\r\n\n', 'blank lines at the end'],
    ] as const) {
      const fast = parse(text);
      expect(fast, label).toBeInstanceOf(Float64Array);
      expect(Array.from(fast!), label).toEqual(Array.from(parsePlanetLabFile(text, 'f')));
    }
  });
  test('leaves anything unusual to the text parser', () => {
    const lines = day(() => 7).split('\n');
    const variants = [
      '\uFEFF' + day(() => 7), // byte order mark
      lines.map((l, k) => (k === 3 ? '007' : l)).join('\n'), // leading zeros, 3 digits
      lines.map((l, k) => (k === 3 ? '0100' : l)).join('\n'), // 4 digits
      lines.map((l, k) => (k === 3 ? '5 ' : l)).join('\n'), // trailing space
      lines.map((l, k) => (k === 3 ? '101' : l)).join('\n'), // out of range
      lines.map((l, k) => (k === 3 ? '' : l)).join('\n'), // blank line inside
      day(() => 7) + '8\n', // a 289th value
      lines.slice(0, 200).join('\n'), // too short
    ];
    expect(parse(variants[1])).toBeInstanceOf(Float64Array); // leading zeros within 3 digits are plain digits
    for (const v of [variants[0], ...variants.slice(2)]) expect(parse(v)).toBeUndefined();
  });
});

describe('readPlanetLabDay', () => {
  const folder = join(dir, 'day');
  mkdirSync(folder);
  // Written out of name order; "b c" has a space, like some real file names.
  write('day/vm_b', day((k) => k % 100));
  write('day/vm_a', day((k) => (k * 7) % 101, '\r\n'));
  write('day/vm_b c', day(() => 0) + '\n\n');
  mkdirSync(join(folder, 'subfolder')); // not a VM

  test('reads every file, sorted by name, values / 100 exactly', () => {
    const t = readPlanetLabDay(folder);
    expect(t.step).toBe(300);
    expect(t.names).toEqual(['vm_a', 'vm_b', 'vm_b c']);
    expect(t.samples.map((s) => s.length)).toEqual([288, 288, 288]);
    expect(t.samples[0]).toBeInstanceOf(Float64Array);
    expect(t.samples[0][1]).toBe(7 / 100);
    expect(t.samples[0][14]).toBe(98 / 100);
    expect(t.samples[0][100]).toBe(0.94); // 700 mod 101
    expect(t.samples[0][72]).toBe(1); // 100 % is allowed
    expect(Array.from(t.samples[1])).toEqual(Array.from({ length: 288 }, (_, k) => (k % 100) / 100));
    expect(t.samples[2].every((v) => v === 0)).toBe(true);
  });

  test('an order file sets the VM order', () => {
    const order = write('order.tsv', '0\tvm_b c\n1\tvm_b\r\n2\tvm_a\n');
    expect(readVmOrder(order)).toEqual(['vm_b c', 'vm_b', 'vm_a']);
    const t = readPlanetLabDay(folder, { order });
    expect(t.names).toEqual(['vm_b c', 'vm_b', 'vm_a']);
    expect(t.samples[2][1]).toBe(0.07);
    expect(t.samples[1][1]).toBe(0.01);
  });

  test('errors: missing or empty folder', () => {
    expect(errorOf(() => readPlanetLabDay(join(dir, 'nope')))).toBe('<tmp>/nope: trace folder not found');
    mkdirSync(join(dir, 'empty'));
    mkdirSync(join(dir, 'empty', 'sub'));
    expect(errorOf(() => readPlanetLabDay(join(dir, 'empty')))).toBe(
      '<tmp>/empty: no trace files in the folder (expected one file of 288 CPU percentages per VM)',
    );
  });

  function badDay(name: string, text: string): string {
    const f = join(dir, name);
    mkdirSync(f);
    writeFileSync(join(f, 'ok'), day(() => 5));
    writeFileSync(join(f, 'vm x'), text);
    return errorOf(() => readPlanetLabDay(f));
  }

  test('errors: values out of range or not whole numbers, with file:line', () => {
    expect(badDay('d101', day((k) => (k === 41 ? 101 : 3)))).toBe('<tmp>/d101/vm x:42: expected a CPU percentage 0..100, got "101"');
    const lines = day(() => 3).split('\n');
    lines[9] = 'n/a';
    expect(badDay('dnan', lines.join('\n'))).toBe('<tmp>/dnan/vm x:10: expected a CPU percentage 0..100, got "n/a"');
    lines[9] = '-1';
    expect(badDay('dneg', lines.join('\n'))).toBe('<tmp>/dneg/vm x:10: expected a CPU percentage 0..100, got "-1"');
    lines[9] = '2.5';
    expect(badDay('dfrac', lines.join('\n'))).toBe('<tmp>/dfrac/vm x:10: expected a CPU percentage 0..100, got "2.5"');
    lines[9] = '';
    expect(badDay('dblank', lines.join('\n'))).toBe('<tmp>/dblank/vm x:10: expected a CPU percentage 0..100, got ""');
  });

  test('errors: a file with fewer or more than 288 values', () => {
    expect(badDay('dshort', '1\n2\n3\n')).toBe(
      '<tmp>/dshort/vm x: expected 288 CPU percentages (one per line, every 300 s of one day), got 3 lines',
    );
    expect(badDay('dlong', day(() => 1) + '4\n')).toBe(
      '<tmp>/dlong/vm x:289: expected 288 CPU percentages (one per line, every 300 s of one day), got 289 lines',
    );
  });

  test('errors: order files that do not match the folder', () => {
    const missing = write('missing.tsv', '0\tvm_a\n1\tvm_z\n2\tvm_b\n');
    expect(errorOf(() => readPlanetLabDay(folder, { order: missing }))).toBe('<tmp>/missing.tsv:2: "vm_z" is not a trace file in <tmp>/day');
    const short = write('short.tsv', '0\tvm_a\n1\tvm_b\n');
    expect(errorOf(() => readPlanetLabDay(folder, { order: short }))).toBe(
      '<tmp>/short.tsv: lists 2 files but <tmp>/day has 3; not listed: "vm_b c"',
    );
    const twice = write('twice.tsv', '0\tvm_a\n1\tvm_a\n2\tvm_b\n');
    expect(errorOf(() => readVmOrder(twice))).toBe('<tmp>/twice.tsv:2: file name "vm_a" is listed twice (first on line 1)');
    const skip = write('skip.tsv', '0\tvm_a\n2\tvm_b\n');
    expect(errorOf(() => readVmOrder(skip))).toBe('<tmp>/skip.tsv:2: expected index 1, got "2"');
    const notab = write('notab.tsv', '0 vm_a\n');
    expect(errorOf(() => readVmOrder(notab))).toBe('<tmp>/notab.tsv:1: expected "index<TAB>file name", got "0 vm_a"');
    expect(errorOf(() => readVmOrder(join(dir, 'none.tsv')))).toBe('<tmp>/none.tsv: cannot read VM order file: no such file');
  });
});

const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
const PLANETLAB = join(SHARED, 'data/planetlab');
const ORDERS = join(SHARED, 'reference/cloudsim-vm-order');
const DAY = join(PLANETLAB, '20110303');
const HAVE_DAY = existsSync(DAY) && existsSync(join(ORDERS, '20110303.tsv'));
if (!HAVE_DAY) console.log(`utilization-trace.test: skipping the real PlanetLab tests: ${DAY} or its CloudSim order file is absent`);

describe.skipIf(!HAVE_DAY)('the real PlanetLab day 20110303 (../shared)', () => {
  test('1052 VMs of 288 samples; the CloudSim order puts the TSV first line first', () => {
    const sorted = readPlanetLabDay(DAY);
    expect(sorted.names.length).toBe(1052);
    expect(sorted.samples.every((s) => s.length === 288)).toBe(true);
    expect([...sorted.names].sort()).toEqual(sorted.names);

    const orderFile = join(ORDERS, '20110303.tsv');
    const first = readFileSync(orderFile, 'utf8').split('\n')[0].split('\t')[1];
    const t = readPlanetLabDay(DAY, { order: orderFile });
    expect(t.names.length).toBe(1052);
    expect(t.names[0]).toBe(first);
    const raw = readFileSync(join(DAY, first), 'utf8').trim().split('\n').map(Number);
    expect(Array.from(t.samples[0])).toEqual(raw.map((v) => v / 100));
  });

  test("CloudSim drops 532 VMs: those requesting 0 MIPS at some tick 300k + 0.1 (uses d[288] = d[287])", () => {
    const t = readPlanetLabDay(DAY, { order: join(ORDERS, '20110303.tsv') });
    let removed = 0;
    for (const s of t.samples) {
      let time = 300.1;
      for (let k = 1; k <= 287; k++, time += 300.0) {
        if (utilizationAt(s, 300, time) === 0) {
          removed++;
          break;
        }
      }
    }
    expect(removed).toBe(532);
  });
});

describe('readUtilizationCsv', () => {
  test('valid: any column order, interleaved rows, comments and blank lines', () => {
    const p = write(
      'ok.csv',
      ['# trace', 'vm,cpu_pct,time_s', 'web,10,0', 'db,40,0', '', 'web,12.5,60', '  # note', 'db,0,60', 'web,100,120', 'db,1,120', ''].join('\r\n'),
    );
    const t = readUtilizationCsv(p);
    expect(t.step).toBe(60);
    expect(t.names).toEqual(['web', 'db']);
    expect(Array.from(t.samples[0])).toEqual([0.1, 0.125, 1]);
    expect(Array.from(t.samples[1])).toEqual([0.4, 0, 0.01]);
  });

  test('a decimal step tolerates rounding in the written times', () => {
    const t = readUtilizationCsv(write('dec.csv', 'time_s,vm,cpu_pct\n0,a,1\n0.1,a,2\n0.2,a,3\n0.3,a,4\n'));
    expect(t.step).toBe(0.1);
    expect(t.samples[0].length).toBe(4);
  });

  function csvError(text: string): string {
    return errorOf(() => readUtilizationCsv(write('bad.csv', text)));
  }

  test('malformed files name file:line', () => {
    const h = 'time_s,vm,cpu_pct\n';
    expect(csvError('')).toBe('<tmp>/bad.csv: the utilization trace is empty (expected a header time_s,vm,cpu_pct)');
    expect(csvError(h)).toBe('<tmp>/bad.csv: the utilization trace has a header but no rows');
    expect(csvError('time_s,vm\n0,a\n')).toBe('<tmp>/bad.csv:1: the header has no "cpu_pct" column (expected time_s,vm,cpu_pct)');
    expect(csvError('time_s,vm,cpu,cpu_pct\n')).toBe(
      '<tmp>/bad.csv:1: unknown column "cpu" in the header (expected time_s,vm,cpu_pct in any order)',
    );
    expect(csvError(h + '0,a,5\n300,a,101\n')).toBe('<tmp>/bad.csv:3: column cpu_pct: expected a CPU percentage 0..100, got "101"');
    expect(csvError(h + '0,a,x\n')).toBe('<tmp>/bad.csv:2: column cpu_pct: expected a CPU percentage 0..100, got "x"');
    expect(csvError(h + '-5,a,1\n')).toBe('<tmp>/bad.csv:2: column time_s: expected a time in seconds >= 0, got "-5"');
    expect(csvError(h + '0,,1\n')).toBe('<tmp>/bad.csv:2: column vm: expected a VM id, got ""');
    expect(csvError(h + '0,a,1,2\n')).toBe('<tmp>/bad.csv:2: expected 3 values (time_s,vm,cpu_pct), got 4');
    expect(csvError(h + '300,a,1\n600,a,1\n')).toBe('<tmp>/bad.csv:2: column time_s: vm "a" must start at time 0, got 300');
    expect(csvError(h + '0,a,1\n0,b,1\n')).toBe(
      '<tmp>/bad.csv: cannot infer the sampling step: vm "a" has a single row (the step is the time of its second row)',
    );
  });

  test('grid errors: off the grid, gaps, duplicates, unequal lengths', () => {
    const h = 'time_s,vm,cpu_pct\n0,a,1\n0,b,1\n300,a,1\n';
    expect(csvError(h + '450,b,1\n')).toBe('<tmp>/bad.csv:5: column time_s: 450 is not on the 300 s grid (step from vm "a", line 4)');
    expect(csvError(h + '600,b,1\n')).toBe('<tmp>/bad.csv:5: vm "b" has a gap: expected time 300, got 600');
    expect(csvError(h + '0,b,1\n')).toBe('<tmp>/bad.csv:5: vm "b" has a duplicate or out-of-order time: expected 300, got 0');
    expect(csvError(h + '300,b,1\n600,a,2\n')).toBe(
      '<tmp>/bad.csv:5: vm "b" has 2 samples but vm "a" has 3; all VMs must cover the same times',
    );
    expect(csvError(h + '300,b,1\n300,c,1\n')).toBe('<tmp>/bad.csv:6: vm "c" has a gap: expected time 0, got 300');
    expect(csvError('time_s,vm,cpu_pct\n0,a,1\n0,a,2\n')).toBe('<tmp>/bad.csv:3: column time_s: duplicate time 0 for vm "a"');
  });
});

/** Statistics of traces in whole percentages, as measured on the PlanetLab days. */
function traceStats(t: UtilizationTraces) {
  let sum = 0, n = 0, zeros = 0, pairs = 0, mostlyIdle = 0, lagSum = 0, lagN = 0;
  const means: number[] = [];
  for (const s of t.samples) {
    const x = Array.from(s, (v) => Math.round(v * 100));
    const m = x.reduce((a, b) => a + b, 0) / x.length;
    const z = x.filter((v) => v === 0).length;
    sum += m * x.length;
    n += x.length;
    zeros += z;
    if (2 * z > x.length) mostlyIdle++;
    if (x.some((v, k) => k > 0 && v === 0 && x[k - 1] === 0)) pairs++;
    let v = 0, c = 0;
    for (let k = 0; k < x.length; k++) v += (x[k] - m) ** 2;
    for (let k = 1; k < x.length; k++) c += (x[k] - m) * (x[k - 1] - m);
    if (v > 0) {
      lagSum += c / v;
      lagN++;
    }
    means.push(m);
  }
  means.sort((a, b) => a - b);
  return {
    mean: sum / n,
    zeroShare: zeros / n,
    zeroPairShare: pairs / t.samples.length,
    mostlyIdle,
    lag1: lagSum / lagN,
    medianVmMean: (means[(means.length - 1) >> 1] + means[means.length >> 1]) / 2,
  };
}

describe('syntheticPlanetLabTraces', () => {
  const gen = (seed: number, count: number, opts = {}) => syntheticPlanetLabTraces(count, new RandomStreams(seed).rng('traces'), opts);

  test('shape, names and whole percentages', () => {
    const t = gen(1, 12);
    expect(t.step).toBe(300);
    expect(t.names.slice(0, 2)).toEqual(['synthetic-0000', 'synthetic-0001']);
    expect(t.names[11]).toBe('synthetic-0011');
    for (const s of t.samples) {
      expect(s.length).toBe(288);
      for (const v of s) {
        expect(v >= 0 && v <= 0.99).toBe(true);
        expect(Math.round(v * 100) / 100).toBe(v);
      }
    }
    const u = gen(1, 3, { samples: 10, step: 60 });
    expect(u.step).toBe(60);
    expect(u.samples.map((s) => s.length)).toEqual([10, 10, 10]);
    expect(gen(1, 0).names).toEqual([]);
  });

  test('deterministic for a seed, different for another', () => {
    const a = gen(42, 50);
    const b = gen(42, 50);
    const c = gen(43, 50);
    expect(b.samples.map((s) => Array.from(s))).toEqual(a.samples.map((s) => Array.from(s)));
    expect(c.samples.map((s) => Array.from(s))).not.toEqual(a.samples.map((s) => Array.from(s)));
  });

  test('bad arguments are InputErrors', () => {
    expect(errorOf(() => gen(1, -1))).toBe('synthetic traces: count must be a whole number >= 0, got -1');
    expect(errorOf(() => gen(1, 2.5))).toBe('synthetic traces: count must be a whole number >= 0, got 2.5');
    expect(errorOf(() => gen(1, 1, { samples: 0 }))).toBe('synthetic traces: samples must be a whole number >= 1, got 0');
    expect(errorOf(() => gen(1, 1, { step: 0 }))).toBe('synthetic traces: step must be a number of seconds > 0, got 0');
  });

  // Tolerances: a synthetic day should be as close to the ten-day statistics as a real
  // single day is. Each band covers the range of the ten real days (PLANETLAB_STATS.dayRange)
  // and is over 4 st.dev of the generator's own spread between 1000-VM runs (mean +-0.38,
  // zero share +-0.006, lag-1 +-0.003, zero pairs +-0.018, median VM mean +-0.4).
  test('over 1000 VMs the statistics match the PlanetLab days', () => {
    const s = traceStats(gen(2024, 1000));
    const P = PLANETLAB_STATS;
    expect(Math.abs(s.mean - P.meanPct)).toBeLessThan(1.6); // days 9.26 .. 12.39
    expect(Math.abs(s.zeroShare - P.zeroShare)).toBeLessThan(0.03); // days 0.142 .. 0.189
    expect(Math.abs(s.lag1 - P.lag1)).toBeLessThan(0.035); // days 0.053 .. 0.119
    expect(Math.abs(s.zeroPairShare - P.zeroPairShare)).toBeLessThan(0.15); // days 0.505 .. 0.722
    expect(Math.abs(s.medianVmMean - P.vmMeanQuantiles.q50)).toBeLessThan(1.6); // days 5.54 .. 7.70
    expect(s.mostlyIdle).toBe(0); // like the data set: no VM has more than half its samples 0
  });

  // The numbers in PLANETLAB_STATS (and the synthetic-trace.ts comment) come from all ten days.
  const DAYS = ['20110303', '20110306', '20110309', '20110322', '20110325', '20110403', '20110409', '20110411', '20110412', '20110420'];
  const haveAll = DAYS.every((d) => existsSync(join(PLANETLAB, d)));
  if (!haveAll) console.log(`utilization-trace.test: skipping the PLANETLAB_STATS check: the ten days are not all in ${PLANETLAB}`);
  test.skipIf(!haveAll)('PLANETLAB_STATS are what the ten PlanetLab days give (../shared)', () => {
    const days = DAYS.map((d) => readPlanetLabDay(join(PLANETLAB, d)));
    expect(days.reduce((a, d) => a + d.names.length, 0)).toBe(PLANETLAB_STATS.vms);
    expect(readdirSync(join(PLANETLAB, '20110303')).length).toBe(1052);
    const all = traceStats({ step: 300, names: [], samples: days.flatMap((d) => d.samples) });
    expect(all.mean).toBeCloseTo(PLANETLAB_STATS.meanPct, 1);
    expect(all.zeroShare).toBeCloseTo(PLANETLAB_STATS.zeroShare, 3);
    expect(all.zeroPairShare).toBeCloseTo(PLANETLAB_STATS.zeroPairShare, 3);
    expect(all.lag1).toBeCloseTo(PLANETLAB_STATS.lag1, 3);
    expect(all.medianVmMean).toBeCloseTo(PLANETLAB_STATS.vmMeanQuantiles.q50, 2);
    expect(all.mostlyIdle).toBe(0);
    const perDay = days.map(traceStats);
    const range = (k: 'mean' | 'zeroShare' | 'zeroPairShare' | 'lag1' | 'medianVmMean') => [
      Math.min(...perDay.map((d) => d[k])),
      Math.max(...perDay.map((d) => d[k])),
    ];
    const R = PLANETLAB_STATS.dayRange;
    expect(range('mean').map((v) => v.toFixed(2))).toEqual(R.meanPct.map((v) => v.toFixed(2)));
    expect(range('zeroShare').map((v) => v.toFixed(4))).toEqual(R.zeroShare.map((v) => v.toFixed(4)));
    expect(range('zeroPairShare').map((v) => v.toFixed(3))).toEqual(R.zeroPairShare.map((v) => v.toFixed(3)));
    expect(range('lag1').map((v) => v.toFixed(4))).toEqual(R.lag1.map((v) => v.toFixed(4)));
    expect(range('medianVmMean').map((v) => v.toFixed(2))).toEqual(R.vmMeanMedian.map((v) => v.toFixed(2)));
  }, 60_000);
});
