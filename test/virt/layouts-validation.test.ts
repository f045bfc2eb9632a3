/** Bad layouts, volumes and storage servers: every problem located, with a hint; never a stack trace. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { problemsOf, yaml } from '../scenario/helpers.js';

const HEAD = [
  'name: t',
  'host_types:',
  '  h: { cores: 4, mips: 2000, ram: 8GiB }',
  'vm_types:',
  '  vm: { vcpus: 2, mips: 2000, ram: 1GiB }',
  'datacenter:',
  '  hosts: [{ type: h }]',
  'virtualization:',
  '  instance: vm',
  '  platforms: [kvm]',
  '  jobs: [{ name: work, cpu: 10s, disk_read: 1000 }, { name: net, net_rx: 1GB }]',
  '  storage_servers:',
  '    san: { disk_bw: 4Gbps, nic: 10Gbps, disk_read_op: 100us, rtt: 200us }',
  '  volumes:',
  '    data: { server: san, size: 100GiB, data: 10GiB }',
  '    logs: { server: san, size: 10GiB }',
];

describe('layouts', () => {
  it('a valid layout: defaults, caps as percent of a core, shares, cpusets, a volume and boot from it', () => {
    const c = parseScenario(yaml(...HEAD, '  layouts:',
      '    - name: l',
      '      vcpus_per_core: 1.5',
      '      vms:',
      '        - { name: a, job: work, cores: [1, 0], cap: 50%, shares: 2, volume: data, boot: volume }',
      '        - { name: b, job: net }',
      '        - { name: c, job: work, pinning: pinned, cap: 150 }'), 't.yaml');
    const part = c.virtualization!.partition!;
    expect(part.servers).toEqual([{ name: 'san', diskMbps: 4000, nicMbps: 10000, diskReadOpUs: expect.closeTo(100, 9), diskWriteOpUs: 0, rttUs: expect.closeTo(200, 9) }]);
    expect(part.volumes).toEqual([
      { name: 'data', server: 'san', sizeMib: 102400, dataMib: 10240 },
      { name: 'logs', server: 'san', sizeMib: 10240, dataMib: 0 },
    ]);
    const [a, b, cc] = part.layouts[0].vms;
    expect(part.layouts[0].vcpusPerCore).toBe(1.5);
    expect(a).toMatchObject({ pinned: true, cores: [0, 1], capCores: 0.5, shares: 2, volume: 'data', bootFromVolume: true, vcpus: 2, ramMib: 1024 });
    expect(b).toMatchObject({ pinned: false, capCores: Infinity, shares: 1, volume: undefined, bootFromVolume: false });
    expect(b.job.name).toBe('net');
    expect(cc).toMatchObject({ pinned: true, cores: undefined, capCores: 1.5 });
  });

  it('a volume attached to two VMs of a layout; overlapping cpusets; cores the host lacks', () => {
    expect(problemsOf(yaml(...HEAD, '  layouts:',
      '    - name: l',
      '      vms:',
      '        - { name: a, job: work, volume: data, cores: [0, 1] }',
      '        - { name: b, job: work, volume: data, cores: [1, 2] }',
      '        - { name: c, job: work, cores: [0, 1, 4] }'))).toEqual([
      'test.yaml:21:11: virtualization.layouts.0.vms.1.volume: volume "data" is already attached to a in this layout (a volume is attached to one VM at a time: give this VM a volume of its own)',
      'test.yaml:21:11: virtualization.layouts.0.vms.1.cores: cores [1, 2] overlap cores [0, 1] of vm a (cpusets must be equal (the VMs share them) or disjoint)',
      'test.yaml:22:47: virtualization.layouts.0.vms.2.cores.2: expected an integer from 0 to 3, got 4',
    ]);
  });

  it('unknown jobs, volumes, vm types, servers and keys get did-you-mean', () => {
    expect(problemsOf(yaml(...HEAD.slice(0, 14), '    data: { server: sam, size: 1GiB }', '  layouts:',
      '    - name: l',
      '      vms:',
      '        - { name: a, job: wrok, type: mv, volume: date, shares: 1 }',
      '        - { name: b, job: net, pinnig: pinned }'))).toEqual([
      'test.yaml:15:21: virtualization.volumes.data.server: unknown storage server "sam" (did you mean "san"? storage_servers defines: san)',
      'test.yaml:19:27: virtualization.layouts.0.vms.0.job: unknown job "wrok" (did you mean "work"? jobs defines: work, net)',
      'test.yaml:19:39: virtualization.layouts.0.vms.0.type: unknown vm type "mv" (did you mean "vm"? vm_types defines: vm)',
      'test.yaml:19:51: virtualization.layouts.0.vms.0.volume: unknown volume "date" (did you mean "data"? volumes defines: data)',
      'test.yaml:20:32: virtualization.layouts.0.vms.1.pinnig: unknown key "pinnig" (did you mean "pinning"? allowed keys: name, job, type, pinning, cores, cap, shares, volume, boot)',
    ]);
  });

  it('caps, shares, overcommit ratios and sizes out of range; boot from volume without one; data beyond the size', () => {
    expect(problemsOf(yaml(...HEAD.slice(0, 12), '    san: { disk_bw: 0, nic: -1Gbps }', '  volumes:', '    data: { server: san, size: 1GiB, data: 2GiB }', '  layouts:',
      '    - name: l',
      '      vcpus_per_core: 0.5',
      '      vms:',
      '        - { name: a, job: work, cap: 0%, shares: 0 }',
      '        - { name: b, job: work, boot: volume }',
      '        - { name: c, job: work, cores: [0], pinning: floating }'))).toEqual([
      'test.yaml:13:21: virtualization.storage_servers.san.disk_bw: expected a bandwidth > 0, got 0',
      'test.yaml:13:29: virtualization.storage_servers.san.nic: expected a bandwidth > 0, got "-1Gbps"',
      'test.yaml:15:44: virtualization.volumes.data.data: data 2048 MiB exceeds the volume\'s size 1024 MiB (a volume holds at most its size)',
      'test.yaml:18:23: virtualization.layouts.0.vcpus_per_core: expected a number >= 1, got 0.5',
      'test.yaml:20:38: virtualization.layouts.0.vms.0.cap: expected a percentage of one core > 0 such as 50% or 150%, got "0%"',
      'test.yaml:20:50: virtualization.layouts.0.vms.0.shares: expected a number > 0, got 0',
      'test.yaml:21:39: virtualization.layouts.0.vms.1.boot: boot: volume needs a volume (attach one with volume: <name>, or boot: image)',
      'test.yaml:22:54: virtualization.layouts.0.vms.2.pinning: a VM with cores is pinned to them (remove pinning: floating, or cores)',
    ]);
  });

  it('volumes without layouts; an empty layout list; duplicate names', () => {
    expect(problemsOf(yaml(...HEAD))).toEqual([
      'test.yaml:14:3: virtualization.volumes: volumes are attached to the VMs of layouts, and there are none (add layouts, or remove volumes)',
    ]);
    expect(problemsOf(yaml(...HEAD.slice(0, 11), '  layouts: [{ name: l, vms: [{ name: a, job: work, volume: v }] }]'))).toEqual([
      'test.yaml:12:60: virtualization.layouts.0.vms.0.volume: unknown volume "v" (define it under virtualization.volumes)',
    ]);
    expect(problemsOf(yaml(...HEAD, '  layouts: []'))).toEqual(['test.yaml:17:12: virtualization.layouts: expected at least one layout, got an empty list']);
    expect(problemsOf(yaml(...HEAD, '  layouts:', '    - { name: l, vms: [{ name: a, job: work }, { name: a, job: net }] }', '    - { name: l, vms: [{ name: a, job: work }] }'))).toEqual([
      'test.yaml:18:48: virtualization.layouts.0.vms.1.name: vm name "a" is used twice in this layout',
      'test.yaml:19:7: virtualization.layouts.1.name: layout name "l" is used twice',
    ]);
  });
});
