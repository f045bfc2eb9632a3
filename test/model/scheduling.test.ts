import { describe, expect, it } from 'vitest';
import { TaskState } from '../../src/model/tasks.js';
import { VmState } from '../../src/model/vm.js';
import { datacenter, host, vmType } from './helpers.js';

describe('task scheduling inside a VM', () => {
  it('time-shared: 3 one-core tasks of 1000, 2000, 3000 MI on 2 x 1000 MIPS end at 1.5, 2.5, 3.5 s', () => {
    // t in [0, 1.5): 3 tasks share 2000 MIPS, 666.67 each, task 0 does its 1000 MI.
    // t in [1.5, 2.5): 2 tasks at 1000 each; task 1 had 1000 left.
    // t in [2.5, 3.5): task 2 alone, capped at one vCPU (1000), 1000 left.
    const { sim, dc } = datacenter([host()]);
    dc.requestVm(vmType(), 'g');
    const ids = [1000, 2000, 3000].map((l) => dc.submitTask('g', l, 1, 'round-robin'));
    sim.run();
    expect(ids.map((t) => dc.tasks.finish[t])).toEqual([1.5, 2.5, 3.5]);
    expect(ids.map((t) => dc.tasks.state[t])).toEqual([TaskState.Done, TaskState.Done, TaskState.Done]);
  });

  it('space-shared: the third task waits for a free vCPU', () => {
    // Tasks 0 and 1 hold the two vCPUs from 0; task 0 ends at 1, task 2 starts then
    // and runs 3000 MI at 1000 MIPS until 4; task 1 ends at 2.
    const { sim, dc } = datacenter([host()]);
    dc.requestVm(vmType({ taskScheduler: 'space-shared' }), 'g');
    const ids = [1000, 2000, 3000].map((l) => dc.submitTask('g', l, 1, 'round-robin'));
    sim.run();
    expect(ids.map((t) => dc.tasks.finish[t])).toEqual([1, 2, 4]);
    expect(ids.map((t) => dc.tasks.start[t])).toEqual([0, 0, 1]);
  });

  it('a two-core task on a time-shared VM gets twice the rate of a one-core task', () => {
    // 2 vCPUs x 1000; tasks: A (2 cores, 3000 MI/core), B (1 core, 1000 MI).
    // K = 3 cores, 666.67 MIPS per core: B ends at 1.5 (W = 1000); A then alone at 1000/core,
    // 2000 left per core: ends at 3.5.
    const { sim, dc } = datacenter([host()]);
    dc.requestVm(vmType(), 'g');
    const a = dc.submitTask('g', 3000, 2, 'round-robin');
    const b = dc.submitTask('g', 1000, 1, 'round-robin');
    sim.run();
    expect(dc.tasks.finish[b]).toBe(1.5);
    expect(dc.tasks.finish[a]).toBe(3.5);
  });

  it('a late arrival changes the share: completions are rescheduled exactly', () => {
    // VM with 1 vCPU of 1000 MIPS. Task A 2000 MI at t=0. Task B 500 MI at t=1.
    // [0,1): A alone, 1000 done. [1, 2): both at 500; B done at 2 (500), A has 500 left.
    // [2, 2.5): A alone: ends at 2.5.
    const { sim, dc } = datacenter([host()]);
    dc.requestVm(vmType({ vcpus: 1 }), 'g');
    const a = dc.submitTask('g', 2000, 1, 'round-robin');
    let b = -1;
    sim.process((function* () {
      yield 1;
      b = dc.submitTask('g', 500, 1, 'round-robin');
    })());
    sim.run();
    expect(dc.tasks.finish[b]).toBe(2);
    expect(dc.tasks.finish[a]).toBe(2.5);
  });

  it('tasks wait for the VM to boot', () => {
    const { sim, dc } = datacenter([host()]);
    dc.requestVm(vmType({ bootTime: 30 }), 'g');
    const t = dc.submitTask('g', 1000, 1, 'round-robin');
    sim.run();
    expect(dc.tasks.start[t]).toBe(30);
    expect(dc.tasks.finish[t]).toBe(31);
  });

  it('tasks submitted before any VM exists wait in the group backlog', () => {
    const { sim, dc } = datacenter([host()]);
    const t = dc.submitTask('g', 1000, 1, 'round-robin');
    sim.process((function* () {
      yield 5;
      dc.requestVm(vmType(), 'g');
    })());
    sim.run();
    expect(dc.tasks.finish[t]).toBe(6);
  });
});

