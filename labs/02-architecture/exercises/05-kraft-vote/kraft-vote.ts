/**
 * Exercise 05: the KRaft vote. A controller asks for your vote in an election: grant it or not?
 *
 * Write handleVoteRequest below; keep its name and signature (every voter of the simulated
 * controller quorum calls it). README.md says what it must do and where Kafka does it.
 * Re-run the tests on every save: npm run lab 02 -- --watch 05
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
  /** ErrorCode.NONE, or ErrorCode.FENCED_LEADER_EPOCH for a candidate from an older epoch. */
  readonly error: ErrorCode;
  /** The voter's state to persist before replying (unchanged if nothing moved). */
  readonly voter: Voter;
}

export function handleVoteRequest(voter: Voter, request: VoteRequest): VoteResponse {
  throw new Error(`not written yet: voter ${voter.id} got a vote request from ${request.candidateId} for epoch ${request.candidateEpoch}`);
}
