/**
 * Runs the scenario's multi-tier applications: for each, its workload driver, the
 * application model (its replicas are VMs the datacenter places, so they share
 * hosts with everything else), its tiers' autoscalers and its metrics.
 */
import type { RandomStreams } from '../engine/random.js';
import type { Handler, Simulation } from '../engine/simulation.js';
import { Application } from '../model/apps/application.js';
import type { Datacenter } from '../model/datacenter.js';
import { AppMetrics, type AppRun } from '../metrics/apps.js';
import { type TierTotals, tierTotals, tierWindow } from '../metrics/app-windows.js';
import type { Cell } from '../metrics/table.js';
import { AUTOSCALE_METRICS, autoscaleDecision } from '../policies/autoscale.js';
import { BALANCERS, type BalancerName } from '../policies/balancers.js';
import type { ScenarioConfig } from '../scenario/types.js';
import { AppWorkloadDriver } from '../workload/app-arrivals.js';

type ScaleEvent = 'evaluate';

export function startApplications(
  sim: Simulation,
  dc: Datacenter,
  config: ScenarioConfig,
  streams: RandomStreams,
  timeseriesRows: Cell[][],
): AppMetrics {
  const runs: AppRun[] = (config.applications ?? []).map((spec) => {
    const name = spec.model.name;
    const driver = new AppWorkloadDriver(sim, spec.workload, (s) => streams.rng(`apps/${name}/${s}`));
    const app = new Application(sim, dc, spec.model, {
      stream: (s) => streams.rng(s),
      balancer: (t) => BALANCERS[t.balancer as BalancerName],
      onRequestEnd: (user) => driver.ended(user),
    });
    driver.start(app);
    return { spec, app };
  });
  startAutoscalers(sim, runs, config.duration);
  return new AppMetrics(sim, runs, timeseriesRows, config.metrics.interval, config.duration);
}

/** Every window, each autoscaled tier compares its metric over that window with its rule. */
function startAutoscalers(sim: Simulation, runs: readonly AppRun[], until: number): void {
  const state = runs.map((r) => r.app.tiers.map(() => ({ prev: undefined as TierTotals | undefined, lastAction: -Infinity })));
  const handlers: Record<ScaleEvent, Handler> = {
    evaluate: (a, k) => {
      const { spec, app } = runs[a];
      const rule = spec.autoscale[k]!;
      const now = sim.now;
      const st = state[a][k];
      const totals = tierTotals(app, k, now);
      const value = AUTOSCALE_METRICS[rule.metric](tierWindow(totals, st.prev));
      st.prev = totals;
      const d = autoscaleDecision(rule, value, app.activeReplicas(k), now, st.lastAction);
      if (d > 0) app.addReplica(k);
      else if (d < 0) app.removeReplica(k);
      if (d !== 0) st.lastAction = now;
      if (now + rule.window <= until) sim.schedule(rule.window, ev.evaluate, a, k);
    },
  };
  const ev = sim.register(handlers);
  runs.forEach((r, a) =>
    r.spec.autoscale.forEach((rule, k) => {
      if (rule) {
        state[a][k].prev = tierTotals(r.app, k, 0);
        if (rule.window <= until) sim.scheduleAt(rule.window, ev.evaluate, a, k);
      }
    }),
  );
}
