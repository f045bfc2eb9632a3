import type { PowerSpec } from './specs.js';

/** Watts drawn at CPU utilization u (clamped to [0, 1]). */
export type PowerFn = (u: number) => number;

/**
 * Builds the power function of a spec. A table holds watts at 0%, 10%, ..., 100%
 * load and is interpolated linearly between neighbouring points, as CloudSim's
 * PowerModelSpecPower does.
 */
export function powerFunction(spec: PowerSpec): PowerFn {
  switch (spec.model) {
    case 'linear': {
      const idle = spec.idle, span = spec.max - spec.idle;
      return (u) => idle + span * (u < 0 ? 0 : u > 1 ? 1 : u);
    }
    case 'square': {
      const idle = spec.idle, span = spec.max - spec.idle;
      return (u) => {
        const x = u < 0 ? 0 : u > 1 ? 1 : u;
        return idle + span * x * x;
      };
    }
    case 'cubic': {
      const idle = spec.idle, span = spec.max - spec.idle;
      return (u) => {
        const x = u < 0 ? 0 : u > 1 ? 1 : u;
        return idle + span * x * x * x;
      };
    }
    case 'sqrt': {
      const idle = spec.idle, span = spec.max - spec.idle;
      return (u) => idle + span * Math.sqrt(u < 0 ? 0 : u > 1 ? 1 : u);
    }
    case 'table': {
      const w = Float64Array.from(spec.watts);
      const steps = w.length - 1;
      return (u) => {
        const x = (u < 0 ? 0 : u > 1 ? 1 : u) * steps;
        const i = Math.floor(x);
        if (i >= steps) return w[steps];
        return w[i] + (w[i + 1] - w[i]) * (x - i);
      };
    }
  }
}
