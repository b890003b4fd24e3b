/**
 * A record as the model keeps it. Real Kafka stores keys and values as bytes; the model keeps the
 * UTF-8 strings a StringSerializer would have produced, so traces and lessons stay readable. The
 * partitioner still hashes the serialized (UTF-8) key bytes, exactly as the Java producer does.
 */
export interface KafkaRecord {
  /** null means "no key" (sticky partitioning); "" is a real, empty key and is hashed. */
  readonly key: string | null;
  readonly value: string;
  /** Producer's CreateTime, in the runtime's milliseconds. */
  readonly timestamp: number;
}

/** A record at its place in a partition log. */
export interface LogEntry {
  readonly offset: number;
  /** Epoch of the leader that appended it (the batch's partitionLeaderEpoch). */
  readonly leaderEpoch: number;
  readonly record: KafkaRecord;
}

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Approximate size of a record in a v2 batch, used for batch.size and message.max.bytes checks.
 * Real records add varint-encoded lengths, deltas and headers; 10 bytes of overhead is close enough
 * for a model that only needs "this batch is full" and "this record is too large" to behave right.
 */
export function recordSizeInBytes(record: KafkaRecord): number {
  const keyBytes = record.key === null ? 0 : utf8(record.key).length;
  return 10 + keyBytes + utf8(record.value).length;
}
