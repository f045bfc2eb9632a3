/**
 * Human units → dcsim base units (s, MiB, Mbit/s, MIPS, W, MI).
 *
 * Every quantity is written either as a plain number, taken in the kind's base unit,
 * or as a string "<number><unit>" with an optional space: "4GiB", "4 GiB", "1.5e3MIPS".
 * Units are case-sensitive (MB is megabytes; mb means nothing), except where both
 * spellings are listed (Kbps / kbps).
 */
import { InputError } from '../errors.js';

export type UnitKind = 'time' | 'memory' | 'bandwidth' | 'speed' | 'power' | 'length';

export interface UnitKindInfo {
  /** What the quantity is called in messages: "a memory size". */
  noun: string;
  /** Base unit, as messages name it. */
  base: string;
  /** An example of a unit string. */
  example: string;
  /** Unit → how many base units one of it is. */
  units: Readonly<Record<string, number>>;
}

const MIB = 1024 * 1024;

export const UNIT_KINDS: Readonly<Record<UnitKind, UnitKindInfo>> = {
  time: {
    noun: 'a duration',
    base: 'seconds',
    example: '5m',
    units: { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1, m: 60, min: 60, h: 3600, d: 86400 },
  },
  memory: {
    noun: 'a memory size',
    base: 'MiB',
    example: '4GiB',
    units: {
      B: 1 / MIB,
      KB: 1e3 / MIB,
      MB: 1e6 / MIB,
      GB: 1e9 / MIB,
      TB: 1e12 / MIB,
      KiB: 1 / 1024,
      MiB: 1,
      GiB: 1024,
      TiB: 1024 * 1024,
    },
  },
  bandwidth: {
    noun: 'a bandwidth',
    base: 'Mbit/s',
    example: '1Gbps',
    units: { bps: 1e-6, Kbps: 1e-3, kbps: 1e-3, Mbps: 1, Gbps: 1e3, Tbps: 1e6 },
  },
  speed: {
    noun: 'a CPU speed',
    base: 'MIPS',
    example: '2GIPS',
    units: { MIPS: 1, GIPS: 1e3 },
  },
  power: {
    noun: 'a power',
    base: 'W',
    example: '120W',
    units: { W: 1, kW: 1e3 },
  },
  length: {
    noun: 'a task length',
    base: 'MI',
    example: '50GI',
    units: { MI: 1, GI: 1e3 },
  },
};

/** `a memory size such as "4GiB" or a number of MiB` */
export function expectedQuantity(kind: UnitKind): string {
  const k = UNIT_KINDS[kind];
  return `${k.noun} such as "${k.example}" or a number of ${k.base}`;
}

/** `accepted units: ms, s, m, min, h, d` */
export function unitsHint(kind: UnitKind): string {
  return `accepted units: ${Object.keys(UNIT_KINDS[kind].units).join(', ')}`;
}

export type QuantityResult =
  | { ok: true; value: number }
  | {
      ok: false;
      /** Why: not a number/string, not "<number><unit>", not finite, or an unknown unit. */
      reason: 'type' | 'syntax' | 'not-finite' | 'unit';
      /** The unknown unit, when reason is 'unit'. */
      unit?: string;
      /** The accepted unit that differs from `unit` only by letter case, if any. */
      suggestion?: string;
    };

const QUANTITY_RE = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-z/]*)$/;

/**
 * Parses a plain number (base unit) or a "<number><unit>" string into base units.
 * Signed values are accepted here; range checks are the caller's.
 */
