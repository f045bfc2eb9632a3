/**
 * A random mix of request classes in a closed network. When each request picks its
 * class independently with probability p_c, the classes form one chain with class
 * switching (Baskett, Chandy, Muntz and Palacios, JACM 22(2), 1975), and at
 * processor-sharing and delay stations the product form sums over the class
 * make-up of a queue by the multinomial theorem: the network is, exactly, a
 * single-class one with demand D_k = Σ_c p_c D_{c,k}. By the arrival theorem a
 * class-c request then spends D_{c,k} / D_k of the single-class residence time R_k
 * at station k (all requests at a PS station are slowed alike), so
 *   R_c(N) = Σ_k (D_{c,k} / D_k) R_k(N).
 * FCFS stations are product form only when every class has the same service time
 * there; give class-dependent demands to PS (or delay) stations only.
 */
import { InputError } from '../errors.js';
import { nonNegative } from './check.js';
import type { MvaPoint } from './mva.js';

function checkMix(mix: readonly number[], demands: readonly (readonly number[])[]): void {
  if (mix.length === 0 || mix.length !== demands.length) {
    throw new InputError('E_QUEUE_PARAM', `a class mix needs one probability per class: ${mix.length} probabilities for ${demands.length} classes`);
  }
  mix.forEach((p, c) => nonNegative(`mix probability of class ${c}`, p));
  const total = mix.reduce((s, p) => s + p, 0);
  if (Math.abs(total - 1) > 1e-9) throw new InputError('E_QUEUE_PARAM', `class mix probabilities sum to ${total}, not 1`);
  const k = demands[0].length;
  demands.forEach((row, c) => {
    if (row.length !== k) throw new InputError('E_QUEUE_PARAM', `class ${c} has demands at ${row.length} stations, class 0 at ${k}`);
    row.forEach((d, s) => nonNegative(`demand of class ${c} at station ${s}`, d));
  });
}

/** D_k = Σ_c p_c D_{c,k}: the single-class demands of the mix (demands[class][station]). */
export function mixedDemands(mix: readonly number[], demands: readonly (readonly number[])[]): number[] {
  checkMix(mix, demands);
  return demands[0].map((_, k) => demands.reduce((s, row, c) => s + mix[c] * row[k], 0));
}

/**
 * Mean response time of each class (excluding think time) at one population of the
 * single-class solution of mixedDemands(mix, demands).
 */
export function classResponseTimes(point: MvaPoint, mix: readonly number[], demands: readonly (readonly number[])[]): number[] {
  const total = mixedDemands(mix, demands);
  if (total.length !== point.stations.length) {
    throw new InputError('E_QUEUE_PARAM', `the class demands cover ${total.length} stations, the solution ${point.stations.length}`);
  }
  return demands.map((row) => row.reduce((s, d, k) => (d === 0 ? s : s + (d / total[k]) * point.stations[k].residenceTime), 0));
}
