import { SimulationError } from '../../errors.js';
import { powerFunction, tableBreakpoints, withBreakpoints, type PowerFn } from '../power.js';
import type { PowerSpec } from '../specs.js';
import type { CsHost } from './host.js';

/** A power model that, like CloudSim's, refuses a utilization outside [0, 1]. */
export function cloudsimPower(spec: PowerSpec): PowerFn {
  if (spec.model === 'table') return cloudsimSpecPower(spec.watts);
  const f = powerFunction(spec);
  return withBreakpoints((u: number) => {
    if (u < 0 || u > 1) {
      throw new SimulationError('E_UTILIZATION_RANGE', `utilization ${u} is outside [0, 1]`);
    }
    return f(u);
  }, f.breakpoints ?? []);
}

/**
 * CloudSim's PowerModelSpecPower: watts at 0%, 10%, ..., 100% load, interpolated
 * linearly, in CloudSim's own order of floating-point operations (so energies match
 * to the last digit). Utilization outside [0, 1] is an error, as in CloudSim.
 */
export function cloudsimSpecPower(watts: readonly number[]): PowerFn {
  const w = Float64Array.from(watts);
  const f = withBreakpoints((u: number) => {
    if (u < 0 || u > 1) {
      throw new SimulationError('E_UTILIZATION_RANGE', `utilization ${u} is outside [0, 1] (CloudSim stops here too)`);
    }
    return cloudsimSpecWatts(w, 0, u);
  }, tableBreakpoints(10));
  return Object.assign(f, { specTable: w });
}

/**
 * CloudSim's SPECpower interpolation at u in [0, 1] of the 11 watts at `table[at ..
 * at + 10]`. CloudSim tests `u % 0.1 == 0` and otherwise interpolates between
 * floor(10u) and ceil(10u). Both branches give the table value exactly when 10u is an
 * integer, and u % 0.1 == 0 implies that for u <= 1, so the (slow) remainder is not
 * needed.
 */
export function cloudsimSpecWatts(table: Float64Array, at: number, u: number): number {
  const x = u * 10;
  const i1 = Math.floor(x);
  if (i1 === x) return table[at + i1];
  const p1 = table[at + i1];
  const delta = (table[at + i1 + 1] - p1) / 10;
  return p1 + delta * (u - i1 / 10) * 100;
}

/** The hosts' SPECpower tables side by side, when every host has one (a search may then interpolate inline, see PabfdScan). */
export function specTablesOf(hosts: readonly CsHost[], profile: Int32Array): { tables: Float64Array; at: Int32Array } | undefined {
  const at = new Int32Array(hosts.length);
  const tables: Float64Array[] = [];
  const slot = new Map<number, number>();
  for (let i = 0; i < hosts.length; i++) {
    const t = hosts[i].power.specTable;
    if (t === undefined || t.length !== 11) return undefined;
    let k = slot.get(profile[i]);
    if (k === undefined) slot.set(profile[i], (k = tables.push(t) - 1));
    at[i] = k * 11;
  }
  const flat = new Float64Array(tables.length * 11);
  tables.forEach((t, k) => flat.set(t, k * 11));
  return { tables: flat, at };
}
