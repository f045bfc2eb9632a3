import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.js';
import { consolidationMetrics } from '../../src/metrics/consolidation.js';
import { CsDatacenter, type ConsolidationOptions } from '../../src/model/consolidation/datacenter.js';
import { Durations } from '../../src/model/consolidation/history.js';
import { CsHost } from '../../src/model/consolidation/host.js';
import { cloudsimSpecPower } from '../../src/model/consolidation/power.js';
import { CsVm, traceUtilization } from '../../src/model/consolidation/vm.js';
import { cloudsimMigrationPolicy, cloudsimStaticPolicy, overloadTest, vmSelector } from '../../src/policies/consolidation/cloudsim.js';

const G4 = [86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117];

describe('CloudSim SPECpower model', () => {
  const p = cloudsimSpecPower(G4);
  it('gives the table at the 10% points and interpolates between them', () => {
    expect(p(0)).toBe(86);
    expect(p(1)).toBe(117);
    expect(p(0.5)).toBe(102);
    // 25%: halfway between 92.6 and 96 -> 94.3
    expect(p(0.25)).toBeCloseTo(94.3, 12);
  });
  it('refuses a utilization outside [0, 1] as CloudSim does', () => {
    expect(() => p(1.0001)).toThrow(/outside \[0, 1\]/);
    expect(() => p(-0.1)).toThrow();
  });
});

describe('trace interpolation (CloudSim)', () => {
  const d = Float64Array.from([0.1, 0.3, 0.2]);
  it('is exact at samples, linear between, flat past the end', () => {
    expect(traceUtilization(d, 300, 0)).toBe(0.1);
    expect(traceUtilization(d, 300, 300)).toBe(0.3);
    expect(traceUtilization(d, 300, 150)).toBeCloseTo(0.2, 15);
    expect(traceUtilization(d, 300, 450)).toBeCloseTo(0.25, 15);
    expect(traceUtilization(d, 300, 600)).toBe(0.2);
    expect(traceUtilization(d, 300, 900)).toBe(0.2);
    expect(traceUtilization(d, 300, 750)).toBe(0.2);
  });
});

function build(utils: number[][], mips: number[], hostCount = 2) {
  const shut = new Durations(), mig = new Durations();
  const power = cloudsimSpecPower(G4);
  const hosts = Array.from({ length: hostCount }, (_, i) => new CsHost(i, 'g4', 2, 1860, 4096, 1000, 1e6, power, 117, shut));
  const vms = utils.map((u, i) => new CsVm(i, 'v', mips[i], 1, 512, 100, 0, Float64Array.from(u), 300, mig));
  return { hosts, vms, shut, mig };
}

function options(mode: 'cloudsim' | 'dcsim', end: number): ConsolidationOptions {
  return { interval: 300, end, mode, nonPowerAware: false, standbyPower: 0, migrationTime: (vm) => vm.ram / 62.5 };
}

describe('DVFS energy, hand-computed', () => {
  it('cloudsim mode: nothing before the first tick, trapezoids up to the last tick', () => {
    // One VM at a constant 50% of 1000 MIPS on a 3720-MIPS host: u = 500/3720 all day.
    // Ticks at 300.1, ..., 3000.1 (end 3200): the first interval [0, 300.1] costs nothing
    // (previous u is 0), then P(u) for 3000.1 - 300.1 = 2700 s.
    const { hosts, vms } = build([new Array(20).fill(0.5)], [1000]);
    const sim = new Simulation();
    const dc = new CsDatacenter(sim, hosts, cloudsimStaticPolicy, options('cloudsim', 3200));
    dc.start(vms);
    sim.run(3200);
    dc.finish();
    const u = 500 / 3720;
    expect(dc.energy).toBeCloseTo(cloudsimSpecPower(G4)(u) * 2700, 6);
    expect(hosts[1].vmList.length).toBe(0);
  });

  it('dcsim mode: the held power from t = 0 to the end; an empty host draws nothing', () => {
    const { hosts, vms } = build([new Array(20).fill(0.5)], [1000]);
    const sim = new Simulation();
    const dc = new CsDatacenter(sim, hosts, cloudsimStaticPolicy, options('dcsim', 3200));
    dc.start(vms);
    sim.run(3200);
    dc.finish();
    expect(dc.energy).toBeCloseTo(cloudsimSpecPower(G4)(500 / 3720) * 3200, 6);
  });

  it('cloudsim mode drops a VM whose demand is exactly 0; dcsim mode keeps it', () => {
    const trace = [0.5, 0.5, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5];
    for (const mode of ['cloudsim', 'dcsim'] as const) {
      const { hosts, vms } = build([trace], [1000]);
      const sim = new Simulation();
      const dc = new CsDatacenter(sim, hosts, cloudsimStaticPolicy, options(mode, 2900));
      dc.start(vms);
      sim.run(2900);
      dc.finish();
      expect(vms[0].removed).toBe(mode === 'cloudsim');
    }
  });
});

