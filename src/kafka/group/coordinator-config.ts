/**
 * The group coordinator's broker settings, with Kafka 4.x defaults (kafka-semantics.md 8.1, 8.3).
 * Source: group-coordinator/src/main/java/org/apache/kafka/coordinator/group/GroupCoordinatorConfig.java.
 */
import { KafkaInputError } from '../errors.js';

export interface GroupCoordinatorConfig {
  /** group.min.session.timeout.ms: a JoinGroup asking for less gets INVALID_SESSION_TIMEOUT. */
  readonly groupMinSessionTimeoutMs: number;
  /** group.max.session.timeout.ms. */
  readonly groupMaxSessionTimeoutMs: number;
  /** group.initial.rebalance.delay.ms: the first rebalance of an empty group waits this long for more members. */
  readonly groupInitialRebalanceDelayMs: number;
  /** offsets.topic.num.partitions: the modulus of the coordinator formula. */
  readonly offsetsTopicNumPartitions: number;
  /** offsets.topic.replication.factor. */
  readonly offsetsTopicReplicationFactor: number;
  /** offsets.commit.timeout.ms: how long a commit's write to __consumer_offsets may wait for the ISR. */
  readonly offsetsCommitTimeoutMs: number;
  /** group.consumer.session.timeout.ms (KIP-848: the session timeout is the broker's, not the client's). */
  readonly groupConsumerSessionTimeoutMs: number;
  /** group.consumer.heartbeat.interval.ms (KIP-848). */
  readonly groupConsumerHeartbeatIntervalMs: number;
}

export const defaultGroupCoordinatorConfig: GroupCoordinatorConfig = {
  groupMinSessionTimeoutMs: 6_000,
  groupMaxSessionTimeoutMs: 1_800_000,
  groupInitialRebalanceDelayMs: 3_000,
  offsetsTopicNumPartitions: 50,
  offsetsTopicReplicationFactor: 3,
  offsetsCommitTimeoutMs: 5_000,
  groupConsumerSessionTimeoutMs: 45_000,
  groupConsumerHeartbeatIntervalMs: 5_000,
};

export function groupCoordinatorConfig(input: Partial<GroupCoordinatorConfig> = {}): GroupCoordinatorConfig {
  const config = { ...defaultGroupCoordinatorConfig, ...input };
  for (const [name, value] of Object.entries(config)) {
    if (!Number.isSafeInteger(value) || value < 0) throw new KafkaInputError(`${name} must be a whole number ≥ 0, got ${String(value)}`);
  }
  if (config.offsetsTopicNumPartitions < 1) throw new KafkaInputError('offsetsTopicNumPartitions must be at least 1');
  if (config.groupMinSessionTimeoutMs > config.groupMaxSessionTimeoutMs) {
    throw new KafkaInputError('groupMinSessionTimeoutMs must not exceed groupMaxSessionTimeoutMs');
  }
  return config;
}

/** The internal topic that holds committed offsets (and, in Kafka, group metadata). */
export const OFFSETS_TOPIC = '__consumer_offsets';
