/**
 * Every step a machine takes explains itself with trace events. Tests assert on them, the tutor
 * draws them, and the path of one message is literally its events in order. Each event carries the
 * virtual time `at` and the `node` that emitted it (stamped by Outbox.emit).
 */
import type { ErrorCode } from './errors.js';
import type { BrokerId, NodeId } from './ids.js';
import type { KraftTraceEventBody } from './kraft/kraft-events.js';
import type { ZkTraceEventBody } from './zookeeper/zk-events.js';

interface Base {
  readonly at: number;
  readonly node: NodeId;
}

interface PartitionRef {
  readonly topic: string;
  readonly partition: number;
}

export type PartitioningReason = 'explicit' | 'key' | 'sticky' | 'round-robin';

export type ElectionReason =
  | 'topic-created'
  | 'leader-fenced'
  | 'broker-unfenced'
  | 'preferred'
  | 'unclean';

export type TraceEvent = Base &
  (
    // --- producer ---
    | (PartitionRef & {
        readonly type: 'produce.partitioned';
        readonly key: string | null;
        readonly value: string;
        readonly reason: PartitioningReason;
        /** murmur2 of the UTF-8 key bytes, when a key decided the partition. */
        readonly murmur2: number | undefined;
      })
    | (PartitionRef & {
        readonly type: 'produce.sent';
        readonly broker: BrokerId;
        readonly records: number;
        readonly acks: number;
        readonly attempt: number;
      })
    | (PartitionRef & {
        readonly type: 'produce.acknowledged';
        readonly baseOffset: number;
        /** The values acknowledged, in offset order from baseOffset (acks=0: offsets unknown, baseOffset -1). */
        readonly values: readonly string[];
        readonly acks: number;
      })
    | (PartitionRef & {
        readonly type: 'produce.failed';
        readonly error: ErrorCode;
        readonly values: readonly string[];
        readonly willRetry: boolean;
      })
    // --- broker: log and replication ---
    | (PartitionRef & {
        readonly type: 'produce.rejected';
        readonly broker: BrokerId;
        readonly error: ErrorCode;
        readonly records: number;
      })
    | (PartitionRef & {
        readonly type: 'log.appended';
        readonly broker: BrokerId;
        readonly role: 'leader' | 'follower';
        readonly baseOffset: number;
        readonly lastOffset: number;
        readonly leaderEpoch: number;
      })
    | (PartitionRef & {
        readonly type: 'log.truncated';
        readonly broker: BrokerId;
        readonly fromLogEndOffset: number;
        readonly toOffset: number;
        readonly divergingEpoch: number;
      })
    | (PartitionRef & {
        readonly type: 'replica.fetched';
        readonly leader: BrokerId;
        readonly follower: BrokerId;
        readonly fetchOffset: number;
        readonly records: number;
        readonly highWatermark: number;
      })
    | (PartitionRef & {
        readonly type: 'hw.advanced';
        readonly broker: BrokerId;
        readonly role: 'leader' | 'follower';
        readonly leaderEpoch: number;
        readonly from: number;
        readonly to: number;
      })
    /** A follower takes the leader's HW as it is: after a failover the new leader's may be lower (semantics 5.3). */
    | (PartitionRef & {
        readonly type: 'hw.lowered';
        readonly broker: BrokerId;
        readonly role: 'follower';
        readonly leaderEpoch: number;
        readonly from: number;
        readonly to: number;
      })
    | (PartitionRef & {
        readonly type: 'produce.completed';
        readonly broker: BrokerId;
        readonly error: ErrorCode;
        readonly baseOffset: number;
        readonly acks: number;
      })
    | (PartitionRef & {
        readonly type: 'isr.change.proposed';
        readonly leader: BrokerId;
        readonly isr: readonly BrokerId[];
        readonly proposedIsr: readonly BrokerId[];
      })
    | (PartitionRef & {
        readonly type: 'isr.shrunk';
        readonly removed: readonly BrokerId[];
        readonly isr: readonly BrokerId[];
        readonly partitionEpoch: number;
      })
    | (PartitionRef & {
        readonly type: 'isr.expanded';
        readonly added: readonly BrokerId[];
        readonly isr: readonly BrokerId[];
        readonly partitionEpoch: number;
      })
    | (PartitionRef & {
        readonly type: 'replica.became-leader' | 'replica.became-follower';
        readonly broker: BrokerId;
        readonly leader: BrokerId;
        readonly leaderEpoch: number;
        readonly logEndOffset: number;
      })
    // --- controller ---
    | {
        readonly type: 'topic.created';
        readonly topic: string;
        readonly numPartitions: number;
        readonly replicationFactor: number;
      }
    | (PartitionRef & {
        readonly type: 'leader.elected';
        readonly leader: BrokerId;
        readonly previousLeader: BrokerId;
        readonly leaderEpoch: number;
        readonly isr: readonly BrokerId[];
        readonly reason: ElectionReason;
      })
    | (PartitionRef & {
        readonly type: 'partition.offline';
        readonly previousLeader: BrokerId;
        readonly leaderEpoch: number;
        readonly isr: readonly BrokerId[];
      })
    | { readonly type: 'broker.registered'; readonly broker: BrokerId; readonly brokerEpoch: number }
    | { readonly type: 'broker.fenced'; readonly broker: BrokerId; readonly reason: 'session-timeout' | 're-registered' }
    | { readonly type: 'broker.unfenced'; readonly broker: BrokerId }
    // --- consumer ---
    /** Records arrived from the leader into the consumer's fetch buffer (not yet given to the application). */
    | (PartitionRef & {
        readonly type: 'consumer.fetched';
        readonly fromOffset: number;
        readonly values: readonly string[];
        readonly highWatermark: number;
      })
    /** poll() returned these buffered records to the application; the position is now past the last. */
    | (PartitionRef & {
        readonly type: 'consumer.polled';
        readonly fromOffset: number;
        readonly values: readonly string[];
      })
    | (PartitionRef & { readonly type: 'consumer.committed'; readonly offset: number })
    /** KIP-392: the leader sent this consumer to a follower in its rack (client.rack). */
    | (PartitionRef & { readonly type: 'consumer.read-replica-chosen'; readonly broker: BrokerId; readonly leader: BrokerId })
    // --- consumer groups: the coordinator (a broker) ---
    /** The group leaves Stable/Empty/CompletingRebalance: members must (re)join. */
    | { readonly type: 'group.rebalance-started'; readonly groupId: string; readonly generationId: number; readonly reason: string }
    | { readonly type: 'group.member-joined'; readonly groupId: string; readonly memberId: string }
    | {
        readonly type: 'group.member-removed';
        readonly groupId: string;
        readonly memberId: string;
        readonly reason: 'left' | 'session-timeout' | 'rebalance-timeout' | 'fenced';
      }
    /** The join phase is over: a new generation, its leader and the assignor chosen. */
    | {
        readonly type: 'group.rebalanced';
        readonly groupId: string;
        readonly generationId: number;
        readonly protocol: string | null;
        readonly leader: string | null;
        readonly members: readonly string[];
      }
    /** The leader's assignment arrived (SyncGroup): the generation is Stable. Partitions as "orders-2". */
    | {
        readonly type: 'group.stable';
        readonly groupId: string;
        readonly generationId: number;
        readonly assignment: Readonly<Record<string, readonly string[]>>;
      }
    /** A commit written to __consumer_offsets and acknowledged (the next offset to read). */
    | (PartitionRef & { readonly type: 'offset.committed'; readonly groupId: string; readonly offset: number; readonly memberId: string })
    | { readonly type: 'offset.commit-rejected'; readonly groupId: string; readonly memberId: string; readonly error: ErrorCode }
    /** KIP-848: the group epoch moved and a new target assignment was computed. */
    | {
        readonly type: 'group.epoch-bumped';
        readonly groupId: string;
        readonly groupEpoch: number;
        readonly reason: string;
        readonly target: Readonly<Record<string, readonly string[]>>;
      }
    /** KIP-848: one member's reconciliation step (CurrentAssignmentBuilder). */
    | {
        readonly type: 'group.member-reconciled';
        readonly groupId: string;
        readonly memberId: string;
        readonly memberEpoch: number;
        readonly state: string;
        readonly assigned: readonly string[];
        readonly revoking: readonly string[];
      }
    // --- consumer groups: the member (a consumer) ---
    | { readonly type: 'consumer.joined'; readonly groupId: string; readonly memberId: string; readonly generationId: number; readonly leader: boolean }
    | { readonly type: 'consumer.partitions-assigned'; readonly groupId: string; readonly memberId: string; readonly generationId: number; readonly partitions: readonly string[] }
    | { readonly type: 'consumer.partitions-revoked'; readonly groupId: string; readonly memberId: string; readonly partitions: readonly string[] }
    | { readonly type: 'consumer.group-error'; readonly groupId: string; readonly memberId: string; readonly api: string; readonly error: ErrorCode }
    // --- anything a machine refuses, for the learner to see ---
    | { readonly type: 'input.rejected'; readonly reason: string }
    // --- KRaft quorum and controllers (kraft/kraft-events.ts) ---
    | KraftTraceEventBody
    // --- ZooKeeper-mode model (zookeeper/zk-events.ts) ---
    | ZkTraceEventBody
  );

export type TraceEventType = TraceEvent['type'];

/** Narrow a trace to one event type, typed. */
export function eventsOfType<T extends TraceEventType>(
  events: readonly TraceEvent[],
  type: T,
): Array<Extract<TraceEvent, { type: T }>> {
  return events.filter((event): event is Extract<TraceEvent, { type: T }> => event.type === type);
}
