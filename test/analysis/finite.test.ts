import { describe, expect, it } from 'vitest';
import { mmck } from '../../src/analysis/finite.js';
import { erlangLoss, mmc } from '../../src/analysis/erlang.js';
import { birthDeath } from './ctmc.js';

function rel(x: number, y: number): number {
  return Math.abs(x - y) / Math.abs(y);
}

describe('M/M/c/K', () => {
  it('M/M/1/1 by hand: blocking a / (1 + a)', () => {
    const r = mmck({ lambda: 3, mu: 1, c: 1, capacity: 1 });
    expect(r.blocking).toBeCloseTo(0.75, 14);
    expect(r.throughput).toBeCloseTo(0.75, 14);
    expect(r.meanResponse).toBeCloseTo(1, 14);
    expect(r.pWait).toBe(0);
  });

  it('M/M/2/3 by hand at a = 2: p = (1, 2, 2, 2) / 7', () => {
    const r = mmck({ lambda: 2, mu: 1, c: 2, capacity: 3 });
    expect(r.blocking).toBeCloseTo(2 / 7, 14);
    expect(r.meanInSystem).toBeCloseTo(12 / 7, 14);
    expect(r.meanInQueue).toBeCloseTo(2 / 7, 14);
    // An accepted arrival waits when it finds 2: (2/7) / (5/7).
    expect(r.pWait).toBeCloseTo(0.4, 14);
    expect(r.meanResponse).toBeCloseTo((12 / 7) / (2 * 5 / 7), 14);
  });

  it('capacity c is Erlang loss; a large capacity below saturation is M/M/c', () => {
    for (const [lambda, c] of [[3, 2], [50, 64], [0.5, 1]]) {
      const loss = erlangLoss({ lambda, mu: 1, c });
      const r = mmck({ lambda, mu: 1, c, capacity: c });
      expect(rel(r.blocking, loss.blocking)).toBeLessThan(1e-12);
      expect(rel(r.meanInSystem, loss.meanInSystem)).toBeLessThan(1e-12);
    }
    const inf = mmck({ lambda: 7, mu: 1, c: 8, capacity: 2000 });
    const open = mmc({ lambda: 7, mu: 1, c: 8 });
    expect(rel(inf.meanResponse, open.meanResponse)).toBeLessThan(1e-12);
    expect(rel(inf.pWait, open.pWait)).toBeLessThan(1e-12);
  });

  it('equals a direct birth-death solution to 1e-9, overloaded or not', () => {
    for (const [lambda, c, k] of [[3, 2, 5], [0.5, 4, 10], [40, 16, 60], [10, 8, 8]]) {
      const ref = birthDeath(lambda, 1.3, c, k);
      const r = mmck({ lambda, mu: 1.3, c, capacity: k });
      // The elimination's own ~1e-16 absolute error shows on tiny blocking (4.9e-10 at a = 0.38 on 4 servers, capacity 10).
      expect(Math.abs(r.blocking - ref.full)).toBeLessThan(1e-9 * ref.full + 1e-14);
      expect(rel(r.meanInSystem, ref.meanInSystem)).toBeLessThan(1e-9);
      expect(r.meanInSystem).toBeCloseTo(r.throughput * r.meanResponse, 12);
    }
  });

  it('stays finite at thousands of servers where a^c / c! overflows', () => {
    const r = mmck({ lambda: 5000, mu: 1, c: 4000, capacity: 4100 });
    expect(r.blocking).toBeGreaterThan(0.19);
    expect(r.blocking).toBeLessThan(0.21); // carried load can be at most c = 4000 of 5000
    expect(r.utilization).toBeGreaterThan(0.99);
    expect(mmck({ lambda: 0, mu: 1, c: 2, capacity: 4 }).blocking).toBe(0);
  });

  it('rejects a capacity below the servers', () => {
    expect(() => mmck({ lambda: 1, mu: 1, c: 4, capacity: 3 })).toThrow(expect.objectContaining({ code: 'E_QUEUE_PARAM' }));
  });
});
