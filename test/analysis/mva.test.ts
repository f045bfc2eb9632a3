import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asymptoticBounds, exactMva, type ClosedNetwork, type Station } from '../../src/analysis/mva.js';
import { closedCyclic } from './ctmc.js';
import { convolution } from './convolution.js';

function rel(x: number, y: number): number {
  return Math.abs(x - y) / Math.abs(y);
}

/** Compares MVA at every population to a reference's throughput and queue lengths. */
function expectMatches(net: ClosedNetwork, ref: (n: number) => { throughput: number; queueLength: number[] }, nMax: number, tol: number): void {
  const sol = exactMva(net, nMax);
  for (let n = 1; n <= nMax; n++) {
    const p = sol.points[n - 1], r = ref(n);
    expect(p.n).toBe(n);
    expect(rel(p.throughput, r.throughput)).toBeLessThan(tol);
    p.stations.forEach((s, k) => expect(Math.abs(s.queueLength - r.queueLength[k])).toBeLessThan(tol * Math.max(1, r.queueLength[k])));
  }
}

/** Lazowska et al., QSP (1984) ch. 6 p. 117: CPU 121 visits × 5 ms, disks 70 × 30 ms and 50 × 27 ms, Z = 15 s. */
const QSP: ClosedNetwork = {
  thinkTime: 15,
  stations: [
    { name: 'cpu', kind: 'queue', demand: 121 * 0.005 },
    { name: 'disk1', kind: 'queue', demand: 70 * 0.03 },
    { name: 'disk2', kind: 'queue', demand: 50 * 0.027 },
  ],
};

describe('exact MVA, single-server and delay stations', () => {
  it("matches QSP's worked example (ch. 6 p. 117): queue lengths 0.0976, 0.3947, 0.2350 at N = 3", () => {
    // The published figures (also LQN's libmva regression test0) have 4 decimals.
    const p = exactMva(QSP, 3).points[2];
    expect(p.stations.map((s) => s.queueLength)).toEqual([
      expect.closeTo(0.0976, 4), expect.closeTo(0.3947, 4), expect.closeTo(0.2350, 4),
    ]);
  });

  it('N = 1 by hand: no queueing, R = D, X = 1 / (D + Z)', () => {
    const p = exactMva(QSP, 1).points[0];
    const d = 0.605 + 2.1 + 1.35;
    expect(p.responseTime).toBeCloseTo(d, 14);
    expect(p.throughput).toBeCloseTo(1 / (d + 15), 14);
    expect(p.stations[1].utilization).toBeCloseTo(2.1 / (d + 15), 14);
    expect(p.stations[1].residenceTime).toBeCloseTo(2.1, 14);
  });

  it('matches a direct CTMC solution to 1e-9 (queues, delay, think time; N = 1..7)', () => {
    const st: Station[] = [
      { kind: 'queue', demand: 0.3 }, { kind: 'delay', demand: 0.7 }, { kind: 'queue', demand: 0.5 },
    ];
    expectMatches({ stations: st, thinkTime: 2 }, (n) => closedCyclic(st, 2, n), 7, 1e-9);
  });
});

