/**
 * From a scenario (and its sweep section) to the list of runs of a batch: every
 * variant × grid point × replication, each with a stable id, its own seed, its
 * resolved scenario and a content hash. Every point is validated before anything
 * runs; a problem in a swept value is reported where the sweep wrote it.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { InputError } from '../errors.js';
import { loadScenario, parseScenario } from '../scenario/load.js';
import { type Problem, ScenarioError } from '../scenario/problems.js';
import { Ctx } from '../scenario/schema.js';
import type { ScenarioConfig } from '../scenario/types.js';
import { type SweepSpec, type SweepValue, readSweep, sweepNode } from './spec.js';
import { dcsimVersion } from './version.js';

/** One run of a batch, as batch.json records it. */
export interface RunDef {
  run_id: string;
  variant: string;
  /** One cell per swept path (BatchDef.params), as in sweep.csv. */
  params: string[];
  replication: number;
  seed: number;
  /** sha256 of the dcsim version and the resolved scenario (seed included). */
  content_hash: string;
}

/** A batch's identity and its runs in definition order (the content of batch.json). */
export interface BatchDef {
  scenario: string;
  dcsim: string;
  /** The swept paths: sweep.csv's parameter columns. */
  params: string[];
  sweep: {
    grid: Record<string, string[]>;
    variants: { name: string; set: Record<string, string> }[];
    /** Grid paths whose values are named: name -> the value (JSON). Absent when none is. */
    named?: Record<string, Record<string, string>>;
    replications: number;
    base_seed: number;
  };
  seed_derivation: string;
  /** sha256 over the scenario name, swept paths and every run's id and content hash. */
  batch_hash: string;
  runs: RunDef[];
}

export interface BatchPlan {
  def: BatchDef;
  /** Resolved scenario of each run, aligned with def.runs. */
  configs: ScenarioConfig[];
}

export interface PlanOptions {
  /** Run the scenario's sweep section (else: the scenario alone, replicated). */
  sweep: boolean;
  /** Overrides sweep.replications. */
  replications?: number;
  set?: readonly string[];
  seed?: number;
}

export const SEED_DERIVATION =
  'replication 0 uses the scenario seed; replication r >= 1 uses the first 4 bytes (big-endian) of sha256("dcsim/replication/<seed>/<r>")';

/** The seed of replication `r`: a function of the base seed and r only, never of the parameter point. */
export function replicationSeed(baseSeed: number, r: number): number {
  if (r === 0) return baseSeed;
  return createHash('sha256').update(`dcsim/replication/${baseSeed}/${r}`).digest().readUInt32BE(0);
}

/** JSON has no Infinity or typed arrays: null and plain lists. */
export function jsonSafe(_key: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  return v;
}

/**
 * sha256 of the dcsim version, the resolved scenario and the content of the trace
 * files it names (utilization traces are read when the run starts, so the resolved
 * scenario holds their paths only): an edited trace re-runs the runs that use it.
 */
export function contentHash(config: ScenarioConfig, version: string, digests = new Map<string, string>()): string {
  return createHash('sha256').update(JSON.stringify({ dcsim: version, config, inputs: inputDigests(config, digests) }, jsonSafe)).digest('hex');
}

function fileDigest(path: string, cache: Map<string, string>): string {
  let d = cache.get(path);
  if (d === undefined) {
    const h = createHash('sha256');
    try {
      if (statSync(path).isDirectory()) {
        for (const name of readdirSync(path).sort()) {
          const f = join(path, name);
          if (statSync(f).isFile()) h.update(name).update('\0').update(readFileSync(f)).update('\0');
        }
      } else h.update(readFileSync(path));
      d = h.digest('hex');
    } catch {
      d = 'unreadable'; // the run reports it
    }
    cache.set(path, d);
  }
  return d;
}

function inputDigests(config: ScenarioConfig, cache: Map<string, string>): Record<string, string> {
  const src = config.traceVms?.source;
  const paths = src?.kind === 'planetlab' ? [src.folder, ...(src.order ? [src.order] : [])] : src?.kind === 'csv' ? [src.file] : [];
  return Object.fromEntries(paths.map((p) => [p, fileDigest(p, cache)]));
}

const SAFE_CELL = /^[A-Za-z0-9.+-]+$/;

/** A parameter value in a run id: its name, or as written when file-name safe, else 8 hex digits of its hash. */
function idPart(v: SweepValue): string {
  if (v.label !== undefined) return v.label;
  if (SAFE_CELL.test(v.cell) && v.cell.length <= 40) return v.cell;
  return 'h' + createHash('sha256').update(v.setText).digest('hex').slice(0, 8);
}

function cartesian<T>(axes: readonly (readonly T[])[]): T[][] {
  let out: T[][] = [[]];
  for (const axis of axes) out = out.flatMap((prefix) => axis.map((v) => [...prefix, v]));
  return out;
}

