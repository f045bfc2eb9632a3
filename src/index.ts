/**
 * dcsim's library API; the CLI uses exactly this.
 *
 *   import { loadScenario, simulate, resultFiles } from 'dcsim';
 *   const result = simulate(loadScenario('scenarios/quickstart.yaml', { seed: 7 }));
 */
export { loadScenario, parseScenario, type LoadOptions } from './scenario/load.js';
export type { ScenarioConfig, Action, HostGroup, MetricsSpec } from './scenario/types.js';
export { ScenarioError, type Problem } from './scenario/problems.js';
export { simulate, resultFiles, type RunResult, type SimulateOptions, type Progress } from './run/simulate.js';
export { analyzeScenario, type AppAnalysis, type Comparison } from './run/analyze.js';
export { writeFiles, checkOutputDir, toCsv } from './metrics/writer.js';
export type { Table, Cell } from './metrics/table.js';
export { DcsimError, InputError, SimulationError } from './errors.js';
export { Simulation, type Handler, type EventId } from './engine/simulation.js';
export { RandomStreams, Stream, sampler } from './engine/random.js';
export type { DistSpec } from './engine/distribution.js';
export { Datacenter, type DatacenterOptions, type BrokerName } from './model/datacenter.js';
export type { HostSpec, VmSpec, PowerSpec } from './model/specs.js';
export { PLACEMENT_POLICIES, PLACEMENT_REFERENCE, HostIndex } from './policies/placement.js';
export {
  erlangB, erlangC, mmc, mm1, mm1ps, erlangLoss, mmck, mg1, mg1ps, mmcWaitTail, mmcResponseTail, mmcResponseQuantile,
  exactMva, asymptoticBounds, mixedDemands, classResponseTimes, jackson, UnstableError,
  type QueueMeans, type MmcParams, type LossMeans, type MmckParams, type FiniteQueueMeans, type Mg1Params,
  type ClosedNetwork, type Station, type StationKind, type MvaSolution, type MvaPoint, type StationPoint, type Bounds,
  type OpenNetwork, type OpenStation, type OpenStationResult, type OpenResult,
} from './analysis/index.js';
export { runJob, type VirtJob, type VirtualizationSpec, type JobOutcome } from './model/virt/experiment.js';
export type { PlatformProfile, IoPathCosts } from './model/virt/profile.js';
export type { JobProfile, HostDevices } from './model/virt/job.js';
export { SHIPPED as SHIPPED_PROFILES } from './model/virt/shipped.js';
export { runLayout, runLayouts, type Layout, type LayoutVm, type VmOutcome } from './model/virt/partition.js';
export { Volumes, type StorageServer, type VolumeSpec, type AttachOutcome } from './model/virt/storage.js';
export { Provisioner, type RequestRecord, type RejectReason } from './model/provision/pipeline.js';
export type { ProvisioningSpec, ProvisioningVariant, RequestGroup } from './model/provision/spec.js';
export { FairShare } from './model/provision/fairshare.js';
export { calibrate, type Measurement, type CalibrationResult } from './calibrate/calibrate.js';
export { planBatch, replicationSeed, type BatchDef, type BatchPlan, type RunDef, type PlanOptions } from './batch/plan.js';
export { runBatch, type BatchOptions, type BatchProgress, type BatchResult } from './batch/runner.js';
export { mergeBatches } from './batch/merge.js';
export { parseShard, type ShardSpec } from './batch/shard.js';
export { checkResults, loadResultTable, junitXml, type CheckOptions, type CheckReport, type Finding } from './batch/check.js';
export { welch, studentTCdf, studentTQuantile, moments, ciHalfWidth } from './batch/stats.js';
