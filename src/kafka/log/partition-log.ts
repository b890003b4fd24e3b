/**
 * One replica's copy of a partition log, as an immutable value (semantics section 2).
 *
 * Kafka's UnifiedLog (core/src/main/scala/kafka/log/UnifiedLog.scala) keeps segments on disk plus
 * a leader epoch cache (storage/.../internals/epoch/LeaderEpochFileCache.java, the
 * `leader-epoch-checkpoint` file). The model keeps the records in memory and the epoch cache as a
 * short ascending list of (epoch, startOffset) pairs.
 *
 * Immutability with O(1) amortised appends: a log value points at a shared `backing` array and
 * owns only the part of it below its own logEndOffset. Appending to a value whose end is the end of
 * the array pushes in place (no other value can see past its own end, so nobody notices);
 * appending to a value that ends before the array does (a truncated view, or an older value that
 * someone else already appended to) copies its own part first. Every old value stays valid.
 * Compare logs with `entries(log)`, not with deep equality on the value (the backing array may hold
 * entries past the value's end).
 */
import type { KafkaRecord, LogEntry } from './record.js';

/** One row of the leader epoch cache: `epoch` began (its leader's first record) at `startOffset`. */
export interface EpochEntry {
  readonly epoch: number;
  readonly startOffset: number;
}

export interface PartitionLog {
  /** First offset still in the log (rises with retention; always 0 in the model for now). */
  readonly logStartOffset: number;
  /** The offset the next appended record gets (semantics section 0). */
  readonly logEndOffset: number;
  /** First offset not yet committed: consumers read offsets < highWatermark (semantics 5.13). */
  readonly highWatermark: number;
  /** Leader epoch cache, ascending by epoch and by startOffset. */
  readonly epochs: readonly EpochEntry[];
  /** Shared storage; only indexes < logEndOffset - backingStartOffset belong to this value. Do not read directly. */
  readonly backing: readonly LogEntry[];
  /** Offset of backing[0]. Kept apart from logStartOffset so retention can move the start without copying. */
  readonly backingStartOffset: number;
}

/** Kafka's UNDEFINED_EPOCH / UNDEFINED_EPOCH_OFFSET (OffsetsForLeaderEpoch "no answer"). */
export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1;

export function emptyLog(): PartitionLog {
  return { logStartOffset: 0, logEndOffset: 0, highWatermark: 0, epochs: [], backing: [], backingStartOffset: 0 };
}

/** The latest epoch in the cache, -1 when the cache is empty (LeaderEpochFileCache.latestEpoch). */
export function latestCachedEpoch(log: PartitionLog): number {
  return log.epochs.at(-1)?.epoch ?? UNDEFINED_EPOCH;
}

/**
 * Leader append (UnifiedLog.appendAsLeader): the leader assigns offsets LEO..LEO+k-1 (semantics 2)
 * and stamps every record with its epoch. The first record of a new epoch opens an epoch entry.
 * An empty batch changes nothing (baseOffset = LEO, lastOffset = LEO - 1); the broker should have
 * refused it.
 */
export function appendAsLeader(
  log: PartitionLog,
  records: readonly KafkaRecord[],
  leaderEpoch: number,
): { log: PartitionLog; baseOffset: number; lastOffset: number } {
  const baseOffset = log.logEndOffset;
  if (records.length === 0) return { log, baseOffset, lastOffset: baseOffset - 1 };
  const latest = latestCachedEpoch(log);
  if (leaderEpoch < latest) {
    // A leader never writes under an epoch older than one its own log already knows (invariant 8).
    throw new Error(`appendAsLeader: epoch ${leaderEpoch} is older than cached epoch ${latest} at offset ${baseOffset}`);
  }
  const newEntries = records.map((record, index) => ({ offset: baseOffset + index, leaderEpoch, record }));
  const epochs = leaderEpoch > latest ? assignEpoch(log.epochs, leaderEpoch, baseOffset) : log.epochs;
  const appended = withAppended(log, newEntries);
  return { log: { ...appended, epochs }, baseOffset, lastOffset: baseOffset + records.length - 1 };
}

/**
 * Follower append (UnifiedLog.appendAsFollower): the leader's offsets and epochs are kept as they
 * are. The entries must start at our LEO, be contiguous and carry non-decreasing epochs; anything
 * else means the broker skipped a divergence check, which is a bug in the model, so it throws.
 */
