/**
 * The replicated metadata log as plain functions over a readonly array of entries (semantics 6.2;
 * KafkaRaftClient, the log's endOffsetForEpoch as LeaderEpochFileCache answers it; KIP-595 Fetch
 * validation). Offsets start at 0 and are contiguous: entries[i].offset === i.
 *
 * Simplification: no snapshots (KIP-630). Kafka snapshots the replayed state and deletes the log
 * before it, so a new or far-behind node fetches a snapshot first; here the log is kept whole and
 * every node replays it from offset 0.
 */
import type { OffsetAndEpoch } from './offset-and-epoch.js';
import type { MetadataEntry } from './metadata-records.js';

export type MetadataLog = readonly MetadataEntry[];

/** (epoch of the last entry, log end offset); (0, 0) for an empty log. */
export function lastPosition(log: MetadataLog): OffsetAndEpoch {
  const last = log[log.length - 1];
  return { offset: log.length, epoch: last === undefined ? 0 : last.epoch };
}

/**
 * The largest epoch <= `epoch` that this log holds, and the end offset of that epoch (one past its
 * last entry): LeaderEpochFileCache.endOffsetFor. (0, 0) when the log has nothing at or below.
 */
export function endOffsetForEpoch(log: MetadataLog, epoch: number): OffsetAndEpoch {
  for (let index = log.length - 1; index >= 0; index--) {
    const entry = log[index] as MetadataEntry;
    if (entry.epoch <= epoch) return { epoch: entry.epoch, offset: entry.offset + 1 };
  }
  return { epoch: 0, offset: 0 };
}

/**
 * The leader's check of a Fetch position (KafkaRaftClient.handleFetchRequest →
 * validateOffsetAndEpoch): the follower's log ends at `fetchOffset` with a last entry of
 * `lastFetchedEpoch`. Consistent when the leader's log holds that epoch and it does not end before
 * fetchOffset; otherwise the answer is the diverging epoch: the largest epoch <= lastFetchedEpoch
 * the leader knows and where it ends there, and the follower truncates to that.
 */
export function divergence(log: MetadataLog, fetchOffset: number, lastFetchedEpoch: number): OffsetAndEpoch | undefined {
  if (fetchOffset === 0) return undefined;
  const end = endOffsetForEpoch(log, lastFetchedEpoch);
  if (end.epoch === lastFetchedEpoch && end.offset >= fetchOffset) return undefined;
  return end;
}

/**
 * Where a follower truncates on a diverging epoch (the follower side of KIP-595, like KIP-279 for
 * partitions): to the leader's end offset for that epoch, or to its own end of that epoch if that
 * comes first (its entries of that epoch may stop earlier).
 */
export function truncationOffset(log: MetadataLog, diverging: OffsetAndEpoch): number {
  const own = endOffsetForEpoch(log, diverging.epoch);
  return Math.min(diverging.offset, own.offset, log.length);
}

export function truncateTo(log: MetadataLog, offset: number): MetadataLog {
  return offset >= log.length ? log : log.slice(0, offset);
}

/** Appends entries that continue the log exactly at its end; anything else is a bug and throws. */
export function appendEntries(log: MetadataLog, entries: readonly MetadataEntry[]): MetadataLog {
  if (entries.length === 0) return log;
  let previousEpoch = lastPosition(log).epoch;
  entries.forEach((entry, index) => {
    if (entry.offset !== log.length + index) {
      throw new Error(`metadata log: entry at offset ${entry.offset} does not continue a log ending at ${log.length + index}`);
    }
    if (entry.epoch < previousEpoch) {
      throw new Error(`metadata log: entry epoch ${entry.epoch} at offset ${entry.offset} is below the previous entry's ${previousEpoch}`);
    }
    previousEpoch = entry.epoch;
  });
  return [...log, ...entries];
}
