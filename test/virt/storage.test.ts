/** Elastic block storage: the volume's pipeline over the network, sharing the host NIC, attachment and data. */
import { describe, expect, it } from 'vitest';
import { runLayout, runLayouts, type Layout, type LayoutVm } from '../../src/model/virt/partition.js';
import { BARE_METAL, cloneProfile } from '../../src/model/virt/profile.js';
import { Volumes, type StorageServer, type VolumeSpec } from '../../src/model/virt/storage.js';
import { job, phost, vm } from './helpers.js';

const server = (o: Partial<StorageServer> = {}): StorageServer => ({
  name: 'san', diskMbps: 4000, diskReadOpUs: 0, diskWriteOpUs: 0, nicMbps: 10000, rttUs: 0, ...o,
});
const volume = (o: Partial<VolumeSpec> = {}): VolumeSpec => ({ name: 'data', server: 'san', sizeMib: 10240, dataMib: 0, ...o });
const layout = (vms: LayoutVm[]): Layout => ({ name: 'l', vms, vcpusPerCore: 8 });
const once = (vms: LayoutVm[], s = server(), h = phost()) => runLayout(layout(vms), BARE_METAL, h, [s], new Volumes([volume()]));

const READ = 100e6; // bytes
const reader = job({ diskReadSectors: READ / 512 });

