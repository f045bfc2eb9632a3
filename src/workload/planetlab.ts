/**
 * PlanetLab (CoMon) day folders as distributed with CloudSim: one plain-text file per
 * VM, each holding 288 integer CPU percentages, one per line, for times 0, 300, ...,
 * 86100 s of one day.
 *
 * What CloudSim does with a file (UtilizationModelPlanetLabInMemory): it reads exactly
 * 288 lines with Integer.valueOf(line) / 100.0 into an array of 289 and sets
 * data[288] = data[287]. A shorter file makes it fail (Integer.valueOf(null)); lines after
 * the 288th are ignored. Here a file must hold exactly 288 values: all 11,746 files of
 * the ten days were counted and every one has exactly 288 lines, so a different count
 * means the file is not a PlanetLab day trace and reading part of it would hide that.
 * The extra entry d[288] is not stored: utilizationAt repeats the last sample.
 */
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { UtilizationTraces } from './utilization-trace.js';

/** Samples per PlanetLab file: 24 h at 5-minute steps. */
export const PLANETLAB_SAMPLES = 288;
/** Seconds between PlanetLab samples. */
export const PLANETLAB_STEP = 300;

const PERCENT_RE = /^\d+$/;

function traceError(message: string): never {
  throw new InputError('E_TRACE', message);
}

/**
 * Reads a PlanetLab day folder: every regular file in it (or symbolic link to one;
 * hidden files included, as CloudSim's File.listFiles would) is one VM, named by its
 * file name. Step 300 s, 288 samples per VM, values percent / 100 (exactly as CloudSim's
 * `line / 100.0`).
 *
 * VM order: without `order`, files are sorted by name with JavaScript's default string
 * sort (UTF-16 code units, so e.g. "B" < "a" and "10" < "9"), which is stable across
 * machines. CloudSim instead takes File.listFiles() order, which is the file system's
 * directory order; to reproduce a CloudSim run pass `order`, a TSV file of
 * `index<TAB>file name` lines (see readVmOrder), e.g. the one recorded for CloudSim's
 * reference runs. It must list every file of the folder exactly once.
 *
 * Each file holds exactly 288 lines, each a whole number 0..100 (digits only; trailing
 * whitespace such as a `\r` is ignored, blank lines are allowed only at the end).
 *
 * @throws InputError (E_TRACE): missing or empty folder, a malformed file (`file:line`),
 *   or an order file that does not match the folder.
 */
export function readPlanetLabDay(folder: string, opts: { order?: string | undefined } = {}): UtilizationTraces {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') traceError(`${folder}: trace folder not found`);
    if (code === 'ENOTDIR') traceError(`${folder}: not a folder (expected a PlanetLab day folder, one file per VM)`);
    traceError(`${folder}: cannot read trace folder: ${(e as Error).message}`);
  }
  const files = entries
    .filter((e) => e.isFile() || (e.isSymbolicLink() && isFileTarget(join(folder, e.name))))
    .map((e) => e.name)
    .sort();
  if (files.length === 0) {
    traceError(`${folder}: no trace files in the folder (expected one file of ${PLANETLAB_SAMPLES} CPU percentages per VM)`);
  }
  const names = opts.order === undefined ? files : orderedNames(files, folder, opts.order);
  return {
    step: PLANETLAB_STEP,
    names,
    samples: names.map((name) => {
      const path = join(folder, name);
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch (e) {
        return traceError(`${path}: cannot read trace file: ${(e as Error).message}`);
      }
      return parsePlanetLabBytes(bytes) ?? parsePlanetLabFile(bytes.toString('utf8'), path);
    }),
  };
}

