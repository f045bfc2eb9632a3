export type { Action, ActionKind, HostGroup, MetricsSpec, ScenarioConfig } from './types.js';
export { type LoadOptions, loadScenario, parseScenario } from './load.js';
export {
  type Problem,
  ScenarioError,
  closest,
  didYouMean,
  formatProblem,
  levenshtein,
  sortProblems,
} from './problems.js';
export {
  type ParseOptions,
  type QuantityResult,
  type UnitKind,
  UNIT_KINDS,
  parseBandwidth,
  parseLength,
  parseMemory,
  parsePower,
  parseQuantity,
  parseSpeed,
  parseTime,
} from './units.js';
export { DEFAULT_POWER, SCENARIO_NAME_RE } from './validate.js';
export { parseTaskTrace, readTaskTrace } from '../workload/task-trace.js';