describe('elastic block storage', () => {
  it('an uncontended EBS read takes bytes / min(host NIC, server NIC, server disk)', () => {
    const cases: [Partial<StorageServer>, number, number][] = [
      [{}, 1000, 1000], // host NIC 1 Gbit/s is the slowest
      [{ nicMbps: 400 }, 1000, 400], // the server's NIC
      [{ diskMbps: 250 }, 1000, 250], // the server's disks
      [{}, 10000, 4000], // a 10 Gbit/s host: the server's disks again
    ];
    for (const [s, hostNic, slowest] of cases) {
      const [r] = once([vm({ job: reader, volume: 'data' })], server(s), phost({ nicMbps: hostNic }));
      expect(r.paths.disk).toBeCloseTo((READ * 8) / (slowest * 1e6), 12);
      expect(r.paths.nic).toBe(0);
    }
    // the host's own disk is not used: the same job on the ephemeral disk takes its per-request and transfer time
    const [e] = once([vm({ job: reader })]);
    expect(e.paths.disk).toBeCloseTo((READ / 4096) * 50e-6 + (READ * 8) / 800e6, 12);
  });

  it('per-request server time and the round trip: requests x op on the disks, requests x rtt / concurrency as latency', () => {
    const [r] = once([vm({ job: reader, volume: 'data' })], server({ diskReadOpUs: 100, rttUs: 200 }), phost({ nicMbps: 10000 }));
    const ops = READ / 4096;
    expect(r.paths.disk).toBeCloseTo(ops * 100e-6 + (READ * 8) / 4000e6, 12);
    expect(r.paths.latency).toBeCloseTo(ops * 200e-6, 12);
  });

  it('doubling a network-heavy neighbour\'s traffic slows the EBS job, not the ephemeral one', () => {
    const withNeighbour = (bytes: number, onVolume: boolean) =>
      once([vm({ name: 'db', job: reader, volume: onVolume ? 'data' : undefined }), vm({ name: 'nb', job: job({ netRxBytes: bytes }) })])[0];
    // host NIC 1 Gbit/s = 125 MB/s, halved while both receive. 25 MB: the neighbour ends at 0.4 s, the
    // volume has 75 MB left at 125 MB/s: 1.0 s. 50 MB: ends at 0.8 s, 50 MB left: 1.2 s.
    expect(withNeighbour(25e6, true).paths.disk).toBeCloseTo(1.0, 12);
    expect(withNeighbour(50e6, true).paths.disk).toBeCloseTo(1.2, 12);
    expect(withNeighbour(50e6, false).paths.disk).toBeCloseTo(withNeighbour(25e6, false).paths.disk, 12);
    // a volume limited by the server's disks (250 Mbit/s = 31.25 MB/s) takes no more of the host NIC:
    // the neighbour gets the other 93.75 MB/s, and the volume is not slowed
    const slowDisks = once([vm({ name: 'db', job: reader, volume: 'data' }), vm({ name: 'nb', job: job({ netRxBytes: 100e6 }) })], server({ diskMbps: 250 }));
    expect(slowDisks[0].paths.disk).toBeCloseTo(3.2, 12);
    expect(slowDisks[1].paths.nic).toBeCloseTo(100 / 93.75, 12);
    // writes go out (tx): a receiving neighbour does not slow them
    const writer = job({ diskWriteSectors: READ / 512 });
    const w = once([vm({ name: 'db', job: writer, volume: 'data' }), vm({ name: 'nb', job: job({ netRxBytes: 50e6 }) })])[0];
    expect(w.paths.disk).toBeCloseTo(0.8, 12);
  });

  it('a volume is attached to one VM at a time: a second attach is a recorded failure', () => {
    const v = new Volumes([volume()]);
    expect(v.attach('data', 'a')).toEqual({ ok: true });
    expect(v.attach('data', 'b')).toEqual({ ok: false, reason: 'volume data is attached to a' });
    const r = runLayout(layout([vm({ name: 'b', volume: 'data' })]), BARE_METAL, phost(), [server()], v);
    expect(r[0].admitted).toBe(false);
    expect(r[0].rejection).toBe('volume data is attached to a');
    v.detach('data');
    expect(v.attach('data', 'b')).toEqual({ ok: true });
  });

  it('detaching and re-attaching keeps the data; the volume outlives its VM, with what it wrote', () => {
    const v = new Volumes([volume({ dataMib: 100 })]);
    v.attach('data', 'a');
    v.write('data', 50 * 1024 * 1024);
    v.destroyVm('a');
    expect(v.get('data')).toMatchObject({ attachedTo: null, dataMib: 150 });
    expect(v.attach('data', 'b')).toEqual({ ok: true });
    expect(v.get('data').dataMib).toBe(150);
    v.write('data', 20000 * 1024 * 1024); // no more than the size
    expect(v.get('data').dataMib).toBe(10240);
    // across layouts: the first VM writes 100 MB and is destroyed; the second finds them
    const writer = job({ diskWriteSectors: 1e8 / 512 });
    const { volumes } = runLayouts(
      [layout([vm({ name: 'a', job: writer, volume: 'data' })]), layout([vm({ name: 'b', job: reader, volume: 'data' })])],
      BARE_METAL, phost(), [server()], [volume({ dataMib: 10 })],
    );
    expect(volumes[0]).toEqual({ before: [10], after: [10 + 1e8 / 2 ** 20] });
    expect(volumes[1]).toEqual({ before: [10 + 1e8 / 2 ** 20], after: [10 + 1e8 / 2 ** 20] });
  });

  it('boot from volume: the image is read over the network; from the host disk otherwise', () => {
    const p = cloneProfile(BARE_METAL);
    p.instance = { memoryMib: 0, startS: 2, serialStartS: 0.5, imageMib: 1000, imageShared: false };
    const image = 1000 * 2 ** 20;
    const s = server({ nicMbps: 500 });
    const boot = (o: Partial<LayoutVm>, dataMib: number) =>
      runLayout(layout([vm(o)]), p, phost(), [s], new Volumes([volume({ dataMib })]))[0];
    expect(boot({ volume: 'data', bootFromVolume: true }, 2000).bootS).toBeCloseTo(0.5 + (image * 8) / 500e6 + 2, 12);
    expect(boot({}, 0).bootS).toBeCloseTo(0.5 + (image * 8) / 800e6 + 2, 12);
    const empty = boot({ volume: 'data', bootFromVolume: true }, 10);
    expect(empty.admitted).toBe(false);
    expect(empty.rejection).toBe('volume data holds 10.0 MiB, less than the 1000.0 MiB image');
  });
});
