/**
 * The leader HW rule (semantics 5.2; Partition.maybeIncrementLeaderHW; KAFKA-15583 in 3.7+),
 * every row of the 5.2 vector table, and invariants 2, 3 and 6 of semantics 11 as properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BrokerId } from '../../../src/kafka/ids.js';
import { LONG_AGO_MS, type FollowerProgress } from '../../../src/kafka/replication/follower-progress.js';
import { leaderHighWatermark, type HighWatermarkInput } from '../../../src/kafka/replication/high-watermark.js';

const NOW_MS = 100_000;
const LAG_MS = 30_000;

/** A follower with this LEO, caught up `caughtUpAgoMs` ago (or never). */
function follower(brokerId: BrokerId, logEndOffset: number, caughtUpAgoMs: number | 'never'): FollowerProgress {
  const lastCaughtUpTimeMs = caughtUpAgoMs === 'never' ? LONG_AGO_MS : NOW_MS - caughtUpAgoMs;
  return {
    brokerId,
    logEndOffset,
    lastCaughtUpTimeMs,
    lastFetchLeaderLogEndOffset: 10,
    lastFetchTimeMs: NOW_MS - 100,
    brokerEpoch: 7,
  };
}

function input(overrides: Partial<HighWatermarkInput> & Pick<HighWatermarkInput, 'maximalIsr' | 'followers'>): HighWatermarkInput {
  return {
    leaderId: 1,
    leaderLogEndOffset: 10,
    currentHighWatermark: 0,
    effectiveMinIsr: 1,
    isrEligible: () => true,
    now: NOW_MS,
    replicaLagTimeMaxMs: LAG_MS,
    ...overrides,
  };
}

function followers(...list: FollowerProgress[]): ReadonlyMap<BrokerId, FollowerProgress> {
  return new Map(list.map((progress) => [progress.brokerId, progress]));
}

describe('leaderHighWatermark: the semantics 5.2 vector table (min.insync=1 unless stated, leader LEO 10)', () => {
  it('ISR {1,2,3}, f2=8, f3=6 → 6: the slowest ISR member holds the HW', () => {
    const hw = leaderHighWatermark(input({ maximalIsr: [1, 2, 3], followers: followers(follower(2, 8, 0), follower(3, 6, 0)) }));
    expect(hw).toBe(6);
  });

  it('ISR {1,2}, f2=8, f3=6 not caught up → 8: a lagging follower outside the ISR does not count', () => {
    const hw = leaderHighWatermark(input({ maximalIsr: [1, 2], followers: followers(follower(2, 8, 0), follower(3, 6, 'never')) }));
    expect(hw).toBe(8);
  });

  it('ISR {1}, f2=7 caught up (now - lastCaughtUp <= 30000) and eligible → 7: a follower about to rejoin holds the HW', () => {
    const hw = leaderHighWatermark(input({ maximalIsr: [1], followers: followers(follower(2, 7, LAG_MS)) }));
    expect(hw).toBe(7);
  });

  it('ISR {1}, f2=7 not caught up → 10', () => {
    const hw = leaderHighWatermark(input({ maximalIsr: [1], followers: followers(follower(2, 7, LAG_MS + 1)) }));
    expect(hw).toBe(10);
  });

  it('ISR {1}, min.insync=2 → unchanged (3.7+, KAFKA-15583): nothing is committed below min ISR', () => {
    const hw = leaderHighWatermark(input({ maximalIsr: [1], effectiveMinIsr: 2, currentHighWatermark: 4, followers: followers() }));
    expect(hw).toBe(4);
  });

  it('ISR {1,2,3}, f2=10, f3=10 → 10', () => {
    const hw = leaderHighWatermark(input({ maximalIsr: [1, 2, 3], followers: followers(follower(2, 10, 0), follower(3, 10, 0)) }));
    expect(hw).toBe(10);
  });
});

