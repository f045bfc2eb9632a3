/**
 * Problems found in a scenario: where they are, what is wrong, and how to fix it.
 * Validation collects every problem before giving up, so a user sees them all at once.
 */
import { InputError } from '../errors.js';

export interface Problem {
  /** Scenario file name as given, or '--set' / '--seed' for command-line values. */
  file: string;
  /** 1-based line; 0 when the problem has no position in a file (command-line values). */
  line: number;
  /** 1-based column; 0 when `line` is 0. */
  column: number;
  /** Dotted path of the offending value, e.g. `datacenter.hosts.0.count`; '' for the whole document. */
  path: string;
  /** What was expected and what was found. */
  message: string;
  /** How to fix it (did-you-mean, accepted values...). */
  hint?: string;
  /** For command-line problems: the text the user gave (e.g. the `path=value` of a --set). */
  source?: string;
}

/**
 * One line per problem:
 * - with a position: `file:line:column: path: message (hint)`
 * - without one (line 0): `file "source": path: message (hint)`, e.g.
 *   `--set "host_types.g4.ram=4 gigs": host_types.g4.ram: expected ...`
 * The `path: ` part is left out when the path is empty, the ` (hint)` part when there is no hint.
 */
export function formatProblem(p: Problem): string {
  let where: string;
  if (p.line > 0) where = `${p.file}:${p.line}:${p.column}`;
  else if (p.source !== undefined) where = `${p.file} ${JSON.stringify(p.source)}`;
  else where = p.file;
  const path = p.path ? `${p.path}: ` : '';
  const hint = p.hint ? ` (${p.hint})` : '';
  return `${where}: ${path}${p.message}${hint}`;
}

/** Problems in reading order: by line, then column (stable; positionless problems come first). */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.line - b.p.line || a.p.column - b.p.column || a.i - b.i)
    .map((x) => x.p);
}

/** A scenario (or its command-line overrides) has one or more problems. */
export class ScenarioError extends InputError {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    const sorted = sortProblems(problems);
    super('E_SCENARIO', sorted.map(formatProblem).join('\n'));
    this.problems = sorted;
  }
}

/** Levenshtein edit distance (insertions, deletions and substitutions cost 1). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * The allowed word closest to `word`, if it is close enough to be a likely typo:
 * edit distance <= max(2, word.length / 3). Ties go to the earlier allowed word.
 */
export function closest(word: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const a of allowed) {
    const d = levenshtein(word, a);
    if (d < bestDist) {
      best = a;
      bestDist = d;
    }
  }
  return bestDist <= Math.max(2, word.length / 3) ? best : undefined;
}

/** `did you mean "x"?` for a close allowed word, else undefined. */
export function didYouMean(word: string, allowed: readonly string[]): string | undefined {
  const c = closest(word, allowed);
  return c === undefined ? undefined : `did you mean "${c}"?`;
}

/** A hint naming the closest allowed word (if any) and listing all of them. */
export function choiceHint(word: string, allowed: readonly string[], noun = 'allowed'): string {
  const dym = didYouMean(word, allowed);
  const list = `${noun}: ${allowed.join(', ')}`;
  return dym ? `${dym} ${list}` : list;
}
