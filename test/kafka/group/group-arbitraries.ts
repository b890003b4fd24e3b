/**
 * fast-check generators and checks shared by the assignor property suites (kafka-semantics.md
 * section 11, invariants 18–20).
 */
import fc from 'fast-check';
import type { TopicPartition } from '../../../src/kafka/ids.js';
import { type Assignment, type GroupMember, compareTopicPartitions } from '../../../src/kafka/group/assignor.js';

export const TOPIC_POOL = ['a', 'b', 't0', 't1', 't10', 't2', 'Zed', 'été'] as const;

export interface GroupInput {
  readonly members: GroupMember[];
  readonly partitionsPerTopic: Map<string, number>;
}

const memberIdArb = fc.oneof(
  fc.constantFrom('C0', 'C1', 'C2', 'consumer-1-ccc', 'consumer-10-bbb', 'consumer-2-aaa', 'm-000', 'Z', 'a', '😀'),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const instanceIdArb = fc.option(fc.constantFrom('instance-1', 'instance-2', 'instance-10', 'i'), { freq: 3 });
const partitionsPerTopicArb = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...TOPIC_POOL), fc.integer({ min: 0, max: 9 })), {
    selector: ([topic]) => topic,
    maxLength: TOPIC_POOL.length,
  })
  .map((entries) => new Map(entries));

/** Members with arbitrary (possibly differing) subscriptions, some to topics with no metadata; no owned partitions. */
export const groupArb: fc.Arbitrary<GroupInput> = fc
  .record({
    partitionsPerTopic: partitionsPerTopicArb,
    ids: fc.uniqueArray(memberIdArb, { maxLength: 7 }),
  })
  .chain(({ partitionsPerTopic, ids }) =>
    fc
      .tuple(...ids.map(() => fc.tuple(instanceIdArb, fc.subarray([...TOPIC_POOL]))))
      .map((details) => ({
        partitionsPerTopic,
        members: ids.map((memberId, index) => ({
          memberId,
          groupInstanceId: details[index]![0],
          topics: details[index]![1],
        })),
      })),
  );

/** At least one member, all subscribing to the same topics. */
export const identicalGroupArb: fc.Arbitrary<GroupInput> = fc
  .record({
    partitionsPerTopic: partitionsPerTopicArb,
    ids: fc.uniqueArray(memberIdArb, { minLength: 1, maxLength: 7 }),
    topics: fc.subarray([...TOPIC_POOL]),
    instances: fc.array(instanceIdArb, { minLength: 7, maxLength: 7 }),
  })
  .map(({ partitionsPerTopic, ids, topics, instances }) => ({
    partitionsPerTopic,
    members: ids.map((memberId, index) => ({ memberId, groupInstanceId: instances[index]!, topics })),
  }));

/**
 * Adds previous ownership to a group: each partition of every topic (including partitions past the
 * current count, as after a topic is recreated smaller) is owned by nobody or by one member, and a
 * few are claimed twice, as a confused member might.
 */
export function withOwnership(group: fc.Arbitrary<GroupInput>): fc.Arbitrary<GroupInput> {
  return group.chain(({ members, partitionsPerTopic }) => {
    const universe: TopicPartition[] = TOPIC_POOL.flatMap((topic) =>
      Array.from({ length: 10 }, (_, partition) => ({ topic, partition })),
    );
    const ownerArb = fc.option(fc.nat({ max: Math.max(0, members.length - 1) }), { freq: 2 });
    return fc
      .tuple(
        fc.array(ownerArb, { minLength: universe.length, maxLength: universe.length }),
        fc.array(fc.tuple(fc.nat({ max: universe.length - 1 }), fc.nat({ max: 6 })), { maxLength: 2 }),
      )
      .map(([owners, doubleClaims]) => {
        const owned = members.map(() => [] as TopicPartition[]);
        if (members.length > 0) {
          owners.forEach((owner, index) => {
            if (owner !== null) owned[owner]!.push(universe[index]!);
          });
          for (const [index, member] of doubleClaims) owned[member % members.length]!.push(universe[index]!);
        }
        return {
          partitionsPerTopic,
          members: members.map((member, index) => ({ ...member, ownedPartitions: owned[index]! })),
        };
      });
  });
}

/** The same input in another order: members, each member's topics and owned partitions, and the topic map. */
export function permuted(input: GroupInput): fc.Arbitrary<GroupInput> {
  const shuffle = <T>(items: readonly T[]): fc.Arbitrary<T[]> =>
    fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });
  return fc
    .tuple(
      shuffle(input.members),
      fc.tuple(...input.members.map((m) => fc.tuple(shuffle(m.topics), shuffle(m.ownedPartitions ?? [])))),
      shuffle([...input.partitionsPerTopic]),
    )
    .map(([, perMember, topicEntries]) => {
      // Apply the per-member shuffles by member id, then reorder the members.
      const byId = new Map(
        input.members.map((m, index) => [
          m.memberId,
          { ...m, topics: perMember[index]![0], ...(m.ownedPartitions ? { ownedPartitions: perMember[index]![1] } : {}) },
        ]),
      );
      return { members: [], partitionsPerTopic: new Map(topicEntries), byId };
    })
    .chain(({ partitionsPerTopic, byId }) =>
      shuffle([...byId.values()]).map((members) => ({ members, partitionsPerTopic })),
    );
}

export const key = (tp: TopicPartition): string => `${tp.topic}-${tp.partition}`;

/** member id → sorted "topic-partition" list, member ids sorted: comparable with toEqual. */
export function canonical(assignment: Assignment): [string, string[]][] {
  return [...assignment]
    .map(([id, tps]): [string, string[]] => [id, [...tps].sort(compareTopicPartitions).map(key)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every partition of each topic someone subscribes to (with metadata). */
export function subscribedPartitions({ members, partitionsPerTopic }: GroupInput): TopicPartition[] {
  const topics = new Set(members.flatMap((m) => m.topics.filter((t) => partitionsPerTopic.has(t))));
  return [...topics].flatMap((topic) =>
    Array.from({ length: partitionsPerTopic.get(topic)! }, (_, partition) => ({ topic, partition })),
  );
}

/** Invariant 18 as a list of violations (empty when it holds); `complete` also demands full coverage. */
export function coverageViolations(input: GroupInput, assignment: Assignment, complete = true): string[] {
  const problems: string[] = [];
  const ids = input.members.map((m) => m.memberId).sort();
  const assignedIds = [...assignment.keys()].sort();
  if (JSON.stringify(ids) !== JSON.stringify(assignedIds)) problems.push(`members ${ids} but assignment for ${assignedIds}`);
  const holders = new Map<string, string[]>();
  for (const member of input.members) {
    for (const tp of assignment.get(member.memberId) ?? []) {
      const count = input.partitionsPerTopic.get(tp.topic);
      if (count === undefined || tp.partition < 0 || tp.partition >= count) problems.push(`${key(tp)} does not exist`);
      if (!member.topics.includes(tp.topic)) problems.push(`${key(tp)} given to ${member.memberId}, not subscribed`);
      holders.set(key(tp), [...(holders.get(key(tp)) ?? []), member.memberId]);
    }
  }
  for (const [k, who] of holders) if (who.length > 1) problems.push(`${k} assigned to ${who.length} members`);
  if (complete) {
    for (const tp of subscribedPartitions(input)) if (!holders.has(key(tp))) problems.push(`${key(tp)} unassigned`);
  }
  return problems;
}

export function totals(assignment: Assignment): number[] {
  return [...assignment.values()].map((tps) => tps.length);
}
