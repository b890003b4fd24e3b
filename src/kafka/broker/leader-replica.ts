/**
 * The partition leader: it appends produce requests, serves fetches from followers and consumers,
 * moves the high watermark, keeps the ISR honest through AlterPartition proposals, and answers
 * acks=all requests once their records are committed (semantics 4.2, 5.2–5.6).
 * Source: core/src/main/scala/kafka/cluster/Partition.scala, server/ReplicaManager.scala.
 */
import { effectiveMinIsr, type BrokerConfig, type TopicConfig } from '../config.js';
import { ErrorCode } from '../errors.js';
import { CONTROLLER_NODE, type BrokerId } from '../ids.js';
import {
  appendAsLeader,
  assignEpochStart,
  findDivergence,
  readEntries,
  withHighWatermark,
} from '../log/partition-log.js';
import { recordSizeInBytes, type LogEntry } from '../log/record.js';
import type { BrokerMechanisms } from '../mechanisms.js';
import type {
  FetchRequest,
  FetchResponse,
  ListOffsetsRequest,
  PartitionState,
  ProduceRequest,
} from '../protocol/messages.js';
import { resetFollowerProgress, type FollowerProgress } from '../replication/follower-progress.js';
import type { Outbox } from '../step.js';
import type { MetadataCache } from './metadata-cache.js';
import { isIsrEligible } from './metadata-cache.js';
import { maximalIsr, type LeaderReplica, type ParkedFetch, type PartitionReplica, type PendingProduce } from './replica-state.js';

/** Everything a leader needs besides its own replica: who it is, the time, config, the pluggable rules. */
export interface LeaderContext {
  readonly brokerId: BrokerId;
  readonly brokerEpoch: number;
  readonly now: number;
  readonly config: BrokerConfig;
  readonly mechanisms: BrokerMechanisms;
  readonly metadata: MetadataCache;
  readonly topicConfig: TopicConfig;
}

/** How long the leader waits for an AlterPartition answer before it may propose again. */
const ALTER_PARTITION_TIMEOUT_MS = 5_000;

export function becomeLeader(
  previous: PartitionReplica | undefined,
  state: PartitionState,
  log: LeaderReplica['log'],
  context: LeaderContext,
  out: Outbox,
): LeaderReplica {
  // A new leader records where its epoch starts before writing anything (the epoch cache entry
  // that lets followers find where their log diverges, KIP-101).
  const startOffset = log.logEndOffset;
  const epochLog = assignEpochStart(log, state.leaderEpoch, startOffset);
  const followers = new Map<BrokerId, FollowerProgress>();
  for (const replicaId of state.replicas) {
    if (replicaId === context.brokerId) continue;
    followers.set(replicaId, resetFollowerProgress(replicaId, state.isr.includes(replicaId), context.now));
  }
  const keepsTenure = previous?.role === 'leader';
  const recovering = state.leaderRecoveryState === 'RECOVERING';
  out.emit({
    type: 'replica.became-leader',
    topic: state.topic,
    partition: state.partition,
    broker: context.brokerId,
    leader: context.brokerId,
    leaderEpoch: state.leaderEpoch,
    logEndOffset: startOffset,
  });
  const leader: LeaderReplica = {
    role: 'leader',
    topic: state.topic,
    partition: state.partition,
    log: epochLog,
    partitionState: state,
    leaderEpoch: state.leaderEpoch,
    leaderEpochStartOffset: startOffset,
    followers,
    pendingIsrChange: undefined,
    // Requests parked under an earlier tenure still complete by the HW rule (Kafka keeps them too).
    purgatory: keepsTenure ? previous.purgatory : [],
    parkedFetches: [],
    nextIsrCheckAt: context.now + context.config.replicaLagTimeMaxMs / 2,
  };
  // After an unclean election the partition is RECOVERING until its new leader has taken over its
  // log; the leader then says so through AlterPartition (KRaft's leaderRecoveryState, KIP-704).
  return recovering ? proposeIsr(leader, state.isr, context, out) : leader;
}

/** The controller changed ISR or epochs for a partition we still lead. */
export function updateLeaderState(replica: LeaderReplica, state: PartitionState, context: LeaderContext, out: Outbox): LeaderReplica {
  const pending = replica.pendingIsrChange;
  const settled = pending !== undefined && state.partitionEpoch > pending.basedOnPartitionEpoch;
  const updated: LeaderReplica = { ...replica, partitionState: state, pendingIsrChange: settled ? undefined : pending };
  return afterLeaderChange(updated, context, out);
}