export function planBatch(file: string, opts: PlanOptions): BatchPlan {
  const base = loadScenario(file, { set: opts.set, seed: opts.seed }); // throws every problem of the scenario itself
  const text = readFileSync(file, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  let spec: SweepSpec = { grid: [], variants: [], replications: 1 };
  if (opts.sweep) {
    const node = sweepNode(doc);
    if (node === undefined) throw new InputError('E_NO_SWEEP', `${file}: --sweep: the scenario has no sweep section (see "Batch experiments" in the README)`);
    const ctx = new Ctx(file, doc, lines);
    const read = readSweep(ctx, node, doc);
    if (!read) throw new ScenarioError(ctx.problems);
    spec = read;
  }
  if (opts.replications !== undefined) {
    if (!(Number.isInteger(opts.replications) && opts.replications >= 1)) {
      throw new InputError('E_FLAG', `--replications: expected an integer >= 1, got ${opts.replications}`);
    }
    spec = { ...spec, replications: opts.replications };
  }

  const variants = spec.variants.length > 0 ? spec.variants : [{ name: 'base', node: undefined, sets: [] }];
  const where = new Map<string, Origin>();
  const setOf = (path: string, v: SweepValue, keyNode: unknown, label: string): string => {
    const s = `${path}=${v.setText}`;
    if (!where.has(s)) where.set(s, { node: v.node, keyNode, label });
    return s;
  };
  const problems = new Map<string, Problem>();
  const runs: RunDef[] = [];
  const configs: ScenarioConfig[] = [];
  const ids = new Set<string>();
  const version = dcsimVersion();
  const digests = new Map<string, string>();
  for (const variant of variants) {
    const variantSets = variant.sets.map((s) => setOf(s.path, s.value, s.keyNode, `sweep variant ${variant.name}`));
    for (const point of cartesian(spec.grid.map((a) => a.values))) {
      const gridSets = point.map((v, i) => setOf(spec.grid[i].path, v, spec.grid[i].keyNode, `sweep grid ${spec.grid[i].path}`));
      let config: ScenarioConfig;
      try {
        config = parseScenario(text, file, { set: [...(opts.set ?? []), ...variantSets, ...gridSets], seed: opts.seed });
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        for (const p of e.problems) {
          const q = relocate(p, where, file, lines);
          problems.set(`${q.file}:${q.line}:${q.column}:${q.path}:${q.message}`, q);
        }
        continue;
      }
      const stem = [variant.name, ...point.map(idPart)].join('_');
      for (let r = 0; r < spec.replications; r++) {
        const seed = replicationSeed(config.seed, r);
        const runConfig = { ...config, seed };
        const runId = `${stem}_r${r}`;
        if (ids.has(runId)) throw new InputError('E_SWEEP_ID', `${file}: sweep: two runs would share the id ${runId}; make the swept values distinct`);
        ids.add(runId);
        runs.push({ run_id: runId, variant: variant.name, params: point.map((v) => v.cell), replication: r, seed, content_hash: contentHash(runConfig, version, digests) });
        configs.push(runConfig);
      }
    }
  }
  if (problems.size > 0) throw new ScenarioError([...problems.values()]);

  const params = spec.grid.map((a) => a.path);
  const named = spec.grid.filter((a) => a.values.some((v) => v.label !== undefined));
  const batchHash = createHash('sha256')
    .update(JSON.stringify({ scenario: base.name, params, runs: runs.map((r) => [r.run_id, r.content_hash]) }))
    .digest('hex');
  const def: BatchDef = {
    scenario: base.name,
    dcsim: version,
    params,
    sweep: {
      grid: Object.fromEntries(spec.grid.map((a) => [a.path, a.values.map((v) => v.cell)])),
      variants: spec.variants.map((v) => ({ name: v.name, set: Object.fromEntries(v.sets.map((s) => [s.path, s.value.cell])) })),
      ...(named.length > 0 && { named: Object.fromEntries(named.map((a) => [a.path, Object.fromEntries(a.values.map((v) => [v.label, v.setText]))])) }),
      replications: spec.replications,
      base_seed: base.seed,
    },
    seed_derivation: SEED_DERIVATION,
    batch_hash: batchHash,
    runs,
  };
  return { def, configs };
}

/** A problem in a value a sweep brought in: reported at the sweep's line and column. */
interface Origin {
  node: unknown;
  keyNode: unknown;
  label: string;
}

/**
 * A problem in a value a sweep brought in: reported at the sweep's line and column
 * (at the path when the path itself is wrong, else at the value).
 */
function relocate(p: Problem, where: Map<string, Origin>, file: string, lines: LineCounter): Problem {
  const w = p.file === '--set' && p.source !== undefined ? where.get(p.source) : undefined;
  if (!w) return p;
  const pathIsWrong = /^(unknown key|cannot set|expected a list index|expected an index)/.test(p.message);
  const range = ((pathIsWrong ? w.keyNode : w.node) as { range?: [number, number, number] } | null)?.range;
  const pos = range ? lines.linePos(range[0]) : { line: 1, col: 1 };
  const hint = [p.hint, `from ${w.label}`].filter(Boolean).join('; ');
  return { file, line: pos.line, column: pos.col, path: p.path, message: p.message, hint };
}

/** Whether a scenario file has a sweep section (without validating it). */
export function hasSweep(file: string): boolean {
  const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: false });
  return doc.errors.length === 0 && sweepNode(doc) !== undefined;
}

/** The number of runs of a scenario's sweep section (every point validated), or undefined without one. */
export function sweepRuns(file: string, set: readonly string[] = []): number | undefined {
  const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: false });
  if (doc.errors.length > 0 || sweepNode(doc) === undefined) return undefined;
  return planBatch(file, { sweep: true, set }).def.runs.length;
}
