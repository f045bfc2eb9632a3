/**
 * Bundles the command line into dist/bundle/ (run after tsc by `npm run build`):
 * cli.cjs, the CLI's entry and everything its commands import (yargs and yaml
 * included) as one script, and cli.cache, V8's compiled code for it. The `dcsim`
 * command (dist/build/loader.cjs) runs the script with that cache: one file to read
 * and nothing to parse or compile again, where the unbundled CLI loads some 170 modules
 * and compiles each. About 120 ms less at every start on the benchmark machine
 * (BENCHMARKS.md (e)), which a one-day consolidation run, a third of a second, feels.
 *
 * The script is CommonJS because only scripts take a code cache (vm.Script) in Node 20.
 * So that it runs as the ES modules it is made of:
 * - `import.meta.url` is the bundle's own URL (the loader passes it), so files found
 *   next to the compiled modules (package.json, the batch worker) are found from it;
 * - what the CLI imports on demand (tinypool, which is an ES module; `dcsim report`
 *   and its charting) stays outside and is imported through the loader, as a script
 *   run from a code cache cannot import by itself.
 */
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const dist = fileURLToPath(new URL('../', import.meta.url));
const out = `${dist}bundle/cli.cjs`;
/** Imported on demand, through the loader. */
const ON_DEMAND = ['tinypool', '../report/index.js'];

await build({
  entryPoints: [`${dist}cli/bin.js`],
  outfile: out,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ON_DEMAND,
  define: { 'import.meta.url': '__dcsimUrl' },
  logLevel: 'warning',
});

// The dynamic imports esbuild kept (one per on-demand module) go through the loader.
const text = readFileSync(out, 'utf8').replace(/^#!.*\n/, '');
let found = 0;
const routed = text.replace(/\bimport\((["'])([^"']+)\1\)/g, (whole, _q: string, spec: string) => {
  if (!ON_DEMAND.includes(spec)) throw new Error(`bundle: unexpected dynamic import ${whole}`);
  found++;
  return `__dcsimImport(${JSON.stringify(spec)})`;
});
if (found !== ON_DEMAND.length) throw new Error(`bundle: expected ${ON_DEMAND.length} on-demand imports, found ${found}`);
writeFileSync(out, routed);

// The code cache: the loader writes it when it finds none (running --version compiles
// the script and everything its start-up runs).
execFileSync(process.execPath, [`${dist}build/loader.cjs`, '--version'], { env: { ...process.env, DCSIM_CODE_CACHE: 'write' }, stdio: 'ignore' });
