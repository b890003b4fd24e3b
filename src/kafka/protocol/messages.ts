/**
 * The requests and responses the model's nodes exchange. They carry the fields of the real Kafka
 * APIs that the model needs (ProduceRequest, FetchRequest, MetadataRequest, BrokerRegistration,
 * BrokerHeartbeat, AlterPartition, CreateTopics), so the wire codec can later map real frames
 * onto them. Two simplifications, said once here:
 * - one partition per Produce and Fetch request (Kafka batches every partition bound for the same
 *   broker into one request); each partition's story then reads on its own in a trace;
 * - with the plain controller, partition state is pushed to brokers (`MetadataUpdate`, like the old
 *   UpdateMetadata/LeaderAndIsr requests); under KRaft brokers pull it from the metadata log instead.
 */
import type { TopicConfig } from '../config.js';
import type { ErrorCode } from '../errors.js';
import type { BrokerId, NodeId } from '../ids.js';
import type { KafkaRecord, LogEntry } from '../log/record.js';
import type { GroupMessage } from './group-messages.js';
import type { RaftMessage } from '../kraft/raft-messages.js';
import type { ZkMessage } from '../zookeeper/zk-messages.js';

/** acks as the producer sends it: 0, 1 or -1 (= "all"). */
export type Acks = 0 | 1 | -1;

/** The controller's record of one partition (the fields of KRaft's PartitionRecord that we model). */
export interface PartitionState {
  readonly topic: string;
  readonly partition: number;
  /** Assignment order; replicas[0] is the preferred leader. */
  readonly replicas: readonly BrokerId[];
  readonly isr: readonly BrokerId[];
  /** NO_LEADER (-1) when offline. */
  readonly leader: BrokerId;
  /** Bumped on every leader change, including to and from "no leader". */
  readonly leaderEpoch: number;
  /** Bumped on every change of this record (KRaft); AlterPartition must quote the current one. */
  readonly partitionEpoch: number;
  /** RECOVERING after an unclean election until the new leader has recovered (KRaft). */
  readonly leaderRecoveryState: 'RECOVERED' | 'RECOVERING';
}

export interface TopicMetadata {
  readonly name: string;
  readonly numPartitions: number;
  readonly replicationFactor: number;
  readonly config: TopicConfig;
}

export interface BrokerMetadata {
  readonly brokerId: BrokerId;
  readonly node: NodeId;
  readonly fenced: boolean;
  /** Grows with every registration (in KRaft: the offset of the RegisterBrokerRecord). */
  readonly brokerEpoch: number;
}

export interface ProduceRequest {
  readonly type: 'ProduceRequest';
  readonly correlationId: number;
  readonly topic: string;
  readonly partition: number;
  readonly acks: Acks;
  /** How long the leader may wait for the ISR before answering REQUEST_TIMED_OUT (acks=all). */
  readonly timeoutMs: number;
  readonly records: readonly KafkaRecord[];
}

export interface ProduceResponse {
  readonly type: 'ProduceResponse';
  readonly correlationId: number;
  readonly topic: string;
  readonly partition: number;
  readonly error: ErrorCode;
  /** Offset of the first record of the batch; -1 on error. */
  readonly baseOffset: number;
}

export interface FetchRequest {
  readonly type: 'FetchRequest';
  readonly correlationId: number;
  /** The fetching follower's broker id; -1 for a consumer (Kafka's ReplicaId field). */
  readonly replicaId: BrokerId;
  /** Follower's broker epoch (KIP-903); -1 for consumers. */
  readonly brokerEpoch: number;
  /** Long poll: the leader may hold the request this long when it has nothing to return. */
  readonly maxWaitMs: number;
  readonly topic: string;
  readonly partition: number;
  /** The leader epoch the fetcher believes is current (KIP-320); -1 when unknown. */
  readonly currentLeaderEpoch: number;
  readonly fetchOffset: number;
  /** Epoch of the fetcher's last record, for divergence checks (-1 when its log is empty). */
  readonly lastFetchedEpoch: number;
  readonly maxRecords: number;
  /** client.rack of a consumer (FetchRequest v11+, KIP-392); absent or '' for none. */
  readonly rackId?: string;
}

export interface FetchResponse {
  readonly type: 'FetchResponse';
  readonly correlationId: number;
  readonly topic: string;
  readonly partition: number;
  readonly error: ErrorCode;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly leaderEpoch: number;
  readonly entries: readonly LogEntry[];
  /** Set when the fetcher's log diverges from the leader's: truncate to this epoch's end offset. */
  readonly divergingEpoch: { readonly epoch: number; readonly endOffset: number } | undefined;
  /** KIP-392: the leader asks the consumer to fetch from this broker instead (absent or -1: no preference). */
  readonly preferredReadReplica?: number;
}

