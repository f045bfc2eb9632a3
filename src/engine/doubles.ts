/**
 * Numbers stored as doubles from the start, for the hot objects of a simulation.
 *
 * V8 gives an object field, and an array's elements, the representation of the first
 * value stored: `0` and `[]` hold small integers, and the first fraction stored later
 * changes the shape of every such object, which discards each optimized function that
 * had seen the old shape. In a consolidation run some forty fields did so during the
 * first simulated minutes, costing a tenth of the run.
 */

/** Zero as a double: -0 equals 0 in every comparison and sum (-0 + x is x; String(-0) is "0"). */
export const ZERO = -0;

/** An empty array whose elements are doubles (a literal with a fraction, emptied). */
export function emptyDoubles(): number[] {
  const a = [0.5];
  a.pop();
  return a;
}

/** An array of `n` doubles (each -0 until written), stored as doubles. */
export function doublesOfLength(n: number): number[] {
  const a = emptyDoubles();
  for (let i = 0; i < n; i++) a.push(ZERO);
  return a;
}
