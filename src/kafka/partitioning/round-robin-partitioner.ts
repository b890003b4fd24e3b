/**
 * LEGACY: round-robin for records without a key, as the Java DefaultPartitioner did before 2.4
 * (KIP-480 replaced it with sticky partitioning; since 3.3 the built-in partitioner in
 * sticky-partitioner.ts is the default). KafkaJS 2.x still does this for keyless records
 * (kafka-semantics.md 3.4), so it matters when KafkaJS talks to the reference broker, and many
 * courses still teach it (kafka-semantics.md section 10, item 1).
 *
 * Source: clients/src/main/java/org/apache/kafka/clients/producer/internals/DefaultPartitioner.java
 * as of Kafka 2.3 (`partition`, `nextValue`).
 *
 * Rule: a per-topic int32 counter; each keyless record takes the counter's value and increments it
 * (Java `getAndIncrement`, wrapping at 2^31). With `n = toPositive(value)`:
 *   - some partitions have a leader → `available[n % available.length]`;
 *   - none has → `n % numPartitions` (the record waits for a leader).
 * Java seeds the counter with ThreadLocalRandom.nextInt(); KafkaJS with a random uint32 and
 * pre-increments (its first record uses seed + 1). Pass the seed in; 0 is fine for lessons.
 */
import { KafkaInputError } from '../errors.js';
import { assertValidPartitionCount } from './partitioner.js';
import { toPositive } from './murmur2.js';

export interface LegacyRoundRobinState {
  /** The value the next keyless record takes (Java: the topic's AtomicInteger), an int32. */
  readonly counter: number;
}

export function initialLegacyRoundRobinState(seedCounter = 0): LegacyRoundRobinState {
  if (!Number.isInteger(seedCounter)) {
    throw new KafkaInputError(`the round-robin counter must be an integer, got ${seedCounter}`);
  }
  // Narrow to int32 like Java's int: any integer seed is accepted, as a Java int it would have wrapped.
  return { counter: seedCounter | 0 };
}

export interface LegacyRoundRobinInput {
  readonly numPartitions: number;
  /** Partitions that have a leader now, in partition order (Cluster.availablePartitionsForTopic). */
  readonly availablePartitions: readonly number[];
}

export interface LegacyRoundRobinPick {
  readonly partition: number;
  readonly state: LegacyRoundRobinState;
}

export function legacyRoundRobinPartition(state: LegacyRoundRobinState, input: LegacyRoundRobinInput): LegacyRoundRobinPick {
  assertValidPartitionCount(input.numPartitions);
  const positive = toPositive(state.counter);
  // `| 0` wraps 2^31 - 1 to -2^31 as Java's int increment does; toPositive then restarts the cycle at 0.
  const next: LegacyRoundRobinState = { counter: (state.counter + 1) | 0 };
  const available = input.availablePartitions;
  if (available.length > 0) return { partition: available[positive % available.length]!, state: next };
  return { partition: positive % input.numPartitions, state: next };
}
