/**
 * Settings of a consumer that joins a group (classic protocol), named after the Java client's with
 * Kafka 4.x defaults (kafka-semantics.md 8.2, 8.3), on top of the fetch settings of consumer-config.ts.
 *
 * Source: clients/src/main/java/org/apache/kafka/clients/consumer/ConsumerConfig.java,
 * CommonClientConfigs.java; GroupRebalanceConfig.java.
 */
import { KafkaInputError } from '../errors.js';
import type { Assignor } from '../group/assignor.js';
import { ASSIGNOR_NAMES, assignorByName, isAssignorName, type AssignorName } from '../group/assignor-registry.js';
import { requireInteger, withoutUndefined } from './config-checks.js';
import { consumerConfig, type ConsumerConfig, type ConsumerConfigInput } from './consumer-config.js';

/**
 * When the application's processed records are committed:
 * - 'auto': enable.auto.commit=true (Kafka's default): at the start of a poll, once
 *   auto.commit.interval.ms has passed, and before giving up partitions in a rebalance;
 * - 'after-poll': the application processes what poll returned and then calls commitSync;
 * - 'manual': only on the `commit` command.
 * Every mode commits positions, so only records poll returned (processed) are committed: at least once.
 */
export type CommitMode = 'auto' | 'after-poll' | 'manual';

/**
 * group.protocol: 'classic' (JoinGroup/SyncGroup, the leader assigns; still the default in 4.0) or
 * 'consumer' (KIP-848: ConsumerGroupHeartbeat, the coordinator assigns; GA in 4.0, opt-in).
 */
export type GroupProtocol = 'classic' | 'consumer';

export interface GroupConsumerConfig {
  readonly fetch: ConsumerConfig;
  readonly groupProtocol: GroupProtocol;
  /** group.remote.assignor (consumer protocol): `uniform` or `range`; null lets the coordinator choose (uniform). */
  readonly groupRemoteAssignor: string | null;
  /** group.id: required for group management. */
  readonly groupId: string;
  /** client.id: the prefix of the member id the coordinator makes up. */
  readonly clientId: string;
  /** session.timeout.ms (45000 since 3.0, KIP-735). */
  readonly sessionTimeoutMs: number;
  /** heartbeat.interval.ms. */
  readonly heartbeatIntervalMs: number;
  /** max.poll.interval.ms: the longest gap between polls before the consumer leaves; also the rebalance timeout. */
  readonly maxPollIntervalMs: number;
  /** partition.assignment.strategy, by name, in preference order. */
  readonly partitionAssignmentStrategy: readonly AssignorName[];
  /** The assignor each name runs when this member leads: the reference ones, or a lab's (the seam). */
  readonly assignors: Readonly<Record<AssignorName, Assignor>>;
  readonly commitMode: CommitMode;
  /** auto.commit.interval.ms. */
  readonly autoCommitIntervalMs: number;
  /** Not a Kafka setting: the application polls every this many ms (and processes what it gets). */
  readonly pollIntervalMs: number;
}

export type GroupConsumerConfigInput = Omit<ConsumerConfigInput, 'pollIntervalMs'> & {
  readonly groupId: string;
  readonly groupProtocol?: GroupProtocol;
  readonly groupRemoteAssignor?: string | null;
  readonly clientId?: string;
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  readonly maxPollIntervalMs?: number;
  readonly partitionAssignmentStrategy?: readonly string[];
  readonly assignors?: Partial<Record<AssignorName, Assignor>>;
  readonly commitMode?: CommitMode;
  readonly autoCommitIntervalMs?: number;
  readonly pollIntervalMs?: number;
};

export function groupConsumerConfig(input: GroupConsumerConfigInput): GroupConsumerConfig {
  const { groupId, groupProtocol, groupRemoteAssignor, clientId, sessionTimeoutMs, heartbeatIntervalMs, maxPollIntervalMs, partitionAssignmentStrategy, assignors, commitMode, autoCommitIntervalMs, pollIntervalMs, ...fetchInput } = input;
  if (typeof groupId !== 'string' || groupId === '') {
    // KafkaConsumer: InvalidGroupIdException before any request; the broker would answer INVALID_GROUP_ID (24).
    throw new KafkaInputError('groupId must be a non-empty string: to use group management or offset commits a consumer needs a valid group.id (Kafka: InvalidGroupIdException, error INVALID_GROUP_ID 24)');
  }
  const strategies = partitionAssignmentStrategy ?? ['range', 'cooperative-sticky'];
  if (strategies.length === 0) throw new KafkaInputError('partitionAssignmentStrategy must name at least one assignor');
  for (const name of strategies) assignorByName(name); // throws with the list of known names
  const reference = Object.fromEntries(ASSIGNOR_NAMES.map((name) => [name, assignorByName(name)])) as Record<AssignorName, Assignor>;
  const config: GroupConsumerConfig = {
    fetch: consumerConfig(fetchInput),
    groupProtocol: groupProtocol ?? 'classic',
    groupRemoteAssignor: groupRemoteAssignor ?? null,
    groupId,
    clientId: clientId ?? 'consumer',
    sessionTimeoutMs: 45_000,
    heartbeatIntervalMs: 3_000,
    maxPollIntervalMs: 300_000,
    commitMode: 'auto',
    autoCommitIntervalMs: 5_000,
    pollIntervalMs: 100,
    ...withoutUndefined({ sessionTimeoutMs, heartbeatIntervalMs, maxPollIntervalMs, commitMode, autoCommitIntervalMs, pollIntervalMs }),
    partitionAssignmentStrategy: strategies.filter(isAssignorName),
    assignors: { ...reference, ...withoutUndefined(assignors ?? {}) },
  };
  requireInteger('sessionTimeoutMs', config.sessionTimeoutMs, 1);
  requireInteger('heartbeatIntervalMs', config.heartbeatIntervalMs, 1);
  requireInteger('maxPollIntervalMs', config.maxPollIntervalMs, 1);
  requireInteger('autoCommitIntervalMs', config.autoCommitIntervalMs, 0);
  requireInteger('pollIntervalMs', config.pollIntervalMs, 1);
  if (config.heartbeatIntervalMs >= config.sessionTimeoutMs) {
    // GroupRebalanceConfig: heartbeat.interval.ms must be lower than session.timeout.ms.
    throw new KafkaInputError(`heartbeatIntervalMs (${config.heartbeatIntervalMs}) must be lower than sessionTimeoutMs (${config.sessionTimeoutMs})`);
  }
  if (config.groupProtocol !== 'classic' && config.groupProtocol !== 'consumer') {
    throw new KafkaInputError(`groupProtocol must be "classic" or "consumer", got ${JSON.stringify(config.groupProtocol)}`);
  }
  if (!['auto', 'after-poll', 'manual'].includes(config.commitMode)) {
    throw new KafkaInputError(`commitMode must be "auto", "after-poll" or "manual", got ${JSON.stringify(config.commitMode)}`);
  }
  return config;
}
