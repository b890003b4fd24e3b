/**
 * Exercise 06: the range assignor. Share a group's partitions out among its members, as Kafka does.
 *
 * Write assign below; keep its name and signature (the group's leader calls it at every
 * rebalance). README.md says what it must do and where Kafka does it.
 * Re-run the tests on every save: npm run lab 02 -- --watch 06
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

/** member id → its partitions; every member has an entry, even an empty one. */
export function assign(members: readonly Member[], partitionsPerTopic: ReadonlyMap<string, number>): Map<string, TopicPartition[]> {
  throw new Error(`not written yet: assign (${members.length} members, ${partitionsPerTopic.size} topics)`);
}
