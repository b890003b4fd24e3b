/**
 * Topic creation, from a CreateTopicsRequest or the `create-topic` command: validate, place
 * replicas (automatically or as the request assigns them), elect each partition's first leader.
 */
import { defaultTopicConfig, type TopicConfig } from '../config.js';
import { ErrorCode } from '../errors.js';
import { NO_LEADER, type BrokerId, type NodeId } from '../ids.js';
import type { CreateTopicsRequest, PartitionState, TopicMetadata } from '../protocol/messages.js';
import type { BrokerRegistration } from './controller-types.js';
import { assignReplicas } from './replica-assignment.js';
import { topicProblem, type Outcome, type TopicSpec } from './topic-validation.js';
import type { Turn } from './turn.js';

export function handleCreateTopicsRequest(turn: Turn, from: NodeId, request: CreateTopicsRequest): void {
  const outcome = createTopic(turn, request);
  turn.out.send(from, {
    type: 'CreateTopicsResponse',
    correlationId: request.correlationId,
    name: request.name,
    error: outcome.error,
    errorMessage: outcome.error === ErrorCode.NONE ? undefined : outcome.message,
  });
}

export function createTopic(turn: Turn, spec: TopicSpec): Outcome {
  const problem = topicProblem(turn.draft, spec);
  if (problem !== undefined) return problem;
  const placement =
    spec.replicaAssignment === undefined
      ? assignReplicas(
          { brokers: turn.draft.unfencedBrokers(), numPartitions: spec.numPartitions, replicationFactor: spec.replicationFactor },
          turn.random,
        )
      : checkManualAssignment(spec, turn.draft.registrations);
  if (!placement.ok) return { error: placement.error, message: placement.message };
  const active = new Set(turn.draft.unfencedBrokers());

  const topic: TopicMetadata = {
    name: spec.name,
    numPartitions: spec.numPartitions,
    replicationFactor: spec.replicationFactor,
    config: topicConfigOf(spec.config),
  };
  turn.draft.addTopic(topic);
  turn.out.emit({ type: 'topic.created', topic: topic.name, numPartitions: topic.numPartitions, replicationFactor: topic.replicationFactor });
  placement.replicas.forEach((replicas, index) => {
    // The first unfenced replica leads from the start (with automatic placement that is always
    // the preferred leader); only unfenced replicas start in the ISR (ReplicationControlManager).
    const isr = replicas.filter((id) => active.has(id));
    const partition: PartitionState = {
      topic: topic.name,
      partition: index,
      replicas: [...replicas],
      isr,
      leader: isr[0] ?? NO_LEADER,
      leaderEpoch: 0,
      partitionEpoch: 0,
      leaderRecoveryState: 'RECOVERED',
    };
    turn.draft.setPartition(partition);
    turn.out.emit({
      type: 'leader.elected',
      topic: topic.name,
      partition: index,
      leader: partition.leader,
      previousLeader: NO_LEADER,
      leaderEpoch: 0,
      isr: partition.isr,
      reason: 'topic-created',
    });
  });
  return { error: ErrorCode.NONE, message: '' };
}

/**
 * A manual assignment (CreateTopics' `assignments`) names registered brokers, each once per
 * partition, with the same count for every partition, and at least one unfenced replica each.
 */
function checkManualAssignment(
  spec: TopicSpec,
  registrations: ReadonlyMap<BrokerId, BrokerRegistration>,
): { ok: true; replicas: BrokerId[][] } | { ok: false; error: ErrorCode; message: string } {
  const assignment = spec.replicaAssignment ?? [];
  const invalid = (message: string) => ({ ok: false as const, error: ErrorCode.INVALID_REPLICA_ASSIGNMENT, message });
  if (assignment.length !== spec.numPartitions) {
    return invalid(`the assignment lists ${assignment.length} partitions but the topic has ${spec.numPartitions}`);
  }
  for (const [partition, replicas] of assignment.entries()) {
    if (replicas.length !== spec.replicationFactor) {
      return invalid(`partition ${partition} lists ${replicas.length} replicas, the replication factor is ${spec.replicationFactor}`);
    }
    if (new Set(replicas).size !== replicas.length) return invalid(`partition ${partition} names a broker twice: ${replicas.join(':')}`);
    const unknown = replicas.find((id) => !registrations.has(id));
    if (unknown !== undefined) return invalid(`partition ${partition} names broker ${unknown}, which is not registered`);
    if (replicas.every((id) => registrations.get(id)?.fenced !== false)) {
      return invalid(`partition ${partition} has no unfenced replica to lead it`);
    }
  }
  return { ok: true, replicas: assignment.map((replicas) => [...replicas]) };
}

function topicConfigOf(config: Partial<TopicConfig> | undefined): TopicConfig {
  return {
    minInsyncReplicas: config?.minInsyncReplicas ?? defaultTopicConfig.minInsyncReplicas,
    uncleanLeaderElectionEnable: config?.uncleanLeaderElectionEnable ?? defaultTopicConfig.uncleanLeaderElectionEnable,
  };
}
