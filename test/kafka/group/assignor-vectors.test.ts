/**
 * RangeAssignor and RoundRobinAssignor against real Kafka output: kafka-semantics.md section 8.6
 * (vectors A–K), member order of section 8.5 (AbstractPartitionAssignor.MemberInfo.compareTo).
 */
import { describe, expect, it } from 'vitest';
import { KafkaInputError } from '../../../src/kafka/errors.js';
import { type Assignment, type GroupMember, sortMembers } from '../../../src/kafka/group/assignor.js';
import { rangeAssignor } from '../../../src/kafka/group/range-assignor.js';
import { roundRobinAssignor } from '../../../src/kafka/group/round-robin-assignor.js';
import vectors from '../../fixtures/assignor-vectors.json' with { type: 'json' };

interface Vector {
  name: string;
  topics: Record<string, number>;
  members: GroupMember[];
  range: Record<string, string[]>;
  roundrobin: Record<string, string[]>;
}
// JSON imports type each row's optional keys as `?: undefined`; the first test checks the shape instead.
const rows = vectors as unknown as Vector[];

/** "t0-3" → ["t0", 3] (the topic may itself contain dashes; the partition follows the last one). */
function parseKey(key: string): [string, number] {
  const dash = key.lastIndexOf('-');
  return [key.slice(0, dash), Number(key.slice(dash + 1))];
}
const byTopicThenPartition = (a: string, b: string): number => {
  const [ta, pa] = parseKey(a);
  const [tb, pb] = parseKey(b);
  return ta < tb ? -1 : ta > tb ? 1 : pa - pb;
};

/** member → its partitions as a sorted list of "topic-partition" (section 8.6: compare as sets). */
function canonical(assignment: Assignment): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [memberId, partitions] of assignment) {
    out[memberId] = partitions.map((tp) => `${tp.topic}-${tp.partition}`).sort(byTopicThenPartition);
  }
  return out;
}
const sortedExpectation = (expected: Record<string, string[]>): Record<string, string[]> =>
  Object.fromEntries(Object.entries(expected).map(([id, keys]) => [id, [...keys].sort(byTopicThenPartition)]));

const assignors = { range: rangeAssignor, roundrobin: roundRobinAssignor } as const;

describe('assignment vectors A–K (kafka-semantics.md 8.6, real Kafka output)', () => {
  it('has the 11 vectors A–K, each with partition counts and both expected assignments', () => {
    expect(rows.map((row) => row.name[0]).join('')).toBe('ABCDEFGHIJK');
    for (const row of rows) {
      for (const count of Object.values(row.topics)) expect(Number.isInteger(count)).toBe(true);
      const ids = row.members.map((m) => m.memberId).sort();
      expect(Object.keys(row.range).sort()).toEqual(ids);
      expect(Object.keys(row.roundrobin).sort()).toEqual(ids);
    }
  });

  describe.each(rows)('$name', (row) => {
    const partitionsPerTopic = new Map(Object.entries(row.topics));
    it.each(['range', 'roundrobin'] as const)('%s gives every member exactly what Kafka gives it', (name) => {
      const got = canonical(assignors[name](row.members, partitionsPerTopic));
      expect(got).toEqual(sortedExpectation(row[name]));
    });
    it.each(['range', 'roundrobin'] as const)('%s gives the same answer for the members in reverse order (8.5, 20)', (name) => {
      const got = canonical(assignors[name]([...row.members].reverse(), partitionsPerTopic));
      expect(got).toEqual(sortedExpectation(row[name]));
    });
  });
});

describe('member order (kafka-semantics.md 8.5, MemberInfo.compareTo)', () => {
  const member = (memberId: string, groupInstanceId: string | null = null): GroupMember => ({
    memberId,
    groupInstanceId,
    topics: ['t0'],
  });

  it('orders member ids by UTF-16 code units: consumer-10-… before consumer-2-… (vector I)', () => {
    const ids = sortMembers([member('consumer-2-aaa'), member('consumer-10-bbb'), member('consumer-1-ccc')]).map(
      (m) => m.memberId,
    );
    expect(ids).toEqual(['consumer-1-ccc', 'consumer-10-bbb', 'consumer-2-aaa']);
  });

  it('puts static members first, by group.instance.id, even when their member ids sort the other way (vector J)', () => {
    const ids = sortMembers([member('m-000'), member('m-aaa', 'instance-2'), member('m-zzz', 'instance-1')]).map(
      (m) => m.memberId,
    );
    expect(ids).toEqual(['m-zzz', 'm-aaa', 'm-000']);
  });

  it('compares as Java String.compareTo, not localeCompare: "Z" < "a" and "\\uffff" < "😀" (a surrogate pair)', () => {
    const ids = sortMembers([member('a'), member('Z'), member('😀'), member('\uffff')]).map((m) => m.memberId);
    expect(ids).toEqual(['Z', 'a', '😀', '\uffff'].sort());
    expect(ids).toEqual(['Z', 'a', '😀', '\uffff']);
  });

  it('does not reorder its input array', () => {
    const input = [member('b'), member('a')];
    sortMembers(input);
    expect(input.map((m) => m.memberId)).toEqual(['b', 'a']);
  });
});

describe('assignor input errors', () => {
  it.each(['range', 'roundrobin'] as const)('%s rejects duplicate member ids with a KafkaInputError', (name) => {
    const m: GroupMember = { memberId: 'C0', groupInstanceId: null, topics: ['t0'] };
    expect(() => assignors[name]([m, m], new Map([['t0', 2]]))).toThrow(KafkaInputError);
  });
  it.each(['range', 'roundrobin'] as const)('%s rejects a negative or fractional partition count', (name) => {
    const m: GroupMember = { memberId: 'C0', groupInstanceId: null, topics: ['t0'] };
    expect(() => assignors[name]([m], new Map([['t0', -1]]))).toThrow(KafkaInputError);
    expect(() => assignors[name]([m], new Map([['t0', 1.5]]))).toThrow(KafkaInputError);
  });
  it.each(['range', 'roundrobin'] as const)('%s skips a subscribed topic with no metadata, as Kafka does', (name) => {
    const m: GroupMember = { memberId: 'C0', groupInstanceId: null, topics: ['t0', 'gone'] };
    expect(canonical(assignors[name]([m], new Map([['t0', 1]])))).toEqual({ C0: ['t0-0'] });
  });
});
