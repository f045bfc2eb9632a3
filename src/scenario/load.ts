/**
 * Loading a scenario: YAML text → (--set overrides) → validation → ScenarioConfig.
 * Every problem found on the way is collected; if there is any, a ScenarioError
 * carrying all of them (sorted by line, then column) is thrown.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { ScenarioConfig } from './types.js';
import { applySets, parseSets } from './overrides.js';
import { type Problem, ScenarioError } from './problems.js';
import { Ctx } from './schema.js';
import { validateScenario } from './validate.js';

export interface LoadOptions {
  /** Overrides the scenario's `seed` (integer 0..2^32-1). */
  seed?: number;
  /** `dotted.path=value` overrides applied before validation, in order. */
  set?: readonly string[];
  /**
   * Folder that relative trace paths are resolved against. Default: the folder of
   * `file` (resolved against the working directory).
   */
  baseDir?: string;
}

/** Reads and validates a scenario file. Throws ScenarioError (exit code 2) listing every problem. */
export function loadScenario(file: string, opts: LoadOptions = {}): ScenarioConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    throw new ScenarioError([{ file, line: 0, column: 0, path: '', message: `cannot read the scenario file: ${why}` }]);
  }
  return parseScenario(text, file, opts);
}

/** Validates scenario text; `file` names it in problems and locates relative trace files. */
export function parseScenario(text: string, file: string, opts: LoadOptions = {}): ScenarioConfig {
  const problems: Problem[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const sets = parseSets(opts.set ?? [], problems);
  for (const err of doc.errors) {
    const pos = lineCounter.linePos(err.pos[0]);
    problems.push({
      file,
      line: Math.max(1, pos.line),
      column: Math.max(1, pos.col),
      path: '',
      message: `YAML syntax error: ${err.message}`,
    });
  }
  if (opts.seed !== undefined && !(Number.isInteger(opts.seed) && opts.seed >= 0 && opts.seed <= 2 ** 32 - 1)) {
    problems.push({
      file: '--seed',
      line: 0,
      column: 0,
      path: 'seed',
      message: `expected an integer from 0 to ${2 ** 32 - 1}, got ${opts.seed}`,
      source: String(opts.seed),
    });
  }
  // A document with syntax errors is not validated: its structure cannot be trusted.
  if (doc.errors.length > 0) throw new ScenarioError(problems);

  const origins = new WeakMap<object, string>();
  applySets(doc, sets, origins, problems);
  const ctx = new Ctx(file, doc, lineCounter, origins);
  const config = validateScenario(ctx, doc.contents, { baseDir: opts.baseDir ?? dirname(resolve(file)) });
  problems.push(...ctx.problems);
  if (!config && problems.length === 0) {
    problems.push({ file, line: 1, column: 1, path: '', message: 'the scenario is invalid' }); // not expected
  }
  if (problems.length > 0 || !config) throw new ScenarioError(problems);
  if (opts.seed !== undefined) config.seed = opts.seed;
  return config;
}
