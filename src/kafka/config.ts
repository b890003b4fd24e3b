/**
 * Configuration the model understands, named after the Kafka settings (camelCase, unit last) with
 * Kafka 4.x defaults. Sources: ReplicationConfigs.java, KRaftConfigs.java, LogConfig.java,
 * ProducerConfig.java (see ../../shared-facts in the lesson, section numbers from kafka-semantics).
 */

export interface BrokerConfig {
  /** replica.lag.time.max.ms: a follower that has not caught up for this long leaves the ISR (10000 before 2.5). */
  readonly replicaLagTimeMaxMs: number;
  /** replica.fetch.wait.max.ms: how long a leader holds a follower's fetch when it has nothing new. */
  readonly replicaFetchWaitMaxMs: number;
  /** replica.fetch.backoff.ms: how long a follower waits after a failed fetch. */
  readonly replicaFetchBackoffMs: number;
  /** replica.socket.timeout.ms: a follower gives up on an unanswered fetch after this long and sends another. */
  readonly replicaSocketTimeoutMs: number;
  /** broker.heartbeat.interval.ms (KRaft). */
  readonly brokerHeartbeatIntervalMs: number;
  /** message.max.bytes: the largest record batch a broker accepts. */
  readonly messageMaxBytes: number;
  /** replica.fetch.max.bytes stands in as a record count here: how many records one fetch returns at most. */
  readonly replicaFetchMaxRecords: number;
  /**
   * replica.selector.class (KIP-392): 'leader' (Kafka's default: every fetch goes to the leader) or
   * 'rack-aware' (RackAwareReplicaSelector). Optional: absent means the default.
   */
  readonly replicaSelector?: 'leader' | 'rack-aware';
  /**
   * broker.rack of every broker, as the cluster is configured. Kafka learns other brokers' racks
   * from the metadata (broker registration); here every broker is given the whole map.
   */
  readonly brokerRacks?: Readonly<Record<number, string>>;
}

export interface ControllerConfig {
  /** broker.session.timeout.ms (KRaft): no heartbeat for this long and the broker is fenced. */
  readonly brokerSessionTimeoutMs: number;
  /** How often the controller looks for expired sessions (Kafka checks on a short periodic task). */
  readonly fenceCheckIntervalMs: number;
  /** auto.leader.rebalance.enable: give partitions back to their preferred leaders now and then (5.10). */
  readonly autoLeaderRebalanceEnable: boolean;
  /** leader.imbalance.check.interval.seconds (300), in ms. */
  readonly leaderImbalanceCheckIntervalMs: number;
  /** leader.imbalance.per.broker.percentage: a broker is rebalanced above this share of its preferred partitions led elsewhere. */
  readonly leaderImbalancePerBrokerPercentage: number;
}

export interface TopicConfig {
  /** min.insync.replicas: checked only for acks=all. Default 1. */
  readonly minInsyncReplicas: number;
  /** unclean.leader.election.enable: default false; true trades acknowledged records for availability. */
  readonly uncleanLeaderElectionEnable: boolean;
}

export const defaultBrokerConfig: BrokerConfig = {
  replicaLagTimeMaxMs: 30_000,
  replicaFetchWaitMaxMs: 500,
  replicaFetchBackoffMs: 1_000,
  replicaSocketTimeoutMs: 30_000,
  brokerHeartbeatIntervalMs: 2_000,
  messageMaxBytes: 1_048_588,
  replicaFetchMaxRecords: 500,
};

export const defaultControllerConfig: ControllerConfig = {
  brokerSessionTimeoutMs: 9_000,
  fenceCheckIntervalMs: 500,
  autoLeaderRebalanceEnable: true,
  leaderImbalanceCheckIntervalMs: 300_000,
  leaderImbalancePerBrokerPercentage: 10,
};

export const defaultTopicConfig: TopicConfig = {
  minInsyncReplicas: 1,
  uncleanLeaderElectionEnable: false,
};

/** min(min.insync.replicas, replication factor): Partition.effectiveMinIsr. */
export function effectiveMinIsr(topic: TopicConfig, replicationFactor: number): number {
  return Math.min(topic.minInsyncReplicas, replicationFactor);
}