/** Stepping down: every waiting producer and fetcher hears NOT_LEADER_OR_FOLLOWER. */
export function resignLeadership(replica: LeaderReplica, out: Outbox): void {
  for (const pending of replica.purgatory) answerPendingProduce(replica, pending, ErrorCode.NOT_LEADER_OR_FOLLOWER, out);
  for (const parked of replica.parkedFetches) {
    out.send(parked.from, fetchResponse(replica, parked.request, ErrorCode.NOT_LEADER_OR_FOLLOWER, [], undefined));
  }
}

export function handleProduce(
  replica: LeaderReplica,
  request: ProduceRequest,
  from: string,
  context: LeaderContext,
  out: Outbox,
): LeaderReplica {
  const reject = (error: ErrorCode): LeaderReplica => {
    out.emit({
      type: 'produce.rejected',
      topic: replica.topic,
      partition: replica.partition,
      broker: context.brokerId,
      error,
      records: request.records.length,
    });
    if (request.acks !== 0) {
      out.send(from, { ...produceResponseBase(request), error, baseOffset: -1 });
    }
    return replica;
  };
  if (request.acks !== 0 && request.acks !== 1 && request.acks !== -1) return reject(ErrorCode.INVALID_REQUIRED_ACKS);
  if (request.records.length === 0) return reject(ErrorCode.INVALID_REQUEST);
  let batchBytes = 0;
  for (const record of request.records) batchBytes += recordSizeInBytes(record);
  if (batchBytes > context.config.messageMaxBytes) return reject(ErrorCode.MESSAGE_TOO_LARGE);

  const minIsr = effectiveMinIsr(context.topicConfig, replica.partitionState.replicas.length);
  const admission = context.mechanisms.acks.admitProduce({
    acks: request.acks,
    isrSize: replica.partitionState.isr.length,
    effectiveMinIsr: minIsr,
  });
  if (admission !== ErrorCode.NONE) return reject(admission);

  const appended = appendAsLeader(replica.log, request.records, replica.leaderEpoch);
  out.emit({
    type: 'log.appended',
    topic: replica.topic,
    partition: replica.partition,
    broker: context.brokerId,
    role: 'leader',
    baseOffset: appended.baseOffset,
    lastOffset: appended.lastOffset,
    leaderEpoch: replica.leaderEpoch,
  });
  let next: LeaderReplica = { ...replica, log: appended.log };
  if (request.acks === 0) {
    // acks=0: the producer is not listening for an answer.
  } else if (request.acks === 1) {
    out.emit(produceCompleted(next, context, ErrorCode.NONE, appended.baseOffset, 1));
    out.send(from, { ...produceResponseBase(request), error: ErrorCode.NONE, baseOffset: appended.baseOffset });
  } else {
    next = {
      ...next,
      purgatory: [
        ...next.purgatory,
        {
          from,
          correlationId: request.correlationId,
          acks: request.acks,
          baseOffset: appended.baseOffset,
          requiredOffset: appended.lastOffset + 1,
          deadline: context.now + request.timeoutMs,
        },
      ],
    };
  }
  return afterLeaderChange(next, context, out);
}

/** KIP-320: a fetcher quoting an older epoch is fenced; one quoting a newer epoch knows more than we do. */
function epochError(replica: LeaderReplica, currentLeaderEpoch: number): ErrorCode {
  if (currentLeaderEpoch < 0 || currentLeaderEpoch === replica.leaderEpoch) return ErrorCode.NONE;
  return currentLeaderEpoch < replica.leaderEpoch ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH;
}

