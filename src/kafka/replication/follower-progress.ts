/**
 * What a partition leader knows about one follower (semantics 5.1): Kafka's ReplicaState in
 * core/src/main/scala/kafka/cluster/Replica.scala. The leader learns all of it from the follower's
 * fetches; isr.ts holds the rules that update and read it.
 */
import type { BrokerId } from '../ids.js';

export interface FollowerProgress {
  readonly brokerId: BrokerId;
  /** The follower's LEO, taken from its last fetch offset; UNKNOWN_LOG_END_OFFSET until it fetches. */
  readonly logEndOffset: number;
  /** The last time the follower was known to have reached the leader's LEO (semantics 5.4). */
  readonly lastCaughtUpTimeMs: number;
  /** The leader's LEO when the follower last fetched ("PL" in semantics 5.4). */
  readonly lastFetchLeaderLogEndOffset: number;
  /** When the follower last fetched ("PT" in semantics 5.4). */
  readonly lastFetchTimeMs: number;
  /** Broker epoch sent in the follower's last fetch (KIP-903); -1 until it fetches. */
  readonly brokerEpoch: number;
}

/**
 * Kafka resets a follower's LEO to -1 (UnifiedLog.UnknownOffset) on election, and so do we. An
 * unknown LEO must hold the HW back for an ISR member (the new leader cannot know what it holds;
 * as the minimum candidate, -1 stops the HW where it is, semantics 5.2), must never equal the
 * leader's LEO (an empty leader log would otherwise make a silent follower "caught up", 5.4), and
 * must never satisfy LEO >= HW for ISR expansion (5.5). 0 would get the last two wrong.
 */
export const UNKNOWN_LOG_END_OFFSET = -1;

/**
 * "Never caught up". Kafka resets lastCaughtUpTimeMs (and the last fetch time) to 0, which on a
 * wall clock is 1970: long ago. The model's virtual clocks start at 0, where 0 means "just now" and
 * a follower outside the ISR would look caught up for the first replica.lag.time.max.ms. So the
 * model uses a time far in the past instead (JSON-safe, unlike -Infinity).
 */
export const LONG_AGO_MS = Number.MIN_SAFE_INTEGER;

/**
 * On (re)election the leader forgets what it knew (Replica.resetReplicaState, semantics 5.4): an
 * ISR member gets a fresh lag window (lastCaughtUp = now) so it is not thrown out before its first
 * fetch; any other follower starts as never caught up, so it does not hold back the HW.
 * PL = 0 as in the 5.4 vector (Kafka: -1; no fetch offset is below either, so the rule reads the same).
 */
export function resetFollowerProgress(brokerId: BrokerId, inIsr: boolean, now: number): FollowerProgress {
  return {
    brokerId,
    logEndOffset: UNKNOWN_LOG_END_OFFSET,
    lastCaughtUpTimeMs: inIsr ? now : LONG_AGO_MS,
    lastFetchLeaderLogEndOffset: 0,
    lastFetchTimeMs: LONG_AGO_MS,
    brokerEpoch: -1,
  };
}
