/** The typed arrays the simulator's tables are made of. */
export type TypedColumn = Float64Array | Int32Array | Uint16Array | Uint8Array | Int8Array;

/**
 * A copy of `a` in a new array of its type with room for `length` elements (the rest
 * zero): how a table of typed columns grows.
 */
export function grown<T extends TypedColumn>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a as ArrayLike<number>);
  return b;
}
