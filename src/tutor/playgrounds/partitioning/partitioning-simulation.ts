/**
 * The partitioning playground's cluster: 3 brokers, topic "clicks" with a chosen partition count,
 * one producer (acks=1) that sends a keyless record every 10 ms, and any keyed record the learner
 * types. What the screen draws comes from here: the producer's sticky-partitioner state and the
 * partition leaders' logs.
 *
 * Playground settings (not Kafka's defaults, chosen so a batch fills in a few records):
 * batch.size=160 bytes and linger.ms=100. Kafka's defaults are 16384 and 5 ms (KIP-1030); the rule
 * is the same: keyless records stick to one partition until its batch is full (KIP-480, KIP-794).
 */
import { createProducer } from '../../../kafka/client/producer.js';
import type { ProducerState } from '../../../kafka/client/producer-state.js';
import { brokerNode } from '../../../kafka/ids.js';
import { explainKeyPartition, type KeyPartitionExplanation } from '../../../kafka/partitioning/partitioner.js';
import { KafkaCluster } from '../../../sim/cluster/kafka-cluster.js';
import { RecordedSimulation, type RecordedAction } from '../shared/recorded-simulation.js';

export const PARTITIONING_TOPIC = 'clicks';
export const PARTITIONING_PRODUCER = 'producer';
export const BATCH_SIZE_BYTES = 160;
export const LINGER_MS = 100;
export const KEYLESS_INTERVAL_MS = 10;
/** How many keyless records the producer sends over the playground's life (a limit on everything). */
export const KEYLESS_RECORDS_MAX = 2_000;
export const PARTITIONS_MIN = 1;
export const PARTITIONS_MAX = 12;

export type PartitioningAction = { readonly type: 'send-keyed'; readonly key: string; readonly value: string };

export interface PartitionSnapshot {
  readonly partition: number;
  readonly leader: number;
  /** Records appended to the leader's log (what the broker holds). */
  readonly records: number;
  /**
   * Records the producer has partitioned to this partition but the leader has not appended yet:
   * in an open or ready batch (linger.ms, batch.size) or in a produce request on its way.
   */
  readonly waiting: number;
  /** Keys seen in this partition's log (the newest few). */
  readonly recentKeys: readonly string[];
}

export interface PartitioningSnapshot {
  readonly seed: number;
  readonly elapsedMs: number;
  readonly partitions: readonly PartitionSnapshot[];
  /** Where keyless records go now; undefined right after a switch (the next record draws one). */
  readonly stickyPartition: number | undefined;
  readonly bytesToStickyPartition: number;
  readonly keylessSent: number;
}

export class PartitioningSimulation extends RecordedSimulation<PartitioningAction> {
  constructor(seed: number, readonly numPartitions: number, script: readonly RecordedAction<PartitioningAction>[] = []) {
    if (!Number.isInteger(numPartitions) || numPartitions < PARTITIONS_MIN || numPartitions > PARTITIONS_MAX) {
      throw new RangeError(`partitions must be between ${PARTITIONS_MIN} and ${PARTITIONS_MAX}, got ${numPartitions}`);
    }
    super(seed, (clusterSeed) => buildCluster(clusterSeed, numPartitions), script);
  }

  protected perform(action: PartitioningAction): void {
    this.cluster.sim.command(PARTITIONING_PRODUCER, { type: 'send', topic: PARTITIONING_TOPIC, key: action.key, value: action.value });
  }

  sendKeyed(key: string): void {
    const sent = this.script.length;
    this.act({ type: 'send-keyed', key, value: `typed-${sent}` });
  }

  /** The same computation the producer makes, with every intermediate value. */
  explain(key: string): KeyPartitionExplanation {
    return explainKeyPartition(key, this.numPartitions);
  }

  producerState(): ProducerState | undefined {
    return this.cluster.sim.stateOf<ProducerState>(PARTITIONING_PRODUCER);
  }

  snapshot(): PartitioningSnapshot {
    const producer = this.producerState();
    const keyless = producer?.keyless.get(PARTITIONING_TOPIC);
    const sticky = keyless?.kind === 'sticky' ? keyless.state : undefined;
    const waiting = new Map<number, number>();
    const count = (partition: number, records: number) => waiting.set(partition, (waiting.get(partition) ?? 0) + records);
    for (const queue of producer?.accumulator.queues.values() ?? []) {
      if (queue.topic === PARTITIONING_TOPIC) for (const batch of queue.batches) count(batch.partition, batch.records.length);
    }
    for (const request of producer?.inFlight.values() ?? []) {
      if (request.batch.topic === PARTITIONING_TOPIC && !request.abandoned) count(request.batch.partition, request.batch.records.length);
    }
    const partitions: PartitionSnapshot[] = [];
    for (let partition = 0; partition < this.numPartitions; partition++) {
      const log = this.cluster.leaderLog(PARTITIONING_TOPIC, partition);
      const keys: string[] = [];
      if (log !== undefined) {
        for (let offset = log.logEndOffset - 1; offset >= 0 && keys.length < 3; offset--) {
          const entry = log.backing[offset - log.backingStartOffset];
          if (entry?.record.key !== null && entry?.record.key !== undefined) keys.push(entry.record.key);
        }
      }
      partitions.push({
        partition,
        leader: this.cluster.partition(PARTITIONING_TOPIC, partition)?.leader ?? -1,
        records: log?.logEndOffset ?? 0,
        waiting: waiting.get(partition) ?? 0,
        recentKeys: keys,
      });
    }
    return {
      seed: this.seed,
      elapsedMs: this.elapsedMs,
      partitions,
      stickyPartition: sticky?.currentPartition,
      bytesToStickyPartition: sticky?.bytesProducedToCurrent ?? 0,
      keylessSent: Math.min(KEYLESS_RECORDS_MAX, Math.floor(this.elapsedMs / KEYLESS_INTERVAL_MS) + 1),
    };
  }
}

function buildCluster(seed: number, numPartitions: number): KafkaCluster {
  const cluster = new KafkaCluster({ seed, brokers: 3, maxTraceEvents: 20_000 });
  cluster.start();
  cluster.createTopic(PARTITIONING_TOPIC, numPartitions, 3, { minInsyncReplicas: 1 });
  const ready = cluster.sim.runUntilCondition(
    () => Array.from({ length: numPartitions }, (_, partition) => cluster.leaderLog(PARTITIONING_TOPIC, partition)).every((log) => log !== undefined),
    10_000,
  );
  if (!ready) throw new Error(`the partitioning playground's topic had no leaders after 10 s (seed=${seed})`);
  const { machine, initialState } = createProducer(PARTITIONING_PRODUCER, {
    bootstrap: cluster.brokerIds.map(brokerNode),
    acks: 1,
    batchSize: BATCH_SIZE_BYTES,
    lingerMs: LINGER_MS,
    partitionForKey: cluster.mechanisms.partitionForKey,
  });
  cluster.sim.addNode(PARTITIONING_PRODUCER, machine, initialState);
  const origin = cluster.now;
  for (let index = 0; index < KEYLESS_RECORDS_MAX; index++) {
    cluster.sim.command(PARTITIONING_PRODUCER, { type: 'send', topic: PARTITIONING_TOPIC, key: null, value: `click-${index}` }, origin + index * KEYLESS_INTERVAL_MS);
  }
  return cluster;
}
