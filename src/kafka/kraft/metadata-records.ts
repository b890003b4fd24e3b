/**
 * The records of the `__cluster_metadata` log (semantics 6.5; KIP-631; the JSON schemas in
 * metadata/src/main/resources/common/metadata/ and the LeaderChangeMessage control record of
 * KIP-595). Only the fields the model uses are kept.
 *
 * Kafka since metadata version 3.3 writes BrokerRegistrationChangeRecord (fence/unfence flags)
 * instead of FenceBrokerRecord/UnfenceBrokerRecord; the older, self-explaining names are used here.
 * Not modelled: UnregisterBroker, RemoveTopic, Config, FeatureLevel, ProducerIds, ACL and quota
 * records, and the NoOpRecord an idle active controller appends every metadata.max.idle.interval.ms.
 */
import type { TopicConfig } from '../config.js';
import type { BrokerId, NodeId } from '../ids.js';
import type { PartitionState } from '../protocol/messages.js';

/** "No change" in a PartitionChangeRecord's leader field (Kafka: -2). */
export const NO_LEADER_CHANGE = -2;

export type MetadataRecord =
  /** Control record a new leader writes at the start of its epoch (KIP-595). */
  | { readonly type: 'LeaderChange'; readonly leaderId: number; readonly voters: readonly number[] }
  /** The broker epoch is this record's offset (semantics 6.5). New registrations start fenced. */
  | { readonly type: 'RegisterBroker'; readonly brokerId: BrokerId; readonly incarnationId: number; readonly node: NodeId }
  | { readonly type: 'FenceBroker'; readonly brokerId: BrokerId; readonly brokerEpoch: number }
  | { readonly type: 'UnfenceBroker'; readonly brokerId: BrokerId; readonly brokerEpoch: number }
  | { readonly type: 'Topic'; readonly name: string; readonly config: TopicConfig }
  /** A partition's full state, written when it is created (leaderEpoch and partitionEpoch 0). */
  | { readonly type: 'Partition'; readonly partition: PartitionState }
  /**
   * A delta: only changed fields are set. `leader` NO_LEADER_CHANGE (-2) = unchanged, -1 = no
   * leader. Applying one with a leader bumps leaderEpoch; every applied change bumps partitionEpoch.
   */
  | {
      readonly type: 'PartitionChange';
      readonly topic: string;
      readonly partition: number;
      readonly leader: number;
      readonly isr?: readonly BrokerId[];
      readonly leaderRecoveryState?: PartitionState['leaderRecoveryState'];
    };

export type MetadataRecordType = MetadataRecord['type'];

/** One entry of the metadata log: offset, the epoch of the leader that wrote it, the record. */
export interface MetadataEntry {
  readonly offset: number;
  readonly epoch: number;
  readonly record: MetadataRecord;
}

/** A short phrase for traces and the tutor. */
export function describeRecord(record: MetadataRecord): string {
  switch (record.type) {
    case 'LeaderChange':
      return `LeaderChange(leader ${record.leaderId})`;
    case 'RegisterBroker':
      return `RegisterBroker(broker ${record.brokerId})`;
    case 'FenceBroker':
      return `FenceBroker(broker ${record.brokerId})`;
    case 'UnfenceBroker':
      return `UnfenceBroker(broker ${record.brokerId})`;
    case 'Topic':
      return `Topic(${record.name})`;
    case 'Partition':
      return `Partition(${record.partition.topic}-${record.partition.partition} leader ${record.partition.leader})`;
    case 'PartitionChange': {
      const parts: string[] = [];
      if (record.leader !== NO_LEADER_CHANGE) parts.push(`leader ${record.leader}`);
      if (record.isr !== undefined) parts.push(`isr [${record.isr.join(',')}]`);
      if (record.leaderRecoveryState !== undefined) parts.push(record.leaderRecoveryState);
      return `PartitionChange(${record.topic}-${record.partition} ${parts.join(' ')})`;
    }
  }
}
