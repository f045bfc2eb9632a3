/**
 * A multi-tier application, request by request. A request of a class walks its
 * call chain: at each hop a load balancer picks a replica of the hop's tier; the
 * visit takes a worker thread (or waits in the replica's FIFO queue, or is
 * rejected when that is full), uses CPU (processor sharing on the replica's vCPUs,
 * whose rate the host grants the VM), then disk and network, then calls the next
 * hop `visits` times, synchronously: the thread stays held, and the calls first
 * take a connection from the replica's pool, held until the last call returns.
 *
 * Events carry numbers only (a replica index); requests and visits live in a
 * RequestTable. Each arrival or departure at a PS station costs O(log n).
 */
import { NO_EVENT, type Handler, type Simulation } from '../../engine/simulation.js';
import type { Datacenter } from '../datacenter.js';
import { VmState } from '../vm.js';
import { AppStats } from './app-stats.js';
import { Demands } from './demands.js';
import { IntQueue } from './int-queue.js';
import { IdBuffer, PsStation } from './ps-station.js';
import { enterCpu, popCpuDone, rescheduleCpu } from './replica-cpu.js';
import { C, Replica, ReplicaState, type ReplicaOwner } from './replica.js';
import { type LossOps, clearLostReplica, loseVisits } from './replica-loss.js';
import { RequestTable } from './requests.js';
import type { AppModelSpec } from './spec.js';
import type { AppContext, TierState } from './tier-state.js';

export type { AppContext, Balancer, TierState } from './tier-state.js';

type AppEvent = 'cpu' | 'disk' | 'net';

const DISK = 1, NET = 2;

export class Application implements ReplicaOwner, LossOps {
  readonly tiers: TierState[];
  readonly replicas: Replica[] = [];
  readonly requests: RequestTable;
  readonly stats: AppStats;
  private readonly ev: Record<AppEvent, number>;
  private readonly demands: Demands;
  private readonly routeTier: Int32Array[];
  /** Visits that finished at one event (handlers never nest, so one buffer serves all). */
  private readonly done = new IdBuffer();

  constructor(
    private readonly sim: Simulation,
    private readonly dc: Datacenter,
    readonly spec: AppModelSpec,
    private readonly ctx: AppContext,
  ) {
    const depth = Math.max(...spec.classes.map((c) => c.route.length));
    this.requests = new RequestTable(depth);
    this.stats = new AppStats(spec, sim);
    const handlers: Record<AppEvent, Handler> = {
      cpu: (i) => this.onCpu(this.replicas[i]),
      disk: (i) => this.onLink(this.replicas[i], DISK),
      net: (i) => this.onLink(this.replicas[i], NET),
    };
    this.ev = sim.register(handlers);
    this.demands = new Demands(spec, ctx.stream);
    this.routeTier = this.demands.routeTier;
    const base = `apps/${spec.name}`;
    this.tiers = spec.tiers.map((t) => ({
      spec: t, serving: [], all: [], backlog: new IntQueue(), turn: 0,
      balance: ctx.balancer(t), random: ctx.stream(`${base}/${t.name}/balancer`),
    }));
    this.tiers.forEach((t, i) => {
      for (let k = 0; k < t.spec.replicas; k++) this.addReplica(i);
    });
  }

  // --- replicas -------------------------------------------------------------

  /** Requests one more replica of a tier: a VM to place, boot, then serve. */
  addReplica(tier: number): Replica {
    const t = this.tiers[tier];
    const vmSpec = t.spec.vm;
    const vm = this.dc.requestVm(vmSpec, `${this.spec.name}/${t.spec.name}`);
    const now = this.sim.now;
    const disk = vmSpec.diskBw > 0 ? new PsStation(vmSpec.diskBw, now) : undefined;
    const net = vmSpec.bw > 0 ? new PsStation(vmSpec.bw, now) : undefined;
    const p = new Replica(
      this.replicas.length, tier, vm, t.spec.threads, t.spec.queueLimit, t.spec.connections, disk, net, this, now,
    );
    this.replicas.push(p);
    t.all.push(p);
    return p;
  }

  /**
   * Scales a tier in by one: a replica still starting is cancelled, else the newest
   * serving one stops taking visits and is destroyed once idle. False when none.
   */
  removeReplica(tier: number): boolean {
    const t = this.tiers[tier];
    for (let i = t.all.length - 1; i >= 0; i--) {
      const p = t.all[i];
      if (p.state === ReplicaState.Starting) {
        this.dc.destroyVm(p.vm);
        if (p.vm.state === VmState.Destroyed) this.markGone(p);
        return true;
      }
    }
    const p = t.serving.pop();
    if (p === undefined) return false;
    p.state = ReplicaState.Draining;
    this.destroyIfIdle(p);
    return true;
  }

  /** Replicas of a tier that are starting or serving (not draining or gone). */
  activeReplicas(tier: number): number {
    let n = 0;
    for (const p of this.tiers[tier].all) if (p.state === ReplicaState.Starting || p.state === ReplicaState.Serving) n++;
    return n;
  }

