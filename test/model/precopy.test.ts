import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.js';
import { Durations } from '../../src/model/consolidation/history.js';
import { CsHost } from '../../src/model/consolidation/host.js';
import { PrecopyNetwork, type PrecopyParams } from '../../src/model/consolidation/precopy.js';
import { CsVm } from '../../src/model/consolidation/vm.js';

const power = (u: number) => 100 + 100 * u;

function setup(params: Partial<PrecopyParams>, vms = 1) {
  const sim = new Simulation();
  const d = new Durations();
  const hosts = [0, 1, 2].map((i) => new CsHost(i, 'h', 4, 1000, 8192, 1000, 1e6, power, 200, d));
  const list = Array.from({ length: vms }, (_, i) => new CsVm(i, 'v', 1000, 1, 1024, 100, 0, Float64Array.from([0.5]), 300, d));
  const done: [number, number][] = [];
  const paused: [number, number][] = [];
  const net = new PrecopyNetwork(
    sim,
    { dirtyRate: 0, downtime: 0.03, maxRounds: 29, maxFactor: 3, linkShare: 0.5, ...params },
    (vm, t) => paused.push([vm.id, t]),
    (vm, _h, t) => done.push([vm.id, t]),
  );
  return { sim, hosts, vms: list, net, done, paused };
}

/** 1 Gbps, half for migrations, in MiB/s. */
const r = (1000 * 0.5) / 8.388608;

describe('pre-copy live migration', () => {
  it('converges geometrically: rounds, bytes, time and downtime as in closed form', () => {
    // M = 1024 MiB, dirty rate D = 10 MiB/s, q = D / r. Round k sends M q^k. The pre-copy
    // stops once M q^k <= r x 30 ms: q^4 M = 0.81 MiB <= 1.79 MiB, so 4 rounds, then
    // a stop-and-copy of M q^4: downtime M q^4 / r.
    const { sim, hosts, vms, net, done, paused } = setup({ dirtyRate: 10 });
    net.start(vms[0], hosts[0], hosts[1]);
    sim.run();
    const q = 10 / r, M = 1024;
    const total = M * (1 + q + q ** 2 + q ** 3 + q ** 4);
    const [rec] = net.records;
    expect(rec.rounds).toBe(4);
    expect(rec.mib).toBeCloseTo(total, 6);
    expect(rec.end).toBeCloseTo(total / r, 9);
    expect(rec.downtime).toBeCloseTo((M * q ** 4) / r, 9);
    expect(paused).toEqual([[0, expect.closeTo((M * (1 + q + q ** 2 + q ** 3)) / r, 9)]]);
    expect(done.length).toBe(1);
  });

  it('without dirtying, one round and no downtime', () => {
    const { sim, hosts, vms, net } = setup({});
    net.start(vms[0], hosts[0], hosts[1]);
    sim.run();
    expect(net.records[0].rounds).toBe(1);
    expect(net.records[0].downtime).toBe(0);
    expect(net.records[0].end).toBeCloseTo(1024 / r, 9);
  });

  it('a dirty rate above the bandwidth stops at max_factor x RAM', () => {
    // D = 1.5 r: every round dirties more than the whole RAM, so each later round resends
    // all of it (dirtied memory is capped at RAM). Rounds 0, 1, 2 send M each; a fourth
    // would pass 3 M (3 M + M > 3 M): stop-and-copy of M with the VM paused.
    const { sim, hosts, vms, net } = setup({ dirtyRate: 1.5 * r });
    net.start(vms[0], hosts[0], hosts[1]);
    sim.run();
    const M = 1024;
    expect(net.records[0].rounds).toBe(3);
    expect(net.records[0].mib).toBeCloseTo(4 * M, 6);
    expect(net.records[0].downtime).toBeCloseTo(M / r, 9);
  });

  it('two migrations out of one host share its link', () => {
    // Both start at 0 from host 0 (to hosts 1 and 2): each gets r / 2, so both end at 2 M / r.
    const { sim, hosts, vms, net } = setup({}, 2);
    net.start(vms[0], hosts[0], hosts[1]);
    net.start(vms[1], hosts[0], hosts[2]);
    sim.run();
    for (const rec of net.records) expect(rec.end).toBeCloseTo((2 * 1024) / r, 9);
  });

  it('when one shared migration ends, the other speeds up', () => {
    // VM 0 (512 MiB) and VM 1 (1024 MiB) leave host 0 together: both at r/2 until VM 0
    // ends at 2 x 512 / r; VM 1 has 512 MiB left and goes at r: ends at 1024 / r + 512 / r.
    const { sim, hosts, net } = setup({});
    const d = new Durations();
    const small = new CsVm(0, 'v', 1000, 1, 512, 100, 0, Float64Array.from([0.5]), 300, d);
    const big = new CsVm(1, 'v', 1000, 1, 1024, 100, 0, Float64Array.from([0.5]), 300, d);
    net.start(small, hosts[0], hosts[1]);
    net.start(big, hosts[0], hosts[2]);
    sim.run();
    const byVm = new Map(net.records.map((x) => [x.vm, x.end]));
    expect(byVm.get(0)).toBeCloseTo(1024 / r, 9);
    expect(byVm.get(1)).toBeCloseTo(1536 / r, 9);
  });
});
