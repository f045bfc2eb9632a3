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
  lookupType,
  str,
} from './schema.js';
import { checkFit } from './validate-actions.js';
import { field, mapSpec, opt, ref, req, t } from './spec.js';

export interface ConsolidationEnv {
  vmTypes: TypeTable<VmSpec>;
  /** The datacenter's host groups; undefined when some are invalid (fit checks are skipped). */
  hosts: HostGroup[] | undefined;
  baseDir: string;
}

const SOURCES = ['planetlab', 'csv', 'synthetic'] as const;
const POSITIVE = { min: 0, exclusive: true };

export const SYNTHETIC_TRACES = mapSpec('SyntheticTraces', 'Generated utilization traces (a seeded random walk per VM).', {
  count: req(t.int({ min: 1 }), 'Number of VMs (one trace each).'),
  samples: opt(t.int({ min: 2 }), 288, 'Samples per trace.'),
  step: opt(t.quantity('time', POSITIVE), 300, 'Time between samples.'),
});

export const TRACE_VMS = mapSpec('TraceVms', 'VMs driven by CPU utilization traces, one VM per trace; exactly one of planetlab, csv, synthetic.', {
  planetlab: opt(t.str({ patternText: 'a folder path' }), undefined, 'Folder of PlanetLab trace files (one per VM), relative to the scenario file.'),
  order: opt(t.str({ patternText: 'an order file path' }), undefined, 'File listing the planetlab files in the order VMs get them.'),
  csv: opt(t.str({ patternText: 'a CSV file path' }), undefined, 'CSV file of traces, relative to the scenario file.'),
  synthetic: field('optional', ref(SYNTHETIC_TRACES), 'Generated traces.'),
  types: field('required', { kind: 'list', item: { kind: 'string' }, minItems: 1 }, 'VM types from vm_types; the traced VMs are split into equal consecutive blocks, one per type.'),
});

// ---------------------------------------------------------------------------
// trace_vms

export function readTraceVms(ctx: Ctx, node: unknown, path: Path, env: ConsolidationEnv): TraceVmsSpec | undefined {
  const f = fields(
    ctx,
    node,
    path,
    TRACE_VMS.fields,
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
  const rel = f.req('planetlab', TRACE_VMS.fields.planetlab.read!);
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
    SYNTHETIC_TRACES.fields,
    'a map such as {count: 1052, samples: 288, step: 5m}',
  );
  if (!g) return undefined;
  return complete<TraceSource>({
    kind: 'synthetic',
    count: g.get('count'),
    samples: g.get('samples'),
    step: g.get('step'),
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

