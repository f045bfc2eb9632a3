/**
 * Scenario schema, part 2: `vms` and `timeline` (workloads are read by
 * validate-workloads.ts), and the checks that span sections: VM types that fit no
 * host, groups nobody creates, host indices out of range.
 */
import type { HostSpec, VmSpec } from '../model/specs.js';
import { BROKER_POLICIES, type WorkloadSpec } from '../workload/specs.js';
import type { Action, HostGroup } from './types.js';
import { CORES_FIELD, LENGTH_FIELD, dist } from './dist.js';
import { didYouMean } from './problems.js';
import {
  type Ctx,
  type Fields,
  type Path,
  type TypeTable,
  asSeq,
  complete,
  fields,
  fmt,
  lookupType,
} from './schema.js';
import { GENERATED_WORKLOAD, TRACE_WORKLOAD, readGroupRef, readWorkload } from './validate-workloads.js';
import { type FieldSpec, field, mapSpec, opt, ref, req, t } from './spec.js';
import { distType } from './dist.js';

type CreateVms = Extract<Action, { kind: 'create-vms' }>;
type SubmitTasks = Extract<Action, { kind: 'submit-tasks' }>;
type DestroyVms = Extract<Action, { kind: 'destroy-vms' }>;
type FailHost = Extract<Action, { kind: 'fail-host' }>;

export interface ActionEnv {
  hostTypes: TypeTable<HostSpec>;
  vmTypes: TypeTable<VmSpec>;
  /** The datacenter's host groups; undefined when some are invalid (checks against them are skipped). */
  hosts: HostGroup[] | undefined;
  /** Scenario duration, s (Infinity when unbounded); undefined when invalid. */
  duration: number | undefined;
  baseDir: string;
}

const NON_NEGATIVE = { min: 0 };
const ACTION_KEYS = ['create_vms', 'submit_tasks', 'destroy_vms', 'fail_host'] as const;

export const VM_GROUP = mapSpec('VmGroup', 'VMs to create, all of one type, named by a group.', {
  type: req(t.str(), 'Name of a vm type defined in vm_types.'),
  count: opt(t.int({ min: 1 }), 1, 'Number of VMs.'),
  group: opt(t.str(), undefined, 'Group name that tasks and destroy_vms refer to; the type name when absent; not "*".'),
});

export const SUBMIT_TASKS = mapSpec('SubmitTasks', 'Tasks submitted at once to a group of VMs.', {
  group: opt(t.str(), '*', 'Group of VMs to run the tasks; "*" means every VM.'),
  count: opt(t.int({ min: 1 }), 1, 'Number of tasks.'),
  length: field('required', distType(LENGTH_FIELD), 'Length of each task (MI, or e.g. 50GI), a constant or a distribution.'),
  cores: field('optional', distType(CORES_FIELD), 'Cores of each task, a constant or a distribution; 1 when absent.'),
  broker: opt(t.enum(BROKER_POLICIES), 'round-robin', 'How tasks are spread over the group\'s VMs.'),
});

export const DESTROY_VMS = mapSpec('DestroyVms', 'VMs to destroy.', {
  group: req(t.str(), 'Group of VMs; "*" means every VM.'),
  count: opt(t.int({ min: 1 }), undefined, 'How many; all of the group when absent.'),
});

const HOST_INDEX = t.int({ min: 0 });
export const FAIL_HOST = mapSpec('FailHost', 'Hosts that fail; give host or hosts, not both.', {
  host: opt(HOST_INDEX, undefined, 'Index of the host that fails (from 0, in datacenter order).'),
  hosts: field('optional', { kind: 'list', item: HOST_INDEX.type, minItems: 1 }, 'Indices of the hosts that fail, each listed once.'),
});

