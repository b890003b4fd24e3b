/**
 * Which `__consumer_offsets` partition (and so which broker, its leader) coordinates a group.
 *
 * Source: group-coordinator/src/main/java/org/apache/kafka/coordinator/group/GroupCoordinatorService.java
 * (`partitionFor`: `Utils.abs(groupId.hashCode()) % numPartitions`), the same formula as the pre-4.0
 * core/src/main/scala/kafka/coordinator/group/GroupMetadataManager.scala; `Utils.abs` from
 * clients/src/main/java/org/apache/kafka/common/utils/Utils.java; java.lang.String#hashCode.
 * Vectors: kafka-semantics.md section 8.1; invariant 23.
 *
 * Two common mistakes give other answers: `toPositive` (`n & 0x7fffffff`, the producer's
 * partitioner) differs for every negative hash code, and `Math.abs` leaves Integer.MIN_VALUE
 * negative (`polygenelubricants` would land on partition -48).
 */
import { KafkaInputError } from '../errors.js';

const INT32_MIN = -2147483648;

/** Kafka's default `offsets.topic.num.partitions`. */
export const DEFAULT_OFFSETS_TOPIC_PARTITIONS = 50;

/**
 * Java's `String.hashCode`: `h = 31 * h + c` over the UTF-16 code units of `s` (a JS string's
 * `charCodeAt`, so an emoji counts as its two surrogates), wrapping as a signed 32-bit int.
 */
export function javaStringHashCode(s: string): number {
  let hash = 0;
  for (let index = 0; index < s.length; index++) {
    hash = (Math.imul(31, hash) + s.charCodeAt(index)) | 0;
  }
  return hash;
}

/**
 * Kafka's `Utils.abs(int)`: the absolute value, except Integer.MIN_VALUE (whose absolute value does
 * not fit in an int) gives 0. `n` is an int32, as `javaStringHashCode` returns.
 */
export function kafkaAbs(n: number): number {
  return n === INT32_MIN ? 0 : Math.abs(n);
}

/**
 * The `__consumer_offsets` partition of `groupId`: `Utils.abs(groupId.hashCode()) % partitions`.
 * Throws KafkaInputError unless `offsetsTopicPartitions` is a positive integer.
 */
export function coordinatorPartition(
  groupId: string,
  offsetsTopicPartitions: number = DEFAULT_OFFSETS_TOPIC_PARTITIONS,
): number {
  if (!Number.isSafeInteger(offsetsTopicPartitions) || offsetsTopicPartitions <= 0) {
    throw new KafkaInputError(
      `offsets.topic.num.partitions must be a positive integer, got ${String(offsetsTopicPartitions)}`,
    );
  }
  return kafkaAbs(javaStringHashCode(groupId)) % offsetsTopicPartitions;
}
