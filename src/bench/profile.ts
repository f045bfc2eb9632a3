/**
 * Summarizes a V8 CPU profile (from `node --cpu-prof`) by self time per function:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/index.js hold --runs 1 --pending 1e5
 *   node dist/bench/profile.js /tmp/prof [top=5]
 *
 * Takes a .cpuprofile file or a folder (its newest .cpuprofile).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function selfTimes(profile: CpuProfile): { fn: string; ms: number; share: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const cf = byId.get(id)?.callFrame;
    const where = cf && cf.url ? ` ${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber + 1}` : '';
    const key = `${cf?.functionName || '(anonymous)'}${where}`;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .map(([fn, us]) => ({ fn, ms: us / 1000, share: total > 0 ? us / total : 0 }));
}

function newestProfile(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  const files = readdirSync(path)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(path, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (files.length === 0) throw new Error(`no .cpuprofile in ${path}`);
  return files[0];
}

if (process.argv[1]?.endsWith('profile.js')) {
  const [path, topArg] = process.argv.slice(2);
  if (path === undefined) {
    process.stderr.write('usage: node dist/bench/profile.js <file.cpuprofile | folder> [top]\n');
    process.exit(2);
  }
  const file = newestProfile(path);
  const rows = selfTimes(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const top = Number(topArg ?? 5);
  process.stdout.write(`${file}\nself time  share  function\n`);
  for (const r of rows.slice(0, top)) {
    process.stdout.write(`${r.ms.toFixed(0).padStart(6)} ms  ${(100 * r.share).toFixed(1).padStart(5)}%  ${r.fn}\n`);
  }
}
