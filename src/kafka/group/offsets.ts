/**
 * Committed offsets as records of `__consumer_offsets`, and what log compaction keeps of them.
 *
 * Source: group-coordinator/src/main/java/org/apache/kafka/coordinator/group/GroupCoordinatorRecordHelpers.java
 * (`newOffsetCommitRecord`: key OffsetCommitKey(group, topic, partition), value OffsetCommitValue),
 * OffsetMetadataManager.java (replaying the records into the offsets cache when a coordinator loads a
 * partition); kafka-semantics.md 8.1 (the topic is compacted), 8.2 (the committed offset is the next
 * one to read); `kafka-consumer-groups --describe` for lag.
 *
 * The record: key `["offset", groupId, topic, partition]`, value `{"offset": n}` as JSON text (Kafka
 * writes versioned binary schemas). The topic is compacted by key: of all the commits of one
 * group/topic/partition only the latest survives, which is also what loading keeps when it replays
 * the log. The model's logs are never compacted on disk (no log cleaner); `latestOffsets` computes
 * what compaction would keep.
 */
import { topicPartitionKey, type TopicPartition } from '../ids.js';
import type { KafkaRecord, LogEntry } from '../log/record.js';

export interface CommittedOffsetRecord {
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  /** The next offset the group will read from this partition. */
  readonly offset: number;
}

export function offsetCommitRecord(commit: CommittedOffsetRecord, timestamp: number): KafkaRecord {
  return {
    key: JSON.stringify(['offset', commit.groupId, commit.topic, commit.partition]),
    value: JSON.stringify({ offset: commit.offset }),
    timestamp,
  };
}

/** The commit a record holds, or undefined for any other record. */
export function parseOffsetCommitRecord(record: KafkaRecord): CommittedOffsetRecord | undefined {
  if (record.key === null) return undefined;
  try {
    const key: unknown = JSON.parse(record.key);
    const value: unknown = JSON.parse(record.value);
    if (!Array.isArray(key) || key.length !== 4 || key[0] !== 'offset') return undefined;
    const [, groupId, topic, partition] = key as [string, unknown, unknown, unknown];
    const offset = (value as { offset?: unknown } | null)?.offset;
    if (typeof groupId !== 'string' || typeof topic !== 'string' || !Number.isSafeInteger(partition) || !Number.isSafeInteger(offset)) return undefined;
    return { groupId, topic, partition: partition as number, offset: offset as number };
  } catch {
    return undefined;
  }
}

/** The compaction key: one committed offset per group, topic and partition. */
export function offsetKey(groupId: string, tp: TopicPartition): string {
  return `${JSON.stringify(groupId)}/${topicPartitionKey(tp)}`;
}

/** What compaction keeps (and what loading replays to): the latest commit per key, in log order. */
export function latestOffsets(entries: readonly LogEntry[]): Map<string, CommittedOffsetRecord> {
  const latest = new Map<string, CommittedOffsetRecord>();
  for (const entry of entries) {
    const commit = parseOffsetCommitRecord(entry.record);
    if (commit === undefined) continue;
    const key = offsetKey(commit.groupId, commit);
    latest.delete(key); // re-insert so the map's order is that of the surviving records
    latest.set(key, commit);
  }
  return latest;
}

/**
 * Consumer lag as `kafka-consumer-groups --describe` shows it: the log end offset (for
 * read_uncommitted consumers, the high watermark) minus the committed offset; undefined without a
 * commit (the tool prints "-").
 */
export function consumerLag(logEndOffset: number, committedOffset: number | undefined): number | undefined {
  return committedOffset === undefined ? undefined : Math.max(0, logEndOffset - committedOffset);
}