describe('THR-MMT consolidation on two hosts', () => {
  it('an overloaded host sheds its smallest-RAM VM, and SLA metrics follow', () => {
    // Two VMs of 1860 MIPS at 60% each on one host: 2 x 1116 = 2232 MIPS of 3720 = 60%,
    // under 0.8. From t = 600 they run at 90%: 3348 / 3720 = 0.9 > 0.8: THR-MMT moves
    // the VM with the smaller RAM to the other host at the next tick.
    const shut = new Durations(), mig = new Durations();
    const power = cloudsimSpecPower(G4);
    const hosts = [0, 1].map((i) => new CsHost(i, 'g4', 2, 1860, 4096, 1000, 1e6, power, 117, shut));
    const trace = Float64Array.from([0.6, 0.6, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]);
    const vms = [new CsVm(0, 'v', 1860, 1, 1024, 100, 0, trace, 300, mig), new CsVm(1, 'v', 1860, 1, 512, 100, 0, trace, 300, mig)];
    const isOver = overloadTest('thr', 0.8, (ram) => ram / 62.5, 300);
    const policy = cloudsimMigrationPolicy(isOver, vmSelector('mmt', () => 0));
    const sim = new Simulation();
    // Start both on host 0 by hand (PABFD would spread them): a policy that picks host 0.
    const dc = new CsDatacenter(sim, hosts, { ...policy, initialHost: () => hosts[0] }, options('cloudsim', 2900));
    dc.start(vms);
    sim.run(2900);
    dc.finish();
    expect(dc.migrations).toBe(1);
    expect(vms[1].host).toBe(hosts[1]); // 512 MiB < 1024 MiB
    expect(vms[0].host).toBe(hosts[0]);
    expect(mig.values.length).toBe(1);
    expect(mig.values[0]).toBeCloseTo(512 / 62.5, 9);
    const m = consolidationMetrics(hosts, dc.vms, dc.energy, dc.migrations, shut.values, mig.values);
    expect(m.migrations).toBe(1);
    // Ticks at 300.1, 600.1, ..., 2700.1. At 300.1 each VM asks u(300.1) x 1860 with
    // u = 0.6 + 0.3 x 0.1 / 300 = 0.6001; from 600.1 on, 0.9 x 1860 = 1674. VM 1 migrates
    // from 600.1 for 512 / 62.5 = 8.192 s at 90% of its request: PDM = 0.1 x 1674 x 8.192
    // over both VMs' requested MIPS x s up to the last tick.
    const perVm = 0.6001 * 1860 * 300 + 1674 * (2700.1 - 600.1);
    expect(m.pdm).toBeCloseTo((0.1 * 1674 * 8.192) / (2 * perVm), 9);
    // SLATAH: host 0 gets all it asks; host 1 counts the incoming VM's full request but
    // allocates 10% of it while the migration lasts: 8.192 s of violation over the
    // active time of host 0 (300.1 to 2700.1) and host 1 (600.1 to 2700.1).
    expect(m.slatah).toBeCloseTo(8.192 / (2400 + 2100), 9);
  });
});

