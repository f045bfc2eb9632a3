/**
 * Scenario schema, part 3: `workloads` (generated task streams and trace replays).
 */
import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { isMap, isScalar } from 'yaml';
import { InputError } from '../errors.js';
import {
  BROKER_POLICIES,
  type BrokerPolicy,
  type GeneratedWorkload,
  type TaskTrace,
  type TraceWorkload,
  type WorkloadSpec,
} from '../workload/specs.js';
import { readTaskTrace } from '../workload/task-trace.js';
import { CORES_FIELD, INTERARRIVAL_FIELD, LENGTH_FIELD, dist } from './dist.js';
import { type Ctx, type Fields, type Path, complete, fields, fmt, pathText, str } from './schema.js';
import type { ActionEnv, State } from './validate-actions.js';
import { field, mapSpec, opt, req, t } from './spec.js';
import { distType } from './dist.js';

const POSITIVE = { min: 0, exclusive: true };
const NON_NEGATIVE = { min: 0 };

/** `group` of a task submission or workload: default '*'; other names must be created somewhere. */
export function readGroupRef(f: Fields, st: State, required = false): string | undefined {
  const group = required ? f.req('group', str()) : f.opt('group', str(), '*');
  if (group !== undefined && group !== '*') st.groupRefs.push({ group, node: f.node('group'), path: f.pathOf('group') });
  return group;
}

const GENERATED_ONLY = ['start', 'stop', 'count', 'interarrival', 'length', 'cores'];

const COMMON = {
  name: req(t.str(), 'Name of the workload (unique); it labels its tasks in the output.'),
  group: opt(t.str(), '*', 'Group of VMs that runs the tasks; "*" means every VM.'),
  broker: opt(t.enum(BROKER_POLICIES), 'round-robin', 'How tasks are spread over the group\'s VMs.'),
};

export const TRACE_WORKLOAD = mapSpec('TraceWorkload', 'Tasks replayed from a CSV trace (submit time, length, cores).', {
  name: COMMON.name,
  trace: req(t.str({ patternText: 'a CSV file path' }), 'CSV task trace, relative to the scenario file.'),
  group: COMMON.group,
  broker: COMMON.broker,
});

export const GENERATED_WORKLOAD = mapSpec('GeneratedWorkload', 'A stream of generated tasks; it needs stop, count or a scenario duration to end.', {
  name: COMMON.name,
  group: COMMON.group,
  broker: COMMON.broker,
  start: opt(t.quantity('time', NON_NEGATIVE), 0, 'When the first task may arrive.'),
  stop: opt(t.quantity('time', POSITIVE), undefined, 'No task arrives after this time (> start).'),
  count: opt(t.int({ min: 1 }), undefined, 'Number of tasks; unbounded when absent.'),
  interarrival: field('required', distType(INTERARRIVAL_FIELD), 'Time between arrivals, a constant or a distribution with mean > 0.'),
  length: field('required', distType(LENGTH_FIELD), 'Length of each task (MI, or e.g. 50GI), a constant or a distribution.'),
  cores: field('optional', distType(CORES_FIELD), 'Cores of each task, a constant or a distribution; 1 when absent.'),
});

export function readWorkload(
  ctx: Ctx,
  node: unknown,
  path: Path,
  env: ActionEnv,
  st: State,
  names: Map<string, Path>,
): WorkloadSpec | undefined {
  const n = ctx.deref(node);
  const isTrace = isMap(n) && n.items.some((p) => {
    const k = ctx.deref(p.key);
    return isScalar(k) && k.value === 'trace';
  });
  const f = isTrace
    ? fields(ctx, node, path, TRACE_WORKLOAD.fields, 'a workload map', (k) =>
        GENERATED_ONLY.includes(k) ? `${k} does not apply to a trace workload: the trace gives submit times, lengths and cores` : undefined,
      )
    : fields(
        ctx,
        node,
        path,
        GENERATED_WORKLOAD.fields,
        'a workload map such as {name: batch, interarrival: 2s, length: 50000, count: 100}',
      );
  if (!f) return undefined;
  const name = f.req('name', COMMON.name.read!);
  if (name !== undefined) {
    const first = names.get(name);
    if (first) ctx.report(ctx.deref(f.node('name')), f.pathOf('name'), `duplicate workload name "${name}" (also used by ${pathText(first)})`);
    else names.set(name, path);
  }
  const group = readGroupRef(f, st);
  const broker = f.opt('broker', COMMON.broker.read!, 'round-robin' as BrokerPolicy);
  if (isTrace) {
    const file = f.req('trace', TRACE_WORKLOAD.fields.trace.read!);
    let trace: { file: string; tasks: TaskTrace } | undefined;
    if (file !== undefined) {
      const resolved = resolvePath(env.baseDir, file);
      const at = ctx.deref(f.node('trace'));
      if (!existsSync(resolved)) ctx.report(at, f.pathOf('trace'), `trace file not found: ${resolved}`);
      else {
        try {
          trace = { file: resolved, tasks: readTaskTrace(resolved) };
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          ctx.report(at, f.pathOf('trace'), e instanceof InputError ? `invalid task trace: ${msg}` : `cannot read trace file: ${msg}`);
        }
      }
    }
    return complete<TraceWorkload>({ kind: 'trace', name, group, broker, file: trace?.file, tasks: trace?.tasks });
  }
  const G = GENERATED_WORKLOAD.fields;
  const start = f.opt('start', G.start.read!, 0);
  let stop = f.opt('stop', G.stop.read!, Infinity);
  if (start !== undefined && stop !== undefined && stop <= start) {
    ctx.report(ctx.deref(f.node('stop')), f.pathOf('stop'), `expected a stop time > start (${fmt(start)} s), got ${fmt(stop)} s`);
    stop = undefined;
  }
  const count = f.opt('count', G.count.read!, Infinity);
  if (stop === Infinity && count === Infinity && env.duration === Infinity) {
    ctx.report(
      f.map,
      path,
      'this workload never ends: it has no stop and no count, and the scenario has no duration',
      'give it stop or count, or give the scenario a duration',
    );
  }
  return complete<GeneratedWorkload>({
    kind: 'generated',
    name,
    group,
    broker,
    start,
    stop,
    count,
    interarrival: f.req('interarrival', dist(INTERARRIVAL_FIELD)),
    length: f.req('length', dist(LENGTH_FIELD)),
    cores: f.opt('cores', dist(CORES_FIELD), { dist: 'constant', value: 1 }),
  });
}
