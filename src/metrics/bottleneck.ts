/**
 * The asymptotic-bounds view of an application (Denning and Buzen's operational
 * laws), computed from its specification alone. Every tier has up to three
 * stations: its CPUs (replicas x vCPUs servers), disks and network links (one per
 * replica). A station's demand D_k is the seconds of service one request needs
 * there on average (visits x mean service per visit, summed over classes weighted by
 * their mix). With m_k servers, throughput X <= m_k / D_k, so the bottleneck is the
 * station with the highest demand per server D_max, X <= 1 / D_max, and a closed
 * workload with think time Z saturates near N* = (D + Z) / D_max users, D the sum
 * of all demands (a lone request's response time).
 *
 * Thread and connection pools are soft resources: a visit holds its thread for its
 * own service and all of its downstream calls, so tier t's pool of m x T threads
 * bounds X <= m T / H_t, H_t the thread-seconds a request holds there when nothing
 * waits. Likewise for connection pools (held over the calls).
 */
import { distMean } from '../engine/distribution.js';
import type { ApplicationSpec } from '../scenario/types.js';

export type Resource = 'cpu' | 'disk' | 'network';

export interface StationDemand {
  tier: number;
  resource: Resource;
  /** Seconds per request, summed over servers. */
  demand: number;
  servers: number;
}

export interface Bottleneck {
  stations: StationDemand[];
  /** The station with the highest demand per server. */
  worst: StationDemand;
  dMax: number;
  /** Sum of all stations' demands, s. */
  totalDemand: number;
  /** Mean think time (closed workloads; 0 otherwise). */
  think: number;
  xMax: number;
  nStar: number;
  /** The tightest pool bound, when one is below the hardware bound. */
  soft?: { tier: number; pool: 'threads' | 'connections'; xMax: number };
  /** Per tier: thread-seconds and connection-seconds held per request. */
  threadHold: Float64Array;
  connHold: Float64Array;
}

/** Tier replica counts to evaluate at (default: the initial ones). */
export function bottleneck(app: ApplicationSpec, replicas?: readonly number[]): Bottleneck {
  const tiers = app.model.tiers;
  const n = tiers.length;
  const reps = replicas ?? tiers.map((t) => t.replicas);
  const cpu = new Float64Array(n), disk = new Float64Array(n), net = new Float64Array(n);
  const threadHold = new Float64Array(n), connHold = new Float64Array(n);
  const total = app.model.classes.reduce((s, c) => s + c.weight, 0);
  for (const c of app.model.classes) {
    const w = c.weight / total;
    const route = c.route;
    // Service per visit, and the hold time of a visit (its service plus its calls' holds), innermost first.
    const service = route.map((hop) => {
      const vm = tiers[hop.tier].vm;
      return {
        cpu: distMean(hop.cpu) / vm.mips,
        disk: hop.disk && vm.diskBw > 0 ? distMean(hop.disk) / vm.diskBw : 0,
        net: hop.network && vm.bw > 0 ? distMean(hop.network) / vm.bw : 0,
      };
    });
    const hold = new Float64Array(route.length);
    for (let h = route.length - 1; h >= 0; h--) {
      const s = service[h];
      hold[h] = s.cpu + s.disk + s.net + (h + 1 < route.length ? route[h + 1].visits * hold[h + 1] : 0);
    }
    let visits = 1;
    route.forEach((hop, h) => {
      if (h > 0) visits *= hop.visits;
      const t = hop.tier;
      cpu[t] += w * visits * service[h].cpu;
      disk[t] += w * visits * service[h].disk;
      net[t] += w * visits * service[h].net;
      threadHold[t] += w * visits * hold[h];
      if (h + 1 < route.length) connHold[t] += w * visits * route[h + 1].visits * hold[h + 1];
    });
  }
  const stations: StationDemand[] = [];
  for (let t = 0; t < n; t++) {
    stations.push({ tier: t, resource: 'cpu', demand: cpu[t], servers: reps[t] * tiers[t].vm.vcpus });
    if (disk[t] > 0) stations.push({ tier: t, resource: 'disk', demand: disk[t], servers: reps[t] });
    if (net[t] > 0) stations.push({ tier: t, resource: 'network', demand: net[t], servers: reps[t] });
  }
  let worst = stations[0];
  for (const s of stations) if (s.demand / s.servers > worst.demand / worst.servers) worst = s;
  const dMax = worst.demand / worst.servers;
  const totalDemand = stations.reduce((s, x) => s + x.demand, 0);
  const think = app.workload.kind === 'closed' ? distMean(app.workload.think) : 0;
  const xMax = 1 / dMax;
  let soft: Bottleneck['soft'];
  for (let t = 0; t < n; t++) {
    const pools = [
      { pool: 'threads' as const, size: tiers[t].threads, hold: threadHold[t] },
      { pool: 'connections' as const, size: tiers[t].connections, hold: connHold[t] },
    ];
    for (const p of pools) {
      if (p.size === Infinity || !(p.hold > 0)) continue;
      const x = (reps[t] * p.size) / p.hold;
      if (x < xMax && (soft === undefined || x < soft.xMax)) soft = { tier: t, pool: p.pool, xMax: x };
    }
  }
  return {
    stations, worst, dMax, totalDemand, think, xMax, nStar: (totalDemand + think) / dMax, soft, threadHold, connHold,
  };
}
