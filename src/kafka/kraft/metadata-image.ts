/**
 * What a node knows of the cluster after replaying the metadata log: brokers, topics, partitions
 * (semantics 6.1, 6.5; MetadataImage and MetadataDelta in metadata/src/main/java/org/apache/kafka/image/).
 * Every controller and broker folds the same committed records in the same order, so they all reach
 * the same image: that is what "brokers follow the metadata log" means.
 */
import type { TopicConfig } from '../config.js';
import type { BrokerId, NodeId } from '../ids.js';
import type { PartitionState } from '../protocol/messages.js';
import { NO_LEADER_CHANGE, type MetadataEntry, type MetadataRecord } from './metadata-records.js';

export interface BrokerImage {
  readonly brokerId: BrokerId;
  readonly node: NodeId;
  readonly incarnationId: number;
  /** The offset of its RegisterBroker record (semantics 6.5). */
  readonly brokerEpoch: number;
  readonly fenced: boolean;
}

export interface MetadataImage {
  /** The offset after the last record folded in (the next one to replay). */
  readonly nextOffset: number;
  readonly brokers: ReadonlyMap<BrokerId, BrokerImage>;
  readonly topics: ReadonlyMap<string, TopicConfig>;
  /** Keyed by "topic-partition". */
  readonly partitions: ReadonlyMap<string, PartitionState>;
  /** The controller that wrote the latest LeaderChange record, if any. */
  readonly controllerId: number | undefined;
}

export const emptyImage: MetadataImage = {
  nextOffset: 0,
  brokers: new Map(),
  topics: new Map(),
  partitions: new Map(),
  controllerId: undefined,
};

export function partitionKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** The image after `entries`, which must continue it exactly (offsets nextOffset, nextOffset + 1, ...). */
export function replay(image: MetadataImage, entries: readonly MetadataEntry[]): MetadataImage {
  if (entries.length === 0) return image;
  const brokers = new Map(image.brokers);
  const topics = new Map(image.topics);
  const partitions = new Map(image.partitions);
  let controllerId = image.controllerId;
  let nextOffset = image.nextOffset;
  for (const entry of entries) {
    if (entry.offset !== nextOffset) {
      throw new Error(`metadata replay: expected offset ${nextOffset}, got ${entry.offset}`);
    }
    controllerId = applyRecord({ brokers, topics, partitions }, entry.record, entry.offset) ?? controllerId;
    nextOffset += 1;
  }
  return { nextOffset, brokers, topics, partitions, controllerId };
}

interface MutableImage {
  readonly brokers: Map<BrokerId, BrokerImage>;
  readonly topics: Map<string, TopicConfig>;
  readonly partitions: Map<string, PartitionState>;
}

/** Folds one record in; returns the new controller id for a LeaderChange. */
function applyRecord(image: MutableImage, record: MetadataRecord, offset: number): number | undefined {
  switch (record.type) {
    case 'LeaderChange':
      return record.leaderId;
    case 'RegisterBroker':
      image.brokers.set(record.brokerId, {
        brokerId: record.brokerId,
        node: record.node,
        incarnationId: record.incarnationId,
        brokerEpoch: offset,
        fenced: true,
      });
      return undefined;
    case 'FenceBroker':
    case 'UnfenceBroker': {
      const broker = image.brokers.get(record.brokerId);
      // A record for an older registration changes nothing (Kafka checks the broker epoch too).
      if (broker !== undefined && broker.brokerEpoch === record.brokerEpoch) {
        image.brokers.set(record.brokerId, { ...broker, fenced: record.type === 'FenceBroker' });
      }
      return undefined;
    }
    case 'Topic':
      image.topics.set(record.name, record.config);
      return undefined;
    case 'Partition':
      image.partitions.set(partitionKey(record.partition.topic, record.partition.partition), record.partition);
      return undefined;
    case 'PartitionChange': {
      const key = partitionKey(record.topic, record.partition);
      const current = image.partitions.get(key);
      if (current === undefined) throw new Error(`metadata replay: PartitionChange for unknown partition ${key} at offset ${offset}`);
      image.partitions.set(key, applyPartitionChange(current, record));
      return undefined;
    }
  }
}

/** PartitionChangeRecord semantics (semantics 6.5): a leader field bumps leaderEpoch; every change bumps partitionEpoch. */
export function applyPartitionChange(
  current: PartitionState,
  change: Extract<MetadataRecord, { type: 'PartitionChange' }>,
): PartitionState {
  const leaderChanged = change.leader !== NO_LEADER_CHANGE;
  return {
    ...current,
    leader: leaderChanged ? change.leader : current.leader,
    leaderEpoch: leaderChanged ? current.leaderEpoch + 1 : current.leaderEpoch,
    isr: change.isr ?? current.isr,
    leaderRecoveryState: change.leaderRecoveryState ?? current.leaderRecoveryState,
    partitionEpoch: current.partitionEpoch + 1,
  };
}

/** Unfenced brokers: the ones a leader election may pick (no controlled shutdown in this model). */
export function activeBrokers(image: MetadataImage): Set<BrokerId> {
  const active = new Set<BrokerId>();
  for (const broker of image.brokers.values()) if (!broker.fenced) active.add(broker.brokerId);
  return active;
}
