/**
 * Joining again. A classic member rejoins when its subscription changes, when a cooperative
 * revocation calls for a second round, and when the coordinator says its generation is over:
 * REBALANCE_IN_PROGRESS → rejoin keeping its partitions (eager assignors first commit, with
 * auto-commit on, and revoke everything); ILLEGAL_GENERATION and UNKNOWN_MEMBER_ID → the
 * partitions are lost, then rejoin; NOT_COORDINATOR → rediscover the coordinator. A KIP-848 member
 * has no join phase: its next heartbeat carries the change.
 *
 * Sources: clients/src/main/java/org/apache/kafka/clients/consumer/internals/AbstractCoordinator.java
 * (HeartbeatResponseHandler, SyncGroupResponseHandler: the error handling above, requestRejoin),
 * ConsumerCoordinator.java (onJoinPrepare: eager assignors revoke everything, committing first when
 * auto-commit is on; the OffsetCommit errors); KIP-429; kafka-semantics.md 8.4.
 */
import { ErrorCode } from '../../errors.js';
import { rebalanceProtocolOf, type AssignorName } from '../../group/assignor-registry.js';
import { coordinatorUnknown } from './coordinator-discovery.js';
import { commit } from './offset-commit.js';
import { lose, revoke } from './owned-partitions.js';
import type { Turn } from './turn.js';

/** Join again (eager assignors give up everything first). */
export function startRejoin(turn: Turn): void {
  if (turn.config.groupProtocol === 'consumer') {
    // No join phase: the next heartbeat carries the new subscription.
    turn.setMembership({ nextHeartbeatAtMs: turn.now });
    return;
  }
  if (rebalanceProtocol(turn) === 'EAGER') {
    // ConsumerCoordinator.onJoinPrepare: commit (auto-commit) then revoke everything before joining.
    if (turn.config.commitMode !== 'manual') commit(turn);
    revoke(turn, turn.m.owned);
  }
  turn.setMembership({ phase: 'join', request: undefined, heartbeat: undefined });
}

/** EAGER or COOPERATIVE: the selected assignor's, or before any join the first configured one's. */
export function rebalanceProtocol(turn: Turn): 'EAGER' | 'COOPERATIVE' {
  const name = (turn.m.protocolName ?? turn.config.partitionAssignmentStrategy[0]!) as AssignorName;
  return rebalanceProtocolOf(name);
}

/** The errors of Heartbeat, SyncGroup and OffsetCommit that say "your generation is over". */
export function handleGenerationError(turn: Turn, error: ErrorCode): void {
  switch (error) {
    case ErrorCode.REBALANCE_IN_PROGRESS:
      startRejoin(turn);
      return;
    case ErrorCode.ILLEGAL_GENERATION:
      lose(turn);
      turn.setMembership({ generationId: -1, phase: 'join', request: undefined, heartbeat: undefined });
      return;
    case ErrorCode.UNKNOWN_MEMBER_ID:
      lose(turn);
      turn.setMembership({ memberId: '', generationId: -1, phase: 'join', request: undefined, heartbeat: undefined });
      return;
    case ErrorCode.NOT_COORDINATOR:
    case ErrorCode.COORDINATOR_NOT_AVAILABLE:
      coordinatorUnknown(turn);
      return;
    default:
      startRejoin(turn);
  }
}

/** A failed commit (onCommit's answer): a stable classic member reacts to it as to a heartbeat error. */
export function onCommitFailed(turn: Turn, error: ErrorCode): void {
  if (turn.m.phase === 'stable' && turn.config.groupProtocol === 'classic') handleGenerationError(turn, error);
}
