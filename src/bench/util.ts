/**
 * Shared helpers of `npm run bench`: machine description, medians, tables,
 * child-process timing (with peak RSS) and the JSON result files.
 *
 * Timings here are wall-clock (performance.now); on a shared 2-core machine they
 * are noisy, which is why every benchmark reports the median of several runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, platform, release, tmpdir, totalmem, arch } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (dist/bench/util.js sits two levels below it). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The compiled CLI entry point. */
export const CLI = join(ROOT, 'dist', 'build', 'loader.cjs');

/** GNU time, used for the peak RSS of a whole child process when present. */
const GNU_TIME = '/usr/bin/time';
export const HAVE_GNU_TIME = existsSync(GNU_TIME);

export interface MachineInfo {
  cpu: string;
  cores: number;
  total_memory_bytes: number;
  total_memory_gib: number;
  free_memory_gib: number;
  node: string;
  platform: string;
  date: string;
  git_commit?: string;
  git_dirty?: boolean;
}

export function machineInfo(): MachineInfo {
  const c = cpus();
  const info: MachineInfo = {
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    total_memory_bytes: totalmem(),
    total_memory_gib: round(totalmem() / 2 ** 30, 1),
    free_memory_gib: round(freemem() / 2 ** 30, 1),
    node: process.version,
    platform: `${platform()} ${release()} ${arch()}`,
    date: new Date().toISOString(),
  };
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status === 0) {
    info.git_commit = head.stdout.trim();
    const st = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' });
    if (st.status === 0) info.git_dirty = st.stdout.trim() !== '';
  }
  return info;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** PASS when `value` meets the target (`<` for times and sizes, `>=` for rates). */
export function status(value: number, target: number, kind: 'max' | 'min'): 'PASS' | 'MISS' {
  const ok = kind === 'max' ? value < target : value >= target;
  return ok ? 'PASS' : 'MISS';
}

/** Prints an aligned plain-text table (numbers right-aligned). */
export function printTable(title: string, header: readonly string[], rows: readonly (readonly (string | number)[])[]): void {
  const cells = [header.map(String), ...rows.map((r) => r.map(String))];
  const widths = header.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
  const isNum = (c: string) => /^[\d.]+(e\d+)?( ?(M\/s|s|MiB|x))?$/.test(c);
  const numeric = header.map((_, j) => {
    const col = rows.map((r) => String(r[j] ?? '')).filter((c) => c !== '');
    return col.length > 0 && col.every(isNum);
  });
  const line = (r: readonly string[]) =>
    r.map((c, j) => (numeric[j] ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  ').trimEnd();
  const out = [`\n${title}`, line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)];
  process.stdout.write(out.join('\n') + '\n');
}

/** Writes results/bench/<name>.json with the machine description and the figures. */
export function writeResult(name: string, machine: MachineInfo, data: Record<string, unknown>): string {
  const dir = join(ROOT, 'results', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ benchmark: name, machine, ...data }, null, 2) + '\n');
  return file;
}

