/**
 * The built-in "uniform sticky" partitioner for records without a key: Java client 3.3+ and 4.x
 * (KIP-480 sticky partitioning, 2.4; KIP-794 strictly uniform + adaptive, 3.3), as a pure state
 * machine with one state per topic.
 *
 * Sources: clients/src/main/java/org/apache/kafka/clients/producer/internals/BuiltInPartitioner.java
 * (`nextPartition`, `peekCurrentPartitionInfo`, `updatePartitionInfo`, `updatePartitionLoadStats`),
 * clients/src/main/java/org/apache/kafka/clients/producer/internals/RecordAccumulator.java
 * (`append`, `allBatchesFull`, `partitionReady`); kafka-semantics.md section 3.3.
 *
 * Contract, per topic, for each keyless record:
 *   1. `peekStickyPartition(state, input, random)` gives the partition to append to. It keeps the
 *      current sticky partition; only when there is none (first record, or a switch was decided)
 *      does it draw a new one with `nextStickyPartition`.
 *   2. The caller appends the record to that partition's open batch.
 *   3. `recordAppended(state, { appendedBytes, batchSizeBytes, batchFull })` counts the bytes and
 *      decides whether the NEXT keyless record moves on (see `decideStickySwitch`).
 * Keyed records and records with an explicit partition never touch this state (Kafka passes a null
 * partition info for them, so their bytes do not count).
 *
 * When to switch (BuiltInPartitioner.updatePartitionInfo): a switch happens once at least
 * `batch.size` bytes were produced to the current partition AND `enableSwitch` is true, or
 * unconditionally once `2 × batch.size` bytes were produced. RecordAccumulator.append computes
 * `enableSwitch = allBatchesFull(deque)` right after the append: the partition's newest batch is
 * full (or there is no batch). We model exactly that as the caller-supplied `batchFull` flag. Kafka
 * does not look at linger.ms here: a batch that is merely "ready" because linger.ms expired but
 * still has room does not enable the switch; the 2× cap ends the wait.
 *
 * One deliberate difference: Kafka draws the next partition inside updatePartitionInfo, at the
 * moment it decides to switch; we only record "no current partition" and draw on the next peek.
 * The draw uses the same rule, with availability and queue sizes sampled at the next record instead
 * of at the previous append, which is what a step-by-step simulator can observe anyway. Real Kafka's
 * exact sequence is not reproducible (ThreadLocalRandom); ours is, from the injected RandomSource.
 */
import { KafkaInputError } from '../errors.js';
import type { RandomSource } from '../step.js';
import { assertValidPartitionCount } from './partitioner.js';

export interface StickyPartitionState {
  /** The partition keyless records currently stick to; undefined before the first record and after a switch. */
  readonly currentPartition: number | undefined;
  /** Bytes of keyless records appended to `currentPartition` since it was chosen (Kafka: producedBytes). */
  readonly bytesProducedToCurrent: number;
}

export const initialStickyPartitionState: StickyPartitionState = {
  currentPartition: undefined,
  bytesProducedToCurrent: 0,
};

/** What the producer knows about the topic when it picks a partition. */
export interface StickyPartitionInput {
  /** All partitions of the topic, with or without a leader. */
  readonly numPartitions: number;
  /** Partitions that have a leader now (Kafka: Cluster.availablePartitionsForTopic), in partition order. */
  readonly availablePartitions: readonly number[];
  /**
   * Adaptive partitioning (partitioner.adaptive.partitioning.enable, default true): the number of
   * batches queued per partition, indexed by partition id (length numPartitions). Omit it for plain
   * uniform choice: Kafka has no load stats until every partition has had a batch queue
   * (RecordAccumulator.partitionReady), or when adaptive partitioning is disabled.
   */
  readonly queuedBatchesByPartition?: readonly number[] | undefined;
}

export interface StickyPartitionPick {
  readonly partition: number;
  readonly state: StickyPartitionState;
  /** True when this pick drew a new sticky partition (a good moment for a trace event). */
  readonly drewNewPartition: boolean;
}

/** The partition for the next keyless record: the current sticky one, or a fresh draw if there is none. */
export function peekStickyPartition(
  state: StickyPartitionState,
  input: StickyPartitionInput,
  random: RandomSource,
): StickyPartitionPick {
  if (state.currentPartition !== undefined) {
    // Kafka keeps sticking even if the partition lost its leader meanwhile: the batch waits for it.
    return { partition: state.currentPartition, state, drewNewPartition: false };
  }
  const partition = nextStickyPartition(input, random);
  return { partition, state: { currentPartition: partition, bytesProducedToCurrent: 0 }, drewNewPartition: true };
}

/**
 * BuiltInPartitioner.nextPartition: a random partition, weighted by inverse queue size when load
 * stats are usable, else uniform over available partitions (all partitions if none is available).
 * The new choice may equal the previous one.
 */
export function nextStickyPartition(input: StickyPartitionInput, random: RandomSource): number {
  assertValidStickyInput(input);
  const { numPartitions, availablePartitions, queuedBatchesByPartition } = input;

  if (queuedBatchesByPartition !== undefined && usesAdaptiveWeights(numPartitions, availablePartitions, queuedBatchesByPartition)) {
    const queueSizes = availablePartitions.map((partition) => queuedBatchesByPartition[partition]!);
    const cumulative = cumulativeFrequencyTable(queueSizes);
    const drawn = draw(random, cumulative[cumulative.length - 1]!);
    return availablePartitions[firstIndexAbove(cumulative, drawn)]!;
  }
  if (availablePartitions.length > 0) return availablePartitions[draw(random, availablePartitions.length)]!;
  // No partition has a leader: pick among all and let the batch wait (Kafka does the same).
  return draw(random, numPartitions);
}

