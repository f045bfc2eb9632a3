/**
 * Task traces: CSV files of tasks to replay, one task a row.
 *
 *   submit_s,length_mi,cores
 *   0,50000,1
 *   1.5,120000,2
 *
 * The header names the columns (any order); `cores` may be left out (every task then
 * has 1 core). Blank lines and lines starting with `#` are ignored. Values are plain
 * numbers in base units: submit time in seconds (>= 0), length in MI per core (> 0),
 * cores an integer from 1 to 65535. Rows are sorted by submit time (stable).
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { TaskTrace } from './specs.js';

const COLUMNS = ['submit_s', 'length_mi', 'cores'] as const;
type Column = (typeof COLUMNS)[number];
const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const MAX_CORES = 65535;

/** Reads and validates a task trace file. Throws InputError (E_TRACE) naming file:line and column. */
export function readTaskTrace(path: string): TaskTrace {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new InputError('E_TRACE', `${path}: cannot read task trace: ${reason}`);
  }
  return parseTaskTrace(text, path);
}

/** Parses the text of a task trace; `file` names it in error messages. */
export function parseTaskTrace(text: string, file: string): TaskTrace {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const fail = (line: number, message: string): never => {
    throw new InputError('E_TRACE', `${file}:${line}: ${message}`);
  };
  let header: Column[] | undefined;
  const submit: number[] = [];
  const length: number[] = [];
  const cores: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const cells = raw.split(',').map((c) => c.trim());
    const lineNo = i + 1;
    if (!header) {
      header = [];
      for (const c of cells) {
        if (!(COLUMNS as readonly string[]).includes(c)) {
          fail(lineNo, `unknown column "${c}" in the header (columns: submit_s, length_mi and optionally cores)`);
        }
        if (header.includes(c as Column)) fail(lineNo, `column "${c}" appears twice in the header`);
        header.push(c as Column);
      }
      for (const need of ['submit_s', 'length_mi'] as const) {
        if (!header.includes(need)) fail(lineNo, `the header has no "${need}" column (expected submit_s,length_mi,cores)`);
      }
      continue;
    }
    if (cells.length !== header.length) {
      fail(lineNo, `expected ${header.length} values (${header.join(',')}), got ${cells.length}`);
    }
    let s = 0;
    let l = 0;
    let c = 1;
    header.forEach((col, j) => {
      const cell = cells[j];
      const v = NUMBER_RE.test(cell) ? Number(cell) : NaN;
      const got = JSON.stringify(cell);
      if (col === 'submit_s') {
        if (!(Number.isFinite(v) && v >= 0)) fail(lineNo, `column submit_s: expected a time in seconds >= 0, got ${got}`);
        s = v;
      } else if (col === 'length_mi') {
        if (!(Number.isFinite(v) && v > 0)) fail(lineNo, `column length_mi: expected a length in MI > 0, got ${got}`);
        l = v;
      } else {
        if (!(Number.isInteger(v) && v >= 1 && v <= MAX_CORES)) {
          fail(lineNo, `column cores: expected an integer from 1 to ${MAX_CORES}, got ${got}`);
        }
        c = v;
      }
    });
    submit.push(s);
    length.push(l);
    cores.push(c);
  }
  if (!header) throw new InputError('E_TRACE', `${file}: the task trace is empty (expected a header submit_s,length_mi,cores)`);
  if (submit.length === 0) throw new InputError('E_TRACE', `${file}: the task trace has a header but no tasks`);

  const order = submit.map((_, i) => i);
  let sorted = true;
  for (let i = 1; i < submit.length && sorted; i++) if (submit[i] < submit[i - 1]) sorted = false;
  if (!sorted) order.sort((a, b) => submit[a] - submit[b]); // stable
  const out: TaskTrace = {
    submit: new Float64Array(order.length),
    length: new Float64Array(order.length),
    cores: new Uint16Array(order.length),
  };
  order.forEach((src, dst) => {
    out.submit[dst] = submit[src];
    out.length[dst] = length[src];
    out.cores[dst] = cores[src];
  });
  return out;
}
