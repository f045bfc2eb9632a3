/**
 * The scenarios dcsim ships, and how CI checks each against its committed baseline
 * (baselines/<name>.csv, a summary.csv). The large ones are checked at a reduced
 * size so the whole check stays within a minute or two; the reduction is part of
 * the baseline (recorded and checked with the same overrides).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resultFiles, simulate } from '../run/simulate.js';
import { loadScenario } from '../scenario/load.js';

export interface Reduction {
  set: string[];
  why: string;
}

const REDUCTIONS: Record<string, Reduction> = {
  'scale.yaml': { set: ['duration=30m'], why: 'the full day takes 17 s; half an hour still places its 100,000 VMs' },
  'consolidation-scale.yaml': {
    set: ['datacenter.hosts.0.count=100', 'datacenter.hosts.1.count=100', 'trace_vms.synthetic.count=200'],
    why: 'the full size takes minutes; 200 hosts and 200 VMs run the same day and policies',
  },
};
const PLANETLAB: Reduction = { set: ['duration=2h'], why: 'the full days run in test/run/planetlab-conformance.test.ts' };

/** The overrides a shipped scenario is checked with (none for most). */
export function reductionFor(file: string): Reduction | undefined {
  const name = file.split(/[\\/]/).pop()!;
  if (name.startsWith('planetlab-')) return PLANETLAB;
  return REDUCTIONS[name];
}

/** scenarios/*.yaml and scenarios/consolidation/*.yaml under `root`, sorted. */
export function shippedScenarios(root = '.'): string[] {
  const list = (dir: string) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => join(dir, f));
  return [...list('scenarios'), ...list(join('scenarios', 'consolidation'))];
}

/** Runs a shipped scenario (reduced as above) and returns its name and summary.csv text. */
export function shippedSummary(file: string): { name: string; csv: string } {
  const config = loadScenario(file, { set: reductionFor(file)?.set ?? [] });
  return { name: config.name, csv: resultFiles(simulate(config))['summary.csv'] };
}