export function appendAsFollower(log: PartitionLog, newEntries: readonly LogEntry[]): PartitionLog {
  if (newEntries.length === 0) return log;
  let previousEpoch = lastEpoch(log);
  let epochs = log.epochs;
  newEntries.forEach((entry, index) => {
    const expectedOffset = log.logEndOffset + index;
    if (entry.offset !== expectedOffset) {
      throw new Error(
        `appendAsFollower: expected offset ${expectedOffset} (log end offset ${log.logEndOffset} + ${index}), got ${entry.offset}`,
      );
    }
    if (entry.leaderEpoch < previousEpoch) {
      throw new Error(
        `appendAsFollower: epoch ${entry.leaderEpoch} at offset ${entry.offset} is below epoch ${previousEpoch} of the record before it`,
      );
    }
    previousEpoch = entry.leaderEpoch;
    epochs = assignEpoch(epochs, entry.leaderEpoch, entry.offset);
  });
  return { ...withAppended(log, newEntries), epochs };
}

/**
 * Drop every entry at or above `offset` (UnifiedLog.truncateTo). The HW cannot point past the new
 * end, and epochs that started at or after the cut are forgotten (LeaderEpochFileCache.truncateFromEnd).
 * Truncating at or beyond the LEO keeps every entry. Truncating below logStartOffset is a model bug.
 */
export function truncateTo(log: PartitionLog, offset: number): PartitionLog {
  if (offset < log.logStartOffset) {
    throw new Error(`truncateTo: offset ${offset} is below log start offset ${log.logStartOffset}`);
  }
  const logEndOffset = Math.min(offset, log.logEndOffset);
  return {
    ...log,
    logEndOffset,
    highWatermark: Math.min(log.highWatermark, logEndOffset),
    epochs: log.epochs.filter((entry) => entry.startOffset < offset),
  };
}

/** Set the HW, clamped into [logStartOffset, LEO] (semantics 11, invariant 2; UnifiedLog.updateHighWatermark). */
export function withHighWatermark(log: PartitionLog, highWatermark: number): PartitionLog {
  const clamped = Math.max(log.logStartOffset, Math.min(highWatermark, log.logEndOffset));
  return clamped === log.highWatermark ? log : { ...log, highWatermark: clamped };
}

/** Whether a fetch may start at `offset` (semantics 2: below logStartOffset or above LEO is OFFSET_OUT_OF_RANGE). */
export function isFetchOffsetInRange(log: PartitionLog, offset: number): boolean {
  return offset >= log.logStartOffset && offset <= log.logEndOffset;
}

/**
 * Up to `maxRecords` entries from `fromOffset`, stopping before `upToExclusive` (a consumer passes
 * the HW, semantics 5.13; a follower passes the LEO). Out-of-range starts give nothing: the broker
 * answers OFFSET_OUT_OF_RANGE before reading (see isFetchOffsetInRange).
 */
export function readEntries(
  log: PartitionLog,
  fromOffset: number,
  maxRecords: number,
  upToExclusive: number,
): readonly LogEntry[] {
  if (!isFetchOffsetInRange(log, fromOffset) || maxRecords <= 0) return [];
  const endOffset = Math.min(upToExclusive, log.logEndOffset, fromOffset + maxRecords);
  if (endOffset <= fromOffset) return [];
  return log.backing.slice(fromOffset - log.backingStartOffset, endOffset - log.backingStartOffset);
}

export function entryAt(log: PartitionLog, offset: number): LogEntry | undefined {
  if (offset < log.logStartOffset || offset >= log.logEndOffset) return undefined;
  return log.backing[offset - log.backingStartOffset];
}

/** Epoch of the last entry, -1 when the log is empty: the Fetch request's lastFetchedEpoch. */
export function lastEpoch(log: PartitionLog): number {
  return entryAt(log, log.logEndOffset - 1)?.leaderEpoch ?? UNDEFINED_EPOCH;
}

/**
 * A newly elected leader records (epoch, LEO) before writing anything, so followers asking about
 * older epochs get the right end offset at once (Partition.makeLeader → UnifiedLog.maybeAssignEpochStartOffset).
 * No-op when the cache already holds this epoch or a newer one.
 */
export function assignEpochStart(log: PartitionLog, epoch: number, startOffset: number): PartitionLog {
  if (epoch <= latestCachedEpoch(log)) return log;
  if (startOffset !== log.logEndOffset) {
    throw new Error(`assignEpochStart: epoch ${epoch} must start at log end offset ${log.logEndOffset}, got ${startOffset}`);
  }
  return { ...log, epochs: assignEpoch(log.epochs, epoch, startOffset) };
}

