/**
 * The hot objects of a run (the consolidation model's, the task model's) keep the shape
 * they are created with.
 *
 * A number field that starts as integer 0 and later holds a fraction changes the shape
 * of every object of its class, and V8 then discards the optimized code that saw the
 * old shape: in the first simulated minutes of a PlanetLab day that cost a tenth of the
 * run (src/engine/doubles.ts). V8's own %HaveSameMap tells whether an object made before
 * a run has the shape of one made after it: it does not when a field changed
 * representation in between.
 *
 * A field holding integers in some objects and fractions in others keeps its shape but
 * is stored boxed (V8 widens it in place), and arithmetic on it allocates a number per
 * step: that shows as allocation, which processing a warm host must not do.
 *
 * The checks run in a child process, where V8's natives syntax can be switched on, on
 * the compiled modules in dist/ (test/global-setup.ts builds them).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const script = `
import { Simulation } from './dist/engine/simulation.js';
import { Durations, HostHistory, VmHistory } from './dist/model/consolidation/history.js';
import { CsDatacenter } from './dist/model/consolidation/datacenter.js';
import { CsHost } from './dist/model/consolidation/host.js';
import { cloudsimStaticPolicy } from './dist/policies/consolidation/cloudsim.js';
import { CsVm } from './dist/model/consolidation/vm.js';
import { loadScenario, simulate } from './dist/index.js';

function objects() {
  const d = new Durations();
  const vm = new CsVm(0, 'small', 1000, 1, 1740, 100, 2500, Float64Array.of(0, 0, 0), 300, d);
  const host = new CsHost(0, 'g4', 2, 1860, 4096, 1e6, 1e6, (u) => 86 + 31 * u, 117, d);
  const simulation = new Simulation();
  const datacenter = new CsDatacenter(simulation, [host], cloudsimStaticPolicy, {
    interval: 300, end: 600, mode: 'cloudsim', nonPowerAware: false, standbyPower: 0, migrationTime: () => 1,
  });
  return { vm, host, hostHistory: new HostHistory(d), vmHistory: new VmHistory(d), simulation, datacenter };
}
const before = objects();
simulate(loadScenario('scenarios/consolidation.yaml', { set: ['duration=2h'] }));
const after = objects();
const changed = Object.keys(before).filter((k) => !%HaveSameMap(before[k], after[k]));

// An idle VM's history (its trace is all 0) has the elements of a busy one's.
const idle = after.vm;
idle.process(300, true);
const busy = new CsVm(1, 'small', 1000, 1, 1740, 100, 2500, Float64Array.of(0.37, 0.37, 0.37), 300, new Durations());
busy.process(300, true);
if (idle.cpuHistory.length !== 1 || !%HaveSameMap(idle.cpuHistory, busy.cpuHistory)) changed.push('cpuHistory');
console.log(JSON.stringify(changed));
`;

const processing = `
import { GCProfiler } from 'node:v8';
import { Durations } from './dist/model/consolidation/history.js';
import { CsHost } from './dist/model/consolidation/host.js';
import { CsVm } from './dist/model/consolidation/vm.js';

// Capacities with and without fractions, as scenarios give them (RAM in MiB from GB).
const d = new Durations();
const hosts = [];
for (let h = 0; h < 50; h++) {
  const host = new CsHost(h, 'g' + (h % 2), 2, h % 2 ? 2660 : 1860.5, h % 3 ? 4096 : 3906.25, 1000, 1e6, (u) => 86 + 31 * u, 117, d);
  for (let k = 0; k < 6; k++) {
    const trace = Float64Array.from({ length: 289 }, (_, i) => ((i * 7 + k * 13 + h) % 100) / 100);
    const vm = new CsVm(h * 10 + k, 'v', [2500, 2000, 1000, 500.5][k % 4], 1, k % 2 ? 870 : 829.7, 100, 2500, trace, 300, d);
    vm.created();
    host.vmCreate(vm);
  }
  hosts.push(host);
}
let t = 0.1;
const step = () => {
  t += 7.3;
  for (const h of hosts) h.updateVmsProcessing(t, false);
};
for (let i = 0; i < 3000; i++) step();
const gc = new GCProfiler();
gc.start();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < 1000; i++) step();
const after = process.memoryUsage().heapUsed;
const collections = gc.stop().statistics.length;
console.log(JSON.stringify({ collections, bytesPerHost: (after - before) / (1000 * hosts.length) }));
`;

const generic = `
import { Host } from './dist/model/host.js';
import { Vm } from './dist/model/vm.js';
import { loadScenario, simulate } from './dist/index.js';

const config = loadScenario('scenarios/quickstart.yaml');
const hostSpec = config.datacenter.hosts[0].spec;
const vmSpec = config.vmTypes.small;
const objects = () => ({ host: new Host(0, hostSpec, 1), vm: new Vm(0, vmSpec, 'web', 0) });
const before = objects();
simulate(config);
const after = objects();
console.log(JSON.stringify(Object.keys(before).filter((k) => !%HaveSameMap(before[k], after[k]))));
`;

describe('shapes of the hot objects', () => {
  it('no field of a host, VM, history, the datacenter or the simulation changes representation, in a run or with fractional capacities', () => {
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([]);
  });

  it('no field of the task model\'s hosts and VMs changes representation during a run (the quickstart)', () => {
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', generic], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([]);
  });

  it('processing a warm host (6 VMs, reallocation, histories) allocates nothing', () => {
    // A young generation large enough that no collection hides what was allocated, and
    // optimizing on the main thread: with concurrent compilation, a loaded machine (the
    // rest of the suite) may still run the warm-up's unoptimized code when measuring.
    const flags = ['--max-semi-space-size=128', '--min-semi-space-size=128', '--no-concurrent-recompilation'];
    const out = execFileSync(process.execPath, [...flags, '--input-type=module', '-e', processing], {
      encoding: 'utf8',
    });
    const { collections, bytesPerHost } = JSON.parse(out) as { collections: number; bytesPerHost: number };
    expect(collections).toBe(0);
    // A boxed field costs 16 bytes a step per VM; what remains is the measurement's own.
    expect(bytesPerHost).toBeLessThan(4);
  });
});