/** A temporary directory under os.tmpdir(), removed by the returned function. */
export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `dcsim-bench-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface ChildRun {
  /** Wall time of the whole child process (spawn to exit), s. */
  wall_s: number;
  /** The child was killed at the time limit. */
  timed_out?: boolean;
  /** Peak resident set of the child, KiB. */
  max_rss_kib?: number;
  /** CPU time of the child (user + system), s: less disturbed than wall time on a shared machine. */
  cpu_s?: number;
  stdout: string;
  /** The child's exit code (one of `okExit`). */
  exit_code?: number;
}

/** Preloaded into a child without GNU time: writes its maxRSS (KiB) to $DCSIM_BENCH_RSS at exit. */
const RSS_HOOK =
  "data:text/javascript,import{writeFileSync}from'node:fs';" +
  "process.on('exit',()=>{const u=process.resourceUsage();" +
  "writeFileSync(process.env.DCSIM_BENCH_RSS,u.maxRSS+' '+(u.userCPUTime+u.systemCPUTime)/1e6)})";

/**
 * Runs `node <args>` from the project root and times the whole process. Its peak
 * RSS comes from GNU time (`-f %M -o <file>`; the wrapper's fork/exec adds about a
 * millisecond) or, without GNU time, from the child's own
 * process.resourceUsage().maxRSS written at exit by a preloaded hook. Throws if
 * the child fails (exits with a code not in `okExit`).
 */
export function runNode(args: readonly string[], scratch: string, timeoutS?: number, okExit: readonly number[] = [0]): ChildRun {
  const rssFile = join(scratch, `rss-${process.pid}.txt`);
  // With a time limit the child must be node itself: killing a GNU time wrapper would
  // leave its node child running.
  const [cmd, argv] = HAVE_GNU_TIME && timeoutS === undefined
    ? [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, process.execPath, ...args]]
    : [process.execPath, ['--import', RSS_HOOK, ...args]];
  const env = { ...process.env, DCSIM_BENCH_RSS: rssFile };
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, {
    cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20,
    ...(timeoutS === undefined ? {} : { timeout: timeoutS * 1000, killSignal: 'SIGKILL' as const }),
  });
  const wall_s = (performance.now() - t0) / 1000;
  if (timeoutS !== undefined && (r.signal === 'SIGKILL' || (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT')) {
    rmSync(rssFile, { force: true });
    return { wall_s, stdout: r.stdout ?? '', timed_out: true };
  }
  if (r.error) throw r.error;
  if (r.status === null || !okExit.includes(r.status)) {
    throw new Error(`child failed (exit ${r.status}): node ${args.join(' ')}\n${r.stderr}`);
  }
  const run: ChildRun = { wall_s, stdout: r.stdout, exit_code: r.status };
  if (existsSync(rssFile)) {
    const [kib, ...cpu] = (readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
    if (Number.isFinite(kib)) run.max_rss_kib = kib;
    const cpuS = cpu.reduce((a, b) => a + b, 0);
    if (cpu.length > 0 && Number.isFinite(cpuS)) run.cpu_s = cpuS;
    rmSync(rssFile, { force: true });
  }
  return run;
}

/**
 * CPU time the whole machine has used since boot (every process, user + system +
 * interrupts + steal), s, from /proc/stat (Linux, in USER_HZ = 1/100 s); undefined
 * elsewhere. The difference over a measurement, minus the child's own CPU, is what
 * other processes took from it on a shared machine.
 */
export function machineCpuS(): number | undefined {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const busy = f[0] + f[1] + f[2] + f[5] + f[6] + f[7]; // user nice system (idle iowait) irq softirq steal
    return Number.isFinite(busy) ? busy / 100 : undefined;
  } catch {
    return undefined;
  }
}

export interface CliRun {
  wall_s: number;
  max_rss_kib: number | null;
  /** User + system CPU of the process, s (null where it could not be read). */
  cpu_s: number | null;
}

/**
 * Times `runs` whole processes of `node dist/build/loader.cjs run <scenario> --out <tmp>
 * --force --quiet [extra...]`, each writing into a fresh folder under os.tmpdir().
 */
export function timeCli(label: string, scenario: string, extra: readonly string[], runs: number): CliRun[] {
  const scratch = tempDir(label);
  const out: CliRun[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      const dir = join(scratch.path, `run-${r}`);
      const c = runNode([CLI, 'run', scenario, '--out', dir, '--force', '--quiet', ...extra], scratch.path);
      out.push({ wall_s: round(c.wall_s, 4), max_rss_kib: c.max_rss_kib ?? null, cpu_s: c.cpu_s === undefined ? null : round(c.cpu_s, 4) });
      process.stderr.write(`  ${label} run ${r + 1}/${runs}: ${fmtS(c.wall_s)}, peak RSS ${fmtMiB(c.max_rss_kib)}\n`);
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    scratch.remove();
  }
  return out;
}

/** Median, min and max wall time and median peak RSS of some CLI runs. */
export function summarize(runs: readonly CliRun[]) {
  const walls = runs.map((r) => r.wall_s);
  const rss = runs.map((r) => r.max_rss_kib).filter((x): x is number => x !== null);
  const cpu = runs.map((r) => r.cpu_s).filter((x): x is number => x !== null);
  return {
    median_cpu_s: cpu.length > 0 ? round(median(cpu), 4) : null,
    median_wall_s: round(median(walls), 4),
    min_wall_s: Math.min(...walls),
    max_wall_s: Math.max(...walls),
    median_max_rss_kib: rss.length > 0 ? median(rss) : null,
  };
}

export function fmtS(s: number): string {
  return s >= 10 ? `${s.toFixed(1)} s` : `${s.toFixed(2)} s`;
}

export function fmtMiB(kib: number | undefined): string {
  return kib === undefined ? 'n/a' : `${(kib / 1024).toFixed(0)} MiB`;
}

/** Common options of every benchmark. */
export interface BenchOptions {
  /** Runs per measured figure (each benchmark has its own default). */
  runs?: number;
  machine: MachineInfo;
}
