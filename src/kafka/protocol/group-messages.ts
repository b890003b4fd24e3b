/**
 * The consumer-group APIs, with the fields the model needs (real names in the comments):
 * FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup (the classic protocol, semantics 8.4),
 * OffsetCommit and OffsetFetch (8.2), ConsumerGroupHeartbeat (KIP-848, 8.7).
 *
 * Source: clients/src/main/resources/common/message/{FindCoordinator,JoinGroup,SyncGroup,Heartbeat,
 * LeaveGroup,OffsetCommit,OffsetFetch,ConsumerGroupHeartbeat}{Request,Response}.json.
 *
 * Simplified: the classic protocol carries each member's subscription (ConsumerProtocolSubscription:
 * topics, owned partitions) and assignment as opaque bytes that only clients parse; here they are
 * typed values, and the coordinator still treats them as opaque (it never reads an assignment).
 * One group per request (Kafka batches groups in some APIs); OffsetCommit has one error for the
 * whole request (Kafka reports one per partition, and they are always equal for these errors).
 */
import type { ErrorCode } from '../errors.js';
import type { BrokerId, TopicPartition } from '../ids.js';

export interface FindCoordinatorRequest {
  readonly type: 'FindCoordinatorRequest';
  readonly correlationId: number;
  /** The group id (KeyType 0 = GROUP). */
  readonly key: string;
}

export interface FindCoordinatorResponse {
  readonly type: 'FindCoordinatorResponse';
  readonly correlationId: number;
  readonly key: string;
  readonly error: ErrorCode;
  /** The coordinator: the leader of the group's __consumer_offsets partition. -1 on error. */
  readonly brokerId: BrokerId;
}

/** One entry of JoinGroup's Protocols: an assignor name and this member's subscription for it. */
export interface JoinGroupProtocol {
  /** The assignor's name (`range`, `roundrobin`, `cooperative-sticky`). */
  readonly name: string;
  /** ConsumerProtocolSubscription.Topics. */
  readonly topics: readonly string[];
  /** ConsumerProtocolSubscription.OwnedPartitions (v1+): what the member holds now (cooperative rebalancing). */
  readonly ownedPartitions: readonly TopicPartition[];
}

export interface JoinGroupRequest {
  readonly type: 'JoinGroupRequest';
  readonly correlationId: number;
  readonly groupId: string;
  /** '' on the first join: the coordinator answers MEMBER_ID_REQUIRED with one (KIP-394). */
  readonly memberId: string;
  /** client.id: the prefix of a member id the coordinator makes up. */
  readonly clientId: string;
  readonly sessionTimeoutMs: number;
  /** max.poll.interval.ms: how long the coordinator waits for members to rejoin. */
  readonly rebalanceTimeoutMs: number;
  /** In the consumer's preference order (partition.assignment.strategy). */
  readonly protocols: readonly JoinGroupProtocol[];
}

export interface JoinGroupMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly protocol: JoinGroupProtocol;
}

export interface JoinGroupResponse {
  readonly type: 'JoinGroupResponse';
  readonly correlationId: number;
  readonly groupId: string;
  readonly error: ErrorCode;
  readonly generationId: number;
  /** The assignor the coordinator selected (ProtocolName). */
  readonly protocolName: string | null;
  readonly leader: string;
  readonly memberId: string;
  /** Every member with its subscription: only in the leader's response. */
  readonly members: readonly JoinGroupMember[];
}

export interface SyncGroupRequest {
  readonly type: 'SyncGroupRequest';
  readonly correlationId: number;
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  /** The leader's computed assignment; empty from every other member. */
  readonly assignments: ReadonlyArray<{ readonly memberId: string; readonly partitions: readonly TopicPartition[] }>;
}

export interface SyncGroupResponse {
  readonly type: 'SyncGroupResponse';
  readonly correlationId: number;
  readonly groupId: string;
  readonly error: ErrorCode;
  readonly assignment: readonly TopicPartition[];
}

