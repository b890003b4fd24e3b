/**
 * Partition choice for records that carry a key (step 3 of the Java producer's decision order,
 * kafka-semantics.md 3.1): `toPositive(murmur2(serializedKeyBytes)) % numPartitions`.
 *
 * Sources: clients/src/main/java/org/apache/kafka/clients/producer/internals/BuiltInPartitioner.java
 * (`partitionForKey`), clients/src/main/java/org/apache/kafka/common/utils/Utils.java.
 *
 * `numPartitions` is the count of ALL partitions of the topic, available or not: a key whose
 * partition has no leader waits for it; it is never re-routed (that would break per-key order).
 */
import { KafkaInputError } from '../errors.js';
import { murmur2, toPositive } from './murmur2.js';

/** Maps serialized key bytes to a partition in [0, numPartitions). */
export type KeyPartitioner = (keyBytes: Uint8Array, numPartitions: number) => number;

/** Refuses a partition count no topic can have (0, negative, fractional, NaN, huge). */
export function assertValidPartitionCount(numPartitions: number): void {
  if (!Number.isSafeInteger(numPartitions) || numPartitions < 1) {
    throw new KafkaInputError(`numPartitions must be a positive integer, got ${String(numPartitions)}`);
  }
}

/** Kafka's default key partitioner (Java client 3.3+ and 4.x; also KafkaJS 2.x's DefaultPartitioner). */
export const partitionForKey: KeyPartitioner = (keyBytes, numPartitions) => {
  assertValidPartitionCount(numPartitions);
  return toPositive(murmur2(keyBytes)) % numPartitions;
};

// One encoder for the module: encoding is stateless, and the CLI and tutor call this per key.
const utf8Encoder = new TextEncoder();

/** What Kafka's default `StringSerializer` puts on the wire for a string key: its UTF-8 bytes. */
export function utf8KeyBytes(key: string): Uint8Array {
  return utf8Encoder.encode(key);
}

/** Every intermediate value of the key → partition computation, for the CLI and the tutor. */
export interface KeyPartitionExplanation {
  readonly key: string;
  /** The UTF-8 bytes as lowercase hex without separators ("" for the empty key). */
  readonly utf8Hex: string;
  readonly bytes: number[];
  /** Signed int32, as Java prints it. */
  readonly murmur2: number;
  /** murmur2 with the sign bit cleared. */
  readonly toPositive: number;
  readonly partition: number;
}

export function explainKeyPartition(key: string, numPartitions: number): KeyPartitionExplanation {
  assertValidPartitionCount(numPartitions);
  const keyBytes = utf8KeyBytes(key);
  const hash = murmur2(keyBytes);
  const positive = toPositive(hash);
  const bytes = Array.from(keyBytes);
  return {
    key,
    utf8Hex: bytes.map((byte) => byte.toString(16).padStart(2, '0')).join(''),
    bytes,
    murmur2: hash,
    toPositive: positive,
    partition: positive % numPartitions,
  };
}
