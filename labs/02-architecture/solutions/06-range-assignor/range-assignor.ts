/**
 * Exercise 06: the range assignor (reference solution).
 *
 * Kafka: clients/src/main/java/org/apache/kafka/clients/consumer/RangeAssignor.java (assignPartitions,
 * without racks), AbstractPartitionAssignor.java (MemberInfo.compareTo: the member order).
 */

export interface Member {
  readonly memberId: string;
  /** group.instance.id of a static member, null for a dynamic one. */
  readonly groupInstanceId: string | null;
  /** The topics it subscribes to. */
  readonly topics: readonly string[];
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** Kafka's member order: static members first by group.instance.id, then dynamic ones by member id. */
function compareMembers(a: Member, b: Member): number {
  const byString = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  if (a.groupInstanceId !== null && b.groupInstanceId !== null) {
    return byString(a.groupInstanceId, b.groupInstanceId) || byString(a.memberId, b.memberId);
  }
  if (a.groupInstanceId !== null) return -1;
  if (b.groupInstanceId !== null) return 1;
  return byString(a.memberId, b.memberId);
}

/** member id → its partitions; every member has an entry, even an empty one. */
export function assign(members: readonly Member[], partitionsPerTopic: ReadonlyMap<string, number>): Map<string, TopicPartition[]> {
  const assignment = new Map<string, TopicPartition[]>(members.map((member) => [member.memberId, []]));
  const sorted = [...members].sort(compareMembers);
  const topics = [...new Set(members.flatMap((member) => member.topics))].filter((topic) => partitionsPerTopic.has(topic)).sort();
  for (const topic of topics) {
    const partitions = partitionsPerTopic.get(topic)!;
    const consumers = sorted.filter((member) => member.topics.includes(topic));
    const perConsumer = Math.floor(partitions / consumers.length);
    const withExtra = partitions % consumers.length;
    consumers.forEach((consumer, index) => {
      const start = perConsumer * index + Math.min(index, withExtra);
      const length = perConsumer + (index < withExtra ? 1 : 0);
      for (let partition = start; partition < start + length; partition++) assignment.get(consumer.memberId)!.push({ topic, partition });
    });
  }
  return assignment;
}
