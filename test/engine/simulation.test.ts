import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.js';
import { SimulationError } from '../../src/errors.js';

function recorder() {
  const sim = new Simulation(4);
  const log: [number, number][] = [];
  sim.on(0, (a) => log.push([sim.now, a]));
  return { sim, log };
}

describe('event order', () => {
  it('orders by time, then priority, then scheduling order', () => {
    const { sim, log } = recorder();
    sim.schedule(2, 0, 1);
    sim.schedule(1, 0, 2);
    sim.schedule(1, 0, 3, 0, undefined, 5);
    sim.schedule(1, 0, 4, 0, undefined, -5);
    sim.schedule(1, 0, 5);
    sim.run();
    expect(log).toEqual([[1, 4], [1, 2], [1, 5], [1, 3], [2, 1]]);
  });

  it('an event scheduled by a handler for the same time and priority runs after those already scheduled', () => {
    const sim = new Simulation();
    const log: string[] = [];
    sim.on(0, (a) => {
      log.push(`e${a}`);
      if (a === 1) sim.schedule(0, 0, 3);
    });
    sim.schedule(0, 0, 1);
    sim.schedule(0, 0, 2);
    sim.run();
    expect(log).toEqual(['e1', 'e2', 'e3']);
  });

  it('refuses to schedule in the past', () => {
    const { sim } = recorder();
    sim.schedule(5, 0);
    sim.run();
    expect(() => sim.scheduleAt(4, 0)).toThrow(SimulationError);
    expect(() => sim.schedule(-1, 0)).toThrow(/before the current time/);
  });

  it('a heap of many random events comes out sorted (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: -3, max: 3 })), { maxLength: 300 }), (evs) => {
        const { sim, log } = recorder();
        evs.forEach(([t, p], i) => sim.schedule(t, 0, i, 0, undefined, p));
        sim.run();
        const expected = evs.map(([t, p], i) => ({ t, p, i })).sort((x, y) => x.t - y.t || x.p - y.p || x.i - y.i);
        expect(log.map(([, a]) => a)).toEqual(expected.map((e) => e.i));
      }),
    );
  });
});

describe('cancellation', () => {
  it('a cancelled event never runs; cancelling twice or after it ran returns false', () => {
    const { sim, log } = recorder();
    const a = sim.schedule(1, 0, 1);
    const b = sim.schedule(2, 0, 2);
    expect(sim.cancel(a)).toBe(true);
    expect(sim.cancel(a)).toBe(false);
    expect(sim.pending).toBe(1);
    sim.run();
    expect(log).toEqual([[2, 2]]);
    expect(sim.cancel(b)).toBe(false);
    expect(sim.eventsProcessed).toBe(1);
  });

  it('a stale id does not cancel the event that reuses its slot', () => {
    const { sim, log } = recorder();
    const a = sim.schedule(1, 0, 1);
    sim.run();
    sim.schedule(1, 0, 2); // reuses a's slot
    expect(sim.cancel(a)).toBe(false);
    sim.run();
    expect(log).toEqual([[1, 1], [2, 2]]);
  });

  it('random schedule/cancel sequences match a reference list, through compaction (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ op: fc.constant('add' as const), t: fc.integer({ min: 0, max: 1000 }) }), fc.record({ op: fc.constant('cancel' as const), k: fc.nat() })), { minLength: 1, maxLength: 12000 }),
        (ops) => {
          const { sim, log } = recorder();
          const live: { id: number; t: number; i: number }[] = [];
          ops.forEach((o, i) => {
            if (o.op === 'add') live.push({ id: sim.schedule(o.t, 0, i), t: o.t, i });
            else if (live.length > 0) {
              const [victim] = live.splice(o.k % live.length, 1);
              expect(sim.cancel(victim.id)).toBe(true);
            }
          });
          expect(sim.pending).toBe(live.length);
          sim.run();
          expect(log.map(([, a]) => a)).toEqual(live.sort((x, y) => x.t - y.t || x.i - y.i).map((e) => e.i));
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('compaction', () => {
  it('cancelling most of 20,000 events rebuilds the heap and keeps the survivors in order', () => {
    const { sim, log } = recorder();
    const ids: number[] = [];
    // times in a scrambled order so the heap is not trivially sorted
    for (let i = 0; i < 20000; i++) ids.push(sim.schedule((i * 7919) % 20000, 0, i));
    for (let i = 0; i < 20000; i++) if (i % 10 !== 0) expect(sim.cancel(ids[i])).toBe(true);
    expect(sim.pending).toBe(2000);
    sim.run();
    const expected = Array.from({ length: 2000 }, (_, k) => k * 10).sort((x, y) => ((x * 7919) % 20000) - ((y * 7919) % 20000));
    expect(log.map(([, a]) => a)).toEqual(expected);
  });
});

describe('run', () => {
  it('stops at `until` and moves the clock there', () => {
    const { sim, log } = recorder();
    sim.schedule(1, 0, 1);
    sim.schedule(10, 0, 2);
    expect(sim.run(5)).toBe(1);
    expect(sim.now).toBe(5);
    expect(sim.peek()).toBe(10);
    sim.run();
    expect(log).toEqual([[1, 1], [10, 2]]);
  });

  it('stop() ends the run after the current event', () => {
    const sim = new Simulation();
    let n = 0;
    sim.on(0, () => {
      n++;
      sim.schedule(1, 0);
      if (n === 3) sim.stop();
    });
    sim.schedule(0, 0);
    sim.run();
    expect(n).toBe(3);
    expect(sim.now).toBe(2);
    expect(sim.pending).toBe(1);
  });

  it('runWhile checks its condition before each event', () => {
    const { sim, log } = recorder();
    for (let i = 0; i < 10; i++) sim.schedule(i, 0, i);
    sim.runWhile(() => log.length < 4);
    expect(log.length).toBe(4);
    expect(sim.pending).toBe(6);
  });

  it('register() numbers a handler table and dispatches by name', () => {
    const sim = new Simulation();
    const seen: string[] = [];
    const kinds = sim.register({ a: () => seen.push('a'), b: (x: number) => seen.push(`b${x}`) });
    sim.schedule(1, kinds.b, 7);
    sim.schedule(0, kinds.a);
    sim.run();
    expect(seen).toEqual(['a', 'b7']);
  });

  it('generator processes resume after the delays they yield', () => {
    const sim = new Simulation();
    const times: number[] = [];
    sim.process((function* () {
      times.push(sim.now);
      yield 1.5;
      times.push(sim.now);
      yield 0;
      times.push(sim.now);
      yield 2;
      times.push(sim.now);
    })());
    sim.run();
    expect(times).toEqual([0, 1.5, 1.5, 3.5]);
  });

  it('an unregistered kind is a SimulationError', () => {
    const sim = new Simulation();
    sim.schedule(0, 42);
    expect(() => sim.run()).toThrow(/no handler registered for event kind 42/);
  });

  it('the hold pattern keeps the clock monotone and the queue size constant', () => {
    const sim = new Simulation(16);
    let last = 0, ok = true, seed = 1;
    const u = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    sim.on(0, () => {
      if (sim.now < last) ok = false;
      last = sim.now;
      sim.schedule(-Math.log(u()), 0);
    });
    for (let i = 0; i < 1000; i++) sim.schedule(-Math.log(u()), 0);
    sim.runWhile(() => sim.eventsProcessed < 100000);
    expect(ok).toBe(true);
    expect(sim.pending).toBe(1000);
  });
});
