/**
 * The member's side of the group, run once every step after the application: it sends what the
 * current phase needs (Metadata, FindCoordinator, JoinGroup; SyncGroup follows JoinGroup's answer),
 * sends an owed commit, heartbeats (Heartbeat, or ConsumerGroupHeartbeat under KIP-848), gives up
 * requests that were never answered, and leaves: LeaveGroup (or a heartbeat with epoch -1) when
 * the application closes, and on its own when the application has not polled for
 * max.poll.interval.ms, as the Java heartbeat thread does ("consumer poll timeout has expired").
 *
 * Sources: clients/src/main/java/org/apache/kafka/clients/consumer/internals/AbstractCoordinator.java
 * (ensureCoordinatorReady, ensureActiveGroup, the heartbeat thread, the poll timeout leaving the
 * group, maybeLeaveGroup); KIP-848, KIP-1082 (leaving with epoch -1 keeps the member id);
 * kafka-semantics.md 8.3, 8.4.
 *
 * Simplified: one group request in flight at a time besides heartbeats; close() commits once and
 * waits for that answer (at most request.timeout.ms) before it leaves, where Java's commitSync
 * would retry within the close timeout.
 */
import type { NodeId } from '../../ids.js';
import { sendHeartbeat, sendJoin } from './classic-membership.js';
import { sendConsumerGroupHeartbeat } from './consumer-group-heartbeat.js';
import { coordinatorUnknown } from './coordinator-discovery.js';
import { commit } from './offset-commit.js';
import { fetchCommittedOffsets, lose } from './owned-partitions.js';
import type { Turn } from './turn.js';

/** Sends what the current phase needs, heartbeats, and enforces max.poll.interval.ms. */
export function drive(turn: Turn): void {
  expireRequests(turn);
  if (turn.m.phase === 'leaving') {
    // One try, bounded by request.timeout.ms (30 s, the Java close timeout too): answered or not, leave.
    if (turn.state.commitInFlight === undefined) finishLeaving(turn);
    return;
  }
  const m = turn.m;
  if (m.phase === 'stable' && turn.state.lastPollMs !== undefined && turn.now - turn.state.lastPollMs > turn.config.maxPollIntervalMs) {
    // "consumer poll timeout has expired": the heartbeat thread leaves the group.
    leave(turn);
    turn.setMembership({ phase: 'left' });
    return;
  }
  if (m.request === undefined && (m.retryAtMs === undefined || turn.now >= m.retryAtMs)) {
    const bootstrap = turn.config.fetch.bootstrap;
    const anyBroker = bootstrap[m.bootstrapIndex % bootstrap.length]!;
    switch (m.phase) {
      case 'metadata':
        if (turn.config.groupProtocol === 'consumer') {
          // The coordinator assigns: no partition counts needed on the client.
          turn.setMembership({ phase: turn.m.coordinator === undefined ? 'find-coordinator' : 'stable' });
          break;
        }
        turn.setMembership({
          retryAtMs: undefined,
          request: turn.request(anyBroker, (correlationId) => ({ type: 'MetadataRequest', correlationId, topics: turn.state.subscription })),
        });
        break;
      case 'find-coordinator':
        turn.setMembership({
          retryAtMs: undefined,
          request: turn.request(anyBroker, (correlationId) => ({ type: 'FindCoordinatorRequest', correlationId, key: turn.config.groupId })),
        });
        break;
      case 'join':
        // onJoinPrepare commits synchronously: the JoinGroup waits for that commit's answer.
        if (turn.state.commitInFlight === undefined) sendJoin(turn);
        break;
      default:
        break;
    }
  }
  if (turn.m.phase === 'stable' && turn.state.commitWanted && turn.state.commitInFlight === undefined) commit(turn);
  if (turn.m.phase === 'stable' && turn.m.heartbeat === undefined && turn.now >= (turn.m.nextHeartbeatAtMs ?? 0) && turn.config.groupProtocol === 'consumer') {
    sendConsumerGroupHeartbeat(turn, turn.m.generationId < 0 ? 0 : turn.m.generationId);
    return;
  }
  if (turn.m.phase === 'stable' && turn.m.heartbeat === undefined && turn.now >= (turn.m.nextHeartbeatAtMs ?? 0)) sendHeartbeat(turn);
}

/** A request that was never answered: the coordinator (or broker) is presumed gone; look again. */
function expireRequests(turn: Turn): void {
  const m = turn.m;
  if (m.request !== undefined && turn.now >= m.request.deadlineMs) {
    if (m.phase === 'join' || m.phase === 'sync') coordinatorUnknown(turn);
    else turn.setMembership({ request: undefined, bootstrapIndex: m.bootstrapIndex + 1 });
  }
  if (turn.m.heartbeat !== undefined && turn.now >= turn.m.heartbeat.deadlineMs) {
    coordinatorUnknown(turn);
  }
  if (turn.m.awaitingOffsets !== undefined && turn.now >= turn.m.awaitingOffsets.request.deadlineMs) {
    fetchCommittedOffsets(turn, turn.m.awaitingOffsets.partitions);
  }
  if (turn.state.commitInFlight !== undefined && turn.now >= turn.state.commitInFlight.deadlineMs) {
    turn.state = { ...turn.state, commitInFlight: undefined, commitWanted: true };
  }
}

/** LeaveGroup (classic) or a heartbeat with epoch -1 (KIP-848); the partitions are lost. */
function leave(turn: Turn): void {
  const m = turn.m;
  if (turn.config.groupProtocol === 'consumer') {
    if (m.coordinator !== undefined && m.memberId !== '') sendConsumerGroupHeartbeat(turn, -1);
    lose(turn);
    // The member id stays (KIP-1082); epoch 0 on the next join.
    turn.setMembership({ generationId: -1, heartbeat: undefined, request: undefined, awaitingOffsets: undefined });
    return;
  }
  if (m.coordinator !== undefined && m.memberId !== '') {
    const correlationId = turn.nextCorrelationId();
    turn.out.send(m.coordinator, { type: 'LeaveGroupRequest', correlationId, groupId: turn.config.groupId, memberId: m.memberId });
  }
  lose(turn);
  turn.setMembership({ memberId: '', generationId: -1, heartbeat: undefined, request: undefined, awaitingOffsets: undefined });
}

/** close() once its final commit is answered (or timed out): leave, then a subscribe made meanwhile joins afresh. */
export function finishLeaving(turn: Turn): void {
  leave(turn);
  turn.state = { ...turn.state, commitWanted: false };
  turn.setMembership({ phase: turn.state.subscription.length > 0 ? 'metadata' : 'idle' });
}

export function onDisconnected(turn: Turn, peer: NodeId): void {
  const m = turn.m;
  if (m.coordinator === peer) coordinatorUnknown(turn);
  else if (m.request?.node === peer) turn.setMembership({ request: { ...m.request, deadlineMs: turn.now } });
  expireRequests(turn);
}
