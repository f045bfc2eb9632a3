/** The provisioning pipeline against hand-computed times. */
import { describe, expect, it } from 'vitest';
import { formatAddress } from '../../src/model/provision/addresses.js';
import { hostSpec, MBIT_PER_MIB, range, run, spec } from './helpers.js';

/** 1 GiB at 1000 Mbit/s. */
const T = (1024 * MBIT_PER_MIB) / 1000;

describe('provisioning pipeline', () => {
  it('one request: ready = placement + image / bandwidth + toolstack + start + contextualization', () => {
    const { records } = run(spec({ schedulerS: 0.5 }));
    const r = records[0];
    expect(T).toBeCloseTo(8.589934592, 12);
    expect(r).toMatchObject({ placed: 0.5, host: 0, replica: 0, transferMib: 1024, rejected: '', cacheHit: false });
    expect(r.transferStart).toBe(0.5);
    expect(r.transferEnd).toBeCloseTo(0.5 + T, 12);
    expect(r.diskReady).toBeCloseTo(0.5 + T, 12);
    expect(r.bootEnd).toBeCloseTo(0.5 + T + 2 + 30, 12);
    expect(r.ready).toBeCloseTo(0.5 + T + 2 + 30 + 1 + 2, 12);
    expect(r.destroyed).toBeNaN();
  });

  it('n simultaneous equal transfers from one repository all end at n x image / bandwidth', () => {
    for (const n of [1, 2, 5, 8]) {
      const { records } = run(spec({ groups: [{ name: 'b', at: 0, count: n, every: 0, image: 'base', lifetime: Infinity }] }), [hostSpec(), hostSpec()]);
      for (const r of records) expect(r.transferEnd).toBeCloseTo(n * T, 9);
    }
  });

  it('the scheduler decides one request at a time', () => {
    const { records } = run(spec({ schedulerS: 0.25, groups: [{ name: 'b', at: 0, count: 4, every: 0, image: 'base', lifetime: Infinity }] }));
    expect(records.map((r) => r.placed)).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('k replicas: the least-loaded serves each transfer, so the burst ends after ceil(n / k) x image / bandwidth', () => {
    const burst = { groups: [{ name: 'b', at: 0, count: 8, every: 0, image: 'base', lifetime: Infinity }] };
    const four = run(spec(burst), [hostSpec()], { replicas: 4 }).records;
    expect(four.map((r) => r.replica)).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    for (const r of four) expect(r.transferEnd).toBeCloseTo(2 * T, 9);
    const three = run(spec(burst), [hostSpec()], { replicas: 3 }).records;
    expect(three.map((r) => r.replica)).toEqual([0, 1, 2, 0, 1, 2, 0, 1]);
    for (const r of three) expect(r.transferEnd).toBeCloseTo(r.replica === 2 ? 2 * T : 3 * T, 9);
  });

  it('transfers share fairly and are re-timed when one starts or ends', () => {
    // 1 GiB at 0 and at T/2: alone for T/2 (half done), then each at half rate: the first
    // ends at T/2 + T = 1.5T; the second has done T/2 worth, the rest alone: 2T.
    const { records } = run(spec({ groups: [{ name: 'b', at: 0, count: 2, every: T / 2, image: 'base', lifetime: Infinity }] }));
    expect(records[0].transferEnd).toBeCloseTo(1.5 * T, 9);
    expect(records[1].transferEnd).toBeCloseTo(2 * T, 9);
  });

  it('a host NIC slower than the repository limits its own transfers only', () => {
    // Host 0 at 100 Mbit/s takes 2 instances, host 1 (fast) the third: max-min fair
    // rates are 50, 50 and 900 Mbit/s of the repository's 1000.
    const hosts = [hostSpec({ bw: 100, ram: 2 * 1040 }), hostSpec()];
    const { records } = run(spec({ groups: [{ name: 'b', at: 0, count: 3, every: 0, image: 'base', lifetime: Infinity }] }), hosts);
    expect(records.map((r) => r.host)).toEqual([0, 0, 1]);
    const mib = 1024 * MBIT_PER_MIB;
    // Third: 900 Mbit/s; the two slow ones go on at 50 each (the fast one's end frees nothing they can use).
    expect(records[2].transferEnd).toBeCloseTo(mib / 900, 9);
    expect(records[0].transferEnd).toBeCloseTo(mib / 50, 9);
  });

  it('a cached image skips the transfer; requests on a host already fetching it wait for that one transfer', () => {
    // Room for 5 instances a host (5 x (1024 + 16) MiB): first-fit puts 5 on host 0 and 3 on host 1.
    const hosts = [hostSpec({ ram: 5 * 1040 }), hostSpec({ ram: 5 * 1040 })];
    const groups = [
      { name: 'b', at: 0, count: 8, every: 0, image: 'base', lifetime: Infinity },
      { name: 'late', at: 1000, count: 1, every: 0, image: 'base', lifetime: Infinity },
    ];
    const { records } = run(spec({ groups }), hosts, { cache: true });
    const burst = records.slice(0, 8);
    expect(burst.map((r) => r.host)).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
    expect(burst.map((r) => r.transferMib)).toEqual([1024, 0, 0, 0, 0, 1024, 0, 0]);
    expect(burst.map((r) => r.cacheHit)).toEqual([false, true, true, true, true, false, true, true]);
    for (const r of burst) expect(r.transferEnd).toBeCloseTo(2 * T, 9); // two transfers share the repository
    const late = records[8];
    expect(late).toMatchObject({ host: 1, cacheHit: true, transferMib: 0, replica: -1, transferStart: 1000, transferEnd: 1000 });
    expect(late.ready).toBe(1000 + 2 + 30 + 3);
    // Without the cache every instance fetches its own copy: 8 share the repository.
    const uncached = run(spec({ groups }), hosts).records;
    for (const r of uncached.slice(0, 8)) expect(r.transferEnd).toBeCloseTo(8 * T, 9);
  });

  it('the host toolstack starts one instance at a time', () => {
    const { records } = run(spec({ images: { base: 0 }, groups: [{ name: 'b', at: 0, count: 3, every: 0, image: 'base', lifetime: Infinity }] }));
    expect(records.map((r) => r.bootEnd)).toEqual([32, 34, 36]);
  });

  it('ephemeral disk: /dev/sda2 sparse costs nothing, zero-filled costs its size at the host disk bandwidth', () => {
    const disk = { rootMib: 10240, ephemeralMib: 4096, ephemeralFill: 'zero' as const };
    const host = hostSpec({ diskBw: 800 });
    // The image is written to the host disk too: 1000 Mbit/s repository, 800 Mbit/s disk.
    const zero = run(spec({ disk }), [host]).records[0];
    expect(zero.transferEnd).toBeCloseTo((1024 * MBIT_PER_MIB) / 800, 9);
    expect(zero.zeroFilledMib).toBe(4096);
    expect(zero.diskReady - zero.transferEnd).toBeCloseTo((4096 * MBIT_PER_MIB) / 800, 9);
    const sparse = run(spec({ disk: { ...disk, ephemeralFill: 'sparse' } }), [host]).records[0];
    expect(sparse.zeroFilledMib).toBe(0);
    expect(sparse.diskReady).toBe(sparse.transferEnd);
  });

  it('the host reserves RAM with the footprint and storage for both disks', () => {
    const disk = { rootMib: 10240, ephemeralMib: 4096, ephemeralFill: 'sparse' as const };
    const { hosts } = run(spec({ disk, groups: [{ name: 'b', at: 0, count: 3, every: 0, image: 'base', lifetime: Infinity }] }));
    expect(hosts[0].ramUsed).toBe(3 * (1024 + 16));
    expect(hosts[0].storageUsed).toBe(3 * (10240 + 4096));
  });

  it('an address pool of m gives exactly n - m rejections for n simultaneous requests', () => {
    const pub = range('198.51.100.10-198.51.100.14'); // 5 addresses
    const { records } = run(spec({
      addresses: { private: range('10.0.0.0/24'), public: pub },
      groups: [{ name: 'b', at: 0, count: 8, every: 0, image: 'base', lifetime: Infinity }],
    }));
    expect(records.map((r) => r.rejected)).toEqual(['', '', '', '', '', 'no-public-address', 'no-public-address', 'no-public-address']);
    expect(records.slice(0, 5).map((r) => formatAddress(r.publicIp))).toEqual(['198.51.100.10', '198.51.100.11', '198.51.100.12', '198.51.100.13', '198.51.100.14']);
    expect(records.slice(0, 5).map((r) => formatAddress(r.privateIp))).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5']);
    // Rejected requests hold nothing: the 5 admitted share the repository.
    for (const r of records.slice(0, 5)) expect(r.transferEnd).toBeCloseTo(5 * T, 9);
    for (const r of records.slice(5)) expect(r).toMatchObject({ host: -1, transferMib: 0, placed: 0 });
  });

  it('destroy returns the address and the host capacity, so a later request succeeds', () => {
    const groups = [
      { name: 'a', at: 0, count: 1, every: 0, image: 'base', lifetime: 10 },
      { name: 'b', at: 1, count: 1, every: 0, image: 'base', lifetime: Infinity },
      { name: 'c', at: 100, count: 1, every: 0, image: 'base', lifetime: Infinity },
    ];
    const { records, hosts } = run(spec({ addresses: { private: range('10.0.0.7') }, groups }));
    const [a, b, c] = records;
    expect(a.destroyed).toBeCloseTo(T + 35 + 10, 9);
    expect(b.rejected).toBe('no-private-address');
    expect(c.rejected).toBe('');
    expect(formatAddress(c.privateIp)).toBe('10.0.0.7');
    expect(formatAddress(a.privateIp)).toBe('10.0.0.7');
    expect(hosts[0].vmCount).toBe(1);
    // No host: one host that fits one instance, never destroyed.
    const full = run(spec({ groups: [{ name: 'b', at: 0, count: 2, every: 0, image: 'base', lifetime: Infinity }] }), [hostSpec({ ram: 1040 })]).records;
    expect(full.map((r) => r.rejected)).toEqual(['', 'no-host']);
  });
});
