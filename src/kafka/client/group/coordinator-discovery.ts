/**
 * Before joining: the subscribed topics' partition counts (the classic leader's assignor needs
 * them) and the group's coordinator (FindCoordinator, asked of any broker). And the way back: a
 * coordinator that stops answering, or answers NOT_COORDINATOR, is forgotten and looked up again,
 * while the member keeps its partitions (it may still be in the group).
 *
 * Sources: clients/src/main/java/org/apache/kafka/clients/consumer/internals/AbstractCoordinator.java
 * (lookupCoordinator, markCoordinatorUnknown, NOT_COORDINATOR → rediscover), ConsumerCoordinator.java
 * (the leader's metadata of the subscribed topics); KIP-1082 (the client makes up its KIP-848 member
 * id); kafka-semantics.md 8.4, 8.7.
 *
 * Simplified: the partition counts are asked for once per subscribe, not before every join (Kafka
 * keeps them current through its metadata and rejoins when a subscribed topic's count changes).
 */
import { ErrorCode } from '../../errors.js';
import { brokerNode } from '../../ids.js';
import { randomUuid } from '../../group/classic-group.js';
import type { FindCoordinatorResponse } from '../../protocol/group-messages.js';
import type { MetadataResponse } from '../../protocol/messages.js';
import { answers, groupError, type Turn } from './turn.js';

/** markCoordinatorUnknown: find it again; a member keeps its partitions meanwhile (it may still be in the group). */
export function coordinatorUnknown(turn: Turn): void {
  const m = turn.m;
  const inGroup = m.phase === 'stable' || m.phase === 'join' || m.phase === 'sync';
  turn.setMembership({
    coordinator: undefined,
    heartbeat: undefined,
    request: undefined,
    phase: inGroup ? 'find-coordinator' : m.phase,
    // After finding it again a stable member resumes heartbeating; a joining one joins again.
    resumeStable: m.phase === 'stable' || (m.phase === 'find-coordinator' && m.resumeStable),
    retryAtMs: turn.now + turn.config.fetch.retryBackoffMs,
    bootstrapIndex: m.bootstrapIndex + 1,
  });
  // A commit in flight to the lost coordinator is owed again.
  turn.state = { ...turn.state, commitInFlight: undefined, commitWanted: turn.state.commitWanted || turn.state.commitInFlight !== undefined };
}

export function onMetadata(turn: Turn, response: MetadataResponse): void {
  if (!answers(turn.m.request, response.correlationId)) return;
  const partitionCounts = new Map(turn.state.partitionCounts);
  for (const topic of response.topics) if (topic.error === ErrorCode.NONE) partitionCounts.set(topic.name, topic.partitions.length);
  turn.state = { ...turn.state, partitionCounts };
  turn.setMembership({ request: undefined, phase: turn.m.coordinator === undefined ? 'find-coordinator' : 'join' });
}

export function onFindCoordinator(turn: Turn, response: FindCoordinatorResponse): void {
  if (!answers(turn.m.request, response.correlationId)) return;
  if (response.error !== ErrorCode.NONE) {
    groupError(turn, 'FindCoordinator', response.error);
    turn.setMembership({ request: undefined, retryAtMs: turn.now + turn.config.fetch.retryBackoffMs, bootstrapIndex: turn.m.bootstrapIndex + 1 });
    return;
  }
  const coordinator = brokerNode(response.brokerId);
  if (turn.config.groupProtocol === 'consumer') {
    // KIP-1082: the client makes up its member id once and keeps it; epoch 0 joins, a known epoch resumes.
    const memberId = turn.m.memberId !== '' ? turn.m.memberId : randomUuid(turn.context.random);
    turn.setMembership({ coordinator, memberId, request: undefined, phase: 'stable', resumeStable: false, nextHeartbeatAtMs: turn.now, generationId: Math.max(0, turn.m.generationId) });
    return;
  }
  const resume = turn.m.resumeStable && turn.m.memberId !== '' && turn.m.generationId >= 0;
  turn.setMembership({ coordinator, request: undefined, phase: resume ? 'stable' : 'join', resumeStable: false, nextHeartbeatAtMs: turn.now });
}
