import { RandomStreams } from '../engine/random.js';
import { Simulation } from '../engine/simulation.js';
import { consolidationMetrics, type ConsolidationMetrics } from '../metrics/consolidation.js';
import type { Cell, Table } from '../metrics/table.js';
import { CsDatacenter } from '../model/consolidation/datacenter.js';
import { Durations } from '../model/consolidation/history.js';
import { CsHost } from '../model/consolidation/host.js';
import { cloudsimMigrationSeconds } from '../model/consolidation/migration.js';
import { cloudsimPower } from '../model/consolidation/power.js';
import { CsVm } from '../model/consolidation/vm.js';
import { powerFunction } from '../model/power.js';
import type { HostSpec } from '../model/specs.js';
import {
  cloudsimMigrationPolicy,
  cloudsimStaticPolicy,
  overloadTest,
  vmSelector,
} from '../policies/consolidation/cloudsim.js';
import type { ScenarioConfig, TraceSource } from '../scenario/types.js';
import { layoutHosts } from './layout.js';
import {
  readPlanetLabDay,
  readUtilizationCsv,
  syntheticPlanetLabTraces,
  type UtilizationTraces,
} from '../workload/utilization-trace.js';
import type { RunResult, SimulateOptions } from './simulate.js';


export function loadTraces(source: TraceSource, streams: RandomStreams): UtilizationTraces {
  switch (source.kind) {
    case 'planetlab':
      return readPlanetLabDay(source.folder, source.order === undefined ? {} : { order: source.order });
    case 'csv':
      return readUtilizationCsv(source.file);
    case 'synthetic':
      return syntheticPlanetLabTraces(source.count, streams.rng('traces'), { samples: source.samples, step: source.step });
  }
}

/** Runs a consolidation scenario (one with trace_vms). */
export function simulateConsolidation(config: ScenarioConfig, opts: SimulateOptions = {}): RunResult {
  const tv = config.traceVms!;
  const cons = config.consolidation ?? {
    interval: 300, powerManagement: 'dvfs' as const, overload: { policy: 'thr' as const, param: 1 },
    hostPower: { standby: 0, bootTime: 0, shutdownTime: 0 },
    selection: 'mmt' as const, migration: { model: 'cloudsim' as const },
  };
  const cloudsim = config.compat === 'cloudsim';
  const streams = new RandomStreams(config.seed);
  const shutdowns = new Durations();
  const migrationDurations = new Durations();

  // One power function per host type: a call site that sees one function is inlined, one that sees 800 closures is not.
  const powers = new Map<HostSpec, (u: number) => number>();
  const powerOf = (spec: HostSpec) => {
    let p = powers.get(spec);
    if (!p) {
      // CloudSim's models refuse a utilization outside [0, 1]; dcsim's clamp it.
      p = cloudsim ? cloudsimPower(spec.power) : powerFunction(spec.power);
      powers.set(spec, p);
    }
    return p;
  };
  const hosts = layoutHosts(config.datacenter.hosts, config.datacenter.layout).map((spec, i) => {
    const power = powerOf(spec);
    return new CsHost(i, spec.type, spec.cores, spec.mips, spec.ram, spec.bw, spec.storage, power, power(1), shutdowns);
  });

  const traces = loadTraces(tv.source, streams);
  const n = traces.samples.length;
  const block = Math.ceil(n / tv.specs.length);
  const vms = traces.samples.map((samples, i) => {
    const spec = tv.specs[Math.floor(i / block)];
    return new CsVm(i, spec.type, spec.mips, spec.vcpus, spec.ram, spec.bw, spec.image, samples, traces.step, migrationDurations);
  });

  const migrationTime = (vm: CsVm, target: CsHost) => cloudsimMigrationSeconds(vm.ram, target.bw);
  const rs = streams.rng('selection');
  const policy =
    cons.powerManagement === 'migration'
      ? cloudsimMigrationPolicy(
          overloadTest(cons.overload.policy, cons.overload.param, (ram, h) => cloudsimMigrationSeconds(ram, h.bw), cons.interval),
          vmSelector(cons.selection, (k) => rs.int(k)),
          cloudsim ? 'cloudsim' : 'index',
        )
      : cloudsimStaticPolicy;
  const end = config.duration !== Infinity ? config.duration : Math.max(...traces.samples.map((s) => s.length)) * traces.step;

  const sim = new Simulation();
  const series: Cell[][] = [];
  const dc = new CsDatacenter(sim, hosts, policy, {
    interval: cons.interval,
    end,
    mode: cloudsim ? 'cloudsim' : 'dcsim',
    nonPowerAware: cons.powerManagement === 'none',
    standbyPower: cons.hostPower.standby,
    hostStates: {
      bootTime: cons.hostPower.bootTime,
      shutdownTime: cons.hostPower.shutdownTime,
      ...(cons.hostPower.bootPower === undefined ? {} : { bootPower: cons.hostPower.bootPower }),
    },
    migrationTime,
    ...(cons.migration.model === 'precopy'
      ? {
          precopy: {
            dirtyRate: cons.migration.dirtyRate,
            downtime: cons.migration.downtime,
            maxRounds: cons.migration.maxRounds,
            maxFactor: cons.migration.maxFactor,
            linkShare: 0.5,
          },
        }
      : {}),
    onTick: (t) => {
      opts.onProgress?.({ simTime: t, events: sim.eventsProcessed });
      series.push(
        [t, 'datacenter', 0, 'active_hosts', dc.activeHosts()],
        [t, 'datacenter', 0, 'energy_kwh', dc.energy / 3.6e6],
        [t, 'datacenter', 0, 'migrations', dc.migrations],
        [t, 'datacenter', 0, 'vms', dc.vms.length - dropped(dc.vms)],
      );
    },
  });
  dc.start(vms);
  sim.run(end);
  dc.finish();
  const m = consolidationMetrics(hosts, dc.vms, dc.energy, dc.migrations, shutdowns.values, migrationDurations.values);
  return {
    config,
    simTime: cloudsim ? dc.lastProcessTime : end,
    events: sim.eventsProcessed,
    summary: summary(config, sim, dc, m, cloudsim ? dc.lastProcessTime : end),
    timeseries: { columns: ['time_s', 'entity', 'id', 'metric', 'value'], rows: series },
    hosts: {
      columns: ['host', 'type', 'cores', 'mips', 'vms_at_end', 'active_time_s', 'sla_violation_time_s'],
      rows: hosts.map((h) => [h.id, h.type, h.pes, h.peMips, h.vmList.length, h.history.activeTime, h.history.violationTime]),
    },
    vms: {
      columns: ['vm', 'type', 'mips', 'ram_mib', 'host_at_end', 'dropped', 'requested_mi', 'allocated_mi', 'lost_in_migration_mi'],
      rows: vms.map((vm) => [
        vm.id, vm.type, vm.mips, vm.ram, vm.host ? vm.host.id : '', vm.removed ? 1 : 0,
        vm.history.requested, vm.history.allocated, vm.history.underMigration,
      ]),
    },
  };
}

