import { type LoadOptions, parseScenario } from '../../src/scenario/load.js';
import { ScenarioError, formatProblem } from '../../src/scenario/problems.js';

/** The formatted problems parseScenario reports for `text` (fails if it reports none). */
export function problemsOf(text: string, opts?: LoadOptions): string[] {
  try {
    parseScenario(text, 'test.yaml', opts);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map(formatProblem);
    throw e;
  }
  throw new Error('expected the scenario to have problems');
}

/** Joins lines into YAML text (so line numbers in tests are easy to count: line n = item n-1). */
export const yaml = (...lines: string[]): string => lines.join('\n') + '\n';

/** A minimal valid scenario, 7 lines; tests append lines 8+. */
export const BASE = [
  'name: t',
  'host_types:',
  '  g4: { cores: 2, mips: 1860, ram: 4GiB }',
  'vm_types:',
  '  small: { vcpus: 1, mips: 1000, ram: 1GiB }',
  'datacenter:',
  '  hosts: [{ type: g4, count: 4 }]',
];
