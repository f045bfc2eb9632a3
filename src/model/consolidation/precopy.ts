import { NO_EVENT, type Handler, type Simulation } from '../../engine/simulation.js';
import type { CsHost } from './host.js';
import { MBIT_PER_MIB } from './migration.js';
import type { CsVm } from './vm.js';


export interface PrecopyParams {
  /** MiB of memory the VM dirties per second while it runs. */
  dirtyRate: number;
  /** Stop-and-copy pause the pre-copy aims for, s. */
  downtime: number;
  maxRounds: number;
  /** Most memory sent before stopping anyway, as a multiple of RAM. */
  maxFactor: number;
  /** Share of each host's bandwidth migrations may use (CloudSim assumes half). */
  linkShare: number;
}

/** What one pre-copy migration did. */
export interface PrecopyRecord {
  vm: number;
  from: number;
  to: number;
  start: number;
  end: number;
  downtime: number;
  rounds: number;
  mib: number;
}

interface Flow {
  vm: CsVm;
  src: CsHost;
  dst: CsHost;
  start: number;
  /** Pre-copy round (0 = the full RAM), or -1 in the stop-and-copy. */
  round: number;
  /** MiB left to send in this round. */
  left: number;
  /** MiB dirtied since this round began. */
  dirtied: number;
  sent: number;
  rate: number;
  updatedAt: number;
  pausedAt: number;
  event: number;
  id: number;
}

type PrecopyEvent = 'phaseEnd';

/**
 * Iterative pre-copy live migration over shared links. Each host gives migrations
 * `linkShare` of its bandwidth, split equally among the migrations that use it
 * (in or out); a migration goes at the lower of its two ends' shares, and when a
 * migration starts or ends the others on its hosts are re-timed, as processor
 * sharing does for tasks. Round 0 sends the whole RAM; each later round sends what
 * was dirtied during the previous one; the pre-copy stops when that fits the
 * downtime target at the current rate, or after `maxRounds` rounds, or when it would
 * pass `maxFactor` x RAM; then the VM pauses while the rest is sent.
 */
export class PrecopyNetwork {
  readonly records: PrecopyRecord[] = [];
  private readonly flows: Flow[] = [];
  private readonly ev: Record<PrecopyEvent, number>;
  private nextId = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly p: PrecopyParams,
    /** The VM paused or was moved: the host(s) must be processed again. */
    private readonly onPause: (vm: CsVm, t: number) => void,
    private readonly onDone: (vm: CsVm, host: CsHost, t: number) => void,
  ) {
    const handlers: Record<PrecopyEvent, Handler> = { phaseEnd: (id) => this.onPhaseEnd(id) };
    this.ev = sim.register(handlers);
  }

  start(vm: CsVm, src: CsHost, dst: CsHost): void {
    const t = this.sim.now;
    const f: Flow = {
      vm, src, dst, start: t, round: 0, left: vm.ram, dirtied: 0, sent: 0, rate: 0,
      updatedAt: t, pausedAt: NaN, event: NO_EVENT, id: this.nextId++,
    };
    this.flows.push(f);
    this.retime(src, dst);
  }

  get active(): number {
    return this.flows.length;
  }

  private capacity(h: CsHost): number {
    let n = 0;
    for (const f of this.flows) if (f.src === h || f.dst === h) n++;
    return (h.bw * this.p.linkShare) / MBIT_PER_MIB / n;
  }

  /** Brings the flows through `a` or `b` up to now and gives them their new rates. */
  private retime(a: CsHost, b: CsHost): void {
    const t = this.sim.now;
    for (const f of this.flows) {
      if (f.src !== a && f.src !== b && f.dst !== a && f.dst !== b) continue;
      this.advance(f, t);
      f.rate = Math.min(this.capacity(f.src), this.capacity(f.dst));
      if (f.event >= 0) this.sim.cancel(f.event);
      f.event = this.sim.schedule(f.rate > 0 ? f.left / f.rate : 0, this.ev.phaseEnd, f.id);
    }
  }

  private advance(f: Flow, t: number): void {
    const dt = t - f.updatedAt;
    if (dt > 0) {
      const moved = Math.min(f.left, f.rate * dt);
      f.left -= moved;
      f.sent += moved;
      if (f.round >= 0) f.dirtied = Math.min(f.vm.ram, f.dirtied + this.p.dirtyRate * dt);
    }
    f.updatedAt = t;
  }

  private onPhaseEnd(id: number): void {
    const i = this.flows.findIndex((f) => f.id === id);
    const f = this.flows[i];
    const t = this.sim.now;
    this.advance(f, t);
    f.sent += f.left; // rounding: the phase is over
    f.left = 0;
    f.event = NO_EVENT;
    if (f.round >= 0) {
      const next = f.dirtied;
      const stop =
        next <= f.rate * this.p.downtime || f.round + 1 >= this.p.maxRounds || f.sent + next > this.p.maxFactor * f.vm.ram;
      f.dirtied = 0;
      f.left = next;
      if (stop) {
        f.round = -1 - f.round; // remembers how many pre-copy rounds ran
        f.pausedAt = t;
        f.vm.paused = true;
        this.onPause(f.vm, t);
      } else {
        f.round++;
      }
      f.event = this.sim.schedule(f.rate > 0 ? f.left / f.rate : 0, this.ev.phaseEnd, f.id);
      return;
    }
    this.flows.splice(i, 1);
    f.vm.paused = false;
    this.records.push({
      vm: f.vm.id, from: f.src.id, to: f.dst.id, start: f.start, end: t,
      downtime: t - f.pausedAt, rounds: -f.round, mib: f.sent,
    });
    this.onDone(f.vm, f.dst, t);
    this.retime(f.src, f.dst);
  }
}
