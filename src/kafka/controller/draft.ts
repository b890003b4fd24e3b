/**
 * The draft: one step's working copy of the state, and the orders the controller lists things in
 * (topics by name, brokers by id).
 */
import { topicPartitionKey, type BrokerId } from '../ids.js';
import type { PartitionState, TopicMetadata } from '../protocol/messages.js';
import type { BrokerRegistration, ControllerState } from './controller-types.js';

/**
 * A step edits copies of the state's maps, then freezes them into a new ControllerState. It also
 * remembers what changed, which is exactly what the step's MetadataUpdate must carry.
 */
export class Draft {
  readonly registrations: Map<BrokerId, BrokerRegistration>;
  readonly topics: Map<string, TopicMetadata>;
  readonly partitions: Map<string, readonly PartitionState[]>;
  readonly lastHeartbeatAtMs: Map<BrokerId, number>;
  nextBrokerEpoch: number;
  metadataOffset: number;
  nextLeaderBalanceCheckAtMs: number | undefined;

  brokersChanged = false;
  readonly changedTopics = new Set<string>();
  readonly changedPartitions = new Map<string, PartitionState>();
  readonly needsFullMetadata = new Set<BrokerId>();
  private readonly copiedTopics = new Set<string>();

  constructor(state: ControllerState) {
    this.registrations = new Map(state.registrations);
    this.topics = new Map(state.topics);
    this.partitions = new Map(state.partitions);
    this.lastHeartbeatAtMs = new Map(state.lastHeartbeatAtMs);
    this.nextBrokerEpoch = state.nextBrokerEpoch;
    this.metadataOffset = state.metadataOffset;
    this.nextLeaderBalanceCheckAtMs = state.nextLeaderBalanceCheckAtMs;
  }

  setRegistration(registration: BrokerRegistration): void {
    this.registrations.set(registration.brokerId, registration);
    this.brokersChanged = true;
  }

  addTopic(topic: TopicMetadata): void {
    this.topics.set(topic.name, topic);
    this.partitions.set(topic.name, []);
    this.copiedTopics.add(topic.name);
    this.changedTopics.add(topic.name);
  }

  partition(topic: string, partition: number): PartitionState | undefined {
    return this.partitions.get(topic)?.[partition];
  }

  setPartition(partition: PartitionState): void {
    const existing = this.partitions.get(partition.topic) ?? [];
    // Copy a topic's partition list once per step; unchanged topics keep sharing theirs.
    const list = this.copiedTopics.has(partition.topic) ? (existing as PartitionState[]) : [...existing];
    list[partition.partition] = partition;
    this.partitions.set(partition.topic, list);
    this.copiedTopics.add(partition.topic);
    this.changedPartitions.set(topicPartitionKey(partition), partition);
  }

  /** Unfenced brokers. The model has no controlled shutdown, so unfenced means active (6.5). */
  activeBrokers(): Set<BrokerId> {
    return new Set(this.unfencedBrokers());
  }

  unfencedBrokers(): BrokerId[] {
    return sortedRegistrations(this.registrations)
      .filter((registration) => !registration.fenced)
      .map((registration) => registration.brokerId);
  }

  sortedTopics(): TopicMetadata[] {
    return sortedTopicNames(this.topics).map((name) => this.topics.get(name) as TopicMetadata);
  }

  allPartitions(): PartitionState[] {
    return sortedTopicNames(this.topics).flatMap((name) => [...(this.partitions.get(name) ?? [])]);
  }

  toState(): ControllerState {
    return {
      registrations: this.registrations,
      topics: this.topics,
      partitions: this.partitions,
      nextBrokerEpoch: this.nextBrokerEpoch,
      metadataOffset: this.metadataOffset,
      lastHeartbeatAtMs: this.lastHeartbeatAtMs,
      sessionClocksStale: false,
      nextLeaderBalanceCheckAtMs: this.nextLeaderBalanceCheckAtMs,
    };
  }
}

export function sortedTopicNames(topics: ReadonlyMap<string, TopicMetadata>): string[] {
  return [...topics.keys()].sort();
}

export function sortedRegistrations(registrations: ReadonlyMap<BrokerId, BrokerRegistration>): BrokerRegistration[] {
  return [...registrations.values()].sort((left, right) => left.brokerId - right.brokerId);
}
