/**
 * Metrics of multi-tier applications: time-series rows (appended to timeseries.csv
 * at the core sampler's instants) and the final tables applications.csv,
 * classes.csv, tiers.csv and replicas.csv, plus the summary lines with the
 * bottleneck report. Every figure covers [warmup, end] unless it says otherwise.
 */
import { MAX_PRIORITY, type Handler, type Simulation } from '../engine/simulation.js';
import type { Application } from '../model/apps/application.js';
import { C, COUNTER_SLOTS, ReplicaState } from '../model/apps/replica.js';
import { AUTOSCALE_METRICS } from '../policies/autoscale.js';
import type { ApplicationSpec } from '../scenario/types.js';
import { bottleneck } from './bottleneck.js';
import { cell, type Cell, type Table } from './table.js';
import { type TierTotals, replicaTotals, tierTotals, tierWindow } from './app-windows.js';

export interface AppRun {
  spec: ApplicationSpec;
  app: Application;
}

type MetricsEvent = 'warm' | 'sample';

export class AppMetrics {
  /** Per app: replica counters at its warm-up (replicas created later start from 0). */
  private readonly base: Map<number, Float64Array>[];
  private readonly ev: Record<MetricsEvent, number>;
  private last = 0;
  private prevTiers: TierTotals[][];
  private prevApp: { completed: number; rejected: number; response: number }[];

  constructor(
    private readonly sim: Simulation,
    private readonly runs: readonly AppRun[],
    private readonly rows: Cell[][],
    private readonly interval: number,
    private readonly until: number,
  ) {
    const handlers: Record<MetricsEvent, Handler> = { warm: (i) => this.onWarm(i), sample: () => this.onSample() };
    this.ev = sim.register(handlers);
    this.base = runs.map(() => new Map());
    runs.forEach((r, i) => {
      if (r.spec.model.warmup > 0) sim.scheduleAt(r.spec.model.warmup, this.ev.warm, i, 0, undefined, MAX_PRIORITY - 1);
    });
    this.prevTiers = runs.map((r) => r.app.tiers.map((_, t) => tierTotals(r.app, t, 0)));
    this.prevApp = runs.map(() => ({ completed: 0, rejected: 0, response: 0 }));
    if (interval <= until) sim.scheduleAt(interval, this.ev.sample, 0, 0, undefined, MAX_PRIORITY);
  }

  private onWarm(i: number): void {
    const now = this.sim.now;
    for (const p of this.runs[i].app.replicas) this.base[i].set(p.index, replicaTotals(p, now));
  }

  private onSample(): void {
    this.sample();
    const next = this.last + this.interval;
    if (next <= this.until) this.sim.scheduleAt(next, this.ev.sample, 0, 0, undefined, MAX_PRIORITY);
  }

  /** Takes the last, possibly shorter, sample at the end of the run. */
  finish(): void {
    if (this.sim.now > this.last) this.sample();
  }

  private sample(): void {
    const t = this.sim.now;
    const dt = t - this.last;
    this.last = t;
    let tierId = 0;
    this.runs.forEach(({ app }, a) => {
      const s = app.stats;
      const prev = this.prevApp[a];
      const done = s.completedTotal - prev.completed;
      this.rows.push(
        [t, 'application', a, 'throughput_per_s', done / dt],
        [t, 'application', a, 'response_time_mean_s', cell(done > 0 ? (s.responseTotal - prev.response) / done : NaN)],
        [t, 'application', a, 'rejected', s.rejectedTotal - prev.rejected],
        [t, 'application', a, 'requests_in_flight', app.requests.inFlight],
      );
      this.prevApp[a] = { completed: s.completedTotal, rejected: s.rejectedTotal, response: s.responseTotal };
      app.tiers.forEach((tier, k) => {
        const now = tierTotals(app, k, t);
        const w = tierWindow(now, this.prevTiers[a][k]);
        this.prevTiers[a][k] = now;
        let starting = 0;
        for (const p of tier.all) if (p.state === ReplicaState.Starting) starting++;
        this.rows.push(
          [t, 'tier', tierId, 'replicas', tier.serving.length],
          [t, 'tier', tierId, 'replicas_starting', starting],
          [t, 'tier', tierId, 'cpu_utilization', cell(AUTOSCALE_METRICS.cpu(w))],
          [t, 'tier', tierId, 'queue_length', cell(AUTOSCALE_METRICS.queue(w))],
          [t, 'tier', tierId, 'response_time_mean_s', cell(AUTOSCALE_METRICS.response_time(w))],
        );
        tierId++;
      });
    });
  }

