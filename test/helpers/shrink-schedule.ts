/**
 * A bounded, deterministic shrinker for fault schedules. fast-check's own shrinking walks a tree of
 * candidates with no cap; when losing schedules are rare (unclean election needs two failures to
 * line up), that walk takes minutes. This one tries a fixed menu of simpler schedules (drop an
 * episode, start it earlier, make it shorter), keeps each that still fails, and stops when no step
 * helps or the budget is spent. Same input, same answer.
 */
import type { FaultEpisode, FaultSchedule } from '../../src/sim/cluster/faults.js';

const MIN_DURATION_MS = 500;

function candidates(schedule: FaultSchedule): FaultSchedule[] {
  const simpler: FaultSchedule[] = [];
  schedule.forEach((_, index) => simpler.push(schedule.filter((__, other) => other !== index)));
  schedule.forEach((episode, index) => {
    const replace = (changed: FaultEpisode): FaultSchedule => schedule.map((old, other) => (other === index ? changed : old));
    const halfDuration = Math.max(MIN_DURATION_MS, Math.round(episode.durationMs / 2 / 100) * 100);
    if (halfDuration < episode.durationMs) simpler.push(replace({ ...episode, durationMs: halfDuration }));
    const roundedStart = Math.floor(episode.startMs / 1_000) * 1_000;
    if (roundedStart < episode.startMs) simpler.push(replace({ ...episode, startMs: roundedStart }));
    const roundedDuration = Math.max(MIN_DURATION_MS, Math.ceil(episode.durationMs / 1_000) * 1_000);
    if (roundedDuration !== episode.durationMs && roundedDuration < episode.durationMs + 1_000) {
      simpler.push(replace({ ...episode, durationMs: roundedDuration }));
    }
  });
  return simpler;
}

/** Shrinks while `stillFails` holds, trying at most `budget` candidates. */
export function shrinkSchedule(schedule: FaultSchedule, stillFails: (candidate: FaultSchedule) => boolean, budget = 120): FaultSchedule {
  let best = schedule;
  let tried = 0;
  let improved = true;
  while (improved && tried < budget) {
    improved = false;
    for (const candidate of candidates(best)) {
      if (tried++ >= budget) break;
      if (stillFails(candidate)) {
        best = candidate;
        improved = true;
        break;
      }
    }
  }
  return best;
}