describe('leaderHighWatermark: the rest of the rule', () => {
  it('a caught-up follower that is not ISR-eligible (fenced, shutting down, stale broker epoch) does not hold the HW (KIP-841, KIP-903)', () => {
    const hw = leaderHighWatermark(
      input({ maximalIsr: [1], followers: followers(follower(2, 7, 0)), isrEligible: (brokerId) => brokerId !== 2 }),
    );
    expect(hw).toBe(10);
  });

  it('never moves backwards during a tenure (invariant 3): a lower candidate keeps the current HW', () => {
    const hw = leaderHighWatermark(
      input({ maximalIsr: [1, 2, 3], currentHighWatermark: 9, followers: followers(follower(2, 10, 0), follower(3, 6, 0)) }),
    );
    expect(hw).toBe(9);
  });

  it('a follower with an unknown LEO (-1, just after election) in the ISR stops the HW where it is', () => {
    const hw = leaderHighWatermark(
      input({ maximalIsr: [1, 2], currentHighWatermark: 3, followers: followers(follower(2, -1, 0)) }),
    );
    expect(hw).toBe(3);
  });

  it('a pending ISR expansion already counts (maximal ISR, KIP-497)', () => {
    const hw = leaderHighWatermark(input({ maximalIsr: [1, 2, 3], followers: followers(follower(2, 10, 0), follower(3, 5, 'never')) }));
    expect(hw).toBe(5);
  });

  it('the min-ISR check uses the committed ISR size when given (Kafka: partitionState.isr.size)', () => {
    const base = input({ maximalIsr: [1, 2], effectiveMinIsr: 2, currentHighWatermark: 2, followers: followers(follower(2, 10, 0)) });
    expect(leaderHighWatermark(base)).toBe(10);
    expect(leaderHighWatermark({ ...base, isrSize: 1 })).toBe(2);
  });

  it('the leader itself in the followers map is ignored', () => {
    const hw = leaderHighWatermark(input({ maximalIsr: [1, 2], followers: followers(follower(1, 0, 'never'), follower(2, 10, 0)) }));
    expect(hw).toBe(10);
  });

  it('uses a plugged-in isCaughtUp (for the lab)', () => {
    const hw = leaderHighWatermark(
      input({ maximalIsr: [1], followers: followers(follower(2, 7, 'never')), isCaughtUp: () => true }),
    );
    expect(hw).toBe(7);
  });

  it('a maximal-ISR member without progress is a broker bug and throws', () => {
    expect(() => leaderHighWatermark(input({ maximalIsr: [1, 2], followers: followers() }))).toThrow(/ISR member 2/);
  });
});

describe('leaderHighWatermark properties (semantics 11: invariants 2, 3, 6)', () => {
  const scenario = fc
    .record({
      leaderLogEndOffset: fc.nat(50),
      effectiveMinIsr: fc.integer({ min: 1, max: 4 }),
      followers: fc.array(
        fc.record({
          inIsr: fc.boolean(),
          eligible: fc.boolean(),
          leoFraction: fc.double({ min: -0.05, max: 1, noNaN: true }),
          caughtUpAgoMs: fc.oneof(fc.nat(2 * LAG_MS), fc.constant('never' as const)),
        }),
        { minLength: 0, maxLength: 3 },
      ),
      hwFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ leaderLogEndOffset, effectiveMinIsr, followers: specs, hwFraction }) => {
      const progress = specs.map((spec, index) =>
        follower(index + 2, Math.max(-1, Math.floor(spec.leoFraction * leaderLogEndOffset)), spec.caughtUpAgoMs),
      );
      const maximalIsr = [1, ...progress.filter((_, index) => specs[index]!.inIsr).map((each) => each.brokerId)];
      const eligible = new Set(progress.filter((_, index) => specs[index]!.eligible).map((each) => each.brokerId));
      const isrLeos = progress.filter((each) => maximalIsr.includes(each.brokerId)).map((each) => each.logEndOffset);
      // Before this call the invariants held: HW <= leader LEO and <= every ISR member's LEO.
      const ceiling = Math.max(0, Math.min(leaderLogEndOffset, ...isrLeos));
      return {
        input: input({
          leaderLogEndOffset,
          effectiveMinIsr,
          currentHighWatermark: Math.floor(hwFraction * ceiling),
          maximalIsr,
          followers: followers(...progress),
          isrEligible: (brokerId) => eligible.has(brokerId),
        }),
        isrLeos,
      };
    });

  it('never returns below the current HW (invariant 3)', () => {
    fc.assert(
      fc.property(scenario, ({ input: hwInput }) => {
        expect(leaderHighWatermark(hwInput)).toBeGreaterThanOrEqual(hwInput.currentHighWatermark);
      }),
      { numRuns: 1000 },
    );
  });

  it('never returns above the leader LEO (invariant 2)', () => {
    fc.assert(
      fc.property(scenario, ({ input: hwInput }) => {
        expect(leaderHighWatermark(hwInput)).toBeLessThanOrEqual(hwInput.leaderLogEndOffset);
      }),
      { numRuns: 1000 },
    );
  });

  it('never returns above the LEO of any maximal-ISR member that is at or above the current HW (invariant 2)', () => {
    fc.assert(
      fc.property(scenario, ({ input: hwInput, isrLeos }) => {
        const hw = leaderHighWatermark(hwInput);
        for (const leo of isrLeos) {
          // An unknown LEO (-1) cannot pull the HW back below where it already is.
          expect(hw).toBeLessThanOrEqual(Math.max(leo, hwInput.currentHighWatermark));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('with |ISR| < effective min ISR it returns the current HW (invariant 6, 3.7+)', () => {
    fc.assert(
      fc.property(scenario, ({ input: hwInput }) => {
        fc.pre(hwInput.maximalIsr.length < hwInput.effectiveMinIsr);
        expect(leaderHighWatermark(hwInput)).toBe(hwInput.currentHighWatermark);
      }),
      { numRuns: 1000 },
    );
  });
});
