/**
 * Exercise 03: the in-sync replica set. Which followers may a leader wait for?
 *
 * Write the three functions below; keep their names and signatures (every partition leader of the
 * simulated cluster calls them). README.md says what each must do and where Kafka does it.
 * Re-run the tests on every save: npm run lab 02 -- --watch 03
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
  throw new Error(`not written yet: lastCaughtUpTimeAfterFetch (fetch at offset ${fetch.fetchOffset}, was ${follower.lastCaughtUpTimeMs})`);
}

/** May this ISR member stay in the ISR? (false: the leader proposes to remove it) */
export function isCaughtUp(
  follower: FollowerFetchState,
  leaderLogEndOffset: number,
  now: number,
  replicaLagTimeMaxMs: number,
): boolean {
  throw new Error(`not written yet: isCaughtUp (LEO ${follower.logEndOffset} of ${leaderLogEndOffset} at ${now} ms, lag max ${replicaLagTimeMaxMs} ms)`);
}

/** May this follower, outside the ISR, be proposed for it after its fetch? */
export function canJoinIsr(
  follower: FollowerFetchState,
  leader: { highWatermark: number; leaderEpochStartOffset: number; isrEligible: boolean },
): boolean {
  throw new Error(`not written yet: canJoinIsr (LEO ${follower.logEndOffset}, HW ${leader.highWatermark})`);
}