  replicaStarted(p: Replica): void {
    if (p.state !== ReplicaState.Starting) return;
    p.state = ReplicaState.Serving;
    p.startedAt = this.sim.now;
    p.touched = this.sim.now;
    const t = this.tiers[p.tier];
    t.serving.push(p);
    while (t.backlog.length > 0) {
      const v = t.backlog.shift();
      this.visitTier(v, p.tier);
    }
  }

  replicaEnded(p: Replica): void {
    if (p.state === ReplicaState.Serving || p.state === ReplicaState.Draining) this.lose(p);
    else this.markGone(p);
  }

  /** Its VM failed with its host: what was at the replica is lost (see replica-loss.ts). */
  private lose(p: Replica): void {
    const serving = this.tiers[p.tier].serving;
    const i = serving.indexOf(p);
    if (i >= 0) serving.splice(i, 1);
    clearLostReplica(p, this.sim);
    loseVisits(this, p);
  }

  /** Internal (replica-loss.ts): a request failed with a lost replica; its row stays until its deeper visits end. */
  requestFailed(r: number): void {
    const R = this.requests;
    this.stats.failed(R.cls[r]);
    this.ctx.onRequestEnd(R.user[r], false);
  }

  private markGone(p: Replica): void {
    if (p.state === ReplicaState.Gone) return;
    p.touch(this.sim.now);
    p.state = ReplicaState.Gone;
    p.endedAt = this.sim.now;
  }

  private destroyIfIdle(p: Replica): void {
    if (p.state === ReplicaState.Draining && p.busy === 0 && p.queue.length === 0) {
      this.markGone(p); // first: the VM's end is then not taken for a loss
      this.dc.destroyVm(p.vm);
    }
  }

  // --- requests -------------------------------------------------------------

  /** A request arrives now (from closed-workload user `user`, or -1). */
  arrive(user: number): void {
    const now = this.sim.now;
    const c = this.demands.drawClass();
    const r = this.requests.alloc(c, user, now);
    const v = r * this.requests.depth;
    this.requests.arrived[v] = now;
    this.visitTier(v, this.routeTier[c][0]);
  }

  /** Visit `v` (arrival time already set) goes to a replica of `tier`. */
  private visitTier(v: number, tier: number): void {
    const R = this.requests;
    const r = (v / R.depth) | 0;
    R.hop[r] = v - r * R.depth;
    const t = this.tiers[tier];
    const n = t.serving.length;
    if (n === 0) {
      R.replica[v] = -1; // at no replica yet
      t.backlog.push(v);
      return;
    }
    const i = n === 1 ? 0 : t.balance(t.serving, t.turn, t.random);
    t.turn++;
    const p = t.serving[i];
    R.replica[v] = p.index;
    const now = this.sim.now;
    if (p.busy < p.threads) {
      p.touch(now);
      p.busy++;
      this.phase(p, v, 0);
    } else if (p.queue.length < p.queueLimit) {
      p.touch(now);
      p.queue.push(v);
    } else {
      p.counters[C.rejected]++;
      this.abort(v);
    }
  }

  /** Runs visit `v` at replica `p` from phase `from` (0 CPU, 1 disk, 2 network; then its calls). */
  private phase(p: Replica, v: number, from: number): void {
    const R = this.requests;
    const d = R.depth;
    const r = (v / d) | 0;
    const h = v - r * d;
    const c = R.cls[r];
    const now = this.sim.now;
    if (from === 0) {
      const mi = this.demands.cpu[c][h]();
      if (mi > 0) {
        enterCpu(p, v, mi, R.end, now);
        this.dc.guestLoadChanged(p.vm);
        return;
      }
    }
    if (from <= DISK) {
      const s = this.demands.disk[c][h];
      const x = s === undefined ? 0 : s();
      if (x > 0) {
        this.enterLink(p, p.disk!, v, x, this.ev.disk);
        return;
      }
    }
    if (from <= NET) {
      const s = this.demands.net[c][h];
      const x = s === undefined ? 0 : s();
      if (x > 0) {
        this.enterLink(p, p.net!, v, x, this.ev.net);
        return;
      }
    }
    const route = this.routeTier[c];
    if (h + 1 < route.length && R.stop[r] < 0) {
      const calls = this.demands.drawCalls(c, h + 1);
      if (calls > 0) {
        R.callsLeft[v] = calls;
        p.touch(now);
        if (p.connsUsed < p.connections) {
          p.connsUsed++;
          p.counters[C.connCalls]++;
          this.call(v, route[h + 1]);
        } else {
          R.waitFrom[v] = now;
          p.connQueue.push(v);
        }
        return;
      }
    }
    this.finishVisit(p, v);
  }

  private call(v: number, tier: number): void {
    this.requests.arrived[v + 1] = this.sim.now;
    this.visitTier(v + 1, tier);
  }

