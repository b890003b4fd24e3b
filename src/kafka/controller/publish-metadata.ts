/**
 * Metadata pushes: at the end of every step that changed something, each registered broker gets a
 * MetadataUpdate with a new metadataOffset: the delta, or the full snapshot if it needs one (just
 * registered, behind, or after a controller restart).
 */
import { brokerNode } from '../ids.js';
import type { BrokerMetadata, MetadataUpdate, TopicMetadata } from '../protocol/messages.js';
import type { BrokerRegistration } from './controller-types.js';
import { sortedRegistrations } from './draft.js';
import type { Turn } from './turn.js';

export function publishMetadata(turn: Turn): void {
  const { draft, out } = turn;
  const changed = draft.brokersChanged || draft.changedTopics.size > 0 || draft.changedPartitions.size > 0;
  if (!changed && draft.needsFullMetadata.size === 0) return;

  if (changed) draft.metadataOffset += 1;
  const metadataOffset = draft.metadataOffset;
  const brokers = sortedRegistrations(draft.registrations).map(brokerMetadataOf);
  const delta: MetadataUpdate = {
    type: 'MetadataUpdate',
    metadataOffset,
    brokers,
    topics: [...draft.changedTopics].map((name) => draft.topics.get(name) as TopicMetadata),
    partitions: [...draft.changedPartitions.values()],
  };
  let full: MetadataUpdate | undefined;
  for (const registration of sortedRegistrations(draft.registrations)) {
    if (draft.needsFullMetadata.has(registration.brokerId)) {
      full ??= { type: 'MetadataUpdate', metadataOffset, brokers, topics: draft.sortedTopics(), partitions: draft.allPartitions() };
      out.send(brokerNode(registration.brokerId), full);
    } else if (changed) {
      out.send(brokerNode(registration.brokerId), delta);
    }
  }
}

export function brokerMetadataOf(registration: BrokerRegistration): BrokerMetadata {
  return {
    brokerId: registration.brokerId,
    node: brokerNode(registration.brokerId),
    fenced: registration.fenced,
    brokerEpoch: registration.brokerEpoch,
  };
}