export const TIMELINE_ENTRY = mapSpec('TimelineEntry', 'One action at a time: exactly one of create_vms, submit_tasks, destroy_vms, fail_host.', {
  at: req(t.quantity('time', NON_NEGATIVE), 'When the action happens.'),
  create_vms: field('optional', ref(VM_GROUP), 'Create VMs.'),
  submit_tasks: field('optional', ref(SUBMIT_TASKS), 'Submit tasks.'),
  destroy_vms: field('optional', ref(DESTROY_VMS), 'Destroy VMs.'),
  fail_host: field('optional', ref(FAIL_HOST), 'Fail hosts.'),
});

/** The top-level keys this file reads. */
export const ACTIONS_FIELDS = {
  vms: field('optional', { kind: 'list', item: ref(VM_GROUP) }, 'VM groups created at time 0.'),
  timeline: field('optional', { kind: 'list', item: ref(TIMELINE_ENTRY) }, 'Actions at given times.'),
  workloads: field(
    'optional',
    { kind: 'list', item: { kind: 'oneOfShapes', shapes: [ref(TRACE_WORKLOAD), ref(GENERATED_WORKLOAD)] } },
    'Task streams: generated (interarrival, length, ...) or replayed from a CSV trace.',
  ),
} satisfies Record<string, FieldSpec>;

/** Cross-reference bookkeeping, checked once everything is read. */
export interface State {
  created: Set<string>;
  /** Every create_vms/vms entry had a readable group (else "nobody creates group X" could be noise). */
  groupsComplete: boolean;
  groupRefs: { group: string; node: unknown; path: Path }[];
  hostRefs: { index: number; node: unknown; path: Path }[];
}

export function readActionsAndWorkloads(
  ctx: Ctx,
  top: Fields,
  env: ActionEnv,
): { actions: Action[] | undefined; workloads: WorkloadSpec[] | undefined } {
  const st: State = { created: new Set(), groupsComplete: true, groupRefs: [], hostRefs: [] };
  const actions: (Action | undefined)[] = [];

  if (top.has('vms')) {
    const seq = asSeq(ctx, top.node('vms'), ['vms'], 'a list of VM groups such as {type: small, count: 10}');
    if (seq) {
      seq.items.forEach((item, i) => {
        const c = readCreate(ctx, item, ['vms', i], env, st);
        actions.push(c && { ...c, at: 0 });
      });
    } else st.groupsComplete = false;
  }
  if (top.has('timeline')) {
    const seq = asSeq(ctx, top.node('timeline'), ['timeline'], 'a list of timeline entries such as {at: 10m, ...}');
    if (seq) seq.items.forEach((item, i) => actions.push(readTimelineEntry(ctx, item, ['timeline', i], env, st)));
    else st.groupsComplete = false;
  }
  let workloads: (WorkloadSpec | undefined)[] = [];
  if (top.has('workloads')) {
    const seq = asSeq(ctx, top.node('workloads'), ['workloads'], 'a list of workloads');
    if (seq) {
      const names = new Map<string, Path>();
      workloads = seq.items.map((item, i) => readWorkload(ctx, item, ['workloads', i], env, st, names));
    } else workloads = [undefined];
  }

  if (st.groupsComplete) {
    const groups = [...st.created];
    for (const ref of st.groupRefs) {
      if (st.created.has(ref.group)) continue;
      const hint =
        didYouMean(ref.group, groups) ??
        (groups.length ? `groups created: ${groups.join(', ')}; "*" means every VM` : 'no VMs are ever created');
      ctx.report(ref.node, ref.path, `no vms or create_vms entry creates group "${ref.group}"`, hint);
    }
  }
  if (env.hosts) {
    const total = env.hosts.reduce((s, g) => s + g.count, 0);
    for (const ref of st.hostRefs) {
      if (ref.index >= total) {
        ctx.report(
          ref.node,
          ref.path,
          `expected a host index from 0 to ${total - 1} (the datacenter has ${total} hosts), got ${ref.index}`,
        );
      }
    }
  }

  const okActions = actions.every((a) => a !== undefined) ? (actions as Action[]) : undefined;
  const okWorkloads = workloads.every((w) => w !== undefined) ? (workloads as WorkloadSpec[]) : undefined;
  // Array.prototype.sort is stable: vms entries (at 0) stay before timeline entries at 0.
  return { actions: okActions && [...okActions].sort((a, b) => a.at - b.at), workloads: okWorkloads };
}

