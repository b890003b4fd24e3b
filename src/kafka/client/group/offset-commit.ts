/**
 * Commits to the coordinator: the positions of the owned partitions, i.e. the next offset after
 * each record poll returned, so processed (commitSync). One commit is in flight at a time; one
 * asked for meanwhile, or one lost or refused for a passing reason, is owed (commitWanted) and sent
 * when the member is stable again. During a rebalance a commit waits for the new generation.
 *
 * Sources: clients/src/main/java/org/apache/kafka/clients/consumer/internals/ConsumerCoordinator.java
 * (commitOffsetsSync, OffsetCommitResponseHandler: retriable coordinator errors,
 * RebalanceInProgressException, CommitFailedException); KIP-848 (STALE_MEMBER_EPOCH);
 * kafka-semantics.md 8.2, 8.7.
 *
 * Simplified: a commit refused for good (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID) is not sent again;
 * the next one covers what is processed after the member rejoins.
 */
import { ErrorCode } from '../../errors.js';
import { topicPartitionKey } from '../../ids.js';
import type { OffsetCommitResponse } from '../../protocol/group-messages.js';
import { positions } from '../consumer.js';
import { answers, groupError, type Turn } from './turn.js';

/** commitSync of the positions of owned partitions (records poll returned, so processed). */
export function commit(turn: Turn): void {
  turn.state = { ...turn.state, commitWanted: true };
  const m = turn.m;
  // Only a stable member commits; during a rebalance the commit waits for the new generation (the
  // Java client answers RebalanceInProgressException and the application commits again after it).
  if (m.phase === 'leaving') return; // close() commits once, before it starts leaving
  if (m.phase !== 'stable') {
    if (m.phase !== 'join' && m.phase !== 'sync') turn.state = { ...turn.state, commitWanted: false };
    return;
  }
  if (m.coordinator === undefined || turn.state.commitInFlight !== undefined) return;
  const owned = new Set(m.owned.map(topicPartitionKey));
  const offsets = positions(turn.state.inner)
    .filter((p) => p.position !== undefined && owned.has(topicPartitionKey(p)))
    .map((p) => ({ topic: p.topic, partition: p.partition, offset: p.position! }));
  if (offsets.length === 0) {
    turn.state = { ...turn.state, commitWanted: false };
    return;
  }
  const commitInFlight = turn.request(m.coordinator, (correlationId) => ({
    type: 'OffsetCommitRequest',
    correlationId,
    groupId: turn.config.groupId,
    generationIdOrMemberEpoch: m.generationId,
    memberId: m.memberId,
    offsets,
  }));
  turn.state = { ...turn.state, commitInFlight: { ...commitInFlight, generationId: m.generationId }, commitWanted: false, lastAutoCommitMs: turn.now };
}

/**
 * The answer to the commit in flight. Returns the error of a commit that failed (CommitFailedException
 * for the application), after reporting it, so the membership can react to it; undefined otherwise.
 */
export function onCommit(turn: Turn, response: OffsetCommitResponse): ErrorCode | undefined {
  if (!answers(turn.state.commitInFlight, response.correlationId)) return undefined;
  const sentWith = turn.state.commitInFlight!.generationId;
  turn.state = { ...turn.state, commitInFlight: undefined };
  if ((response.error === ErrorCode.ILLEGAL_GENERATION || response.error === ErrorCode.UNKNOWN_MEMBER_ID) && sentWith !== turn.m.generationId && turn.m.memberId !== '') {
    // The member moved to a newer generation while the commit travelled: commit again in it
    // (ConsumerCoordinator turns this case into RebalanceInProgressException, not CommitFailedException).
    turn.state = { ...turn.state, commitWanted: true };
    return undefined;
  }
  // Retried: coordinator errors; STALE_MEMBER_EPOCH (KIP-848: retry after the next heartbeat);
  // REBALANCE_IN_PROGRESS (the Java client's RebalanceInProgressException: a member that keeps its
  // partitions, as under cooperative-sticky, commits them again once the rebalance is over). Not
  // retried: ILLEGAL_GENERATION and UNKNOWN_MEMBER_ID, after which the partitions are lost.
  const retriable = [
    ErrorCode.NOT_COORDINATOR,
    ErrorCode.COORDINATOR_NOT_AVAILABLE,
    ErrorCode.REQUEST_TIMED_OUT,
    ErrorCode.STALE_MEMBER_EPOCH,
    ErrorCode.REBALANCE_IN_PROGRESS,
  ].includes(response.error as never);
  if (retriable) turn.state = { ...turn.state, commitWanted: true };
  if (response.error === ErrorCode.NONE) {
    for (const o of response.offsets) turn.out.emit({ type: 'consumer.committed', topic: o.topic, partition: o.partition, offset: o.offset });
    return undefined;
  }
  // CommitFailedException for the application; the member itself reacts as to a heartbeat error.
  groupError(turn, 'OffsetCommit', response.error);
  return response.error;
}