function isFileTarget(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The common case of parsePlanetLabFile on the file's bytes, without making a string
 * per line (a day is 300,000 lines): exactly 288 lines of ASCII digits, each optionally
 * ending in `\r`, then nothing but line ends. Anything else gives undefined, and the
 * text parser decides (and names the problem).
 */
export function parsePlanetLabBytes(b: Uint8Array): Float64Array | undefined {
  const out = new Float64Array(PLANETLAB_SAMPLES);
  const n = b.length;
  let i = 0;
  for (let k = 0; k < PLANETLAB_SAMPLES; k++) {
    let v = 0;
    let digits = 0;
    for (; i < n; i++) {
      const c = b[i];
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      digits++;
    }
    if (digits === 0 || digits > 3 || v > 100) return undefined;
    if (i < n && b[i] === 13) i++;
    if (i < n) {
      if (b[i] !== 10) return undefined;
      i++;
    } else if (k !== PLANETLAB_SAMPLES - 1) {
      return undefined;
    }
    out[k] = v / 100;
  }
  for (; i < n; i++) if (b[i] !== 10 && b[i] !== 13) return undefined;
  return out;
}

/**
 * Parses one PlanetLab file's text: exactly 288 whole percentages 0..100, one per line.
 * `file` names it in error messages.
 */
export function parsePlanetLabFile(text: string, file: string): Float64Array {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  let n = lines.length;
  while (n > 0 && lines[n - 1].trim() === '') n--;
  const out = new Float64Array(PLANETLAB_SAMPLES);
  const count = Math.min(n, PLANETLAB_SAMPLES);
  for (let k = 0; k < count; k++) {
    const s = lines[k].trimEnd();
    const v = PERCENT_RE.test(s) ? Number(s) : NaN;
    if (!(v <= 100)) traceError(`${file}:${k + 1}: expected a CPU percentage 0..100, got ${JSON.stringify(s)}`);
    out[k] = v / 100;
  }
  if (n !== PLANETLAB_SAMPLES) {
    const where = n > PLANETLAB_SAMPLES ? `${file}:${PLANETLAB_SAMPLES + 1}` : file;
    traceError(
      `${where}: expected ${PLANETLAB_SAMPLES} CPU percentages (one per line, every ${PLANETLAB_STEP} s of one day), got ${n} lines`,
    );
  }
  return out;
}

/**
 * Reads a VM order file: one `index<TAB>file name` line per VM, indices 0, 1, 2, ... in
 * that order. The name is everything after the first tab (names may contain spaces; a
 * trailing `\r` is dropped). Blank lines are ignored. Returns the names in order.
 *
 * @throws InputError (E_TRACE) naming file:line for a malformed line, an index out of
 *   sequence, a repeated name, or an empty file.
 */
export function readVmOrder(file: string): string[] {
  return readOrderLines(file).map((e) => e.name);
}

interface OrderEntry {
  name: string;
  line: number;
}

function readOrderLines(file: string): OrderEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    return traceError(`${file}: cannot read VM order file: ${reason}`);
  }
  const out: OrderEntry[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (raw.trim() === '') continue;
    const line = i + 1;
    const tab = raw.indexOf('\t');
    const index = tab < 0 ? '' : raw.slice(0, tab).trim();
    const name = tab < 0 ? '' : raw.slice(tab + 1);
    if (tab < 0 || name === '') traceError(`${file}:${line}: expected "index<TAB>file name", got ${JSON.stringify(raw)}`);
    if (index !== String(out.length)) traceError(`${file}:${line}: expected index ${out.length}, got ${JSON.stringify(index)}`);
    const before = seen.get(name);
    if (before !== undefined) traceError(`${file}:${line}: file name ${JSON.stringify(name)} is listed twice (first on line ${before})`);
    seen.set(name, line);
    out.push({ name, line });
  }
  if (out.length === 0) traceError(`${file}: the VM order file is empty (expected index<TAB>file name lines)`);
  return out;
}

function orderedNames(files: string[], folder: string, orderFile: string): string[] {
  const order = readOrderLines(orderFile);
  const present = new Set(files);
  for (const { name, line } of order) {
    if (!present.has(name)) traceError(`${orderFile}:${line}: ${JSON.stringify(name)} is not a trace file in ${folder}`);
  }
  if (order.length !== files.length) {
    const listed = new Set(order.map((e) => e.name));
    const missing = files.filter((f) => !listed.has(f));
    const shown = missing.slice(0, 5).map((f) => JSON.stringify(f)).join(', ');
    const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
    traceError(
      `${orderFile}: lists ${order.length} files but ${folder} has ${files.length}; not listed: ${shown}${more}`,
    );
  }
  return order.map((e) => e.name);
}
