/**
 * The KRaft leader's high watermark (HW), as a pure function (semantics 6.2 "Leader", invariant 14;
 * KIP-595; LeaderState.maybeUpdateHighWatermark in raft/src/main/java/org/apache/kafka/raft/).
 *
 * The rule:
 *   1. Only voters count. The leader is a voter and counts with its own log end offset; observers
 *      (brokers that replicate the metadata log without voting) never count, however far ahead.
 *   2. Sort the voters' end offsets descending and take the one at index floor(voters / 2): that
 *      offset is held by at least floor(voters / 2) + 1 voters, a majority, and it is the largest
 *      offset with that property. An unknown end offset (-1) sorts last.
 *   3. That offset may become the HW only if it is > epochStartOffset (the leader's end offset at
 *      election, where it wrote its LeaderChangeMessage), i.e. only once an entry of the leader's
 *      own epoch is replicated on a majority.
 *   4. The HW is monotonic: a computed value below the current HW is ignored (Kafka logs it).
 *
 * Why the current-epoch condition (rule 3) matters, the Raft paper's figure 8: a new leader may hold
 * entries from an older epoch that a majority now also holds, but that "majority" is not yet safe.
 * A different voter whose last entry has a higher epoch can still win a later election (its log is
 * more up to date, epoch first) and truncate those old entries on every follower, so an HW that
 * covered them would have exposed records that are later erased. Once an entry of the current
 * leader's epoch sits on a majority, any future leader must hold it (a winning candidate needs a
 * vote from that majority, and the vote's log check forbids being behind), hence also everything
 * before it: old-epoch entries become committed indirectly, together with the new entry.
 */

/** The inputs of one HW computation on the leader. */
export interface HighWatermarkInput {
  /** Every voter's end offset, the leader's own included; -1 when not known yet. */
  readonly voters: ReadonlyMap<number, number>;
  /** Observers' end offsets. Accepted for clarity, never read: observers do not count. */
  readonly observers?: ReadonlyMap<number, number>;
  /** The leader's log end offset when it took office (offset of its LeaderChangeMessage). */
  readonly epochStartOffset: number;
  /** The HW before this computation; undefined while the leader has none yet. */
  readonly currentHighWatermark: number | undefined;
}

/**
 * The largest end offset held by a majority of the voters: the end offsets sorted descending, index
 * floor(n / 2). -1 when that voter's end offset is unknown. Throws on an empty voter set.
 */
export function majorityReplicatedOffset(voters: ReadonlyMap<number, number>): number {
  if (voters.size === 0) throw new RangeError('a Raft quorum needs at least one voter');
  const descending = [...voters.values()].sort((a, b) => b - a);
  const offset = descending[Math.floor(descending.length / 2)];
  return offset === undefined ? -1 : offset;
}

/**
 * The leader's HW after taking the voters' end offsets into account: the majority-replicated offset
 * when it is past epochStartOffset and not below the current HW, otherwise currentHighWatermark
 * unchanged (undefined = no HW yet). Observers are ignored entirely.
 */
export function raftHighWatermark(input: HighWatermarkInput): number | undefined {
  const { voters, epochStartOffset, currentHighWatermark } = input;
  for (const [id, offset] of voters) {
    if (!Number.isInteger(offset) || offset < -1) {
      throw new RangeError(`voter ${id}: end offset ${offset} is not an integer >= -1`);
    }
  }
  if (!Number.isInteger(epochStartOffset) || epochStartOffset < 0) {
    throw new RangeError(`epochStartOffset ${epochStartOffset} is not an integer >= 0`);
  }
  const candidate = majorityReplicatedOffset(voters);
  // Rule 3: nothing of the leader's own epoch is committed yet (covers unknown offsets, -1).
  if (candidate <= epochStartOffset) return currentHighWatermark;
  // Rule 4: monotonic; a lower computed value is ignored.
  if (currentHighWatermark !== undefined && candidate < currentHighWatermark) return currentHighWatermark;
  return candidate;
}
