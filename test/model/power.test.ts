import { describe, expect, it } from 'vitest';
import { cloudsimPower } from '../../src/model/consolidation/power.js';
import { powerFunction } from '../../src/model/power.js';
import { parseScenario } from '../../src/scenario/load.js';
import { scenarioText } from '../cli/helpers.js';

describe('power models', () => {
  const base = { idle: 100, max: 200 };
  it('linear, square, cubic and sqrt follow idle + (max - idle) f(u)', () => {
    expect(powerFunction({ model: 'linear', ...base })(0.5)).toBe(150);
    expect(powerFunction({ model: 'square', ...base })(0.5)).toBe(125);
    expect(powerFunction({ model: 'cubic', ...base })(0.5)).toBe(112.5);
    expect(powerFunction({ model: 'sqrt', ...base })(0.25)).toBe(150);
    for (const model of ['linear', 'square', 'cubic', 'sqrt'] as const) {
      expect(powerFunction({ model, ...base })(0)).toBe(100);
      expect(powerFunction({ model, ...base })(1)).toBe(200);
    }
  });
  it("dcsim's models clamp the utilization; CloudSim's refuse it", () => {
    expect(powerFunction({ model: 'square', ...base })(1.2)).toBe(200);
    expect(() => cloudsimPower({ model: 'square', ...base })(1.2)).toThrow(/outside \[0, 1\]/);
    expect(cloudsimPower({ model: 'cubic', ...base })(0.5)).toBe(112.5);
  });
  it('a SPECpower table interpolates between the 10% points', () => {
    const p = powerFunction({ model: 'table', watts: [86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117] });
    expect(p(0.05)).toBeCloseTo(87.7, 12);
    expect(p(0.95)).toBeCloseTo(115.5, 12);
    expect(p(1)).toBe(117);
  });
  it('scenarios name them', () => {
    const c = parseScenario(scenarioText().replace('h: { cores: 4, mips: 1000, ram: 8GiB }', 'h: { cores: 4, mips: 1000, ram: 8GiB, power: { model: cubic, idle: 50W, max: 0.2kW } }'), 't.yaml');
    expect(c.hostTypes.h.power).toEqual({ model: 'cubic', idle: 50, max: 200 });
    expect(() => parseScenario(scenarioText().replace('h: { cores: 4, mips: 1000, ram: 8GiB }', 'h: { cores: 4, mips: 1000, ram: 8GiB, power: { model: cubc, idle: 50, max: 60 } }'), 't.yaml')).toThrow(/did you mean "cubic"/);
  });
});
