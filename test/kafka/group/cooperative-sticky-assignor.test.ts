/**
 * The cooperative-sticky assignor's promises (kafka-semantics.md 8.4, 8.5; KIP-429; invariants
 * 18–20): balanced, keeps owned partitions where balance allows, and never hands a partition to a
 * new owner in the round it is taken from its current one. Section 8.5 says to test properties,
 * not exact layouts: only the hand-made examples below pin a layout, and only where it is forced.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KafkaInputError } from '../../../src/kafka/errors.js';
import { type GroupMember, sortMembers } from '../../../src/kafka/group/assignor.js';
import {
  cooperativeStickyAssignor,
  planCooperativeSticky,
} from '../../../src/kafka/group/cooperative-sticky-assignor.js';
import type { TopicPartition } from '../../../src/kafka/ids.js';
import {
  type GroupInput,
  canonical,
  coverageViolations,
  groupArb,
  identicalGroupArb,
  key,
  permuted,
  subscribedPartitions,
  totals,
  withOwnership,
} from './group-arbitraries.js';

const RUNS = { numRuns: 1000 };
const spread = (counts: number[]): number => (counts.length === 0 ? 0 : Math.max(...counts) - Math.min(...counts));

/** partition → every member that lists it in ownedPartitions. */
function ownersOf(input: GroupInput): Map<string, Set<string>> {
  const owners = new Map<string, Set<string>>();
  for (const m of input.members) {
    for (const tp of m.ownedPartitions ?? []) owners.set(key(tp), new Set([...(owners.get(key(tp)) ?? []), m.memberId]));
  }
  return owners;
}

/** Next round: every member owns what it was given this round (it revoked the rest). */
function nextRound(input: GroupInput, assignment: ReadonlyMap<string, TopicPartition[]>): GroupInput {
  return {
    partitionsPerTopic: input.partitionsPerTopic,
    members: input.members.map((m) => ({ ...m, ownedPartitions: assignment.get(m.memberId)! })),
  };
}

