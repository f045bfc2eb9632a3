/**
 * The CLI users run (package.json's bin) is the bundle of the compiled modules
 * (src/build/bundle.ts): it must behave as the modules do, exit codes and bytes
 * included, and find what it reads next to them (package.json, the batch worker).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tmp } from './helpers.js';

const BUNDLE = resolve('dist/bundle/bin.js');
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

  it('runs a batch on worker threads (the worker module is found from the bundle)', () => {
    const out = join(dir, 'batch');
    const r = run(BUNDLE, ['run', 'scenarios/quickstart.yaml', '--replications', '2', '-j', '2', '--quiet', '--out', out]);
    expect(r.code, r.err).toBe(0);
    const sweep = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
    expect(sweep).toHaveLength(3);
    expect(sweep.slice(1).every((l) => l.includes(',ok,'))).toBe(true);
  });
});