  /** A replica's counters over [warmup, now]. */
  private windowOf(a: number, index: number): Float64Array {
    const p = this.runs[a].app.replicas[index];
    const now = replicaTotals(p, this.sim.now);
    const b = this.base[a].get(index);
    if (b && this.sim.now >= this.runs[a].spec.model.warmup) for (let i = 0; i < COUNTER_SLOTS; i++) now[i] -= b[i];
    return now;
  }

  tables(): Record<string, Table> {
    const apps: Cell[][] = [], classes: Cell[][] = [], tiers: Cell[][] = [], replicas: Cell[][] = [];
    let tierId = 0;
    this.runs.forEach(({ spec, app }, a) => {
      const m = spec.model;
      const span = Math.max(0, this.sim.now - m.warmup);
      const s = app.stats;
      const b = bottleneck(spec);
      const done = s.response.count, rejected = s.rejected;
      const w = spec.workload;
      apps.push([
        m.name, w.kind, w.kind === 'closed' ? w.users : '', done, rejected, s.failedCount,
        cell(done + rejected > 0 ? rejected / (done + rejected) : NaN),
        span > 0 ? done / span : 0, cell(s.response.mean), cell(s.response.quantile(0.5)),
        cell(s.response.quantile(0.95)), cell(s.response.quantile(0.99)),
        m.tiers[b.worst.tier].name, b.worst.resource, b.dMax, b.totalDemand, b.think, b.xMax,
        w.kind === 'closed' ? b.nStar : '',
        b.soft ? `${m.tiers[b.soft.tier].name}/${b.soft.pool}` : '', b.soft ? b.soft.xMax : '',
        ...atMax(spec, (x) => [m.tiers[x.worst.tier].name, x.xMax], ['', '']),
      ]);
      m.classes.forEach((c, k) => {
        const h = s.classResponse[k];
        classes.push([
          m.name, c.name, h.count, s.classRejected[k], cell(h.mean), cell(h.quantile(0.5)), cell(h.quantile(0.95)), cell(h.quantile(0.99)),
        ]);
      });
      app.tiers.forEach((tier, k) => {
        const sum = new Float64Array(COUNTER_SLOTS);
        let capTime = 0;
        const rows: Cell[][] = [];
        for (const p of tier.all) {
          const c = this.windowOf(a, p.index);
          for (let i = 0; i < COUNTER_SLOTS; i++) sum[i] += c[i];
          capTime += p.vm.vcpus * p.vm.mips * c[C.upTime];
          rows.push([m.name, m.tiers[k].name, p.index, p.vm.id, p.vm.host >= 0 ? p.vm.host : '', cell(p.startedAt), cell(p.endedAt), ...this.figures(c, p.vm.vcpus * p.vm.mips * c[C.upTime], tier.spec.threads, c[C.upTime])]);
        }
        replicas.push(...rows);
        const st = b.stations.find((x) => x.tier === k && x.resource === 'cpu')!;
        tiers.push([
          tierId, m.name, m.tiers[k].name, m.tiers[k].vmType, m.tiers[k].replicas, tier.serving.length,
          span > 0 ? sum[C.upTime] / span : 0, m.tiers[k].vm.vcpus, inf(m.tiers[k].threads), inf(m.tiers[k].connections),
          st.demand, b.threadHold[k], ...this.figures(sum, capTime, tier.spec.threads, sum[C.upTime]),
        ]);
        tierId++;
      });
    });
    return {
      applications: { columns: APPLICATIONS_COLUMNS, rows: apps },
      classes: { columns: CLASSES_COLUMNS, rows: classes },
      tiers: { columns: TIERS_COLUMNS, rows: tiers },
      replicas: { columns: REPLICAS_COLUMNS, rows: replicas },
    };
  }

  /** The columns tiers.csv and replicas.csv share (FIGURE_COLUMNS). */
  private figures(c: Float64Array, capTime: number, threads: number, up: number): Cell[] {
    const per = (x: number) => cell(up > 0 ? x / up : NaN);
    return [
      c[C.visits], cell(c[C.visits] > 0 ? c[C.residence] / c[C.visits] : NaN),
      cell(capTime > 0 ? c[C.cpuMi] / capTime : NaN), per(c[C.diskBusy]), per(c[C.netBusy]),
      per(c[C.queueArea]), per(c[C.busyArea]),
      threads === Infinity ? '' : cell(up > 0 ? c[C.busyArea] / (up * threads) : NaN),
      per(c[C.connArea]), c[C.connCalls], cell(c[C.connCalls] > 0 ? c[C.connWait] / c[C.connCalls] : NaN), c[C.rejected],
    ];
  }

