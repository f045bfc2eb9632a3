/**
 * `dcsim analyze`: each application of a scenario solved analytically where it is a
 * product-form network, next to what the simulation gives. Every tier replica
 * contributes a CPU station (a single-server queue, or a load-dependent multi-server
 * station for several vCPUs: both processor sharing, insensitive to the demand's
 * distribution), and disk and network stations where it has those demands. A closed
 * workload is solved by exact MVA at its population with its mean think time; a
 * Poisson one by Jackson's theorem (Erlang C per station). Thread, queue and
 * connection limits, non-Poisson arrivals and CPU overcommit break the product form:
 * such applications are reported as not analysable, with the reasons.
 */
import { exactMva, jackson, type Station } from '../analysis/index.js';
import { distMean } from '../engine/distribution.js';
import { bottleneck } from '../metrics/bottleneck.js';
import type { ApplicationSpec, ScenarioConfig } from '../scenario/types.js';
import { simulate, type RunResult } from './simulate.js';

export interface Comparison {
  figure: string;
  predicted: number;
  simulated: number;
}

export interface AppAnalysis {
  app: string;
  /** What was solved, e.g. "exact MVA, 1200 users, 5 stations". Undefined when not analysable. */
  method?: string;
  /** Why the application is not a product-form network (empty when it is). */
  reasons: string[];
  /** Approximations made (e.g. balancing by random splitting). */
  notes: string[];
  rows: Comparison[];
}

/** Analyses every application of `config` and, unless `simulate` is false, runs it to compare. */
export function analyzeScenario(config: ScenarioConfig, opts: { simulate?: boolean } = {}): { apps: AppAnalysis[]; result?: RunResult } {
  // No simulation when nothing can be compared with it.
  const any = (config.applications ?? []).some((spec) => reasonsAgainst(config, spec).length === 0);
  const result = opts.simulate === false || !any ? undefined : simulate(config);
  const apps = (config.applications ?? []).map((spec, i) => analyzeApp(config, spec, i, result));
  return { apps, result };
}

function reasonsAgainst(config: ScenarioConfig, spec: ApplicationSpec): string[] {
  const reasons: string[] = [];
  for (const t of spec.model.tiers) {
    if (t.threads !== Infinity) reasons.push(`tier ${t.name} has a thread limit (threads: ${t.threads})`);
    if (t.queueLimit !== Infinity && t.threads !== Infinity) reasons.push(`tier ${t.name} has a queue limit (queue_limit: ${t.queueLimit})`);
    if (t.connections !== Infinity) reasons.push(`tier ${t.name} has a connection pool (connections: ${t.connections})`);
  }
  const w = spec.workload;
  if (w.kind !== 'closed' && w.kind !== 'poisson') reasons.push(`its ${w.kind} workload is not a stationary Poisson stream (use users or rate)`);
  if (config.datacenter.cpuOvercommit > 1) reasons.push('cpu_overcommit > 1: replicas may get less than their vCPUs');
  return reasons;
}

function analyzeApp(config: ScenarioConfig, spec: ApplicationSpec, index: number, result: RunResult | undefined): AppAnalysis {
  const m = spec.model;
  const out: AppAnalysis = { app: m.name, reasons: reasonsAgainst(config, spec), notes: [], rows: [] };
  if (out.reasons.length > 0) return out;
  if (spec.autoscale.some((r) => r !== undefined)) out.notes.push('autoscaled tiers are solved at their initial replica counts');
  // Visits per request of each tier (for the per-visit service times of open stations).
  const visits = new Float64Array(m.tiers.length);
  const total = m.classes.reduce((s, c) => s + c.weight, 0);
  for (const c of m.classes) {
    let v = 1;
    c.route.forEach((hop, h) => {
      if (h > 0) v *= hop.visits;
      visits[hop.tier] += (c.weight / total) * v;
    });
  }
  const b = bottleneck(spec);
  const stations: (Station & { tier: number; resource: string; visits: number })[] = [];
  for (const s of b.stations) {
    const t = m.tiers[s.tier];
    if (t.replicas > 1 && t.balancer !== 'random') {
      const note = `tier ${t.name}: ${t.replicas} replicas approximated by random splitting (its balancer is ${t.balancer})`;
      if (!out.notes.includes(note)) out.notes.push(note);
    }
    const c = s.resource === 'cpu' ? t.vm.vcpus : 1;
    for (let k = 0; k < t.replicas; k++) {
      stations.push({
        name: `${t.name}/${k} ${s.resource}`, kind: c > 1 ? 'multi' : 'queue', ...(c > 1 && { servers: c }),
        demand: s.demand / t.replicas, tier: s.tier, resource: s.resource, visits: visits[s.tier] / t.replicas,
      });
    }
  }
  // Utilization per (tier, resource): every replica's station has the same.
  const utilization = new Map<string, number>();
  let x: number, r: number;
  const w = spec.workload;
  if (w.kind === 'closed') {
    const think = distMean(w.think);
    const point = exactMva({ stations, thinkTime: think }, w.users).points[w.users - 1];
    x = point.throughput;
    r = point.responseTime;
    stations.forEach((s, k) => utilization.set(`${s.tier} ${s.resource}`, point.stations[k].utilization));
    out.method = `exact MVA, ${w.users} users, think time ${think} s, ${stations.length} stations`;
  } else if (w.kind === 'poisson') {
    const sol = jackson({
      lambda: w.rate,
      stations: stations.map((s) => ({ name: s.name, kind: s.kind, servers: s.servers, visits: s.visits, serviceTime: s.visits > 0 ? s.demand / s.visits : 0 })),
    });
    x = sol.throughput;
    r = sol.responseTime;
    stations.forEach((s, k) => utilization.set(`${s.tier} ${s.resource}`, sol.stations[k].utilization));
    out.method = `Jackson network (Erlang C per station), ${w.rate} requests/s, ${stations.length} stations`;
    if (!sol.stable) out.notes.push(`unstable: ${sol.unstable.map((u) => u.name).join(', ')} at utilization >= 1`);
  } else return out;

  const sim = (stem: string, col: string, row: number) => {
    const t = result?.extra?.[stem];
    return t ? Number(t.rows[row][t.columns.indexOf(col)]) : NaN;
  };
  out.rows.push({ figure: 'throughput (requests/s)', predicted: x, simulated: sim('applications', 'throughput_per_s', index) });
  out.rows.push({ figure: 'response time mean (s)', predicted: r, simulated: sim('applications', 'response_time_mean_s', index) });
  const firstTier = (config.applications ?? []).slice(0, index).reduce((n, a) => n + a.model.tiers.length, 0);
  for (const [key, u] of utilization) {
    const [t, resource] = key.split(' ');
    out.rows.push({
      figure: `${m.tiers[Number(t)].name} ${resource} utilization`,
      predicted: u,
      simulated: sim('tiers', `${resource}_utilization`, firstTier + Number(t)),
    });
  }
  return out;
}