function readCreate(ctx: Ctx, node: unknown, path: Path, env: ActionEnv, st: State): Omit<CreateVms, 'at'> | undefined {
  const f = fields(ctx, node, path, VM_GROUP.fields, 'a map such as {type: small, count: 10}');
  if (!f) {
    st.groupsComplete = false;
    return undefined;
  }
  const type = f.get('type');
  const count = f.get('count');
  let group = f.opt('group', VM_GROUP.fields.group.read!, type);
  if (group === '*') {
    ctx.report(f.node('group'), f.pathOf('group'), 'expected a group name, got "*"', '"*" means every VM and cannot name a group');
    group = undefined;
  }
  if (group === undefined) st.groupsComplete = false;
  else st.created.add(group);
  const ref = lookupType(ctx, env.vmTypes, type, f.node('type'), f.pathOf('type'), 'vm type', 'vm_types');
  if (ref.spec && env.hosts) checkFit(ctx, ref.spec, env.hosts, f.node('type'), f.pathOf('type'));
  return complete<Omit<CreateVms, 'at'>>({ kind: 'create-vms', vmType: type, spec: ref.spec, count, group });
}

/** Reports a VM type that no host type of the datacenter can hold, naming the missing resources. */
export function checkFit(ctx: Ctx, vm: VmSpec, hosts: HostGroup[], node: unknown, path: Path): void {
  const reasons: string[] = [];
  const seen = new Set<string>();
  for (const g of hosts) {
    if (seen.has(g.type)) continue;
    seen.add(g.type);
    const h = g.spec;
    const lacks: string[] = [];
    if (vm.vcpus > h.cores) lacks.push(`cores (needs ${vm.vcpus}, has ${h.cores})`);
    if (vm.mips > h.mips) lacks.push(`MIPS per core (needs ${fmt(vm.mips)}, has ${fmt(h.mips)})`);
    if (vm.ram > h.ram) lacks.push(`ram (needs ${fmt(vm.ram)} MiB, has ${fmt(h.ram)} MiB)`);
    if (vm.image > h.storage) lacks.push(`storage for the image (needs ${fmt(vm.image)} MiB, has ${fmt(h.storage)} MiB)`);
    if (vm.bw > h.bw) lacks.push(`bw (needs ${fmt(vm.bw)} Mbit/s, has ${fmt(h.bw)} Mbit/s)`);
    if (vm.diskBw > h.diskBw) lacks.push(`disk_bw (needs ${fmt(vm.diskBw)} Mbit/s, has ${fmt(h.diskBw)} Mbit/s)`);
    if (lacks.length === 0) return;
    reasons.push(`host type ${g.type} lacks ${lacks.join(', ')}`);
  }
  ctx.report(node, path, `vm type "${vm.type}" fits no host in the datacenter: ${reasons.join('; ')}`);
}

function readTimelineEntry(ctx: Ctx, node: unknown, path: Path, env: ActionEnv, st: State): Action | undefined {
  const f = fields(
    ctx,
    node,
    path,
    TIMELINE_ENTRY.fields,
    'a timeline entry such as {at: 10m, submit_tasks: {...}}',
  );
  if (!f) {
    st.groupsComplete = false;
    return undefined;
  }
  const at = f.get('at');
  const present = f.presentKeys().filter((k): k is (typeof ACTION_KEYS)[number] => (ACTION_KEYS as readonly string[]).includes(k));
  if (present.length === 0) {
    if (f.unknownKeys === 0) ctx.report(f.map, path, `expected exactly one action: ${ACTION_KEYS.join(', ')}`);
    else st.groupsComplete = false; // a misspelled create_vms may have created a group
    return undefined;
  }
  for (const k of present.slice(1)) {
    ctx.report(f.keyNode(k), f.pathOf(k), `only one action per timeline entry, this one already has ${present[0]}`, 'split it into separate entries with the same at');
  }
  let result: Omit<Action, 'at'> | undefined;
  for (const k of present) {
    const p = f.pathOf(k);
    const n = f.node(k);
    let r: Omit<Action, 'at'> | undefined;
    if (k === 'create_vms') r = readCreate(ctx, n, p, env, st);
    else if (k === 'submit_tasks') r = readSubmit(ctx, n, p, st);
    else if (k === 'destroy_vms') r = readDestroy(ctx, n, p, st);
    else r = readFailHost(ctx, n, p, st);
    if (k === present[0]) result = r;
  }
  if (present.length > 1 || at === undefined || result === undefined) return undefined;
  return { ...result, at } as Action;
}

