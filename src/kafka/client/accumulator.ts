/**
 * The producer's RecordAccumulator as plain data and pure functions: per partition, a queue of
 * batches waiting to be sent.
 *
 * Source: clients/src/main/java/org/apache/kafka/clients/producer/internals/RecordAccumulator.java
 * (`append`, `tryAppend`, `ready`, `drain`, `reenqueue`, `expiredBatches`, `mutePartition`),
 * ProducerBatch.java; kafka-semantics.md 3.3 and 4.1.
 *
 * Rules:
 * - A record goes into the partition's newest batch if that batch has never been sent and the
 *   record fits in batch.size; otherwise a new batch starts. A record larger than batch.size gets a
 *   batch of its own (Kafka sizes that buffer to the record), up to max.request.size.
 * - A batch that did not take a record is closed: it is full (Kafka: closeForRecordAppends).
 * - The head batch of a partition is ready to send when it is full, when another batch waits behind
 *   it, when linger.ms has passed since it was created, or when a flush covers it. A batch waiting
 *   to be retried is ready once its backoff has passed since its failure (the producer chooses the
 *   backoff: exponential in the batch's attempts since 3.7, KIP-580; retry-backoff.ts).
 * - With one request in flight per partition (producer-config.ts says why), a partition is muted
 *   while its batch is in flight: nothing else of it is drained until that request completes.
 * - A failed batch is put back at the head of its queue, ahead of later batches: per-partition order
 *   survives retries.
 */
import { topicPartitionKey } from '../ids.js';
import type { KafkaRecord } from '../log/record.js';

/** A record accepted by send(), with its place in the producer. */
export interface AccumulatedRecord {
  /**
   * A number local to this producer, growing with each send(), so every record's fate (acknowledged,
   * failed) can be reported. Not the idempotent producer's per-partition sequence number.
   */
  readonly recordId: number;
  readonly record: KafkaRecord;
  readonly sizeInBytes: number;
}

export interface ProducerBatch {
  readonly batchId: number;
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly AccumulatedRecord[];
  readonly sizeInBytes: number;
  /** When the first record went in; linger.ms and delivery.timeout.ms count from here (ProducerBatch.createdMs). */
  readonly createdAtMs: number;
  /** Closed for appends: it reached batch.size or a record did not fit. */
  readonly full: boolean;
  /** How many times it has been sent. */
  readonly attempts: number;
  /** Set after a failed attempt: the batch may go again from this time on (its retry backoff). */
  readonly retryNotBeforeMs: number | undefined;
}

export interface PartitionQueue {
  readonly topic: string;
  readonly partition: number;
  /** Oldest first. */
  readonly batches: readonly ProducerBatch[];
  /** A batch of this partition is in flight; nothing else is drained until it completes. */
  readonly muted: boolean;
}

export interface RecordAccumulator {
  /** Keyed by "topic-partition". */
  readonly queues: ReadonlyMap<string, PartitionQueue>;
  readonly nextBatchId: number;
  /** Records with a smaller recordId are covered by a flush: their batches are ready at once. */
  readonly flushBeforeRecordId: number;
}

export const emptyAccumulator: RecordAccumulator = { queues: new Map(), nextBatchId: 0, flushBeforeRecordId: 0 };

export interface AccumulatorTiming {
  readonly batchSize: number;
  readonly lingerMs: number;
}

export interface AppendResult {
  readonly accumulator: RecordAccumulator;
  /** The partition's newest batch is full after this append (Kafka's allBatchesFull: the sticky switch may happen). */
  readonly batchFull: boolean;
  readonly newBatch: boolean;
}

