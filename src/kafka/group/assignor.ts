/**
 * What every client-side partition assignor shares: the member description, the result shape and
 * the member order.
 *
 * Source: clients/src/main/java/org/apache/kafka/clients/consumer/internals/AbstractPartitionAssignor.java
 * (`MemberInfo.compareTo`, `partitionsPerTopic`), ConsumerPartitionAssignor.java (`Subscription`:
 * topics, ownedPartitions, groupInstanceId). Rules: kafka-semantics.md section 8.5.
 *
 * Java compares strings with `String.compareTo`, lexicographic over UTF-16 code units. JavaScript's
 * `<` on strings is the same order (not `localeCompare`), so `consumer-10-…` sorts before `consumer-2-…`.
 */
import { KafkaInputError } from '../errors.js';
import type { TopicPartition } from '../ids.js';

/** One group member as the leader's assignor sees it (its JoinGroup subscription). */
export interface GroupMember {
  readonly memberId: string;
  /** `group.instance.id` of a static member (KIP-345); null for a dynamic one. */
  readonly groupInstanceId: string | null;
  /** The topics it subscribes to. */
  readonly topics: readonly string[];
  /** What it owned before this rebalance (used by the sticky assignors only). */
  readonly ownedPartitions?: readonly TopicPartition[];
}

/**
 * The result: member id → its partitions. Every member given to the assignor has an entry, an empty
 * list when it gets nothing (as Kafka's `assign` returns one Assignment per member).
 */
export type Assignment = ReadonlyMap<string, TopicPartition[]>;

/** A client-side assignor: a pure function of the members and the partition count of each topic. */
export type Assignor = (members: readonly GroupMember[], partitionsPerTopic: ReadonlyMap<string, number>) => Assignment;

/** Java `String.compareTo` sign (UTF-16 code units). */
export function compareJavaStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** TopicPartition order used throughout: topic (Java string order), then partition number. */
export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  return compareJavaStrings(a.topic, b.topic) || a.partition - b.partition;
}

/**
 * `MemberInfo.compareTo`: static members (with a group.instance.id) first, by instance id; then
 * dynamic members by member id. Two members with the same instance id (Kafka fences one of them)
 * fall back to member id here so the order never depends on input order.
 */
export function compareMembers(a: GroupMember, b: GroupMember): number {
  if (a.groupInstanceId !== null && b.groupInstanceId !== null) {
    return compareJavaStrings(a.groupInstanceId, b.groupInstanceId) || compareJavaStrings(a.memberId, b.memberId);
  }
  if (a.groupInstanceId !== null) return -1;
  if (b.groupInstanceId !== null) return 1;
  return compareJavaStrings(a.memberId, b.memberId);
}

/** The members in AbstractPartitionAssignor.MemberInfo order (a new array; the input is untouched). */
export function sortMembers<M extends GroupMember>(members: readonly M[]): M[] {
  return [...members].sort(compareMembers);
}

/**
 * Checks what every assignor needs: unique member ids and partition counts that are non-negative
 * integers. Throws KafkaInputError otherwise.
 */
export function validateAssignorInput(
  members: readonly GroupMember[],
  partitionsPerTopic: ReadonlyMap<string, number>,
): void {
  const seen = new Set<string>();
  for (const member of members) {
    if (seen.has(member.memberId)) throw new KafkaInputError(`duplicate member id ${JSON.stringify(member.memberId)}`);
    seen.add(member.memberId);
  }
  for (const [topic, count] of partitionsPerTopic) {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new KafkaInputError(`topic ${JSON.stringify(topic)} has an invalid partition count ${String(count)}`);
    }
  }
}

/** An empty list for every member: the starting point of each assignor. */
export function emptyAssignment(members: readonly GroupMember[]): Map<string, TopicPartition[]> {
  return new Map(members.map((member) => [member.memberId, []]));
}

/** The topics anybody subscribes to that have metadata, in Java string order (a TreeSet in Kafka). */
export function subscribedTopicsSorted(
  members: readonly GroupMember[],
  partitionsPerTopic: ReadonlyMap<string, number>,
): string[] {
  const topics = new Set<string>();
  for (const member of members) {
    for (const topic of member.topics) if (partitionsPerTopic.has(topic)) topics.add(topic);
  }
  return [...topics].sort(compareJavaStrings);
}
