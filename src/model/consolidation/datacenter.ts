import type { Handler, Simulation } from '../../engine/simulation.js';
import type { CsHost } from './host.js';
import type { CsVm } from './vm.js';

/** A migration decided at a tick: `vm` moves to `host`. */
export interface Migration {
  vm: CsVm;
  host: CsHost;
}

/** What the consolidation policies decide; they live in src/policies/consolidation. */
export interface ConsolidationPolicy {
  /** Host for a new VM at t = 0, or null when none takes it (the VM is then never created). */
  initialHost(vm: CsVm, hosts: readonly CsHost[]): CsHost | null;
  /** Migrations to start at a tick (none: no power management by migration). */
  optimize?(hosts: readonly CsHost[], t: number): Migration[];
}

export interface ConsolidationOptions {
  /** Scheduling interval, s (300 in the PlanetLab experiment). */
  interval: number;
  /** Simulated end, s: no processing happens after it. */
  end: number;
  /**
   * `dvfs`: CloudSim's PowerDatacenter energy, the trapezoid between two processing
   * times of P(previous u) and P(u), and nothing for a host whose previous u was 0.
   * `non-power-aware`: every host draws its full power all the time.
   */
  energy: 'dvfs' | 'non-power-aware';
  /** Migration duration: CloudSim's RAM / (half the bandwidth), RAM in MB and bandwidth in kbit/s. */
  migrationTime(vm: CsVm, target: CsHost): number;
}

type ConsolidationEvent = 'tick' | 'migrated';

/**
 * Trace-driven consolidation as CloudSim's PowerDatacenter runs it: processing at
 * every tick (t = k x interval + 0.1) and at every migration's end; at a tick, the
 * policy's migrations start; VMs whose demand is exactly 0 are dropped for good
 * (CloudSim's "completed" VMs). This class is CloudSim's behaviour, quirks included,
 * for the `compat: cloudsim` mode.
 */
export class CsDatacenter {
  /** Joules. */
  energy = 0;
  migrations = 0;
  lastProcessTime = 0;
  /** VMs placed at t = 0, in id order. */
  readonly vms: CsVm[] = [];
  readonly rejected: CsVm[] = [];
  private readonly ev: Record<ConsolidationEvent, number>;
  private readonly vmTable = new Map<CsVm, CsHost>();
  private readonly pending: Migration[] = [];
  private readonly endingAt = new Map<number, number>();

  constructor(
    private readonly sim: Simulation,
    readonly hosts: readonly CsHost[],
    private readonly policy: ConsolidationPolicy,
    private readonly opts: ConsolidationOptions,
  ) {
    const handlers: Record<ConsolidationEvent, Handler> = {
      tick: () => this.onTick(),
      migrated: (i) => this.onMigrated(i),
    };
    this.ev = sim.register(handlers);
  }

  /** Places the VMs at t = 0 in order and schedules the first tick. */
  start(vms: readonly CsVm[]): void {
    for (const vm of vms) {
      const host = this.policy.initialHost(vm, this.hosts);
      if (host !== null && host.vmCreate(vm)) {
        this.vmTable.set(vm, host);
        vm.beingInstantiated = false;
        this.vms.push(vm);
      } else {
        this.rejected.push(vm);
      }
    }
    this.scheduleTick(this.opts.interval + 0.1);
  }

  private scheduleTick(t: number): void {
    if (t <= this.opts.end) this.sim.scheduleAt(t, this.ev.tick);
  }

  private onTick(): void {
    const t = this.sim.now;
    if (t > this.lastProcessTime) {
      this.process(t);
      if (this.policy.optimize) {
        for (const m of this.policy.optimize(this.hosts, t)) this.startMigration(m, t);
      }
    }
    this.scheduleTick(t + this.opts.interval);
  }

  private startMigration(m: Migration, t: number): void {
    const source = m.vm.host!;
    m.host.addMigratingInVm(m.vm);
    m.host.updateVmsProcessing(t, this.opts.interval);
    source.updateVmsProcessing(t, this.opts.interval);
    this.migrations++;
    const done = t + this.opts.migrationTime(m.vm, m.host);
    if (done > this.opts.end) return;
    this.pending.push(m);
    this.endingAt.set(done, (this.endingAt.get(done) ?? 0) + 1);
    this.sim.scheduleAt(done, this.ev.migrated, this.pending.length - 1);
  }

  private onMigrated(i: number): void {
    const t = this.sim.now;
    const { vm, host } = this.pending[i];
    if (t > this.lastProcessTime) this.process(t);
    this.vmTable.get(vm)?.vmDestroy(vm);
    this.vmTable.delete(vm);
    host.removeMigratingInVm(vm);
    if (host.vmCreate(vm)) this.vmTable.set(vm, host);
    const left = this.endingAt.get(t)! - 1;
    if (left === 0) {
      this.endingAt.delete(t);
      this.process(t); // CloudSim processes again once the last migration of this instant is done
    } else {
      this.endingAt.set(t, left);
    }
  }

  /** Closes the state histories at the end of the run (before metrics are read). */
  finish(): void {
    for (const h of this.hosts) h.history.finish();
    for (const vm of this.vms) vm.history.finish();
  }

  /**
   * PowerDatacenter's processing at time t: reallocation, histories, energy, dropped
   * VMs. A host with no VM that was idle at its last processing is skipped: its
   * processing would add an idle history entry, which changes no metric, and no energy.
   */
  private process(t: number): void {
    const dt = t - this.lastProcessTime;
    const npa = this.opts.energy === 'non-power-aware';
    for (const h of this.hosts) {
      if (h.idle) {
        if (npa && dt > 0) this.energy += h.maxPower * dt;
        continue;
      }
      h.updateVmsProcessing(t, this.opts.interval);
      if (!(dt > 0)) continue;
      if (npa) {
        this.energy += h.maxPower * dt;
        continue;
      }
      const from = h.previousUtilizationOfCpu();
      if (from === 0) continue;
      const pFrom = h.power(from);
      const pTo = h.power(h.utilizationOfCpu());
      this.energy += (pFrom + (pTo - pFrom) / 2) * dt;
    }
    for (const h of this.hosts) {
      if (h.vmList.length === 0 || !h.hasCompletedVms()) continue;
      for (const vm of h.completedVms()) {
        this.vmTable.get(vm)?.vmDestroy(vm);
        this.vmTable.delete(vm);
        vm.removed = true;
      }
    }
    this.lastProcessTime = t;
  }
}
