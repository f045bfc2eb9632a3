import type { DistSpec } from '../../src/engine/distribution.js';
import type { AppModelSpec, HopSpec, TierSpec } from '../../src/model/apps/spec.js';
import type { VmSpec } from '../../src/model/specs.js';
import type { AutoscaleRule } from '../../src/policies/autoscale.js';
import { simulate, type RunResult } from '../../src/run/simulate.js';
import type { ApplicationSpec, ScenarioConfig } from '../../src/scenario/types.js';
import type { AppWorkloadSpec } from '../../src/workload/app-arrivals.js';

export const vm = (vcpus: number, mips = 1000, extra: Partial<VmSpec> = {}): VmSpec => ({
  type: `v${vcpus}`, vcpus, mips, ram: 1024, bw: 1000, diskBw: 0, image: 0, bootTime: 0, taskScheduler: 'time-shared', ...extra,
});

export function tier(name: string, v: VmSpec, o: Partial<TierSpec> = {}): TierSpec {
  return { name, vmType: v.type, vm: v, replicas: 1, threads: Infinity, queueLimit: Infinity, connections: Infinity, balancer: 'round-robin', ...o };
}

export const exp = (mean: number): DistSpec => ({ dist: 'exponential', mean });
export const hop = (t: number, cpu: DistSpec, o: Partial<HopSpec> = {}): HopSpec => ({ tier: t, cpu, visits: 1, ...o });

/** A scenario with one application on `hosts` big hosts (no contention unless asked). */
export function appConfig(
  o: {
    tiers: TierSpec[];
    route?: HopSpec[];
    classes?: AppModelSpec['classes'];
    workload: AppWorkloadSpec;
    duration: number;
    warmup?: number;
    seed?: number;
    autoscale?: (AutoscaleRule | undefined)[];
    hosts?: number;
    cores?: number;
    interval?: number;
  },
): ScenarioConfig {
  const app: ApplicationSpec = {
    model: {
      name: 'app', tiers: o.tiers, classes: o.classes ?? [{ name: 'c', weight: 1, route: o.route! }], warmup: o.warmup ?? 0,
    },
    workload: o.workload,
    autoscale: o.autoscale ?? o.tiers.map(() => undefined),
  };
  return {
    name: 'apptest', description: '', seed: o.seed ?? 1, duration: o.duration,
    metrics: { interval: o.interval ?? o.duration, hosts: false, vms: false, tasks: false },
    hostTypes: {}, vmTypes: {}, compat: 'dcsim',
    datacenter: {
      placement: 'first-fit', layout: 'grouped', cpuOvercommit: 1,
      hosts: [{ type: 'h', count: o.hosts ?? 16, spec: { type: 'h', cores: o.cores ?? 64, mips: 1000, ram: 1 << 20, bw: 1e6, diskBw: Infinity, storage: 1 << 30, power: { model: 'linear', idle: 100, max: 200 }, vmScheduler: 'time-shared' } }],
    },
    actions: [], workloads: [], applications: [app],
  };
}

/** Column `name` of the first row of table `stem` (or of row `row`). */
export function col(r: RunResult, stem: string, name: string, row = 0): number | string {
  const t = r.extra![stem];
  const i = t.columns.indexOf(name);
  if (i < 0) throw new Error(`no column ${name} in ${stem}`);
  return t.rows[row][i];
}

export const run = (c: ScenarioConfig) => simulate(c);

/** The values of an application (or tier) metric in timeseries.csv, one per sample, in time order. */
export function series(r: RunResult, entity: 'application' | 'tier', id: number, metric: string): number[] {
  const out: number[] = [];
  for (const row of r.timeseries.rows) if (row[1] === entity && row[2] === id && row[3] === metric) out.push(Number(row[4]));
  return out;
}
