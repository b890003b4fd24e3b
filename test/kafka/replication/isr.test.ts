/**
 * The ISR rules of semantics 5.4 (shrink: lastCaughtUpTime) and 5.5 (expansion), row by row from
 * the vectors in that document (Replica.scala, Partition.scala).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LONG_AGO_MS,
  UNKNOWN_LOG_END_OFFSET,
  resetFollowerProgress,
  type FollowerProgress,
} from '../../../src/kafka/replication/follower-progress.js';
import {
  canJoinIsr,
  isCaughtUp,
  outOfSyncReplicas,
  referenceIsrRules,
  updateFollowerProgress,
} from '../../../src/kafka/replication/isr.js';

const LAG_MS = 30_000;

function fetched(progress: FollowerProgress, now: number, fetchOffset: number, leaderLogEndOffset: number): FollowerProgress {
  return updateFollowerProgress(progress, { fetchOffset, leaderLogEndOffset, brokerEpoch: 7, now });
}

describe('resetFollowerProgress on (re)election (Replica.resetReplicaState, semantics 5.4)', () => {
  it('an ISR member gets lastCaughtUp = now, so it is not thrown out before its first fetch', () => {
    const progress = resetFollowerProgress(2, true, 5_000);
    expect(progress).toMatchObject({ brokerId: 2, lastCaughtUpTimeMs: 5_000, lastFetchLeaderLogEndOffset: 0 });
    expect(isCaughtUp(progress, 10, 5_000 + LAG_MS, LAG_MS)).toBe(true);
    expect(isCaughtUp(progress, 10, 5_001 + LAG_MS, LAG_MS)).toBe(false);
  });

  it('a follower outside the ISR starts as never caught up, even on a virtual clock that starts at 0', () => {
    const progress = resetFollowerProgress(3, false, 0);
    expect(progress.lastCaughtUpTimeMs).toBe(LONG_AGO_MS);
    expect(isCaughtUp(progress, 10, 0, LAG_MS)).toBe(false);
    // its first fetch only earns credit for "the previous fetch", and there was none
    const afterFirstFetch = fetched(progress, 100, 4, 10);
    expect(isCaughtUp(afterFirstFetch, 10, 100, LAG_MS)).toBe(false);
  });

  it('the LEO is unknown (-1) until the first fetch: never equal to an empty leader log, never enough to join the ISR', () => {
    const progress = resetFollowerProgress(3, false, 0);
    expect(progress.logEndOffset).toBe(UNKNOWN_LOG_END_OFFSET);
    expect(isCaughtUp(progress, 0, 0, LAG_MS)).toBe(false);
    expect(canJoinIsr(progress, { highWatermark: 0, leaderEpochStartOffset: 0, isrEligible: true })).toBe(false);
  });
});

describe('updateFollowerProgress: the lastCaughtUpTime rule (semantics 5.4 vector, Replica.updateFetchStateOrThrow)', () => {
  // Follower in the ISR when the leader was elected at t=0 with LEO 0.
  const rows: Array<[t: number, f: number, L: number, rule: string, lastCaughtUp: number, pl: number]> = [
    [100, 0, 5, 'f < L, f >= PL(0) → PT(0)', 0, 5],
    [200, 5, 9, 'f >= PL(5) → PT(100)', 100, 9],
    [300, 9, 9, 'f >= L → t', 300, 9],
    [400, 9, 20, 'f >= PL(9) → PT(300)', 300, 20],
    [500, 12, 25, 'f < PL(20) → unchanged', 300, 25],
    [600, 20, 30, 'f < PL(25) → unchanged', 300, 30],
    [700, 30, 30, 'f >= L → t', 700, 30],
  ];

  // Each row starts from the state the previous row left (reset gives lastCaughtUp=0, PL=0).
  const states: FollowerProgress[] = [];
  rows.reduce((previous, [t, f, leaderLeo]) => {
    const next = fetched(previous, t, f, leaderLeo);
    states.push(next);
    return next;
  }, resetFollowerProgress(2, true, 0));

  it.each(rows.map((row, index) => [...row, index] as const))(
    't=%i fetch offset %i, leader LEO %i: %s → lastCaughtUp %i, PL %i',
    (t, f, _leaderLeo, _rule, lastCaughtUp, pl, index) => {
      const progress = states[index]!;
      expect(progress.lastCaughtUpTimeMs).toBe(lastCaughtUp);
      expect(progress.lastFetchLeaderLogEndOffset).toBe(pl);
      expect(progress.lastFetchTimeMs).toBe(t);
      expect(progress.logEndOffset).toBe(f);
      expect(progress.brokerEpoch).toBe(7);
    },
  );

  it('lastCaughtUp never decreases and never passes the fetch time', () => {
    const step = fc.record({ gapMs: fc.nat(5_000), fetchOffset: fc.nat(50), leaderLogEndOffset: fc.nat(50) });
    fc.assert(
      fc.property(fc.boolean(), fc.array(step, { maxLength: 30 }), (inIsr, steps) => {
        let now = 0;
        let current = resetFollowerProgress(2, inIsr, now);
        for (const next of steps) {
          now += next.gapMs;
          const updated = fetched(current, now, next.fetchOffset, next.leaderLogEndOffset);
          expect(updated.lastCaughtUpTimeMs).toBeGreaterThanOrEqual(current.lastCaughtUpTimeMs);
          expect(updated.lastCaughtUpTimeMs).toBeLessThanOrEqual(now);
          expect(updated.lastFetchLeaderLogEndOffset).toBeGreaterThanOrEqual(current.lastFetchLeaderLogEndOffset);
          current = updated;
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('isCaughtUp (Replica.isCaughtUp, semantics 5.4)', () => {
  const progress: FollowerProgress = {
    brokerId: 2,
    logEndOffset: 8,
    lastCaughtUpTimeMs: 1_000,
    lastFetchLeaderLogEndOffset: 8,
    lastFetchTimeMs: 1_000,
    brokerEpoch: 7,
  };

  it('a follower with the leader LEO is caught up however long ago it fetched', () => {
    expect(isCaughtUp(progress, 8, 10_000_000, LAG_MS)).toBe(true);
  });

  it('otherwise it is caught up while now - lastCaughtUp <= replica.lag.time.max.ms (inclusive)', () => {
    expect(isCaughtUp(progress, 9, 31_000, LAG_MS)).toBe(true);
    expect(isCaughtUp(progress, 9, 31_001, LAG_MS)).toBe(false);
  });
});

describe('outOfSyncReplicas (Partition.getOutOfSyncReplicas, semantics 5.4)', () => {
  it('a follower that stops fetching: kept at the 15000 and 30000 checks (inclusive bound), removed at 45000', () => {
    // Last fetch at t=0 with f = L = 10; it crashes at 1000; a produce at 2000 makes the leader LEO 11.
    const follower = fetched(resetFollowerProgress(2, true, 0), 0, 10, 10);
    expect(follower.lastCaughtUpTimeMs).toBe(0);
    const check = (now: number, leaderLogEndOffset: number): number[] =>
      outOfSyncReplicas({
        leaderId: 1,
        isr: [1, 2],
        leaderLogEndOffset,
        followers: new Map([[2, follower]]),
        now,
        replicaLagTimeMaxMs: LAG_MS,
      });
    expect(check(0, 10)).toEqual([]);
    expect(check(15_000, 11)).toEqual([]);
    expect(check(30_000, 11)).toEqual([]);
    expect(check(45_000, 11)).toEqual([2]);
  });

  it('with no new writes a dead follower stays caught up forever (LEO == leader LEO); only fencing removes it', () => {
    const follower = fetched(resetFollowerProgress(2, true, 0), 0, 10, 10);
    for (const now of [45_000, 60_000, 3_600_000]) {
      expect(
        outOfSyncReplicas({
          leaderId: 1,
          isr: [1, 2],
          leaderLogEndOffset: 10,
          followers: new Map([[2, follower]]),
          now,
          replicaLagTimeMaxMs: LAG_MS,
        }),
      ).toEqual([]);
    }
  });

  it('never proposes the leader, only looks at ISR members, keeps ISR order', () => {
    const stale: FollowerProgress = { ...resetFollowerProgress(1, false, 0), logEndOffset: 0 };
    const behind = (brokerId: number): FollowerProgress => ({ ...fetched(resetFollowerProgress(brokerId, true, 0), 0, 3, 10) });
    const result = outOfSyncReplicas({
      leaderId: 1,
      isr: [4, 1, 2],
      leaderLogEndOffset: 10,
      followers: new Map([
        [1, stale],
        [2, behind(2)],
        [3, behind(3)],
        [4, behind(4)],
      ]),
      now: 100_000,
      replicaLagTimeMaxMs: LAG_MS,
    });
    expect(result).toEqual([4, 2]);
  });

  it('an ISR member without progress is a broker bug and throws', () => {
    expect(() =>
      outOfSyncReplicas({ leaderId: 1, isr: [1, 2], leaderLogEndOffset: 0, followers: new Map(), now: 0, replicaLagTimeMaxMs: LAG_MS }),
    ).toThrow(/ISR member 2/);
  });
});

describe('canJoinIsr (Partition.maybeExpandIsr, semantics 5.5)', () => {
  const progress: FollowerProgress = { ...resetFollowerProgress(3, false, 0), logEndOffset: 20 };

  it('joins when LEO >= HW, LEO >= the leader epoch start offset, and the broker is eligible', () => {
    expect(canJoinIsr(progress, { highWatermark: 20, leaderEpochStartOffset: 20, isrEligible: true })).toBe(true);
  });

  it('not while it lacks committed records (LEO < HW)', () => {
    expect(canJoinIsr(progress, { highWatermark: 21, leaderEpochStartOffset: 0, isrEligible: true })).toBe(false);
  });

  it('not before it reached the current leader epoch (LEO < epoch start offset)', () => {
    expect(canJoinIsr(progress, { highWatermark: 5, leaderEpochStartOffset: 21, isrEligible: true })).toBe(false);
  });

  it('not when fenced, shutting down or fetching with a stale broker epoch (KIP-841, KIP-903)', () => {
    expect(canJoinIsr(progress, { highWatermark: 5, leaderEpochStartOffset: 5, isrEligible: false })).toBe(false);
  });

  it('referenceIsrRules bundles the four rules', () => {
    expect(referenceIsrRules).toEqual({ updateFollowerProgress, isCaughtUp, outOfSyncReplicas, canJoinIsr });
  });
});
