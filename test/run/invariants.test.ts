import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.js';
import { Datacenter } from '../../src/model/datacenter.js';
import { TaskState } from '../../src/model/tasks.js';
import { PLACEMENT_POLICIES } from '../../src/policies/placement.js';
import { host, vmType } from '../model/helpers.js';

type Op =
  | { op: 'vm'; vcpus: number; ram: number; boot: number; space: boolean; group: number }
  | { op: 'task'; length: number; cores: number; group: number }
  | { op: 'destroy'; k: number }
  | { op: 'fail'; h: number }
  | { op: 'wait'; dt: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('vm' as const), vcpus: fc.integer({ min: 1, max: 4 }), ram: fc.integer({ min: 1, max: 8 }).map((x) => x * 512), boot: fc.integer({ min: 0, max: 5 }), space: fc.boolean(), group: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('task' as const), length: fc.integer({ min: 1, max: 5000 }), cores: fc.integer({ min: 1, max: 3 }), group: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('destroy' as const), k: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('fail' as const), h: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('wait' as const), dt: fc.double({ min: 0, max: 3, noNaN: true }) }) },
);

describe('model invariants under random operations (property)', () => {
  it('no host holds more RAM than it has, time never goes backwards, work is conserved', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), fc.constantFrom(1, 2), fc.constantFrom<'first-fit' | 'best-fit' | 'worst-fit' | 'round-robin'>('first-fit', 'best-fit', 'worst-fit', 'round-robin'), (ops, ratio, policy) => {
        const sim = new Simulation();
        const hosts = [host({ cores: 4, ram: 4096 }), host({ cores: 2, ram: 2048, vmScheduler: 'space-shared' }), host({ cores: 8, ram: 8192 })];
        const dc = new Datacenter(sim, hosts, { placer: PLACEMENT_POLICIES[policy], cpuOvercommit: ratio, randomInt: () => 0 });
        let last = 0;
        const check = () => {
          expect(sim.now).toBeGreaterThanOrEqual(last);
          last = sim.now;
          for (const h of dc.hosts) {
            expect(h.ramUsed).toBeLessThanOrEqual(h.spec.ram);
            expect(h.used).toBeLessThanOrEqual(h.capacity * (1 + 1e-12));
            if (h.spaceShared) expect(h.reservedCores).toBeLessThanOrEqual(h.cores);
            else expect(h.reservedMips).toBeLessThanOrEqual(h.capacity * ratio);
          }
        };
        dc.onTaskEnd = check;
        for (const o of ops) {
          if (o.op === 'vm') dc.requestVm(vmType({ vcpus: o.vcpus, ram: o.ram, bootTime: o.boot, taskScheduler: o.space ? 'space-shared' : 'time-shared' }), `g${o.group}`);
          else if (o.op === 'task') dc.submitTask(`g${o.group}`, o.length, o.cores, 'round-robin');
          else if (o.op === 'destroy') { if (dc.vms.length > 0) dc.destroyVm(dc.vms[o.k % dc.vms.length]); }
          else if (o.op === 'fail') dc.failHost(o.h % 3);
          else sim.run(sim.now + o.dt);
          check();
        }
        sim.run();
        check();
        dc.settleAll();
        // Every MI a done task needed was executed by its VM: sum over VMs of MI executed
        // equals the work of done tasks plus the partial work of failed/running ones, so
        // it is at least the done tasks' work.
        const T = dc.tasks;
        let doneWork = 0;
        for (let t = 0; t < T.count; t++) if (T.state[t] === TaskState.Done) doneWork += T.length[t] * T.cores[t];
        const executed = dc.vms.reduce((s, v) => s + v.mi, 0);
        expect(executed).toBeGreaterThanOrEqual(doneWork * (1 - 1e-9) - 1e-6);
        const hostWork = dc.hosts.reduce((s, h) => s + h.work, 0);
        expect(hostWork).toBeCloseTo(executed, 6);
      }),
      { numRuns: 150 },
    );
  });
});
