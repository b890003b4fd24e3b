/**
 * The partition log as an immutable value: offsets, purity of the shared backing array, the HW
 * bounds, the leader epoch cache and the truncation protocol of KIP-101 / KIP-279 (semantics 2,
 * 5.7, 5.8, 11 invariants 1 and 2).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendAsFollower,
  appendAsLeader,
  assignEpochStart,
  emptyLog,
  endOffsetForEpoch,
  entries,
  entryAt,
  findDivergence,
  followerTruncationOffset,
  isFetchOffsetInRange,
  lastEpoch,
  readEntries,
  truncateTo,
  withHighWatermark,
  type PartitionLog,
} from '../../../src/kafka/log/partition-log.js';
import type { KafkaRecord, LogEntry } from '../../../src/kafka/log/record.js';

function record(value: string): KafkaRecord {
  return { key: null, value, timestamp: 0 };
}

function records(...values: string[]): KafkaRecord[] {
  return values.map(record);
}

/** Leader append that keeps only the log. */
function lead(log: PartitionLog, epoch: number, ...values: string[]): PartitionLog {
  return appendAsLeader(log, records(...values), epoch).log;
}

function values(log: PartitionLog): string[] {
  return entries(log).map((entry) => entry.record.value);
}

function offsetsAndEpochs(log: PartitionLog): Array<[number, number]> {
  return entries(log).map((entry) => [entry.offset, entry.leaderEpoch]);
}

/**
 * One follower fetch round of the modern protocol (semantics 5.8): the leader either answers with
 * a diverging epoch (the follower truncates) or with records from the follower's LEO.
 */
function fetchOnce(
  leader: PartitionLog,
  follower: PartitionLog,
  maxRecords: number,
): { follower: PartitionLog; truncatedTo: number | undefined } {
  const diverging = findDivergence(leader, follower.logEndOffset, lastEpoch(follower));
  if (diverging !== undefined) {
    const truncatedTo = followerTruncationOffset(follower, diverging);
    return { follower: truncateTo(follower, truncatedTo), truncatedTo };
  }
  const copied = readEntries(leader, follower.logEndOffset, maxRecords, leader.logEndOffset);
  return { follower: appendAsFollower(follower, copied), truncatedTo: undefined };
}

/** Truncate until the leader sees no divergence; every round must shrink the follower's log. */
function resolveDivergence(leader: PartitionLog, follower: PartitionLog): { follower: PartitionLog; truncations: number[] } {
  const truncations: number[] = [];
  let current = follower;
  for (;;) {
    const diverging = findDivergence(leader, current.logEndOffset, lastEpoch(current));
    if (diverging === undefined) return { follower: current, truncations };
    const offset = followerTruncationOffset(current, diverging);
    if (offset >= current.logEndOffset) throw new Error(`divergence at ${current.logEndOffset} made no progress`);
    truncations.push(offset);
    current = truncateTo(current, offset);
  }
}

function catchUp(leader: PartitionLog, follower: PartitionLog): PartitionLog {
  let current = resolveDivergence(leader, follower).follower;
  while (current.logEndOffset < leader.logEndOffset) current = fetchOnce(leader, current, 3).follower;
  return current;
}

