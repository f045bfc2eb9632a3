/** scenarios/provisioning-burst.yaml: the repository as the bottleneck, and its cures, against hand-computed times. */
import { describe, expect, it } from 'vitest';
import { resultFiles, simulate } from '../../src/run/simulate.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Table } from '../../src/metrics/table.js';

const FILE = 'scenarios/provisioning-burst.yaml';
/** One 2 GiB image at 1 Gbit/s. */
const T = (2048 * 8.388608) / 1000;
/** Boot (the kvm profile's 100 s start) and contextualization (1 s + 1 s). */
const AFTER = 100 + 2;

const column = (t: Table, name: string) => t.rows.map((r) => r[t.columns.indexOf(name)]);
function byVariant(t: Table): Record<string, Record<string, number | string>> {
  return Object.fromEntries(t.rows.map((r) => [r[0], Object.fromEntries(t.columns.map((c, i) => [c, r[i]]))]));
}

describe('provisioning-burst scenario', () => {
  const r = simulate(loadScenario(FILE));
  const s = byVariant(r.extra!.provisioning);

  it('one repository: the burst is ready after the repository has sent every image (processor sharing is work-conserving)', () => {
    // The repository sends from the first decision (0.1 s) without a pause until 100 images are out.
    expect(s.walrus.time_to_ready_max_s).toBeCloseTo(0.1 + 100 * T + AFTER, 6);
    expect(s.walrus.transfers).toBe(100);
    expect(s.walrus.transferred_mib).toBe(100 * 2048);
    expect(s.walrus.rejected).toBe(0);
  });

  it('time to ready grows linearly with N: N more requests add N x image / bandwidth', () => {
    const max = (n: number) => byVariant(simulate(loadScenario(FILE, { set: [`provisioning.requests.0.count=${n}`] })).extra!.provisioning).walrus.time_to_ready_max_s as number;
    expect(max(25)).toBeCloseTo(0.1 + 25 * T + AFTER, 6);
    expect(max(50) - max(25)).toBeCloseTo(25 * T, 6);
  });

  it('four replicas: 25 transfers each, so about a quarter of the time', () => {
    const req = r.extra!.requests;
    const rows = req.rows.filter((row) => row[0] === 'replicated-4');
    const replicas = rows.map((row) => row[req.columns.indexOf('replica')]);
    for (const k of [0, 1, 2, 3]) expect(replicas.filter((x) => x === k).length).toBe(25);
    // At least 25 images a replica; at most the admissions' 10 s later (the last decision is at 10 s).
    expect(s['replicated-4'].time_to_ready_max_s).toBeGreaterThanOrEqual(25 * T + AFTER);
    expect(s['replicated-4'].time_to_ready_max_s).toBeLessThanOrEqual(25 * T + AFTER + 10);
  });

  it('host caches: one transfer per host used (first-fit fills 7 hosts of 15), the others wait for it', () => {
    expect(s.cached).toMatchObject({ transfers: 7, cache_hits: 93, transferred_mib: 7 * 2048 });
    expect(s.cached.time_to_ready_max_s).toBeCloseTo(0.1 + 7 * T + AFTER, 6);
    const hosts = column(r.extra!.requests, 'host').slice(0, 100);
    expect(new Set(hosts).size).toBe(7);
  });

  it('the ephemeral disk: /dev/sda1 past the image and the sparse /dev/sda2 are reserved, neither sent nor written', () => {
    const req = r.extra!.requests;
    const row = req.rows[0];
    const at = (c: string) => row[req.columns.indexOf(c)];
    expect([at('transfer_mib'), at('zero_filled_mib'), at('sparse_mib')]).toEqual([2048, 0, 10240 - 2048 + 150 * 1024]);
    expect([at('private_ip'), at('public_ip')]).toEqual(['10.1.0.1', '198.51.100.1']);
  });

  it('200 requests with 126 public addresses: 74 recorded rejections', () => {
    const big = simulate(loadScenario(FILE, { set: ['provisioning.requests.0.count=200'] }));
    const w = byVariant(big.extra!.provisioning).walrus;
    expect(w).toMatchObject({ requests: 200, ready: 126, rejected: 74, rejected_no_public_address: 74, rejected_no_host: 0 });
    const reasons = column(big.extra!.requests, 'rejected_reason').slice(0, 200);
    expect(reasons.slice(126).every((x) => x === 'no-public-address')).toBe(true);
  });

  it('is deterministic: byte-identical CSVs', () => {
    const again = simulate(loadScenario(FILE));
    expect(resultFiles(again)).toEqual(resultFiles(r));
    expect(resultFiles(r)['requests.csv'].split('\n')[0]).toBe(
      'variant,request,group,image,requested_s,placed_s,host,private_ip,public_ip,replica,cache_hit,transfer_mib,zero_filled_mib,sparse_mib,transfer_start_s,transfer_end_s,disk_ready_s,boot_end_s,ready_s,time_to_ready_s,destroyed_s,rejected_s,rejected_reason',
    );
  });
});

describe('dcsim run and validate on a provisioning scenario', () => {
  it('prints one line per variant and writes requests.csv and provisioning.csv; bad input exits 2', async () => {
    const { runCli, tmp } = await import('../cli/helpers.js');
    const { existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const out = join(tmp(), 'pb');
    const r = runCli(['run', FILE, '--out', out, '--set', 'provisioning.requests.0.count=10']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^provisioning-burst: 10 requests for kvm on 20 hosts, 4 variant\(s\), in \d+\.\d\d s wall$/);
    // 0.1 s + 10 x 17.18 s + 102 s = 273.9 s
    expect(lines[1]).toMatch(/^ {2}walrus: ready 10, rejected 0; time to ready mean \d+\.\d s, p95 \d+\.\d s, max 273\.9 s$/);
    for (const f of ['requests.csv', 'provisioning.csv', 'summary.csv']) expect(existsSync(join(out, f))).toBe(true);
    expect(runCli(['validate', FILE]).out).toBe(`${FILE}: ok (provisioning-burst: 20 hosts, provisioning: 100 requests for kvm, 4 variant(s))\n`);
    const bad = runCli(['validate', FILE, '--set', 'provisioning.platform=kvm-virtoi']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('did you mean "kvm-virtio"?');
  });
});

describe('a provisioning run with a duration', () => {
  it('stops there: requests not ready by then have no ready time and are not in the time-to-ready figures', () => {
    // 10 requests: the last image is out at 0.1 + 10 T = 171.9 s, ready at 273.9 s; stop at 200 s.
    const r = simulate(loadScenario(FILE, { set: ['provisioning.requests.0.count=10', 'duration=200s', 'provisioning.variants=[{name: walrus}]'] }));
    const w = byVariant(r.extra!.provisioning).walrus;
    expect(w).toMatchObject({ requests: 10, ready: 0, time_to_ready_mean_s: '', last_ready_s: '' });
    expect(r.simTime).toBe(200);
    const req = r.extra!.requests;
    expect(Math.max(...(column(req, 'transfer_end_s') as number[]))).toBeCloseTo(0.1 + 10 * T, 6);
    expect(column(req, 'ready_s').every((x) => x === '')).toBe(true);
  });
});
