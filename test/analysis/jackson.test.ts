import { describe, expect, it } from 'vitest';
import { jackson } from '../../src/analysis/jackson.js';
import { mmc } from '../../src/analysis/erlang.js';
import { stationary } from './ctmc.js';

describe('Jackson networks', () => {
  it('by hand: CPU 3 visits × 0.2 s and a 2-server disk 2 visits × 0.5 s at 1 request/s give R = 17/6 s', () => {
    const r = jackson({
      lambda: 1,
      stations: [
        { name: 'cpu', kind: 'queue', visits: 3, serviceTime: 0.2 },
        { name: 'disk', kind: 'multi', visits: 2, serviceTime: 0.5, servers: 2 },
      ],
    });
    expect(r.stable).toBe(true);
    const [cpu, disk] = r.stations;
    // CPU: ρ = 0.6, 0.2 / 0.4 = 0.5 s a visit, 1.5 s a request.
    expect(cpu.utilization).toBeCloseTo(0.6, 14);
    expect(cpu.responsePerVisit).toBeCloseTo(0.5, 14);
    expect(cpu.residenceTime).toBeCloseTo(1.5, 14);
    expect(cpu.queueLength).toBeCloseTo(1.5, 14);
    // Disk: a = 1 on 2 servers, C(2, 1) = 1/3, Wq = (1/3)(0.5)/(2 − 1) = 1/6.
    expect(disk.arrivalRate).toBe(2);
    expect(disk.utilization).toBeCloseTo(0.5, 14);
    expect(disk.pWait).toBeCloseTo(1 / 3, 14);
    expect(disk.waitPerVisit).toBeCloseTo(1 / 6, 14);
    expect(disk.residenceTime).toBeCloseTo(4 / 3, 14);
    expect(r.responseTime).toBeCloseTo(17 / 6, 14);
    expect(r.meanInSystem).toBeCloseTo(17 / 6, 14);
    expect(r.throughput).toBe(1);
  });

  it('one station is M/M/c; a delay station adds V·S', () => {
    const r = jackson({
      lambda: 4,
      stations: [
        { kind: 'multi', visits: 1, serviceTime: 0.5, servers: 3 },
        { kind: 'delay', visits: 2, serviceTime: 0.25 },
      ],
    });
    expect(r.stations[0].responsePerVisit).toBeCloseTo(mmc({ lambda: 4, mu: 2, c: 3 }).meanResponse, 14);
    expect(r.stations[1].residenceTime).toBe(0.5);
    expect(r.stations[1].queueLength).toBe(2);
    expect(r.responseTime).toBeCloseTo(mmc({ lambda: 4, mu: 2, c: 3 }).meanResponse + 0.5, 14);
  });

  it('matches a direct CTMC of a tandem M/M/1 -> M/M/2 (product form) to 1e-9', () => {
    const lambda = 0.9, mu1 = 3, mu2 = 1.5; // ρ = 0.3 at both: 25 users per queue leave < 1e-12
    const cap = 25, size = cap + 1;
    const pi = stationary(size * size, (s, add) => {
      const i = Math.floor(s / size), j = s % size;
      if (i < cap) add(s + size, lambda);
      if (i > 0 && j < cap) add(s - size + 1, mu1);
      if (j > 0) add(s - 1, Math.min(j, 2) * mu2);
    });
    let l = 0;
    pi.forEach((p, s) => { l += p * (Math.floor(s / size) + (s % size)); });
    const r = jackson({
      lambda,
      stations: [
        { kind: 'queue', visits: 1, serviceTime: 1 / mu1 },
        { kind: 'multi', visits: 1, serviceTime: 1 / mu2, servers: 2 },
      ],
    });
    expect(Math.abs(r.responseTime - l / lambda) / r.responseTime).toBeLessThan(1e-9);
  });

  it('reports every unstable station by index and name, and an infinite response time', () => {
    const r = jackson({
      lambda: 10,
      stations: [
        { name: 'app', kind: 'multi', visits: 1, serviceTime: 0.5, servers: 4 },
        { name: 'db', kind: 'queue', visits: 2, serviceTime: 0.04 },
        { name: 'log', kind: 'queue', visits: 1, serviceTime: 0.2 },
      ],
    });
    expect(r.stable).toBe(false);
    expect(r.unstable).toEqual([
      { index: 0, name: 'app', utilization: 1.25 },
      { index: 2, name: 'log', utilization: 2 },
    ]);
    expect(r.responseTime).toBe(Infinity);
    expect(r.stations[1].utilization).toBeCloseTo(0.8, 14);
    expect(r.stations[1].residenceTime).toBeCloseTo(0.4, 14);
    expect(r.stations[2].residenceTime).toBe(Infinity);
    // Exactly at capacity is unstable too.
    expect(jackson({ lambda: 5, stations: [{ kind: 'queue', visits: 1, serviceTime: 0.2 }] }).stable).toBe(false);
  });

  it('rejects bad stations with E_QUEUE_PARAM', () => {
    const bad: unknown[] = [
      { lambda: -1, stations: [] },
      { lambda: 1, stations: [{ kind: 'queue', visits: -1, serviceTime: 1 }] },
      { lambda: 1, stations: [{ kind: 'multi', visits: 1, serviceTime: 0.1 }] },
      { lambda: 1, stations: [{ kind: 'queue', visits: 1, serviceTime: 0.1, servers: 2 }] },
      { lambda: 1, stations: [{ kind: 'ps', visits: 1, serviceTime: 0.1 }] },
    ];
    for (const net of bad) expect(() => jackson(net as Parameters<typeof jackson>[0])).toThrow(expect.objectContaining({ code: 'E_QUEUE_PARAM' }));
  });
});