describe('exact MVA, multi-server stations (load-dependent)', () => {
  it('matches a direct CTMC solution to 1e-9: c = 2 and 3, two identical replicas, think time (N = 1..7)', () => {
    const st: Station[] = [
      { kind: 'multi', demand: 0.9, servers: 3 },
      { kind: 'multi', demand: 0.4, servers: 2 },
      { kind: 'multi', demand: 0.4, servers: 2 },
      { kind: 'queue', demand: 0.2 },
    ];
    expectMatches({ stations: st, thinkTime: 1.5 }, (n) => closedCyclic(st, 1.5, n), 7, 1e-9);
  });

  it('matches a direct CTMC solution without think time (a complement network can be empty)', () => {
    const st: Station[] = [{ kind: 'multi', demand: 0.6, servers: 3 }, { kind: 'queue', demand: 0.25 }, { kind: 'delay', demand: 0.1 }];
    expectMatches({ stations: st, thinkTime: 0 }, (n) => closedCyclic(st, 0, n), 8, 1e-9);
    // Alone, a c-server station completes min(n, c) / D requests per second.
    const alone = exactMva({ stations: [{ kind: 'multi', demand: 2, servers: 4 }], thinkTime: 0 }, 12);
    alone.points.forEach((p) => expect(p.throughput).toBeCloseTo(Math.min(p.n, 4) / 2, 12));
  });

  it('matches the convolution algorithm to 1e-9 up to N = 1000 with a saturated 64-server bottleneck', () => {
    const st: Station[] = [
      { kind: 'queue', demand: 0.05 },
      { kind: 'multi', demand: 6.4, servers: 64 },
      { kind: 'multi', demand: 0.4, servers: 8 },
      { kind: 'multi', demand: 0.4, servers: 8 },
      { kind: 'delay', demand: 1 },
    ];
    const ref = convolution(st, 2, 1000);
    expectMatches({ stations: st, thinkTime: 2 }, (n) => ({ throughput: ref.throughput[n - 1], queueLength: ref.queueLength[n - 1] }), 1000, 1e-9);
    // Past N* = (8.25 + 2) / 0.1 ≈ 103 the 64 servers are busy: X -> 1 / 0.1.
    const last = exactMva({ stations: st, thinkTime: 2 }, 1000).points[999];
    expect(rel(last.throughput, 10)).toBeLessThan(1e-9);
    expect(last.stations[1].utilization).toBeCloseTo(1, 9);
  });

  it('matches the convolution algorithm to 1e-9 with 1000 servers saturating at N* ≈ 1070 (N = 1..1500)', () => {
    const st: Station[] = [
      { kind: 'multi', demand: 100, servers: 1000 },
      { kind: 'queue', demand: 0.05 },
      { kind: 'multi', demand: 2, servers: 30 },
    ];
    const ref = convolution(st, 5, 1500);
    expectMatches({ stations: st, thinkTime: 5 }, (n) => ({ throughput: ref.throughput[n - 1], queueLength: ref.queueLength[n - 1] }), 1500, 1e-9);
  });

  it('a multi station with c = 1 is a single-server queue', () => {
    const mk = (kind: 'queue' | 'multi'): ClosedNetwork => ({
      thinkTime: 3, stations: [{ kind: 'multi', demand: 1.2, servers: 4 }, { kind, demand: 0.5, servers: 1 }],
    });
    const a = exactMva(mk('multi'), 60), b = exactMva(mk('queue'), 60);
    a.points.forEach((p, i) => {
      expect(p.throughput).toBeCloseTo(b.points[i].throughput, 12);
      expect(p.stations[1].queueLength).toBeCloseTo(b.points[i].stations[1].queueLength, 12);
    });
  });

  it('a multi station with c >= N behaves as a delay station (computed as load-dependent for N up to 2c)', () => {
    const mk = (kind: 'delay' | 'multi'): ClosedNetwork => ({
      thinkTime: 1, stations: [{ kind: 'queue', demand: 0.3 }, { kind, demand: 2, servers: 10 }],
    });
    const a = exactMva(mk('multi'), 20), b = exactMva(mk('delay'), 20);
    for (let n = 1; n <= 10; n++) {
      expect(rel(a.points[n - 1].throughput, b.points[n - 1].throughput)).toBeLessThan(1e-12);
      expect(a.points[n - 1].stations[1].residenceTime).toBeCloseTo(2, 12);
    }
    // With 11+ users some wait: slower than the delay station.
    expect(a.points[19].throughput).toBeLessThan(b.points[19].throughput);
  });

  it('N = 1000 with five stations of up to 64 servers: finite, within the bounds, monotone, X -> 1 / D_max', () => {
    const net: ClosedNetwork = {
      thinkTime: 1,
      stations: [
        { name: 'lb', kind: 'multi', demand: 0.01, servers: 4 },
        { name: 'app', kind: 'multi', demand: 0.64, servers: 64 },
        { name: 'db', kind: 'multi', demand: 0.2, servers: 16 },
        { name: 'cache', kind: 'multi', demand: 0.05, servers: 8 },
        { name: 'log', kind: 'multi', demand: 0.3, servers: 32 },
      ],
    };
    const sol = exactMva(net, 1000);
    const b = asymptoticBounds(net);
    expect(b.bottleneck?.name).toBe('db');
    let prev = 0;
    for (const p of sol.points) {
      expect(p.throughput).toBeGreaterThanOrEqual(prev * (1 - 1e-12)); // equal to rounding once saturated
      expect(p.throughput).toBeLessThanOrEqual(b.maxThroughput(p.n) * (1 + 1e-12));
      expect(p.responseTime).toBeGreaterThanOrEqual(b.minResponse(p.n) * (1 - 1e-12));
      for (const s of p.stations) expect(s.utilization).toBeLessThanOrEqual(1 + 1e-12);
      prev = p.throughput;
    }
    const last = sol.points[999];
    expect(rel(last.throughput, 1 / b.dMax)).toBeLessThan(1e-12);
    expect(rel(last.responseTime, 1000 * b.dMax - 1)).toBeLessThan(1e-12);
  });
});

