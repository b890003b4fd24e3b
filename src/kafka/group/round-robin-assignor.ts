/**
 * The `roundrobin` assignor: every partition of every subscribed topic (topics by name, partitions
 * ascending) dealt round a circle of the members in member order, skipping members that do not
 * subscribe to the partition's topic.
 *
 * Source: clients/src/main/java/org/apache/kafka/clients/consumer/RoundRobinAssignor.java
 * (`assign`: a CircularIterator over `Utils.sorted(memberInfoList)`, `allPartitionsSorted` over a
 * TreeSet of topics; `while (!subscribed(peek)) next(); give to next()`).
 * Rules: kafka-semantics.md section 8.5; vectors 8.6; invariants 18–20.
 */
import {
  type Assignment,
  type GroupMember,
  emptyAssignment,
  sortMembers,
  subscribedTopicsSorted,
  validateAssignorInput,
} from './assignor.js';

export function roundRobinAssignor(
  members: readonly GroupMember[],
  partitionsPerTopic: ReadonlyMap<string, number>,
): Assignment {
  validateAssignorInput(members, partitionsPerTopic);
  const assignment = emptyAssignment(members);
  const circle = sortMembers(members);
  let position = 0; // the circle's next member (Kafka's CircularIterator.peek())
  for (const topic of subscribedTopicsSorted(members, partitionsPerTopic)) {
    const partitionCount = partitionsPerTopic.get(topic) ?? 0;
    for (let partition = 0; partition < partitionCount; partition++) {
      // Someone subscribes to `topic` (that is how it got into the list), so this loop ends.
      while (!circle[position]!.topics.includes(topic)) position = (position + 1) % circle.length;
      assignment.get(circle[position]!.memberId)!.push({ topic, partition });
      position = (position + 1) % circle.length;
    }
  }
  return assignment;
}