/**
 * Kafka skips the weighted table when it cannot change anything: a single-partition topic, no
 * available partition, or all available partitions equally loaded AND none excluded (here: none
 * without a leader). BuiltInPartitioner.updatePartitionLoadStats.
 */
function usesAdaptiveWeights(
  numPartitions: number,
  availablePartitions: readonly number[],
  queuedBatchesByPartition: readonly number[],
): boolean {
  if (numPartitions < 2 || availablePartitions.length < 1) return false;
  const first = queuedBatchesByPartition[availablePartitions[0]!]!;
  const allEqual = availablePartitions.every((partition) => queuedBatchesByPartition[partition] === first);
  return !(allEqual && availablePartitions.length === numPartitions);
}

/**
 * KIP-794's weights: `maxQueue + 1 - queue[i]` (an idle partition weighs most, the busiest weighs 1),
 * as running sums. Queues [0, 3, 1] → weights [4, 1, 3] → table [4, 5, 8].
 */
export function cumulativeFrequencyTable(queueSizes: readonly number[]): number[] {
  const maxPlusOne = Math.max(...queueSizes) + 1;
  const table: number[] = [];
  let runningSum = 0;
  for (const queueSize of queueSizes) {
    runningSum += maxPlusOne - queueSize;
    table.push(runningSum);
  }
  return table;
}

/** The first index whose cumulative value is strictly greater than `drawn` (Kafka binary-searches; same answer). */
export function firstIndexAbove(cumulative: readonly number[], drawn: number): number {
  const index = cumulative.findIndex((value) => value > drawn);
  if (index < 0) throw new Error(`draw ${drawn} is outside the cumulative table [${cumulative.join(', ')}]`);
  return index;
}

/** One appended keyless record, as RecordAccumulator.append reports it to the partitioner. */
export interface AppendedKeylessRecord {
  /** Bytes the append added to the batch (Kafka: RecordAppendResult.appendedBytes). */
  readonly appendedBytes: number;
  /** batch.size (default 16384); Kafka's stickyBatchSize. */
  readonly batchSizeBytes: number;
  /** After this append, the partition's newest batch is full (Kafka: allBatchesFull(deque) = enableSwitch). */
  readonly batchFull: boolean;
}

/** Why the partitioner stays or moves on; the tutor can print it as is. */
export type StickySwitchDecision =
  | 'stay' // fewer than batch.size bytes produced to this partition
  | 'stay-batch-not-full' // batch.size reached, but switching now would leave a fractional batch
  | 'switch' // batch.size reached and the batch is full
  | 'forced-switch'; // 2 × batch.size reached: switch even though the batch is not full

/** BuiltInPartitioner.updatePartitionInfo's rule, given the bytes produced including the latest record. */
export function decideStickySwitch(bytesProduced: number, batchSizeBytes: number, batchFull: boolean): StickySwitchDecision {
  if (bytesProduced >= batchSizeBytes && batchFull) return 'switch';
  if (bytesProduced >= 2 * batchSizeBytes) return 'forced-switch';
  if (bytesProduced >= batchSizeBytes) return 'stay-batch-not-full';
  return 'stay';
}

/** Counts an appended keyless record; after a switch the state has no current partition until the next peek. */
export function recordAppended(state: StickyPartitionState, appended: AppendedKeylessRecord): StickyPartitionState {
  if (state.currentPartition === undefined) {
    throw new Error('recordAppended called with no sticky partition: peekStickyPartition must come first');
  }
  assertValidAppend(appended);
  const bytesProduced = state.bytesProducedToCurrent + appended.appendedBytes;
  const decision = decideStickySwitch(bytesProduced, appended.batchSizeBytes, appended.batchFull);
  if (decision === 'switch' || decision === 'forced-switch') return initialStickyPartitionState;
  return { currentPartition: state.currentPartition, bytesProducedToCurrent: bytesProduced };
}

/** A value in [0, bound) from the injected source, checked so a broken source fails loudly here. */
function draw(random: RandomSource, bound: number): number {
  const value = random.nextInt(bound);
  if (!Number.isInteger(value) || value < 0 || value >= bound) {
    throw new Error(`RandomSource.nextInt(${bound}) returned ${value}, outside [0, ${bound})`);
  }
  return value;
}

function assertValidStickyInput(input: StickyPartitionInput): void {
  assertValidPartitionCount(input.numPartitions);
  for (const partition of input.availablePartitions) {
    if (!Number.isInteger(partition) || partition < 0 || partition >= input.numPartitions) {
      throw new KafkaInputError(
        `available partition ${partition} is not a partition of a topic with ${input.numPartitions} partitions`,
      );
    }
  }
  const queued = input.queuedBatchesByPartition;
  if (queued === undefined) return;
  if (queued.length !== input.numPartitions) {
    throw new KafkaInputError(
      `queuedBatchesByPartition has ${queued.length} entries, expected one per partition (${input.numPartitions})`,
    );
  }
  for (const count of queued) {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new KafkaInputError(`queued batch counts must be non-negative integers, got ${count}`);
    }
  }
}

function assertValidAppend(appended: AppendedKeylessRecord): void {
  if (!Number.isSafeInteger(appended.batchSizeBytes) || appended.batchSizeBytes < 1) {
    // Kafka refuses stickyBatchSize < 1 in the BuiltInPartitioner constructor.
    throw new KafkaInputError(`batch.size must be a positive integer, got ${appended.batchSizeBytes}`);
  }
  if (!Number.isSafeInteger(appended.appendedBytes) || appended.appendedBytes < 0) {
    throw new KafkaInputError(`appended bytes must be a non-negative integer, got ${appended.appendedBytes}`);
  }
}
