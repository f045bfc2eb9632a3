/**
 * `dcsim calibrate`: fits the shipped platforms' mechanism costs (platforms.ts) to
 * published measurements by bounded least squares, so that the scenarios' jobs on
 * the shipped profiles reproduce them. Each measurement's residual is its relative
 * error over a scale (1% for the RUSLE2 times, 3% for the container/VM ratios: a
 * third of each target's tolerance); each prior adds (x - prior) / spread.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runJob, type VirtualizationSpec } from '../model/virt/experiment.js';
import type { PlatformProfile } from '../model/virt/profile.js';
import { levenbergMarquardt } from './lsq.js';
import { buildProfiles, PARAMS, type ParamDef, type Values } from './platforms.js';

/** One published figure the model must reproduce. */
export interface Measurement {
  /** Label for the fit table, e.g. "rusle2 xen-3.1" or "mysql_oltp_peak kvm-ept-vhost / bare-metal". */
  row: string;
  published: number;
  /** Relative-error scale of its residual. */
  scale: number;
  /** The model's figure given all platforms. */
  model: (profiles: Record<string, PlatformProfile>) => number;
}

/** A job's figure on a platform (time, rate or latency, as the job reports). */
export function figure(v: VirtualizationSpec, jobName: string, profile: PlatformProfile): number {
  const job = v.jobs.find((j) => j.name === jobName);
  if (!job) throw new Error(`internal: no job ${jobName}`);
  return runJob(job, profile, v.host, v.instance.vcpus).value;
}

export interface FitRow {
  row: string;
  published: number;
  model: number;
  error_pct: number;
}

export interface CalibrationResult {
  parameters: Record<string, number>;
  fit: FitRow[];
  /** Root mean square of the measurements' relative errors, %. */
  residual: number;
  iterations: number;
}

/**
 * Fits `free` parameters (the others fixed at `fixed`) to the measurements. Starts
 * from the priors; `usePriors: false` fits the measurements alone.
 */
export function calibrate(
  measurements: readonly Measurement[],
  opts: { free?: readonly ParamDef[]; fixed?: Values; usePriors?: boolean } = {},
): CalibrationResult {
  const free = opts.free ?? PARAMS;
  const fixed = opts.fixed ?? Object.fromEntries(PARAMS.map((p) => [p.name, p.prior]));
  const usePriors = opts.usePriors ?? true;
  const values = (x: readonly number[]): Values => {
    const v: Record<string, number> = { ...fixed };
    free.forEach((p, i) => (v[p.name] = x[i]));
    return v;
  };
  const relErrors = (profiles: Record<string, PlatformProfile>) => measurements.map((m) => m.model(profiles) / m.published - 1);
  const result = levenbergMarquardt({
    lower: free.map((p) => p.lower),
    upper: free.map((p) => p.upper),
    start: free.map((p) => p.prior),
    residuals: (x) => {
      const profiles = buildProfiles(values(x));
      const r = relErrors(profiles).map((e, i) => e / measurements[i].scale);
      if (usePriors) free.forEach((p, i) => Number.isFinite(p.spread) && r.push((x[i] - p.prior) / p.spread));
      return r;
    },
  });
  const v = values(result.x);
  const profiles = buildProfiles(v);
  const fit = measurements.map((m) => {
    const model = m.model(profiles);
    return { row: m.row, published: m.published, model, error_pct: 100 * (model / m.published - 1) };
  });
  const residual = Math.sqrt(fit.reduce((s, f) => s + f.error_pct ** 2, 0) / fit.length);
  return { parameters: { ...v }, fit, residual, iterations: result.iterations };
}

/** RUSLE2's table: platform names there -> shipped profile names. */
const RUSLE2_NAMES: Readonly<Record<string, string>> = { physical: 'bare-metal', 'kvm-no-virtio': 'kvm' };

const csv = (file: string): Record<string, string>[] => {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = head.split(',');
  return lines.map((l) => {
    // the notes column may hold commas: it is the last, so it takes the rest
    const cells = l.split(',');
    const row: Record<string, string> = {};
    cols.forEach((c, i) => (row[c] = i === cols.length - 1 ? cells.slice(i).join(',') : cells[i]));
    return row;
  });
};