/**
 * OffsetsForLeaderEpoch (KIP-101; LeaderEpochFileCache.endOffsetFor): where does `epoch` end in
 * this log?
 * - the requested epoch is the latest cached one: (epoch, LEO);
 * - otherwise the largest cached epoch <= requested, ending where the next cached epoch starts;
 * - requested older than every cached epoch: (requested, start of the first cached epoch), as Kafka
 *   does: the data before it is gone, so the asker should truncate to there;
 * - requested -1, empty cache, or requested newer than every cached epoch: (-1, -1).
 */
export function endOffsetForEpoch(log: PartitionLog, epoch: number): { epoch: number; endOffset: number } {
  const undefinedAnswer = { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
  if (epoch === UNDEFINED_EPOCH || log.epochs.length === 0) return undefinedAnswer;
  if (epoch === latestCachedEpoch(log)) return { epoch, endOffset: log.logEndOffset };
  const higherIndex = log.epochs.findIndex((entry) => entry.epoch > epoch);
  const higher = log.epochs[higherIndex];
  if (higher === undefined) return undefinedAnswer;
  const floor = log.epochs[higherIndex - 1];
  if (floor === undefined) return { epoch, endOffset: higher.startOffset };
  return { epoch: floor.epoch, endOffset: higher.startOffset };
}

/**
 * Leader side of the fetch protocol since 2.7 (Partition.fetchRecords; semantics 5.8): the
 * follower says the epoch of its last record; if this log ends that epoch earlier, or does not
 * have it at all, answer with DivergingEpoch so the follower truncates before fetching again.
 */
export function findDivergence(
  leaderLog: PartitionLog,
  fetchOffset: number,
  lastFetchedEpoch: number,
): { epoch: number; endOffset: number } | undefined {
  if (lastFetchedEpoch < 0) return undefined;
  const answer = endOffsetForEpoch(leaderLog, lastFetchedEpoch);
  if (answer.epoch < lastFetchedEpoch || answer.endOffset < fetchOffset) return answer;
  return undefined;
}

/**
 * Follower side (KIP-279; AbstractFetcherThread.getOffsetTruncationState): cut the log where the
 * leader's diverging epoch ends, where our own copy of that epoch (or the largest one below it)
 * ends, or at our LEO, whichever comes first. Every record above that cut differs from the
 * leader's; records below it may still differ in older epochs, which the next fetch finds, so
 * repeating fetch → truncate converges on the common prefix (semantics 11, invariant 1).
 * Kafka stops at the follower's own end offset without the leader's when the follower lacks the
 * leader's epoch and fetches again; taking the min at once cuts no shared record either.
 */
export function followerTruncationOffset(
  followerLog: PartitionLog,
  diverging: { epoch: number; endOffset: number },
): number {
  const own = endOffsetForEpoch(followerLog, diverging.epoch);
  // No epoch of ours at or below the leader's: none of our records can be on the leader.
  const ownEndOffset = own.endOffset < 0 ? followerLog.logStartOffset : own.endOffset;
  const offset = Math.min(diverging.endOffset, ownEndOffset, followerLog.logEndOffset);
  return Math.max(followerLog.logStartOffset, offset);
}

/** A copy of the visible entries, for tests and the tutor. */
export function entries(log: PartitionLog): readonly LogEntry[] {
  return log.backing.slice(log.logStartOffset - log.backingStartOffset, log.logEndOffset - log.backingStartOffset);
}

/**
 * The epoch cache update on every appended batch (LeaderEpochFileCache.assign): a new epoch opens an
 * entry. If cached entries already sit at or after it (the follower once led an epoch in which it
 * wrote nothing, then copies an older epoch from the new leader), they are dropped so the cache stays
 * ascending, as Kafka's "non-monotonic update" path does.
 */
function assignEpoch(epochs: readonly EpochEntry[], epoch: number, startOffset: number): readonly EpochEntry[] {
  const latest = epochs.at(-1);
  if (latest !== undefined && latest.epoch === epoch && latest.startOffset <= startOffset) return epochs;
  const kept = epochs.filter((entry) => entry.epoch < epoch && entry.startOffset < startOffset);
  return [...kept, { epoch, startOffset }];
}

/** Append entries already numbered from log.logEndOffset, sharing the backing array when nobody can see the difference. */
function withAppended(log: PartitionLog, newEntries: readonly LogEntry[]): PartitionLog {
  const ownLength = log.logEndOffset - log.backingStartOffset;
  // Only the value that ends exactly at the array's end may grow the array in place.
  const backing = (ownLength === log.backing.length ? log.backing : log.backing.slice(0, ownLength)) as LogEntry[];
  for (const entry of newEntries) backing.push(entry);
  return { ...log, backing, logEndOffset: log.logEndOffset + newEntries.length };
}