export interface HeartbeatRequest {
  readonly type: 'HeartbeatRequest';
  readonly correlationId: number;
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
}

export interface HeartbeatResponse {
  readonly type: 'HeartbeatResponse';
  readonly correlationId: number;
  readonly groupId: string;
  readonly error: ErrorCode;
}

export interface LeaveGroupRequest {
  readonly type: 'LeaveGroupRequest';
  readonly correlationId: number;
  readonly groupId: string;
  readonly memberId: string;
}

export interface LeaveGroupResponse {
  readonly type: 'LeaveGroupResponse';
  readonly correlationId: number;
  readonly groupId: string;
  readonly error: ErrorCode;
}

export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to read (after processing offset 42, commit 43); -1 in a fetch: nothing committed. */
  readonly offset: number;
}

export interface OffsetCommitRequest {
  readonly type: 'OffsetCommitRequest';
  readonly correlationId: number;
  readonly groupId: string;
  /** GenerationIdOrMemberEpoch: the classic generation, or the KIP-848 member epoch; -1 for a consumer outside group management. */
  readonly generationIdOrMemberEpoch: number;
  readonly memberId: string;
  readonly offsets: readonly PartitionOffset[];
}

export interface OffsetCommitResponse {
  readonly type: 'OffsetCommitResponse';
  readonly correlationId: number;
  readonly groupId: string;
  readonly error: ErrorCode;
  readonly offsets: readonly PartitionOffset[];
}

export interface OffsetFetchRequest {
  readonly type: 'OffsetFetchRequest';
  readonly correlationId: number;
  readonly groupId: string;
  readonly partitions: readonly TopicPartition[];
}

export interface OffsetFetchResponse {
  readonly type: 'OffsetFetchResponse';
  readonly correlationId: number;
  readonly groupId: string;
  readonly error: ErrorCode;
  readonly offsets: readonly PartitionOffset[];
}

/** KIP-848: the one RPC of the consumer protocol. */
export interface ConsumerGroupHeartbeatRequest {
  readonly type: 'ConsumerGroupHeartbeatRequest';
  readonly correlationId: number;
  readonly groupId: string;
  /** Generated by the client since 4.0 (KIP-1082). */
  readonly memberId: string;
  /** 0 = join, -1 = leave, otherwise the member's current epoch. */
  readonly memberEpoch: number;
  /** max.poll.interval.ms. */
  readonly rebalanceTimeoutMs: number;
  /** null: unchanged since the last heartbeat. */
  readonly subscribedTopicNames: readonly string[] | null;
  /** group.remote.assignor; null: the coordinator's default. */
  readonly serverAssignor: string | null;
  /** What the member owns now; null: unchanged. */
  readonly ownedPartitions: readonly TopicPartition[] | null;
}

export interface ConsumerGroupHeartbeatResponse {
  readonly type: 'ConsumerGroupHeartbeatResponse';
  readonly correlationId: number;
  readonly groupId: string;
  readonly error: ErrorCode;
  readonly errorMessage: string | null;
  readonly memberId: string;
  readonly memberEpoch: number;
  /** group.consumer.heartbeat.interval.ms (broker side). */
  readonly heartbeatIntervalMs: number;
  /** What the member may own now; null: unchanged. */
  readonly assignment: readonly TopicPartition[] | null;
}

export type GroupMessage =
  | FindCoordinatorRequest
  | FindCoordinatorResponse
  | JoinGroupRequest
  | JoinGroupResponse
  | SyncGroupRequest
  | SyncGroupResponse
  | HeartbeatRequest
  | HeartbeatResponse
  | LeaveGroupRequest
  | LeaveGroupResponse
  | OffsetCommitRequest
  | OffsetCommitResponse
  | OffsetFetchRequest
  | OffsetFetchResponse
  | ConsumerGroupHeartbeatRequest
  | ConsumerGroupHeartbeatResponse;

/** Requests a coordinator answers. */
export type GroupRequest = Extract<GroupMessage, { readonly type: `${string}Request` }>;
