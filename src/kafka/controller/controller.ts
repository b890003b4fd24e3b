/**
 * The plain controller: one node ("controller") that registers brokers, watches their heartbeats,
 * fences the silent ones, creates topics, elects partition leaders and validates ISR changes.
 * KRaft's quorum (several controllers replicating a metadata log) comes later; this node plays the
 * active controller alone and keeps in memory what KRaft would write as metadata records.
 *
 * Sources: kafka-semantics 6.5 (registration, heartbeats, fencing), 6.6 (partition changes),
 * 5.1 and 5.5 (AlterPartition checks), 5.9, 5.10, 7.1 (the ZooKeeper-era push model), 9 (errors).
 *
 * Inputs and what they do:
 * - BrokerRegistrationRequest: new broker epoch, broker starts FENCED; a new incarnation of a known
 *   broker (it restarted and lost its memory) first fences the old registration.
 * - BrokerHeartbeatRequest: records the session; a fenced broker that no longer wants to be fenced
 *   is unfenced, and leaderless partitions are re-examined (it may become their leader).
 * - wake (and, first thing, every step): every unfenced broker silent for longer than
 *   brokerSessionTimeoutMs is fenced once the next fence check comes round.
 * - AlterPartitionRequest: the leader's ISR change, validated in Kafka's order.
 * - CreateTopicsRequest and the `create-topic` command: validate, place replicas, elect leaders.
 * - the `elect-preferred-leaders` command: preferred election (5.10); the same election runs on
 *   its own every leader.imbalance.check.interval for brokers that lead too few of their
 *   preferred partitions (auto.leader.rebalance.enable).
 * Outputs: replies, trace events and MetadataUpdate pushes. Like the ZooKeeper-era controller's
 * UpdateMetadata/LeaderAndIsr (7.1), state is pushed; under KRaft every broker (fenced ones too)
 * replays the metadata log instead, so here every registered broker gets every change.
 * MetadataUpdate carries the full broker list every time; `topics` and `partitions` are the ones
 * that changed in this step (brokers upsert them), except for a broker that just registered, or
 * every broker after a controller restart, which gets the full snapshot.
 *
 * This file builds the controller, dispatches each step and answers queries. The rest lives next
 * to it: controller-types.ts (the public types), draft.ts (a step's working copy), turn.ts,
 * broker-sessions.ts (registration, heartbeats, fencing), alter-partition.ts, topic-validation.ts
 * and create-topic.ts, preferred-election.ts, apply-partition-change.ts (writing a partition
 * change and its trace events) and publish-metadata.ts (the MetadataUpdate pushes).
 */
import { defaultControllerConfig } from '../config.js';
import { ErrorCode, errorName } from '../errors.js';
import { CONTROLLER_NODE } from '../ids.js';
import type { PartitionState, TopicMetadata } from '../protocol/messages.js';
import { earliest, Outbox, type Envelope, type NodeInput, type NodeMachine, type Step, type StepContext } from '../step.js';
import { handleAlterPartition } from './alter-partition.js';
import { fenceExpiredSessions, handleHeartbeat, handleRegistration, nextSessionCheckAt, restartSessionClocks } from './broker-sessions.js';
import type { BrokerStatus, ControllerCommand, ControllerOptions, ControllerPersisted, ControllerState } from './controller-types.js';
import { createTopic, handleCreateTopicsRequest } from './create-topic.js';
import { Draft, sortedRegistrations, sortedTopicNames } from './draft.js';
import { electLeader as defaultElectLeader, electPreferredLeader as defaultElectPreferredLeader } from './leader-election.js';
import { balanceLeadersIfDue } from './leader-balance.js';
import { electPreferredLeaders } from './preferred-election.js';
import { brokerMetadataOf, publishMetadata } from './publish-metadata.js';
import type { Turn } from './turn.js';

export type {
  BrokerRegistration,
  BrokerStatus,
  ControllerCommand,
  ControllerOptions,
  ControllerPersisted,
  ControllerState,
} from './controller-types.js';
export { MAX_TOPIC_NAME_LENGTH, topicNameProblem } from './topic-validation.js';

// ---------------------------------------------------------------------------------------------
// Construction
// ---------------------------------------------------------------------------------------------

export function createController(options: Partial<ControllerOptions> = {}): {
  readonly machine: NodeMachine<ControllerState, ControllerCommand, ControllerPersisted>;
  readonly initialState: ControllerState;
} {
  const resolved: ControllerOptions = {
    config: options.config ?? defaultControllerConfig,
    electLeader: options.electLeader ?? defaultElectLeader,
    electPreferredLeader: options.electPreferredLeader ?? defaultElectPreferredLeader,
  };
  const machine: NodeMachine<ControllerState, ControllerCommand, ControllerPersisted> = {
    step: (state, input, context) => stepController(resolved, state, input, context),
    persisted: persistController,
    restart: restartController,
  };
  return { machine, initialState: emptyControllerState() };
}

export function emptyControllerState(): ControllerState {
  return {
    registrations: new Map(),
    topics: new Map(),
    partitions: new Map(),
    nextBrokerEpoch: 1,
    metadataOffset: 0,
    lastHeartbeatAtMs: new Map(),
    sessionClocksStale: false,
    nextLeaderBalanceCheckAtMs: undefined,
  };
}