describe('offsets (semantics 2, invariant 1)', () => {
  it('a leader assigns dense offsets from 0: a batch of k at LEO x gets x..x+k-1 (UnifiedLog.appendAsLeader)', () => {
    const first = appendAsLeader(emptyLog(), records('a', 'b', 'c'), 1);
    expect(first).toMatchObject({ baseOffset: 0, lastOffset: 2 });
    expect(first.log.logEndOffset).toBe(3);
    const second = appendAsLeader(first.log, records('d', 'e'), 1);
    expect(second).toMatchObject({ baseOffset: 3, lastOffset: 4 });
    expect(entries(second.log).map((entry) => entry.offset)).toEqual([0, 1, 2, 3, 4]);
    expect(values(second.log)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(second.log.logStartOffset).toBe(0);
  });

  it('an empty batch changes nothing', () => {
    const log = lead(emptyLog(), 1, 'a');
    const result = appendAsLeader(log, [], 1);
    expect(result).toMatchObject({ baseOffset: 1, lastOffset: 0 });
    expect(result.log).toBe(log);
  });

  it('every record carries the epoch of the leader that appended it (semantics 2)', () => {
    const log = lead(lead(emptyLog(), 1, 'a', 'b'), 4, 'c');
    expect(offsetsAndEpochs(log)).toEqual([
      [0, 1],
      [1, 1],
      [2, 4],
    ]);
  });
});

describe('pure semantics over a shared backing array', () => {
  it('an old value is unchanged after appending to a newer one', () => {
    const one = lead(emptyLog(), 1, 'a');
    const two = lead(one, 1, 'b');
    const three = lead(two, 1, 'c');
    expect(values(one)).toEqual(['a']);
    expect(values(two)).toEqual(['a', 'b']);
    expect(values(three)).toEqual(['a', 'b', 'c']);
    expect(entryAt(one, 1)).toBeUndefined();
  });

  it('appending to an old value forks it without touching the newer one', () => {
    const one = lead(emptyLog(), 1, 'a');
    const newer = lead(one, 1, 'b');
    const fork = lead(one, 1, 'x');
    expect(values(newer)).toEqual(['a', 'b']);
    expect(values(fork)).toEqual(['a', 'x']);
    // and the fork can keep growing in place without touching either
    const forkLonger = lead(fork, 1, 'y');
    expect(values(newer)).toEqual(['a', 'b']);
    expect(values(fork)).toEqual(['a', 'x']);
    expect(values(forkLonger)).toEqual(['a', 'x', 'y']);
  });

  it('appending to an old truncated view does not corrupt the newer value', () => {
    const full = lead(emptyLog(), 1, 'a', 'b', 'c', 'd');
    const view = truncateTo(full, 2);
    const rewritten = appendAsFollower(view, [{ offset: 2, leaderEpoch: 2, record: record('z') }]);
    expect(values(full)).toEqual(['a', 'b', 'c', 'd']);
    expect(values(view)).toEqual(['a', 'b']);
    expect(values(rewritten)).toEqual(['a', 'b', 'z']);
    expect(full.epochs).toEqual([{ epoch: 1, startOffset: 0 }]);
  });

  it('entries() and readEntries() return copies the caller cannot use to change the log', () => {
    const log = lead(emptyLog(), 1, 'a', 'b');
    const copy = entries(log) as LogEntry[];
    copy.pop();
    const read = readEntries(log, 0, 10, 2) as LogEntry[];
    read.pop();
    expect(values(log)).toEqual(['a', 'b']);
  });

  it('random appends and truncations on random old values agree with a plain array model', () => {
    type Op = { kind: 'append'; from: number; count: number } | { kind: 'truncate'; from: number; offset: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('append' as const), from: fc.nat(), count: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('truncate' as const), from: fc.nat(), offset: fc.nat(12) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const logs: PartitionLog[] = [emptyLog()];
        const models: string[][] = [[]];
        let counter = 0;
        for (const next of ops) {
          const index = next.from % logs.length;
          const log = logs[index]!;
          const model = models[index]!;
          if (next.kind === 'append') {
            const added = Array.from({ length: next.count }, () => `v${counter++}`);
            logs.push(lead(log, 1, ...added));
            models.push([...model, ...added]);
          } else {
            logs.push(truncateTo(log, next.offset));
            models.push(model.slice(0, next.offset));
          }
          logs.forEach((each, i) => {
            expect(values(each)).toEqual(models[i]);
            expect(each.logEndOffset).toBe(models[i]!.length);
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('truncation and the high watermark (invariant 2: logStartOffset <= HW <= LEO)', () => {
  it('truncateTo drops entries >= offset and pulls the HW down to the new end (UnifiedLog.truncateTo)', () => {
    const log = withHighWatermark(lead(emptyLog(), 1, 'a', 'b', 'c', 'd', 'e'), 4);
    const truncated = truncateTo(log, 2);
    expect(values(truncated)).toEqual(['a', 'b']);
    expect(truncated.logEndOffset).toBe(2);
    expect(truncated.highWatermark).toBe(2);
    expect(truncateTo(log, 4).highWatermark).toBe(4);
  });

  it('truncating at or beyond the LEO keeps every entry', () => {
    const log = lead(emptyLog(), 1, 'a', 'b');
    expect(values(truncateTo(log, 2))).toEqual(['a', 'b']);
    expect(values(truncateTo(log, 9))).toEqual(['a', 'b']);
  });

  it('truncating below the log start offset is a model bug and throws', () => {
    expect(() => truncateTo(emptyLog(), -1)).toThrow(/below log start offset 0/);
  });

  it('withHighWatermark clamps into [logStartOffset, LEO]', () => {
    const log = lead(emptyLog(), 1, 'a', 'b', 'c');
    expect(withHighWatermark(log, 2).highWatermark).toBe(2);
    expect(withHighWatermark(log, 7).highWatermark).toBe(3);
    expect(withHighWatermark(log, -4).highWatermark).toBe(0);
    expect(withHighWatermark(log, 0)).toBe(log);
  });
});

describe('reading', () => {
  const log = lead(emptyLog(), 1, 'a', 'b', 'c', 'd', 'e');

  it('readEntries stops at maxRecords, at upToExclusive (a consumer passes the HW, semantics 5.13) and at the LEO', () => {
    expect(readEntries(log, 1, 2, 5).map((entry) => entry.offset)).toEqual([1, 2]);
    expect(readEntries(log, 1, 10, 3).map((entry) => entry.offset)).toEqual([1, 2]);
    expect(readEntries(log, 3, 10, 99).map((entry) => entry.offset)).toEqual([3, 4]);
    expect(readEntries(log, 5, 10, 99)).toEqual([]);
    expect(readEntries(log, 1, 0, 5)).toEqual([]);
  });

  it('out-of-range fetch offsets read nothing; the broker answers OFFSET_OUT_OF_RANGE (semantics 2)', () => {
    expect(readEntries(log, 6, 10, 99)).toEqual([]);
    expect(readEntries(log, -1, 10, 99)).toEqual([]);
    expect(isFetchOffsetInRange(log, 0)).toBe(true);
    expect(isFetchOffsetInRange(log, 5)).toBe(true);
    expect(isFetchOffsetInRange(log, 6)).toBe(false);
    expect(isFetchOffsetInRange(log, -1)).toBe(false);
  });

  it('entryAt and lastEpoch (the Fetch lastFetchedEpoch, -1 for an empty log)', () => {
    expect(entryAt(log, 4)?.record.value).toBe('e');
    expect(entryAt(log, 5)).toBeUndefined();
    expect(lastEpoch(emptyLog())).toBe(-1);
    expect(lastEpoch(lead(log, 3, 'f'))).toBe(3);
    // an epoch opened at election without records is not the epoch of the last record
    expect(lastEpoch(assignEpochStart(log, 7, 5))).toBe(1);
  });
});

describe('leader epoch cache (semantics 2, 5.8; LeaderEpochFileCache)', () => {
  it('a leader append opens an epoch entry only when its epoch is newer than the cached one', () => {
    const log = lead(lead(lead(emptyLog(), 1, 'a', 'b'), 1, 'c'), 3, 'd');
    expect(log.epochs).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 3, startOffset: 3 },
    ]);
  });

  it('a leader append under an epoch older than the cache is a model bug and throws (invariant 8)', () => {
    const log = lead(emptyLog(), 3, 'a');
    expect(() => lead(log, 2, 'b')).toThrow(/epoch 2 is older than cached epoch 3 at offset 1/);
  });

  it('a new leader records (epoch, LEO) at election before writing (Partition.makeLeader)', () => {
    const log = lead(emptyLog(), 1, 'a', 'b');
    const elected = assignEpochStart(log, 2, 2);
    expect(elected.epochs).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 2, startOffset: 2 },
    ]);
    expect(assignEpochStart(elected, 2, 2)).toBe(elected);
    expect(assignEpochStart(elected, 1, 2)).toBe(elected);
    // the first record of that epoch does not add a second entry
    expect(lead(elected, 2, 'c').epochs).toEqual(elected.epochs);
    expect(() => assignEpochStart(log, 5, 1)).toThrow(/must start at log end offset 2, got 1/);
  });

  it('a follower append keeps the leader offsets and epochs and fills its cache', () => {
    const leader = lead(lead(emptyLog(), 1, 'a', 'b'), 2, 'c');
    const follower = appendAsFollower(emptyLog(), readEntries(leader, 0, 10, 3));
    expect(offsetsAndEpochs(follower)).toEqual(offsetsAndEpochs(leader));
    expect(follower.epochs).toEqual(leader.epochs);
    expect(follower.highWatermark).toBe(0);
  });

  it('a follower append that does not start at the LEO, or has a gap, throws naming the offsets', () => {
    const leader = lead(emptyLog(), 1, 'a', 'b', 'c');
    const [a, b, c] = entries(leader) as [LogEntry, LogEntry, LogEntry];
    expect(() => appendAsFollower(emptyLog(), [b])).toThrow(/expected offset 0 \(log end offset 0 \+ 0\), got 1/);
    expect(() => appendAsFollower(emptyLog(), [a, c])).toThrow(/expected offset 1 \(log end offset 0 \+ 1\), got 2/);
  });

  it('a follower append whose epoch goes backwards throws (a divergence check was skipped)', () => {
    const follower = appendAsFollower(emptyLog(), [{ offset: 0, leaderEpoch: 3, record: record('a') }]);
    expect(() => appendAsFollower(follower, [{ offset: 1, leaderEpoch: 2, record: record('b') }])).toThrow(
      /epoch 2 at offset 1 is below epoch 3/,
    );
  });

  it('an epoch a former leader opened but never wrote in gives way to the older epoch it now copies (non-monotonic cache update)', () => {
    // Broker led epoch 5 at LEO 1 without writing; the new leader's offset 1 is from epoch 4.
    const former = assignEpochStart(lead(emptyLog(), 3, 'a'), 5, 1);
    const copied = appendAsFollower(former, [{ offset: 1, leaderEpoch: 4, record: record('b') }]);
    expect(copied.epochs).toEqual([
      { epoch: 3, startOffset: 0 },
      { epoch: 4, startOffset: 1 },
    ]);
  });

  it('truncateTo forgets epochs that started at or after the cut (truncateFromEnd)', () => {
    const log = lead(lead(lead(emptyLog(), 1, 'a', 'b'), 2, 'c', 'd'), 4, 'e');
    expect(truncateTo(log, 3).epochs).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 2, startOffset: 2 },
    ]);
    expect(truncateTo(log, 2).epochs).toEqual([{ epoch: 1, startOffset: 0 }]);
    // a cut exactly at the LEO drops an epoch opened there without records
    expect(truncateTo(assignEpochStart(log, 6, 5), 5).epochs).toEqual(log.epochs);
  });
});

