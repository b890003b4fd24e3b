/**
 * A broker's side of fetching from the closest replica (KIP-392): the leader redirecting a
 * consumer with `client.rack` to a same-rack follower (replication/preferred-read-replica.ts), and a
 * follower serving that consumer's fetches from its own log, up to its own high watermark.
 *
 * Source: core/src/main/scala/kafka/server/ReplicaManager.scala (`findPreferredReadReplica`; when one
 * is chosen the leader answers with it and no records; consumers that send client metadata may read
 * from followers, at the HighWatermark isolation of that follower), kafka-semantics.md 5.12.
 *
 * Simplified: a follower answers a consumer at once, even with nothing to return (Kafka holds the
 * fetch up to fetch.max.wait.ms); the consumer waits fetch.max.wait.ms before asking again
 * (client/consumer.ts), so the pace is the same.
 */
import type { BrokerConfig } from '../config.js';
import { ErrorCode } from '../errors.js';
import { isFetchOffsetInRange, readEntries } from '../log/partition-log.js';
import type { FetchRequest } from '../protocol/messages.js';
import { preferredReadReplica } from '../replication/preferred-read-replica.js';
import type { Outbox } from '../step.js';
import type { FollowerReplica, LeaderReplica } from './replica-state.js';

/** The follower the leader sends this consumer to, or undefined to serve it itself. */
export function leaderRedirect(replica: LeaderReplica, request: FetchRequest, config: BrokerConfig, brokerId: number, now: number): number | undefined {
  if (config.replicaSelector !== 'rack-aware' || request.replicaId >= 0) return undefined;
  const racks = config.brokerRacks ?? {};
  return preferredReadReplica({
    selector: 'rack-aware',
    clientRack: request.rackId ?? null,
    replicaId: request.replicaId,
    fetchOffset: request.fetchOffset,
    now,
    leader: { brokerId, rack: racks[brokerId] ?? null },
    followers: [...replica.followers.values()].map((progress) => ({
      brokerId: progress.brokerId,
      rack: racks[progress.brokerId] ?? null,
      logStartOffset: 0,
      logEndOffset: progress.logEndOffset,
      lastCaughtUpTimeMs: progress.lastCaughtUpTimeMs,
    })),
    isr: replica.partitionState.isr,
  });
}

/** The leader's answer when it redirects: no records, the preferred read replica. */
export function sendRedirect(replica: LeaderReplica, request: FetchRequest, from: string, preferred: number, out: Outbox): void {
  out.send(from, {
    type: 'FetchResponse',
    correlationId: request.correlationId,
    topic: replica.topic,
    partition: replica.partition,
    error: ErrorCode.NONE,
    highWatermark: replica.log.highWatermark,
    logStartOffset: replica.log.logStartOffset,
    leaderEpoch: replica.leaderEpoch,
    entries: [],
    divergingEpoch: undefined,
    preferredReadReplica: preferred,
  });
}

/** Whether this follower may serve the request: a consumer that sent its rack, to a broker with the rack-aware selector. */
export function followerServes(request: FetchRequest, config: BrokerConfig): boolean {
  return request.replicaId < 0 && request.rackId !== undefined && request.rackId !== '' && config.replicaSelector === 'rack-aware';
}

/** A consumer's fetch served by a follower: records below the follower's own high watermark. */
export function serveFromFollower(replica: FollowerReplica, request: FetchRequest, from: string, out: Outbox): void {
  let error: ErrorCode = ErrorCode.NONE;
  if (request.currentLeaderEpoch >= 0 && request.currentLeaderEpoch !== replica.leaderEpoch) {
    error = request.currentLeaderEpoch < replica.leaderEpoch ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH;
  } else if (!isFetchOffsetInRange(replica.log, request.fetchOffset)) {
    error = ErrorCode.OFFSET_OUT_OF_RANGE;
  }
  out.send(from, {
    type: 'FetchResponse',
    correlationId: request.correlationId,
    topic: replica.topic,
    partition: replica.partition,
    error,
    highWatermark: replica.log.highWatermark,
    logStartOffset: replica.log.logStartOffset,
    leaderEpoch: replica.leaderEpoch,
    entries: error === ErrorCode.NONE ? readEntries(replica.log, request.fetchOffset, request.maxRecords, replica.log.highWatermark) : [],
    divergingEpoch: undefined,
  });
}
