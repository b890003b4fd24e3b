/**
 * The KRaft leader's high watermark (semantics 6.2 "Leader", invariant 14; KIP-595;
 * LeaderState.maybeUpdateHighWatermark). Expected values come from the rule written out here (a
 * counting oracle), never from raftHighWatermark itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { majorityReplicatedOffset, raftHighWatermark, type HighWatermarkInput } from '../../../src/kafka/kraft/high-watermark.js';

/** Voter ids 1..n with the given end offsets. */
function votersOf(offsets: readonly number[]): Map<number, number> {
  return new Map(offsets.map((offset, i) => [i + 1, offset]));
}

/** Observer ids 100.. with the given end offsets. */
function observersOf(offsets: readonly number[]): Map<number, number> {
  return new Map(offsets.map((offset, i) => [100 + i, offset]));
}

/** How many voters hold at least `offset`. */
function holders(voters: ReadonlyMap<number, number>, offset: number): number {
  return [...voters.values()].filter((o) => o >= offset).length;
}

/** Oracle: the largest voter end offset that a strict majority of voters has reached (counting, no sort). */
function oracleMajorityOffset(voters: ReadonlyMap<number, number>): number {
  const majority = Math.floor(voters.size / 2) + 1;
  return Math.max(...[...voters.values()].filter((o) => holders(voters, o) >= majority));
}

function oracleHighWatermark(input: HighWatermarkInput): number | undefined {
  const m = oracleMajorityOffset(input.voters);
  const cur = input.currentHighWatermark;
  if (m > input.epochStartOffset && (cur === undefined || m >= cur)) return m;
  return cur;
}

describe('raftHighWatermark: vectors (semantics 6.2 "Leader")', () => {
  it('3 voters [10, 8, 5] → 8 (index floor(3/2) = 1 of the descending sort)', () => {
    expect(raftHighWatermark({ voters: votersOf([10, 8, 5]), epochStartOffset: 3, currentHighWatermark: undefined })).toBe(8);
    expect(raftHighWatermark({ voters: votersOf([5, 10, 8]), epochStartOffset: 3, currentHighWatermark: 4 })).toBe(8);
  });

  it('5 voters → index 2 of the descending sort', () => {
    // descending [20, 15, 12, 7, 3]: index 2 = 12, held by 3 of 5.
    expect(raftHighWatermark({ voters: votersOf([7, 20, 3, 15, 12]), epochStartOffset: 0, currentHighWatermark: undefined })).toBe(12);
    expect(majorityReplicatedOffset(votersOf([7, 20, 3, 15, 12]))).toBe(12);
  });

  it('an even voter count needs n/2 + 1 holders: 4 voters [10, 9, 8, 1] → 8 (index 2)', () => {
    expect(raftHighWatermark({ voters: votersOf([10, 9, 8, 1]), epochStartOffset: 0, currentHighWatermark: undefined })).toBe(8);
  });

  it('observers far ahead never count', () => {
    const input = {
      voters: votersOf([10, 4, 3]),
      observers: observersOf([1000, 1000, 1000, 1000, 1000]),
      epochStartOffset: 2,
      currentHighWatermark: undefined,
    };
    expect(raftHighWatermark(input)).toBe(4);
    // Only the leader is past epochStartOffset among voters; observers cannot make a majority.
    expect(
      raftHighWatermark({ voters: votersOf([10, 2, 2]), observers: observersOf([50, 50, 50]), epochStartOffset: 2, currentHighWatermark: undefined }),
    ).toBeUndefined();
  });

  it('the majority offset not past epochStartOffset → no advance (figure-8 rule)', () => {
    // The leader took office at 8; offsets up to 8 are older-epoch entries, not committable by count alone.
    expect(raftHighWatermark({ voters: votersOf([12, 8, 8]), epochStartOffset: 8, currentHighWatermark: undefined })).toBeUndefined();
    expect(raftHighWatermark({ voters: votersOf([12, 8, 8]), epochStartOffset: 8, currentHighWatermark: 5 })).toBe(5);
    expect(raftHighWatermark({ voters: votersOf([12, 7, 6]), epochStartOffset: 8, currentHighWatermark: 5 })).toBe(5);
    // One past epochStartOffset on a majority: the leader's own entry is committed, HW jumps to 9.
    expect(raftHighWatermark({ voters: votersOf([12, 9, 8]), epochStartOffset: 8, currentHighWatermark: 5 })).toBe(9);
  });

  it('unknown voter end offsets (-1) sort last and block a majority', () => {
    expect(raftHighWatermark({ voters: votersOf([10, -1, -1]), epochStartOffset: 0, currentHighWatermark: undefined })).toBeUndefined();
    expect(raftHighWatermark({ voters: votersOf([10, 6, -1]), epochStartOffset: 0, currentHighWatermark: undefined })).toBe(6);
  });

  it('a lower computed value leaves the HW unchanged (monotonic)', () => {
    // E.g. a voter replaced its disk and reports a smaller end offset.
    expect(raftHighWatermark({ voters: votersOf([20, 11, 3]), epochStartOffset: 10, currentHighWatermark: 15 })).toBe(15);
    expect(raftHighWatermark({ voters: votersOf([20, 15, 3]), epochStartOffset: 10, currentHighWatermark: 15 })).toBe(15);
  });

  it('a single voter: its own end offset, once past epochStartOffset', () => {
    expect(raftHighWatermark({ voters: votersOf([7]), epochStartOffset: 6, currentHighWatermark: undefined })).toBe(7);
    expect(raftHighWatermark({ voters: votersOf([6]), epochStartOffset: 6, currentHighWatermark: undefined })).toBeUndefined();
  });

  it('rejects an empty voter set and malformed offsets', () => {
    expect(() => raftHighWatermark({ voters: new Map(), epochStartOffset: 0, currentHighWatermark: undefined })).toThrow(RangeError);
    expect(() => raftHighWatermark({ voters: votersOf([5, -2, 3]), epochStartOffset: 0, currentHighWatermark: undefined })).toThrow(RangeError);
    expect(() => raftHighWatermark({ voters: votersOf([5, 1.5, 3]), epochStartOffset: 0, currentHighWatermark: undefined })).toThrow(RangeError);
    expect(() => raftHighWatermark({ voters: votersOf([5, 4, 3]), epochStartOffset: -1, currentHighWatermark: undefined })).toThrow(RangeError);
  });
});

