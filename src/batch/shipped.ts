/**
 * The scenarios dcsim ships, and how CI checks each against its committed baseline
 * (baselines/<name>.csv, a summary.csv). The large ones are checked at a reduced
 * size so the whole check stays within a minute or two; the reduction is part of
 * the baseline (recorded and checked with the same overrides).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Cell, Table } from '../metrics/table.js';
import { toCsv } from '../metrics/writer.js';
import { simulate } from '../run/simulate.js';
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

/**
 * Runs a shipped scenario (reduced as above) and returns its name and the row its
 * baseline keeps: summary.csv, then every number of the run's other tables
 * (platforms.csv, tiers.csv, ...), each as a column named
 * `<table>.<the row's text cells, joined by />.<column>` so that experiments whose
 * results live in those tables (virtualization, provisioning, applications) are
 * checked too (per-item tables longer than MAX_FLAT_ROWS by their row count).
 */
export function shippedSummary(file: string): { name: string; csv: string } {
  const config = loadScenario(file, { set: reductionFor(file)?.set ?? [] });
  const result = simulate(config);
  const summary = result.summary;
  const columns = [...summary.columns];
  const row = [...(summary.rows[0] ?? [])];
  for (const stem of Object.keys(result.extra ?? {}).sort()) {
    const { names, cells } = flatten(stem, result.extra![stem]);
    columns.push(...names);
    row.push(...cells);
  }
  return { name: config.name, csv: toCsv({ columns, rows: [row] }) };
}

/** Tables longer than this (one row per request, per task, ...) keep only their row count. */
const MAX_FLAT_ROWS = 100;

function flatten(stem: string, table: Table): { names: string[]; cells: Cell[] } {
  if (table.rows.length > MAX_FLAT_ROWS) return { names: [`${stem}.rows`], cells: [table.rows.length] };
  const text = table.columns.map((_, j) => table.rows.some((r) => typeof r[j] === 'string' && r[j] !== ''));
  const names: string[] = [];
  const cells: Cell[] = [];
  const seen = new Set<string>();
  table.rows.forEach((r, i) => {
    let key = table.columns.filter((_, j) => text[j]).map((c) => String(r[table.columns.indexOf(c)])).join('/') || `row${i}`;
    if (seen.has(key)) key = `${key}#${i}`;
    seen.add(key);
    table.columns.forEach((c, j) => {
      if (text[j]) return;
      names.push(`${stem}.${key}.${c}`);
      cells.push(r[j]);
    });
  });
  return { names, cells };
}
