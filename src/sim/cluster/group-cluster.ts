/**
 * A cluster set up for consumer groups: brokers, `__consumer_offsets`, the topics, leaders in place,
 * then group consumers and producers added by name. Group tests, group scenarios, the group
 * properties and the groups playground build their runs here.
 */
import { createGroupConsumer, ownership, processedRecords, type GroupConsumerCommand, type GroupConsumerState } from '../../kafka/client/group-consumer.js';
import type { GroupConsumerConfigInput } from '../../kafka/client/group-consumer-config.js';
import { createProducer } from '../../kafka/client/producer.js';
import type { ProducerConfigInput } from '../../kafka/client/producer-config.js';
import { OFFSETS_TOPIC, type GroupCoordinatorConfig } from '../../kafka/group/coordinator-config.js';
import { coordinatorPartition } from '../../kafka/group/coordinator-partition.js';
import { groupOffsets } from '../../kafka/group/group-coordinator.js';
import type { CommittedOffsetRecord } from '../../kafka/group/offsets.js';
import { brokerNode, topicPartitionKey, type BrokerId, type NodeId, type TopicPartition } from '../../kafka/ids.js';
import type { BrokerConfig } from '../../kafka/config.js';
import type { Mechanisms } from '../../kafka/mechanisms.js';
import type { NetworkOptions } from '../network.js';
import { KafkaCluster } from './kafka-cluster.js';

export interface GroupTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor?: number;
}

export interface GroupClusterOptions {
  readonly seed: number;
  readonly brokers: number;
  readonly topics: readonly GroupTopic[];
  /** offsets.topic.num.partitions; default 1 here, to keep small runs small (Kafka: 50). */
  readonly offsetsPartitions?: number;
  readonly groupCoordinator?: Partial<GroupCoordinatorConfig>;
  readonly broker?: Partial<BrokerConfig>;
  readonly network?: Partial<NetworkOptions>;
  readonly recordTrace?: boolean;
  readonly maxTraceEvents?: number;
  /** Lab seams, e.g. `{ rangeAssignor: mine }`. */
  readonly mechanisms?: Partial<Mechanisms>;
}

const SETUP_LIMIT_MS = 30_000;

/** A started cluster with __consumer_offsets and the topics created and led. */
export function startGroupCluster(options: GroupClusterOptions): KafkaCluster {
  const cluster = new KafkaCluster({
    seed: options.seed,
    brokers: options.brokers,
    network: options.network,
    broker: options.broker,
    groupCoordinator: { offsetsTopicNumPartitions: options.offsetsPartitions ?? 1, ...options.groupCoordinator },
    recordTrace: options.recordTrace,
    maxTraceEvents: options.maxTraceEvents,
    ...(options.mechanisms !== undefined && { mechanisms: options.mechanisms }),
  });
  cluster.start(SETUP_LIMIT_MS);
  cluster.createOffsetsTopic();
  const rf = (topic: GroupTopic): number => Math.min(topic.replicationFactor ?? options.brokers, options.brokers);
  for (const topic of options.topics) cluster.createTopic(topic.name, topic.partitions, rf(topic));
  const all = [{ name: OFFSETS_TOPIC, partitions: cluster.groupCoordinator.offsetsTopicNumPartitions }, ...options.topics];
  const ready = cluster.sim.runUntilCondition(
    () => all.every((topic) => Array.from({ length: topic.partitions }, (_, p) => p).every((p) => leads(cluster, topic.name, p))),
    SETUP_LIMIT_MS,
  );
  if (!ready) throw new Error(`the group cluster did not become ready within ${SETUP_LIMIT_MS} ms (seed=${options.seed})`);
  return cluster;
}

function leads(cluster: KafkaCluster, topic: string, partition: number): boolean {
  const leader = cluster.partition(topic, partition)?.leader;
  if (leader === undefined || leader < 0) return false;
  return cluster.brokerState(leader)?.replicas.get(topicPartitionKey({ topic, partition }))?.role === 'leader';
}

/** Adds a group consumer node that subscribes to `topics` now (or at `atMs`). */
export function addGroupConsumer(
  cluster: KafkaCluster,
  id: NodeId,
  topics: readonly string[],
  config: Omit<GroupConsumerConfigInput, 'bootstrap'>,
  atMs: number = cluster.now,
): void {
  // The cluster's range assignor (a lab's, through `mechanisms`) unless the caller brings its own.
  const assignors = { range: cluster.mechanisms.rangeAssignor, ...config.assignors };
  const consumer = createGroupConsumer(id, { bootstrap: cluster.brokerIds.map(brokerNode), clientId: id, ...config, assignors });
  cluster.sim.addNode(id, consumer.machine, consumer.initialState);
  cluster.sim.command<GroupConsumerCommand>(id, { type: 'subscribe', topics }, atMs);
}

export function addProducer(cluster: KafkaCluster, id: NodeId, config: Omit<ProducerConfigInput, 'bootstrap'> = {}): void {
  const producer = createProducer(id, { bootstrap: cluster.brokerIds.map(brokerNode), ...config });
  cluster.sim.addNode(id, producer.machine, producer.initialState);
}

export function groupConsumerState(cluster: KafkaCluster, id: NodeId): GroupConsumerState | undefined {
  return cluster.sim.stateOf<GroupConsumerState>(id);
}

/** What a live member owns now, with its generation; undefined while it is down. */
export function memberOwnership(cluster: KafkaCluster, id: NodeId): { generationId: number; partitions: readonly TopicPartition[] } | undefined {
  const state = groupConsumerState(cluster, id);
  return state === undefined ? undefined : ownership(state);
}

/** Offsets of records a member's application has processed (since its last start). */
export function processedOffsets(cluster: KafkaCluster, id: NodeId): Array<{ topic: string; partition: number; offset: number }> {
  const state = groupConsumerState(cluster, id);
  return state === undefined ? [] : processedRecords(state).map((r) => ({ topic: r.topic, partition: r.partition, offset: r.offset }));
}

/** The broker coordinating `groupId` now (the leader of its __consumer_offsets partition). */
export function coordinatorOf(cluster: KafkaCluster, groupId: string): BrokerId | undefined {
  const partition = coordinatorPartition(groupId, cluster.groupCoordinator.offsetsTopicNumPartitions);
  const leader = cluster.partition(OFFSETS_TOPIC, partition)?.leader;
  return leader === undefined || leader < 0 ? undefined : leader;
}

/** The group's committed offsets as its coordinator's cache holds them. */
export function committedOffsetsOf(cluster: KafkaCluster, groupId: string): CommittedOffsetRecord[] {
  const coordinator = coordinatorOf(cluster, groupId);
  const state = coordinator === undefined ? undefined : cluster.brokerState(coordinator);
  return state === undefined ? [] : groupOffsets(state.groupCoordinator, groupId);
}
