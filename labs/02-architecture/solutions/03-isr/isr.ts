/**
 * Exercise 03: the in-sync replica set (reference solution).
 *
 * Kafka: core/src/main/scala/kafka/cluster/Replica.scala (updateFetchStateOrThrow, isCaughtUp),
 * core/src/main/scala/kafka/cluster/Partition.scala (getOutOfSyncReplicas, isFollowerInSync,
 * maybeExpandIsr); KIP-537 (replica.lag.time.max.ms = 30 s), KIP-841 and KIP-903 (eligibility).
 */

/** What the leader remembers about one follower between its fetches. */
export interface FollowerFetchState {
  /** The follower's log end offset, as its last fetch said. */
  readonly logEndOffset: number;
  /** The last time the follower was known to have everything the leader had. */
  readonly lastCaughtUpTimeMs: number;
  /** The leader's LEO when it handled the follower's previous fetch. */
  readonly lastFetchLeaderLogEndOffset: number;
  /** When the leader handled the follower's previous fetch. */
  readonly lastFetchTimeMs: number;
}

export interface Fetch {
  /** The offset the follower fetches from: its LEO. */
  readonly fetchOffset: number;
  /** The leader's LEO now. */
  readonly leaderLogEndOffset: number;
  readonly now: number;
}

/** The follower's lastCaughtUpTimeMs after this fetch. */
export function lastCaughtUpTimeAfterFetch(follower: FollowerFetchState, fetch: Fetch): number {
  if (fetch.fetchOffset >= fetch.leaderLogEndOffset) return Math.max(follower.lastCaughtUpTimeMs, fetch.now);
  if (fetch.fetchOffset >= follower.lastFetchLeaderLogEndOffset) {
    return Math.max(follower.lastCaughtUpTimeMs, follower.lastFetchTimeMs);
  }
  return follower.lastCaughtUpTimeMs;
}

/** May this ISR member stay in the ISR? (false: the leader proposes to remove it) */
export function isCaughtUp(
  follower: FollowerFetchState,
  leaderLogEndOffset: number,
  now: number,
  replicaLagTimeMaxMs: number,
): boolean {
  return follower.logEndOffset === leaderLogEndOffset || now - follower.lastCaughtUpTimeMs <= replicaLagTimeMaxMs;
}

/** May this follower, outside the ISR, be proposed for it after its fetch? */
export function canJoinIsr(
  follower: FollowerFetchState,
  leader: { highWatermark: number; leaderEpochStartOffset: number; isrEligible: boolean },
): boolean {
  return follower.logEndOffset >= leader.highWatermark && follower.logEndOffset >= leader.leaderEpochStartOffset && leader.isrEligible;
}
