import { ZERO } from '../../engine/doubles.js';
import type { Handler, Simulation } from '../../engine/simulation.js';
import { PRECOPY_SHARES, type CsHost } from './host.js';
import { PrecopyNetwork, type PrecopyParams, type PrecopyRecord } from './precopy.js';
import type { CsVm } from './vm.js';

/** A migration decided at a tick: `vm` moves to `host`. */
export interface Migration {
  vm: CsVm;
  host: CsHost;
}

/** What the consolidation policies decide; they live in src/policies/consolidation. */
export interface ConsolidationPolicy {
  /** Host for a new VM at t = 0, or null when none takes it (the VM is then rejected). */
  initialHost(vm: CsVm, hosts: readonly CsHost[]): CsHost | null;
  /** Migrations to start at a tick (absent: no power management by migration). */
  optimize?(hosts: readonly CsHost[], t: number): Migration[];
}

export interface ConsolidationOptions {
  /** Scheduling interval, s (300 in the PlanetLab experiment). */
  interval: number;
  /** Simulated end, s: nothing happens after it. */
  end: number;
  /**
   * `cloudsim`: CloudSim's quirks, for conformance: ticks at k x interval + 0.1;
   * energy as the trapezoid of P(previous u) and P(u) between processing times, and
   * none for a host whose previous u was 0 (even with idle VMs on it); nothing after
   * the last tick; VMs with a demand of exactly 0 dropped for good.
   * `dcsim`: ticks at k x interval; between two processing times a host draws P(u)
   * of its utilization (which is what it was allocated), a host is off only when it
   * holds no VM (then it draws `standbyPower`); energy up to `end`; no VM dropped.
   */
  mode: 'cloudsim' | 'dcsim';
  /** Every host draws its full power all the time (CloudSim's NonPowerAware). */
  nonPowerAware: boolean;
  /** W drawn by a switched-off host (dcsim mode). */
  standbyPower: number;
  /**
   * Host power states (dcsim mode): an emptied host stays on, idle, for
   * `shutdownTime` s before it is off; a migration to a host that is off waits
   * `bootTime` s while it boots, drawing `bootPower` W (default: its full power).
   */
  hostStates?: { bootTime: number; bootPower?: number; shutdownTime: number };
  /** Migration duration, s (CloudSim's model). */
  migrationTime(vm: CsVm, target: CsHost): number;
  /** Iterative pre-copy instead of CloudSim's fixed-duration migration. */
  precopy?: PrecopyParams;
  /** Called after each tick's processing and migration decisions. */
  onTick?(t: number): void;
}

type ConsolidationEvent = 'tick' | 'migrated' | 'booted';

/**
 * Trace-driven consolidation as CloudSim's PowerDatacenter runs it: processing at
 * every tick and at every migration's end; at a tick, the policy's migrations start.
 * In `cloudsim` mode this is CloudSim's behaviour, quirks included; `dcsim` mode
 * fixes the quirks (see ConsolidationOptions.mode).
 */
export class CsDatacenter {
  /** Joules. */
  energy = ZERO;
  migrations = 0;
  lastProcessTime = ZERO;
  /** VMs placed at t = 0, in id order, and those no host could take. */
  readonly vms: CsVm[] = [];
  readonly rejected: CsVm[] = [];
  private readonly ev: Record<ConsolidationEvent, number>;
  private readonly vmTable = new Map<CsVm, CsHost>();
  private readonly pending: Migration[] = [];
  private readonly endingAt = new Map<number, number>();
  /** Migrations waiting for their destination to boot, by index. */
  private readonly booting: Migration[] = [];
  /** Per host (dcsim mode): when it last became empty, and its last boot. */
  private readonly emptySince: Float64Array;
  private readonly bootStart: Float64Array;
  private readonly bootEnd: Float64Array;
  /** Host boots so far (dcsim mode with a boot time). */
  hostBoots = 0;
  /** Hosts a migration ending at the current instant touched (source and destination). */
  private readonly touched: CsHost[] = [];
  /**
   * 0: the host was idle at a processing (no VM, nothing used) and nothing has put a VM
   * on it since; such a host is skipped by CloudSim-mode processing, where it draws
   * nothing. Every lasting placement goes through this class (the policies' tentative
   * ones are undone before they return), which sets it back to 1.
   */
  private readonly mayBeActive: Uint8Array;
  private readonly cloudsim: boolean;
  private readonly network: PrecopyNetwork | undefined;