export interface MetadataRequest {
  readonly type: 'MetadataRequest';
  readonly correlationId: number;
  /** null asks for every topic. */
  readonly topics: readonly string[] | null;
}

export interface MetadataResponse {
  readonly type: 'MetadataResponse';
  readonly correlationId: number;
  readonly brokers: readonly BrokerMetadata[];
  readonly topics: ReadonlyArray<{
    readonly name: string;
    readonly error: ErrorCode;
    readonly partitions: readonly PartitionState[];
  }>;
}

export interface BrokerRegistrationRequest {
  readonly type: 'BrokerRegistrationRequest';
  readonly brokerId: BrokerId;
  /** A fresh value on every process start, so the controller can tell a restart from a retry. */
  readonly incarnationId: number;
}

export interface BrokerRegistrationResponse {
  readonly type: 'BrokerRegistrationResponse';
  readonly error: ErrorCode;
  readonly brokerEpoch: number;
}

export interface BrokerHeartbeatRequest {
  readonly type: 'BrokerHeartbeatRequest';
  readonly brokerId: BrokerId;
  readonly brokerEpoch: number;
  /** The newest metadata the broker has applied (KRaft: CurrentMetadataOffset); a broker behind is sent a snapshot. */
  readonly metadataOffset: number;
  readonly wantFence: boolean;
}

export interface BrokerHeartbeatResponse {
  readonly type: 'BrokerHeartbeatResponse';
  readonly error: ErrorCode;
  readonly isFenced: boolean;
}

export interface AlterPartitionRequest {
  readonly type: 'AlterPartitionRequest';
  readonly brokerId: BrokerId;
  readonly brokerEpoch: number;
  readonly topic: string;
  readonly partition: number;
  readonly leaderEpoch: number;
  /** The partition epoch the leader's proposal is based on; a stale one gets INVALID_UPDATE_VERSION. */
  readonly partitionEpoch: number;
  readonly newIsr: readonly BrokerId[];
}

export interface AlterPartitionResponse {
  readonly type: 'AlterPartitionResponse';
  readonly topic: string;
  readonly partition: number;
  readonly error: ErrorCode;
  /** The partition as the controller now has it (also on most errors, so the leader can resync). */
  readonly partitionState: PartitionState | undefined;
}

/** Controller → broker: the metadata the broker must act on (see the header comment). */
export interface MetadataUpdate {
  readonly type: 'MetadataUpdate';
  /** Grows with every change the controller makes (KRaft: the metadata log offset). */
  readonly metadataOffset: number;
  readonly brokers: readonly BrokerMetadata[];
  readonly topics: readonly TopicMetadata[];
  readonly partitions: readonly PartitionState[];
}

/** Kafka's ListOffsets: where does the log start, or where do readable records end? */
export interface ListOffsetsRequest {
  readonly type: 'ListOffsetsRequest';
  readonly correlationId: number;
  readonly topic: string;
  readonly partition: number;
  /** -2 = earliest (log start offset), -1 = latest (the high watermark, for read_uncommitted). */
  readonly timestamp: -2 | -1;
  readonly currentLeaderEpoch: number;
}

export interface ListOffsetsResponse {
  readonly type: 'ListOffsetsResponse';
  readonly correlationId: number;
  readonly topic: string;
  readonly partition: number;
  readonly error: ErrorCode;
  readonly offset: number;
  readonly leaderEpoch: number;
}

export interface CreateTopicsRequest {
  readonly type: 'CreateTopicsRequest';
  readonly correlationId: number;
  readonly name: string;
  readonly numPartitions: number;
  readonly replicationFactor: number;
  readonly config: Partial<TopicConfig>;
  /** Manual placement, replicas per partition (kafka-topics --replica-assignment 1:2:3,2:3:1). */
  readonly replicaAssignment?: ReadonlyArray<readonly BrokerId[]>;
}

export interface CreateTopicsResponse {
  readonly type: 'CreateTopicsResponse';
  readonly correlationId: number;
  readonly name: string;
  readonly error: ErrorCode;
  readonly errorMessage: string | undefined;
}

export type Message =
  | ProduceRequest
  | ProduceResponse
  | FetchRequest
  | FetchResponse
  | MetadataRequest
  | MetadataResponse
  | BrokerRegistrationRequest
  | BrokerRegistrationResponse
  | BrokerHeartbeatRequest
  | BrokerHeartbeatResponse
  | AlterPartitionRequest
  | AlterPartitionResponse
  | MetadataUpdate
  | ListOffsetsRequest
  | ListOffsetsResponse
  | CreateTopicsRequest
  | CreateTopicsResponse
  | GroupMessage
  | RaftMessage
  | ZkMessage;

export type MessageType = Message['type'];
