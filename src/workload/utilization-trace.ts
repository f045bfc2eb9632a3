/**
 * CPU utilization traces: the load of trace-driven VMs (server consolidation
 * experiments, Beloglazov & Buyya's PlanetLab workload as CloudSim ships it).
 *
 * Three sources give the same UtilizationTraces:
 *  - readPlanetLabDay (./planetlab.ts): a CoMon/PlanetLab day folder, one file per VM;
 *  - readUtilizationCsv (here): a generic CSV `time_s,vm,cpu_pct`;
 *  - syntheticPlanetLabTraces (./synthetic-trace.ts): seeded PlanetLab-like traces,
 *    for running the consolidation scenario without the data.
 * utilizationAt turns a VM's samples into its utilization at any time, exactly as
 * CloudSim's UtilizationModelPlanetLabInMemory does.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { traceUtilization } from '../model/consolidation/vm.js';

/** CPU utilization traces of a set of VMs, sampled every `step` seconds; values are fractions in [0, 1]. */
export interface UtilizationTraces {
  /** Seconds between two samples (> 0). */
  step: number;
  /** One per VM (file name, CSV vm id, or synthetic name). */
  names: string[];
  /** samples[i][k] = utilization of VM i at time k*step, as a fraction (percent / 100). Never empty. */
  samples: Float64Array[];
}

/**
 * Utilization of a trace at time t (s, >= 0): the model's interpolation
 * (traceUtilization, CloudSim's formula bit for bit), checking t.
 * @throws RangeError when t is negative or NaN.
 */
export function utilizationAt(samples: Float64Array, step: number, t: number): number {
  if (!(t >= 0)) throw new RangeError(`utilizationAt: time must be >= 0, got ${t}`);
  return traceUtilization(samples, step, t);
}

export { readPlanetLabDay, readVmOrder, parsePlanetLabFile, PLANETLAB_SAMPLES, PLANETLAB_STEP } from './planetlab.js';
export { syntheticPlanetLabTraces, PLANETLAB_STATS } from './synthetic-trace.js';

const CSV_COLUMNS = ['time_s', 'vm', 'cpu_pct'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];
const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads a generic utilization trace CSV:
 *
 *   time_s,vm,cpu_pct
 *   0,web-1,12.5
 *   0,db-1,40
 *   300,web-1,14
 *   300,db-1,38
 *
 * The header names the three columns, in any order (no other columns). Blank lines and
 * lines starting with `#` are ignored; fields are not quoted, so a vm id can not hold a
 * comma. cpu_pct is a number from 0 to 100 (decimals allowed); the samples are
 * cpu_pct / 100. VMs are numbered in the order of their first row.
 *
 * The samples lie on one grid for all VMs: each VM's rows, in file order (rows of
 * different VMs may interleave), are at times 0, step, 2*step, ... The step is the time
 * of the first VM's second row. Every VM must have the same number of samples (a shorter
 * series is an error, not padded: repeating or inventing load would silently change
 * the experiment). A time off the grid, a gap, a duplicate or an out-of-order time is an
 * InputError (E_TRACE) naming file:line.
 */
export function readUtilizationCsv(file: string): UtilizationTraces {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new InputError('E_TRACE', `${file}: cannot read utilization trace: ${reason}`);
  }
  return parseUtilizationCsv(text, file);
}

interface CsvSeries {
  name: string;
  times: number[];
  values: number[];
  lines: number[];
}