/** The RUSLE2 times: the scenario's one job on each platform of the reference table. */
export function rusle2Measurements(referenceDir: string, v: VirtualizationSpec): Measurement[] {
  const job = v.jobs[0].name;
  return csv(join(referenceDir, 'rusle2-hypervisors.csv')).map((r) => {
    const name = RUSLE2_NAMES[r.platform] ?? r.platform;
    return { row: `rusle2 ${name}`, published: Number(r.avg_time_s), scale: 0.01, model: (p) => figure(v, job, p[name]) };
  });
}

export const FELTER_KVM = 'kvm-ept-vhost';

/**
 * Felter et al.'s ratios to native, for every benchmark the scenario has a job for.
 * Docker's column is `docker` except where its note says NAT (`docker-nat`); KVM's is
 * kvm-ept-vhost. Figures given only in the notes: untuned (floating) KVM Linpack,
 * OLTP with Docker's NAT and union file system, and OLTP on KVM ("about 5640").
 */
export function felterMeasurements(referenceDir: string, v: VirtualizationSpec): Measurement[] {
  const out: Measurement[] = [];
  const has = (job: string) => v.jobs.some((j) => j.name === job);
  const add = (job: string, platform: string, value: number, native: number, label = job) => {
    if (!has(job) || !Number.isFinite(value) || value <= 0) return;
    out.push({
      row: `${label} ${platform}/bare-metal`,
      published: value / native,
      scale: 0.03,
      model: (p) => figure(v, job, p[platform]) / figure(v, job, p['bare-metal']),
    });
  };
  for (const r of csv(join(referenceDir, 'containers-vs-vms.csv'))) {
    const native = Number(r.native);
    const notes = r.notes ?? '';
    const num = (s: string | undefined) => (s === undefined || s === '' ? NaN : Number(s));
    add(r.benchmark, /NAT/.test(notes) && r.benchmark !== 'mysql_oltp_peak' ? 'docker-nat' : 'docker', num(r.docker), native);
    add(r.benchmark, FELTER_KVM, num(r.kvm), native);
    const untuned = /untuned KVM ([\d.]+)/.exec(notes);
    if (untuned) add(`${r.benchmark}_floating`, FELTER_KVM, Number(untuned[1]), native);
    if (r.benchmark === 'mysql_oltp_peak') {
      const nat = /union filesystem and NAT ([\d.]+)/.exec(notes);
      if (nat) add(r.benchmark, 'docker-nat', Number(nat[1]), native);
      const kvm = /about ([\d.]+)/.exec(notes);
      if (kvm && r.kvm === '') add(r.benchmark, FELTER_KVM, Number(kvm[1]), native);
    }
  }
  return out;
}

/** The profile file `dcsim calibrate` writes (the shipped profiles.json). */
export function profileFile(r: CalibrationResult): string {
  const data = {
    generated_by: 'dcsim calibrate',
    parameters: r.parameters,
    fit: r.fit,
    residual: r.residual,
    profiles: buildProfiles(r.parameters),
  };
  return JSON.stringify(data, null, 2) + '\n';
}

/** The fit table as text: one line per measurement, then the RMS error. */
export function fitReport(r: CalibrationResult): string {
  const w = Math.max(...r.fit.map((f) => f.row.length));
  const lines = r.fit.map((f) =>
    `${f.row.padEnd(w)}  published ${fmt(f.published).padStart(9)}  model ${fmt(f.model).padStart(9)}  error ${(f.error_pct >= 0 ? '+' : '') + f.error_pct.toFixed(2)}%`);
  lines.push(`rms error ${r.residual.toFixed(2)}% over ${r.fit.length} measurements, worst ${Math.max(...r.fit.map((f) => Math.abs(f.error_pct))).toFixed(2)}%, ${r.iterations} iterations`);
  return lines.join('\n') + '\n';
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(2) : x.toPrecision(4));