function persistController(state: ControllerState): ControllerPersisted {
  return {
    registrations: [...state.registrations.values()],
    topics: [...state.topics.values()],
    partitions: listPartitions(state),
    nextBrokerEpoch: state.nextBrokerEpoch,
    metadataOffset: state.metadataOffset,
  };
}

/**
 * Semantics 6.5: heartbeat times live only in the active controller's memory. After a restart
 * every session clock starts afresh (at the first step, the first moment the controller knows the
 * time), as after a KRaft controller failover, so fencing a dead broker can take longer.
 */
function restartController(persisted: ControllerPersisted): ControllerState {
  const partitions = new Map<string, PartitionState[]>();
  for (const topic of persisted.topics) partitions.set(topic.name, []);
  for (const partition of persisted.partitions) {
    const list = partitions.get(partition.topic);
    if (list !== undefined) list[partition.partition] = partition;
  }
  return {
    registrations: new Map(persisted.registrations.map((registration) => [registration.brokerId, registration])),
    topics: new Map(persisted.topics.map((topic) => [topic.name, topic])),
    partitions,
    nextBrokerEpoch: persisted.nextBrokerEpoch,
    metadataOffset: persisted.metadataOffset,
    lastHeartbeatAtMs: new Map(),
    sessionClocksStale: true,
    nextLeaderBalanceCheckAtMs: undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Queries for other modules (pure)
// ---------------------------------------------------------------------------------------------

export function partitionStateOf(state: ControllerState, topic: string, partition: number): PartitionState | undefined {
  return state.partitions.get(topic)?.[partition];
}

/** Every partition, sorted by topic name then partition number. */
export function listPartitions(state: ControllerState): PartitionState[] {
  return sortedTopicNames(state.topics).flatMap((name) => [...(state.partitions.get(name) ?? [])]);
}

export function listTopics(state: ControllerState): TopicMetadata[] {
  return sortedTopicNames(state.topics).map((name) => state.topics.get(name) as TopicMetadata);
}

/** Every registered broker, sorted by id. */
export function brokerStatus(state: ControllerState): BrokerStatus[] {
  return sortedRegistrations(state.registrations).map((registration) => ({
    ...brokerMetadataOf(registration),
    incarnationId: registration.incarnationId,
    lastHeartbeatAtMs: state.lastHeartbeatAtMs.get(registration.brokerId),
  }));
}

// ---------------------------------------------------------------------------------------------
// One step
// ---------------------------------------------------------------------------------------------

function stepController(
  options: ControllerOptions,
  state: ControllerState,
  input: NodeInput<ControllerCommand>,
  context: StepContext,
): Step<ControllerState> {
  const turn: Turn = {
    options,
    draft: new Draft(state),
    out: new Outbox(CONTROLLER_NODE, context.now),
    now: context.now,
    random: context.random,
  };
  if (state.sessionClocksStale) restartSessionClocks(turn);
  // Kafka's fence timer fires on time. A runtime may wake us late, or hand us a message first:
  // every step starts by catching up on sessions that expired, so `wake` itself needs no branch.
  fenceExpiredSessions(turn);
  balanceLeadersIfDue(turn);

  switch (input.kind) {
    case 'start':
    case 'wake':
      break;
    case 'deliver':
      handleEnvelope(turn, input.envelope);
      break;
    case 'command':
      handleCommand(turn, input.command);
      break;
  }

  publishMetadata(turn);
  const next = turn.draft.toState();
  return turn.out.finish(next, earliest(nextSessionCheckAt(next, options.config), next.nextLeaderBalanceCheckAtMs));
}

function handleEnvelope(turn: Turn, envelope: Envelope): void {
  const { message, from } = envelope;
  switch (message.type) {
    case 'BrokerRegistrationRequest':
      return handleRegistration(turn, from, message);
    case 'BrokerHeartbeatRequest':
      return handleHeartbeat(turn, from, message);
    case 'AlterPartitionRequest':
      return handleAlterPartition(turn, from, message);
    case 'CreateTopicsRequest':
      return handleCreateTopicsRequest(turn, from, message);
    default:
      turn.out.emit({ type: 'input.rejected', reason: `The controller does not handle ${message.type} (from ${from}).` });
  }
}

function handleCommand(turn: Turn, command: ControllerCommand): void {
  switch (command.type) {
    case 'create-topic': {
      const outcome = createTopic(turn, command);
      if (outcome.error !== ErrorCode.NONE) {
        turn.out.emit({
          type: 'input.rejected',
          reason: `create-topic "${String(command.name)}" rejected (${errorName(outcome.error)}): ${outcome.message}`,
        });
      }
      return;
    }
    case 'elect-preferred-leaders':
      return electPreferredLeaders(turn, command.topic);
    default: {
      // Scenario scripts are written by learners in plain JavaScript too: say what went wrong.
      const type = (command as { type?: unknown }).type;
      turn.out.emit({ type: 'input.rejected', reason: `Unknown controller command ${JSON.stringify(type)}.` });
    }
  }
}
