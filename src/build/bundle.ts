/**
 * Bundles the command line into dist/bundle/ (run after tsc by `npm run build`): the
 * CLI's entry and everything its commands import, yargs and yaml included, as one
 * module plus chunks for what is imported on demand (`dcsim report` and its charting
 * libraries). Loading one file instead of some 170 modules saves about 80 ms of every
 * `dcsim` start on the benchmark machine (BENCHMARKS.md), which a one-day consolidation
 * run, a third of a second, feels.
 *
 * tinypool stays a package: its worker entry files are found next to its own module.
 * The batch workers load dist/batch/worker.js unbundled (once per worker).
 * Bundled CommonJS packages (seedrandom) call `require`, which an ES module does not
 * have: the banner gives the bundle one.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../', import.meta.url));

await build({
  entryPoints: [`${dist}cli/bin.js`],
  outdir: `${dist}bundle`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['tinypool'],
  banner: { js: "import { createRequire as __dcsimRequire } from 'node:module'; const require = __dcsimRequire(import.meta.url);" },
  logLevel: 'warning',
});