  private enterLink(p: Replica, st: PsStation, v: number, x: number, kind: number): void {
    st.advance(this.sim.now);
    st.enter(v, x, this.requests.end);
    st.reschedule(this.sim, kind, p.index, this.requests.end);
  }

  private onLink(p: Replica, which: number): void {
    const st = which === DISK ? p.disk! : p.net!;
    st.event = NO_EVENT;
    const end = this.requests.end;
    const k = st.popDone(this.sim.now, end, this.done);
    st.reschedule(this.sim, which === DISK ? this.ev.disk : this.ev.net, p.index, end);
    const buf = this.done.ids;
    for (let i = 0; i < k; i++) this.phase(p, buf[i], which + 1);
  }

  /** The host changed the VM's rate or its busy cores changed: move its one completion event. */
  cpuRateChanged(p: Replica): void {
    rescheduleCpu(p, this.sim, this.ev.cpu, this.requests.end);
  }

  private onCpu(p: Replica): void {
    const k = popCpuDone(p, this.sim.now, this.requests.end, this.done);
    this.dc.guestLoadChanged(p.vm);
    const buf = this.done.ids;
    for (let i = 0; i < k; i++) this.phase(p, buf[i], DISK);
  }

  /** Visit `v` at `p` is done: reply to the caller (or end the request), free its thread. */
  private finishVisit(p: Replica, v: number): void {
    const now = this.sim.now;
    const R = this.requests;
    p.counters[C.visits]++;
    p.counters[C.residence] += now - R.arrived[v];
    this.releaseThread(p);
    const r = (v / R.depth) | 0;
    const h = v - r * R.depth;
    R.hop[r] = h - 1;
    if (R.stop[r] >= 0) this.unwind(r, h);
    else if (h === 0) this.endRequest(r, true);
    else this.replied(v - 1);
  }

  /** Visit (r, h) of a failed request is done: its caller gives up too, down to the lost visit. */
  private unwind(r: number, h: number): void {
    const R = this.requests;
    if (h - 1 === R.stop[r]) R.release(r);
    else this.replied(r * R.depth + h - 1);
  }

  /** A call made by visit `v` returned. */
  private replied(v: number): void {
    const R = this.requests;
    const p = this.replicas[R.replica[v]];
    const r = (v / R.depth) | 0;
    if (R.stop[r] >= 0) {
      // Its request failed: no more calls.
      this.releaseConnection(p);
      this.releaseThread(p);
      R.hop[r] = v - r * R.depth - 1;
      this.unwind(r, v - r * R.depth);
      return;
    }
    if (--R.callsLeft[v] > 0) {
      this.call(v, this.routeTier[R.cls[r]][v - r * R.depth + 1]);
      return;
    }
    this.releaseConnection(p);
    this.finishVisit(p, v);
  }

  /** Frees a thread of `p` (the next queued visit takes it). Internal; used by replica-loss.ts. */
  releaseThread(p: Replica): void {
    p.touch(this.sim.now);
    p.busy--;
    if (p.queue.length > 0) {
      p.busy++;
      this.phase(p, p.queue.shift(), 0);
    } else if (p.state === ReplicaState.Draining) {
      this.destroyIfIdle(p);
    }
  }

  /** Frees a connection of `p` (the next waiting visit takes it). Internal; used by replica-loss.ts. */
  releaseConnection(p: Replica): void {
    const now = this.sim.now;
    p.touch(now);
    const R = this.requests;
    let gaveUp: number[] | undefined;
    let handed = false;
    while (p.connQueue.length > 0) {
      const w = p.connQueue.shift();
      const r = (w / R.depth) | 0;
      if (R.stop[r] >= 0) {
        // Its request failed while it waited: it needs no connection any more.
        (gaveUp ??= []).push(w);
        continue;
      }
      p.counters[C.connCalls]++;
      p.counters[C.connWait] += now - R.waitFrom[w];
      this.call(w, this.routeTier[R.cls[r]][w - r * R.depth + 1]);
      handed = true;
      break;
    }
    if (!handed) p.connsUsed--;
    if (gaveUp) for (const w of gaveUp) this.finishVisit(p, w);
  }

  /** Visit `v` was rejected: its callers give up their connections and threads, the request ends. */
  private abort(v: number): void {
    const R = this.requests;
    const r = (v / R.depth) | 0;
    const failed = R.stop[r] >= 0;
    for (let u = v - 1; u > r * R.depth + R.stop[r]; u--) {
      const q = this.replicas[R.replica[u]];
      this.releaseConnection(q);
      this.releaseThread(q);
    }
    if (failed) R.release(r); // its user already heard of the failure
    else this.endRequest(r, false);
  }

  private endRequest(r: number, ok: boolean): void {
    const R = this.requests;
    const user = R.user[r];
    this.stats.request(R.cls[r], this.sim.now - R.start[r], ok);
    R.release(r);
    this.ctx.onRequestEnd(user, ok);
  }
}
