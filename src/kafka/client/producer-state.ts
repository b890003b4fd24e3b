/**
 * The producer's state as plain data, and the read-only questions tests and the tutor ask of it
 * (which records are still on their way, which were acknowledged, which failed).
 */
import type { ErrorCode } from '../errors.js';
import type { NodeId, BrokerId } from '../ids.js';
import { emptyAccumulator, type AccumulatedRecord, type ProducerBatch, type RecordAccumulator } from './accumulator.js';
import { initialMetadataFetchState, type MetadataFetchState } from './client-metadata.js';
import type { KeylessTopicState } from './producer-partitioning.js';

/** The producer's API: what an application calls. */
export type ProducerCommand =
  | {
      readonly type: 'send';
      readonly topic: string;
      /** null: no key (keyless partitioning); "" is a real, empty key. */
      readonly key: string | null;
      readonly value: string;
      /** An explicit partition overrides key and partitioner. */
      readonly partition?: number | undefined;
    }
  /** Make every record sent so far ready now, whatever linger.ms says (KafkaProducer.flush). */
  | { readonly type: 'flush' };

/** A record accepted by send() whose partition is not decided yet: the topic's metadata is not known. */
export interface RecordAwaitingMetadata extends AccumulatedRecord {
  readonly topic: string;
  readonly explicitPartition: number | undefined;
  readonly sentAtMs: number;
}

export interface InFlightProduce {
  readonly correlationId: number;
  readonly node: NodeId;
  readonly broker: BrokerId;
  readonly batch: ProducerBatch;
  /** No response by then: the request counts as lost (request.timeout.ms). */
  readonly deadlineMs: number;
  /**
   * The batch already failed on delivery.timeout.ms while this request was out; the partition stays
   * muted until the request completes, and its outcome is then dropped (Kafka: expired in-flight batches).
   */
  readonly abandoned: boolean;
}

export interface AcknowledgedRecord {
  readonly recordId: number;
  readonly topic: string;
  readonly partition: number;
  /** -1 with acks=0: the producer never learns the offset. */
  readonly offset: number;
  readonly key: string | null;
  readonly value: string;
  readonly acknowledgedAtMs: number;
}

export interface FailedRecord {
  readonly recordId: number;
  readonly topic: string;
  /** undefined when the record failed before it had a partition. */
  readonly partition: number | undefined;
  readonly key: string | null;
  readonly value: string;
  /** The Kafka error, or undefined for a refusal that has no code (a full buffer, a bad partition). */
  readonly error: ErrorCode | undefined;
  readonly reason: string;
  readonly failedAtMs: number;
}

export interface ProducerState {
  readonly nextCorrelationId: number;
  readonly nextRecordId: number;
  /** Topics this producer has sent to: the ones its metadata requests ask about. Sorted. */
  readonly topics: readonly string[];
  readonly metadata: MetadataFetchState;
  /** In send() order. */
  readonly awaitingMetadata: readonly RecordAwaitingMetadata[];
  readonly accumulator: RecordAccumulator;
  /** By correlation id; at most one per partition. */
  readonly inFlight: ReadonlyMap<number, InFlightProduce>;
  /** Per topic. */
  readonly keyless: ReadonlyMap<string, KeylessTopicState>;
  /** The most recent outcomes, oldest first, at most OUTCOMES_KEPT of each. */
  readonly acknowledged: readonly AcknowledgedRecord[];
  readonly failed: readonly FailedRecord[];
}

/** A bound on remembered outcomes, so a long simulation cannot grow the state without end. */
export const OUTCOMES_KEPT = 10_000;

export const initialProducerState: ProducerState = {
  nextCorrelationId: 1,
  nextRecordId: 0,
  topics: [],
  metadata: initialMetadataFetchState,
  awaitingMetadata: [],
  accumulator: emptyAccumulator,
  inFlight: new Map(),
  keyless: new Map(),
  acknowledged: [],
  failed: [],
};

export type PendingStage = 'awaiting-metadata' | 'queued' | 'in-flight';

export interface PendingRecord {
  readonly recordId: number;
  readonly topic: string;
  /** undefined while awaiting metadata. */
  readonly partition: number | undefined;
  readonly key: string | null;
  readonly value: string;
  readonly stage: PendingStage;
}

/** Records sent but neither acknowledged nor failed yet, by recordId. */
export function pendingRecords(state: ProducerState): PendingRecord[] {
  const pending: PendingRecord[] = [];
  for (const waiting of state.awaitingMetadata) {
    pending.push({ ...describe(waiting), topic: waiting.topic, partition: waiting.explicitPartition, stage: 'awaiting-metadata' });
  }
  for (const queue of state.accumulator.queues.values()) {
    for (const batch of queue.batches) pending.push(...describeBatch(batch, 'queued'));
  }
  for (const request of state.inFlight.values()) {
    if (!request.abandoned) pending.push(...describeBatch(request.batch, 'in-flight'));
  }
  return pending.sort((a, b) => a.recordId - b.recordId);
}

export function acknowledged(state: ProducerState): readonly AcknowledgedRecord[] {
  return state.acknowledged;
}

export function failedRecords(state: ProducerState): readonly FailedRecord[] {
  return state.failed;
}

/** Bytes held by records not yet completed (buffer.memory's measure: queued, in flight, awaiting metadata). */
export function bytesHeld(state: ProducerState): number {
  let total = 0;
  for (const waiting of state.awaitingMetadata) total += waiting.sizeInBytes;
  for (const queue of state.accumulator.queues.values()) for (const batch of queue.batches) total += batch.sizeInBytes;
  for (const request of state.inFlight.values()) total += request.batch.sizeInBytes;
  return total;
}

function describe(record: AccumulatedRecord): Pick<PendingRecord, 'recordId' | 'key' | 'value'> {
  return { recordId: record.recordId, key: record.record.key, value: record.record.value };
}

function describeBatch(batch: ProducerBatch, stage: PendingStage): PendingRecord[] {
  return batch.records.map((record) => ({ ...describe(record), topic: batch.topic, partition: batch.partition, stage }));
}

/** Append outcomes, keeping only the most recent OUTCOMES_KEPT. */
export function keepRecent<T>(list: readonly T[], added: readonly T[]): readonly T[] {
  if (added.length === 0) return list;
  const joined = [...list, ...added];
  return joined.length > OUTCOMES_KEPT ? joined.slice(joined.length - OUTCOMES_KEPT) : joined;
}
