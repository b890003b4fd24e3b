/**
 * Exercise 01: the partitioner (reference solution).
 *
 * Kafka: clients/src/main/java/org/apache/kafka/common/utils/Utils.java (murmur2, toPositive),
 * clients/src/main/java/org/apache/kafka/clients/producer/internals/BuiltInPartitioner.java
 * (partitionForKey, updatePartitionInfo), StringSerializer (UTF-8 key bytes).
 */

/** The bytes Kafka's StringSerializer puts on the wire for a key: its UTF-8 encoding. */
export function keyBytes(key: string): Uint8Array {
  return new TextEncoder().encode(key);
}

/** Java's Utils.murmur2: a signed 32-bit hash, with Java's wrapping int arithmetic. */
export function murmur2(data: Uint8Array): number {
  const seed = 0x9747b28c;
  const m = 0x5bd1e995;
  const length = data.length;
  let h = seed ^ length;
  const blocksEnd = length - (length % 4);
  for (let i = 0; i < blocksEnd; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const tail = length % 4;
  if (tail === 3) h ^= data[blocksEnd + 2]! << 16;
  if (tail >= 2) h ^= data[blocksEnd + 1]! << 8;
  if (tail >= 1) {
    h ^= data[blocksEnd]!;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h;
}

/** Java's Utils.toPositive: clear the sign bit (not Math.abs). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/** BuiltInPartitioner.partitionForKey: toPositive(murmur2(key bytes)) % all partitions of the topic. */
export function partitionForKey(key: Uint8Array, numPartitions: number): number {
  return toPositive(murmur2(key)) % numPartitions;
}

/**
 * BuiltInPartitioner.updatePartitionInfo for records without a key: after an append, move on to a
 * new sticky partition once at least batch.size bytes went to this one and its batch is full, or
 * unconditionally once 2 × batch.size bytes went to it.
 */
export function shouldSwitchStickyPartition(bytesProduced: number, batchSizeBytes: number, batchFull: boolean): boolean {
  if (bytesProduced >= batchSizeBytes && batchFull) return true;
  return bytesProduced >= 2 * batchSizeBytes;
}
