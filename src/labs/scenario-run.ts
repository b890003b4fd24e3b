/**
 * Runs one scenario of a check and turns whatever the learner's code did inside the simulated
 * cluster (threw, or returned something the cluster refused) into a broken promise that names the
 * seed, the short trace and the learner's last call.
 */
import type { CallLog } from './call-log.js';
import { broken, PromiseBroken } from './exercise.js';
import { learnerError, type WatchedCluster } from './scenario-trace.js';

export function runScenario(watched: WatchedCluster, log: CallLog, fn: string, body: () => void): void {
  try {
    body();
  } catch (error) {
    if (error instanceof PromiseBroken) throw error;
    const cause = learnerError(error);
    const message = cause instanceof Error ? cause.message : String(cause);
    const { trace, brokeAtStep } = watched.shortTrace();
    const call = log.last(fn);
    broken(`the cluster stopped at ${watched.cluster.now} ms: ${message}`, {
      seed: watched.seed,
      trace,
      brokeAtStep,
      threw: true,
      ...(call !== undefined && { call }),
    });
  }
}
