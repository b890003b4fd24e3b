/**
 * The consumer's state as plain data, and the read-only questions tests and the tutor ask of it
 * (what poll returned, what is buffered, where each partition stands, what was committed).
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
  /**
   * Read this partition from `offset` on (KafkaConsumer.seek): position and fetch offset both move
   * there, and the partition's buffered records are dropped.
   */
  | { readonly type: 'seek'; readonly topic: string; readonly partition: number; readonly offset: number }
  /**
   * KafkaConsumer.poll: hand the application up to max.poll.records buffered records and move each
   * partition's position past the last one returned. It never waits: with nothing buffered it
   * returns nothing (a poll(Duration.ZERO)); fetching goes on in the background either way.
   */
  | { readonly type: 'poll' }
  /**
   * KafkaConsumer.commitSync(): commit the current positions, the next offset to return to the
   * application (after poll returned offset 42, commit 43; 8.2). Records fetched but not yet
   * returned by poll are not committed.
   */
  | { readonly type: 'commit' };

/**
 * Where a partition's position stands. Transitions:
 *   unresolved    → fetching (a committed offset)          | resetting (auto.offset.reset earliest/latest)
 *                 | awaiting-seek (auto.offset.reset none)
 *   resetting     → fetching (ListOffsets answered)
 *   fetching      → fetching (records fetched: fetchOffset = last + 1; records polled: position = last + 1)
 *                 | resetting / awaiting-seek (OFFSET_OUT_OF_RANGE)
 *   any           → fetching (seek)
 *
 * While fetching, `position` ≤ `fetchOffset`, and the partition's buffered records are those from
 * `position` up to `fetchOffset`; when nothing is buffered the two are equal. (Kafka keeps only the
 * position in SubscriptionState; the fetch offset is the buffered CompletedFetch's nextFetchOffset.)
 */
export type PositionState =
  | { readonly kind: 'unresolved' }
  | { readonly kind: 'resetting'; readonly strategy: 'earliest' | 'latest' }
  | { readonly kind: 'awaiting-seek' }
  | {
      readonly kind: 'fetching';
      /** The consumer's position: the next offset poll returns to the application; what a commit commits. */
      readonly position: number;
      /** The next offset to fetch from the leader: one past the last record fetched into the buffer. */
      readonly fetchOffset: number;
    };

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
  /** KIP-392: the follower the leader told us to fetch from, until metadata.max.age.ms has passed. */
  readonly preferredReadReplica?: { readonly broker: number; readonly expiresAtMs: number } | undefined;
}

/** A record fetched from the leader, waiting in the fetch buffer for a poll. */
export interface BufferedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly leaderEpoch: number;
  readonly record: KafkaRecord;
}

/** A record poll returned to the application, and when. */
export interface DeliveredRecord extends BufferedRecord {
  readonly deliveredAtMs: number;
}

/**
 * One fetch response's records not yet returned by poll (Kafka's CompletedFetch), oldest first,
 * never empty. The fetch buffer holds at most one per assigned partition: a partition with
 * buffered records is not fetched again (AbstractFetch.fetchablePartitions), so the buffer is
 * bounded by the assignment size times the records one fetch asks for (max.poll.records here).
 */
export interface CompletedFetch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly BufferedRecord[];
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
  /**
   * Fetched records not yet returned by poll, in the order their fetch responses arrived (Kafka's
   * FetchBuffer): poll drains the first completed fetch before it starts on the next.
   */
  readonly fetchBuffer: readonly CompletedFetch[];
  /**
   * With pollIntervalMs: the time of the application's next poll (ticks every pollIntervalMs from
   * the start). Undefined before the first input, and always without pollIntervalMs.
   */
  readonly nextPollAtMs: number | undefined;
  /** The most recent DELIVERED_KEPT records returned by poll, oldest first. */
  readonly delivered: readonly DeliveredRecord[];
  /** All records poll ever returned, including those dropped from `delivered`. */
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
    fetchBuffer: [],
    nextPollAtMs: undefined,
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

/** What poll returned to the application (the most recent DELIVERED_KEPT records). */
export function delivered(state: ConsumerState): readonly DeliveredRecord[] {
  return state.delivered;
}

/** Fetched records waiting for a poll, in the order poll will return them. */
export function bufferedRecords(state: ConsumerState): BufferedRecord[] {
  return state.fetchBuffer.flatMap((completed) => completed.records);
}

export function committedOffsets(state: ConsumerState): CommittedOffset[] {
  return [...state.committed.values()];
}

export interface PartitionPosition {
  readonly topic: string;
  readonly partition: number;
  /** The next offset poll returns (what a commit commits), or undefined while it is being decided. */
  readonly position: number | undefined;
  /** The next offset to fetch, or undefined while the position is being decided. */
  readonly fetchOffset: number | undefined;
  /** Records fetched and not yet returned by poll. */
  readonly buffered: number;
  readonly positionState: PositionState['kind'];
  readonly highWatermark: number | undefined;
}

export function positions(state: ConsumerState): PartitionPosition[] {
  return [...state.assignment.values()].map((assigned) => ({
    topic: assigned.topic,
    partition: assigned.partition,
    position: assigned.position.kind === 'fetching' ? assigned.position.position : undefined,
    fetchOffset: assigned.position.kind === 'fetching' ? assigned.position.fetchOffset : undefined,
    buffered: state.fetchBuffer
      .filter((completed) => completed.topic === assigned.topic && completed.partition === assigned.partition)
      .reduce((count, completed) => count + completed.records.length, 0),
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
