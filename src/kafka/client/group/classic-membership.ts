/**
 * The classic group protocol's rebalance, from the member's side: JoinGroup (a new member is first
 * refused with MEMBER_ID_REQUIRED and joins again with the id it is given), the leader's assignment
 * with the selected assignor (the lab seam), SyncGroup, and Heartbeat. After a sync, eager
 * assignors have already revoked everything (rejoin.ts); cooperative ones revoke only what moved,
 * committing first, and join again at once so it can be handed out (KIP-429's second round).
 *
 * Sources: clients/src/main/java/org/apache/kafka/clients/consumer/internals/AbstractCoordinator.java
 * (JoinGroup with MEMBER_ID_REQUIRED, SyncGroup, the heartbeat thread, their error handling),
 * ConsumerCoordinator.java (onLeaderElected: performAssignment on the leader; onJoinComplete:
 * cooperative assignors revoke only what moved and rejoin at once); KIP-394, KIP-429;
 * kafka-semantics.md 8.4, 8.5.
 */
import { ErrorCode, errorName } from '../../errors.js';
import { topicPartitionKey, type TopicPartition } from '../../ids.js';
import type { GroupMember } from '../../group/assignor.js';
import { compareTopicPartitions } from '../../group/assignor.js';
import type { AssignorName } from '../../group/assignor-registry.js';
import type { HeartbeatResponse, JoinGroupResponse, SyncGroupResponse } from '../../protocol/group-messages.js';
import { coordinatorUnknown } from './coordinator-discovery.js';
import { commit } from './offset-commit.js';
import { fetchCommittedOffsets, lose, revoke } from './owned-partitions.js';
import { handleGenerationError, rebalanceProtocol, startRejoin } from './rejoin.js';
import { answers, groupError, type Turn } from './turn.js';

export function sendJoin(turn: Turn): void {
  const m = turn.m;
  const owned = m.owned;
  const request = turn.request(m.coordinator!, (correlationId) => ({
    type: 'JoinGroupRequest',
    correlationId,
    groupId: turn.config.groupId,
    memberId: m.memberId,
    clientId: turn.config.clientId,
    sessionTimeoutMs: turn.config.sessionTimeoutMs,
    rebalanceTimeoutMs: turn.config.maxPollIntervalMs,
    protocols: turn.config.partitionAssignmentStrategy.map((name) => ({ name, topics: turn.state.subscription, ownedPartitions: owned })),
  }));
  // The JoinGroup may wait up to the rebalance timeout at the coordinator: give it that long.
  turn.setMembership({ request: { ...request, deadlineMs: turn.now + turn.config.maxPollIntervalMs + 5_000 }, retryAtMs: undefined });
}

export function onJoin(turn: Turn, response: JoinGroupResponse): void {
  if (!answers(turn.m.request, response.correlationId)) return;
  turn.setMembership({ request: undefined });
  switch (response.error) {
    case ErrorCode.NONE:
      break;
    case ErrorCode.MEMBER_ID_REQUIRED:
      turn.setMembership({ memberId: response.memberId }); // join again at once, with the id
      return;
    case ErrorCode.UNKNOWN_MEMBER_ID:
      groupError(turn, 'JoinGroup', response.error);
      lose(turn);
      turn.setMembership({ memberId: '', generationId: -1 });
      return;
    case ErrorCode.NOT_COORDINATOR:
    case ErrorCode.COORDINATOR_NOT_AVAILABLE:
    case ErrorCode.COORDINATOR_LOAD_IN_PROGRESS:
      groupError(turn, 'JoinGroup', response.error);
      coordinatorUnknown(turn);
      return;
    default:
      // INCONSISTENT_GROUP_PROTOCOL, INVALID_SESSION_TIMEOUT, INVALID_GROUP_ID: fatal in Kafka (the
      // consumer throws); here the member stops trying and says why.
      groupError(turn, 'JoinGroup', response.error);
      turn.out.emit({ type: 'input.rejected', reason: `JoinGroup failed with ${errorName(response.error)}: this consumer cannot join group ${JSON.stringify(turn.config.groupId)}` });
      turn.setMembership({ phase: 'idle' });
      return;
  }
  const isLeader = response.leader === response.memberId;
  turn.setMembership({ memberId: response.memberId, generationId: response.generationId, protocolName: response.protocolName, isLeader, phase: 'sync' });
  turn.out.emit({ type: 'consumer.joined', groupId: turn.config.groupId, memberId: response.memberId, generationId: response.generationId, leader: isLeader });
  const assignments = isLeader ? performAssignment(turn, response) : [];
  const request = turn.request(turn.m.coordinator!, (correlationId) => ({
    type: 'SyncGroupRequest',
    correlationId,
    groupId: turn.config.groupId,
    generationId: response.generationId,
    memberId: response.memberId,
    assignments,
  }));
  turn.setMembership({ request });
}

