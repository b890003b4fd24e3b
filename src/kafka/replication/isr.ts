/**
 * The in-sync replica rules a partition leader applies (semantics 5.4 shrink, 5.5 expansion).
 * Sources: core/src/main/scala/kafka/cluster/Replica.scala (updateFetchStateOrThrow, isCaughtUp),
 * core/src/main/scala/kafka/cluster/Partition.scala (getOutOfSyncReplicas, maybeExpandIsr,
 * isReplicaIsrEligible); KIP-537 (30 s lag default), KIP-841 and KIP-903 (eligibility).
 *
 * "In sync" is about time, not about how many records a follower lacks: a follower stays in the
 * ISR while it reached the leader's LEO (as the leader had it at the follower's previous fetch)
 * within the last replica.lag.time.max.ms. These functions only decide; the broker proposes the
 * ISR change to the controller (AlterPartition) and the controller has the last word.
 */
import type { BrokerId } from '../ids.js';
import type { FollowerProgress } from './follower-progress.js';

/**
 * Record one follower fetch (semantics 5.4, exactly its pseudocode). The fetch offset is the
 * follower's LEO; `leaderLogEndOffset` is the leader's LEO when the fetch is handled.
 */
export function updateFollowerProgress(
  progress: FollowerProgress,
  fetch: { fetchOffset: number; leaderLogEndOffset: number; brokerEpoch: number; now: number },
): FollowerProgress {
  let lastCaughtUpTimeMs = progress.lastCaughtUpTimeMs;
  if (fetch.fetchOffset >= fetch.leaderLogEndOffset) {
    // It has everything the leader has: caught up right now.
    lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, fetch.now);
  } else if (fetch.fetchOffset >= progress.lastFetchLeaderLogEndOffset) {
    // It has everything the leader had at its previous fetch: it was caught up as of that fetch.
    lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, progress.lastFetchTimeMs);
  }
  // Otherwise it is still behind where the leader was last time: no credit.
  return {
    ...progress,
    logEndOffset: fetch.fetchOffset,
    lastCaughtUpTimeMs,
    lastFetchLeaderLogEndOffset: Math.max(progress.lastFetchLeaderLogEndOffset, fetch.leaderLogEndOffset),
    lastFetchTimeMs: fetch.now,
    brokerEpoch: fetch.brokerEpoch,
  };
}

/**
 * Caught up = has the leader's whole log, or was caught up at most replica.lag.time.max.ms ago
 * (the bound is inclusive). With no new writes a follower that stopped fetching keeps an equal
 * LEO and so stays caught up; only fencing removes it then (semantics 5.4).
 */
export function isCaughtUp(
  progress: FollowerProgress,
  leaderLogEndOffset: number,
  now: number,
  replicaLagTimeMaxMs: number,
): boolean {
  return progress.logEndOffset === leaderLogEndOffset || now - progress.lastCaughtUpTimeMs <= replicaLagTimeMaxMs;
}

/**
 * The ISR followers to propose for removal (Partition.getOutOfSyncReplicas). The leader is never
 * one of them: it is always in the ISR (invariant 7). A follower with no progress entry is a bug in
 * the broker, which resets progress for every replica when it becomes leader.
 */
export function outOfSyncReplicas(input: {
  leaderId: BrokerId;
  isr: readonly BrokerId[];
  leaderLogEndOffset: number;
  followers: ReadonlyMap<BrokerId, FollowerProgress>;
  now: number;
  replicaLagTimeMaxMs: number;
}): BrokerId[] {
  const outOfSync: BrokerId[] = [];
  for (const brokerId of input.isr) {
    if (brokerId === input.leaderId) continue;
    const progress = input.followers.get(brokerId);
    if (progress === undefined) throw new Error(`outOfSyncReplicas: no follower progress for ISR member ${brokerId}`);
    if (!isCaughtUp(progress, input.leaderLogEndOffset, input.now, input.replicaLagTimeMaxMs)) outOfSync.push(brokerId);
  }
  return outOfSync;
}

/**
 * May this follower (not yet in the ISR) be proposed for the ISR after its fetch? (semantics 5.5,
 * Partition.isFollowerInSync + isReplicaIsrEligible). It must hold every committed record
 * (LEO >= HW), have reached the current leader epoch (LEO >= the epoch's start offset, so it has
 * truncated away anything from older leaders), and be eligible: KRaft says unfenced, not in
 * controlled shutdown (KIP-841) and fetching with the broker epoch the leader knows (KIP-903);
 * the broker works that out into `isrEligible`. "No ISR change in flight" is the broker's check too.
 */
export function canJoinIsr(
  progress: FollowerProgress,
  input: { highWatermark: number; leaderEpochStartOffset: number; isrEligible: boolean },
): boolean {
  return (
    progress.logEndOffset >= input.highWatermark &&
    progress.logEndOffset >= input.leaderEpochStartOffset &&
    input.isrEligible
  );
}

/** The rules as one value, so a lab can swap in a learner's version. */
export interface IsrRules {
  readonly updateFollowerProgress: typeof updateFollowerProgress;
  readonly isCaughtUp: typeof isCaughtUp;
  readonly outOfSyncReplicas: typeof outOfSyncReplicas;
  readonly canJoinIsr: typeof canJoinIsr;
}

export const referenceIsrRules: IsrRules = { updateFollowerProgress, isCaughtUp, outOfSyncReplicas, canJoinIsr };
