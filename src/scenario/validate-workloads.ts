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
import { type Ctx, type Fields, type Path, complete, fields, fmt, int, oneOf, pathText, quantity, str } from './schema.js';
import type { ActionEnv, State } from './validate-actions.js';

const POSITIVE = { min: 0, exclusive: true };
const NON_NEGATIVE = { min: 0 };

/** `group` of a task submission or workload: default '*'; other names must be created somewhere. */
export function readGroupRef(f: Fields, st: State, required = false): string | undefined {
  const group = required ? f.req('group', str()) : f.opt('group', str(), '*');
  if (group !== undefined && group !== '*') st.groupRefs.push({ group, node: f.node('group'), path: f.pathOf('group') });
  return group;
}

const GENERATED_ONLY = ['start', 'stop', 'count', 'interarrival', 'length', 'cores'];

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
    ? fields(ctx, node, path, { name: 'required', trace: 'required', group: 'optional', broker: 'optional' }, 'a workload map', (k) =>
        GENERATED_ONLY.includes(k) ? `${k} does not apply to a trace workload: the trace gives submit times, lengths and cores` : undefined,
      )
    : fields(
        ctx,
        node,
        path,
        {
          name: 'required',
          group: 'optional',
          broker: 'optional',
          start: 'optional',
          stop: 'optional',
          count: 'optional',
          interarrival: 'required',
          length: 'required',
          cores: 'optional',
        },
        'a workload map such as {name: batch, interarrival: 2s, length: 50000, count: 100}',
      );
  if (!f) return undefined;
  const name = f.req('name', str());
  if (name !== undefined) {
    const first = names.get(name);
    if (first) ctx.report(ctx.deref(f.node('name')), f.pathOf('name'), `duplicate workload name "${name}" (also used by ${pathText(first)})`);
    else names.set(name, path);
  }
  const group = readGroupRef(f, st);
  const broker = f.opt('broker', oneOf(BROKER_POLICIES), 'round-robin' as BrokerPolicy);
  if (isTrace) {
    const file = f.req('trace', str({ patternText: 'a CSV file path' }));
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
  const start = f.opt('start', quantity('time', NON_NEGATIVE), 0);
  let stop = f.opt('stop', quantity('time', POSITIVE), Infinity);
  if (start !== undefined && stop !== undefined && stop <= start) {
    ctx.report(ctx.deref(f.node('stop')), f.pathOf('stop'), `expected a stop time > start (${fmt(start)} s), got ${fmt(stop)} s`);
    stop = undefined;
  }
  const count = f.opt('count', int({ min: 1 }), Infinity);
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
