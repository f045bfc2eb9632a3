/**
 * Running totals of application replicas and tiers, and their differences over a
 * window: what the autoscaler, the time series and the final tables all measure.
 */
import type { Application } from '../model/apps/application.js';
import { C, COUNTER_SLOTS, type Replica } from '../model/apps/replica.js';
import type { TierWindow } from '../policies/autoscale.js';

/** Totals of one tier's replicas (see C), plus MIPS x s of capacity while serving. */
export interface TierTotals {
  sums: Float64Array;
  capacityTime: number;
}

const scratch = new Float64Array(COUNTER_SLOTS);

export function tierTotals(app: Application, tier: number, now: number): TierTotals {
  const sums = new Float64Array(COUNTER_SLOTS);
  let capacityTime = 0;
  for (const p of app.tiers[tier].all) {
    p.snapshot(now, scratch);
    for (let i = 0; i < COUNTER_SLOTS; i++) sums[i] += scratch[i];
    capacityTime += p.vm.vcpus * p.vm.mips * scratch[C.upTime];
  }
  return { sums, capacityTime };
}

export function tierWindow(now: TierTotals, before: TierTotals | undefined): TierWindow {
  const d = (i: number) => now.sums[i] - (before ? before.sums[i] : 0);
  return {
    cpuMi: d(C.cpuMi),
    capacityTime: now.capacityTime - (before ? before.capacityTime : 0),
    queueArea: d(C.queueArea),
    replicaTime: d(C.upTime),
    visits: d(C.visits),
    residence: d(C.residence),
  };
}

/** A replica's counters at `now` (a new array). */
export function replicaTotals(p: Replica, now: number): Float64Array {
  const out = new Float64Array(COUNTER_SLOTS);
  p.snapshot(now, out);
  return out;
}