describe('host power states (dcsim model)', () => {
  it('an emptied host idles for its shutdown delay, then draws standby power; booting costs time and power', () => {
    // VM 0 (a constant 50% of 1860 MIPS: u = 0.25 on a 3720-MIPS host) alone on host 0;
    // host 1 off. At each tick host 0 is underloaded, but the only other host is off,
    // and hosts that are off are not underload targets: nothing moves. Energy over
    // [0, 600]: P(0.25) x 600 on host 0, standby 5 W x 600 on host 1.
    const shut = new Durations(), mig = new Durations();
    const power = cloudsimSpecPower(G4);
    const hosts = [0, 1].map((i) => new CsHost(i, 'g4', 2, 1860, 4096, 1000, 1e6, power, 117, shut));
    const vm = new CsVm(0, 'v', 1860, 1, 512, 100, 0, Float64Array.from([0.5, 0.5, 0.5]), 300, mig);
    const policy = cloudsimMigrationPolicy(overloadTest('thr', 0.8, (ram) => ram / 62.5, 300), vmSelector('mmt', () => 0));
    const sim = new Simulation();
    const dc = new CsDatacenter(sim, hosts, { ...policy, initialHost: () => hosts[0] }, {
      ...options('dcsim', 600), standbyPower: 5, hostStates: { bootTime: 60, shutdownTime: 30 },
    });
    dc.start([vm]);
    sim.run(600);
    dc.finish();
    expect(dc.migrations).toBe(0);
    expect(dc.energy).toBeCloseTo(power(0.25) * 600 + 5 * 600, 6);
  });

  it('a VM moving to a host that is off waits for it to boot, and the host it left idles before switching off', () => {
    // Two hosts, VM 0 on host 0 at 90% (over THR 0.8 from the first tick at 300 s: MMT
    // moves it to host 1, which is off: boot 60 s at 117 W, then 512 / 62.5 = 8.192 s
    // of transfer). Host 0 is then empty: 30 s idle at P(0) = 86 W, then standby 5 W.
    const shut = new Durations(), mig = new Durations();
    const power = cloudsimSpecPower(G4);
    const hosts = [0, 1].map((i) => new CsHost(i, 'g4', 2, 1860, 4096, 1000, 1e6, power, 117, shut));
    const vm = new CsVm(0, 'v', 1860, 2, 512, 100, 0, Float64Array.from(new Array(10).fill(0.9)), 300, mig);
    const policy = cloudsimMigrationPolicy(overloadTest('thr', 0.8, (ram) => ram / 62.5, 300), vmSelector('mmt', () => 0));
    const sim = new Simulation();
    const end = 420;
    const dc = new CsDatacenter(sim, hosts, { ...policy, initialHost: () => hosts[0] }, {
      ...options('dcsim', end), standbyPower: 5, hostStates: { bootTime: 60, shutdownTime: 30 },
    });
    dc.start([vm]);
    sim.run(end);
    dc.finish();
    expect(dc.migrations).toBe(1);
    expect(dc.hostBoots).toBe(1);
    expect(vm.host).toBe(hosts[1]);
    const t1 = 300 + 60 + 512 / 62.5; // migration ends
    // host 0: P(0.9) until t1 (the VM runs at 90% of its request while migrating, but the
    // source carries its full CPU), then 30 s at P(0), then standby to the end.
    // host 1: standby until 300, boot power 117 W for 60 s, then P(0) with only the
    // reservation until t1 (the migrating VM is not counted), then P(0.9).
    const e0 = power(0.9) * t1 + power(0) * 30 + 5 * (end - t1 - 30);
    const e1 = 5 * 300 + 117 * 60 + power(0.1 * 0.9) * (t1 - 360) + power(0.9) * (end - t1);
    expect(dc.energy).toBeCloseTo(e0 + e1, 3);
  });
});