describe('endOffsetForEpoch: OffsetsForLeaderEpoch (KIP-101; LeaderEpochFileCache.endOffsetFor)', () => {
  // epochs 1@0, 3@4, 6@9, LEO 12
  const log = lead(lead(lead(emptyLog(), 1, 'a', 'b', 'c', 'd'), 3, 'e', 'f', 'g', 'h', 'i'), 6, 'j', 'k', 'l');

  it.each([
    [6, 6, 12, 'the latest epoch ends at the LEO'],
    [3, 3, 9, 'a cached epoch ends where the next one starts'],
    [1, 1, 4, 'the first epoch ends where the second starts'],
    [4, 3, 9, 'an epoch this log never saw: the largest cached epoch below it'],
    [5, 3, 9, 'the same for the epoch just below the next cached one'],
    [2, 1, 4, 'a gap between the first two epochs'],
    [0, 0, 0, 'older than every cached epoch: the requested epoch ends where the log`s first epoch starts (Kafka)'],
    [7, -1, -1, 'newer than every cached epoch: undefined (Kafka; a leader never gets this after the epoch check)'],
    [-1, -1, -1, 'undefined epoch: undefined answer'],
  ])('requested epoch %i → (%i, %i): %s', (requested, epoch, endOffset) => {
    expect(endOffsetForEpoch(log, requested)).toEqual({ epoch, endOffset });
  });

  it('an empty cache answers (-1, -1)', () => {
    expect(endOffsetForEpoch(emptyLog(), 1)).toEqual({ epoch: -1, endOffset: -1 });
  });

  it('a leader elected without writing already answers for its new epoch and ends the previous one at its LEO', () => {
    const elected = assignEpochStart(log, 8, 12);
    expect(endOffsetForEpoch(elected, 8)).toEqual({ epoch: 8, endOffset: 12 });
    expect(endOffsetForEpoch(elected, 6)).toEqual({ epoch: 6, endOffset: 12 });
  });
});

