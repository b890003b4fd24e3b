/**
 * The consumer group protocol (KIP-848, group.protocol=consumer): one request, ConsumerGroupHeartbeat,
 * joins (epoch 0), keeps the member alive, reports what it owns and leaves (epoch -1). The
 * coordinator computes the assignment; the member reconciles to what each answer sends: it revokes
 * what is gone (committing first), starts on what is new, and tells the coordinator at once.
 * FENCED_MEMBER_EPOCH and UNKNOWN_MEMBER_ID drop every partition and join again with epoch 0.
 *
 * Sources: clients/src/main/java/org/apache/kafka/clients/consumer/internals/ConsumerMembershipManager.java,
 * AbstractMembershipManager.java (reconciliation, fencing), ConsumerHeartbeatRequestManager.java;
 * KIP-848, KIP-1082 (the member id the client made up is kept); kafka-semantics.md 8.7.
 *
 * Simplified: the full subscription is sent with every heartbeat (Kafka sends it only when it changed).
 */
import { ErrorCode, errorName } from '../../errors.js';
import { topicPartitionKey } from '../../ids.js';
import { compareTopicPartitions } from '../../group/assignor.js';
import type { ConsumerGroupHeartbeatResponse } from '../../protocol/group-messages.js';
import { coordinatorUnknown } from './coordinator-discovery.js';
import { commit } from './offset-commit.js';
import { fetchCommittedOffsets, lose, revoke } from './owned-partitions.js';
import { answers, groupError, type Turn } from './turn.js';

/**
 * ConsumerGroupHeartbeat: epoch 0 joins, -1 leaves, otherwise the member's epoch with what it owns
 * now. The full subscription is sent every time (Kafka sends it only when it changed).
 */
export function sendConsumerGroupHeartbeat(turn: Turn, memberEpoch: number): void {
  const m = turn.m;
  const heartbeat = turn.request(m.coordinator!, (correlationId) => ({
    type: 'ConsumerGroupHeartbeatRequest',
    correlationId,
    groupId: turn.config.groupId,
    memberId: m.memberId,
    memberEpoch,
    rebalanceTimeoutMs: turn.config.maxPollIntervalMs,
    subscribedTopicNames: turn.state.subscription,
    serverAssignor: turn.config.groupRemoteAssignor,
    ownedPartitions: m.owned,
  }));
  if (memberEpoch >= 0) turn.setMembership({ heartbeat, nextHeartbeatAtMs: turn.now + turn.config.heartbeatIntervalMs });
}

/** The member reconciles to the assignment it is sent: revoke what is gone (committing first), start on what is new. */
export function onConsumerGroupHeartbeat(turn: Turn, response: ConsumerGroupHeartbeatResponse): void {
  if (!answers(turn.m.heartbeat, response.correlationId)) return;
  turn.setMembership({ heartbeat: undefined });
  if (turn.m.phase === 'leaving') return; // no new assignment is taken while closing
  switch (response.error) {
    case ErrorCode.NONE:
      break;
    case ErrorCode.FENCED_MEMBER_EPOCH:
    case ErrorCode.UNKNOWN_MEMBER_ID:
      // Drop every partition without committing, and join again with epoch 0.
      groupError(turn, 'ConsumerGroupHeartbeat', response.error);
      lose(turn);
      turn.setMembership({ generationId: 0, nextHeartbeatAtMs: turn.now });
      return;
    case ErrorCode.NOT_COORDINATOR:
    case ErrorCode.COORDINATOR_NOT_AVAILABLE:
    case ErrorCode.COORDINATOR_LOAD_IN_PROGRESS:
      groupError(turn, 'ConsumerGroupHeartbeat', response.error);
      coordinatorUnknown(turn);
      return;
    default:
      groupError(turn, 'ConsumerGroupHeartbeat', response.error);
      turn.out.emit({ type: 'input.rejected', reason: `ConsumerGroupHeartbeat failed with ${errorName(response.error)}${response.errorMessage === null ? '' : `: ${response.errorMessage}`}` });
      turn.setMembership({ phase: 'idle' });
      return;
  }
  const epochMoved = response.memberEpoch !== turn.m.generationId;
  turn.setMembership({ generationId: response.memberEpoch, memberId: response.memberId, nextHeartbeatAtMs: turn.now + response.heartbeatIntervalMs });
  if (response.assignment === null) return;
  const assigned = [...response.assignment].sort(compareTopicPartitions);
  const keys = new Set(assigned.map(topicPartitionKey));
  const revoked = turn.m.owned.filter((tp) => !keys.has(topicPartitionKey(tp)));
  if (revoked.length > 0 && turn.config.commitMode !== 'manual') commit(turn);
  revoke(turn, revoked);
  const ownedKeys = new Set(turn.m.owned.map(topicPartitionKey));
  const added = assigned.filter((tp) => !ownedKeys.has(topicPartitionKey(tp)));
  turn.setMembership({ owned: assigned });
  if (added.length > 0 || epochMoved) {
    turn.out.emit({ type: 'consumer.partitions-assigned', groupId: turn.config.groupId, memberId: turn.m.memberId, generationId: turn.m.generationId, partitions: added.map(topicPartitionKey) });
  }
  if (added.length > 0) fetchCommittedOffsets(turn, [...(turn.m.awaitingOffsets?.partitions ?? []), ...added]);
  // Tell the coordinator at once what it now owns, so released partitions move on without waiting an interval.
  if (revoked.length > 0 || added.length > 0) turn.setMembership({ nextHeartbeatAtMs: turn.now });
}
