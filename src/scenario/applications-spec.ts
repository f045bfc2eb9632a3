/**
 * The keys of `applications` (read by validate-applications.ts), as plain data for the
 * validator and the JSON Schema.
 */
import { AUTOSCALE_METRIC_NAMES } from '../policies/autoscale.js';
import { BALANCERS } from '../policies/balancers.js';
import { type DistField, distType } from './dist.js';
import { type FieldSpec, type Scalar, field, mapSpec, opt, ref, req, t } from './spec.js';

/** Names of applications, tiers and classes (as scenario names). */
const NAME_RE = /^(?!\.+$)[A-Za-z0-9._-]+$/;
const NON_NEGATIVE = { min: 0 };
const POSITIVE = { min: 0, exclusive: true };
export const CPU_FIELD: DistField = { kind: 'time', domain: NON_NEGATIVE };
export const WORK_FIELD: DistField = { kind: 'length', domain: NON_NEGATIVE };
export const BYTES_FIELD: DistField = { kind: 'memory', domain: NON_NEGATIVE };
export const THINK_FIELD: DistField = { kind: 'time', domain: NON_NEGATIVE };
const BALANCER_NAMES = Object.keys(BALANCERS);

export const NAME = t.str({ pattern: NAME_RE, patternText: 'a name made of letters, digits, ".", "_" and "-"' });
const unbounded = (min: number): Scalar<number> => t.int({ min });
/** scale_out / scale_in: a duration for metric response_time, else a plain number. */
export const SCALE_OUT = { time: t.quantity('time', POSITIVE), number: t.num(POSITIVE) };
export const SCALE_IN = { time: t.quantity('time', NON_NEGATIVE), number: t.num(NON_NEGATIVE) };

export const AUTOSCALE = mapSpec('Autoscale', 'Autoscaling of a tier: scale out above scale_out, in below scale_in.', {
  metric: req(t.enum(AUTOSCALE_METRIC_NAMES), 'What is watched, averaged over window.'),
  scale_out: field('required', { kind: 'oneOfShapes', shapes: [SCALE_OUT.number.type, SCALE_OUT.time.type] }, 'Add a replica above this (a duration for response_time, else a number).'),
  scale_in: field('optional', { kind: 'oneOfShapes', shapes: [SCALE_IN.number.type, SCALE_IN.time.type] }, 'Remove a replica below this, < scale_out; never when absent.'),
  window: opt(t.quantity('time', POSITIVE), 60, 'Averaging window of the metric.'),
  cooldown: opt(t.quantity('time', NON_NEGATIVE), 120, 'Least time between two scaling actions.'),
  min: opt(t.int({ min: 1 }), 1, 'Fewest replicas.'),
  max: req(t.int({ min: 1 }), 'Most replicas, >= min.'),
});

export const TIER = mapSpec('Tier', 'A tier: replicas of one vm type behind a balancer.', {
  name: req(NAME, 'Name of the tier (unique in the application).'),
  vm_type: req(t.str(), 'The vm type of each replica (from vm_types).'),
  replicas: opt(t.int({ min: 1 }), 1, 'Number of replicas (within the autoscaling range).'),
  threads: opt(unbounded(1), undefined, 'Threads per replica; unlimited when absent.'),
  queue_limit: opt(unbounded(0), undefined, 'Requests waiting per replica beyond the threads; unlimited when absent.'),
  connections: opt(unbounded(1), undefined, 'Connections per replica to the next tier; unlimited when absent.'),
  balancer: opt(t.enum(BALANCER_NAMES), 'round-robin', 'How requests are spread over the replicas.'),
  autoscale: field('optional', ref(AUTOSCALE), 'Autoscaling rule.'),
});

export const HOP = mapSpec('Hop', 'One visit of a request to a tier; cpu or cpu_work, not both.', {
  tier: req(t.str(), 'Name of a tier of the application.'),
  cpu: field('optional', distType(CPU_FIELD), 'CPU time per visit at the reference speed (a duration or a distribution).'),
  cpu_work: field('optional', distType(WORK_FIELD), 'CPU work per visit (MI, or e.g. 5GI; or a distribution).'),
  disk: field('optional', distType(BYTES_FIELD), 'Disk data per visit (MiB, or e.g. 64KiB; or a distribution).'),
  network: field('optional', distType(BYTES_FIELD), 'Network data per visit (MiB, or e.g. 64KiB; or a distribution).'),
  visits: opt(t.num(POSITIVE), 1, 'Mean visits per request (1 on the first hop).'),
});

export const REQUEST_CLASS = mapSpec('RequestClass', 'A kind of request and its route through the tiers.', {
  name: req(NAME, 'Name of the class (unique in the application).'),
  weight: opt(t.num(POSITIVE), 1, 'Share of the requests, relative to the other classes.'),
  route: field('required', { kind: 'list', item: ref(HOP), minItems: 1 }, 'The hops, in order.'),
});

export const DIURNAL = mapSpec('Diurnal', 'A request rate that follows a sine wave.', {
  min: opt(t.num(NON_NEGATIVE), 0, 'Lowest rate (requests/s), <= max.'),
  max: req(t.num(POSITIVE), 'Highest rate (requests/s).'),
  period: opt(t.quantity('time', POSITIVE), 86400, 'Period of the wave.'),
  peak: opt(t.quantity('time', NON_NEGATIVE), 0, 'Time of the peak within the period.'),
});

export const RATE_STEP = mapSpec('RateStep', 'From at on, requests arrive at rate.', {
  at: req(t.quantity('time', NON_NEGATIVE), 'Start of the step (after the previous step\'s).'),
  rate: req(t.num(NON_NEGATIVE), 'Requests per second.'),
});

export const APP_WORKLOAD = mapSpec('AppWorkload', 'Exactly one of users (closed), rate, schedule, diurnal or trace (open).', {
  users: opt(t.int({ min: 1 }), undefined, 'Closed workload: number of users, each waiting for its response then thinking.'),
  think: field('optional', distType(THINK_FIELD), 'Think time of closed workloads (a duration or a distribution); 0 when absent.'),
  rate: opt(t.num(POSITIVE), undefined, 'Poisson arrivals at this many requests per second.'),
  schedule: field('optional', { kind: 'list', item: ref(RATE_STEP), minItems: 1 }, 'Poisson arrivals at a rate that changes in steps.'),
  diurnal: field('optional', ref(DIURNAL), 'Poisson arrivals at a rate that follows a sine wave.'),
  trace: opt(t.str({ patternText: 'a CSV file path' }), undefined, 'CSV of arrival times, relative to the scenario file.'),
});

export const APPLICATION = mapSpec('Application', 'A multi-tier application.', {
  name: req(NAME, 'Name of the application (unique).'),
  warmup: opt(t.quantity('time', NON_NEGATIVE), 0, 'Statistics start after this (shorter than the duration).'),
  reference_mips: opt(t.quantity('speed', POSITIVE), undefined, 'Speed at which cpu times are measured; each tier\'s vm mips when absent.'),
  tiers: field('required', { kind: 'list', item: ref(TIER), minItems: 1 }, 'The tiers.'),
  classes: field('required', { kind: 'list', item: ref(REQUEST_CLASS), minItems: 1 }, 'The request classes.'),
  workload: field('required', ref(APP_WORKLOAD), 'How requests arrive.'),
});

export const APPLICATIONS_FIELD: FieldSpec = field('optional', { kind: 'list', item: ref(APPLICATION) }, 'Multi-tier applications (needs a duration).');
