/**
 * A follower pulls from its leader: it sends Fetch with its log end offset and the epoch of its
 * last record, appends what comes back with the leader's offsets, learns the high watermark from
 * the response, and truncates where the leader says its log diverges (semantics 5.3, 5.8).
 * Source: core/src/main/scala/kafka/server/AbstractFetcherThread.scala, KIP-101, KIP-279.
 */
import type { BrokerConfig } from '../config.js';
import { ErrorCode } from '../errors.js';
import { brokerNode, NO_LEADER, type BrokerId } from '../ids.js';
import {
  appendAsFollower,
  followerTruncationOffset,
  lastEpoch,
  truncateTo,
  withHighWatermark,
} from '../log/partition-log.js';
import type { FetchResponse, PartitionState } from '../protocol/messages.js';
import type { Outbox } from '../step.js';
import type { FollowerReplica } from './replica-state.js';

export interface FollowerContext {
  readonly brokerId: BrokerId;
  readonly brokerEpoch: number;
  readonly now: number;
  readonly config: BrokerConfig;
  readonly nextCorrelationId: () => number;
}

export function becomeFollower(
  state: PartitionState,
  log: FollowerReplica['log'],
  context: FollowerContext,
  out: Outbox,
): FollowerReplica {
  out.emit({
    type: 'replica.became-follower',
    topic: state.topic,
    partition: state.partition,
    broker: context.brokerId,
    leader: state.leader,
    leaderEpoch: state.leaderEpoch,
    logEndOffset: log.logEndOffset,
  });
  const replica: FollowerReplica = {
    role: 'follower',
    topic: state.topic,
    partition: state.partition,
    log,
    partitionState: state,
    leader: state.leader,
    leaderEpoch: state.leaderEpoch,
    inFlightFetch: undefined,
    nextFetchAt: undefined,
  };
  return maybeFetch(replica, context, out);
}

/** Same leader and epoch, new ISR or partition epoch: nothing changes for the fetch loop. */
export function updateFollowerState(replica: FollowerReplica, state: PartitionState): FollowerReplica {
  return { ...replica, partitionState: state };
}

export function handleFetchResponse(
  replica: FollowerReplica,
  response: FetchResponse,
  context: FollowerContext,
  out: Outbox,
): FollowerReplica {
  if (replica.inFlightFetch?.correlationId !== response.correlationId) return replica; // a late answer to a fetch we gave up on
  let next: FollowerReplica = { ...replica, inFlightFetch: undefined };

  if (response.error !== ErrorCode.NONE) {
    // Not the leader (any more), or epochs disagree: wait for the controller's news, then try again.
    return { ...next, nextFetchAt: context.now + context.config.replicaFetchBackoffMs };
  }
  if (response.divergingEpoch !== undefined) {
    const from = next.log.logEndOffset;
    const to = followerTruncationOffset(next.log, response.divergingEpoch);
    if (to < from) {
      next = { ...next, log: truncateTo(next.log, to) };
      out.emit({
        type: 'log.truncated',
        topic: next.topic,
        partition: next.partition,
        broker: context.brokerId,
        fromLogEndOffset: from,
        toOffset: to,
        divergingEpoch: response.divergingEpoch.epoch,
      });
    }
    return maybeFetch(next, context, out);
  }
  const first = response.entries[0];
  const last = response.entries[response.entries.length - 1];
  if (first !== undefined && last !== undefined && first.offset === next.log.logEndOffset) {
    next = { ...next, log: appendAsFollower(next.log, response.entries) };
    out.emit({
      type: 'log.appended',
      topic: next.topic,
      partition: next.partition,
      broker: context.brokerId,
      role: 'follower',
      baseOffset: first.offset,
      lastOffset: last.offset,
      leaderEpoch: last.leaderEpoch,
    });
  }
  // A follower's HW is the leader's, capped by what it holds itself (semantics 5.3), and taken as
  // it is (UnifiedLog.updateHighWatermark): a new leader's HW may be lower than the old leader's
  // until it commits a record of its own epoch, and the follower's goes down with it. Only a
  // leader's HW never moves back.
  const learned = Math.min(response.highWatermark, next.log.logEndOffset);
  if (learned < next.log.highWatermark) {
    const from = next.log.highWatermark;
    next = { ...next, log: withHighWatermark(next.log, learned) };
    out.emit({ type: 'hw.lowered', topic: next.topic, partition: next.partition, broker: context.brokerId, role: 'follower', leaderEpoch: next.leaderEpoch, from, to: learned });
  } else if (learned > next.log.highWatermark) {
    const from = next.log.highWatermark;
    next = { ...next, log: withHighWatermark(next.log, learned) };
    out.emit({
      type: 'hw.advanced',
      topic: next.topic,
      partition: next.partition,
      broker: context.brokerId,
      role: 'follower',
      leaderEpoch: next.leaderEpoch,
      from,
      to: learned,
    });
  }
  return maybeFetch(next, context, out);
}

export function followerWake(replica: FollowerReplica, context: FollowerContext, out: Outbox): FollowerReplica {
  let next = replica;
  if (next.inFlightFetch !== undefined && next.inFlightFetch.timesOutAt <= context.now) {
    next = { ...next, inFlightFetch: undefined };
  }
  return maybeFetch(next, context, out);
}

/** The leader's process died: the fetch in flight will never be answered. Back off, then retry. */
export function leaderDisconnected(replica: FollowerReplica, context: FollowerContext): FollowerReplica {
  if (replica.inFlightFetch === undefined) return replica;
  return { ...replica, inFlightFetch: undefined, nextFetchAt: context.now + context.config.replicaFetchBackoffMs };
}

export function followerDeadline(replica: FollowerReplica): number | undefined {
  if (replica.inFlightFetch !== undefined) return replica.inFlightFetch.timesOutAt;
  if (replica.leader === NO_LEADER) return undefined;
  return replica.nextFetchAt;
}

function maybeFetch(replica: FollowerReplica, context: FollowerContext, out: Outbox): FollowerReplica {
  if (replica.leader === NO_LEADER || replica.inFlightFetch !== undefined) return replica;
  if (replica.nextFetchAt !== undefined && replica.nextFetchAt > context.now) return replica;
  const correlationId = context.nextCorrelationId();
  out.send(brokerNode(replica.leader), {
    type: 'FetchRequest',
    correlationId,
    replicaId: context.brokerId,
    brokerEpoch: context.brokerEpoch,
    maxWaitMs: context.config.replicaFetchWaitMaxMs,
    topic: replica.topic,
    partition: replica.partition,
    currentLeaderEpoch: replica.leaderEpoch,
    fetchOffset: replica.log.logEndOffset,
    lastFetchedEpoch: lastEpoch(replica.log),
    maxRecords: context.config.replicaFetchMaxRecords,
  });
  return {
    ...replica,
    nextFetchAt: undefined,
    inFlightFetch: {
      correlationId,
      timesOutAt: context.now + context.config.replicaFetchWaitMaxMs + context.config.replicaSocketTimeoutMs,
    },
  };
}
