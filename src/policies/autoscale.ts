/**
 * Reactive autoscaling of application tiers: pure functions. A metric turns what a
 * tier did during the last evaluation window into one number; the rule compares it
 * with its thresholds and says whether to add a replica, remove one, or wait.
 */

/** What a tier's replicas did during one window (differences of running totals). */
export interface TierWindow {
  /** MI executed, and MIPS x seconds of capacity of the serving replicas. */
  cpuMi: number;
  capacityTime: number;
  /** Integral of visits waiting for a thread, and replica-seconds of serving. */
  queueArea: number;
  replicaTime: number;
  /** Visits completed and the sum of their residence times, s. */
  visits: number;
  residence: number;
}

export const AUTOSCALE_METRICS = {
  /** Mean CPU utilization of the serving replicas, 0..1. */
  cpu: (w: TierWindow) => (w.capacityTime > 0 ? w.cpuMi / w.capacityTime : NaN),
  /** Mean number of visits waiting for a thread, per replica. */
  queue: (w: TierWindow) => (w.replicaTime > 0 ? w.queueArea / w.replicaTime : NaN),
  /** Mean residence time of the tier's visits (queueing, service and downstream calls), s. */
  response_time: (w: TierWindow) => (w.visits > 0 ? w.residence / w.visits : NaN),
} as const satisfies Record<string, (w: TierWindow) => number>;

export type AutoscaleMetric = keyof typeof AUTOSCALE_METRICS;
export const AUTOSCALE_METRIC_NAMES = Object.keys(AUTOSCALE_METRICS) as AutoscaleMetric[];

export interface AutoscaleRule {
  metric: AutoscaleMetric;
  /** Add a replica when the metric is above this. */
  scaleOut: number;
  /** Remove one when it is below this (-Infinity: never scale in). */
  scaleIn: number;
  /** Evaluation window (and period), s. */
  window: number;
  /** No decision within this time of the last scaling action, s. */
  cooldown: number;
  min: number;
  max: number;
}

/**
 * +1 (add a replica), -1 (remove one) or 0. `replicas` counts those starting or
 * serving; `value` is NaN when the window saw nothing to measure.
 */
export function autoscaleDecision(rule: AutoscaleRule, value: number, replicas: number, now: number, lastAction: number): -1 | 0 | 1 {
  if (now - lastAction < rule.cooldown) return 0;
  if (replicas < rule.min) return 1;
  if (replicas > rule.max) return -1;
  if (Number.isNaN(value)) return 0;
  if (value > rule.scaleOut && replicas < rule.max) return 1;
  if (value < rule.scaleIn && replicas > rule.min) return -1;
  return 0;
}
