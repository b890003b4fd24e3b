/**
 * A position in a Raft log: the offset of the end of the log (LEO) and the epoch of its last record
 * (semantics 6.2; raft/src/main/java/org/apache/kafka/raft/OffsetAndEpoch.java).
 *
 * KIP-595 compares two logs the Raft way: the log whose last record has the higher epoch is more up
 * to date, whatever the offsets; only with equal last epochs does the longer log win. So
 * (epoch 5, offset 50) is ahead of (epoch 4, offset 500).
 */
export interface OffsetAndEpoch {
  /** The log end offset (the next offset to be written). */
  readonly offset: number;
  /** The epoch of the last record in the log (0 for an empty log). */
  readonly epoch: number;
}

/** Negative when a is behind b, 0 when equal, positive when a is ahead: epoch first, then offset (KIP-595). */
export function compareLogPosition(a: OffsetAndEpoch, b: OffsetAndEpoch): number {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  if (a.offset !== b.offset) return a.offset < b.offset ? -1 : 1;
  return 0;
}

/** The vote's log check (semantics 6.2 step 4, invariant 13): the candidate's log is not behind the voter's. */
export function isAtLeastAsUpToDate(candidate: OffsetAndEpoch, voter: OffsetAndEpoch): boolean {
  return compareLogPosition(candidate, voter) >= 0;
}