export function handleFetch(
  replica: LeaderReplica,
  request: FetchRequest,
  from: string,
  context: LeaderContext,
  out: Outbox,
): LeaderReplica {
  const epochProblem = epochError(replica, request.currentLeaderEpoch);
  if (epochProblem !== ErrorCode.NONE) {
    out.send(from, fetchResponse(replica, request, epochProblem, [], undefined));
    return replica;
  }
  const isFollower = request.replicaId >= 0;
  if (isFollower && !replica.followers.has(request.replicaId)) {
    // Not a replica of this partition: Kafka answers NOT_LEADER_OR_FOLLOWER to such fetchers.
    out.send(from, fetchResponse(replica, request, ErrorCode.NOT_LEADER_OR_FOLLOWER, [], undefined));
    return replica;
  }
  if (isFollower) {
    const diverging = findDivergence(replica.log, request.fetchOffset, request.lastFetchedEpoch);
    if (diverging !== undefined) {
      out.send(from, fetchResponse(replica, request, ErrorCode.NONE, [], diverging));
      return replica;
    }
  }
  if (request.fetchOffset < replica.log.logStartOffset || request.fetchOffset > replica.log.logEndOffset) {
    out.send(from, fetchResponse(replica, request, ErrorCode.OFFSET_OUT_OF_RANGE, [], undefined));
    return replica;
  }
  let next = replica;
  if (isFollower) next = recordFollowerFetch(next, request, context, out);

  const available = readable(next, request);
  if (available.length === 0 && request.maxWaitMs > 0) {
    const parked: ParkedFetch = { from, request, deadline: context.now + request.maxWaitMs };
    return { ...next, parkedFetches: [...next.parkedFetches, parked] };
  }
  answerFetch(next, request, from, available, context, out);
  return next;
}

export function handleListOffsets(replica: LeaderReplica, request: ListOffsetsRequest, from: string, out: Outbox): void {
  const error = epochError(replica, request.currentLeaderEpoch);
  const offset = request.timestamp === -2 ? replica.log.logStartOffset : replica.log.highWatermark;
  out.send(from, {
    type: 'ListOffsetsResponse',
    correlationId: request.correlationId,
    topic: replica.topic,
    partition: replica.partition,
    error,
    offset: error === ErrorCode.NONE ? offset : -1,
    leaderEpoch: replica.leaderEpoch,
  });
}

/** The leader learns a follower's LEO from its fetch offset (semantics 5.1, 5.4), then maybe grows the ISR. */
function recordFollowerFetch(replica: LeaderReplica, request: FetchRequest, context: LeaderContext, out: Outbox): LeaderReplica {
  const progress = replica.followers.get(request.replicaId);
  if (progress === undefined) return replica;
  const updated = context.mechanisms.isr.updateFollowerProgress(progress, {
    fetchOffset: request.fetchOffset,
    leaderLogEndOffset: replica.log.logEndOffset,
    brokerEpoch: request.brokerEpoch,
    now: context.now,
  });
  const followers = new Map(replica.followers);
  followers.set(request.replicaId, updated);
  let next: LeaderReplica = { ...replica, followers };
  next = maybeExpandIsr(next, request.replicaId, context, out);
  return afterLeaderChange(next, context, out);
}

function maybeExpandIsr(replica: LeaderReplica, followerId: BrokerId, context: LeaderContext, out: Outbox): LeaderReplica {
  if (replica.pendingIsrChange !== undefined || replica.partitionState.isr.includes(followerId)) return replica;
  const progress = replica.followers.get(followerId);
  if (progress === undefined) return replica;
  const joins = context.mechanisms.isr.canJoinIsr(progress, {
    highWatermark: replica.log.highWatermark,
    leaderEpochStartOffset: replica.leaderEpochStartOffset,
    isrEligible: isIsrEligible(context.metadata, followerId, progress.brokerEpoch),
  });
  if (!joins) return replica;
  return proposeIsr(replica, [...replica.partitionState.isr, followerId], context, out);
}

function proposeIsr(replica: LeaderReplica, proposedIsr: readonly BrokerId[], context: LeaderContext, out: Outbox): LeaderReplica {
  const state = replica.partitionState;
  out.emit({
    type: 'isr.change.proposed',
    topic: replica.topic,
    partition: replica.partition,
    leader: context.brokerId,
    isr: state.isr,
    proposedIsr,
  });
  out.send(CONTROLLER_NODE, {
    type: 'AlterPartitionRequest',
    brokerId: context.brokerId,
    brokerEpoch: context.brokerEpoch,
    topic: replica.topic,
    partition: replica.partition,
    leaderEpoch: replica.leaderEpoch,
    partitionEpoch: state.partitionEpoch,
    newIsr: proposedIsr,
  });
  return {
    ...replica,
    pendingIsrChange: {
      proposedIsr,
      basedOnPartitionEpoch: state.partitionEpoch,
      expiresAt: context.now + ALTER_PARTITION_TIMEOUT_MS,
    },
  };
}

