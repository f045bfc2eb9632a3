/**
 * What drives an application: a closed population of users who think, send a
 * request and wait for its reply; or an open stream of arrivals (Poisson at a rate,
 * a piecewise-constant rate schedule, a diurnal curve, or times from a CSV trace).
 */
import { readFileSync } from 'node:fs';
import type { DistSpec } from '../engine/distribution.js';
import { sampler, type Stream } from '../engine/random.js';
import type { Handler, Simulation } from '../engine/simulation.js';
import { InputError } from '../errors.js';

export type AppWorkloadSpec =
  /** `users` users, each thinking a `think` time before each request (and before the first). */
  | { kind: 'closed'; users: number; think: DistSpec }
  /** Poisson arrivals at `rate` per second. */
  | { kind: 'poisson'; rate: number }
  /** Poisson arrivals whose rate is steps[k].rate from steps[k].at (sorted; 0 before the first). */
  | { kind: 'schedule'; steps: { at: number; rate: number }[] }
  /** Poisson arrivals at min + (max - min)(1 + cos(2 pi (t - peak) / period)) / 2 per second. */
  | { kind: 'diurnal'; min: number; max: number; period: number; peak: number }
  /** One arrival at each time of the trace (seconds, sorted). */
  | { kind: 'trace'; file: string; times: Float64Array };

/** The part of an application a workload talks to. */
export interface RequestSink {
  arrive(user: number): void;
}

type DriverEvent = 'arrival' | 'think';

/** Diurnal rate at time t (per second). */
export function diurnalRate(w: Extract<AppWorkloadSpec, { kind: 'diurnal' }>, t: number): number {
  return w.min + ((w.max - w.min) * (1 + Math.cos((2 * Math.PI * (t - w.peak)) / w.period))) / 2;
}

export class AppWorkloadDriver {
  private sink: RequestSink | undefined;
  private readonly ev: Record<DriverEvent, number>;
  private readonly think: () => number;
  private readonly gaps: Stream;
  private readonly thin: Stream;
  /** Schedule piece or trace row reached. */
  private cursor = 0;

  constructor(
    private readonly sim: Simulation,
    readonly spec: AppWorkloadSpec,
    stream: (name: string) => Stream,
  ) {
    const handlers: Record<DriverEvent, Handler> = {
      arrival: () => this.onArrival(),
      think: (user) => this.sink!.arrive(user),
    };
    this.ev = sim.register(handlers);
    this.think = spec.kind === 'closed' ? sampler(spec.think, stream('think')) : () => 0;
    this.gaps = stream('arrivals');
    this.thin = stream('thinning');
  }

  /** Starts the users, or the first arrival. */
  start(sink: RequestSink): void {
    this.sink = sink;
    const w = this.spec;
    if (w.kind === 'closed') {
      for (let u = 0; u < w.users; u++) this.sim.schedule(Math.max(0, this.think()), this.ev.think, u);
    } else this.scheduleArrival();
  }

  /** A request of `user` ended (closed workloads: the user thinks again). */
  ended(user: number): void {
    if (user >= 0) this.sim.schedule(Math.max(0, this.think()), this.ev.think, user);
  }

  private onArrival(): void {
    this.sink!.arrive(-1);
    this.scheduleArrival();
  }

  private scheduleArrival(): void {
    const t = this.next(this.sim.now);
    if (t < Infinity) this.sim.scheduleAt(t, this.ev.arrival);
  }

  /** The next arrival time after t (Infinity: none). */
  private next(t: number): number {
    const w = this.spec;
    switch (w.kind) {
      case 'closed':
        return Infinity;
      case 'poisson':
        return t + this.gaps.exponential(1 / w.rate);
      case 'schedule': {
        // Inversion of the integrated rate: an Exp(1) amount of "rate x time" to spend.
        let e = this.gaps.exponential(1);
        const s = w.steps;
        for (;;) {
          while (this.cursor < s.length && s[this.cursor].at <= t) this.cursor++;
          const rate = this.cursor > 0 ? s[this.cursor - 1].rate : 0;
          const end = this.cursor < s.length ? s[this.cursor].at : Infinity;
          if (rate > 0 && e <= rate * (end - t)) return t + e / rate;
          if (end === Infinity) return Infinity;
          e -= rate * (end - t);
          t = end;
        }
      }
      case 'diurnal': {
        // Thinning (Lewis and Shedler): candidates at the peak rate, kept with probability rate(t) / peak.
        for (;;) {
          t += this.gaps.exponential(1 / w.max);
          if (this.thin.next() * w.max < diurnalRate(w, t)) return t;
        }
      }
      case 'trace': {
        const times = w.times;
        while (this.cursor < times.length && times[this.cursor] < t) this.cursor++;
        return this.cursor < times.length ? times[this.cursor++] : Infinity;
      }
    }
  }
}

/**
 * Reads a CSV of arrival times: a header with a `time_s` column (other columns are
 * ignored), then one arrival a row (seconds >= 0, plain numbers). Blank lines and
 * lines starting with `#` are skipped; times are sorted. Throws InputError naming
 * file:line.
 */
export function readArrivalTrace(path: string): Float64Array {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError('E_TRACE', `${path}: cannot read arrival trace: ${(e as Error).message}`);
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let col = -1;
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(',').map((c) => c.trim());
    if (col < 0) {
      col = cells.indexOf('time_s');
      if (col < 0) throw new InputError('E_TRACE', `${path}:${i + 1}: expected a header with a time_s column, got "${line}"`);
      continue;
    }
    const x = cells[col] === undefined || cells[col] === '' ? NaN : Number(cells[col]);
    if (!(x >= 0) || !Number.isFinite(x)) {
      throw new InputError('E_TRACE', `${path}:${i + 1}: column time_s: expected seconds >= 0, got "${cells[col] ?? ''}"`);
    }
    out.push(x);
  }
  if (col < 0) throw new InputError('E_TRACE', `${path}: expected a header with a time_s column, got an empty file`);
  return Float64Array.from(out).sort();
}
