/**
 * Properties of the exact assignors (RangeAssignor, RoundRobinAssignor) over random groups:
 * kafka-semantics.md section 11, invariants 18 (coverage), 19 (balance) and 20 (determinism), with
 * the rules of section 8.5. 1000 runs each.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortMembers } from '../../../src/kafka/group/assignor.js';
import { rangeAssignor } from '../../../src/kafka/group/range-assignor.js';
import { roundRobinAssignor } from '../../../src/kafka/group/round-robin-assignor.js';
import {
  canonical,
  coverageViolations,
  groupArb,
  identicalGroupArb,
  permuted,
  totals,
  withOwnership,
} from './group-arbitraries.js';

const RUNS = { numRuns: 1000 };
const assignors = { range: rangeAssignor, roundrobin: roundRobinAssignor } as const;

describe.each(['range', 'roundrobin'] as const)('%s assignor properties (kafka-semantics.md 11)', (name) => {
  const assign = assignors[name];

  it('every partition of every subscribed topic goes to exactly one subscribed member; others get nothing (invariant 18)', () => {
    fc.assert(
      fc.property(groupArb, (input) => {
        const assignment = assign(input.members, input.partitionsPerTopic);
        expect(coverageViolations(input, assignment)).toEqual([]);
        for (const member of input.members) {
          if (!member.topics.some((topic) => input.partitionsPerTopic.has(topic))) {
            expect(assignment.get(member.memberId)).toEqual([]);
          }
        }
      }),
      RUNS,
    );
  });

  it('is a pure function of ids, subscriptions and partition counts: permuting the input changes nothing (invariant 20)', () => {
    fc.assert(
      fc.property(
        withOwnership(groupArb).chain((input) => fc.tuple(fc.constant(input), permuted(input))),
        ([input, shuffled]) => {
          expect(canonical(assign(shuffled.members, shuffled.partitionsPerTopic))).toEqual(
            canonical(assign(input.members, input.partitionsPerTopic)),
          );
        },
      ),
      RUNS,
    );
  });
});

describe('range assignor shape (kafka-semantics.md 8.5, invariant 19)', () => {
  it('per topic: counts differ by at most one, are non-increasing in member order, and each range is consecutive', () => {
    fc.assert(
      fc.property(groupArb, (input) => {
        const assignment = rangeAssignor(input.members, input.partitionsPerTopic);
        for (const [topic, partitionCount] of input.partitionsPerTopic) {
          const subscribers = sortMembers(input.members).filter((m) => m.topics.includes(topic));
          if (subscribers.length === 0) continue;
          const ranges = subscribers.map((m) =>
            assignment
              .get(m.memberId)!
              .filter((tp) => tp.topic === topic)
              .map((tp) => tp.partition)
              .sort((a, b) => a - b),
          );
          const counts = ranges.map((r) => r.length);
          expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
          counts.slice(1).forEach((count, i) => expect(count).toBeLessThanOrEqual(counts[i]!));
          // Consecutive, and laid end to end in member order: together they are 0..P-1.
          for (const range of ranges) range.slice(1).forEach((p, i) => expect(p).toBe(range[i]! + 1));
          expect(ranges.flat()).toEqual(Array.from({ length: partitionCount }, (_, p) => p));
        }
      }),
      RUNS,
    );
  });
});

describe('roundrobin balance (kafka-semantics.md 8.5, invariant 19)', () => {
  it('with identical subscriptions, total counts differ by at most one', () => {
    fc.assert(
      fc.property(identicalGroupArb, (input) => {
        const counts = totals(roundRobinAssignor(input.members, input.partitionsPerTopic));
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it('range does not promise that (section 10 item 15): one member can take every single-partition topic', () => {
    const members = ['C0', 'C1'].map((memberId) => ({ memberId, groupInstanceId: null, topics: ['a', 'b', 'c'] }));
    const counts = totals(rangeAssignor(members, new Map([['a', 1], ['b', 1], ['c', 1]])));
    expect(counts).toEqual([3, 0]);
  });
});