export function append(
  accumulator: RecordAccumulator,
  topic: string,
  partition: number,
  record: AccumulatedRecord,
  batchSize: number,
  now: number,
): AppendResult {
  const key = topicPartitionKey({ topic, partition });
  const queue = accumulator.queues.get(key) ?? { topic, partition, batches: [], muted: false };
  const last = queue.batches[queue.batches.length - 1];
  let batches: ProducerBatch[];
  let newBatch: boolean;
  if (last !== undefined && acceptsAppends(last) && last.sizeInBytes + record.sizeInBytes <= batchSize) {
    const grown = withRecord(last, record, batchSize);
    batches = [...queue.batches.slice(0, -1), grown];
    newBatch = false;
  } else {
    const closed = last !== undefined && acceptsAppends(last) ? [...queue.batches.slice(0, -1), { ...last, full: true }] : [...queue.batches];
    const fresh: ProducerBatch = {
      batchId: accumulator.nextBatchId,
      topic,
      partition,
      records: [],
      sizeInBytes: 0,
      createdAtMs: now,
      full: false,
      attempts: 0,
      retryNotBeforeMs: undefined,
    };
    batches = [...closed, withRecord(fresh, record, batchSize)];
    newBatch = true;
  }
  const queues = new Map(accumulator.queues);
  queues.set(key, { ...queue, batches });
  return {
    accumulator: { ...accumulator, queues, nextBatchId: accumulator.nextBatchId + (newBatch ? 1 : 0) },
    batchFull: batches[batches.length - 1]!.full,
    newBatch,
  };
}

/** A batch that was sent once is never reopened: its records are on the wire as they are. */
function acceptsAppends(batch: ProducerBatch): boolean {
  return !batch.full && batch.attempts === 0;
}

function withRecord(batch: ProducerBatch, record: AccumulatedRecord, batchSize: number): ProducerBatch {
  const sizeInBytes = batch.sizeInBytes + record.sizeInBytes;
  return { ...batch, records: [...batch.records, record], sizeInBytes, full: sizeInBytes >= batchSize };
}

/** flush(): every record sent so far is ready now, whatever linger.ms says. */
export function flush(accumulator: RecordAccumulator, nextRecordId: number): RecordAccumulator {
  return { ...accumulator, flushBeforeRecordId: Math.max(accumulator.flushBeforeRecordId, nextRecordId) };
}

/**
 * When the partition's head batch may be sent (≤ now: ready), or undefined when the partition is
 * muted or empty. RecordAccumulator.ready's rule.
 */
export function headReadyAtMs(accumulator: RecordAccumulator, queue: PartitionQueue, lingerMs: number): number | undefined {
  const head = queue.batches[0];
  if (queue.muted || head === undefined) return undefined;
  if (head.retryNotBeforeMs !== undefined) return head.retryNotBeforeMs;
  const flushed = head.records[0]!.recordId < accumulator.flushBeforeRecordId;
  if (head.full || queue.batches.length > 1 || flushed) return head.createdAtMs;
  return head.createdAtMs + lingerMs;
}

export interface Drained {
  readonly accumulator: RecordAccumulator;
  readonly batch: ProducerBatch;
}

/** Take the head batch of a partition for sending (one attempt more) and mute the partition. */
export function drainHead(accumulator: RecordAccumulator, key: string): Drained {
  const queue = accumulator.queues.get(key);
  const head = queue?.batches[0];
  if (queue === undefined || head === undefined) throw new Error(`drainHead: no batch queued for ${key}`);
  if (queue.muted) throw new Error(`drainHead: ${key} already has a batch in flight`);
  // Kafka closes a batch when it is drained; a drained batch takes no more records.
  const batch: ProducerBatch = { ...head, full: true, attempts: head.attempts + 1, retryNotBeforeMs: undefined };
  const queues = new Map(accumulator.queues);
  queues.set(key, { ...queue, batches: queue.batches.slice(1), muted: true });
  return { accumulator: { ...accumulator, queues }, batch };
}

/** The in-flight batch of the partition completed (acknowledged or finally failed): unmute. */
export function completeInFlight(accumulator: RecordAccumulator, key: string): RecordAccumulator {
  const queue = accumulator.queues.get(key);
  if (queue === undefined || !queue.muted) return accumulator;
  const queues = new Map(accumulator.queues);
  if (queue.batches.length === 0) queues.delete(key);
  else queues.set(key, { ...queue, muted: false });
  return { ...accumulator, queues };
}

/**
 * Put a failed batch (or the pieces of a split batch) back at the head of its queue, to be sent
 * again from `retryNotBeforeMs`, before any later batch of the partition; unmute the partition.
 */
