/**
 * Shards: `--shard i/n` runs the runs whose position k (0-based, in definition order)
 * has k mod n = i - 1. i is 1-based (1 ≤ i ≤ n), as Slurm array indices usually are;
 * a Kubernetes Indexed Job passes $((JOB_COMPLETION_INDEX + 1)). Round-robin slices
 * spread every variant over all shards.
 */
import { InputError } from '../errors.js';

export interface ShardSpec {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const bad = (why: string) => new InputError('E_SHARD', `--shard "${text}": ${why}`);
  if (!m) throw bad('expected i/n with 1 <= i <= n, e.g. --shard 2/4');
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw bad('the shard count n must be at least 1');
  if (index < 1 || index > count) throw bad(`the shard index must be from 1 to ${count} (shards are numbered from 1)`);
  return { index, count };
}

export function shardRuns<T>(runs: readonly T[], shard: ShardSpec): T[] {
  return runs.filter((_, k) => k % shard.count === shard.index - 1);
}
