#!/usr/bin/env node
/**
 * The `dcsim` command: runs the bundled CLI (dist/bundle/cli.cjs, see bundle.ts) from
 * V8's code cache next to it. Without a usable cache (none yet, or one from another
 * Node or V8 version, which V8 refuses) the script is compiled as usual and the cache
 * is written again, atomically; where the folder is read-only it simply is not.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

const dir = join(__dirname, '..', 'bundle');
const file = join(dir, 'cli.cjs');
const cacheFile = join(dir, 'cli.cache');

let cachedData: Buffer | undefined;
if (process.env.DCSIM_CODE_CACHE !== 'write') {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
}
// The bundle is ASCII (bundle.ts checks): read as Latin-1, the same string without UTF-8 decoding.
const source = readFileSync(file, 'latin1');
const script = new Script(`(function (exports, require, module, __filename, __dirname, __dcsimUrl, __dcsimImport) {${source}\n})`, {
  filename: file,
  ...(cachedData === undefined ? {} : { cachedData }),
});
const run = script.runInThisContext() as (...args: unknown[]) => void;
const onDemand = (spec: string): Promise<unknown> => import(spec.startsWith('.') ? pathToFileURL(join(dir, spec)).href : spec);
const module_ = { exports: {} };
if (cachedData === undefined || script.cachedDataRejected === true) {
  // After the start-up below ran, so that what it compiled is in the cache too.
  process.once('exit', () => {
    try {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      // A read-only install: run without a cache.
    }
  });
}
run(module_.exports, require, module_, file, dir, pathToFileURL(file).href, onDemand);
