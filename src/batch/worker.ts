/** The worker-thread entry of the batch pool: one task is one run (see run-dir.ts). */
import { executeRun, type RunOutcome, type RunTask } from './run-dir.js';

export default function runInWorker(task: RunTask): RunOutcome {
  return executeRun(task);
}