describe('exact MVA identities (random networks)', () => {
  const station = fc.oneof(
    fc.record({ kind: fc.constant('queue' as const), demand: fc.double({ min: 0.01, max: 2, noNaN: true }) }),
    fc.record({ kind: fc.constant('delay' as const), demand: fc.double({ min: 0, max: 2, noNaN: true }) }),
    fc.record({ kind: fc.constant('multi' as const), demand: fc.double({ min: 0.01, max: 8, noNaN: true }), servers: fc.integer({ min: 1, max: 16 }) }),
  );
  const network = fc.record({ stations: fc.array(station, { minLength: 1, maxLength: 5 }), thinkTime: fc.double({ min: 0, max: 10, noNaN: true }) })
    .filter((n) => n.thinkTime + n.stations.reduce((s, x) => s + x.demand, 0) > 0.01);

  it("Little's law at every N, X nondecreasing in N, and the asymptotic and pessimistic bounds hold", () => {
    fc.assert(fc.property(network, (net) => {
      const sol = exactMva(net, 60);
      const b = asymptoticBounds(net);
      let prev = 0;
      for (const p of sol.points) {
        const inStations = p.stations.reduce((s, x) => s + x.queueLength, 0);
        expect(inStations + p.throughput * net.thinkTime).toBeCloseTo(p.n, 9);
        p.stations.forEach((s) => expect(s.queueLength).toBeCloseTo(p.throughput * s.residenceTime, 9));
        expect(p.throughput).toBeGreaterThanOrEqual(prev * (1 - 1e-12));
        expect(p.throughput).toBeLessThanOrEqual(b.maxThroughput(p.n) * (1 + 1e-9));
        expect(p.throughput).toBeGreaterThanOrEqual(b.minThroughput(p.n) * (1 - 1e-9));
        expect(p.responseTime).toBeGreaterThanOrEqual(b.minResponse(p.n) * (1 - 1e-9) - 1e-12);
        expect(p.responseTime).toBeLessThanOrEqual(b.maxResponse(p.n) * (1 + 1e-9) + 1e-12);
        prev = p.throughput;
      }
    }), { numRuns: 60 });
  });
});

describe('asymptotic bounds', () => {
  it("QSP's example by hand: D = 4.055, D_max = 2.1 at disk1, N* = 19.055 / 2.1", () => {
    const b = asymptoticBounds(QSP);
    expect(b.dTotal).toBeCloseTo(4.055, 12);
    expect(b.dMax).toBeCloseTo(2.1, 12);
    expect(b.bottleneck).toEqual({ index: 1, name: 'disk1' });
    expect(b.nStar).toBeCloseTo(19.055 / 2.1, 12);
    expect(b.maxThroughput(1)).toBeCloseTo(1 / 19.055, 12);
    expect(b.maxThroughput(100)).toBeCloseTo(1 / 2.1, 12);
    expect(b.minResponse(100)).toBeCloseTo(100 * 2.1 - 15, 9);
    expect(b.minResponse(2)).toBeCloseTo(4.055, 12);
  });

  it('a c-server station counts as D / c; delay stations never bound throughput', () => {
    const b = asymptoticBounds({
      thinkTime: 0,
      stations: [{ kind: 'multi', demand: 4, servers: 8 }, { kind: 'queue', demand: 0.4 }, { kind: 'delay', demand: 9 }],
    });
    expect(b.dMax).toBe(0.5);
    expect(b.bottleneck?.index).toBe(0);
    expect(b.dTotal).toBeCloseTo(13.4, 12);
    const d = asymptoticBounds({ thinkTime: 1, stations: [{ kind: 'delay', demand: 1 }] });
    expect(d.bottleneck).toBeUndefined();
    expect(d.nStar).toBe(Infinity);
    expect(d.maxThroughput(10)).toBe(5);
  });

  it('MVA approaches the bounds on both sides of N*: X(1) at N/(D+Z), X(N) -> 1/D_max', () => {
    const sol = exactMva(QSP, 400);
    const b = asymptoticBounds(QSP);
    expect(sol.points[0].throughput).toBeCloseTo(b.maxThroughput(1), 14);
    expect(rel(sol.points[399].throughput, 1 / b.dMax)).toBeLessThan(1e-6);
  });
});

describe('bad networks', () => {
  it('are rejected with E_QUEUE_PARAM naming the station', () => {
    const bad: unknown[] = [
      { thinkTime: 1, stations: [{ kind: 'fifo', demand: 1 }] },
      { thinkTime: 1, stations: [{ name: 'db', kind: 'queue', demand: -1 }] },
      { thinkTime: 1, stations: [{ name: 'db', kind: 'multi', demand: 1, servers: 2.5 }] },
      { thinkTime: 1, stations: [{ name: 'db', kind: 'multi', demand: 1 }] },
      { thinkTime: 1, stations: [{ name: 'db', kind: 'queue', demand: 1, servers: 4 }] },
      { thinkTime: -1, stations: [] },
      { thinkTime: 0, stations: [{ kind: 'queue', demand: 0 }] },
    ];
    for (const net of bad) expect(() => exactMva(net as ClosedNetwork, 5)).toThrow(expect.objectContaining({ code: 'E_QUEUE_PARAM' }));
    expect(() => exactMva(QSP, 0)).toThrow(/population/);
  });

  it('too many distinct multi-server stations are refused (E_MVA_SIZE) rather than run for minutes', () => {
    const stations: Station[] = Array.from({ length: 13 }, (_, i) => ({ kind: 'multi', demand: 1 + i / 10, servers: 2 }));
    expect(() => exactMva({ stations, thinkTime: 1 }, 50)).toThrow(expect.objectContaining({ code: 'E_MVA_SIZE' }));
    // The same number of identical replicas is one class: 14 sweeps.
    const replicas: Station[] = Array.from({ length: 13 }, () => ({ kind: 'multi', demand: 1, servers: 2 }));
    expect(exactMva({ stations: replicas, thinkTime: 1 }, 50).points).toHaveLength(50);
  });
});