/** Timers: the ISR expiration check, produce timeouts, long-poll deadlines, a lost AlterPartition. */
export function leaderWake(replica: LeaderReplica, context: LeaderContext, out: Outbox): LeaderReplica {
  let next = replica;
  const pending = next.pendingIsrChange;
  if (pending !== undefined && pending.expiresAt <= context.now) next = { ...next, pendingIsrChange: undefined };

  if (next.nextIsrCheckAt <= context.now) {
    next = { ...next, nextIsrCheckAt: context.now + context.config.replicaLagTimeMaxMs / 2 };
    if (next.pendingIsrChange === undefined) {
      const outOfSync = context.mechanisms.isr.outOfSyncReplicas({
        leaderId: context.brokerId,
        isr: next.partitionState.isr,
        leaderLogEndOffset: next.log.logEndOffset,
        followers: next.followers,
        now: context.now,
        replicaLagTimeMaxMs: context.config.replicaLagTimeMaxMs,
      });
      if (outOfSync.length > 0) {
        const shrunk = next.partitionState.isr.filter((id) => !outOfSync.includes(id));
        next = proposeIsr(next, shrunk, context, out);
      }
    }
  }

  const expired = next.purgatory.filter((pending) => pending.deadline <= context.now);
  if (expired.length > 0) {
    for (const pending of expired) {
      out.emit(produceCompleted(next, context, ErrorCode.REQUEST_TIMED_OUT, pending.baseOffset, pending.acks));
      answerPendingProduce(next, pending, ErrorCode.REQUEST_TIMED_OUT, out);
    }
    next = { ...next, purgatory: next.purgatory.filter((pending) => pending.deadline > context.now) };
  }

  const due = next.parkedFetches.filter((parked) => parked.deadline <= context.now);
  if (due.length > 0) {
    for (const parked of due) answerFetch(next, parked.request, parked.from, readable(next, parked.request), context, out);
    next = { ...next, parkedFetches: next.parkedFetches.filter((parked) => parked.deadline > context.now) };
  }
  // Time alone can change the HW: a caught-up follower outside the ISR stops holding it back once
  // it is no longer caught up (semantics 5.2).
  return afterLeaderChange(next, context, out);
}

export function leaderDeadline(replica: LeaderReplica): number {
  let deadline = replica.nextIsrCheckAt;
  if (replica.pendingIsrChange !== undefined) deadline = Math.min(deadline, replica.pendingIsrChange.expiresAt);
  for (const pending of replica.purgatory) deadline = Math.min(deadline, pending.deadline);
  for (const parked of replica.parkedFetches) deadline = Math.min(deadline, parked.deadline);
  return deadline;
}

/**
 * After anything that can move the HW (an append, a follower fetch, an ISR change, time): recompute
 * it, complete acks=all requests it now covers, and answer long polls that have data now.
 */
export function afterLeaderChange(replica: LeaderReplica, context: LeaderContext, out: Outbox): LeaderReplica {
  const minIsr = effectiveMinIsr(context.topicConfig, replica.partitionState.replicas.length);
  const isr = maximalIsr(replica);
  const currentHighWatermark = replica.log.highWatermark;
  const computed = context.mechanisms.highWatermark({
    leaderId: context.brokerId,
    leaderLogEndOffset: replica.log.logEndOffset,
    currentHighWatermark,
    maximalIsr: isr,
    // Kafka's isUnderMinIsr looks at the committed ISR, not the maximal one.
    isrSize: replica.partitionState.isr.length,
    effectiveMinIsr: minIsr,
    followers: replica.followers,
    isrEligible: (id) => isIsrEligible(context.metadata, id, replica.followers.get(id)?.brokerEpoch ?? -1),
    now: context.now,
    replicaLagTimeMaxMs: context.config.replicaLagTimeMaxMs,
    isCaughtUp: context.mechanisms.isr.isCaughtUp,
  });
  let next = replica;
  // The rule is pluggable (a lab replaces it), so its answer is taken as given except where it
  // would break the log itself: a HW past the log end is clamped. A HW that moves backwards is
  // let through on purpose, for the invariant checks to catch.
  const highWatermark = Math.min(computed, replica.log.logEndOffset);
  if (highWatermark !== currentHighWatermark) {
    next = { ...next, log: withHighWatermark(next.log, highWatermark) };
    out.emit({
      type: 'hw.advanced',
      topic: next.topic,
      partition: next.partition,
      broker: context.brokerId,
      role: 'leader',
      leaderEpoch: next.leaderEpoch,
      from: currentHighWatermark,
      to: highWatermark,
    });
  }
  if (next.purgatory.length > 0) next = completePurgatory(next, isr.length, minIsr, context, out);
  if (next.parkedFetches.length > 0) next = serveParkedFetches(next, context, out);
  return next;
}

