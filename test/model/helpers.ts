import { Simulation } from '../../src/engine/simulation.js';
import { Datacenter } from '../../src/model/datacenter.js';
import type { HostSpec, VmSpec } from '../../src/model/specs.js';
import { PLACEMENT_POLICIES } from '../../src/policies/placement.js';

export function host(over: Partial<HostSpec> = {}): HostSpec {
  return {
    type: 'h', cores: 2, mips: 1000, ram: 4096, bw: 1000, diskBw: Infinity, storage: 100000,
    power: { model: 'linear', idle: 100, max: 200 }, vmScheduler: 'time-shared', ...over,
  };
}

export function vmType(over: Partial<VmSpec> = {}): VmSpec {
  return {
    type: 'v', vcpus: 2, mips: 1000, ram: 1024, bw: 10, diskBw: 0, image: 0, bootTime: 0,
    taskScheduler: 'time-shared', ...over,
  };
}

export function datacenter(hosts: HostSpec[], placement: keyof typeof PLACEMENT_POLICIES = 'first-fit', cpuOvercommit = 1) {
  const sim = new Simulation();
  const dc = new Datacenter(sim, hosts, { placer: PLACEMENT_POLICIES[placement], cpuOvercommit });
  return { sim, dc };
}
