import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScenarioError } from '../../src/scenario/problems.js';

export function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'dcsim-batch-'));
}

/** A small scenario (a few ms a run) with a sweep section; line 16 is `sweep:`. */
export function sweepScenario(sweep = SWEEP): string {
  return `name: tiny
seed: 3
duration: 10m
metrics: { interval: 5m }
host_types:
  h: { cores: 2, mips: 1000, ram: 8GiB }
vm_types:
  v: { vcpus: 1, mips: 1000, ram: 2GiB }
datacenter:
  hosts: [{ type: h, count: 3 }]
vms: [{ type: v, count: 4, group: g }]
workloads:
  - name: w
    interarrival: { dist: exponential, mean: 2s }
    length: { dist: exponential, mean: 1500 }
sweep:
${sweep}`;
}

export const SWEEP = `  grid:
    datacenter.placement: [first-fit, worst-fit]
    host_types.h.cores: [2, 4]
  variants:
    - name: base
    - name: slow
      set: { vm_types.v.mips: 500 }
  replications: 3
`;

export function writeScenario(dir: string, text: string, name = 's.yaml'): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Every file of a folder tree (relative path -> content), to compare two batches byte for byte. */
export function tree(dir: string, skip: (rel: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (skip(r)) continue;
      if (e.isDirectory()) walk(join(d, e.name), r);
      else out[r] = readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

/** The problem lines of the ScenarioError that `f` throws (it must throw one). */
export function problemsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof ScenarioError) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected a ScenarioError');
}
