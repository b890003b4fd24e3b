/**
 * The controller's public types: how it is built (options), what scripts ask of it (commands),
 * its state, what survives a crash, and how it reports a broker. Types only; controller.ts
 * re-exports every one of them.
 */
import type { ControllerConfig, TopicConfig } from '../config.js';
import type { BrokerId } from '../ids.js';
import type { BrokerMetadata, PartitionState, TopicMetadata } from '../protocol/messages.js';
import type { ElectLeader, LeaderElectionInput, LeaderElectionResult } from './leader-election.js';

export interface ControllerOptions {
  readonly config: ControllerConfig;
  /** Injectable so a lab can run the cluster on the learner's election. */
  readonly electLeader: ElectLeader;
  readonly electPreferredLeader?: (input: LeaderElectionInput) => LeaderElectionResult;
}

/** What scenario scripts (and the tutor) ask the controller to do directly. */
export type ControllerCommand =
  | {
      readonly type: 'create-topic';
      readonly name: string;
      readonly numPartitions: number;
      readonly replicationFactor: number;
      readonly config?: Partial<TopicConfig>;
      /** Manual placement, replicas per partition, as kafka-topics --replica-assignment takes it. */
      readonly replicaAssignment?: ReadonlyArray<readonly BrokerId[]>;
    }
  /** Preferred election for one topic, or for every topic when `topic` is left out. */
  | { readonly type: 'elect-preferred-leaders'; readonly topic?: string };

/** The controller's record of a broker (KRaft's RegisterBrokerRecord plus its fencing flag). */
export interface BrokerRegistration {
  readonly brokerId: BrokerId;
  readonly incarnationId: number;
  readonly brokerEpoch: number;
  readonly fenced: boolean;
}

export interface ControllerState {
  readonly registrations: ReadonlyMap<BrokerId, BrokerRegistration>;
  readonly topics: ReadonlyMap<string, TopicMetadata>;
  /** Per topic, indexed by partition number. */
  readonly partitions: ReadonlyMap<string, readonly PartitionState[]>;
  /** Stands in for the metadata-log offset of the next RegisterBrokerRecord: only ever grows. */
  readonly nextBrokerEpoch: number;
  /** Bumped by every published change; brokers report theirs in heartbeats (KRaft's metadata offset). */
  readonly metadataOffset: number;
  /** Soft state, never persisted (semantics 6.5): when each broker was last heard from. */
  readonly lastHeartbeatAtMs: ReadonlyMap<BrokerId, number>;
  /** True after a restart until the first step, which restarts every session clock at its time. */
  readonly sessionClocksStale: boolean;
  /** Soft state: when the next automatic leader-balance check is due (undefined until the first step). */
  readonly nextLeaderBalanceCheckAtMs: number | undefined;
}

/** What survives a controller crash: what KRaft keeps in the metadata log (or ZooKeeper kept). */
export interface ControllerPersisted {
  readonly registrations: readonly BrokerRegistration[];
  readonly topics: readonly TopicMetadata[];
  readonly partitions: readonly PartitionState[];
  readonly nextBrokerEpoch: number;
  readonly metadataOffset: number;
}

export interface BrokerStatus extends BrokerMetadata {
  readonly incarnationId: number;
  /** undefined right after a controller restart, before its first step. */
  readonly lastHeartbeatAtMs: number | undefined;
}