describe('host-level sharing', () => {
  it('overcommitted host: busy vCPUs share the cores equally', () => {
    // Host 2 x 1000 MIPS, overcommit 2: two VMs of 2 vCPUs x 1000 fit (4000 <= 4000).
    // Each runs one 2-core task of 1000 MI/core: demand 4000 on 2000 MIPS, so each
    // vCPU gets 500: both end at 2 s. Utilization 100% for 2 s: energy = 200 W x 2 s.
    const { sim, dc } = datacenter([host()], 'first-fit', 2);
    dc.requestVm(vmType(), 'a');
    dc.requestVm(vmType(), 'b');
    const x = dc.submitTask('a', 1000, 2, 'round-robin');
    const y = dc.submitTask('b', 1000, 2, 'round-robin');
    sim.run();
    expect(dc.tasks.finish[x]).toBe(2);
    expect(dc.tasks.finish[y]).toBe(2);
    dc.settleAll();
    expect(dc.hosts[0].energy).toBe(400);
    expect(dc.hosts[0].work).toBe(4000);
  });

  it('water-filling: a slow VM keeps its cap and the fast one takes the rest', () => {
    // Host 1 core x 1000 MIPS, overcommit 2. VM slow: 1 vCPU x 300; VM fast: 1 vCPU x 1000.
    // Equal share would be 500 each, but slow can use only 300: fast gets 700.
    // slow task 300 MI ends at 1; fast task 1400 MI: 700 by t=1, then 1000 MIPS alone: ends at 1.7.
    const { sim, dc } = datacenter([host({ cores: 1 })], 'first-fit', 2);
    dc.requestVm(vmType({ vcpus: 1, mips: 300 }), 'slow');
    dc.requestVm(vmType({ vcpus: 1, mips: 1000 }), 'fast');
    const s = dc.submitTask('slow', 300, 1, 'round-robin');
    const f = dc.submitTask('fast', 1400, 1, 'round-robin');
    sim.run();
    expect(dc.tasks.finish[s]).toBe(1);
    expect(dc.tasks.finish[f]).toBeCloseTo(1.7, 12);
  });

  it('linear power: energy of an idle and a half-busy host', () => {
    // 2 cores x 1000; one 1-vCPU VM runs 5000 MI: 5 s at 50% -> 150 W; then idle to t=10 at 100 W.
    const { sim, dc } = datacenter([host()]);
    dc.requestVm(vmType({ vcpus: 1 }), 'g');
    dc.submitTask('g', 5000, 1, 'round-robin');
    sim.run(10);
    dc.settleAll();
    expect(sim.now).toBe(10);
    expect(dc.hosts[0].energy).toBe(150 * 5 + 100 * 5);
  });
});

describe('VM lifecycle', () => {
  it('rejects a VM that fits nowhere and records it', () => {
    const { sim, dc } = datacenter([host({ ram: 512 })]);
    const vm = dc.requestVm(vmType(), 'g');
    sim.run();
    expect(vm.state).toBe(VmState.Rejected);
    expect(dc.stats.vmsRejected).toBe(1);
  });

  it('RAM is a hard partition: the third 2 GiB VM on a 4 GiB host is rejected', () => {
    const { sim, dc } = datacenter([host({ ram: 4096 })], 'first-fit', 10);
    const vms = [0, 1, 2].map(() => dc.requestVm(vmType({ vcpus: 1, ram: 2048 }), 'g'));
    sim.run();
    expect(vms.map((v) => v.state)).toEqual([VmState.Running, VmState.Running, VmState.Rejected]);
    expect(vms.map((v) => v.host)).toEqual([0, 0, -1]);
  });

  it('destroying a VM fails its tasks and frees the host', () => {
    const { sim, dc } = datacenter([host()]);
    const vm = dc.requestVm(vmType(), 'g');
    const t = dc.submitTask('g', 1e6, 1, 'round-robin');
    sim.process((function* () {
      yield 10;
      dc.destroyVm(vm);
    })());
    sim.run();
    expect(dc.tasks.state[t]).toBe(TaskState.Failed);
    expect(dc.tasks.finish[t]).toBe(10);
    expect(dc.hosts[0].ramUsed).toBe(0);
    expect(dc.hosts[0].vmCount).toBe(0);
    expect(vm.state).toBe(VmState.Destroyed);
  });

  it('a failed host loses its VMs and draws no power afterwards', () => {
    const { sim, dc } = datacenter([host(), host()]);
    const vm = dc.requestVm(vmType(), 'g');
    sim.process((function* () {
      yield 10;
      dc.failHost(0);
      dc.requestVm(vmType(), 'g');
    })());
    sim.run(20);
    dc.settleAll();
    expect(vm.state).toBe(VmState.Failed);
    expect(dc.hosts[0].energy).toBe(100 * 10);
    expect(dc.vms[1].host).toBe(1);
  });
});

describe('disk bandwidth', () => {
  it('is reserved like network bandwidth: the VM that would pass it is rejected', () => {
    // Host disk 1000 Mbit/s; VMs ask 400 each: two fit, the third (1200 > 1000) does not.
    const { sim, dc } = datacenter([host({ diskBw: 1000 })], 'first-fit', 10);
    const vms = [0, 1, 2].map(() => dc.requestVm(vmType({ vcpus: 1, ram: 512, diskBw: 400 }), 'g'));
    sim.run();
    expect(vms.map((v) => v.host)).toEqual([0, 0, -1]);
    expect(dc.hosts[0].freeDiskBw).toBe(200);
    dc.destroyVm(vms[0]);
    expect(dc.hosts[0].freeDiskBw).toBe(600);
  });
});
