/**
 * The consumer's state as plain data, and the read-only questions tests and the tutor ask of it
 * (what was delivered, where each partition stands, what was committed).
 */
import type { BrokerId, NodeId, TopicPartition } from '../ids.js';
import type { KafkaRecord } from '../log/record.js';
import { initialMetadataFetchState, type MetadataFetchState } from './client-metadata.js';

/** The consumer's API: what an application calls. */
export type ConsumerCommand =
  /**
   * Manual assignment (KafkaConsumer.assign): exactly these partitions, replacing the previous
   * assignment. Consumer groups (subscribe, rebalances) come in a later lesson.
   */
  | { readonly type: 'assign'; readonly partitions: readonly TopicPartition[] }
  /** Read this partition from `offset` on (KafkaConsumer.seek). */
  | { readonly type: 'seek'; readonly topic: string; readonly partition: number; readonly offset: number }
  /** Commit the current positions: the next offset to read, not the last one read (8.2). */
  | { readonly type: 'commit' };

/**
 * Where a partition's position stands. Transitions:
 *   unresolved    → fetching (a committed offset)          | resetting (auto.offset.reset earliest/latest)
 *                 | awaiting-seek (auto.offset.reset none)
 *   resetting     → fetching (ListOffsets answered)
 *   fetching      → fetching (records: last offset + 1)    | resetting / awaiting-seek (OFFSET_OUT_OF_RANGE)
 *   any           → fetching (seek)
 */
export type PositionState =
  | { readonly kind: 'unresolved' }
  | { readonly kind: 'resetting'; readonly strategy: 'earliest' | 'latest' }
  | { readonly kind: 'awaiting-seek' }
  | { readonly kind: 'fetching'; readonly offset: number };

export interface PartitionRequest {
  readonly kind: 'fetch' | 'list-offsets';
  readonly correlationId: number;
  readonly node: NodeId;
  readonly broker: BrokerId;
  readonly deadlineMs: number;
}

export interface AssignedPartition {
  readonly topic: string;
  readonly partition: number;
  readonly position: PositionState;
  /** At most one request per partition: a fetch, or a ListOffsets while resetting. */
  readonly request: PartitionRequest | undefined;
  /** After a failed request: nothing is sent for this partition before then (retry.backoff.ms). */
  readonly retryNotBeforeMs: number | undefined;
  /** From the latest fetch response; undefined before the first. */
  readonly highWatermark: number | undefined;
}

export interface DeliveredRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly leaderEpoch: number;
  readonly record: KafkaRecord;
  readonly deliveredAtMs: number;
}

export interface CommittedOffset {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to read. */
  readonly offset: number;
}

export interface ConsumerState {
  readonly nextCorrelationId: number;
  readonly metadata: MetadataFetchState;
  /** Keyed by "topic-partition", in assignment order. */
  readonly assignment: ReadonlyMap<string, AssignedPartition>;
  /**
   * Commits, keyed by "topic-partition". Held by the consumer for now: in Kafka the group
   * coordinator stores them in __consumer_offsets, which arrives with consumer groups.
   */
  readonly committed: ReadonlyMap<string, CommittedOffset>;
  /** The most recent DELIVERED_KEPT records, oldest first. */
  readonly delivered: readonly DeliveredRecord[];
  /** All records ever delivered, including those dropped from `delivered`. */
  readonly deliveredCount: number;
}

/** A bound on remembered deliveries, so a long simulation cannot grow the state without end. */
export const DELIVERED_KEPT = 10_000;

export function initialConsumerState(committed: ReadonlyMap<string, CommittedOffset> = new Map()): ConsumerState {
  return {
    nextCorrelationId: 1,
    metadata: initialMetadataFetchState,
    assignment: new Map(),
    committed,
    delivered: [],
    deliveredCount: 0,
  };
}

export function newAssignedPartition(tp: TopicPartition): AssignedPartition {
  return {
    topic: tp.topic,
    partition: tp.partition,
    position: { kind: 'unresolved' },
    request: undefined,
    retryNotBeforeMs: undefined,
    highWatermark: undefined,
  };
}

export function delivered(state: ConsumerState): readonly DeliveredRecord[] {
  return state.delivered;
}

export function committedOffsets(state: ConsumerState): CommittedOffset[] {
  return [...state.committed.values()];
}

export interface PartitionPosition {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to fetch, or undefined while it is being decided. */
  readonly position: number | undefined;
  readonly positionState: PositionState['kind'];
  readonly highWatermark: number | undefined;
}

export function positions(state: ConsumerState): PartitionPosition[] {
  return [...state.assignment.values()].map((assigned) => ({
    topic: assigned.topic,
    partition: assigned.partition,
    position: assigned.position.kind === 'fetching' ? assigned.position.offset : undefined,
    positionState: assigned.position.kind,
    highWatermark: assigned.highWatermark,
  }));
}

export function appendDelivered(state: ConsumerState, records: readonly DeliveredRecord[]): ConsumerState {
  if (records.length === 0) return state;
  const joined = [...state.delivered, ...records];
  return {
    ...state,
    delivered: joined.length > DELIVERED_KEPT ? joined.slice(joined.length - DELIVERED_KEPT) : joined,
    deliveredCount: state.deliveredCount + records.length,
  };
}
