/**
 * A replica lost with its host (fail_host). Its visits vanish with it: their
 * requests fail at once (the user hears of it now) and their callers free their
 * threads and connections. Visits the request had started deeper, on replicas
 * still up, run to the end of their current work, as a database finishes a query
 * whose client died, and then unwind without further calls; the request's row is
 * reused once they are done.
 */
import { NO_EVENT, type Simulation } from '../../engine/simulation.js';
import { type Replica, ReplicaState } from './replica.js';
import type { RequestTable } from './requests.js';

/** What the application lends the loss handling. */
export interface LossOps {
  readonly requests: RequestTable;
  readonly replicas: readonly Replica[];
  releaseConnection(p: Replica): void;
  releaseThread(p: Replica): void;
  /** Records a failed request and tells its user (the row stays reserved). */
  requestFailed(r: number): void;
}

/** Empties a lost replica: its events cancelled, its stations, queues and pools cleared. */
export function clearLostReplica(p: Replica, sim: Simulation): void {
  p.touch(sim.now);
  if (p.cpuEvent >= 0) sim.cancel(p.cpuEvent);
  p.cpuEvent = NO_EVENT;
  p.disk?.clear(sim);
  p.net?.clear(sim);
  p.state = ReplicaState.Gone;
  p.endedAt = sim.now;
  p.busy = 0;
  p.connsUsed = 0;
  p.queue.clear();
  p.connQueue.clear();
}

/**
 * Fails the requests with a visit at `lost` (its state already Gone, its queues and
 * stations cleared). Two passes: first every affected request is marked, so that a
 * visit finishing while threads are handed back in the second pass already sees its
 * request failed.
 */
export function loseVisits(app: LossOps, lost: Replica): void {
  const R = app.requests;
  const d = R.depth;
  const releases: number[] = []; // visits whose connection and thread are given back
  const failedNow: number[] = [];
  const freed: number[] = [];
  for (let r = 0; r < R.rows; r++) {
    if (R.live[r] === 0) continue;
    const base = r * d;
    const deepest = R.hop[r];
    const floor = R.stop[r];
    let h0 = -1;
    for (let h = floor + 1; h <= deepest; h++) {
      if (R.replica[base + h] === lost.index) {
        h0 = h;
        break;
      }
    }
    if (h0 < 0) continue;
    // Callers above the lost visit (down to an earlier loss, if any) are waiting for it: free them.
    for (let h = h0 - 1; h > floor; h--) releases.push(base + h);
    if (floor < 0) failedNow.push(r);
    // Below it: visits on live replicas waiting for a lost one are freed too; the
    // deepest unbroken chain on live replicas keeps running and unwinds to `stop`.
    let stop = h0;
    let lostBelow = false;
    for (let h = deepest; h > h0; h--) {
      if (R.replica[base + h] === lost.index) {
        lostBelow = true;
        if (h > stop) stop = h;
      } else if (lostBelow) releases.push(base + h);
    }
    R.stop[r] = stop;
    if (stop === deepest) freed.push(r);
  }
  for (const r of failedNow) app.requestFailed(r);
  for (const v of releases) {
    const q = app.replicas[R.replica[v]];
    app.releaseConnection(q);
    app.releaseThread(q);
  }
  for (const r of freed) R.release(r);
}
