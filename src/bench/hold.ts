/**
 * Benchmark (a), the hold model: the future event list holds P pending events;
 * each processed event schedules one more at now + Exp(1). This measures the
 * engine alone (heap, slots, dispatch, one exponential draw per event).
 *
 * Each run builds a fresh Simulation in this process, fills it with P events,
 * warms up (max(P, 1e6) events: the JIT settles and the heap's time profile
 * reaches its steady state), then times at least `MIN_EVENTS` events and at least
 * `MIN_SECONDS` of wall time, in chunks of `CHUNK` events (a handler counts down
 * and calls stop(), so the pending count stays exactly P throughout).
 */
import { RandomStreams } from '../engine/random.js';
import { Simulation } from '../engine/simulation.js';
import { median, printTable, round, status, writeResult, type BenchOptions } from './util.js';

const MIN_EVENTS = 5e6;
const MIN_SECONDS = 1;
const CHUNK = 1e6;
const DEFAULT_RUNS = 5;

interface Case {
  pending: number;
  /** events/s the engine must reach, if any. */
  target?: number;
}

export const HOLD_CASES: readonly Case[] = [
  { pending: 1e3 },
  { pending: 1e5, target: 5e6 },
  { pending: 1e6, target: 2e6 },
];

export interface HoldRun {
  events: number;
  seconds: number;
  events_per_s: number;
}

/** One hold-model run with `pending` events in the list; returns the timed part. */
export function holdRun(pending: number, seed: number): HoldRun {
  const sim = new Simulation();
  const rng = new RandomStreams(seed).rng('hold');
  const KIND = 0;
  let remaining = 0;
  sim.on(KIND, () => {
    sim.schedule(rng.exponential(1), KIND);
    if (--remaining === 0) sim.stop();
  });
  for (let i = 0; i < pending; i++) sim.schedule(rng.exponential(1), KIND);

  remaining = Math.max(pending, 1e6);
  sim.run();

  const before = sim.eventsProcessed;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    remaining = CHUNK;
    sim.run();
    elapsed = performance.now() - t0;
  } while (sim.eventsProcessed - before < MIN_EVENTS || elapsed < MIN_SECONDS * 1000);
  const events = sim.eventsProcessed - before;
  if (sim.pending !== pending) throw new Error(`hold: ${sim.pending} events pending, expected ${pending}`);
  const seconds = elapsed / 1000;
  return { events, seconds, events_per_s: events / seconds };
}

export function runHold(opts: BenchOptions & { pendings?: readonly number[] }): void {
  const runs = opts.runs ?? DEFAULT_RUNS;
  const cases = opts.pendings ? opts.pendings.map((p) => HOLD_CASES.find((c) => c.pending === p) ?? { pending: p }) : HOLD_CASES;
  const results = [];
  for (const c of cases) {
    const perRun: HoldRun[] = [];
    for (let r = 0; r < runs; r++) {
      const run = holdRun(c.pending, r + 1);
      perRun.push(run);
      process.stderr.write(`  hold P=${c.pending.toExponential(0).replace('+', '')} run ${r + 1}/${runs}: ${(run.events_per_s / 1e6).toFixed(2)}M events/s\n`);
    }
    const rates = perRun.map((x) => x.events_per_s);
    const med = median(rates);
    results.push({
      pending: c.pending,
      runs: perRun.map((x) => ({ events: x.events, seconds: round(x.seconds, 4), events_per_s: Math.round(x.events_per_s) })),
      median_events_per_s: Math.round(med),
      min_events_per_s: Math.round(Math.min(...rates)),
      max_events_per_s: Math.round(Math.max(...rates)),
      median_ns_per_event: round(1e9 / med, 1),
      target_events_per_s: c.target ?? null,
      status: c.target === undefined ? null : status(med, c.target, 'min'),
    });
  }
  printTable(
    `hold model: events/s, median of ${runs} runs (fresh Simulation per run; >= ${MIN_EVENTS / 1e6}M events and >= ${MIN_SECONDS} s timed after warm-up)`,
    ['pending P', 'median', 'min', 'max', 'ns/event', 'target', 'status'],
    results.map((x) => [
      x.pending.toExponential(0).replace('+', ''),
      `${(x.median_events_per_s / 1e6).toFixed(2)}M/s`,
      `${(x.min_events_per_s / 1e6).toFixed(2)}M/s`,
      `${(x.max_events_per_s / 1e6).toFixed(2)}M/s`,
      x.median_ns_per_event.toFixed(1),
      x.target_events_per_s === null ? '-' : `>= ${x.target_events_per_s / 1e6}M/s`,
      x.status ?? '-',
    ]),
  );
  // A --pending subset (e.g. for profiling) must not overwrite the standard figures.
  const file = writeResult(opts.pendings ? 'hold-custom' : 'hold', opts.machine, {
    method: {
      model: 'hold: each event schedules one more at now + Exp(1) (Stream.exponential from RandomStreams)',
      warm_up_events: 'max(P, 1e6)',
      min_timed_events: MIN_EVENTS,
      min_timed_seconds: MIN_SECONDS,
      runs,
      in_process: true,
    },
    results,
  });
  process.stdout.write(`wrote ${file}\n`);
}
