/**
 * Scenario schema, part 5: `trace_vms`, the VMs whose CPU demand follows utilization
 * traces (one VM per trace). Trace paths are checked for existence only: the run reads
 * the traces and reports bad samples with file:line.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import type { VmSpec } from '../model/specs.js';
import { type HostGroup, type TraceSource, type TraceVmsSpec } from './types.js';
import {
  type Ctx,
  type Path,
  type TypeTable,
  Fields,
  asSeq,
  complete,
  fields,
  int,
  lookupType,
  quantity,
  str,
} from './schema.js';
import { checkFit } from './validate-actions.js';

export interface ConsolidationEnv {
  vmTypes: TypeTable<VmSpec>;
  /** The datacenter's host groups; undefined when some are invalid (fit checks are skipped). */
  hosts: HostGroup[] | undefined;
  baseDir: string;
}

const SOURCES = ['planetlab', 'csv', 'synthetic'] as const;
const POSITIVE = { min: 0, exclusive: true };

// ---------------------------------------------------------------------------
// trace_vms

export function readTraceVms(ctx: Ctx, node: unknown, path: Path, env: ConsolidationEnv): TraceVmsSpec | undefined {
  const f = fields(
    ctx,
    node,
    path,
    { planetlab: 'optional', order: 'optional', csv: 'optional', synthetic: 'optional', types: 'required' },
    'a map such as {planetlab: traces/20110303, types: [big, medium, small, micro]}',
  );
  if (!f) return undefined;
  const present = f.presentKeys().filter((k): k is (typeof SOURCES)[number] => (SOURCES as readonly string[]).includes(k));
  if (present.length === 0 && f.unknownKeys === 0) {
    ctx.report(f.map, path, `expected exactly one trace source: ${SOURCES.join(', ')}`);
  }
  for (const k of present.slice(1)) {
    ctx.report(f.keyNode(k), f.pathOf(k), `only one trace source per scenario, this one already has ${present[0]}`);
  }
  if (f.node('order') !== undefined && !present.includes('planetlab')) {
    ctx.report(f.keyNode('order'), f.pathOf('order'), 'order applies only to planetlab traces', 'it orders the files of a planetlab folder');
  }
  let source: TraceSource | undefined;
  for (const k of present) {
    const s = k === 'planetlab' ? readPlanetLab(ctx, f, env.baseDir) : k === 'csv' ? readCsv(ctx, f, env.baseDir) : readSynthetic(ctx, f);
    if (k === present[0]) source = s;
  }
  if (present.length !== 1) source = undefined;
  const types = readTraceTypes(ctx, f, env);
  return complete<TraceVmsSpec>({ source, types: types?.names, specs: types?.specs });
}

function readPlanetLab(ctx: Ctx, f: Fields, baseDir: string): TraceSource | undefined {
  const rel = f.req('planetlab', str({ patternText: 'a folder path' }));
  let folder: string | undefined;
  if (rel !== undefined) {
    const abs = resolvePath(baseDir, rel);
    const at = ctx.deref(f.node('planetlab'));
    const st = statSync(abs, { throwIfNoEntry: false });
    if (!st) ctx.report(at, f.pathOf('planetlab'), `trace folder not found: ${abs}`);
    else if (!st.isDirectory()) ctx.report(at, f.pathOf('planetlab'), `expected a folder, got a file: ${abs}`);
    else {
      try {
        const hasFile = readdirSync(abs, { withFileTypes: true }).some(
          (d) => d.isFile() || (d.isSymbolicLink() && statSync(join(abs, d.name), { throwIfNoEntry: false })?.isFile()),
        );
        if (hasFile) folder = abs;
        else ctx.report(at, f.pathOf('planetlab'), `no trace files in ${abs}`);
      } catch (e) {
        ctx.report(at, f.pathOf('planetlab'), `cannot read trace folder: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  if (!f.has('order')) return folder === undefined ? undefined : { kind: 'planetlab', folder };
  const order = readFile(ctx, f, 'order', baseDir, 'an order file path');
  return folder === undefined || order === undefined ? undefined : { kind: 'planetlab', folder, order };
}

function readCsv(ctx: Ctx, f: Fields, baseDir: string): TraceSource | undefined {
  const file = readFile(ctx, f, 'csv', baseDir, 'a CSV file path');
  return file === undefined ? undefined : { kind: 'csv', file };
}

/** A path to an existing regular file, resolved against `baseDir`. */
function readFile(ctx: Ctx, f: Fields, key: string, baseDir: string, what: string): string | undefined {
  const rel = f.req(key, str({ patternText: what }));
  if (rel === undefined) return undefined;
  const abs = resolvePath(baseDir, rel);
  const at = ctx.deref(f.node(key));
  const st = statSync(abs, { throwIfNoEntry: false });
  if (!st) ctx.report(at, f.pathOf(key), `file not found: ${abs}`);
  else if (st.isDirectory()) ctx.report(at, f.pathOf(key), `expected a file, got a folder: ${abs}`);
  else return abs;
  return undefined;
}

function readSynthetic(ctx: Ctx, f: Fields): TraceSource | undefined {
  const g = fields(
    ctx,
    f.node('synthetic'),
    f.pathOf('synthetic'),
    { count: 'required', samples: 'optional', step: 'optional' },
    'a map such as {count: 1052, samples: 288, step: 5m}',
  );
  if (!g) return undefined;
  return complete<TraceSource>({
    kind: 'synthetic',
    count: g.req('count', int({ min: 1 })),
    samples: g.opt('samples', int({ min: 2 }), 288),
    step: g.opt('step', quantity('time', POSITIVE), 300),
  });
}

function readTraceTypes(ctx: Ctx, f: Fields, env: ConsolidationEnv): { names: string[]; specs: VmSpec[] } | undefined {
  if (f.node('types') === undefined) return undefined; // missing: reported by Fields
  const seq = asSeq(ctx, f.node('types'), f.pathOf('types'), 'a list of vm type names such as [big, small]');
  if (!seq) return undefined;
  if (seq.items.length === 0) {
    ctx.report(seq, f.pathOf('types'), 'expected at least one vm type, got an empty list');
    return undefined;
  }
  const names: string[] = [];
  const specs: VmSpec[] = [];
  let ok = true;
  seq.items.forEach((item, i) => {
    const p = [...f.pathOf('types'), i];
    const at = ctx.deref(item);
    const name = str()(ctx, item, p);
    const ref = lookupType(ctx, env.vmTypes, name, at, p, 'vm type', 'vm_types');
    if (name === undefined || ref.spec === undefined) {
      ok = false;
      return;
    }
    if (env.hosts) checkFit(ctx, ref.spec, env.hosts, at, p);
    names.push(name);
    specs.push(ref.spec);
  });
  return ok ? { names, specs } : undefined;
}

