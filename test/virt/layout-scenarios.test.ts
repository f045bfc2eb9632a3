/** scenarios/noisy-neighbour.yaml and scenarios/ebs-vs-ephemeral.yaml: outcomes computed by hand from their parameters. */
import { describe, expect, it } from 'vitest';
import { cpuFactor } from '../../src/model/virt/profile.js';
import { shippedProfile } from '../../src/model/virt/shipped.js';
import { resultFiles, simulate } from '../../src/run/simulate.js';
import { loadScenario } from '../../src/scenario/load.js';

type Row = Record<string, string | number>;
const table = (r: ReturnType<typeof simulate>, stem: string): Row[] => {
  const t = r.extra![stem];
  return t.rows.map((row) => Object.fromEntries(t.columns.map((c, i) => [c, row[i]])));
};
const find = (rows: Row[], layout: string, platform: string, vm: string): Row =>
  rows.find((x) => x.layout === layout && x.platform === platform && x.vm === vm)!;

const kvm = shippedProfile('kvm-ept-vhost')!;
const docker = shippedProfile('docker')!;

describe('scenarios/noisy-neighbour.yaml', () => {
  const r = simulate(loadScenario('scenarios/noisy-neighbour.yaml'));
  const rows = table(r, 'layouts');

  it('the backup slows the database through the shared disk, not the web VM', () => {
    for (const p of ['kvm-ept-vhost', 'docker']) {
      const quiet = find(rows, 'quiet', p, 'db');
      const noisy = find(rows, 'noisy-disk', p, 'db');
      const backup = find(rows, 'noisy-disk', p, 'backup');
      // the database's disk path alone: 500k reads x 80 us + 125k writes x 20 us + 2.56 GB at 4 Gbit/s
      expect(quiet.disk_s).toBeCloseTo(40 + 2.5 + 5.12, 9);
      // half the disk's time until the database's (smaller) share is done: twice as long; the backup then finishes alone
      expect(noisy.disk_s).toBeCloseTo(2 * (quiet.disk_s as number), 9);
      const backupAlone = 80e6 / 2048 * 80e-6 + (80e6 * 512 * 8) / 4e9;
      expect(backup.disk_s).toBeCloseTo((quiet.disk_s as number) + backupAlone, 9);
      expect(noisy.slowdown as number).toBeGreaterThan(1.5);
      expect(find(rows, 'noisy-disk', p, 'web').slowdown).toBeCloseTo(1, 12);
    }
  });

  it('pinned to its own 4 cores the web VM is unaffected by the batch VMs; floating among them it gets 8/3 cores', () => {
    for (const p of [kvm, docker]) {
      const name = p === kvm ? 'kvm-ept-vhost' : 'docker';
      expect(find(rows, 'web-pinned', name, 'web').time_s).toBeCloseTo((240 * cpuFactor(p, true)) / 4, 9);
      expect(find(rows, 'web-pinned', name, 'web').cores).toBe('0-3');
      expect(find(rows, 'web-pinned', name, 'batch1').cores).toBe('float:4-7');
      expect(find(rows, 'web-floating', name, 'web').time_s).toBeCloseTo((240 * cpuFactor(p, false)) / (8 / 3), 9);
      // twice the weight: web takes the 4 cores it can use, batch1 the 2 left by batch2's 200% cap
      expect(find(rows, 'capped-shares', name, 'web').time_s).toBeCloseTo((240 * cpuFactor(p, false)) / 4, 9);
      expect(find(rows, 'capped-shares', name, 'batch2').cpu_cores).toBeCloseTo(2, 9);
    }
    // KVM's floating vCPUs also cost 121% more CPU time: 200.9 s against 61.4 s pinned
    expect(find(rows, 'web-floating', 'kvm-ept-vhost', 'web').time_s as number).toBeGreaterThan(3 * (find(rows, 'web-pinned', 'kvm-ept-vhost', 'web').time_s as number));
  });

  it('four 8190 MiB VMs fit 32 GiB with Docker\'s 1 MiB footprint, not with KVM\'s', () => {
    expect(rows.filter((x) => x.layout === 'crowded' && x.platform === 'docker').every((x) => x.admitted === 1)).toBe(true);
    const big4 = find(rows, 'crowded', 'kvm-ept-vhost', 'big4');
    expect(big4.admitted).toBe(0);
    expect(big4.rejection).toMatch(/^RAM: needs 8200\.9 MiB with the platform's footprint, 8165\.3 MiB left/);
    expect(big4.time_s).toBe('');
  });

  it('the same scenario gives byte-identical CSVs', () => {
    expect(resultFiles(simulate(loadScenario('scenarios/noisy-neighbour.yaml')))).toEqual(resultFiles(r));
  });
});

describe('scenarios/ebs-vs-ephemeral.yaml', () => {
  const r = simulate(loadScenario('scenarios/ebs-vs-ephemeral.yaml'));
  const rows = table(r, 'layouts');
  const GB = 1e9;

  it('the volume\'s reads share the host NIC\'s 1 Gbit/s with every byte received on the host; the ephemeral disk shares nothing', () => {
    for (const p of ['kvm-ept-vhost', 'docker']) {
      // the host NIC is the slowest stage, and the volume's reads are the last bytes through it:
      // (1.024 GB read + 100 MB the database receives + what the replica receives) at 125 MB/s
      expect(find(rows, 'ebs', p, 'db').disk_s).toBeCloseTo(((1.024 + 0.1) * GB * 8) / 1e9, 9);
      expect(find(rows, 'ebs-noisy', p, 'db').disk_s).toBeCloseTo(((1.024 + 0.1 + 0.25) * GB * 8) / 1e9, 9);
      expect(find(rows, 'ebs-noisy-2x', p, 'db').disk_s).toBeCloseTo(((1.024 + 0.1 + 0.5) * GB * 8) / 1e9, 9);
      // the local NVMe disk: 250k reads x 20 us + 125k writes x 10 us + 1.536 GB at 8 Gbit/s, neighbour or not
      for (const l of ['ephemeral', 'ephemeral-noisy', 'ephemeral-noisy-2x']) expect(find(rows, l, p, 'db').disk_s).toBeCloseTo(5 + 1.25 + 1.536, 9);
      expect(find(rows, 'ebs-noisy-2x', p, 'db').time_s as number).toBeGreaterThan(find(rows, 'ebs-noisy', p, 'db').time_s as number);
      expect(find(rows, 'ephemeral-noisy-2x', p, 'db').time_s).toBe(find(rows, 'ephemeral', p, 'db').time_s);
      // each request also waits the 300 us round trip to the server, 16 at a time, on top of the client round trips
      const ebs = find(rows, 'ebs', p, 'db');
      const eph = find(rows, 'ephemeral', p, 'db');
      expect((ebs.latency_s as number) - (eph.latency_s as number)).toBeCloseTo((375000 * 300e-6) / 16, 9);
    }
  });

  it('boot from volume reads the 2 GiB image over the 1 Gbit/s NIC instead of the local disk', () => {
    const image = 2048 * 2 ** 20 * 8;
    expect(find(rows, 'ebs', 'kvm-ept-vhost', 'db').boot_s).toBeCloseTo(image / 1e9 + 100, 9);
    expect(find(rows, 'ephemeral', 'kvm-ept-vhost', 'db').boot_s).toBeCloseTo(image / 8e9 + 100, 9);
  });

  it('the volume outlives each layout\'s VM and keeps what it wrote: 512 MB more after each', () => {
    const vols = table(r, 'volumes').filter((x) => x.platform === 'kvm-ept-vhost');
    expect(vols.map((x) => x.layout)).toEqual(['ebs', 'ebs-noisy', 'ebs-noisy-2x']);
    const step = 512e6 / 2 ** 20;
    vols.forEach((x, i) => {
      expect(x.data_before_mib).toBeCloseTo(20480 + i * step, 9);
      expect(x.data_after_mib).toBeCloseTo(20480 + (i + 1) * step, 9);
      expect(x.attached_to).toBe('db');
    });
  });

  it('the same scenario gives byte-identical CSVs', () => {
    expect(resultFiles(simulate(loadScenario('scenarios/ebs-vs-ephemeral.yaml')))).toEqual(resultFiles(r));
  });
});