  constructor(
    private readonly sim: Simulation,
    readonly hosts: readonly CsHost[],
    private readonly policy: ConsolidationPolicy,
    private readonly opts: ConsolidationOptions,
  ) {
    hosts.forEach((h, i) => {
      if (h.id !== i) throw new RangeError(`host ${h.id} is at position ${i}: hosts must be numbered by position`);
    });
    this.cloudsim = opts.mode === 'cloudsim';
    // Every host is off from the start until it gets a VM.
    this.emptySince = new Float64Array(hosts.length).fill(-Infinity);
    this.bootStart = new Float64Array(hosts.length).fill(-Infinity);
    this.bootEnd = new Float64Array(hosts.length).fill(-Infinity);
    this.mayBeActive = new Uint8Array(hosts.length).fill(1);
    const handlers: Record<ConsolidationEvent, Handler> = {
      tick: () => this.onTick(),
      migrated: (i) => this.onMigrated(i),
      booted: (i) => this.beginTransfer(this.booting[i]),
    };
    this.ev = sim.register(handlers);
    if (opts.precopy) {
      for (const h of hosts) h.shares = PRECOPY_SHARES;
      this.network = new PrecopyNetwork(
        sim,
        opts.precopy,
        (vm, t) => this.reprocessAt(t, [vm.host!]),
        (vm, host, t) => {
          this.moveVm(vm, host, t);
          this.reprocess(t, this.touched);
          this.touched.length = 0;
        },
      );
    }
  }

  /** What each pre-copy migration did (empty with CloudSim's model). */
  get precopyRecords(): readonly PrecopyRecord[] {
    return this.network?.records ?? [];
  }

  /** Places the VMs at t = 0 in order and schedules the first tick. */
  start(vms: readonly CsVm[]): void {
    for (const vm of vms) {
      vm.holdsMemory = !this.cloudsim;
      const host = this.policy.initialHost(vm, this.hosts);
      if (host !== null && host.vmCreate(vm)) {
        this.mayBeActive[host.id] = 1;
        this.vmTable.set(vm, host);
        vm.created();
        this.vms.push(vm);
      } else {
        this.rejected.push(vm);
      }
    }
    if (!this.cloudsim) {
      // dcsim knows the demand from t = 0: process then, so the first interval counts.
      this.process(0, true);
    }
    this.scheduleTick(this.opts.interval + (this.cloudsim ? 0.1 : 0));
  }

  /** Ends the run: dcsim mode accounts energy up to `end`; then the histories close. */
  finish(): void {
    if (!this.cloudsim && this.opts.end > this.lastProcessTime && this.opts.end !== Infinity) {
      this.process(this.opts.end, false);
    }
    for (const h of this.hosts) h.history.finish();
    for (const vm of this.vms) vm.history.finish();
  }

  /** Number of hosts holding at least one VM. */
  activeHosts(): number {
    let n = 0;
    for (const h of this.hosts) if (h.vmList.length > 0) n++;
    return n;
  }

  private scheduleTick(t: number): void {
    if (t <= this.opts.end) this.sim.scheduleAt(t, this.ev.tick);
  }

  private onTick(): void {
    const t = this.sim.now;
    if (t > this.lastProcessTime) {
      this.process(t, true);
      if (this.policy.optimize) {
        const started = new Set<CsHost>();
        for (const m of this.policy.optimize(this.hosts, t)) this.startMigration(m, t, started);
        // CloudSim processes the destination and the source again after each start;
        // a processing rebuilds a host's allocations from its VMs, so once per host,
        // after all the starts of this tick, leaves every host as CloudSim's last one does.
        for (const h of this.hosts) if (started.has(h)) h.updateVmsProcessing(t, true);
      }
    }
    this.opts.onTick?.(t);
    this.scheduleTick(t + this.opts.interval);
  }

  private startMigration(m: Migration, t: number, started: Set<CsHost>): void {
    const source = m.vm.host!;
    m.host.addMigratingInVm(m.vm);
    this.mayBeActive[m.host.id] = 1;
    started.add(m.host);
    started.add(source);
    this.migrations++;
    const states = this.opts.hostStates;
    const target = m.host.id;
    if (!this.cloudsim && states && states.bootTime > 0) {
      if (this.isOff(target, t)) {
        this.bootStart[target] = t;
        this.bootEnd[target] = t + states.bootTime;
        this.hostBoots++;
      }
      if (t < this.bootEnd[target]) {
        this.booting.push(m);
        this.sim.scheduleAt(this.bootEnd[target], this.ev.booted, this.booting.length - 1);
        return;
      }
    }
    this.beginTransfer(m);
  }

  /** A host is off when it has held no VM for longer than its shutdown delay (and is not booting). */
  private isOff(h: number, t: number): boolean {
    const host = this.hosts[h];
    const others = host.vmList.length - 1; // the VM just reserved there
    if (others > 0 || t < this.bootEnd[h]) return false;
    return t >= this.emptySince[h] + (this.opts.hostStates?.shutdownTime ?? 0);
  }

  /** The memory transfer of a migration begins (after the destination booted, if it had to). */
  private beginTransfer(m: Migration): void {
    const t = this.sim.now;
    if (this.network) {
      this.network.start(m.vm, m.vm.host!, m.host);
      return;
    }
    const done = t + this.opts.migrationTime(m.vm, m.host);
    if (done > this.opts.end) return;
    this.pending.push(m);
    this.endingAt.set(done, (this.endingAt.get(done) ?? 0) + 1);
    this.sim.scheduleAt(done, this.ev.migrated, this.pending.length - 1);
  }

