import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'dcsim-report-'));
}

export function writeFolder(files: Record<string, string>, dir = tmp()): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A run by hand: 3 samples 5 min apart, 2 hosts, a 2-tier application with replicas. */
export const RUN_TIMESERIES = `time_s,entity,id,metric,value
300,datacenter,0,energy_kwh,0.1
300,datacenter,0,power_w,1200
300,datacenter,0,active_hosts,2
300,host,0,cpu_utilization,0.5
300,host,1,cpu_utilization,0.25
300,application,web,replicas,2
300,application,db,replicas,1
600,datacenter,0,energy_kwh,0.3
600,datacenter,0,power_w,2400
600,datacenter,0,active_hosts,1
600,host,0,cpu_utilization,0.75
600,host,1,cpu_utilization,0
600,application,web,replicas,3
600,application,db,replicas,1
900,datacenter,0,energy_kwh,0.4
900,datacenter,0,power_w,1200
900,datacenter,0,active_hosts,1
900,host,0,cpu_utilization,1
900,host,1,cpu_utilization,0
900,application,web,replicas,4
900,application,db,replicas,2
`;

export const RUN_SUMMARY = `scenario,seed,sim_time_s,energy_kwh,host_cpu_utilization_mean,active_hosts_mean
tiny,3,900,0.4,0.41666666666666667,1.3333333333333333
`;

/** Virtualization's table, as the virt model writes it: one row per job and platform. */
export const PLATFORMS = `job,platform,kind,instances,copies,time_s,percent_of_baseline,cpu_s,virt_io_s,disk_s,nic_s,latency_s
rusle2,bare-metal,native,1,1,100,100,90,0,8,2,0
rusle2,kvm,vm,1,1,104.5,104.5,92,2.5,8,2,0
rusle2,xen,vm,1,1,108,108,93,5,8,2,0
`;

/** An application table with a load column: response time against load, per application. */
export const LOAD_TABLE = `application,load_rps,throughput_rps,response_time_mean_s,seed
web,10,10,0.1,1
web,20,19.5,0.25,1
web,40,30,1.5,1
shop,10,9.8,0.2,1
shop,20,18,0.6,1
shop,40,21,4,1
`;

export function runFolder(extra: Record<string, string> = {}): string {
  return writeFolder({ 'summary.csv': RUN_SUMMARY, 'timeseries.csv': RUN_TIMESERIES, ...extra });
}

/**
 * A batch by hand: hosts (numeric) x placement (text), 2 replications each except
 * one point with a single run (no confidence interval), one failed run.
 */
export const SWEEP = `run_id,variant,datacenter.hosts.0.count,datacenter.placement,replication,seed,status,energy_kwh,task_time_mean_s,error
a1,base,10,first-fit,0,11,ok,1,2,
a2,base,10,first-fit,1,12,ok,1.2,2.2,
b1,base,20,first-fit,0,13,ok,2,1,
b2,base,20,first-fit,1,14,ok,2.4,1.4,
c1,base,10,best-fit,0,15,ok,0.9,2.5,
c2,base,10,best-fit,1,16,failed,,,"host 3: no such host <b>"
d1,base,20,best-fit,0,17,ok,1.8,1.5,
d2,base,20,best-fit,1,18,ok,2,1.3,
`;

/** As the batch command writes it: \`failed\` after the metric triples. */
export const AGGREGATE = `variant,datacenter.hosts.0.count,datacenter.placement,n,energy_kwh_mean,energy_kwh_sd,energy_kwh_ci95,task_time_mean_s_mean,task_time_mean_s_sd,task_time_mean_s_ci95,failed
base,10,first-fit,2,1.1,0.1414,1.27,2.1,0.1414,1.27,0
base,20,first-fit,2,2.2,0.2828,2.54,1.2,0.2828,2.54,0
base,10,best-fit,1,0.9,,,2.5,,,1
base,20,best-fit,2,1.9,0.1414,1.27,1.4,0.1414,1.27,0
`;

/** batch.json as the batch command writes it (runs trimmed). */
export const BATCH_JSON = JSON.stringify({
  scenario: 'quickstart',
  dcsim: '0.1.0',
  params: ['datacenter.hosts.0.count', 'datacenter.placement'],
  sweep: { grid: { 'datacenter.hosts.0.count': ['10', '20'], 'datacenter.placement': ['first-fit', 'best-fit'] }, variants: [], replications: 2, base_seed: 42 },
  seed_derivation: 'seed = first 32 bits of sha256(base_seed, variant, parameter values, replication) -- a long explanation a heading does not need',
  batch_hash: 'c0ffee'.repeat(10),
  runs: [],
});

export function batchFolder(files: Record<string, string> = {}): string {
  const dir = writeFolder({ 'sweep.csv': SWEEP, 'aggregate.csv': AGGREGATE, 'batch.json': BATCH_JSON, ...files });
  mkdirSync(join(dir, 'runs', 'a1'), { recursive: true });
  writeFileSync(join(dir, 'runs', 'a1', 'summary.csv'), RUN_SUMMARY);
  return dir;
}

/**
 * Days as variants x policies as named grid values (the PlanetLab batch's shape, cut
 * down): no number to plot against, two columns varying, one point replicated.
 */
export const GROUPED_AGGREGATE = `variant,consolidation,n,energy_kwh_mean,energy_kwh_sd,energy_kwh_ci95,migrations_mean,migrations_sd,migrations_ci95
d20110303,npa,1,2410.8,,,0,,
d20110303,thr-mmt-0.8,2,198.1,1,8.985,27728,,
d20110303,lr-mc-1.2,1,153.9,,,23351,,
d20110306,npa,1,2410.8,,,0,,
d20110306,thr-mmt-0.8,1,150.7,,,21575,,
d20110306,lr-mc-1.2,1,118.4,,,17263,,
`;

/** Named variants only (no numeric parameter): bars. */
export const VARIANT_AGGREGATE = `variant,n,energy_kwh_mean,energy_kwh_sd,energy_kwh_ci95
npa,3,2410.8,1,2.484
thr-mmt,3,878.5,2,4.968
lr-mmt,1,878.7,,
`;
