/**
 * The keys of the `sweep:` section, read by batches (src/batch/spec.ts); a single run
 * ignores the section. Swept values are checked when each run's scenario is validated.
 */
import { type FieldSpec, type TypeSpec, field, mapSpec, opt, ref, req, t } from './spec.js';

export const VARIANT_NAME_RE = /^[A-Za-z0-9.-]+$/;

const ANY: TypeSpec = { kind: 'open', json: 'any', reason: 'a value of the field at that path, checked when each run is validated' };

export const SWEEP_VARIANT = mapSpec('SweepVariant', 'A named set of field overrides.', {
  name: req(
    t.str({ pattern: VARIANT_NAME_RE, patternText: 'a variant name made of letters, digits, "." and "-"' }),
    'Name of the variant (unique); it labels its runs.',
  ),
  set: field('optional', { kind: 'mapOf', value: ANY }, 'Field path (as for --set, e.g. datacenter.placement) -> value.'),
});

export const SWEEP = mapSpec('Sweep', 'A batch: the cartesian product of the grid, times the variants, times the replications.', {
  grid: field(
    'optional',
    { kind: 'mapOf', value: { kind: 'oneOfShapes', shapes: [{ kind: 'list', item: ANY, minItems: 1 }, { kind: 'mapOf', value: ANY, minProperties: 1 }] } },
    'Field path (as for --set) -> the values it takes: a list, or a map of names to values (the name labels its value in run ids and tables).',
  ),
  variants: field('optional', { kind: 'list', item: ref(SWEEP_VARIANT) }, 'Named variants, each a set of overrides.'),
  replications: opt(t.int({ min: 1, max: 1_000_000 }), 1, 'Runs per parameter point, each with its own derived seed.'),
});

export const SWEEP_FIELD: FieldSpec = field('optional', ref(SWEEP), 'A batch of runs: grid, variants and replications (dcsim run --sweep).');