/** The leader runs the selected assignor over every member's subscription (ConsumerCoordinator.onLeaderElected). */
function performAssignment(turn: Turn, response: JoinGroupResponse): Array<{ memberId: string; partitions: TopicPartition[] }> {
  const name = response.protocolName as AssignorName;
  const assignor = turn.config.assignors[name];
  const members: GroupMember[] = response.members.map((member) => ({
    memberId: member.memberId,
    groupInstanceId: member.groupInstanceId,
    topics: member.protocol.topics,
    ownedPartitions: member.protocol.ownedPartitions,
  }));
  const assignment = assignor(members, turn.state.partitionCounts);
  return members.map((member) => ({ memberId: member.memberId, partitions: [...(assignment.get(member.memberId) ?? [])].sort(compareTopicPartitions) }));
}

export function onSync(turn: Turn, response: SyncGroupResponse): void {
  if (!answers(turn.m.request, response.correlationId)) return;
  turn.setMembership({ request: undefined });
  if (response.error !== ErrorCode.NONE) {
    groupError(turn, 'SyncGroup', response.error);
    handleGenerationError(turn, response.error);
    return;
  }
  const assigned = [...response.assignment].sort(compareTopicPartitions);
  const keys = new Set(assigned.map(topicPartitionKey));
  const revoked = turn.m.owned.filter((tp) => !keys.has(topicPartitionKey(tp)));
  // Cooperative: give up only what moved (committing first), then join again so it can be handed out.
  if (revoked.length > 0 && turn.config.commitMode !== 'manual') commit(turn);
  revoke(turn, revoked);
  const ownedKeys = new Set(turn.m.owned.map(topicPartitionKey));
  const added = assigned.filter((tp) => !ownedKeys.has(topicPartitionKey(tp)));
  turn.setMembership({
    phase: 'stable',
    owned: assigned,
    nextHeartbeatAtMs: turn.now + turn.config.heartbeatIntervalMs,
    rejoinAfterSync: revoked.length > 0 && rebalanceProtocol(turn) === 'COOPERATIVE',
  });
  turn.out.emit({ type: 'consumer.partitions-assigned', groupId: turn.config.groupId, memberId: turn.m.memberId, generationId: turn.m.generationId, partitions: added.map(topicPartitionKey) });
  if (added.length > 0) fetchCommittedOffsets(turn, [...(turn.m.awaitingOffsets?.partitions ?? []), ...added]);
  if (turn.m.rejoinAfterSync) startRejoin(turn);
}

/** Heartbeat of a stable member, every heartbeat.interval.ms. */
export function sendHeartbeat(turn: Turn): void {
  const heartbeat = turn.request(turn.m.coordinator!, (correlationId) => ({
    type: 'HeartbeatRequest',
    correlationId,
    groupId: turn.config.groupId,
    generationId: turn.m.generationId,
    memberId: turn.m.memberId,
  }));
  turn.setMembership({ heartbeat, nextHeartbeatAtMs: turn.now + turn.config.heartbeatIntervalMs });
}

export function onHeartbeat(turn: Turn, response: HeartbeatResponse): void {
  if (!answers(turn.m.heartbeat, response.correlationId)) return;
  turn.setMembership({ heartbeat: undefined });
  if (response.error === ErrorCode.NONE || turn.m.phase !== 'stable') return;
  groupError(turn, 'Heartbeat', response.error);
  handleGenerationError(turn, response.error);
}
