/**
 * Child process of the scale benchmark: `node dist/bench/scale-child.js <scenario>
 * [--set path=value]...`. Loads the scenario, runs it, builds its CSV tables in
 * memory (nothing is written), and prints one JSON line: the wall time of each
 * phase, the events, events/s, and the process's peak RSS
 * (process.resourceUsage().maxRSS, KiB) at the end.
 */
import { loadScenario } from '../scenario/load.js';
import { resultFiles, simulate } from '../run/simulate.js';

const args = process.argv.slice(2);
const file = args[0];
if (file === undefined) {
  process.stderr.write('usage: node dist/bench/scale-child.js <scenario.yaml> [--set path=value]...\n');
  process.exit(2);
}
const set: string[] = [];
for (let i = 1; i < args.length; i++) {
  if (args[i] === '--set' && i + 1 < args.length) set.push(args[++i]);
  else {
    process.stderr.write(`scale-child: unknown argument ${args[i]}\n`);
    process.exit(2);
  }
}

const t0 = performance.now();
const config = loadScenario(file, { set });
const t1 = performance.now();
const result = simulate(config);
const t2 = performance.now();
const files = resultFiles(result);
const t3 = performance.now();
const csvBytes = Object.values(files).reduce((n, s) => n + s.length, 0);

const sim_s = (t2 - t1) / 1000;
process.stdout.write(
  JSON.stringify({
    scenario: config.name,
    load_s: (t1 - t0) / 1000,
    sim_s,
    csv_s: (t3 - t2) / 1000,
    csv_chars: csvBytes,
    sim_time_s: result.simTime,
    events: result.events,
    events_per_s: result.events / sim_s,
    max_rss_kib: process.resourceUsage().maxRSS,
  }) + '\n',
);
