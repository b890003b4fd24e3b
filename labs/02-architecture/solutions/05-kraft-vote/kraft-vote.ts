/**
 * Exercise 05: the KRaft vote (reference solution).
 *
 * Kafka: raft/src/main/java/org/apache/kafka/raft/KafkaRaftClient.java (handleVoteRequest),
 * QuorumState.java and each state's canGrantVote (UnattachedState, FollowerState, CandidateState,
 * LeaderState); KIP-595.
 */
import { ErrorCode } from '../../../../src/kafka/errors.js';

/** A position in the metadata log: the epoch of its last record, then the log end offset. */
export interface LogPosition {
  readonly epoch: number;
  readonly offset: number;
}

/** What a voter persists (Kafka's quorum-state file) plus its log position. */
export interface Voter {
  readonly id: number;
  readonly epoch: number;
  /** Whom it voted for in `epoch`, if anyone. A candidate has voted for itself. */
  readonly votedFor: number | undefined;
  /** The leader it knows in `epoch` (its own id when it is the leader), if any. */
  readonly leaderId: number | undefined;
  readonly lastLog: LogPosition;
}

export interface VoteRequest {
  readonly candidateId: number;
  /** The epoch the candidate runs in. */
  readonly candidateEpoch: number;
  /** The candidate's log position. */
  readonly lastLog: LogPosition;
}

export interface VoteResponse {
  readonly granted: boolean;
  /** NONE, or FENCED_LEADER_EPOCH for a candidate from an older epoch. */
  readonly error: ErrorCode;
  /** The voter's state to persist before replying (unchanged if nothing moved). */
  readonly voter: Voter;
}

/** Is log a at least as up to date as log b? The last epoch decides; only equal epochs compare offsets. */
function atLeastAsUpToDate(a: LogPosition, b: LogPosition): boolean {
  if (a.epoch !== b.epoch) return a.epoch > b.epoch;
  return a.offset >= b.offset;
}

export function handleVoteRequest(voter: Voter, request: VoteRequest): VoteResponse {
  if (request.candidateEpoch < voter.epoch) return { granted: false, error: ErrorCode.FENCED_LEADER_EPOCH, voter };
  // A higher epoch first moves the voter to it, with no vote and no leader yet.
  const current: Voter =
    request.candidateEpoch > voter.epoch ? { ...voter, epoch: request.candidateEpoch, votedFor: undefined, leaderId: undefined } : voter;
  const refuse: VoteResponse = { granted: false, error: ErrorCode.NONE, voter: current };
  if (current.leaderId !== undefined) return refuse;
  if (current.votedFor !== undefined && current.votedFor !== request.candidateId) return refuse;
  if (!atLeastAsUpToDate(request.lastLog, current.lastLog)) return refuse;
  return { granted: true, error: ErrorCode.NONE, voter: { ...current, votedFor: request.candidateId } };
}