describe('raftHighWatermark: properties (invariant 14)', () => {
  const endOffset = fc.integer({ min: -1, max: 30 });
  const voterOffsets = fc.array(endOffset, { minLength: 1, maxLength: 7 });
  const inputArb = fc.record({
    voterOffsets,
    observerOffsets: fc.array(fc.integer({ min: -1, max: 1000 }), { maxLength: 5 }),
    epochStartOffset: fc.integer({ min: 0, max: 30 }),
    currentHighWatermark: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  });
  const toInput = (r: {
    voterOffsets: number[];
    observerOffsets: number[];
    epochStartOffset: number;
    currentHighWatermark: number | undefined;
  }): HighWatermarkInput => ({
    voters: votersOf(r.voterOffsets),
    observers: observersOf(r.observerOffsets),
    epochStartOffset: r.epochStartOffset,
    currentHighWatermark: r.currentHighWatermark,
  });
  const runs = { numRuns: 1000 };

  it('agrees with the counting oracle', () => {
    fc.assert(
      fc.property(inputArb, (r) => {
        const input = toInput(r);
        expect(raftHighWatermark(input)).toBe(oracleHighWatermark(input));
      }),
      runs,
    );
  });

  it('a new HW value is held by a majority of voters and is past epochStartOffset', () => {
    fc.assert(
      fc.property(inputArb, (r) => {
        const input = toInput(r);
        const hw = raftHighWatermark(input);
        if (hw === undefined || hw === input.currentHighWatermark) return;
        expect(holders(input.voters, hw) * 2).toBeGreaterThan(input.voters.size);
        expect(hw).toBeGreaterThan(input.epochStartOffset);
      }),
      runs,
    );
  });

  it('from no HW, the result (if any) is ≤ the end offset of a majority of voters', () => {
    fc.assert(
      fc.property(inputArb, (r) => {
        const input = { ...toInput(r), currentHighWatermark: undefined };
        const hw = raftHighWatermark(input);
        if (hw !== undefined) expect(holders(input.voters, hw) * 2).toBeGreaterThan(input.voters.size);
      }),
      runs,
    );
  });

  it('never decreases vs currentHighWatermark, and never loses an existing HW', () => {
    fc.assert(
      fc.property(inputArb, (r) => {
        const input = toInput(r);
        const hw = raftHighWatermark(input);
        if (input.currentHighWatermark !== undefined) {
          expect(hw).toBeDefined();
          expect(hw!).toBeGreaterThanOrEqual(input.currentHighWatermark);
        }
      }),
      runs,
    );
  });

  it('ignores observers entirely', () => {
    fc.assert(
      fc.property(inputArb, fc.array(fc.integer({ min: -1, max: 1000 }), { maxLength: 8 }), (r, otherObservers) => {
        const input = toInput(r);
        const expected = raftHighWatermark({ ...input, observers: undefined });
        expect(raftHighWatermark(input)).toBe(expected);
        expect(raftHighWatermark({ ...input, observers: observersOf(otherObservers) })).toBe(expected);
      }),
      runs,
    );
  });

  it('is invariant under permutations of the voters (order and ids)', () => {
    fc.assert(
      fc.property(
        inputArb.chain((r) => fc.tuple(fc.constant(r), fc.shuffledSubarray(r.voterOffsets, { minLength: r.voterOffsets.length }))),
        ([r, shuffled]) => {
          const input = toInput(r);
          const permuted = { ...input, voters: new Map(shuffled.map((o, i) => [50 - i, o] as const)) };
          expect(raftHighWatermark(permuted)).toBe(raftHighWatermark(input));
        },
      ),
      runs,
    );
  });

  it('is idempotent: feeding the result back in changes nothing', () => {
    fc.assert(
      fc.property(inputArb, (r) => {
        const input = toInput(r);
        const hw = raftHighWatermark(input);
        expect(raftHighWatermark({ ...input, currentHighWatermark: hw })).toBe(hw);
      }),
      runs,
    );
  });
});
