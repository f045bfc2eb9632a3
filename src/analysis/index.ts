/**
 * Analytic queueing solvers: pure math, no simulation. The multi-tier cross-check
 * (`dcsim analyze`) and the accuracy tests of simulated queues use them.
 */
export { erlangB, erlangC, mmc, mm1, mm1ps, erlangLoss, type QueueMeans, type MmcParams, type LossMeans } from './erlang.js';
export { mg1, mg1ps, type Mg1Params } from './mg1.js';
export { mmck, type MmckParams, type FiniteQueueMeans } from './finite.js';
export { mmcWaitTail, mmcResponseTail, mmcResponseQuantile } from './quantile.js';
export { exactMva, MAX_SWEEPS, type MvaSolution, type MvaPoint, type StationPoint } from './mva.js';
export { asymptoticBounds, type Bounds } from './bounds.js';
export { mixedDemands, classResponseTimes } from './classes.js';
export { jackson, type OpenNetwork, type OpenStation, type OpenStationResult, type OpenResult } from './jackson.js';
export { STATION_KINDS, type ClosedNetwork, type Station, type StationKind, type ResolvedStation } from './network.js';
export { UnstableError } from './check.js';
