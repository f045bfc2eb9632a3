import { Simulation } from '../../src/engine/simulation.js';
import type { HostSpec, VmSpec } from '../../src/model/specs.js';
import { parseAddressRange, type AddressRange } from '../../src/model/provision/addresses.js';
import { Provisioner } from '../../src/model/provision/pipeline.js';
import type { ProvisioningSpec, ProvisioningVariant } from '../../src/model/provision/spec.js';
import { BARE_METAL, cloneProfile } from '../../src/model/virt/profile.js';
import { PLACEMENT_POLICIES } from '../../src/policies/placement.js';

/** MiB -> Mbit, as the pipeline converts. */
export const MBIT_PER_MIB = 8.388608;

export const hostSpec = (o: Partial<HostSpec> = {}): HostSpec => ({
  type: 'h', cores: 16, mips: 2000, ram: 64 * 1024, bw: 100_000, diskBw: Infinity, storage: 1024 * 1024,
  power: { model: 'linear', idle: 100, max: 200 }, vmScheduler: 'time-shared', ...o,
});

const VM: VmSpec = { type: 'vm', vcpus: 1, mips: 1000, ram: 1024, bw: 0, diskBw: 0, image: 0, bootTime: 0, taskScheduler: 'time-shared' };

export const range = (text: string): AddressRange => parseAddressRange(text) as AddressRange;

/** A spec with round numbers: 1 GiB image, 1000 Mbit/s repository, a VM booting in 30 s after 2 s of toolstack. */
export function spec(o: Partial<ProvisioningSpec> = {}): ProvisioningSpec {
  const profile = cloneProfile(BARE_METAL);
  profile.kind = 'vm';
  profile.instance = { memoryMib: 16, startS: 30, serialStartS: 2, imageMib: 1024, imageShared: true };
  return {
    platform: 'test', profile, instance: VM, schedulerS: 0,
    repository: { nicMbps: 1000, diskMbps: Infinity },
    images: { base: 1024 },
    disk: { rootMib: 10 * 1024, ephemeralMib: 0, ephemeralFill: 'sparse' },
    addresses: {},
    contextualization: { addressS: 1, sshKeyS: 2 },
    groups: [{ name: 'burst', at: 0, count: 1, every: 0, image: 'base', lifetime: Infinity }],
    variants: [{ name: 'v', replicas: 1, cache: false }],
    placement: 'first-fit',
    cpuOvercommit: 1,
    ...o,
  };
}

export function run(s: ProvisioningSpec, hosts: HostSpec[] = [hostSpec()], variant?: Partial<ProvisioningVariant>) {
  const sim = new Simulation();
  const v = { ...s.variants[0], ...variant };
  const p = new Provisioner(sim, s, v, hosts, PLACEMENT_POLICIES[s.placement as 'first-fit']);
  sim.run();
  return { records: p.records, hosts: p.hosts, sim };
}
