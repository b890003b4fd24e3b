/** Known-wrong range assignors. */
import type * as solution from '../../../labs/02-architecture/solutions/06-range-assignor/range-assignor.js';
import type { RangeAssignorImpl } from '../../../src/labs/lab02/range-assignor.js';
import type { KnownWrong } from './known-wrong.js';

type Member = solution.Member;
type TopicPartition = solution.TopicPartition;

/** Range with a chosen member order and a chosen way of splitting. */
function rangeWith(order: (members: readonly Member[]) => Member[], extraGoesTo: 'first' | 'last' = 'first') {
  return (members: readonly Member[], partitionsPerTopic: ReadonlyMap<string, number>): Map<string, TopicPartition[]> => {
    const assignment = new Map<string, TopicPartition[]>(members.map((member) => [member.memberId, []]));
    const sorted = order(members);
    const topics = [...new Set(members.flatMap((member) => member.topics))].filter((topic) => partitionsPerTopic.has(topic)).sort();
    for (const topic of topics) {
      const count = partitionsPerTopic.get(topic)!;
      const consumers = sorted.filter((member) => member.topics.includes(topic));
      const perConsumer = Math.floor(count / consumers.length);
      const extra = count % consumers.length;
      let next = 0;
      consumers.forEach((consumer, index) => {
        const getsExtra = extraGoesTo === 'first' ? index < extra : index >= consumers.length - extra;
        for (let taken = 0; taken < perConsumer + (getsExtra ? 1 : 0); taken++) assignment.get(consumer.memberId)!.push({ topic, partition: next++ });
      });
    }
    return assignment;
  };
}

/** Kafka's member order, written out (the solution keeps its own private). */
const kafkaOrder = (members: readonly Member[]): Member[] => {
  return [...members].sort((a, b) => {
    if (a.groupInstanceId !== null && b.groupInstanceId !== null) return a.groupInstanceId < b.groupInstanceId ? -1 : 1;
    if (a.groupInstanceId !== null) return -1;
    if (b.groupInstanceId !== null) return 1;
    return a.memberId < b.memberId ? -1 : 1;
  });
};

/** All partitions of all topics as one list, split once: the "equal work" idea, which is round-robin-like, not range. */
function globalRange(members: readonly Member[], partitionsPerTopic: ReadonlyMap<string, number>): Map<string, TopicPartition[]> {
  const assignment = new Map<string, TopicPartition[]>(members.map((member) => [member.memberId, []]));
  const sorted = kafkaOrder(members);
  const all = [...partitionsPerTopic].sort(([a], [b]) => (a < b ? -1 : 1)).flatMap(([topic, count]) => Array.from({ length: count }, (_, partition) => ({ topic, partition })));
  const wanted = all.filter((tp) => members.some((member) => member.topics.includes(tp.topic)));
  wanted.forEach((tp, index) => {
    const candidates = sorted.filter((member) => member.topics.includes(tp.topic));
    const owner = candidates[Math.floor((index * candidates.length) / wanted.length)] ?? candidates[0]!;
    assignment.get(owner.memberId)!.push(tp);
  });
  return assignment;
}

export const wrongRangeAssignors: readonly KnownWrong<RangeAssignorImpl>[] = [
  { name: 'unsorted-members', mistake: 'not sorting members (input order)', impl: { assign: rangeWith((members) => [...members]) }, caughtBy: ['members-sorted-like-kafka'] },
  {
    name: 'numeric-member-order',
    mistake: 'sorting member ids as numbers (consumer-2 before consumer-10)',
    impl: { assign: rangeWith((members) => [...members].sort((a, b) => a.memberId.localeCompare(b.memberId, undefined, { numeric: true }))) },
    caughtBy: ['members-sorted-like-kafka'],
  },
  { name: 'static-members-not-first', mistake: 'ignoring group.instance.id in the member order', impl: { assign: rangeWith((members) => [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : 1))) }, caughtBy: ['members-sorted-like-kafka'] },
  { name: 'extra-to-last-members', mistake: 'the last P % M members get the extra partition', impl: { assign: rangeWith(kafkaOrder, 'last') }, caughtBy: ['members-sorted-like-kafka'] },
  {
    name: 'forgets-remainder',
    mistake: 'splitting only P / M per member and forgetting the P % M left over',
    impl: {
      assign: (members, partitionsPerTopic) => {
        const assignment = new Map<string, TopicPartition[]>(members.map((member) => [member.memberId, []]));
        for (const [topic, count] of partitionsPerTopic) {
          const consumers = kafkaOrder(members).filter((member) => member.topics.includes(topic));
          const each = Math.floor(count / Math.max(1, consumers.length));
          consumers.forEach((consumer, index) => {
            for (let partition = index * each; partition < (index + 1) * each; partition++) assignment.get(consumer.memberId)!.push({ topic, partition });
          });
        }
        return assignment;
      },
    },
    caughtBy: ['every-partition-one-owner', 'one-owner-in-real-groups'],
  },
  { name: 'global-range', mistake: 'one range over all topics instead of per topic', impl: { assign: globalRange }, caughtBy: ['ranges-per-topic'] },
];