/** Parses the text of a utilization CSV; `file` names it in error messages. */
export function parseUtilizationCsv(text: string, file: string): UtilizationTraces {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const fail = (line: number, message: string): never => {
    throw new InputError('E_TRACE', `${file}:${line}: ${message}`);
  };
  let header: CsvColumn[] | undefined;
  const byName = new Map<string, CsvSeries>();
  const series: CsvSeries[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const lineNo = i + 1;
    const cells = raw.split(',').map((c) => c.trim());
    if (!header) {
      header = [];
      for (const c of cells) {
        if (!(CSV_COLUMNS as readonly string[]).includes(c)) {
          fail(lineNo, `unknown column "${c}" in the header (expected time_s,vm,cpu_pct in any order)`);
        }
        if (header.includes(c as CsvColumn)) fail(lineNo, `column "${c}" appears twice in the header`);
        header.push(c as CsvColumn);
      }
      for (const need of CSV_COLUMNS) {
        if (!header.includes(need)) fail(lineNo, `the header has no "${need}" column (expected time_s,vm,cpu_pct)`);
      }
      continue;
    }
    if (cells.length !== header.length) {
      fail(lineNo, `expected ${header.length} values (${header.join(',')}), got ${cells.length}`);
    }
    let time = 0;
    let vm = '';
    let pct = 0;
    header.forEach((col, j) => {
      const cell = cells[j];
      if (col === 'vm') {
        if (cell === '') fail(lineNo, 'column vm: expected a VM id, got ""');
        vm = cell;
        return;
      }
      const v = NUMBER_RE.test(cell) ? Number(cell) : NaN;
      if (col === 'time_s') {
        if (!(Number.isFinite(v) && v >= 0)) fail(lineNo, `column time_s: expected a time in seconds >= 0, got ${JSON.stringify(cell)}`);
        time = v;
      } else {
        if (!(v >= 0 && v <= 100)) fail(lineNo, `column cpu_pct: expected a CPU percentage 0..100, got ${JSON.stringify(cell)}`);
        pct = v;
      }
    });
    let s = byName.get(vm);
    if (s === undefined) {
      s = { name: vm, times: [], values: [], lines: [] };
      byName.set(vm, s);
      series.push(s);
    }
    s.times.push(time);
    s.values.push(pct);
    s.lines.push(lineNo);
  }
  if (!header) throw new InputError('E_TRACE', `${file}: the utilization trace is empty (expected a header time_s,vm,cpu_pct)`);
  if (series.length === 0) throw new InputError('E_TRACE', `${file}: the utilization trace has a header but no rows`);

  const first = series[0];
  if (first.times[0] !== 0) {
    fail(first.lines[0], `column time_s: vm "${first.name}" must start at time 0, got ${first.times[0]}`);
  }
  if (first.times.length < 2) {
    throw new InputError(
      'E_TRACE',
      `${file}: cannot infer the sampling step: vm "${first.name}" has a single row (the step is the time of its second row)`,
    );
  }
  const step = first.times[1];
  if (step === 0) fail(first.lines[1], `column time_s: duplicate time 0 for vm "${first.name}"`);
  const where = `the ${step} s grid (step from vm "${first.name}", line ${first.lines[1]})`;

  for (const s of series) {
    for (let k = 0; k < s.times.length; k++) {
      const t = s.times[k];
      const want = k * step;
      if (Math.abs(t - want) <= 1e-9 * Math.max(step, want)) continue;
      const j = Math.round(t / step);
      const lineNo = s.lines[k];
      if (Math.abs(t - j * step) > 1e-9 * Math.max(step, t)) {
        fail(lineNo, `column time_s: ${t} is not on ${where}`);
      }
      if (j > k) fail(lineNo, `vm "${s.name}" has a gap: expected time ${want}, got ${t}`);
      fail(lineNo, `vm "${s.name}" has a duplicate or out-of-order time: expected ${want}, got ${t}`);
    }
  }
  const n = first.times.length;
  for (const s of series) {
    if (s.times.length !== n) {
      fail(
        s.lines[s.lines.length - 1],
        `vm "${s.name}" has ${s.times.length} samples but vm "${first.name}" has ${n}; all VMs must cover the same times`,
      );
    }
  }
  return {
    step,
    names: series.map((s) => s.name),
    samples: series.map((s) => Float64Array.from(s.values, (v) => v / 100)),
  };
}