describe('divergence and truncation (KIP-101, KIP-279, semantics 5.7, 5.8)', () => {
  it('findDivergence: no check for an empty follower (lastFetchedEpoch -1), none for a prefix copy', () => {
    const leader = lead(lead(emptyLog(), 1, 'a', 'b'), 2, 'c');
    expect(findDivergence(leader, 0, -1)).toBeUndefined();
    expect(findDivergence(leader, 2, 1)).toBeUndefined();
    expect(findDivergence(leader, 3, 2)).toBeUndefined();
    expect(findDivergence(leader, 1, 1)).toBeUndefined();
  });

  it('acks=1 loss (semantics 5.7): old leader has offset 99 in epoch E, new leader epoch E+1 starts at 99 → the old leader truncates 99', () => {
    const E = 4;
    const ninetyNine = Array.from({ length: 99 }, (_, i) => `r${i}`);
    const shared = lead(emptyLog(), E, ...ninetyNine);
    const oldLeader = withHighWatermark(lead(shared, E, 'acked-with-acks=1'), 99);
    expect(oldLeader.logEndOffset).toBe(100);
    let newLeader = assignEpochStart(appendAsFollower(emptyLog(), entries(shared)), E + 1, 99);

    // Before the new leader writes anything, the election alone already tells the old one.
    expect(findDivergence(newLeader, 100, E)).toEqual({ epoch: E, endOffset: 99 });

    newLeader = lead(newLeader, E + 1, 'new-99', 'new-100');
    const diverging = findDivergence(newLeader, oldLeader.logEndOffset, lastEpoch(oldLeader));
    expect(diverging).toEqual({ epoch: E, endOffset: 99 });
    expect(followerTruncationOffset(oldLeader, diverging!)).toBe(99);

    const truncated = truncateTo(oldLeader, 99);
    expect(entryAt(truncated, 99)).toBeUndefined();
    expect(truncated.highWatermark).toBe(99);
    const caughtUp = catchUp(newLeader, truncated);
    expect(offsetsAndEpochs(caughtUp)).toEqual(offsetsAndEpochs(newLeader));
    expect(values(caughtUp).slice(99)).toEqual(['new-99', 'new-100']);
  });

  it('two fast leader changes (KIP-279): different records in different epochs at the same offsets converge to the common prefix', () => {
    // A leads epoch 1: offsets 0, 1. B copies only 0.
    let a = lead(emptyLog(), 1, 'a0', 'a1');
    let b = appendAsFollower(emptyLog(), readEntries(a, 0, 1, 2));
    // B leads epoch 2 and writes offset 1; A is down.
    b = lead(assignEpochStart(b, 2, 1), 2, 'b1');
    // A leads epoch 3 (B down) and writes offsets 2, 3.
    a = lead(assignEpochStart(a, 3, 2), 3, 'a2', 'a3');
    // B leads epoch 4 (A down) and writes offsets 2, 3, 4.
    b = lead(assignEpochStart(b, 4, 2), 4, 'b2', 'b3', 'b4');
    // A leads epoch 5; B follows it.
    a = assignEpochStart(a, 5, 4);
    expect(offsetsAndEpochs(a)).toEqual([
      [0, 1],
      [1, 1],
      [2, 3],
      [3, 3],
    ]);
    expect(offsetsAndEpochs(b)).toEqual([
      [0, 1],
      [1, 2],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);

    // Round 1: B's epoch 4 is unknown to A; A's largest epoch <= 4 is 3, ending at 4.
    const first = findDivergence(a, b.logEndOffset, lastEpoch(b));
    expect(first).toEqual({ epoch: 3, endOffset: 4 });
    // B has no epoch 3 either; its largest below is 2, which ends at 2.
    expect(followerTruncationOffset(b, first!)).toBe(2);
    b = truncateTo(b, 2);

    // Round 2: B's epoch 2 is unknown to A; A's epoch 1 ends at 2; B's epoch 1 ends at 1.
    const second = findDivergence(a, b.logEndOffset, lastEpoch(b));
    expect(second).toEqual({ epoch: 1, endOffset: 2 });
    expect(followerTruncationOffset(b, second!)).toBe(1);
    b = truncateTo(b, 1);

    // Round 3: the logs agree up to B's LEO; B copies the rest.
    expect(findDivergence(a, b.logEndOffset, lastEpoch(b))).toBeUndefined();
    b = catchUp(a, b);
    expect(entries(b)).toEqual(entries(a));
    expect(b.epochs).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 3, startOffset: 2 },
    ]);
  });

  it('a follower that has no epoch at or below the diverging one truncates to its log start offset', () => {
    const follower = lead(emptyLog(), 7, 'x', 'y');
    expect(followerTruncationOffset(follower, { epoch: 3, endOffset: 5 })).toBe(0);
    expect(followerTruncationOffset(follower, { epoch: -1, endOffset: -1 })).toBe(0);
  });

  it('the truncation offset never passes the follower LEO nor the leader end offset', () => {
    const follower = lead(emptyLog(), 1, 'a', 'b', 'c');
    expect(followerTruncationOffset(follower, { epoch: 1, endOffset: 10 })).toBe(3);
    expect(followerTruncationOffset(follower, { epoch: 1, endOffset: 1 })).toBe(1);
  });
});