export function parseQuantity(kind: UnitKind, input: unknown): QuantityResult {
  if (typeof input === 'number') {
    return Number.isFinite(input) ? { ok: true, value: input } : { ok: false, reason: 'not-finite' };
  }
  if (typeof input !== 'string') return { ok: false, reason: 'type' };
  const m = QUANTITY_RE.exec(input.trim());
  if (!m) return { ok: false, reason: 'syntax' };
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return { ok: false, reason: 'not-finite' };
  const unit = m[2];
  if (unit === '') return { ok: true, value: n };
  const units = UNIT_KINDS[kind].units;
  const factor = Object.prototype.hasOwnProperty.call(units, unit) ? units[unit] : undefined;
  if (factor === undefined) {
    // GBps (bytes) is not Gbps (bits): no case-insensitive suggestion for byte rates.
    const bytes = kind === 'bandwidth' && unit.includes('B');
    const suggestion = bytes ? undefined : Object.keys(units).find((u) => u.toLowerCase() === unit.toLowerCase());
    return { ok: false, reason: 'unit', unit, suggestion };
  }
  const value = n * factor;
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: 'not-finite' };
}

/** A one-line description of why `input` is not a quantity of `kind`, and a hint. */
export function describeQuantityError(
  kind: UnitKind,
  /** How the input is shown after "got": `"4 gigs"`, `-1`, `a map`. */
  got: string,
  r: Extract<QuantityResult, { ok: false }>,
): { message: string; hint?: string } {
  const message = `expected ${expectedQuantity(kind)}, got ${got}`;
  switch (r.reason) {
    case 'unit': {
      const dym = r.suggestion
        ? `did you mean "${r.suggestion}"? `
        : kind === 'bandwidth' && r.unit?.includes('B')
          ? 'bandwidth is in bits per second, 1 byte/s = 8 bps; '
          : '';
      return { message, hint: `unknown unit "${r.unit}"; ${dym}${unitsHint(kind)}` };
    }
    case 'not-finite':
      return { message, hint: 'the number must be finite' };
    case 'syntax':
      return { message, hint: unitsHint(kind) };
    default:
      return { message };
  }
}

/**
 * Standalone parsers for command-line flags and library callers: a plain number
 * (base unit) or a unit string. Throws InputError (E_UNIT) on anything else, and on
 * negative values unless `allowNegative`.
 */
export interface ParseOptions {
  allowNegative?: boolean;
}

function parseOrThrow(kind: UnitKind, input: number | string, opts?: ParseOptions): number {
  const r = parseQuantity(kind, input);
  const got = typeof input === 'string' ? JSON.stringify(input) : String(input);
  if (!r.ok) {
    const { message, hint } = describeQuantityError(kind, got, r);
    throw new InputError('E_UNIT', hint ? `${message} (${hint})` : message);
  }
  if (r.value < 0 && !opts?.allowNegative) {
    throw new InputError('E_UNIT', `expected ${UNIT_KINDS[kind].noun} >= 0, got ${got}`);
  }
  return r.value;
}

/** → seconds. Plain number = s; units ms, s, m / min, h, d. */
export const parseTime = (v: number | string, opts?: ParseOptions): number => parseOrThrow('time', v, opts);
/** → MiB. Plain number = MiB; units B, KB, MB, GB, TB (powers of 1000 bytes), KiB, MiB, GiB, TiB. */
export const parseMemory = (v: number | string, opts?: ParseOptions): number => parseOrThrow('memory', v, opts);
/** → Mbit/s. Plain number = Mbit/s; units bps, Kbps / kbps, Mbps, Gbps, Tbps (decimal). */
export const parseBandwidth = (v: number | string, opts?: ParseOptions): number =>
  parseOrThrow('bandwidth', v, opts);
/** → MIPS. Plain number = MIPS; units MIPS, GIPS (1000 MIPS). */
export const parseSpeed = (v: number | string, opts?: ParseOptions): number => parseOrThrow('speed', v, opts);
/** → W. Plain number = W; units W, kW. */
export const parsePower = (v: number | string, opts?: ParseOptions): number => parseOrThrow('power', v, opts);
/** → MI. Plain number = MI; units MI, GI (1000 MI). */
export const parseLength = (v: number | string, opts?: ParseOptions): number => parseOrThrow('length', v, opts);
