/**
 * Child process of the multi-tier benchmark: `node dist/bench/multitier-child.js
 * <scenario>`. Loads the scenario, runs it, builds its CSV tables in memory, and
 * prints one JSON line: phase wall times, simulate()'s CPU time, requests completed
 * (applications.csv, summed over applications), events and the process's peak RSS.
 */
import { loadScenario } from '../scenario/load.js';
import { resultFiles, simulate } from '../run/simulate.js';

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: node dist/bench/multitier-child.js <scenario.yaml>\n');
  process.exit(2);
}
const t0 = performance.now();
const config = loadScenario(file);
const t1 = performance.now();
const cpu0 = process.cpuUsage();
const result = simulate(config);
const cpu = process.cpuUsage(cpu0);
const t2 = performance.now();
resultFiles(result);
const t3 = performance.now();
const apps = result.extra?.applications;
if (apps === undefined) {
  process.stderr.write(`multitier-child: ${file} has no applications\n`);
  process.exit(2);
}
const col = apps.columns.indexOf('requests_completed');
const requests = apps.rows.reduce((n, row) => n + Number(row[col]), 0);
const sim_s = (t2 - t1) / 1000;
process.stdout.write(
  JSON.stringify({
    scenario: config.name,
    load_s: (t1 - t0) / 1000,
    sim_s,
    // CPU time of simulate() (user + system): what the run costs whatever else shares the machine.
    sim_cpu_s: (cpu.user + cpu.system) / 1e6,
    requests_per_cpu_s: requests / ((cpu.user + cpu.system) / 1e6),
    csv_s: (t3 - t2) / 1000,
    requests,
    requests_per_s: requests / sim_s,
    events: result.events,
    events_per_s: result.events / sim_s,
    sim_time_s: result.simTime,
    max_rss_kib: process.resourceUsage().maxRSS,
  }) + '\n',
);
