/**
 * One broker's replica of one partition. Its role comes from the controller's partition state:
 * the leader serves produce and fetch requests; a follower pulls from the leader (Kafka replication
 * is pull-based); a replica whose partition has no leader waits.
 */
import type { BrokerId, NodeId } from '../ids.js';
import type { PartitionLog } from '../log/partition-log.js';
import type { Acks, FetchRequest, PartitionState } from '../protocol/messages.js';
import type { FollowerProgress } from '../replication/follower-progress.js';

/** An acks=all produce request waiting for the high watermark (Kafka's produce purgatory). */
export interface PendingProduce {
  readonly from: NodeId;
  readonly correlationId: number;
  readonly acks: Acks;
  readonly baseOffset: number;
  /** Last offset of the batch + 1: the HW the batch needs to be committed. */
  readonly requiredOffset: number;
  readonly deadline: number;
}

/** A fetch with nothing to return yet, held until data arrives or maxWaitMs passes (long poll). */
export interface ParkedFetch {
  readonly from: NodeId;
  readonly request: FetchRequest;
  readonly deadline: number;
}

/** An AlterPartition request the leader has sent and not yet heard back about (KIP-497). */
export interface PendingIsrChange {
  readonly proposedIsr: readonly BrokerId[];
  readonly basedOnPartitionEpoch: number;
  readonly expiresAt: number;
}

interface ReplicaBase {
  readonly topic: string;
  readonly partition: number;
  readonly log: PartitionLog;
  /** The controller's record of this partition, as this broker last learned it. */
  readonly partitionState: PartitionState;
}

export interface LeaderReplica extends ReplicaBase {
  readonly role: 'leader';
  readonly leaderEpoch: number;
  /** The leader's LEO when it was elected: followers must reach it to rejoin the ISR. */
  readonly leaderEpochStartOffset: number;
  readonly followers: ReadonlyMap<BrokerId, FollowerProgress>;
  readonly pendingIsrChange: PendingIsrChange | undefined;
  readonly purgatory: readonly PendingProduce[];
  readonly parkedFetches: readonly ParkedFetch[];
  readonly nextIsrCheckAt: number;
}

export interface FollowerReplica extends ReplicaBase {
  readonly role: 'follower';
  /** NO_LEADER while the partition is offline. */
  readonly leader: BrokerId;
  readonly leaderEpoch: number;
  readonly inFlightFetch: { readonly correlationId: number; readonly timesOutAt: number } | undefined;
  /** When to send the next fetch (after a backoff); undefined = as soon as nothing is in flight. */
  readonly nextFetchAt: number | undefined;
}

export type PartitionReplica = LeaderReplica | FollowerReplica;

/** The ISR the leader must respect while an AlterPartition is in flight: committed ∪ proposed (KIP-497). */
export function maximalIsr(replica: LeaderReplica): readonly BrokerId[] {
  const committed = replica.partitionState.isr;
  const pending = replica.pendingIsrChange;
  if (pending === undefined) return committed;
  const union = [...committed];
  for (const id of pending.proposedIsr) if (!union.includes(id)) union.push(id);
  return union;
}
