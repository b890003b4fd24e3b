/**
 * The `cooperative-sticky` assignor (KIP-429): a balanced assignment that keeps what members already
 * own, handed out in two rounds so that no partition is ever owned by two members at once.
 *
 * Source: clients/src/main/java/org/apache/kafka/clients/consumer/CooperativeStickyAssignor.java
 * (`adjustAssignment`: drop every partition whose owner changes, so its owner revokes it and a
 * follow-up rebalance assigns it), built on AbstractStickyAssignor.java (goals: balance first, then
 * stickiness); StickyAssignor.java is the eager variant. Rules: kafka-semantics.md section 8.5
 * (and 8.4 for eager vs cooperative); invariants 18–19; section 10 item 17.
 *
 * The steps here:
 * 1. Keep: each member, in member order, keeps the owned partitions that still exist and that it
 *    still subscribes to. A partition claimed by two members goes to the first in member order.
 * 2. Fill: every partition nobody kept goes to the least-loaded subscribed member (ties: member
 *    order), partitions of topics with fewer subscribers first.
 * 3. Balance: while some member holds at least two more partitions than a member that subscribes to
 *    one of them, move one across (the widest such gap first; newly filled partitions before owned
 *    ones, so owned partitions move only when balance needs it). With identical subscriptions this
 *    ends with totals differing by at most one; in general it ends when no single move helps.
 * 4. Cooperate: the result of 1–3 is the round's `target`. Any targeted partition that another
 *    member currently owns is withheld this round: its owner sees it missing and revokes it; the
 *    next rebalance (which no longer sees it owned) hands it to its new member.
 *
 * Simplified against Kafka: no generation or `userData` handling (Kafka resolves conflicting claims
 * by generation; here member order decides); no rack awareness (KIP-881); the heterogeneous case
 * uses the greedy steps 2–3 instead of Kafka's `performReassignments` search, so it can be less
 * balanced than Kafka's where several moves would be needed together; exact layouts differ from
 * Kafka's (section 8.5: test balance and stickiness, not layouts).
 */
import type { TopicPartition } from '../ids.js';
import { topicPartitionKey } from '../ids.js';
import {
  type Assignment,
  type GroupMember,
  compareTopicPartitions,
  emptyAssignment,
  sortMembers,
  subscribedTopicsSorted,
  validateAssignorInput,
} from './assignor.js';

export interface CooperativeStickyPlan {
  /** Balanced and sticky: where every partition should end up (what the eager sticky variant would hand out). */
  readonly target: Assignment;
  /** This round's assignment: `target` without the withheld partitions. */
  readonly assignment: Assignment;
  /** Partitions moving from a current owner to another member: revoked now, assigned next round. Sorted. */
  readonly withheld: readonly TopicPartition[];
}

