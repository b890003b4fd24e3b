/**
 * A broker's side of the group coordinator: answering FindCoordinator from its metadata, and hosting
 * the coordinator (group/group-coordinator.ts) over the `__consumer_offsets` partitions it leads.
 * Commits are written to those partitions through the leader's own produce path with acks=all (the
 * broker sends the ProduceResponse to itself), so they replicate like any record.
 *
 * Source: core/src/main/scala/kafka/server/KafkaApis.scala (handleFindCoordinatorRequest: the leader
 * of the group's offsets partition, COORDINATOR_NOT_AVAILABLE while there is none),
 * CoordinatorPartitionWriter.java (the coordinator's writes go through the ReplicaManager).
 * Kafka creates __consumer_offsets on the first FindCoordinator; here the cluster creates it at start
 * (KafkaCluster.createOffsetsTopic) and FindCoordinator answers COORDINATOR_NOT_AVAILABLE until then.
 */
import { ErrorCode } from '../errors.js';
import { topicPartitionKey, type NodeId } from '../ids.js';
import { entries } from '../log/partition-log.js';
import type { KafkaRecord } from '../log/record.js';
import { OFFSETS_TOPIC, type GroupCoordinatorConfig } from '../group/coordinator-config.js';
import { coordinatorPartition } from '../group/coordinator-partition.js';
import type { CoordinatorHost } from '../group/group-coordinator.js';
import type { FindCoordinatorRequest, GroupMessage, GroupRequest } from '../protocol/group-messages.js';
import type { Message, ProduceRequest } from '../protocol/messages.js';
import type { Outbox, RandomSource } from '../step.js';
import type { MetadataCache } from './metadata-cache.js';
import type { PartitionReplica } from './replica-state.js';

const groupRequestTypes = new Set<string>([
  'FindCoordinatorRequest',
  'JoinGroupRequest',
  'SyncGroupRequest',
  'HeartbeatRequest',
  'LeaveGroupRequest',
  'OffsetCommitRequest',
  'OffsetFetchRequest',
  'ConsumerGroupHeartbeatRequest',
]);

export function isGroupRequest(message: Message): message is GroupRequest {
  return groupRequestTypes.has(message.type);
}

export function isGroupMessage(message: Message): message is GroupMessage {
  return isGroupRequest(message) || message.type.endsWith('GroupResponse') || message.type === 'OffsetCommitResponse';
}

/** FindCoordinator: the leader of the group's __consumer_offsets partition, from this broker's metadata. */
export function answerFindCoordinator(metadata: MetadataCache, request: FindCoordinatorRequest, from: NodeId, out: Outbox): void {
  const reply = (error: ErrorCode, brokerId: number): void =>
    out.send(from, { type: 'FindCoordinatorResponse', correlationId: request.correlationId, key: request.key, error, brokerId });
  const topic = metadata.topics.get(OFFSETS_TOPIC);
  if (topic === undefined) return reply(ErrorCode.COORDINATOR_NOT_AVAILABLE, -1);
  const partition = coordinatorPartition(request.key, topic.numPartitions);
  const leader = metadata.partitions.get(topicPartitionKey({ topic: OFFSETS_TOPIC, partition }))?.leader ?? -1;
  const alive = leader >= 0 && metadata.brokers.get(leader)?.fenced === false;
  reply(alive ? ErrorCode.NONE : ErrorCode.COORDINATOR_NOT_AVAILABLE, alive ? leader : -1);
}

/** What the hosting broker lends the coordinator for one step. */
export interface HostParts {
  readonly now: number;
  readonly random: RandomSource;
  readonly config: GroupCoordinatorConfig;
  readonly out: Outbox;
  readonly self: NodeId;
  readonly metadata: MetadataCache;
  readonly replicas: () => ReadonlyMap<string, PartitionReplica>;
  /** Hands a produce request to this broker's own leader replica (as if it had arrived from `self`). */
  readonly produceToSelf: (request: ProduceRequest) => void;
}

export function coordinatorHost(parts: HostParts): CoordinatorHost {
  const replicaOf = (partition: number): PartitionReplica | undefined =>
    parts.replicas().get(topicPartitionKey({ topic: OFFSETS_TOPIC, partition }));
  return {
    now: parts.now,
    random: parts.random,
    config: parts.config,
    out: parts.out,
    offsetsPartitionCount: parts.metadata.topics.get(OFFSETS_TOPIC)?.numPartitions,
    offsetsLeaderEpoch: (partition) => {
      const replica = replicaOf(partition);
      return replica?.role === 'leader' ? replica.leaderEpoch : undefined;
    },
    readOffsetsLog: (partition) => {
      const replica = replicaOf(partition);
      return replica === undefined ? [] : entries(replica.log);
    },
    topicPartitionCount: (topic) => parts.metadata.topics.get(topic)?.numPartitions,
    appendOffsetRecords: (partition: number, writeId: number, records: readonly KafkaRecord[]) =>
      parts.produceToSelf({
        type: 'ProduceRequest',
        correlationId: writeId,
        topic: OFFSETS_TOPIC,
        partition,
        acks: -1,
        timeoutMs: parts.config.offsetsCommitTimeoutMs,
        records,
      }),
  };
}
