import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../src/errors.js';
import {
  parseBandwidth,
  parseLength,
  parseMemory,
  parsePower,
  parseQuantity,
  parseSpeed,
  parseTime,
} from '../../src/scenario/units.js';

describe('time → seconds', () => {
  test.each([
    [90, 90],
    ['90', 90],
    ['250ms', 0.25],
    ['30s', 30],
    ['5m', 300],
    ['5min', 300],
    ['2h', 7200],
    ['1.5h', 5400],
    ['1d', 86400],
    ['2 h', 7200],
    ['1e3s', 1000],
    ['.5m', 30],
    ['  10 s  ', 10],
  ] as const)('%j → %d', (input, expected) => {
    expect(parseTime(input)).toBe(expected);
  });
});

describe('memory → MiB', () => {
  test.each([
    [512, 512],
    ['512B', 512 / 1048576],
    ['1KB', 1000 / 1048576],
    ['1MB', 0.95367431640625],
    ['1GB', 953.67431640625],
    ['2.5GB', 2384.185791015625],
    ['1TB', 953674.31640625],
    ['1KiB', 1 / 1024],
    ['256MiB', 256],
    ['4GiB', 4096],
    ['4 GiB', 4096],
    ['1TiB', 1048576],
  ] as const)('%j → %d', (input, expected) => {
    expect(parseMemory(input)).toBe(expected);
  });
});

describe('bandwidth → Mbit/s', () => {
  test.each([
    [100, 100],
    ['1000000bps', 1],
    ['500Kbps', 0.5],
    ['500kbps', 0.5],
    ['100Mbps', 100],
    ['1Gbps', 1000],
    ['10 Gbps', 10000],
    ['1Tbps', 1e6],
  ] as const)('%j → %d', (input, expected) => {
    expect(parseBandwidth(input)).toBe(expected);
  });
});

describe('speed → MIPS, power → W, length → MI', () => {
  test('speed', () => {
    expect(parseSpeed(1860)).toBe(1860);
    expect(parseSpeed('1860MIPS')).toBe(1860);
    expect(parseSpeed('1.5e3MIPS')).toBe(1500);
    expect(parseSpeed('2.5GIPS')).toBe(2500);
  });
  test('power', () => {
    expect(parsePower(86)).toBe(86);
    expect(parsePower('117W')).toBe(117);
    expect(parsePower('1.2kW')).toBe(1200);
  });
  test('length', () => {
    expect(parseLength(50000)).toBe(50000);
    expect(parseLength('50000MI')).toBe(50000);
    expect(parseLength('50GI')).toBe(50000);
  });
});

describe('bad input', () => {
  test('unknown unit names the accepted units', () => {
    expect(() => parseMemory('4 gigs')).toThrow(
      'expected a memory size such as "4GiB" or a number of MiB, got "4 gigs" ' +
        '(unknown unit "gigs"; accepted units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)',
    );
    expect(() => parseTime('5 weeks')).toThrow('(unknown unit "weeks"; accepted units: ns, us, ms, s, m, min, h, d)');
    expect(() => parseBandwidth('1Gb')).toThrow('(unknown unit "Gb"; accepted units: bps, Kbps, kbps, Mbps, Gbps, Tbps)');
    expect(() => parseBandwidth('1GBps')).toThrow(
      '(unknown unit "GBps"; bandwidth is in bits per second, 1 byte/s = 8 bps; accepted units: bps, Kbps, kbps, Mbps, Gbps, Tbps)',
    );
  });
  test('a unit in the wrong case gets a did-you-mean', () => {
    expect(() => parseMemory('4gib')).toThrow('(unknown unit "gib"; did you mean "GiB"? accepted units:');
    expect(() => parseSpeed('2gips')).toThrow('did you mean "GIPS"?');
  });
  test('a unit of another kind is unknown', () => {
    expect(() => parseTime('4GiB')).toThrow('unknown unit "GiB"');
    expect(parseQuantity('power', '5s')).toEqual({ ok: false, reason: 'unit', unit: 's', suggestion: undefined });
  });
  test('negative values are rejected unless allowed', () => {
    expect(() => parseTime(-1)).toThrow('expected a duration >= 0, got -1');
    expect(() => parseTime('-5m')).toThrow('expected a duration >= 0, got "-5m"');
    expect(parseTime('-5m', { allowNegative: true })).toBe(-300);
  });
  test('NaN, Infinity and garbage are rejected', () => {
    expect(() => parseTime(NaN)).toThrow(InputError);
    expect(() => parseTime(Infinity)).toThrow('the number must be finite');
    expect(() => parseTime('Infinity')).toThrow(InputError);
    expect(() => parseTime('NaN')).toThrow(InputError);
    expect(() => parseTime('1e999s')).toThrow('the number must be finite');
    expect(() => parseTime('')).toThrow(InputError);
    expect(() => parseTime('s')).toThrow(InputError);
    expect(() => parseTime('1 2s')).toThrow(InputError);
    expect(parseQuantity('time', true)).toEqual({ ok: false, reason: 'type' });
    expect(parseQuantity('time', '1..5s')).toEqual({ ok: false, reason: 'syntax' });
  });
  test('errors are InputErrors with code E_UNIT', () => {
    try {
      parseLength('3 bananas');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).code).toBe('E_UNIT');
      expect((e as InputError).exitCode).toBe(2);
    }
  });
});

test('a plain number and the same number in the base unit agree (property)', () => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1e12, noNaN: true }), (x) => {
      expect(parseMemory(`${x}MiB`)).toBe(x);
      expect(parseTime(`${x}s`)).toBe(x);
      expect(parseMemory(x)).toBe(x);
    }),
  );
});
