/**
 * The calibration: the solver on problems with known minima; recovery of known
 * parameters from measurements the model generated itself; and the shipped profile
 * file as the output of `dcsim calibrate` on the published measurements.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calibrate, felterMeasurements, figure, rusle2Measurements, type Measurement } from '../../src/calibrate/calibrate.js';
import { levenbergMarquardt } from '../../src/calibrate/lsq.js';
import { buildProfiles, PARAMS } from '../../src/calibrate/platforms.js';
import type { VirtJob, VirtualizationSpec } from '../../src/model/virt/experiment.js';
import { SHIPPED } from '../../src/model/virt/shipped.js';
import { loadScenario } from '../../src/scenario/load.js';
import { host, job } from './helpers.js';

const REFERENCE = '../shared/reference';
const present = existsSync(`${REFERENCE}/rusle2-hypervisors.csv`) && existsSync(`${REFERENCE}/containers-vs-vms.csv`);
if (!present) console.warn(`skipping the shipped-profiles check: ${REFERENCE} is absent (../shared is not part of a clone)`);

describe('bounded Levenberg-Marquardt', () => {
  it('finds the Rosenbrock minimum (1, 1)', () => {
    const r = levenbergMarquardt({ lower: [-5, -5], upper: [5, 5], start: [-1.2, 1], residuals: ([x, y]) => [10 * (y - x * x), 1 - x] });
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
  });

  it('stops at a bound when the minimum lies beyond it', () => {
    // min (x - 3)^2 + (y - 1)^2 with x <= 2: x = 2, y = 1
    const r = levenbergMarquardt({ lower: [0, 0], upper: [2, 5], start: [0.5, 4], residuals: ([x, y]) => [x - 3, y - 1] });
    expect(r.x[0]).toBe(2);
    expect(r.x[1]).toBeCloseTo(1, 9);
  });
});

describe('calibration', () => {
  it('recovers known parameters from measurements it generated itself', () => {
    const vjob = (name: string, o: Partial<VirtJob>): VirtJob =>
      ({ ...job(o), name, instances: 1, copies: 1, report: 'time', work: 1, unit: 'jobs', ...o });
    const spec: VirtualizationSpec = {
      platforms: [], profiles: {}, baseline: 'bare-metal', hostOs: 'linux', guestOs: 'linux',
      host: { ...host(), type: 'h', ramMib: 8192 }, instance: { type: 'i', vcpus: 4, ramMib: 1024 },
      jobs: [
        vjob('cpu', { cpuS: 10 }),
        vjob('cpu-floating', { cpuS: 10, pinned: false }),
        vjob('page-tables', { cpuS: 1, ptUpdates: 1e6 }),
        vjob('tlb', { cpuS: 1, tlbMisses: 1e9 }),
        vjob('disk', { diskReadSectors: 8e5 }),
        vjob('stream', { netTxBytes: 1.448e8 }),
        vjob('ping-pong', { roundTrips: 1e4 }),
      ],
    };
    const free = PARAMS.filter((p) => [
      'kvm.cpu.overhead', 'kvm.cpu.floating', 'kvm.shadow.pt_update_us', 'kvm.nested.tlb_miss_ns', 'kvm.exit_us',
      'virtio.disk.op_us', 'virtio.net.op_us', 'qemu-virtio-net.coalesce_us', 'vhost.coalesce_us',
      'xen-3.1.cpu.overhead', 'xen-3.1.pv.validate_us', 'xen.split.disk.op_us', 'docker.nat_us', 'docker.unionfs.op_us',
    ].includes(p.name));
    expect(free).toHaveLength(14);
    const fixed = Object.fromEntries(PARAMS.map((p) => [p.name, p.prior]));
    // the truth: every free parameter away from its prior (where the fit starts), inside its bounds
    const truth = { ...fixed };
    free.forEach((p, i) => (truth[p.name] = p.lower + (p.upper - p.lower) * (0.13 + 0.05 * i)));
    const profiles = buildProfiles(truth);
    const measurements: Measurement[] = spec.jobs.flatMap((j) =>
      Object.keys(profiles).map((name) => ({
        row: `${j.name} ${name}`,
        published: figure(spec, j.name, profiles[name]),
        scale: 0.01,
        model: (p: typeof profiles) => figure(spec, j.name, p[name]),
      })),
    );
    const r = calibrate(measurements, { free, fixed, usePriors: false });
    for (const p of free) expect(Math.abs(r.parameters[p.name] / truth[p.name] - 1)).toBeLessThan(1e-6);
    for (const f of r.fit) expect(Math.abs(f.error_pct)).toBeLessThan(1e-6);
  });

  it.skipIf(!present)('the shipped profiles are what dcsim calibrate writes from the published measurements', () => {
    const rusle2 = loadScenario('scenarios/rusle2-hypervisors.yaml').virtualization!;
    const felter = loadScenario('scenarios/containers-vs-vms.yaml').virtualization!;
    const r = calibrate([...rusle2Measurements(REFERENCE, rusle2), ...felterMeasurements(REFERENCE, felter)]);
    expect(Object.keys(SHIPPED.parameters).sort()).toEqual(PARAMS.map((p) => p.name).sort());
    for (const p of PARAMS) expect(r.parameters[p.name]).toBeCloseTo(SHIPPED.parameters[p.name], 9);
    expect(SHIPPED.profiles).toEqual(JSON.parse(JSON.stringify(buildProfiles(SHIPPED.parameters))));
    // every parameter inside its bounds
    for (const p of PARAMS) {
      expect(SHIPPED.parameters[p.name]).toBeGreaterThanOrEqual(p.lower);
      expect(SHIPPED.parameters[p.name]).toBeLessThanOrEqual(p.upper);
    }
    // 9 RUSLE2 rows, and Felter's: 17 benchmarks' KVM, Docker where recorded, untuned Linpack and OLTP's notes
    expect(r.fit.filter((f) => f.row.startsWith('rusle2 '))).toHaveLength(9);
    expect(r.fit).toHaveLength(43);
  });
});