/** Pre-copy statistics, empty cells with CloudSim's model. */
function precopyColumns(dc: CsDatacenter): Cell[] {
  const r = dc.precopyRecords;
  if (r.length === 0) return ['', '', '', '', ''];
  const mean = (f: (x: (typeof r)[number]) => number) => r.reduce((s, x) => s + f(x), 0) / r.length;
  return [
    mean((x) => x.end - x.start), mean((x) => x.downtime), Math.max(...r.map((x) => x.downtime)),
    mean((x) => x.mib), mean((x) => x.rounds),
  ];
}

function dropped(vms: readonly CsVm[]): number {
  let k = 0;
  for (const vm of vms) if (vm.removed) k++;
  return k;
}

export const CONSOLIDATION_SUMMARY_COLUMNS = [
  'scenario', 'seed', 'compat', 'sim_time_s', 'events', 'hosts', 'vms', 'vms_rejected', 'vms_dropped',
  'energy_kwh', 'migrations', 'slatah', 'slatah_host_mean', 'pdm', 'pdm_vm_mean', 'slav', 'esv',
  'overall_sla_violation', 'average_sla_violation', 'host_shutdowns',
  'mean_time_before_host_shutdown_s', 'stdev_time_before_host_shutdown_s',
  'mean_time_before_vm_migration_s', 'stdev_time_before_vm_migration_s',
  'migration_time_mean_s', 'downtime_mean_s', 'downtime_max_s', 'migration_mib_mean', 'precopy_rounds_mean',
  'host_boots',
] as const;

function summary(config: ScenarioConfig, sim: Simulation, dc: CsDatacenter, m: ConsolidationMetrics, simTime: number): Table {
  const row: Cell[] = [
    config.name, config.seed, config.compat, simTime, sim.eventsProcessed, dc.hosts.length,
    dc.vms.length + dc.rejected.length, dc.rejected.length, m.vms_dropped,
    m.energy_kwh, m.migrations, m.slatah, m.slatah_host_mean, m.pdm, m.pdm_vm_mean, m.slav, m.esv,
    m.overall_sla_violation, m.average_sla_violation, m.host_shutdowns,
    m.mean_time_before_host_shutdown_s, m.stdev_time_before_host_shutdown_s,
    m.mean_time_before_vm_migration_s, m.stdev_time_before_vm_migration_s,
    ...precopyColumns(dc),
    dc.hostBoots,
  ];
  return { columns: CONSOLIDATION_SUMMARY_COLUMNS, rows: [row] };
}
