/**
 * One step of KIP-848 member reconciliation: where a member of a `consumer`-protocol group stands
 * against the coordinator's target assignment, and what it is told on this heartbeat.
 *
 * Source: group-coordinator/src/main/java/org/apache/kafka/coordinator/group/modern/consumer/
 * CurrentAssignmentBuilder.java (`computeNextAssignment`) and MemberState.java; KIP-848. Rules:
 * kafka-semantics.md section 8.7 ("Epochs and reconciliation"); invariant 21 in section 11.
 *
 * The rules, computed from what the member owns now and its target at the target (assignment) epoch:
 * - `keep   = owned ∩ target`
 * - `revoke = owned − target`
 * - `assign = target − keep − partitions still owned by other members`
 * 1. `revoke` non-empty → `UNREVOKED_PARTITIONS`: the member stays at its current epoch, keeps
 *    `keep` and is told to revoke `revoke`. It gets nothing new on this step (not even free
 *    partitions): it moves on only once a later heartbeat's owned partitions no longer hold them.
 * 2. Else some target partitions are still owned by others → `UNRELEASED_PARTITIONS`: the member
 *    moves to the target epoch and gets `keep ∪ assign` (only the free partitions); the rest wait
 *    in `pendingRelease` until their owners release them.
 * 3. Else → `STABLE` at the target epoch with `assigned = target`.
 * Never two owners (invariant 21): a partition is handed out only when no other member owns it,
 * and a member keeps owning what it is revoking until it reports it released.
 *
 * `pendingRelease` lists the target partitions this member lacks that another member still owns,
 * in every state (in state 1 the free ones are simply deferred: neither assigned nor pending).
 * Output lists are sorted (topic, then partition) and are new arrays.
 *
 * Left out: the rebalance timeout (a member that does not revoke in time is fenced with
 * FENCED_MEMBER_EPOCH and loses everything); static members (`group.instance.id`, epoch -2 on a
 * temporary leave, UNRELEASED_INSTANCE_ID); the UNKNOWN state (a member whose target vanished);
 * epoch special values (0 join, -1 leave) and the group epoch bump itself; topic ids and
 * per-partition epochs (ownership is the `ownedByOthers` predicate here); the assignor.
 */
import { KafkaInputError } from '../errors.js';
import type { TopicPartition } from '../ids.js';
import { topicPartitionKey } from '../ids.js';
import { compareTopicPartitions } from './assignor.js';

export type MemberReconcileState = 'STABLE' | 'UNREVOKED_PARTITIONS' | 'UNRELEASED_PARTITIONS';

export interface ReconcileInput {
  /** The epoch the member has reconciled to (0 for a member that just joined). */
  readonly memberEpoch: number;
  /** The epoch of the target assignment (≥ memberEpoch). */
  readonly targetEpoch: number;
  /** What the member owns now, as its latest heartbeat reports it. */
  readonly owned: readonly TopicPartition[];
  /** The member's partitions in the target assignment. */
  readonly target: readonly TopicPartition[];
  /** Whether another member of the group still owns a partition (the coordinator's view). */
  readonly ownedByOthers: (tp: TopicPartition) => boolean;
}

export interface ReconcileResult {
  readonly state: MemberReconcileState;
  /** The member's epoch after this step: unchanged while revoking, else `targetEpoch`. */
  readonly memberEpoch: number;
  /** What the member is assigned now (and may consume). */
  readonly assigned: TopicPartition[];
  /** What it must give up; it still owns these until it reports them released. */
  readonly revoking: TopicPartition[];
  /** Target partitions it does not have that another member still owns. */
  readonly pendingRelease: TopicPartition[];
}

function keyedUnique(list: readonly TopicPartition[], what: string): Map<string, TopicPartition> {
  const byKey = new Map<string, TopicPartition>();
  for (const tp of list) {
    if (!Number.isInteger(tp.partition) || tp.partition < 0) {
      throw new KafkaInputError(`${what}: invalid partition ${JSON.stringify(tp)}`);
    }
    const key = topicPartitionKey(tp); // unambiguous: the partition is a non-negative integer
    if (byKey.has(key)) throw new KafkaInputError(`${what}: duplicate partition ${topicPartitionKey(tp)}`);
    byKey.set(key, tp);
  }
  return byKey;
}

const sorted = (list: TopicPartition[]): TopicPartition[] => list.sort(compareTopicPartitions);

export function reconcileMember(input: ReconcileInput): ReconcileResult {
  const { memberEpoch, targetEpoch } = input;
  if (!Number.isInteger(memberEpoch) || memberEpoch < 0) {
    throw new KafkaInputError(`invalid member epoch ${String(memberEpoch)}`);
  }
  if (!Number.isInteger(targetEpoch) || targetEpoch < memberEpoch) {
    throw new KafkaInputError(`target epoch ${String(targetEpoch)} is below member epoch ${String(memberEpoch)}`);
  }
  const owned = keyedUnique(input.owned, 'owned');
  const target = keyedUnique(input.target, 'target');

  const keep: TopicPartition[] = [];
  const revoke: TopicPartition[] = [];
  for (const [key, tp] of owned) (target.has(key) ? keep : revoke).push({ ...tp });

  const free: TopicPartition[] = [];
  const pendingRelease: TopicPartition[] = [];
  for (const [key, tp] of target) {
    if (owned.has(key)) continue;
    (input.ownedByOthers(tp) ? pendingRelease : free).push({ ...tp });
  }

  if (revoke.length > 0) {
    return {
      state: 'UNREVOKED_PARTITIONS',
      memberEpoch,
      assigned: sorted(keep),
      revoking: sorted(revoke),
      pendingRelease: sorted(pendingRelease),
    };
  }
  return {
    state: pendingRelease.length > 0 ? 'UNRELEASED_PARTITIONS' : 'STABLE',
    memberEpoch: targetEpoch,
    assigned: sorted([...keep, ...free]),
    revoking: [],
    pendingRelease: sorted(pendingRelease),
  };
}