export function planCooperativeSticky(
  members: readonly GroupMember[],
  partitionsPerTopic: ReadonlyMap<string, number>,
): CooperativeStickyPlan {
  validateAssignorInput(members, partitionsPerTopic);
  const sorted = sortMembers(members);
  const subscriptions = new Map(sorted.map((member) => [member.memberId, new Set(member.topics)]));
  const subscribes = (memberId: string, topic: string): boolean => subscriptions.get(memberId)!.has(topic);
  const holdings = emptyAssignment(sorted);
  const count = (memberId: string): number => holdings.get(memberId)!.length;

  // Every current claim (for step 4) and, per member, its own claims (step 3 moves these last).
  const claimants = new Map<string, Set<string>>();
  const ownedBy = new Map<string, Set<string>>();
  for (const member of sorted) {
    const own = new Set<string>();
    for (const tp of member.ownedPartitions ?? []) {
      const key = topicPartitionKey(tp);
      own.add(key);
      const set = claimants.get(key) ?? new Set<string>();
      set.add(member.memberId);
      claimants.set(key, set);
    }
    ownedBy.set(member.memberId, own);
  }

  // 1. Keep.
  const exists = (tp: TopicPartition): boolean => {
    const partitions = partitionsPerTopic.get(tp.topic);
    return partitions !== undefined && Number.isInteger(tp.partition) && tp.partition >= 0 && tp.partition < partitions;
  };
  const taken = new Set<string>();
  for (const member of sorted) {
    const owned = [...(member.ownedPartitions ?? [])].sort(compareTopicPartitions);
    for (const tp of owned) {
      const key = topicPartitionKey(tp);
      if (taken.has(key) || !exists(tp) || !subscribes(member.memberId, tp.topic)) continue;
      taken.add(key);
      holdings.get(member.memberId)!.push({ topic: tp.topic, partition: tp.partition });
    }
  }

  // 2. Fill.
  const topics = subscribedTopicsSorted(sorted, partitionsPerTopic);
  const subscribersOf = new Map(topics.map((topic) => [topic, sorted.filter((m) => subscribes(m.memberId, topic))]));
  const fillOrder = [...topics].sort((a, b) => subscribersOf.get(a)!.length - subscribersOf.get(b)!.length);
  for (const topic of fillOrder) {
    const partitions = partitionsPerTopic.get(topic)!;
    // The least-loaded subscriber, ties to member order: a heap of (count, position in member order).
    const heap = new LeastLoaded(subscribersOf.get(topic)!.map((member, order) => ({ memberId: member.memberId, order, count: count(member.memberId) })));
    for (let partition = 0; partition < partitions; partition++) {
      if (taken.has(topicPartitionKey({ topic, partition }))) continue;
      const best = heap.takeAndIncrement();
      holdings.get(best)!.push({ topic, partition });
    }
  }

  // 3. Balance. Each move lowers the sum of squared counts, so the loop ends.
  for (;;) {
    // No pair two or more apart: nothing can move (checked in O(members) before the O(members²) search).
    let most = 0;
    let least = Number.POSITIVE_INFINITY;
    for (const member of sorted) {
      most = Math.max(most, count(member.memberId));
      least = Math.min(least, count(member.memberId));
    }
    if (most - least < 2) break;
    let move: { from: string; to: string; index: number; gap: number } | undefined;
    for (const giver of sorted) {
      for (const taker of sorted) {
        const gap = count(giver.memberId) - count(taker.memberId);
        if (gap < 2 || (move !== undefined && gap <= move.gap)) continue;
        const index = pickMovable(holdings.get(giver.memberId)!, ownedBy.get(giver.memberId)!, (topic) =>
          subscribes(taker.memberId, topic),
        );
        if (index !== undefined) move = { from: giver.memberId, to: taker.memberId, index, gap };
      }
    }
    if (move === undefined) break;
    const [tp] = holdings.get(move.from)!.splice(move.index, 1);
    holdings.get(move.to)!.push(tp!);
  }

  // 4. Cooperate.
  const target = new Map<string, TopicPartition[]>();
  const assignment = new Map<string, TopicPartition[]>();
  const withheld: TopicPartition[] = [];
  for (const member of members) {
    const mine = [...holdings.get(member.memberId)!].sort(compareTopicPartitions);
    target.set(member.memberId, mine);
    const kept: TopicPartition[] = [];
    for (const tp of mine) {
      const owners = claimants.get(topicPartitionKey(tp));
      const movesFromAnotherOwner = owners !== undefined && owners.size > 0 && !owners.has(member.memberId);
      (movesFromAnotherOwner ? withheld : kept).push(tp);
    }
    assignment.set(member.memberId, kept);
  }
  withheld.sort(compareTopicPartitions);
  return { target, assignment, withheld };
}

/** Which of `held` to give away: the last one the taker can take that the giver did not own before, else the last it owned. */
function pickMovable(
  held: readonly TopicPartition[],
  owned: ReadonlySet<string>,
  takerSubscribes: (topic: string) => boolean,
): number | undefined {
  let fallback: number | undefined;
  let fallbackTp: TopicPartition | undefined;
  let fresh: number | undefined;
  let freshTp: TopicPartition | undefined;
  held.forEach((tp, index) => {
    if (!takerSubscribes(tp.topic)) return;
    if (owned.has(topicPartitionKey(tp))) {
      if (fallbackTp === undefined || compareTopicPartitions(tp, fallbackTp) > 0) [fallback, fallbackTp] = [index, tp];
    } else if (freshTp === undefined || compareTopicPartitions(tp, freshTp) > 0) {
      [fresh, freshTp] = [index, tp];
    }
  });
  return fresh ?? fallback;
}

/** The `Assignor` seam: this round's assignment (withheld partitions left out). */
export function cooperativeStickyAssignor(
  members: readonly GroupMember[],
  partitionsPerTopic: ReadonlyMap<string, number>,
): Assignment {
  return planCooperativeSticky(members, partitionsPerTopic).assignment;
}

interface Loaded {
  readonly memberId: string;
  readonly order: number;
  count: number;
}

/** A binary min-heap on (count, order): the fill step's least-loaded member in O(log members). */
class LeastLoaded {
  private readonly items: Loaded[];

  constructor(items: Loaded[]) {
    this.items = items;
    for (let index = Math.floor(items.length / 2) - 1; index >= 0; index--) this.down(index);
  }

  /** The least-loaded member (first in member order on a tie), counted as one partition heavier. */
  takeAndIncrement(): string {
    const top = this.items[0]!;
    top.count++;
    this.down(0);
    return top.memberId;
  }

  private less(a: Loaded, b: Loaded): boolean {
    return a.count < b.count || (a.count === b.count && a.order < b.order);
  }

  private down(start: number): void {
    const items = this.items;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < items.length && this.less(items[left]!, items[smallest]!)) smallest = left;
      if (right < items.length && this.less(items[right]!, items[smallest]!)) smallest = right;
      if (smallest === index) return;
      [items[index], items[smallest]] = [items[smallest]!, items[index]!];
      index = smallest;
    }
  }
}
