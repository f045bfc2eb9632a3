import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fits, type HostView, type VmRequest } from '../../src/model/placement.js';
import { PLACEMENT_POLICY_NAMES } from '../../src/policies/names.js';
import { bestFit, decreasingSize, firstFit, nextFit, PLACEMENT_POLICIES, worstFit } from '../../src/policies/placement.js';
import { VmState } from '../../src/model/vm.js';
import { datacenter, host, vmType } from '../model/helpers.js';

type MutableHost = { -readonly [K in keyof HostView]: HostView[K] };

function h(id: number, over: Partial<MutableHost> = {}): MutableHost {
  return { id, cores: 4, mips: 1000, available: true, freeMips: 4000, freeCores: 4, freeRam: 8192, freeBw: 1000, freeDiskBw: Infinity, freeStorage: 1e5, vmCount: 0, ...over };
}
const vm = (over: Partial<VmRequest> = {}): VmRequest => ({ id: 0, vcpus: 1, mips: 1000, ram: 1024, bw: 10, diskBw: 0, image: 0, ...over });

describe('reference policies, hand-checked', () => {
  const hosts = [h(0, { freeMips: 1000, freeRam: 512 }), h(1, { freeMips: 3000 }), h(2, { freeMips: 2000 }), h(3, { freeMips: 4000 })];
  it('first-fit takes the first host that fits (host 0 lacks RAM)', () => {
    expect(firstFit(vm(), hosts)?.id).toBe(1);
  });
  it('best-fit takes the tightest fit', () => {
    expect(bestFit(vm(), hosts)?.id).toBe(2);
  });
  it('worst-fit takes the emptiest host', () => {
    expect(worstFit(vm(), hosts)?.id).toBe(3);
  });
  it('next-fit continues after the last host, circularly', () => {
    expect(nextFit(vm(), hosts, 2)?.id).toBe(3);
    expect(nextFit(vm(), hosts, 3)?.id).toBe(1);
  });
  it('nothing fits: undefined', () => {
    expect(firstFit(vm({ vcpus: 8 }), hosts)).toBeUndefined();
    expect(bestFit(vm({ mips: 2000 }), hosts)).toBeUndefined();
  });
  it('an unavailable host never fits', () => {
    expect(fits(vm(), h(0, { available: false }))).toBe(false);
  });
  it('first-fit-decreasing orders by vCPU x MIPS, then RAM, then request order', () => {
    const batch = [vm({ id: 0 }), vm({ id: 1, vcpus: 2 }), vm({ id: 2, ram: 4096 }), vm({ id: 3, vcpus: 2 })];
    expect(batch.sort(decreasingSize).map((v) => v.id)).toEqual([1, 3, 2, 0]);
  });
});

describe('placement in the datacenter', () => {
  it('best-fit packs, worst-fit spreads, round-robin rotates', () => {
    const place = (policy: 'best-fit' | 'worst-fit' | 'round-robin' | 'first-fit') => {
      const { sim, dc } = datacenter([host({ cores: 4 }), host({ cores: 4 }), host({ cores: 4 })], policy);
      for (let i = 0; i < 4; i++) dc.requestVm(vmType({ vcpus: 1, ram: 512 }), 'g');
      sim.run();
      return dc.vms.map((v) => v.host);
    };
    expect(place('first-fit')).toEqual([0, 0, 0, 0]);
    expect(place('best-fit')).toEqual([0, 0, 0, 0]);
    expect(place('worst-fit')).toEqual([0, 1, 2, 0]);
    expect(place('round-robin')).toEqual([0, 1, 2, 0]);
  });

  it('first-fit-decreasing places the big VM of a batch first, and so places all three', () => {
    // Host 0: 3 GiB RAM, host 1: 2 GiB. Requests at one instant: 1 GiB, 1 GiB, 3 GiB.
    // First-fit: both small on host 0 (1 GiB left), big fits nowhere.
    // FFD: big on host 0 (full), the smalls on host 1.
    const run = (policy: 'first-fit' | 'first-fit-decreasing') => {
      const { sim, dc } = datacenter([host({ ram: 3072 }), host({ ram: 2048 })], policy, 4);
      dc.requestVm(vmType({ vcpus: 1, ram: 1024 }), 'g');
      dc.requestVm(vmType({ vcpus: 1, ram: 1024 }), 'g');
      dc.requestVm(vmType({ vcpus: 1, ram: 3072 }), 'g');
      sim.run();
      return dc.vms.map((v) => (v.state === VmState.Rejected ? 'x' : v.host));
    };
    expect(run('first-fit')).toEqual([0, 0, 'x']);
    expect(run('first-fit-decreasing')).toEqual([1, 1, 0]);
  });

  it('the indexed policies decide exactly as the scanning definitions (property)', () => {
    const hostArb = fc.record({ cores: fc.integer({ min: 1, max: 16 }), mips: fc.constantFrom(1000, 2000, 2500), ram: fc.integer({ min: 1, max: 64 }).map((g) => g * 1024), spaceShared: fc.boolean() });
    const vmArb = fc.record({ vcpus: fc.integer({ min: 1, max: 8 }), mips: fc.constantFrom(500, 1000, 2000), ram: fc.integer({ min: 1, max: 16 }).map((g) => g * 512), destroyAfter: fc.option(fc.integer({ min: 0, max: 5 })) });
    fc.assert(
      fc.property(fc.array(hostArb, { minLength: 1, maxLength: 40 }), fc.array(vmArb, { maxLength: 120 }), fc.constantFrom('first-fit', 'best-fit', 'worst-fit', 'round-robin') , fc.constantFrom(1, 1.5), (hs, vs, policy, ratio) => {
        const { sim, dc } = datacenter(hs.map((x) => host({ cores: x.cores, mips: x.mips, ram: x.ram, vmScheduler: x.spaceShared ? 'space-shared' : 'time-shared' })), policy, ratio);
        let last = -1;
        const reference = (v: VmRequest): number => {
          const views = dc.hosts;
          const chosen = policy === 'first-fit' ? firstFit(v, views) : policy === 'best-fit' ? bestFit(v, views) : policy === 'worst-fit' ? worstFit(v, views) : nextFit(v, views, last);
          return chosen ? chosen.id : -1;
        };
        vs.forEach((x, i) => {
          const req = vmType({ vcpus: x.vcpus, mips: x.mips, ram: x.ram });
          const expected = reference({ id: i, vcpus: req.vcpus, mips: req.mips, ram: req.ram, bw: req.bw, diskBw: req.diskBw, image: req.image });
          const made = dc.requestVm(req, 'g');
          sim.run(); // places it now
          expect(made.host).toBe(expected);
          if (expected >= 0) last = expected;
          if (x.destroyAfter !== null && i % 3 === 0) {
            const victims = dc.vms.filter((v) => v.host >= 0 && v.state === VmState.Running);
            if (victims.length > 0) dc.destroyVm(victims[x.destroyAfter % victims.length]);
          }
          for (const host of dc.hosts) {
            expect(host.ramUsed).toBeLessThanOrEqual(host.spec.ram);
            expect(host.reservedCores).toBeLessThanOrEqual(host.cores);
          }
        });
      }),
      { numRuns: 60 },
    );
  });

  it('the registry has every name YAML may use', () => {
    expect(Object.keys(PLACEMENT_POLICIES).sort()).toEqual([...PLACEMENT_POLICY_NAMES].sort());
  });
});
