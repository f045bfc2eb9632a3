import { describe, expect, it } from 'vitest';
import { grown } from '../../src/engine/grown.js';

describe('grown', () => {
  it('copies into a longer array of the same type, zeros after', () => {
    const a = Float64Array.of(1.5, -2, 3);
    const b = grown(a, 5);
    expect(b).toBeInstanceOf(Float64Array);
    expect([...b]).toEqual([1.5, -2, 3, 0, 0]);
    expect(b).not.toBe(a);
    const c = grown(Uint8Array.of(7, 255), 3);
    expect(c).toBeInstanceOf(Uint8Array);
    expect([...c]).toEqual([7, 255, 0]);
    expect([...grown(Int32Array.of(-1), 2)]).toEqual([-1, 0]);
  });
});
