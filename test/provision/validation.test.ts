/** Bad provisioning input: every problem located, with a hint; never a stack trace. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { problemsOf, yaml } from '../scenario/helpers.js';

const HEAD = [
  'name: t',
  'host_types:',
  '  h: { cores: 8, mips: 2000, ram: 16GiB }',
  'vm_types:',
  '  vm: { vcpus: 1, mips: 1000, ram: 1GiB }',
  'datacenter:',
  '  hosts: [{ type: h, count: 2 }]',
  'provisioning:',
];

describe('provisioning scenarios', () => {
  it('defaults: the platform profile gives the image; one variant from the repository', () => {
    const p = parseScenario(yaml(...HEAD, '  platform: kvm', '  instance: vm', '  requests: [{ count: 3 }]'), 't.yaml').provisioning!;
    expect(p.images).toEqual({ kvm: 2048 });
    expect(p.profile.instance.startS).toBe(100);
    expect(p.variants).toEqual([{ name: 'default', replicas: 1, cache: false }]);
    expect(p.repository).toEqual({ nicMbps: 1000, diskMbps: Infinity });
    expect(p.groups).toEqual([{ name: 'requests-0', at: 0, count: 3, every: 0, image: 'kvm', lifetime: Infinity }]);
    expect(p.disk).toEqual({ rootMib: 10240, ephemeralMib: 0, ephemeralFill: 'sparse' });
    expect(p).toMatchObject({ schedulerS: 0, placement: 'first-fit', cpuOvercommit: 1, addresses: {} });
  });

  it('a profile defined as in virtualization, address pools, units', () => {
    const p = parseScenario(yaml(...HEAD, '  platform: fast', '  instance: vm',
      '  profiles: { fast: { base: kvm, instance: { start: 20s, serial_start: 1s } } }',
      '  repository: { replicas: 2, bandwidth: 10Gbps, disk: 4Gbps }',
      '  addresses: { private: 10.0.0.0/28, public: 198.51.100.10-198.51.100.12 }',
      '  images: { centos: 1GiB, tiny: 200MiB }',
      '  requests: [{ count: 3, image: tiny, every: 2s, lifetime: 1h }]'), 't.yaml').provisioning!;
    expect(p.profile.instance).toMatchObject({ startS: 20, serialStartS: 1 });
    expect(p.repository).toEqual({ nicMbps: 10000, diskMbps: 4000 });
    expect(p.variants).toEqual([{ name: 'default', replicas: 2, cache: false }]);
    expect(p.addresses).toEqual({ private: { first: 0x0a000001, size: 14 }, public: { first: 0xc633640a, size: 3 } });
    expect(p.groups[0]).toMatchObject({ image: 'tiny', every: 2, lifetime: 3600 });
  });

  it('unknown names get did-you-mean; numbers get their ranges', () => {
    expect(problemsOf(yaml(...HEAD, '  platform: kvm-virtoi', '  instance: vn',
      '  repository: { replicas: 0, bandwith: 1Gbps }',
      '  images: { centos: 1GiB }',
      '  requests: [{ count: 0, image: cents, at: -1s }]',
      '  variants: [{ name: a, replicas: 1.5 }, { name: a, cache: yes }]'))).toEqual([
      'test.yaml:9:13: provisioning.platform: unknown platform "kvm-virtoi" (did you mean "kvm-virtio"? shipped and defined profiles are: bare-metal, xen-3.1, xen-3.4.3, xen-4.0.1, xen-4.1.1, xen-3.4.3-hvm, kvm, kvm-virtio-disk, kvm-virtio-net, kvm-virtio, kvm-ept-vhost, docker, docker-nat, lxc, openvz)',
      'test.yaml:10:13: provisioning.instance: unknown vm type "vn" (did you mean "vm"? vm_types defines: vm)',
      'test.yaml:11:27: provisioning.repository.replicas: expected an integer >= 1, got 0',
      'test.yaml:11:30: provisioning.repository.bandwith: unknown key "bandwith" (did you mean "bandwidth"? allowed keys: replicas, bandwidth, disk)',
      'test.yaml:13:23: provisioning.requests.0.count: expected an integer from 1 to 10000000, got 0',
      'test.yaml:13:33: provisioning.requests.0.image: unknown image "cents" (did you mean "centos"? images are: centos)',
      'test.yaml:13:44: provisioning.requests.0.at: expected a duration >= 0, got "-1s"',
      'test.yaml:14:35: provisioning.variants.0.replicas: expected an integer >= 1, got 1.5',
      'test.yaml:14:50: provisioning.variants.1.name: variant name "a" is used twice',
      'test.yaml:14:60: provisioning.variants.1.cache: expected true or false, got "yes"',
    ]);
    expect(problemsOf(yaml(...HEAD, '  platform: kvm', '  instance: vm', '  requests: [{ count: 0, at: -1s, lifetime: 0s }]'))).toEqual([
      'test.yaml:11:23: provisioning.requests.0.count: expected an integer from 1 to 10000000, got 0',
      'test.yaml:11:30: provisioning.requests.0.at: expected a duration >= 0, got "-1s"',
      'test.yaml:11:45: provisioning.requests.0.lifetime: expected a duration > 0, got "0s"',
    ]);
  });

  it('bad address pools, an image larger than /dev/sda1, sections it does not use', () => {
    expect(problemsOf(yaml(...HEAD, '  platform: kvm', '  instance: vm',
      '  addresses: { private: 10.0.0.1/24, public: 1.2.3.9-1.2.3.1 }',
      '  disk: { root: 1GiB, ephemeral_fill: zeros }',
      '  requests: [{ count: 1 }]',
      'vms: []'))).toEqual([
      'test.yaml:11:25: provisioning.addresses.private: bad address pool "10.0.0.1/24" (10.0.0.1/24 is not the start of its block: did you mean 10.0.0.0/24?)',
      'test.yaml:11:46: provisioning.addresses.public: bad address pool "1.2.3.9-1.2.3.1" (the range ends before it starts (1.2.3.1 < 1.2.3.9))',
      'test.yaml:12:39: provisioning.disk.ephemeral_fill: expected one of sparse, zero, got "zeros" (did you mean "zero"?)',
      'test.yaml:14:1: vms: vms is not used by a provisioning experiment (remove it, or run it in a scenario of its own)',
    ]);
    expect(problemsOf(yaml(...HEAD, '  platform: kvm', '  instance: vm', '  disk: { root: 1GiB }', '  requests: [{ count: 1 }]'))).toEqual([
      'test.yaml:9:13: provisioning.platform: image kvm (2048 MiB) does not fit /dev/sda1 (disk.root 1024 MiB) (a larger disk.root, or a smaller image)',
    ]);
  });
});