describe('replicas converge to the leader (invariant 1)', () => {
  type Action =
    | { kind: 'produce'; count: number }
    | { kind: 'fetch'; replica: number; maxRecords: number }
    | { kind: 'elect'; replica: number };

  const action: fc.Arbitrary<Action> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('produce' as const), count: fc.integer({ min: 1, max: 3 }) }) },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('fetch' as const), replica: fc.nat(2), maxRecords: fc.integer({ min: 1, max: 4 }) }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('elect' as const), replica: fc.nat(2) }) },
  );

  it('after random appends, partial copies and leader changes, repeated divergence checks make every follower an exact prefix of the leader', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 3 }), fc.array(action, { maxLength: 50 }), (replicaCount, actions) => {
        const logs: PartitionLog[] = Array.from({ length: replicaCount }, () => emptyLog());
        let leader = 0;
        let epoch = 0;
        let produced = 0;
        logs[leader] = assignEpochStart(logs[leader]!, epoch, 0);

        for (const next of actions) {
          if (next.kind === 'produce') {
            // Values name the epoch, so two different records at one offset never look equal.
            const batch = Array.from({ length: next.count }, () => `e${epoch}-r${produced++}`);
            logs[leader] = lead(logs[leader]!, epoch, ...batch);
          } else if (next.kind === 'fetch') {
            const follower = next.replica % replicaCount;
            if (follower === leader) continue;
            logs[follower] = fetchOnce(logs[leader]!, logs[follower]!, next.maxRecords).follower;
          } else {
            // Any replica may win (even an unclean choice): only one leader per epoch, epochs only grow.
            leader = next.replica % replicaCount;
            epoch += 1;
            logs[leader] = assignEpochStart(logs[leader]!, epoch, logs[leader]!.logEndOffset);
          }
        }

        const leaderLog = logs[leader]!;
        logs.forEach((log, index) => {
          if (index === leader) return;
          const resolved = resolveDivergence(leaderLog, log).follower;
          // Exact prefix copy: same (offset, epoch, record) for every offset the follower holds.
          expect(entries(resolved)).toEqual(entries(leaderLog).slice(0, resolved.logEndOffset));
          const caughtUp = catchUp(leaderLog, resolved);
          expect(entries(caughtUp)).toEqual(entries(leaderLog));
        });
      }),
      { numRuns: 1000 },
    );
  });
});
