/**
 * Which partition a record goes to, in the Java producer's decision order (kafka-semantics.md 3.1):
 *   1. an explicit partition → that partition (it must exist);
 *   2. (a custom partitioner.class: not modelled)
 *   3. a key → partitionForKey(UTF-8 key bytes, ALL partitions): a key whose partition has no
 *      leader waits for it and is never re-routed, or per-key order would break;
 *   4. no key → the keyless partitioner over the partitions that have a leader: the built-in
 *      uniform sticky one (3.3+, default) or the legacy round-robin (before 2.4; KafkaJS 2.x).
 *
 * Sources: clients/src/main/java/org/apache/kafka/clients/producer/KafkaProducer.java (`partition`),
 * clients/src/main/java/org/apache/kafka/clients/producer/internals/RecordAccumulator.java (`append`
 * with an unknown partition hands it to BuiltInPartitioner).
 */
import { murmur2 } from '../partitioning/murmur2.js';
import { utf8KeyBytes } from '../partitioning/partitioner.js';
import {
  initialLegacyRoundRobinState,
  legacyRoundRobinPartition,
  type LegacyRoundRobinState,
} from '../partitioning/round-robin-partitioner.js';
import {
  initialStickyPartitionState,
  peekStickyPartition,
  recordAppended,
  type StickyPartitionState,
} from '../partitioning/sticky-partitioner.js';
import type { RandomSource } from '../step.js';
import type { PartitioningReason } from '../trace.js';
import type { ProducerConfig } from './producer-config.js';

/** The keyless partitioner's memory for one topic (Kafka keeps one BuiltInPartitioner per topic). */
export type KeylessTopicState =
  | { readonly kind: 'sticky'; readonly state: StickyPartitionState }
  | { readonly kind: 'round-robin'; readonly state: LegacyRoundRobinState };

export function initialKeylessTopicState(config: ProducerConfig): KeylessTopicState {
  // Java seeds the round-robin counter with a random int; 0 keeps lessons and tests readable.
  return config.keylessPartitioning === 'built-in-sticky'
    ? { kind: 'sticky', state: initialStickyPartitionState }
    : { kind: 'round-robin', state: initialLegacyRoundRobinState(0) };
}

export interface RecordToPartition {
  readonly key: string | null;
  readonly explicitPartition: number | undefined;
}

export interface TopicLayout {
  readonly numPartitions: number;
  /** Partitions that have a leader now, in partition order. */
  readonly availablePartitions: readonly number[];
  /** Queued batches per partition, for adaptive sticky partitioning. */
  readonly queuedBatchesByPartition: readonly number[];
}

export type PartitionChoice =
  | {
      readonly kind: 'chosen';
      readonly partition: number;
      readonly reason: PartitioningReason;
      /** murmur2 of the UTF-8 key bytes, when a key decided. */
      readonly murmur2: number | undefined;
      /** The keyless partitioner's state after the choice (unchanged for explicit and keyed records). */
      readonly keyless: KeylessTopicState;
    }
  | { readonly kind: 'rejected'; readonly reason: string };

export function choosePartition(
  record: RecordToPartition,
  layout: TopicLayout,
  keyless: KeylessTopicState,
  config: ProducerConfig,
  random: RandomSource,
): PartitionChoice {
  const { numPartitions } = layout;
  if (record.explicitPartition !== undefined) {
    if (record.explicitPartition >= numPartitions) {
      // KafkaProducer.waitOnMetadata: "Invalid partition given with record: p is not in the range [0...n)".
      return { kind: 'rejected', reason: `partition ${record.explicitPartition} is not in the range [0...${numPartitions}): the topic has ${numPartitions} partitions` };
    }
    return { kind: 'chosen', partition: record.explicitPartition, reason: 'explicit', murmur2: undefined, keyless };
  }
  if (record.key !== null) {
    const keyBytes = utf8KeyBytes(record.key);
    const partition = config.partitionForKey(keyBytes, numPartitions);
    if (!Number.isInteger(partition) || partition < 0 || partition >= numPartitions) {
      return {
        kind: 'rejected',
        reason: `partitionForKey returned ${String(partition)} for key "${record.key}" with ${numPartitions} partitions: expected an integer in [0, ${numPartitions})`,
      };
    }
    return { kind: 'chosen', partition, reason: 'key', murmur2: murmur2(keyBytes), keyless };
  }
  if (keyless.kind === 'round-robin') {
    const pick = legacyRoundRobinPartition(keyless.state, layout);
    return { kind: 'chosen', partition: pick.partition, reason: 'round-robin', murmur2: undefined, keyless: { kind: 'round-robin', state: pick.state } };
  }
  const pick = peekStickyPartition(
    keyless.state,
    {
      numPartitions,
      availablePartitions: layout.availablePartitions,
      queuedBatchesByPartition: config.partitionerAdaptivePartitioningEnable ? layout.queuedBatchesByPartition : undefined,
    },
    random,
  );
  return { kind: 'chosen', partition: pick.partition, reason: 'sticky', murmur2: undefined, keyless: { kind: 'sticky', state: pick.state } };
}

/**
 * After a keyless record was appended: the sticky partitioner counts its bytes and may decide to
 * move on (BuiltInPartitioner.updatePartitionInfo). Round-robin has nothing to count.
 */
export function keylessRecordAppended(
  keyless: KeylessTopicState,
  appendedBytes: number,
  batchSize: number,
  batchFull: boolean,
): KeylessTopicState {
  if (keyless.kind === 'round-robin') return keyless;
  return { kind: 'sticky', state: recordAppended(keyless.state, { appendedBytes, batchSizeBytes: batchSize, batchFull }) };
}
