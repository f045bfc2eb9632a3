/** Max-min fair bandwidth sharing and address pools, against hand-computed values. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.js';
import { AddressPool, formatAddress, parseAddressRange } from '../../src/model/provision/addresses.js';
import { FairShare } from '../../src/model/provision/fairshare.js';

describe('fair share', () => {
  it('max-min fair rates over two resources, re-timed when a flow ends', () => {
    // A (10 MiB/s) carries f1 and f2; B (4 MiB/s) carries f2 and f3. B fills first:
    // f2 = f3 = 2; f1 takes the rest of A, 8. f2 and f3 (20 MiB) end at 10 s; f1 has
    // 100 - 80 = 20 MiB left, alone on A at 10: ends at 12 s.
    const sim = new Simulation();
    const net = new FairShare(sim);
    const a = net.addResource(10), b = net.addResource(4), inf = net.addResource(Infinity);
    const ends: Record<string, number> = {};
    const f1 = net.start(100, [a, inf], () => (ends.f1 = sim.now));
    const f2 = net.start(20, [a, b], () => (ends.f2 = sim.now));
    net.start(20, [b], () => (ends.f3 = sim.now));
    expect([net.rateOf(f1), net.rateOf(f2)]).toEqual([8, 2]);
    sim.run();
    expect(ends.f2).toBeCloseTo(10, 12);
    expect(ends.f3).toBeCloseTo(10, 12);
    expect(ends.f1).toBeCloseTo(12, 12);
  });

  it('a flow through no finite resource, or of size 0, ends at once', () => {
    const sim = new Simulation();
    const net = new FairShare(sim);
    const inf = net.addResource(Infinity), a = net.addResource(1);
    const ends: number[] = [];
    sim.scheduleAt(5, sim.register({ go: () => {
      net.start(1e6, [inf], () => ends.push(sim.now));
      net.start(0, [a], () => ends.push(sim.now));
    } }).go);
    sim.run();
    expect(ends).toEqual([5, 5]);
    expect(net.active).toBe(0);
  });
});

describe('address pools', () => {
  it('parses CIDR blocks (without network and broadcast), ranges and single addresses', () => {
    expect(parseAddressRange('10.0.0.0/24')).toEqual({ first: 0x0a000001, size: 254 });
    expect(parseAddressRange('198.51.100.10-198.51.100.20')).toEqual({ first: 0xc633640a, size: 11 });
    expect(parseAddressRange('10.1.2.3')).toEqual({ first: 0x0a010203, size: 1 });
    expect(parseAddressRange('10.0.0.1/24')).toBe('10.0.0.1/24 is not the start of its block: did you mean 10.0.0.0/24?');
    expect(parseAddressRange('10.0.0.0/31')).toMatch(/prefix length from 0 to 30/);
    expect(parseAddressRange('10.0.0.9-10.0.0.2')).toBe('the range ends before it starts (10.0.0.2 < 10.0.0.9)');
    expect(parseAddressRange('10.0.300.1')).toMatch(/expected a CIDR block/);
    expect(formatAddress(0xc0a80101)).toBe('192.168.1.1');
  });

  it('hands out the lowest free address; a given-back one is reused first', () => {
    const pool = new AddressPool({ first: 100, size: 4 });
    expect([pool.take(), pool.take(), pool.take()]).toEqual([100, 101, 102]);
    pool.give(101);
    pool.give(100);
    expect(pool.free).toBe(3);
    expect([pool.take(), pool.take(), pool.take(), pool.take()]).toEqual([100, 101, 103, undefined]);
    expect(pool.free).toBe(0);
  });
});

/**
 * A reference written the plain way: per flow, max-min rates by progressive filling,
 * stepping from one arrival or finish to the next. The network's per-class counters
 * and heaps must give the same finish times.
 */
function referenceFinishes(caps: number[], flows: { at: number; size: number; res: number[] }[]): number[] {
  const end = flows.map(() => NaN);
  const left = flows.map((f) => f.size);
  let now = 0;
  for (;;) {
    const active = flows.map((_, i) => i).filter((i) => flows[i].at <= now && Number.isNaN(end[i]));
    const rate = new Map<number, number>();
    const rem = [...caps];
    let open = [...active];
    while (open.length > 0) {
      let share = Infinity;
      caps.forEach((_, r) => {
        const n = open.filter((i) => flows[i].res.includes(r)).length;
        if (n > 0) share = Math.min(share, rem[r] / n);
      });
      const hit = open.filter((i) => flows[i].res.some((r) => rem[r] / open.filter((j) => flows[j].res.includes(r)).length <= share * (1 + 1e-12)));
      for (const i of hit) {
        rate.set(i, share);
        for (const r of flows[i].res) rem[r] -= share;
      }
      open = open.filter((i) => !hit.includes(i));
    }
    const nextArrival = Math.min(...flows.filter((f) => f.at > now).map((f) => f.at));
    const nextFinish = Math.min(...active.map((i) => now + left[i] / rate.get(i)!));
    const t = Math.min(nextArrival, nextFinish);
    if (t === Infinity) return end;
    for (const i of active) {
      left[i] -= rate.get(i)! * (t - now);
      if (left[i] <= flows[i].size * 1e-9) end[i] = t;
    }
    now = t;
  }
}

describe('fair share against a per-flow reference', () => {
  it('random flows over random resource sets end when the reference says', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 30 }), size: fc.integer({ min: 1, max: 100 }), pick: fc.integer({ min: 1, max: 15 }) }), { minLength: 1, maxLength: 12 }),
        (caps, raw) => {
          const flows = raw.map((f) => ({ at: f.at, size: f.size, res: caps.map((_, r) => r).filter((r) => (f.pick >> r) & 1 || r === f.pick % caps.length) }));
          const expected = referenceFinishes(caps, flows);
          const sim = new Simulation();
          const net = new FairShare(sim);
          const ids = caps.map((c) => net.addResource(c));
          const ends = flows.map(() => NaN);
          const ev = sim.register({ go: (i) => void net.start(flows[i].size, flows[i].res.map((r) => ids[r]), () => (ends[i] = sim.now)) });
          flows.forEach((f, i) => sim.scheduleAt(f.at, ev.go, i));
          sim.run();
          ends.forEach((t, i) => expect(t).toBeCloseTo(expected[i], 6));
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});
