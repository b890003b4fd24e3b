/**
 * What a broker knows of the cluster: brokers, topics and partition states, as the controller last
 * told it. Clients ask any broker for metadata and are answered from here.
 */
import { ErrorCode } from '../errors.js';
import type { BrokerId } from '../ids.js';
import { topicPartitionKey } from '../ids.js';
import type {
  BrokerMetadata,
  MetadataRequest,
  MetadataResponse,
  MetadataUpdate,
  PartitionState,
  TopicMetadata,
} from '../protocol/messages.js';

export interface MetadataCache {
  /** The controller's metadata offset of the newest update applied; reported in heartbeats. */
  readonly metadataOffset: number;
  readonly brokers: ReadonlyMap<BrokerId, BrokerMetadata>;
  readonly topics: ReadonlyMap<string, TopicMetadata>;
  /** Keyed by "topic-partition". */
  readonly partitions: ReadonlyMap<string, PartitionState>;
}

export const emptyMetadataCache: MetadataCache = {
  metadataOffset: -1,
  brokers: new Map(),
  topics: new Map(),
  partitions: new Map(),
};

/**
 * Apply a controller update. Updates can arrive out of order on a real network, so a partition
 * state only replaces the one we hold when its partition epoch is newer (KRaft bumps it on every
 * change); the broker list is taken whole from an update at least as new as any applied before.
 */
export function applyMetadataUpdate(cache: MetadataCache, update: MetadataUpdate): MetadataCache {
  const newest = update.metadataOffset >= cache.metadataOffset;
  const brokers =
    newest && update.brokers.length > 0 ? new Map(update.brokers.map((broker) => [broker.brokerId, broker])) : cache.brokers;
  let topics = cache.topics;
  if (update.topics.length > 0) {
    const next = new Map(topics);
    for (const topic of update.topics) next.set(topic.name, topic);
    topics = next;
  }
  let partitions = cache.partitions;
  for (const state of update.partitions) {
    const key = topicPartitionKey(state);
    const known = partitions.get(key);
    if (known !== undefined && !isNewer(state, known)) continue;
    if (partitions === cache.partitions) partitions = new Map(partitions);
    (partitions as Map<string, PartitionState>).set(key, state);
  }
  return { metadataOffset: Math.max(cache.metadataOffset, update.metadataOffset), brokers, topics, partitions };
}

export function isNewer(candidate: PartitionState, known: PartitionState): boolean {
  return (
    candidate.leaderEpoch > known.leaderEpoch ||
    (candidate.leaderEpoch === known.leaderEpoch && candidate.partitionEpoch > known.partitionEpoch)
  );
}

export function answerMetadataRequest(cache: MetadataCache, request: MetadataRequest): MetadataResponse {
  const names = request.topics ?? [...cache.topics.keys()].sort();
  return {
    type: 'MetadataResponse',
    correlationId: request.correlationId,
    brokers: [...cache.brokers.values()].filter((broker) => !broker.fenced),
    topics: names.map((name) => {
      const topic = cache.topics.get(name);
      if (topic === undefined) return { name, error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, partitions: [] };
      const partitions: PartitionState[] = [];
      for (let partition = 0; partition < topic.numPartitions; partition++) {
        const state = cache.partitions.get(topicPartitionKey({ topic: name, partition }));
        if (state !== undefined) partitions.push(state);
      }
      return { name, error: ErrorCode.NONE, partitions };
    }),
  };
}

/** KIP-841/903: a replica may join the ISR only if its broker is registered, unfenced and on the epoch we know. */
export function isIsrEligible(cache: MetadataCache, brokerId: BrokerId, fetchBrokerEpoch: number): boolean {
  const broker = cache.brokers.get(brokerId);
  if (broker === undefined || broker.fenced) return false;
  return fetchBrokerEpoch === -1 || fetchBrokerEpoch === broker.brokerEpoch;
}
