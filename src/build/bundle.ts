/**
 * Bundles the command line into dist/bundle/ (run after tsc by `npm run build`):
 * cli.cjs, the CLI's entry and everything its commands import (yargs and yaml
 * included) as one script, and cli.cache, V8's compiled code for it. The `dcsim`
 * command (dist/build/loader.cjs) runs the script with that cache: one file to read
 * and nothing to parse or compile again, where the unbundled CLI loads some 170 modules
 * and compiles each, and the models' code compiled once at build time rather than at
 * every run: about 0.15 s less per run on the benchmark machine (BENCHMARKS.md (e)),
 * which a one-day consolidation run, under a second, feels.
 *
 * The script is CommonJS because only scripts take a code cache (vm.Script) in Node 20.
 * So that it runs as the ES modules it is made of:
 * - `import.meta.url` is the bundle's own URL (the loader passes it), so files found
 *   next to the compiled modules (package.json, the batch worker) are found from it;
 * - what the CLI imports on demand (tinypool, which is an ES module; `dcsim report`
 *   and its charting) stays outside and is imported through the loader, as a script
 *   run from a code cache cannot import by itself.
 */
import { build, type Plugin } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const dist = fileURLToPath(new URL('../', import.meta.url));
const out = `${dist}bundle/cli.cjs`;
/** Imported on demand, through the loader. */
const ON_DEMAND = ['tinypool', '../report/index.js'];

/**
 * string-width (which yargs' help layout measures text with) builds an Intl.Segmenter
 * and Unicode-property regular expressions when it is loaded: ~11 ms of every start,
 * for help text only. Its module body runs at its first call instead. Should a new
 * version no longer be one default-exported function, the build stops here.
 */
const lazyStringWidth: Plugin = {
  name: 'lazy-string-width',
  setup(b) {
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, ({ path }) => {
      const text = readFileSync(path, 'utf8');
      const imports = text.match(/^import [^;]*;$/gm) ?? [];
      const body = text.replace(/^import [^;]*;$/gm, '');
      const head = 'export default function stringWidth(';
      if (body.split(head).length !== 2 || /^export /m.test(body.replace(head, ''))) {
        throw new Error(`bundle: ${path} is no longer one "${head}": update lazyStringWidth in src/build/bundle.ts`);
      }
      const contents = [
        ...imports,
        'let measure;',
        'export default function stringWidth(...args) {',
        `  measure ??= (() => {${body.replace(head, 'function stringWidth(')}\nreturn stringWidth;\n})();`,
        '  return measure(...args);',
        '}',
      ].join('\n');
      return { contents, loader: 'js' };
    });
  },
};

await build({
  entryPoints: [`${dist}cli/bin.js`],
  outfile: out,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ON_DEMAND,
  define: { 'import.meta.url': '__dcsimUrl' },
  plugins: [lazyStringWidth],
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
// esbuild escapes what is not ASCII (its default charset), which lets the loader read the
// script as Latin-1, a few ms sooner than decoding UTF-8 at every start.
if (/[^\x00-\x7f]/.test(routed)) throw new Error('bundle: cli.cjs is not ASCII; the loader reads it as Latin-1');
writeFileSync(out, routed);

// The code cache: the loader writes it, when told to, after the command it runs, with
// the code of everything that command compiled. Two short runs (a consolidation and a
// task scenario) compile the start-up, the scenario reader and the models' hot paths,
// which a cache taken after start-up alone leaves to compile at every run (measured:
// a PlanetLab day ~60 ms sooner than with a --version cache).
const scratch = mkdtempSync(join(tmpdir(), 'dcsim-cache-'));
try {
  execFileSync(
    process.execPath,
    [`${dist}build/loader.cjs`, 'run', 'scenarios/consolidation.yaml', 'scenarios/quickstart.yaml', '--set', 'duration=2h', '--quiet', '--out', scratch, '--force'],
    { cwd: join(dist, '..'), env: { ...process.env, DCSIM_CODE_CACHE: 'write' }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
