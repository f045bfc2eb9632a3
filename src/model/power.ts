import type { PowerSpec } from './specs.js';

/**
 * Watts drawn at CPU utilization u (clamped to [0, 1]). `breakpoints`, where known:
 * the utilizations in (0, 1) where the curve may bend; between two of them it is
 * linear, convex or concave, which lets a search bound power differences over a
 * range of loads (src/policies/consolidation/pabfd-index.ts).
 */
export type PowerFn = ((u: number) => number) & {
  breakpoints?: readonly number[];
  /**
   * Set when the function is CloudSim's SPECpower interpolation of these watts at 0 %,
   * 10 %, ..., 100 % (cloudsimSpecPower), so that a hot loop may do its arithmetic
   * inline (cloudsimSpecWatts) instead of calling it.
   */
  specTable?: Float64Array;
};

/** Marks a power function with its breakpoints. */
export function withBreakpoints<F extends (u: number) => number>(f: F, breakpoints: readonly number[]): F & { breakpoints: readonly number[] } {
  return Object.assign(f, { breakpoints });
}

/** The inner points of a table of `steps` equal steps. */
export const tableBreakpoints = (steps: number): number[] => Array.from({ length: steps - 1 }, (_, i) => (i + 1) / steps);

/**
 * Builds the power function of a spec. A table holds watts at 0%, 10%, ..., 100%
 * load and is interpolated linearly between neighbouring points, as CloudSim's
 * PowerModelSpecPower does.
 */
export function powerFunction(spec: PowerSpec): PowerFn {
  switch (spec.model) {
    case 'linear': {
      const idle = spec.idle, span = spec.max - spec.idle;
      return withBreakpoints((u: number) => idle + span * (u < 0 ? 0 : u > 1 ? 1 : u), []);
    }
    case 'square': {
      const idle = spec.idle, span = spec.max - spec.idle;
      return withBreakpoints((u: number) => {
        const x = u < 0 ? 0 : u > 1 ? 1 : u;
        return idle + span * x * x;
      }, []);
    }
    case 'cubic': {
      const idle = spec.idle, span = spec.max - spec.idle;
      return withBreakpoints((u: number) => {
        const x = u < 0 ? 0 : u > 1 ? 1 : u;
        return idle + span * x * x * x;
      }, []);
    }
    case 'sqrt': {
      const idle = spec.idle, span = spec.max - spec.idle;
      return withBreakpoints((u: number) => idle + span * Math.sqrt(u < 0 ? 0 : u > 1 ? 1 : u), []);
    }
    case 'table': {
      const w = Float64Array.from(spec.watts);
      const steps = w.length - 1;
      return withBreakpoints((u: number) => {
        const x = (u < 0 ? 0 : u > 1 ? 1 : u) * steps;
        const i = Math.floor(x);
        if (i >= steps) return w[steps];
        return w[i] + (w[i + 1] - w[i]) * (x - i);
      }, tableBreakpoints(steps));
    }
  }
}
