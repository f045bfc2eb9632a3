/** `dcsim calibrate` and `dcsim run` on a virtualization scenario, through main(). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHIPPED } from '../../src/model/virt/shipped.js';
import { runCli, tmp } from '../cli/helpers.js';

const REFERENCE = '../shared/reference';
const present = existsSync(`${REFERENCE}/rusle2-hypervisors.csv`);
if (!present) console.warn(`skipping dcsim calibrate against the published values: ${REFERENCE} is absent`);

describe('dcsim calibrate', () => {
  it.skipIf(!present)('prints the fit per row and writes the shipped profile file', () => {
    const out = join(tmp(), 'profiles.json');
    const r = runCli(['calibrate', '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('rusle2 '))).toHaveLength(9);
    expect(lines.find((l) => l.startsWith('rusle2 xen-3.4.3 '))).toMatch(/published\s+23\.35\s+model\s+23\.3\d\s+error [+-]0\.\d\d%/);
    expect(lines.at(-2)).toMatch(/^rms error \d\.\d\d% over 43 measurements, worst \d\.\d\d%/);
    expect(lines.at(-1)).toBe(`profiles: ${out}`);
    const written = JSON.parse(readFileSync(out, 'utf8'));
    expect(written.generated_by).toBe('dcsim calibrate');
    expect(Object.keys(written.profiles)).toEqual(Object.keys(SHIPPED.profiles));
  });

  it('without the published measurements: exit code 2 and what is missing', () => {
    const r = runCli(['calibrate', '--reference', join(tmp(), 'nowhere'), '--out', join(tmp(), 'p.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nowhere\/rusle2-hypervisors\.csv not found \(the published measurements; give their folder with --reference\)/);
  });
});

describe('dcsim run on a virtualization scenario', () => {
  it('writes platforms.csv and benchmarks.csv (no ../shared needed)', () => {
    const out = tmp();
    const r = runCli(['run', 'scenarios/rusle2-hypervisors.yaml', '--out', out, '--force']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rusle2-100-runs on xen-3\.4\.3: 23\.3\d\d s \(149\.\d% of bare-metal\)/);
    const csv = readFileSync(join(out, 'platforms.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('job,platform,kind,instances,copies,time_s,percent_of_baseline,cpu_s,virt_io_s,disk_s,nic_s,latency_s');
    expect(csv).toHaveLength(10);
    expect(existsSync(join(out, 'benchmarks.csv'))).toBe(true);
  });

  it('with several jobs: one line of ratios a job, and the burst', () => {
    const r = runCli(['run', 'scenarios/containers-vs-vms.yaml', '--out', tmp(), '--force']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(1 + 18 + 2);
    expect(lines[1]).toMatch(/^ {2}linpack_2socket, ratio to bare-metal: bare-metal 1\.000, docker 0\.\d{3}, docker-nat 0\.\d{3}, kvm-ept-vhost 0\.\d{3}$/);
    expect(lines.at(-2)).toMatch(/^ {2}burst of 100, last ready: bare-metal 0\.00 s, docker 1\.46 s, docker-nat 1\.46 s, kvm-ept-vhost 102\.64 s$/);
  });
});
