/**
 * The KRaft quorum's requests and responses (KIP-595; VoteRequest.json, BeginQuorumEpochRequest.json,
 * EndQuorumEpochRequest.json, FetchRequest.json in clients/src/main/resources/common/message/).
 * Kafka replicates `__cluster_metadata` with the ordinary Fetch API; here it gets its own message
 * type (RaftFetch) so it never mixes with partition fetches. Every response carries the responder's
 * epoch and the leader it knows, which is how nodes discover a new leader (KIP-595 "leader
 * discovery").
 */
import type { ErrorCode } from '../errors.js';
import type { MetadataEntry } from './metadata-records.js';
import type { OffsetAndEpoch } from './offset-and-epoch.js';

/** The leader a responder knows: its epoch, and the leader's id when it knows one. */
export interface LeaderHint {
  readonly epoch: number;
  readonly leaderId: number | undefined;
}

export interface VoteRequest {
  readonly type: 'VoteRequest';
  readonly candidateId: number;
  readonly candidateEpoch: number;
  readonly lastOffsetEpoch: number;
  readonly lastOffset: number;
  /** KIP-996 (4.0): a pre-vote for candidateEpoch, which changes nothing on the voter. */
  readonly preVote: boolean;
}

export interface VoteResponse extends LeaderHint {
  readonly type: 'VoteResponse';
  readonly error: ErrorCode;
  readonly voteGranted: boolean;
  readonly preVote: boolean;
  /** The epoch the vote was asked for, so a late answer to an old election is recognised. */
  readonly candidateEpoch: number;
}

export interface BeginQuorumEpochRequest {
  readonly type: 'BeginQuorumEpochRequest';
  readonly leaderId: number;
  readonly leaderEpoch: number;
}

export interface BeginQuorumEpochResponse extends LeaderHint {
  readonly type: 'BeginQuorumEpochResponse';
  readonly error: ErrorCode;
}

export interface EndQuorumEpochRequest {
  readonly type: 'EndQuorumEpochRequest';
  readonly leaderId: number;
  readonly leaderEpoch: number;
  /** Voters ordered by how far their logs reach, most caught up first. */
  readonly preferredSuccessors: readonly number[];
}

export interface EndQuorumEpochResponse extends LeaderHint {
  readonly type: 'EndQuorumEpochResponse';
  readonly error: ErrorCode;
}

export interface RaftFetchRequest {
  readonly type: 'RaftFetchRequest';
  /** The fetching node's id; observers (brokers) fetch too but never count towards the HW. */
  readonly replicaId: number;
  /** The epoch the fetcher believes current. */
  readonly epoch: number;
  /** The fetcher's log end offset, and the epoch of its last entry. */
  readonly fetchOffset: number;
  readonly lastFetchedEpoch: number;
  /** Matches a response to its request, so a late or duplicated answer is ignored. */
  readonly correlationId: number;
}

export interface RaftFetchResponse extends LeaderHint {
  readonly type: 'RaftFetchResponse';
  readonly error: ErrorCode;
  readonly correlationId: number;
  /** Set when the fetcher's log diverges: truncate to this (epoch, end offset) and fetch again. */
  readonly divergingEpoch: OffsetAndEpoch | undefined;
  readonly highWatermark: number;
  readonly entries: readonly MetadataEntry[];
}

export type RaftMessage =
  | VoteRequest
  | VoteResponse
  | BeginQuorumEpochRequest
  | BeginQuorumEpochResponse
  | EndQuorumEpochRequest
  | EndQuorumEpochResponse
  | RaftFetchRequest
  | RaftFetchResponse;
