/**
 * Random applications (tiers, replicas, thread, queue and connection limits,
 * balancers, visits, demands) driven by a burst of arrivals until everything has
 * drained, with replicas added and removed and hosts failing on the way: every request
 * ends exactly once (completed, rejected or lost with a replica), completed or rejected, and every
 * thread, connection, queue and CPU slot is given back.
 *
 * The routes visit tiers in one global order: with cycles a full pool can wait on
 * itself, a deadlock the model reproduces on purpose (see the last test).
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { Simulation } from '../../src/engine/simulation.js';
import { Application } from '../../src/model/apps/application.js';
import type { AppModelSpec } from '../../src/model/apps/spec.js';
import { Datacenter } from '../../src/model/datacenter.js';
import { ReplicaState } from '../../src/model/apps/replica.js';
import { VmState } from '../../src/model/vm.js';
import { BALANCERS, type BalancerName } from '../../src/policies/balancers.js';
import { PLACEMENT_POLICIES } from '../../src/policies/placement.js';
import { exp, hop, tier, vm } from './helpers.js';

const tierArb = fc.record({
  vcpus: fc.integer({ min: 1, max: 4 }),
  replicas: fc.integer({ min: 1, max: 3 }),
  threads: fc.option(fc.integer({ min: 1, max: 4 }), { nil: Infinity }),
  queueLimit: fc.option(fc.integer({ min: 0, max: 3 }), { nil: Infinity }),
  connections: fc.option(fc.integer({ min: 1, max: 3 }), { nil: Infinity }),
  balancer: fc.constantFrom<BalancerName>('round-robin', 'least-connections', 'random'),
  boot: fc.constantFrom(0, 0.5),
});

type Tier = { vcpus: number; replicas: number; threads: number; queueLimit: number; connections: number; balancer: BalancerName; boot: number };
type Klass = { hops: number[]; visits: number; weight: number };

function drain(tiers: Tier[], classes: Klass[], n: number, seed: number, scaling: { at: number; tier: number; add: boolean }[], failures: { at: number; host: number }[], gap = 0.02): void {
  const spec: AppModelSpec = {
    name: 'x', warmup: 0,
    tiers: tiers.map((t, i) => tier(`t${i}`, vm(t.vcpus, 1000, { bootTime: t.boot, diskBw: 10 }), t)),
    classes: classes.map((c, k) => ({
      name: `c${k}`, weight: c.weight,
      // Tiers in increasing order along every route: a route that revisits a tier, or two
      // classes crossing tiers in opposite orders, can deadlock on finite pools (as real
      // systems do), and then requests rightly never end.
      route: [...new Set(c.hops.map((h) => h % tiers.length))].sort().map((h, j) => hop(h, exp(200), { visits: j === 0 ? 1 : c.visits, ...(j % 2 === 1 && { disk: exp(1) }) })),
    })),
  };
  const sim = new Simulation();
  // Four hosts, replicas spread round-robin; at most two fail, so a repair finds room.
  const host = { type: 'h', cores: 64, mips: 1000, ram: 1 << 20, bw: 1e6, diskBw: 1e6, storage: 1 << 30, power: { model: 'linear' as const, idle: 1, max: 2 }, vmScheduler: 'time-shared' as const };
  const dc = new Datacenter(sim, [host, host, host, host], { placer: PLACEMENT_POLICIES['round-robin'] });
  const streams = new RandomStreams(seed);
  let ended = 0, ok = 0;
  const app = new Application(sim, dc, spec, {
    stream: (s) => streams.rng(s),
    balancer: (t) => BALANCERS[t.balancer as BalancerName],
    onRequestEnd: (_u, done) => {
      ended++;
      if (done) ok++;
    },
  });
  const arrive = sim.register({
    a: () => app.arrive(-1),
    // Scaling out and in while requests are in flight (never below one replica).
    scale: (i) => {
      const k = scaling[i].tier % tiers.length;
      if (scaling[i].add) app.addReplica(k);
      else if (app.activeReplicas(k) > 1) app.removeReplica(k);
    },
  });
  scaling.forEach((x, i) => sim.scheduleAt(x.at, arrive.scale, i));
  const faults = sim.register({
    fail: (h) => dc.failHost(h),
    // A tier left with no replica would hold its visits for ever: give it a new one.
    repair: () => tiers.forEach((_, k) => void (app.activeReplicas(k) === 0 && app.addReplica(k))),
  });
  failures.forEach((f) => sim.scheduleAt(f.at, faults.fail, f.host));
  sim.scheduleAt(4, faults.repair);
  const gaps = streams.rng('gaps');
  let t = 0;
  for (let i = 0; i < n; i++) sim.scheduleAt((t += gaps.exponential(gap)), arrive.a);
  sim.run();
  expect(ended).toBe(n);
  expect(app.requests.inFlight).toBe(0);
  expect(app.stats.completedTotal + app.stats.rejectedTotal + app.stats.failedTotal).toBe(n);
  if (failures.length === 0) expect(app.stats.failedTotal).toBe(0);
  expect(app.stats.completedTotal).toBe(ok);
  for (const p of app.replicas) {
    if (p.state === ReplicaState.Gone && p.vm.state === VmState.Failed) continue;
    expect([p.busy, p.connsUsed, p.queue.length, p.connQueue.length, p.vm.coresBusy, p.vm.running.length]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(p.disk?.n ?? 0).toBe(0);
    // Scaled-in replicas were destroyed once idle; the others serve.
    expect([ReplicaState.Serving, ReplicaState.Gone]).toContain(p.state);
    if (p.state === ReplicaState.Gone) expect(p.vm.state).toBe(VmState.Destroyed);
  }
  // Rejections only where a queue limit can bite, losses only with a host failure.
  if (failures.length === 0 && tiers.every((x) => x.threads === Infinity || x.queueLimit === Infinity)) expect(ok).toBe(n);
}

test('every request ends once and every resource is given back', () => {
  fc.assert(
    fc.property(
      fc.array(tierArb, { minLength: 1, maxLength: 4 }),
      fc.array(fc.record({ hops: fc.array(fc.nat(3), { minLength: 1, maxLength: 4 }), visits: fc.double({ min: 0.3, max: 2.5, noNaN: true }), weight: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 3 }),
      fc.integer({ min: 1, max: 120 }),
      fc.integer({ min: 0, max: 1000 }),
      fc.array(fc.record({ at: fc.double({ min: 0, max: 3, noNaN: true }), tier: fc.nat(3), add: fc.boolean() }), { maxLength: 6 }),
      fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), host: fc.nat(3) }), { maxLength: 2 }),
      (tiers, classes, n, seed, scaling, failures) => drain(tiers, classes, n, seed, scaling, failures),
    ),
    { numRuns: 150 },
  );
});

test('host failures in the middle of a busy run: lost requests end once, the rest completes', { timeout: 60_000 }, () => {
  fc.assert(
    fc.property(
      fc.array(tierArb.map((t) => ({ ...t, replicas: 2 })), { minLength: 2, maxLength: 4 }),
      fc.integer({ min: 0, max: 1000 }),
      fc.array(fc.record({ at: fc.double({ min: 0.2, max: 0.8, noNaN: true }), host: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 2 }),
      (tiers, seed, failures) => drain(tiers, [{ hops: [0, 1, 2, 3], visits: 1.5, weight: 1 }], 100, seed, [], failures, 0.01),
    ),
    { numRuns: 100 },
  );
});

test('a route that calls back into its own tier deadlocks on a pool of one connection, as a real server would', () => {
  // Request A's first visit holds the only connection and calls the same tier, whose
  // visit needs a connection for its own call: it waits for A, which waits for it.
  const spec: AppModelSpec = {
    name: 'x', warmup: 0,
    tiers: [tier('t', vm(1), { connections: 1 })],
    classes: [{ name: 'c', weight: 1, route: [hop(0, exp(1)), hop(0, exp(1)), hop(0, exp(1))] }],
  };
  const sim = new Simulation();
  const dc = new Datacenter(sim, [{ type: 'h', cores: 4, mips: 1000, ram: 1 << 20, bw: 1e6, diskBw: 1e6, storage: 1 << 30, power: { model: 'linear', idle: 1, max: 2 }, vmScheduler: 'time-shared' }], { placer: PLACEMENT_POLICIES['first-fit'] });
  const streams = new RandomStreams(1);
  let ended = 0;
  const app = new Application(sim, dc, spec, { stream: (s) => streams.rng(s), balancer: () => BALANCERS['round-robin'], onRequestEnd: () => void ended++ });
  const arrive = sim.register({ a: () => app.arrive(-1) });
  sim.scheduleAt(0, arrive.a);
  sim.run();
  expect(ended).toBe(0);
  const p = app.replicas[0];
  expect([p.busy, p.connsUsed, p.connQueue.length]).toEqual([2, 1, 1]);
});
