/**
 * The cluster examples run for real, with the scheduler left out: the Slurm scripts
 * under bash with the array variables Slurm would set (and `npx dcsim` pointing at
 * this checkout's build), the Kubernetes Indexed Job's command under sh with each
 * JOB_COMPLETION_INDEX. Their merged sweep.csv must be a single machine's.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { planBatch } from '../../src/batch/plan.js';
import { runBatch } from '../../src/batch/runner.js';
import { sweepScenario, tmp, writeScenario } from './helpers.js';

const CLI = resolve('dist/build/loader.cjs');

async function single(file: string, dir: string): Promise<string> {
  await runBatch(planBatch(file, { sweep: true }), { out: join(dir, 'single'), workers: 0 });
  return readFileSync(join(dir, 'single', 'sweep.csv'), 'utf8');
}

describe('examples/cluster', () => {
  it('Slurm: three array tasks and the merge give the single-machine sweep.csv', async () => {
    const dir = tmp();
    const file = writeScenario(dir, sweepScenario());
    const bin = join(dir, 'bin');
    execFileSync('mkdir', ['-p', bin]);
    writeFileSync(join(bin, 'npx'), `#!/bin/sh\n[ "$1" = dcsim ] && shift\nexec "${process.execPath}" "${CLI}" "$@" --quiet\n`);
    chmodSync(join(bin, 'npx'), 0o755);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, SCENARIO: file, OUT: join(dir, 'out'), SLURM_ARRAY_TASK_COUNT: '3', SLURM_CPUS_PER_TASK: '1' };
    for (const i of [1, 2, 3]) execFileSync('bash', [resolve('examples/cluster/slurm/sweep.sbatch')], { env: { ...env, SLURM_ARRAY_TASK_ID: String(i) } });
    execFileSync('bash', [resolve('examples/cluster/slurm/merge.sbatch')], { env });
    expect(readFileSync(join(dir, 'out', 'merged', 'sweep.csv'), 'utf8')).toBe(await single(file, dir));
  }, 60_000);

  it('Kubernetes: the Indexed Job command for indices 0..2 and the merge Job give the single-machine sweep.csv', async () => {
    const dir = tmp();
    const file = writeScenario(dir, sweepScenario());
    const docs = (f: string) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS());
    const [job] = docs('examples/cluster/kubernetes/sweep-job.yaml');
    expect(job.spec.completionMode).toBe('Indexed');
    const container = job.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(Number(env.SHARDS)).toBe(job.spec.completions);
    const local = (cmd: string) => cmd.replaceAll('/dcsim/dist/build/loader.cjs', CLI).replaceAll('/results', join(dir, 'results')).replace(/^exec node/, `exec "${process.execPath}"`).replace('; exec node', `; exec "${process.execPath}"`);
    for (const index of [0, 1, 2]) {
      execFileSync('sh', ['-c', local(container.args[0])], { env: { ...process.env, JOB_COMPLETION_INDEX: String(index), SHARDS: '3', SCENARIO: file } });
    }
    const [merge] = docs('examples/cluster/kubernetes/merge-job.yaml');
    execFileSync('sh', ['-c', local(merge.spec.template.spec.containers[0].command[2])]);
    expect(readFileSync(join(dir, 'results', 'merged', 'sweep.csv'), 'utf8')).toBe(await single(file, dir));
  }, 60_000);
});
