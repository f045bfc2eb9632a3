import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

export function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'dcsim-test-'));
}

export function runCli(args: string[]): { code: number; out: string; err: string } {
  let out = '', err = '';
  const code = main(args, { out: (s) => (out += s), err: (s) => (err += s), tty: false });
  if (typeof code !== 'number') throw new Error('a batch command: use runCliAsync');
  return { code, out, err };
}

/** For commands that may run a batch (main returns a promise then). */
export async function runCliAsync(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s), tty: false });
  return { code, out, err };
}

/** A small valid scenario; `extra` is appended verbatim. */
export function scenarioText(extra = ''): string {
  return `name: tiny
seed: 3
duration: 10m
metrics: { interval: 1m, tasks: true }
host_types:
  h: { cores: 4, mips: 1000, ram: 8GiB }
vm_types:
  v: { vcpus: 2, mips: 1000, ram: 2GiB }
datacenter:
  hosts: [{ type: h, count: 3 }]
vms:
  - { type: v, count: 4, group: g }
workloads:
  - name: w
    group: g
    interarrival: { dist: exponential, mean: 2s }
    length: { dist: exponential, mean: 3000 }
${extra}`;
}

export function writeScenario(dir: string, text: string, name = 's.yaml'): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