function completePurgatory(
  replica: LeaderReplica,
  maximalIsrSize: number,
  minIsr: number,
  context: LeaderContext,
  out: Outbox,
): LeaderReplica {
  const waiting = [];
  for (const pending of replica.purgatory) {
    const completion = context.mechanisms.acks.completeProduce({
      acks: pending.acks,
      requiredOffset: pending.requiredOffset,
      highWatermark: replica.log.highWatermark,
      maximalIsrSize,
      effectiveMinIsr: minIsr,
    });
    if (!completion.done) {
      waiting.push(pending);
      continue;
    }
    out.emit(produceCompleted(replica, context, completion.error, pending.baseOffset, pending.acks));
    answerPendingProduce(replica, pending, completion.error, out);
  }
  return waiting.length === replica.purgatory.length ? replica : { ...replica, purgatory: waiting };
}

/**
 * The answer to a produce request that waited in purgatory. Only success carries the offset: with
 * NOT_ENOUGH_REPLICAS_AFTER_APPEND the records are in the log, but Kafka reports no offset.
 */
function answerPendingProduce(replica: LeaderReplica, pending: PendingProduce, error: ErrorCode, out: Outbox): void {
  out.send(pending.from, {
    type: 'ProduceResponse',
    correlationId: pending.correlationId,
    topic: replica.topic,
    partition: replica.partition,
    error,
    baseOffset: error === ErrorCode.NONE ? pending.baseOffset : -1,
  });
}

function serveParkedFetches(replica: LeaderReplica, context: LeaderContext, out: Outbox): LeaderReplica {
  const stillWaiting: ParkedFetch[] = [];
  for (const parked of replica.parkedFetches) {
    const available = readable(replica, parked.request);
    if (available.length === 0) stillWaiting.push(parked);
    else answerFetch(replica, parked.request, parked.from, available, context, out);
  }
  return stillWaiting.length === replica.parkedFetches.length ? replica : { ...replica, parkedFetches: stillWaiting };
}

/** Followers may read up to the log end; consumers only below the high watermark (semantics 5.13). */
function readable(replica: LeaderReplica, request: FetchRequest): readonly LogEntry[] {
  const upTo = request.replicaId >= 0 ? replica.log.logEndOffset : replica.log.highWatermark;
  if (request.fetchOffset >= upTo) return [];
  return readEntries(replica.log, request.fetchOffset, request.maxRecords, upTo);
}

function answerFetch(
  replica: LeaderReplica,
  request: FetchRequest,
  from: string,
  entries: readonly LogEntry[],
  context: LeaderContext,
  out: Outbox,
): void {
  if (request.replicaId >= 0) {
    out.emit({
      type: 'replica.fetched',
      topic: replica.topic,
      partition: replica.partition,
      leader: context.brokerId,
      follower: request.replicaId,
      fetchOffset: request.fetchOffset,
      records: entries.length,
      highWatermark: replica.log.highWatermark,
    });
  }
  out.send(from, fetchResponse(replica, request, ErrorCode.NONE, entries, undefined));
}

function fetchResponse(
  replica: LeaderReplica,
  request: FetchRequest,
  error: ErrorCode,
  entries: readonly LogEntry[],
  divergingEpoch: FetchResponse['divergingEpoch'],
): FetchResponse {
  return {
    type: 'FetchResponse',
    correlationId: request.correlationId,
    topic: replica.topic,
    partition: replica.partition,
    error,
    highWatermark: replica.log.highWatermark,
    logStartOffset: replica.log.logStartOffset,
    leaderEpoch: replica.leaderEpoch,
    entries,
    divergingEpoch,
  };
}

function produceResponseBase(request: ProduceRequest) {
  return {
    type: 'ProduceResponse' as const,
    correlationId: request.correlationId,
    topic: request.topic,
    partition: request.partition,
  };
}

function produceCompleted(replica: LeaderReplica, context: LeaderContext, error: ErrorCode, baseOffset: number, acks: number) {
  return {
    type: 'produce.completed' as const,
    topic: replica.topic,
    partition: replica.partition,
    broker: context.brokerId,
    error,
    baseOffset,
    acks,
  };
}

