import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/problems.js';
import { readTaskTrace } from '../../src/workload/task-trace.js';
import { BASE, problemsOf, yaml } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'dcsim-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function traceError(text: string): string {
  const p = write('bad.csv', text);
  try {
    readTaskTrace(p);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).code).toBe('E_TRACE');
    return (e as Error).message.replace(p, 'bad.csv');
  }
  throw new Error('expected an error');
}

describe('readTaskTrace', () => {
  test('reads, skips blanks and comments, sorts by submit time (stable)', () => {
    const p = write(
      'ok.csv',
      ['# a comment', 'submit_s,length_mi,cores', '5,100,2', '', '1.5, 2e3 ,1', '  # indented comment', '5,300,4', '0,50,1', ''].join('\r\n'),
    );
    const t = readTaskTrace(p);
    expect(Array.from(t.submit)).toEqual([0, 1.5, 5, 5]);
    expect(Array.from(t.length)).toEqual([50, 2000, 100, 300]);
    expect(Array.from(t.cores)).toEqual([1, 1, 2, 4]);
    expect(t.submit).toBeInstanceOf(Float64Array);
    expect(t.length).toBeInstanceOf(Float64Array);
    expect(t.cores).toBeInstanceOf(Uint16Array);
  });

  test('cores is optional (default 1) and columns may come in any order', () => {
    const a = readTaskTrace(write('a.csv', 'submit_s,length_mi\n0,10\n3,20\n'));
    expect([Array.from(a.submit), Array.from(a.length), Array.from(a.cores)]).toEqual([[0, 3], [10, 20], [1, 1]]);
    const b = readTaskTrace(write('b.csv', 'cores,length_mi,submit_s\n2,10,7\n'));
    expect([Array.from(b.submit), Array.from(b.length), Array.from(b.cores)]).toEqual([[7], [10], [2]]);
  });

  test('malformed rows name file:line and column', () => {
    expect(traceError('submit_s,length_mi,cores\n0,100,1\n\n1,abc,1\n')).toBe(
      'bad.csv:4: column length_mi: expected a length in MI > 0, got "abc"',
    );
    expect(traceError('submit_s,length_mi,cores\n-1,100,1\n')).toBe('bad.csv:2: column submit_s: expected a time in seconds >= 0, got "-1"');
    expect(traceError('submit_s,length_mi,cores\n0,100,1.5\n')).toBe('bad.csv:2: column cores: expected an integer from 1 to 65535, got "1.5"');
    expect(traceError('submit_s,length_mi,cores\n0,100,70000\n')).toBe('bad.csv:2: column cores: expected an integer from 1 to 65535, got "70000"');
    expect(traceError('submit_s,length_mi,cores\n0,0,1\n')).toBe('bad.csv:2: column length_mi: expected a length in MI > 0, got "0"');
    expect(traceError('submit_s,length_mi,cores\n0,,1\n')).toBe('bad.csv:2: column length_mi: expected a length in MI > 0, got ""');
    expect(traceError('submit_s,length_mi,cores\n0,1e999,1\n')).toBe('bad.csv:2: column length_mi: expected a length in MI > 0, got "1e999"');
    expect(traceError('submit_s,length_mi,cores\n0,100\n')).toBe('bad.csv:2: expected 3 values (submit_s,length_mi,cores), got 2');
  });

  test('bad headers and empty files', () => {
    expect(traceError('submit,length_mi\n0,1\n')).toBe(
      'bad.csv:1: unknown column "submit" in the header (columns: submit_s, length_mi and optionally cores)',
    );
    expect(traceError('# only\nlength_mi,cores\n1,1\n')).toBe(
      'bad.csv:2: the header has no "submit_s" column (expected submit_s,length_mi,cores)',
    );
    expect(traceError('submit_s,submit_s,length_mi\n')).toBe('bad.csv:1: column "submit_s" appears twice in the header');
    expect(traceError('\n# nothing\n')).toBe('bad.csv: the task trace is empty (expected a header submit_s,length_mi,cores)');
    expect(traceError('submit_s,length_mi\n')).toBe('bad.csv: the task trace has a header but no tasks');
  });

  test('a missing file', () => {
    const p = join(dir, 'nope.csv');
    expect(() => readTaskTrace(p)).toThrow(`${p}: cannot read task trace: no such file`);
  });
});

describe('trace workloads in a scenario', () => {
  const scenario = (trace: string) =>
    yaml(...BASE, 'vms: [{ type: small }]', 'workloads:', '  - name: replay', `    trace: ${trace}`, '    group: small');

  test('resolved relative to the scenario file', () => {
    mkdirSync(join(dir, 'sc'), { recursive: true });
    write('sc/tasks.csv', 'submit_s,length_mi,cores\n2,10,1\n1,20,1\n');
    const file = write('sc/s.yaml', scenario('tasks.csv'));
    const c = loadScenario(file);
    expect(c.workloads).toHaveLength(1);
    const w = c.workloads[0];
    expect(w.kind).toBe('trace');
    if (w.kind !== 'trace') return;
    expect([w.name, w.group, w.broker, w.file]).toEqual(['replay', 'small', 'round-robin', join(dir, 'sc', 'tasks.csv')]);
    expect(Array.from(w.tasks.submit)).toEqual([1, 2]);
    expect(Array.from(w.tasks.length)).toEqual([20, 10]);
  });

  test('a malformed trace is a problem at the trace value', () => {
    write('broken.csv', 'submit_s,length_mi\n0,10\n1,x\n');
    expect(problemsOf(scenario('broken.csv'), { baseDir: dir })).toEqual([
      `test.yaml:11:12: workloads.0.trace: invalid task trace: ${join(dir, 'broken.csv')}:3: column length_mi: expected a length in MI > 0, got "x"`,
    ]);
  });

  test('a missing trace is a problem at the trace value', () => {
    expect(problemsOf(scenario('missing.csv'), { baseDir: dir })).toEqual([
      `test.yaml:11:12: workloads.0.trace: trace file not found: ${join(dir, 'missing.csv')}`,
    ]);
  });

  test('loadScenario on a missing file', () => {
    const p = join(dir, 'none.yaml');
    expect(() => loadScenario(p)).toThrow(ScenarioError);
    expect(() => loadScenario(p)).toThrow(`${p}: cannot read the scenario file: no such file`);
  });
});