  /** Summary lines: per application, its figures and its bottleneck report. */
  report(): string[] {
    const lines: string[] = [];
    const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
    this.runs.forEach(({ spec, app }) => {
      const m = spec.model;
      const s = app.stats;
      const span = Math.max(0, this.sim.now - m.warmup);
      const h = s.response;
      lines.push(
        `  app ${m.name}: ${h.count} requests completed, ${s.rejected} rejected, ${s.failedCount > 0 ? `${s.failedCount} lost with a replica, ` : ''}${f(span > 0 ? h.count / span : 0, 2)}/s; response mean ${f(h.mean)} s, p50 ${f(h.quantile(0.5))}, p95 ${f(h.quantile(0.95))}, p99 ${f(h.quantile(0.99))} s`,
      );
      const b = bottleneck(spec);
      const worst = `${m.tiers[b.worst.tier].name} ${b.worst.resource}`;
      const closed = spec.workload.kind === 'closed'
        ? `, N* = (D + Z) / D_max = (${f(b.totalDemand, 4)} + ${f(b.think, 2)}) / ${f(b.dMax, 4)} = ${f(b.nStar, 1)} users`
        : '';
      lines.push(`    bottleneck: ${worst}, demand per server D_max = ${f(b.dMax, 4)} s: X <= 1/D_max = ${f(b.xMax, 2)}/s${closed}`);
      lines.push(...atMax(spec, (x) => [`    with autoscaled tiers at their maximum: bottleneck ${m.tiers[x.worst.tier].name} ${x.worst.resource}, X <= ${f(x.xMax, 2)}/s`], []));
      if (b.soft) lines.push(`    soft bottleneck: the ${b.soft.pool} of tier ${m.tiers[b.soft.tier].name} allow X <= ${f(b.soft.xMax, 2)}/s, below the hardware bound`);
    });
    return lines;
  }
}

const inf = (x: number): Cell => (x === Infinity ? '' : x);

/** `f` of the bottleneck with every autoscaled tier at its maximum, or `none` without autoscaling. */
function atMax<T>(spec: ApplicationSpec, f: (b: ReturnType<typeof bottleneck>) => T[], none: T[]): T[] {
  if (spec.autoscale.every((r) => r === undefined)) return none;
  return f(bottleneck(spec, spec.model.tiers.map((t, k) => spec.autoscale[k]?.max ?? t.replicas)));
}

export const APPLICATIONS_COLUMNS = [
  'application', 'workload', 'users', 'requests_completed', 'requests_rejected', 'requests_failed', 'rejection_ratio', 'throughput_per_s',
  'response_time_mean_s', 'response_time_p50_s', 'response_time_p95_s', 'response_time_p99_s',
  'bottleneck_tier', 'bottleneck_resource', 'bottleneck_demand_per_server_s', 'total_demand_s', 'think_time_s',
  'throughput_bound_per_s', 'n_star', 'soft_bottleneck', 'soft_throughput_bound_per_s',
  'bottleneck_tier_at_max', 'throughput_bound_at_max_per_s',
] as const;
export const CLASSES_COLUMNS = [
  'application', 'class', 'requests_completed', 'requests_rejected', 'response_time_mean_s', 'response_time_p50_s',
  'response_time_p95_s', 'response_time_p99_s',
] as const;
const FIGURE_COLUMNS = [
  'visits', 'residence_time_mean_s', 'cpu_utilization', 'disk_utilization', 'network_utilization', 'queue_length_mean',
  'threads_busy_mean', 'thread_pool_occupancy', 'connections_busy_mean', 'connection_acquisitions', 'connection_wait_mean_s',
  'rejections',
] as const;
export const TIERS_COLUMNS = [
  'tier_id', 'application', 'tier', 'vm_type', 'replicas_initial', 'replicas_end', 'replicas_mean', 'vcpus', 'threads',
  'connections', 'cpu_demand_s', 'thread_hold_s', ...FIGURE_COLUMNS,
] as const;
export const REPLICAS_COLUMNS = [
  'application', 'tier', 'replica', 'vm', 'host', 'started_s', 'ended_s', ...FIGURE_COLUMNS,
] as const;
