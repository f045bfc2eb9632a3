import { analyzeScenario } from '../run/analyze.js';
import { loadScenario } from '../scenario/load.js';
import type { Io } from './main.js';

/** `dcsim analyze`: prints predicted next to simulated figures for each application. */
export function analyzeCommand(files: string[], flags: { seed?: number; set: string[] }, io: Io, report: (e: unknown, io: Io) => number): number {
  try {
    for (const file of files) {
      const config = loadScenario(file, { seed: flags.seed, set: flags.set });
      if (!config.applications) {
        io.out(`${file}: ${config.name} has no applications to analyse\n`);
        continue;
      }
      const { apps } = analyzeScenario(config);
      for (const a of apps) {
        io.out(`${config.name} / ${a.app} (seed ${config.seed}):\n`);
        if (a.method === undefined) {
          io.out(`  not a product-form network, no analytic solution: ${a.reasons.join('; ')}\n  (a limit can be dropped for the analysis with --set, e.g. --set applications.0.tiers.0.threads=)\n`);
          continue;
        }
        io.out(`  ${a.method}\n`);
        for (const n of a.notes) io.out(`  note: ${n}\n`);
        const rows = a.rows.map((r) => [
          r.figure, fmt(r.predicted), fmt(r.simulated),
          Number.isFinite(r.predicted) && r.predicted !== 0 && Number.isFinite(r.simulated) ? `${(100 * (r.simulated / r.predicted - 1)).toFixed(2)}%` : '',
        ]);
        const table = [['figure', 'predicted', 'simulated', 'difference'], ...rows];
        const width = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
        for (const row of table) io.out(`  ${row.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ')}\n`);
      }
    }
    return 0;
  } catch (e) {
    return report(e, io);
  }
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(2) : x.toPrecision(5);
}