function readSubmit(ctx: Ctx, node: unknown, path: Path, st: State): Omit<SubmitTasks, 'at'> | undefined {
  const f = fields(
    ctx,
    node,
    path,
    SUBMIT_TASKS.fields,
    'a map such as {group: web, count: 100, length: 50000}',
  );
  if (!f) return undefined;
  const group = readGroupRef(f, st);
  return complete<Omit<SubmitTasks, 'at'>>({
    kind: 'submit-tasks',
    group,
    count: f.get('count'),
    length: f.req('length', dist(LENGTH_FIELD)),
    cores: f.opt('cores', dist(CORES_FIELD), { dist: 'constant', value: 1 }),
    broker: f.get('broker'),
  });
}

function readDestroy(ctx: Ctx, node: unknown, path: Path, st: State): Omit<DestroyVms, 'at'> | undefined {
  const f = fields(ctx, node, path, DESTROY_VMS.fields, 'a map such as {group: web, count: 2}');
  if (!f) return undefined;
  return complete<Omit<DestroyVms, 'at'>>({
    kind: 'destroy-vms',
    group: readGroupRef(f, st, true),
    count: f.get('count', Infinity),
  });
}

function readFailHost(ctx: Ctx, node: unknown, path: Path, st: State): Omit<FailHost, 'at'> | undefined {
  const f = fields(ctx, node, path, FAIL_HOST.fields, 'a map such as {hosts: [3, 4]} or {host: 3}');
  if (!f) return undefined;
  const index = HOST_INDEX.read;
  const hasOne = f.node('host') !== undefined;
  const hasMany = f.node('hosts') !== undefined;
  if (hasOne === hasMany) {
    if (hasOne) ctx.report(f.keyNode('hosts'), f.pathOf('hosts'), 'expected either host or hosts, got both');
    else if (f.unknownKeys === 0) ctx.report(f.map, path, 'expected host: INDEX or hosts: [INDEX, ...]');
    return undefined;
  }
  const hosts: (number | undefined)[] = [];
  if (hasOne) {
    const h = f.req('host', index);
    hosts.push(h);
    if (h !== undefined) st.hostRefs.push({ index: h, node: ctx.deref(f.node('host')), path: f.pathOf('host') });
  } else {
    const seq = asSeq(ctx, f.node('hosts'), f.pathOf('hosts'), 'a list of host indices');
    if (!seq) return undefined;
    if (seq.items.length === 0) {
      ctx.report(seq, f.pathOf('hosts'), 'expected at least one host index, got an empty list');
      return undefined;
    }
    const seen = new Set<number>();
    seq.items.forEach((item, i) => {
      const p = [...f.pathOf('hosts'), i];
      const h = index(ctx, item, p);
      if (h !== undefined && seen.has(h)) {
        ctx.report(ctx.deref(item), p, `host ${h} is listed twice`);
        hosts.push(undefined);
        return;
      }
      hosts.push(h);
      if (h !== undefined) {
        seen.add(h);
        st.hostRefs.push({ index: h, node: ctx.deref(item), path: p });
      }
    });
  }
  if (hosts.some((h) => h === undefined)) return undefined;
  return { kind: 'fail-host', hosts: hosts as number[] };
}