export function reenqueue(accumulator: RecordAccumulator, batches: readonly ProducerBatch[], retryNotBeforeMs: number): RecordAccumulator {
  const first = batches[0];
  if (first === undefined) return accumulator;
  const key = topicPartitionKey(first);
  const queue = accumulator.queues.get(key) ?? { topic: first.topic, partition: first.partition, batches: [], muted: false };
  const waiting = batches.map((batch) => ({ ...batch, full: true, retryNotBeforeMs }));
  const queues = new Map(accumulator.queues);
  queues.set(key, { ...queue, batches: [...waiting, ...queue.batches], muted: false });
  return { ...accumulator, queues };
}

/**
 * Split a batch the broker refused as too large (MESSAGE_TOO_LARGE) into two halves, keeping record
 * order, creation time and attempts. Kafka (Sender.completeBatch → splitAndReenqueue) re-splits at
 * batch.size, which helps when compression made a batch larger than estimated; the model has no
 * compression, so it halves instead: every split makes progress, down to single records, which
 * then fail for good.
 */
export function splitBatch(accumulator: RecordAccumulator, batch: ProducerBatch, batchSize: number): {
  readonly accumulator: RecordAccumulator;
  readonly batches: ProducerBatch[];
} {
  if (batch.records.length < 2) throw new Error(`splitBatch: batch ${batch.batchId} has ${batch.records.length} record(s), nothing to split`);
  const middle = Math.ceil(batch.records.length / 2);
  const halves = [batch.records.slice(0, middle), batch.records.slice(middle)];
  const batches = halves.map((records, index) =>
    records.reduce<ProducerBatch>((piece, record) => withRecord(piece, record, batchSize), {
      ...batch,
      batchId: accumulator.nextBatchId + index,
      records: [],
      sizeInBytes: 0,
      full: false,
    }),
  );
  return { accumulator: { ...accumulator, nextBatchId: accumulator.nextBatchId + 2 }, batches };
}

export interface Expired {
  readonly accumulator: RecordAccumulator;
  readonly expired: readonly ProducerBatch[];
}

/**
 * Remove queued batches that reached delivery.timeout.ms since creation (RecordAccumulator.expiredBatches:
 * from the head of each queue, stopping at the first batch still in time).
 */
export function expireBatches(accumulator: RecordAccumulator, now: number, deliveryTimeoutMs: number): Expired {
  const expired: ProducerBatch[] = [];
  let queues: Map<string, PartitionQueue> | undefined;
  for (const [key, queue] of accumulator.queues) {
    let count = 0;
    while (count < queue.batches.length && now >= queue.batches[count]!.createdAtMs + deliveryTimeoutMs) count++;
    if (count === 0) continue;
    expired.push(...queue.batches.slice(0, count));
    queues ??= new Map(accumulator.queues);
    const remaining = queue.batches.slice(count);
    if (remaining.length === 0 && !queue.muted) queues.delete(key);
    else queues.set(key, { ...queue, batches: remaining });
  }
  return { accumulator: queues === undefined ? accumulator : { ...accumulator, queues }, expired };
}

/** The earliest delivery deadline among queued batches. */
export function earliestQueuedDeliveryDeadlineMs(accumulator: RecordAccumulator, deliveryTimeoutMs: number): number | undefined {
  let earliest: number | undefined;
  for (const queue of accumulator.queues.values()) {
    for (const batch of queue.batches) {
      const deadline = batch.createdAtMs + deliveryTimeoutMs;
      if (earliest === undefined || deadline < earliest) earliest = deadline;
    }
  }
  return earliest;
}

/** Queued (not in flight) batches per partition of a topic: the adaptive sticky partitioner's load signal. */
export function queuedBatchesByPartition(accumulator: RecordAccumulator, topic: string, numPartitions: number): number[] {
  return Array.from(
    { length: numPartitions },
    (_, partition) => accumulator.queues.get(topicPartitionKey({ topic, partition }))?.batches.length ?? 0,
  );
}

/** Bytes of records waiting in batches (buffer.memory's measure). */
export function bufferedBytes(accumulator: RecordAccumulator): number {
  let total = 0;
  for (const queue of accumulator.queues.values()) for (const batch of queue.batches) total += batch.sizeInBytes;
  return total;
}
