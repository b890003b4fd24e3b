/**
 * The `range` assignor, rack-unaware: per topic, consecutive ranges to the subscribed members in
 * member order, the first `P % M` members getting one extra.
 *
 * Source: clients/src/main/java/org/apache/kafka/clients/consumer/RangeAssignor.java
 * (`assignPartitions` without racks: `numPartitionsPerConsumer = P / M`,
 * `consumersWithExtraPartition = P % M`, `start = n * i + min(i, extra)`,
 * `length = n + (i + 1 > extra ? 0 : 1)`). Rules: kafka-semantics.md section 8.5; vectors 8.6;
 * invariants 18–20; the "equal work" myth, section 10 item 15.
 *
 * Not modelled: the rack-aware pass of KIP-881 (without `client.rack` Kafka's output is this one).
 * A subscribed topic with no partition count (no metadata) is skipped, as Kafka does.
 */
import type { TopicPartition } from '../ids.js';
import {
  type Assignment,
  type GroupMember,
  emptyAssignment,
  sortMembers,
  subscribedTopicsSorted,
  validateAssignorInput,
} from './assignor.js';

export function rangeAssignor(members: readonly GroupMember[], partitionsPerTopic: ReadonlyMap<string, number>): Assignment {
  validateAssignorInput(members, partitionsPerTopic);
  const assignment = emptyAssignment(members);
  const sorted = sortMembers(members);
  for (const topic of subscribedTopicsSorted(members, partitionsPerTopic)) {
    const partitionCount = partitionsPerTopic.get(topic) ?? 0;
    const consumers = sorted.filter((member) => member.topics.includes(topic));
    const perConsumer = Math.floor(partitionCount / consumers.length);
    const withExtra = partitionCount % consumers.length;
    consumers.forEach((consumer, index) => {
      const start = perConsumer * index + Math.min(index, withExtra);
      const length = perConsumer + (index + 1 > withExtra ? 0 : 1);
      const mine = assignment.get(consumer.memberId)!;
      for (let partition = start; partition < start + length; partition++) {
        mine.push({ topic, partition } satisfies TopicPartition);
      }
    });
  }
  return assignment;
}