  private onMigrated(i: number): void {
    const t = this.sim.now;
    const { vm, host } = this.pending[i];
    this.moveVm(vm, host, t);
    const left = this.endingAt.get(t)! - 1;
    if (left === 0) {
      this.endingAt.delete(t);
      // CloudSim processes the whole datacenter again once the last migration of this
      // instant is done. Only the hosts these migrations touched can come out
      // different (same time, same demands), so only they are processed again.
      this.reprocess(t, this.touched);
      this.touched.length = 0;
    } else {
      this.endingAt.set(t, left);
    }
  }

  /** The end of a migration: the datacenter is processed up to t, then the VM moves. */
  private moveVm(vm: CsVm, host: CsHost, t: number): void {
    if (t > this.lastProcessTime) this.process(t, false);
    const source = this.vmTable.get(vm);
    if (source) {
      source.vmDestroy(vm);
      this.touched.push(source);
      if (source.vmList.length === 0) this.emptySince[source.id] = t;
    }
    this.vmTable.delete(vm);
    host.removeMigratingInVm(vm);
    if (host.vmCreate(vm)) this.vmTable.set(vm, host);
    this.mayBeActive[host.id] = 1;
    this.touched.push(host);
  }

  /** A host's allocation changes at t (a VM paused): process up to t, then that host. */
  private reprocessAt(t: number, hosts: readonly CsHost[]): void {
    if (t > this.lastProcessTime) this.process(t, false);
    else this.reprocess(t, hosts);
  }

  /**
   * dcsim mode: joules a host drew over (t - dt, t]. With VMs it draws `busy` (the power
   * of its utilization), except while booting; without, idle power during its shutdown
   * delay and standby power once off.
   */
  private heldEnergy(h: CsHost, t: number, dt: number, busy: number): number {
    const from = t - dt;
    const overlap = (a: number, b: number) => Math.max(0, Math.min(t, b) - Math.max(from, a));
    const i = h.id;
    const boot = overlap(this.bootStart[i], this.bootEnd[i]);
    const bootPower = this.opts.hostStates?.bootPower ?? h.maxPower;
    if (h.vmList.length > 0) return boot * bootPower + (dt - boot) * busy;
    const idle = overlap(this.emptySince[i], this.emptySince[i] + (this.opts.hostStates?.shutdownTime ?? 0));
    return boot * bootPower + idle * h.power(0) + (dt - boot - idle) * this.opts.standbyPower;
  }

  /** Processing again, at the time of the last processing, of some hosts only (in id order, as a full pass). */
  private reprocess(t: number, hosts: readonly CsHost[]): void {
    const ids = hosts.map((h) => h.id).sort((a, b) => a - b);
    for (let i = 0; i < ids.length; i++) {
      if (i > 0 && ids[i] === ids[i - 1]) continue;
      const h = this.hosts[ids[i]];
      if (!h.idle) h.updateVmsProcessing(t, false);
      if (this.cloudsim) this.dropCompleted(h);
    }
  }

  private dropCompleted(h: CsHost): void {
    if (h.vmList.length === 0 || !h.hasCompletedVms()) return;
    for (const vm of h.completedVms()) {
      this.vmTable.get(vm)?.vmDestroy(vm);
      this.vmTable.delete(vm);
      vm.removed = true;
    }
  }

  /**
   * PowerDatacenter's processing at time t: reallocation, histories, energy, dropped
   * VMs. A host with no VM that was idle at its last processing is skipped: its
   * processing would add an idle history entry, which changes no metric.
   */
  private process(t: number, tick: boolean): void {
    const dt = t - this.lastProcessTime;
    const npa = this.opts.nonPowerAware;
    // In CloudSim's mode an idle host adds no energy and keeps no VM to drop.
    const skipIdle = this.cloudsim && !npa;
    const mayBeActive = this.mayBeActive;
    for (const h of this.hosts) {
      if (skipIdle && mayBeActive[h.id] === 0) continue;
      if (h.idle) {
        mayBeActive[h.id] = 0;
        if (dt > 0) this.energy += npa ? h.maxPower * dt : this.cloudsim ? 0 : this.heldEnergy(h, t, dt, 0);
        continue;
      }
      // dcsim: the power held since the last processing, before the utilization changes.
      const held = this.cloudsim || npa || !(dt > 0) ? 0 : this.heldEnergy(h, t, dt, h.vmList.length > 0 ? h.currentPower() : 0);
      h.updateVmsProcessing(t, tick);
      if (!(dt > 0)) continue;
      if (npa) {
        this.energy += h.maxPower * dt;
      } else if (!this.cloudsim) {
        this.energy += held;
      } else {
        const from = h.previousUtilizationOfCpu();
        if (from === 0) continue;
        const pFrom = h.power(from);
        const pTo = h.power(h.utilizationOfCpu());
        this.energy += (pFrom + (pTo - pFrom) / 2) * dt;
      }
    }
    if (this.cloudsim) for (const h of this.hosts) if (mayBeActive[h.id] !== 0) this.dropCompleted(h);
    this.lastProcessTime = t;
  }
}