describe('cooperative-sticky: coverage and balance (kafka-semantics.md 8.5, invariants 18–19)', () => {
  it('a fresh group (nothing owned) gets every subscribed partition exactly once, nothing withheld (invariant 18)', () => {
    fc.assert(
      fc.property(groupArb, (input) => {
        const plan = planCooperativeSticky(input.members, input.partitionsPerTopic);
        expect(plan.withheld).toEqual([]);
        expect(coverageViolations(input, plan.assignment)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('with ownership: the target covers everything once; this round gives the target minus the withheld partitions (invariant 18)', () => {
    fc.assert(
      fc.property(withOwnership(groupArb), (input) => {
        const plan = planCooperativeSticky(input.members, input.partitionsPerTopic);
        expect(coverageViolations(input, plan.target)).toEqual([]);
        expect(coverageViolations(input, plan.assignment, false)).toEqual([]);
        const given = [...plan.assignment.values()].flat().map(key);
        const targeted = [...plan.target.values()].flat().map(key);
        expect([...given, ...plan.withheld.map(key)].sort()).toEqual([...targeted].sort());
        for (const [memberId, tps] of plan.assignment) {
          const target = new Set(plan.target.get(memberId)!.map(key));
          for (const tp of tps) expect(target.has(key(tp))).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('with identical subscriptions, total counts differ by at most one: fresh groups, and every target (invariant 19)', () => {
    fc.assert(
      fc.property(withOwnership(identicalGroupArb), (input) => {
        expect(spread(totals(cooperativeStickyAssignor(input.members.map((m) => ({ ...m, ownedPartitions: [] })), input.partitionsPerTopic)))).toBeLessThanOrEqual(1);
        expect(spread(totals(planCooperativeSticky(input.members, input.partitionsPerTopic).target))).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it('with any subscriptions, no single move balances better: nobody holds two more than a member that could take one of its partitions (8.5 goal 1)', () => {
    fc.assert(
      fc.property(withOwnership(groupArb), (input) => {
        const { target } = planCooperativeSticky(input.members, input.partitionsPerTopic);
        for (const giver of input.members) {
          for (const taker of input.members) {
            const gap = target.get(giver.memberId)!.length - target.get(taker.memberId)!.length;
            if (gap >= 2) {
              expect(target.get(giver.memberId)!.some((tp) => taker.topics.includes(tp.topic))).toBe(false);
            }
          }
        }
      }),
      RUNS,
    );
  });

  it('with identical subscriptions, the follow-up round withholds nothing and is complete and balanced (KIP-429 two rounds)', () => {
    fc.assert(
      fc.property(withOwnership(identicalGroupArb), (input) => {
        const first = planCooperativeSticky(input.members, input.partitionsPerTopic);
        const second = nextRound(input, first.assignment);
        const plan = planCooperativeSticky(second.members, second.partitionsPerTopic);
        expect(plan.withheld).toEqual([]);
        expect(coverageViolations(second, plan.assignment)).toEqual([]);
        expect(spread(totals(plan.assignment))).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it('with any subscriptions, repeated rounds settle (nothing withheld) into a complete assignment (invariant 18)', () => {
    fc.assert(
      fc.property(withOwnership(groupArb), (input) => {
        let round = input;
        for (let attempt = 0; attempt < 10; attempt++) {
          const plan = planCooperativeSticky(round.members, round.partitionsPerTopic);
          if (plan.withheld.length === 0) {
            expect(coverageViolations(round, plan.assignment)).toEqual([]);
            return;
          }
          round = nextRound(round, plan.assignment);
        }
        throw new Error('still withholding partitions after 10 rounds');
      }),
      RUNS,
    );
  });
});

describe('cooperative-sticky: stickiness and the two-round rule (kafka-semantics.md 8.4, 8.5; KIP-429)', () => {
  it('a partition a member owns, still subscribes to and is kept by balance (in its target) is never revoked', () => {
    fc.assert(
      fc.property(withOwnership(groupArb), (input) => {
        const plan = planCooperativeSticky(input.members, input.partitionsPerTopic);
        for (const member of input.members) {
          const given = new Set(plan.assignment.get(member.memberId)!.map(key));
          for (const tp of plan.target.get(member.memberId)!) {
            if ((member.ownedPartitions ?? []).some((o) => key(o) === key(tp))) expect(given.has(key(tp))).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('with identical subscriptions, each member keeps at least min(what it could keep, floor(N / M)) of what it owned', () => {
    fc.assert(
      fc.property(withOwnership(identicalGroupArb), (input) => {
        const plan = planCooperativeSticky(input.members, input.partitionsPerTopic);
        const total = subscribedPartitions(input).length;
        const floor = Math.floor(total / input.members.length);
        const claimed = new Set<string>();
        // Members claim in member order (section 8.5), the first claim of a partition wins: who can keep what.
        const ordered = sortMembers(input.members);
        for (const member of ordered) {
          const keepable = new Set<string>();
          for (const tp of member.ownedPartitions ?? []) {
            const count = input.partitionsPerTopic.get(tp.topic);
            if (count === undefined || tp.partition >= count || !member.topics.includes(tp.topic) || claimed.has(key(tp))) continue;
            keepable.add(key(tp));
          }
          keepable.forEach((k) => claimed.add(k));
          const kept = plan.assignment.get(member.memberId)!.filter((tp) => keepable.has(key(tp))).length;
          expect(kept).toBeGreaterThanOrEqual(Math.min(keepable.size, floor));
        }
      }),
      RUNS,
    );
  });

  it('no partition goes to a new owner in the same round it is taken from another (the two-round rule)', () => {
    fc.assert(
      fc.property(withOwnership(groupArb), (input) => {
        const owners = ownersOf(input);
        const plan = planCooperativeSticky(input.members, input.partitionsPerTopic);
        for (const [memberId, tps] of plan.assignment) {
          for (const tp of tps) {
            const current = owners.get(key(tp));
            if (current !== undefined && !current.has(memberId)) {
              throw new Error(`${key(tp)} given to ${memberId} while ${[...current].join(',')} still owns it`);
            }
          }
        }
        // And what is withheld really is moving away from a current owner.
        for (const tp of plan.withheld) expect(owners.has(key(tp))).toBe(true);
      }),
      RUNS,
    );
  });

  it('is deterministic: permuting members, topics and owned partitions changes nothing (invariant 20)', () => {
    fc.assert(
      fc.property(
        withOwnership(groupArb).chain((input) => fc.tuple(fc.constant(input), permuted(input))),
        ([input, shuffled]) => {
          const a = planCooperativeSticky(input.members, input.partitionsPerTopic);
          const b = planCooperativeSticky(shuffled.members, shuffled.partitionsPerTopic);
          expect(canonical(b.target)).toEqual(canonical(a.target));
          expect(canonical(b.assignment)).toEqual(canonical(a.assignment));
          expect(b.withheld).toEqual(a.withheld);
        },
      ),
      RUNS,
    );
  });
});

describe('cooperative-sticky: worked examples (kafka-semantics.md 8.4)', () => {
  const member = (memberId: string, owned: string[] = []): GroupMember => ({
    memberId,
    groupInstanceId: null,
    topics: ['t0'],
    ownedPartitions: owned.map((p) => ({ topic: 't0', partition: Number(p) })),
  });
  const t0 = (n: number) => new Map([['t0', n]]);

  it('a joining member: the old owner keeps 2 of 4 and revokes 2; the newcomer gets them only in the next round', () => {
    const round1 = planCooperativeSticky([member('C0', ['0', '1', '2', '3']), member('C1')], t0(4));
    expect(round1.assignment.get('C0')!.length).toBe(2);
    expect(round1.assignment.get('C1')).toEqual([]);
    expect(round1.withheld.length).toBe(2);
    const round2 = cooperativeStickyAssignor(
      [member('C0', round1.assignment.get('C0')!.map((tp) => String(tp.partition))), member('C1')],
      t0(4),
    );
    expect(round2.get('C0')).toEqual(round1.assignment.get('C0'));
    expect(round2.get('C1')!.map(key).sort()).toEqual(round1.withheld.map(key).sort());
  });

  it('a leaving member: its partitions go straight to the survivors, who keep their own (nothing to revoke)', () => {
    const plan = planCooperativeSticky([member('C0', ['0', '1']), member('C2', ['4', '5'])], t0(6));
    expect(plan.withheld).toEqual([]);
    expect(plan.assignment.get('C0')!.map(key)).toEqual(expect.arrayContaining(['t0-0', 't0-1']));
    expect(plan.assignment.get('C2')!.map(key)).toEqual(expect.arrayContaining(['t0-4', 't0-5']));
    expect(totals(plan.assignment)).toEqual([3, 3]);
  });

  it('rejects duplicate member ids with a KafkaInputError', () => {
    expect(() => cooperativeStickyAssignor([member('C0'), member('C0')], t0(1))).toThrow(KafkaInputError);
  });
});
