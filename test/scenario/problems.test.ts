import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  ScenarioError,
  closest,
  didYouMean,
  formatProblem,
  levenshtein,
  sortProblems,
  type Problem,
} from '../../src/scenario/problems.js';

describe('levenshtein', () => {
  test.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['ram', 'ram', 0],
    ['rma', 'ram', 2],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['exponentail', 'exponential', 2],
  ] as const)('%s ↔ %s = %d', (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d);
    expect(levenshtein(b, a)).toBe(d);
  });
});

describe('did-you-mean', () => {
  const keys = ['cores', 'mips', 'ram', 'bw', 'storage', 'power', 'vm_scheduler'];
  test('suggests the closest key within max(2, len/3)', () => {
    expect(closest('rma', keys)).toBe('ram');
    expect(closest('core', keys)).toBe('cores');
    expect(closest('vm_schedular', keys)).toBe('vm_scheduler');
    expect(closest('storag', keys)).toBe('storage');
    expect(didYouMean('powr', keys)).toBe('did you mean "power"?');
  });
  test('long words allow more edits: len/3', () => {
    // 'vmscheduling' → 'vm_scheduler' is 4 edits; 12 / 3 = 4
    expect(levenshtein('vmscheduling', 'vm_scheduler')).toBe(4);
    expect(closest('vmscheduling', keys)).toBe('vm_scheduler');
  });
  test('nothing when too far', () => {
    expect(closest('memory', keys)).toBeUndefined();
    expect(didYouMean('xyz', keys)).toBeUndefined();
    expect(closest('anything', [])).toBeUndefined();
  });
});

describe('formatProblem', () => {
  test('file:line:col: path: message (hint)', () => {
    expect(
      formatProblem({ file: 's.yaml', line: 9, column: 5, path: 'host_types.g4.rma', message: 'unknown key "rma"', hint: 'did you mean "ram"?' }),
    ).toBe('s.yaml:9:5: host_types.g4.rma: unknown key "rma" (did you mean "ram"?)');
  });
  test('no path, no hint', () => {
    expect(formatProblem({ file: 's.yaml', line: 1, column: 1, path: '', message: 'YAML syntax error: x' })).toBe(
      's.yaml:1:1: YAML syntax error: x',
    );
  });
  test('positionless problems show the command-line text', () => {
    expect(
      formatProblem({ file: '--set', line: 0, column: 0, path: 'seed', message: 'expected an integer', source: 'seed=x' }),
    ).toBe('--set "seed=x": seed: expected an integer');
    expect(formatProblem({ file: 'gone.yaml', line: 0, column: 0, path: '', message: 'cannot read' })).toBe(
      'gone.yaml: cannot read',
    );
  });
});

test('sortProblems: by line, then column, stable', () => {
  const p = (line: number, column: number, message: string): Problem => ({ file: 'f', line, column, path: '', message });
  const sorted = sortProblems([p(3, 1, 'a'), p(1, 5, 'b'), p(0, 0, 'c'), p(1, 2, 'd'), p(3, 1, 'e')]);
  expect(sorted.map((x) => x.message)).toEqual(['c', 'd', 'b', 'a', 'e']);
});

test('ScenarioError: an InputError listing every problem, one a line', () => {
  const e = new ScenarioError([
    { file: 'f.yaml', line: 4, column: 3, path: 'b', message: 'second' },
    { file: 'f.yaml', line: 2, column: 1, path: 'a', message: 'first' },
  ]);
  expect(e).toBeInstanceOf(InputError);
  expect(e.code).toBe('E_SCENARIO');
  expect(e.exitCode).toBe(2);
  expect(e.name).toBe('ScenarioError');
  expect(e.message).toBe('f.yaml:2:1: a: first\nf.yaml:4:3: b: second');
  expect(e.problems.map((x) => x.message)).toEqual(['first', 'second']);
});
