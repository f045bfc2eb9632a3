/**
 * The CLI users run (package.json's bin) is the loader of the bundle of the compiled
 * modules, run from V8's code cache (src/build/bundle.ts, loader.cts): it must behave
 * as the modules do, exit codes and bytes included, find what it reads next to them
 * (package.json, the batch worker), import what it loads on demand (tinypool, the
 * report), and run without its cache or with one V8 refuses.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tmp } from './helpers.js';

const BUNDLE = resolve('dist/build/loader.cjs');
const MODULES = resolve('dist/cli/bin.js');
const dir = tmp();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(cli: string, args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the bundled CLI', () => {
  it('is what package.json installs as dcsim', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: { dcsim: string } };
    expect(resolve(pkg.bin.dcsim)).toBe(BUNDLE);
  });

  it('prints the version from package.json', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(run(BUNDLE, ['--version']).out.trim()).toBe(pkg.version);
  });

  it('prints the same help as the modules (its text measure, string-width, loads on first use)', () => {
    for (const args of [['--help'], ['run', '--help'], ['check', '--help']]) {
      expect(run(BUNDLE, args).out, args.join(' ')).toBe(run(MODULES, args).out);
    }
  });

  it('writes the same bytes as the modules for a run', () => {
    const a = join(dir, 'bundle'), b = join(dir, 'modules');
    expect(run(BUNDLE, ['run', 'scenarios/quickstart.yaml', '--quiet', '--out', a]).code).toBe(0);
    expect(run(MODULES, ['run', 'scenarios/quickstart.yaml', '--quiet', '--out', b]).code).toBe(0);
    const files = readdirSync(b).filter((f) => f.endsWith('.csv')).sort();
    expect(readdirSync(a).filter((f) => f.endsWith('.csv')).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(a, f), 'utf8'), f).toBe(readFileSync(join(b, f), 'utf8'));
  });

  it('reports bad input with exit code 2, as the modules do', () => {
    const bad = run(BUNDLE, ['run', 'scenarios/none.yaml', '--quiet']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(run(MODULES, ['run', 'scenarios/none.yaml', '--quiet']).err);
  });

  it('writes a report (its charting is imported on demand)', () => {
    const runOut = join(dir, 'bundle');
    const html = join(dir, 'report.html');
    const r = run(BUNDLE, ['report', runOut, '--out', html]);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  });

  it('runs without a code cache, and with one V8 refuses, writing a good one', () => {
    // A copy of the installed layout: package.json, dist/build/loader.cjs, dist/bundle/.
    const root = join(dir, 'install');
    mkdirSync(join(root, 'dist', 'build'), { recursive: true });
    mkdirSync(join(root, 'dist', 'bundle'), { recursive: true });
    copyFileSync('package.json', join(root, 'package.json'));
    copyFileSync('dist/build/loader.cjs', join(root, 'dist', 'build', 'loader.cjs'));
    copyFileSync('dist/bundle/cli.cjs', join(root, 'dist', 'bundle', 'cli.cjs'));
    const loader = join(root, 'dist', 'build', 'loader.cjs');
    const cache = join(root, 'dist', 'bundle', 'cli.cache');
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    // None: it runs, and leaves one behind.
    expect(run(loader, ['--version']).out.trim()).toBe(version);
    const written = statSync(cache).size;
    expect(written).toBeGreaterThan(100_000);
    // One V8 refuses (garbage): it runs, and writes a good one again.
    writeFileSync(cache, Buffer.alloc(1000, 7));
    expect(run(loader, ['--version']).out.trim()).toBe(version);
    expect(statSync(cache).size).toBeGreaterThan(100_000);
  });

  it('runs a batch on worker threads (the worker module is found from the bundle)', () => {
    const out = join(dir, 'batch');
    const r = run(BUNDLE, ['run', 'scenarios/quickstart.yaml', '--replications', '2', '-j', '2', '--quiet', '--out', out]);
    expect(r.code, r.err).toBe(0);
    const sweep = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
    expect(sweep).toHaveLength(3);
    expect(sweep.slice(1).every((l) => l.includes(',ok,'))).toBe(true);
  });
});
