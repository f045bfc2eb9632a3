import { describe, expect, it } from 'vitest';
import { classResponseTimes, mixedDemands } from '../../src/analysis/classes.js';
import { exactMva, type Station } from '../../src/analysis/mva.js';
import { compositions, stationary } from './ctmc.js';

interface MixStation { kind: 'queue' | 'multi' | 'delay'; servers?: number }

/**
 * Direct CTMC of a closed cyclic network with a random class mix: a user leaving
 * think picks class c with probability mix[c] and visits every station once with
 * exponential service of mean demands[c][k]; queue and multi stations share their
 * min(n, servers) servers equally among the n present (processor sharing). State:
 * the number thinking, then per station the count of each class. Returns the
 * throughput and each class's mean response time (Little, per class).
 */
function classCtmc(stations: MixStation[], mix: number[], demands: number[][], z: number, users: number): { throughput: number; response: number[] } {
  const C = mix.length, K = stations.length, len = 1 + K * C;
  const { states, index } = compositions(len, users);
  const at = (k: number, c: number): number => 1 + k * C + c;
  const completions = (st: number[], k: number, c: number): number => {
    let n = 0;
    for (let d = 0; d < C; d++) n += st[at(k, d)];
    if (st[at(k, c)] === 0) return 0;
    const s = stations[k];
    const share = s.kind === 'delay' ? 1 : Math.min(n, s.kind === 'multi' ? (s.servers as number) : 1) / n;
    return (st[at(k, c)] * share) / demands[c][k];
  };
  const pi = stationary(states.length, (i, add) => {
    const st = states[i];
    const go = (from: number, to: number, rate: number): void => {
      const next = st.slice();
      next[from]--;
      next[to]++;
      add(index.get(next.join(',')) as number, rate);
    };
    for (let c = 0; c < C; c++) {
      if (st[0] > 0) go(0, at(0, c), (st[0] / z) * mix[c]);
      for (let k = 0; k < K; k++) {
        const r = completions(st, k, c);
        if (r > 0) go(at(k, c), k === K - 1 ? 0 : at(k + 1, c), r);
      }
    }
  });
  let throughput = 0;
  const inside = mix.map(() => 0);
  states.forEach((st, i) => {
    for (let c = 0; c < C; c++) {
      throughput += pi[i] * completions(st, K - 1, c);
      for (let k = 0; k < K; k++) inside[c] += pi[i] * st[at(k, c)];
    }
  });
  return { throughput, response: inside.map((l, c) => l / (throughput * mix[c])) };
}

describe('a random class mix', () => {
  it('by hand: D_k = Σ p_c D_ck', () => {
    expect(mixedDemands([0.25, 0.75], [[1, 0.4], [0.2, 2]])).toEqual([0.4, expect.closeTo(1.6, 14)]);
  });

  it('is exactly the single-class network of mixed demands, with per-class response times (CTMC, PS stations, N = 1..6, 1e-9)', () => {
    const kinds: MixStation[] = [{ kind: 'queue' }, { kind: 'multi', servers: 2 }, { kind: 'delay' }];
    const mix = [0.3, 0.7];
    const demands = [[0.2, 1.0, 0.5], [0.6, 0.3, 0.1]];
    const z = 1.5;
    const d = mixedDemands(mix, demands);
    const stations: Station[] = kinds.map((s, k) => ({ ...s, demand: d[k] }));
    const sol = exactMva({ stations, thinkTime: z }, 6);
    for (let n = 1; n <= 6; n++) {
      const ref = classCtmc(kinds, mix, demands, z, n);
      const p = sol.points[n - 1];
      expect(Math.abs(p.throughput - ref.throughput) / ref.throughput).toBeLessThan(1e-9);
      classResponseTimes(p, mix, demands).forEach((r, c) => expect(Math.abs(r - ref.response[c]) / ref.response[c]).toBeLessThan(1e-9));
    }
  });

  it('rejects a mix that does not sum to 1 or mismatched shapes', () => {
    expect(() => mixedDemands([0.5, 0.4], [[1], [1]])).toThrow(/sum to 0.9/);
    expect(() => mixedDemands([1], [[1], [1]])).toThrow(expect.objectContaining({ code: 'E_QUEUE_PARAM' }));
    expect(() => mixedDemands([0.5, 0.5], [[1, 2], [1]])).toThrow(/class 1 has demands at 1 stations/);
  });
});
