/**
 * Fetching from the closest replica (KIP-392, Kafka 2.4+): which replica a partition leader tells a
 * consumer to read from ("preferred read replica" in the fetch response).
 *
 * Source: clients/src/main/java/org/apache/kafka/common/replica/RackAwareReplicaSelector.java
 * (`select`), ReplicaView.comparator (most caught up: highest log end offset, then the shortest
 * time since it last caught up), core/src/main/scala/kafka/server/ReplicaManager.scala
 * (`findPreferredReadReplica`); kafka-semantics.md 5.12, 10 item 7.
 *
 * When it is used: only when the broker sets `replica.selector.class` (default null: the "leader
 * selector", every fetch goes to the leader) to RackAwareReplicaSelector and the consumer sets
 * `client.rack`. Only consumer fetches are redirected (a follower's own fetch never is). Candidates
 * are the leader and the followers that are in the ISR and hold the fetch offset (the ISR filter
 * came in Kafka 3.x: a lagging follower would keep the consumer behind forever). Among the replicas
 * in the client's rack the leader wins if it is one of them, else the most caught-up follower. A
 * follower serves records only up to its own high watermark, so reads from it can lag the leader.
 *
 * Used by broker/read-replica.ts when a broker's `replicaSelector` is 'rack-aware'.
 */
import type { BrokerId } from '../ids.js';

export type ReplicaSelector = 'leader' | 'rack-aware';

export interface ReadReplicaCandidate {
  readonly brokerId: BrokerId;
  /** broker.rack; null when the broker has none. */
  readonly rack: string | null;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  /** When this follower last caught up with the leader (Replica.lastCaughtUpTimeMs). */
  readonly lastCaughtUpTimeMs: number;
}

export interface PreferredReadReplicaInput {
  /** replica.selector.class on the leader's broker. */
  readonly selector: ReplicaSelector;
  /** client.rack of the consumer; null or '' when unset. */
  readonly clientRack: string | null;
  /** The FetchRequest's ReplicaId: -1 for a consumer, a broker id for a follower. */
  readonly replicaId: number;
  readonly fetchOffset: number;
  readonly now: number;
  readonly leader: { readonly brokerId: BrokerId; readonly rack: string | null };
  readonly followers: readonly ReadReplicaCandidate[];
  readonly isr: readonly BrokerId[];
}

/** The follower the consumer should read from, or undefined: keep reading from the leader. */
export function preferredReadReplica(input: PreferredReadReplicaInput): BrokerId | undefined {
  if (input.selector !== 'rack-aware' || input.replicaId >= 0) return undefined;
  const rack = input.clientRack;
  if (rack === null || rack === '') return undefined;
  if (input.leader.rack === rack) return undefined;
  const sameRack = input.followers.filter(
    (follower) =>
      follower.rack === rack &&
      input.isr.includes(follower.brokerId) &&
      follower.logEndOffset >= input.fetchOffset &&
      follower.logStartOffset <= input.fetchOffset,
  );
  let best: ReadReplicaCandidate | undefined;
  for (const candidate of sameRack) {
    if (best === undefined || moreCaughtUp(candidate, best, input.now)) best = candidate;
  }
  return best?.brokerId;
}

/** ReplicaView.comparator: the higher log end offset, then the more recent catch-up. */
function moreCaughtUp(a: ReadReplicaCandidate, b: ReadReplicaCandidate, now: number): boolean {
  if (a.logEndOffset !== b.logEndOffset) return a.logEndOffset > b.logEndOffset;
  return now - a.lastCaughtUpTimeMs < now - b.lastCaughtUpTimeMs;
}
