/**
 * Batch tests run their pool's workers from dist/ (worker threads load compiled JS).
 * `npm ci` builds dist/ (prepare); this rebuilds it when a source file is newer, so
 * the workers and the bundled CLI (dist/bundle/) never run stale code.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export default function setup(): void {
  const worker = 'dist/batch/worker.js';
  const stale = !existsSync(worker) || newest('src') > statSync(worker).mtimeMs || statSync('package.json').mtimeMs > statSync(worker).mtimeMs;
  if (stale || !existsSync('dist/bundle/cli.cache')) {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
    // The CLI as installed (package.json's bin): the bundle of the compiled modules.
    execFileSync(process.execPath, ['dist/build/bundle.js'], { stdio: 'inherit' });
  }
}
