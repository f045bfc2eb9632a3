import { RandomStreams, sampler } from '../engine/random.js';
import { Simulation, type Handler } from '../engine/simulation.js';
import { Datacenter } from '../model/datacenter.js';
import { hostsTable, summaryTable, tasksTable, vmsTable } from '../metrics/report.js';
import { Sampler } from '../metrics/sampler.js';
import type { Table } from '../metrics/table.js';
import { toCsv } from '../metrics/writer.js';
import { PLACEMENT_POLICIES } from '../policies/placement.js';
import type { Action, ScenarioConfig } from '../scenario/types.js';
import { WorkloadDriver } from '../workload/generator.js';
import { startApplications } from './apps.js';
import { simulateConsolidation } from './consolidate.js';
import { layoutHosts } from './layout.js';
import { simulateVirtualization } from './virtualize.js';
import { simulateProvisioning } from './provision.js';

export interface Progress {
  simTime: number;
  events: number;
}

export interface SimulateOptions {
  /** Called every `progressEvery` events (default 2^20) with the clock and event count. */
  onProgress?: (p: Progress) => void;
  progressEvery?: number;
}

export interface RunResult {
  config: ScenarioConfig;
  simTime: number;
  events: number;
  summary: Table;
  timeseries: Table;
  hosts: Table;
  vms: Table;
  /** Only when the scenario's `metrics.tasks` is on. */
  tasks?: Table;
  /**
   * Tables of other models (applications, platforms, ...), by file stem: `{ tiers: t }`
   * is written as tiers.csv. Stems must not collide with the fixed ones above.
   */
  extra?: Record<string, Table>;
  /** Lines the CLI prints after its summary (e.g. the applications' bottleneck report). */
  report?: string[];
}

/** Runs a validated scenario to its end and returns its tables. Deterministic: no clock, no Math.random. */
export function simulate(config: ScenarioConfig, opts: SimulateOptions = {}): RunResult {
  if (config.traceVms) return simulateConsolidation(config, opts);
  if (config.virtualization) return simulateVirtualization(config);
  if (config.provisioning) return simulateProvisioning(config);
  const sim = new Simulation();
  const streams = new RandomStreams(config.seed);
  const brokerStream = streams.rng('broker');
  const hostSpecs = layoutHosts(config.datacenter.hosts, config.datacenter.layout);
  const dc = new Datacenter(sim, hostSpecs, {
    placer: PLACEMENT_POLICIES[config.datacenter.placement as keyof typeof PLACEMENT_POLICIES],
    cpuOvercommit: config.datacenter.cpuOvercommit,
    randomInt: (n) => brokerStream.int(n),
  });
  scheduleActions(sim, dc, config.actions, streams);
  new WorkloadDriver(sim, dc, config.workloads, streams);
  const metrics = new Sampler(sim, dc, config.metrics, config.duration);
  const apps = config.applications ? startApplications(sim, dc, config, streams, metrics.table.rows) : undefined;

  const until = config.duration;
  if (opts.onProgress) {
    const every = opts.progressEvery ?? 1 << 20;
    let budget = every;
    const more = () => budget-- > 0;
    while (sim.runWhile(more, until) > 0 && budget < 0) {
      opts.onProgress({ simTime: sim.now, events: sim.eventsProcessed });
      budget = every;
    }
    if (until !== Infinity) sim.run(until); // nothing is left before `until`: this moves the clock there
  } else {
    sim.run(until);
  }
  metrics.finish();
  apps?.finish();

  const result: RunResult = {
    config,
    simTime: sim.now,
    events: sim.eventsProcessed,
    summary: summaryTable(config.name, config.seed, sim, dc),
    timeseries: metrics.table,
    hosts: hostsTable(sim, dc),
    vms: vmsTable(sim, dc),
  };
  if (config.metrics.tasks) result.tasks = tasksTable(dc);
  if (apps) {
    result.extra = { ...result.extra, ...apps.tables() };
    result.report = apps.report();
  }
  return result;
}

type ActionEvent = 'action';

function scheduleActions(sim: Simulation, dc: Datacenter, actions: readonly Action[], streams: RandomStreams): void {
  const run = actions.map((a, i): (() => void) => {
    switch (a.kind) {
      case 'create-vms':
        return () => {
          for (let k = 0; k < a.count; k++) dc.requestVm(a.spec, a.group);
        };
      case 'destroy-vms':
        return () => void dc.destroyGroup(a.group, a.count);
      case 'submit-tasks': {
        const length = sampler(a.length, streams.rng(`action/${i}/length`));
        const cores = sampler(a.cores, streams.rng(`action/${i}/cores`));
        return () => {
          for (let k = 0; k < a.count; k++) {
            dc.submitTask(a.group, Math.max(0, length()), Math.max(1, Math.round(cores())), a.broker);
          }
        };
      }
      case 'fail-host':
        return () => {
          for (const h of a.hosts) dc.failHost(h);
        };
    }
  });
  const handlers: Record<ActionEvent, Handler> = { action: (i) => run[i]() };
  const ev = sim.register(handlers);
  actions.forEach((a, i) => sim.scheduleAt(a.at, ev.action, i));
}

/** The CSV files of a run, by file name. */
export function resultFiles(r: RunResult): Record<string, string> {
  const files: Record<string, string> = {
    'summary.csv': toCsv(r.summary),
    'timeseries.csv': toCsv(r.timeseries),
    'hosts.csv': toCsv(r.hosts),
    'vms.csv': toCsv(r.vms),
  };
  if (r.tasks) files['tasks.csv'] = toCsv(r.tasks);
  for (const [stem, table] of Object.entries(r.extra ?? {})) {
    const name = `${stem}.csv`;
    if (name in files) throw new Error(`internal: extra table ${stem} collides with ${name}`);
    files[name] = toCsv(table);
  }
  return files;
}
