/**
 * Top-level sections whose inner keys the JSON Schema does not describe yet: the
 * schema accepts any map there and `dcsim validate` checks them in full.
 */
import { type FieldSpec, field } from './spec.js';

const open = (doc: string, reason: string, json: 'object' | 'array' = 'object'): FieldSpec =>
  field('optional', { kind: 'open', json, reason }, doc);

export const EXPERIMENT_FIELDS = {
  virtualization: open(
    'A virtualization-overhead experiment: platforms, workloads and the runs comparing them.',
    'its keys are checked by dcsim validate only',
  ),
} satisfies Record<string, FieldSpec>;
