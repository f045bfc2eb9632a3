/** Bad virtualization input: every problem located, with a hint; never a stack trace. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { problemsOf, yaml } from '../scenario/helpers.js';

const HEAD = [
  'name: t',
  'host_types:',
  '  h: { cores: 8, mips: 2000, ram: 4GiB }',
  'vm_types:',
  '  vm: { vcpus: 2, mips: 2000, ram: 1GiB }',
  'datacenter:',
  '  hosts: [{ type: h }]',
  'virtualization:',
  '  instance: vm',
];
const JOB = '  jobs: [{ name: j, cpu: 10s }]';

describe('virtualization scenarios', () => {
  it('a valid experiment: shipped names, an override and a new profile', () => {
    const c = parseScenario(
      yaml(...HEAD, JOB, '  platforms: [bare-metal, kvm, fast-kvm]', '  profiles:',
        '    kvm: { cpu: { overhead: 0.5 } }',
        '    fast-kvm: { base: kvm-virtio, mmu: { mode: nested, tlb_miss: 3ns }, disk: { op: 2us, batch: 16 } }'),
      't.yaml',
    );
    const v = c.virtualization!;
    expect(v.platforms).toEqual(['bare-metal', 'kvm', 'fast-kvm']);
    expect(v.profiles.kvm.cpu.overhead).toBe(0.5); // the override
    expect(v.profiles['fast-kvm'].cpu.overhead).not.toBe(0.5); // based on the shipped kvm-virtio, not the override
    expect(v.profiles['fast-kvm'].mmu).toMatchObject({ mode: 'nested', tlbMissNs: expect.closeTo(3, 9) });
    expect(v.profiles['fast-kvm'].disk).toMatchObject({ path: 'paravirtual', opUs: expect.closeTo(2, 9), batch: 16 });
    expect(v.baseline).toBe('bare-metal');
  });

  it('unknown platform and base names get did-you-mean', () => {
    expect(problemsOf(yaml(...HEAD, JOB, '  platforms: [bare-metal, kvm-virtoi, xen-4.1]', '  profiles:', '    mine: { base: dockr }'))).toEqual([
      'test.yaml:11:27: virtualization.platforms.1: unknown platform "kvm-virtoi" (did you mean "kvm-virtio"? shipped and defined profiles are: bare-metal, xen-3.1, xen-3.4.3, xen-4.0.1, xen-4.1.1, xen-3.4.3-hvm, kvm, kvm-virtio-disk, kvm-virtio-net, kvm-virtio, kvm-ept-vhost, docker, docker-nat, lxc, openvz, mine)',
      'test.yaml:11:39: virtualization.platforms.2: unknown platform "xen-4.1" (did you mean "xen-3.1"? shipped and defined profiles are: bare-metal, xen-3.1, xen-3.4.3, xen-4.0.1, xen-4.1.1, xen-3.4.3-hvm, kvm, kvm-virtio-disk, kvm-virtio-net, kvm-virtio, kvm-ept-vhost, docker, docker-nat, lxc, openvz, mine)',
      'test.yaml:13:19: virtualization.profiles.mine.base: unknown base profile "dockr" (did you mean "docker"? shipped and earlier profiles are: bare-metal, xen-3.1, xen-3.4.3, xen-4.0.1, xen-4.1.1, xen-3.4.3-hvm, kvm, kvm-virtio-disk, kvm-virtio-net, kvm-virtio, kvm-ept-vhost, docker, docker-nat, lxc, openvz)',
    ]);
  });

  it('negative costs are rejected with the allowed range', () => {
    const p = problemsOf(yaml(...HEAD, JOB, '  platforms: [k]', '  profiles:',
      '    k: { base: kvm, cpu: { overhead: -0.1 }, exit: -5us, disk: { op: -1us, batch: 0 }, net: { nat: -2us }, instance: { memory: -1MiB } }'));
    expect(p).toEqual([
      'test.yaml:13:38: virtualization.profiles.k.cpu.overhead: expected a number >= 0, got -0.1',
      'test.yaml:13:52: virtualization.profiles.k.exit: expected a duration >= 0, got "-5us"',
      'test.yaml:13:70: virtualization.profiles.k.disk.op: expected a duration >= 0, got "-1us"',
      'test.yaml:13:83: virtualization.profiles.k.disk.batch: expected a number >= 1, got 0',
      'test.yaml:13:100: virtualization.profiles.k.net.nat: expected a duration >= 0, got "-2us"',
      'test.yaml:13:128: virtualization.profiles.k.instance.memory: expected a memory size >= 0, got "-1MiB"',
    ]);
  });

  it('containers cannot run another kernel; VMs can', () => {
    const p = problemsOf(yaml(...HEAD, JOB, '  platforms: [kvm, docker, lxc]', '  guest_os: windows'));
    expect(p).toEqual([
      "test.yaml:11:20: virtualization.platforms.1: docker is a container platform: it runs on the host's linux kernel and cannot run guest_os windows (choose a VM platform (kvm, xen-...) for another OS, or set guest_os to the host_os)",
      "test.yaml:11:28: virtualization.platforms.2: lxc is a container platform: it runs on the host's linux kernel and cannot run guest_os windows (choose a VM platform (kvm, xen-...) for another OS, or set guest_os to the host_os)",
    ]);
    expect(parseScenario(yaml(...HEAD, JOB, '  platforms: [kvm, xen-3.1]', '  guest_os: windows'), 't.yaml').virtualization!.guestOs).toBe('windows');
  });

  it('a container profile cannot have VM mechanisms; NAT is a network cost', () => {
    expect(problemsOf(yaml(...HEAD, JOB, '  platforms: [c]', '  profiles:', '    c: { base: docker, disk: { nat: 1us } }'))).toEqual([
      'test.yaml:13:32: virtualization.profiles.c.disk.nat: unknown key "nat" (nat is a network cost (net.nat))',
    ]);
    expect(problemsOf(yaml(...HEAD, JOB, '  platforms: [c]', '  profiles:', '    c: { base: docker, mmu: { mode: shadow } }'))).toEqual([
      'test.yaml:13:8: virtualization.profiles.c: a container platform runs on the host kernel: its mmu mode and I/O paths must be native (set kind: vm, or mode/path: native)',
    ]);
  });

  it('jobs: instances must fit the host by memory; latency needs round trips; a job must consume something', () => {
    const p = problemsOf(yaml(...HEAD, '  platforms: [bare-metal, kvm]', '  jobs:',
      '    - { name: a, cpu: 1s, instances: 4 }',
      '    - { name: b, cpu: 1s, report: latency }',
      '    - { name: c }',
      '    - { name: a, cpu: 1s, copies: 3, overlap: 2 }'));
    expect(p).toEqual([
      'test.yaml:12:7: virtualization.jobs.0.instances: 4 instances of vm on kvm need 4139.65 MiB (with 10.9128 MiB footprint each), the host has 4096 MiB (fewer instances, a smaller vm type, or a larger host)',
      'test.yaml:13:35: virtualization.jobs.1.report: report: latency needs round_trips > 0 (set round_trips, or report time)',
      'test.yaml:14:7: virtualization.jobs.2: job "c" consumes nothing (give it cpu, disk_read/disk_write, net_rx/net_tx or round_trips)',
      'test.yaml:15:35: virtualization.jobs.3.copies: expected an integer from 1 to 1, got 3',
      'test.yaml:15:47: virtualization.jobs.3.overlap: expected a number from 0 to 1, got 2',
    ]);
  });

  it('sections a virtualization experiment does not use, a baseline not among the platforms', () => {
    expect(problemsOf(yaml(...HEAD, JOB, '  platforms: [kvm]', '  baseline: docker', 'timeline: []'))).toEqual([
      'test.yaml:12:13: virtualization.baseline: baseline "docker" is not one of the platforms (platforms are: kvm)',
      'test.yaml:13:1: timeline: timeline is not used by a virtualization experiment (remove it, or run it in a scenario of its own)',
    ]);
  });
});
