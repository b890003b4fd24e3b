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
 * - the `elect-preferred-leaders` command: preferred election (5.10).
 * Outputs: replies, trace events and MetadataUpdate pushes. Like the ZooKeeper-era controller's
 * UpdateMetadata/LeaderAndIsr (7.1), state is pushed; under KRaft every broker (fenced ones too)
 * replays the metadata log instead, so here every registered broker gets every change.
 * MetadataUpdate carries the full broker list every time; `topics` and `partitions` are the ones
 * that changed in this step (brokers upsert them), except for a broker that just registered, or
 * every broker after a controller restart, which gets the full snapshot.
 */
import { defaultControllerConfig, defaultTopicConfig, type ControllerConfig, type TopicConfig } from '../config.js';
import { ErrorCode, errorName } from '../errors.js';
import { CONTROLLER_NODE, NO_LEADER, brokerIdOf, brokerNode, topicPartitionKey, type BrokerId, type NodeId } from '../ids.js';
import type {
  AlterPartitionRequest,
  BrokerHeartbeatRequest,
  BrokerMetadata,
  BrokerRegistrationRequest,
  CreateTopicsRequest,
  MetadataUpdate,
  PartitionState,
  TopicMetadata,
} from '../protocol/messages.js';
import { Outbox, type Envelope, type NodeInput, type NodeMachine, type RandomSource, type Step, type StepContext } from '../step.js';
import {
  electLeader as defaultElectLeader,
  electPreferredLeader as defaultElectPreferredLeader,
  type ElectLeader,
  type LeaderElectionInput,
  type LeaderElectionResult,
} from './leader-election.js';
import { computePartitionChange, type PartitionChange, type PartitionChangeEvent } from './partition-change.js';
import { assignReplicas } from './replica-assignment.js';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

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

/** Kafka's Topic.validate limits (clients/.../common/internals/Topic.java). */
export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;

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

/** Why a topic name is illegal, in Kafka's terms, or undefined when it is fine. */
export function topicNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'A topic name must be a non-empty string.';
  if (name === '.' || name === '..') return 'A topic cannot be named "." or "..".';
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return `Topic name "${name.slice(0, 20)}..." is ${name.length} characters long; Kafka allows at most ${MAX_TOPIC_NAME_LENGTH}.`;
  }
  if (!LEGAL_TOPIC_NAME.test(name)) {
    return `Topic name "${name}" is illegal: use only ASCII letters, digits, '.', '_' and '-'.`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// One step
// ---------------------------------------------------------------------------------------------

/** Everything one step works with: a mutable draft of the state, the outbox and the options. */
interface Turn {
  readonly options: ControllerOptions;
  readonly draft: Draft;
  readonly out: Outbox;
  readonly now: number;
  readonly random: RandomSource;
}

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
  return turn.out.finish(next, nextSessionCheckAt(next, options.config));
}

function restartSessionClocks(turn: Turn): void {
  for (const brokerId of turn.draft.registrations.keys()) {
    turn.draft.lastHeartbeatAtMs.set(brokerId, turn.now);
    // Pushes in flight when the controller died may be lost: resend everyone the full picture.
    turn.draft.needsFullMetadata.add(brokerId);
  }
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

// ---------------------------------------------------------------------------------------------
// Broker registration, heartbeats, fencing (semantics 6.5)
// ---------------------------------------------------------------------------------------------

function handleRegistration(turn: Turn, from: NodeId, request: BrokerRegistrationRequest): void {
  const { draft, out } = turn;
  const reply = (error: ErrorCode, brokerEpoch: number): void =>
    out.send(from, { type: 'BrokerRegistrationResponse', error, brokerEpoch });

  if (brokerIdOf(from) !== request.brokerId) {
    out.emit({ type: 'input.rejected', reason: `${from} tried to register as broker ${request.brokerId}.` });
    return reply(ErrorCode.INVALID_REQUEST, -1);
  }
  const existing = draft.registrations.get(request.brokerId);
  if (existing !== undefined && existing.incarnationId === request.incarnationId) {
    // Same process asking again (it lost our answer): same registration, same epoch, fresh snapshot.
    draft.lastHeartbeatAtMs.set(request.brokerId, turn.now);
    draft.needsFullMetadata.add(request.brokerId);
    return reply(ErrorCode.NONE, existing.brokerEpoch);
  }
  if (existing !== undefined) {
    // A new incarnation: the broker restarted and lost its memory, so its old registration must not
    // stay leader anywhere. Kafka's ClusterControlManager.registerBroker instead refuses a new
    // incarnation while the old session is still valid (DuplicateBrokerRegistrationException) and
    // accepts it once that session has lapsed; the model accepts at once and fences first, so the
    // restart's effect on leadership is visible immediately.
    fenceBroker(turn, request.brokerId, 're-registered');
  }
  const registration: BrokerRegistration = {
    brokerId: request.brokerId,
    incarnationId: request.incarnationId,
    brokerEpoch: draft.nextBrokerEpoch,
    fenced: true, // semantics 6.5: a new registration starts fenced
  };
  draft.nextBrokerEpoch += 1;
  draft.setRegistration(registration);
  draft.lastHeartbeatAtMs.set(request.brokerId, turn.now);
  draft.needsFullMetadata.add(request.brokerId);
  out.emit({ type: 'broker.registered', broker: registration.brokerId, brokerEpoch: registration.brokerEpoch });
  reply(ErrorCode.NONE, registration.brokerEpoch);
}

function handleHeartbeat(turn: Turn, from: NodeId, request: BrokerHeartbeatRequest): void {
  const { draft, out } = turn;
  const registration = draft.registrations.get(request.brokerId);
  const reply = (error: ErrorCode, isFenced: boolean): void =>
    out.send(from, { type: 'BrokerHeartbeatResponse', error, isFenced });

  if (brokerIdOf(from) !== request.brokerId) return reply(ErrorCode.INVALID_REQUEST, true);
  if (registration === undefined || registration.brokerEpoch !== request.brokerEpoch) {
    // An unknown broker or an old incarnation's epoch: it must register (again).
    return reply(ErrorCode.STALE_BROKER_EPOCH, true);
  }
  draft.lastHeartbeatAtMs.set(request.brokerId, turn.now);
  // A push can be lost (a partition, a dropped packet). KRaft brokers pull the metadata log and
  // cannot miss a record; here the heartbeat says how far the broker got, and a broker that is
  // behind gets a full snapshot, so a lost update heals within one heartbeat interval.
  if (request.metadataOffset < draft.metadataOffset) draft.needsFullMetadata.add(request.brokerId);
  // KRaft unfences only once the broker's reported metadata offset has reached its own
  // registration record. With a push controller the broker has the metadata as soon as it has our
  // MetadataUpdate, which was sent right after the registration reply, so asking is enough.
  // (An unfenced broker asking to be fenced again is not modelled: Kafka brokers ask that only
  // while starting up, before their first unfencing.)
  if (registration.fenced && !request.wantFence) unfenceBroker(turn, request.brokerId);
  reply(ErrorCode.NONE, draft.registrations.get(request.brokerId)?.fenced ?? true);
}

function fenceExpiredSessions(turn: Turn): void {
  for (const registration of sortedRegistrations(turn.draft.registrations)) {
    if (registration.fenced) continue;
    const lastHeartbeatAtMs = turn.draft.lastHeartbeatAtMs.get(registration.brokerId) ?? turn.now;
    if (turn.now >= sessionExpiryCheckAt(lastHeartbeatAtMs, turn.options.config)) {
      fenceBroker(turn, registration.brokerId, 'session-timeout');
    }
  }
}

/** When to wake next: the earliest expiry check of any unfenced broker's session. */
function nextSessionCheckAt(state: ControllerState, config: ControllerConfig): number | undefined {
  let wakeAt: number | undefined;
  for (const registration of state.registrations.values()) {
    const lastHeartbeatAtMs = state.lastHeartbeatAtMs.get(registration.brokerId);
    if (registration.fenced || lastHeartbeatAtMs === undefined) continue;
    const checkAt = sessionExpiryCheckAt(lastHeartbeatAtMs, config);
    if (wakeAt === undefined || checkAt < wakeAt) wakeAt = checkAt;
  }
  return wakeAt;
}

/**
 * When a session is found expired. Kafka's BrokerHeartbeatManager keeps a session valid while
 * lastContact + brokerSessionTimeoutMs >= now, and 4.x schedules its check for that exact moment
 * (QuorumController.rescheduleMaybeFenceStaleBrokers). The model checks on a fenceCheckIntervalMs
 * grid instead: the first grid point after the deadline, so fence times read as round numbers in
 * traces. With fenceCheckIntervalMs = 1 this is Kafka's timing exactly (deadline + 1 ms).
 */
function sessionExpiryCheckAt(lastHeartbeatAtMs: number, config: ControllerConfig): number {
  const deadlineMs = lastHeartbeatAtMs + config.brokerSessionTimeoutMs;
  const gridMs = config.fenceCheckIntervalMs;
  if (!(gridMs > 0)) return deadlineMs + 1;
  return (Math.floor(deadlineMs / gridMs) + 1) * gridMs;
}

/**
 * Semantics 6.6: fencing a broker generates a change for every partition whose ISR holds it:
 * leadership moves to the next ISR replica in replica order, the ISR shrinks.
 */
function fenceBroker(turn: Turn, brokerId: BrokerId, reason: 'session-timeout' | 're-registered'): void {
  const registration = turn.draft.registrations.get(brokerId);
  if (registration === undefined || registration.fenced) return;
  turn.draft.setRegistration({ ...registration, fenced: true });
  turn.out.emit({ type: 'broker.fenced', broker: brokerId, reason });
  const activeBrokers = turn.draft.activeBrokers();
  for (const partition of turn.draft.allPartitions()) {
    if (!partition.isr.includes(brokerId) && partition.leader !== brokerId) continue;
    changePartition(turn, partition, { kind: 'fence', broker: brokerId }, activeBrokers);
  }
}

/** Semantics 6.6: an unfenced broker re-examines every leaderless partition. */
function unfenceBroker(turn: Turn, brokerId: BrokerId): void {
  const registration = turn.draft.registrations.get(brokerId);
  if (registration === undefined || !registration.fenced) return;
  turn.draft.setRegistration({ ...registration, fenced: false });
  turn.out.emit({ type: 'broker.unfenced', broker: brokerId });
  const activeBrokers = turn.draft.activeBrokers();
  for (const partition of turn.draft.allPartitions()) {
    if (partition.leader !== NO_LEADER) continue;
    changePartition(turn, partition, { kind: 'unfence', broker: brokerId }, activeBrokers);
  }
}

// ---------------------------------------------------------------------------------------------
// Partition changes
// ---------------------------------------------------------------------------------------------

function changePartition(
  turn: Turn,
  partition: PartitionState,
  event: PartitionChangeEvent,
  activeBrokers: ReadonlySet<BrokerId>,
): PartitionChange {
  const topic = turn.draft.topics.get(partition.topic);
  const change = computePartitionChange({
    partition,
    topicConfig: topic?.config ?? defaultTopicConfig,
    activeBrokers,
    event,
    electLeader: turn.options.electLeader,
    electPreferredLeader: turn.options.electPreferredLeader,
  });
  if (!change.changed) return change;
  turn.draft.setPartition(change.partition);
  emitPartitionChange(turn.out, change);
  return change;
}

function emitPartitionChange(out: Outbox, change: PartitionChange): void {
  const { partition, leaderChange, isrChange } = change;
  const where = { topic: partition.topic, partition: partition.partition };
  if (leaderChange !== undefined && leaderChange.leader === NO_LEADER) {
    out.emit({
      type: 'partition.offline',
      ...where,
      previousLeader: leaderChange.previousLeader,
      leaderEpoch: leaderChange.leaderEpoch,
      isr: partition.isr,
    });
  } else if (leaderChange !== undefined) {
    out.emit({
      type: 'leader.elected',
      ...where,
      leader: leaderChange.leader,
      previousLeader: leaderChange.previousLeader,
      leaderEpoch: leaderChange.leaderEpoch,
      isr: partition.isr,
      reason: leaderChange.reason,
    });
  }
  if (isrChange !== undefined && isrChange.removed.length > 0) {
    out.emit({ type: 'isr.shrunk', ...where, removed: isrChange.removed, isr: partition.isr, partitionEpoch: partition.partitionEpoch });
  }
  if (isrChange !== undefined && isrChange.added.length > 0) {
    out.emit({ type: 'isr.expanded', ...where, added: isrChange.added, isr: partition.isr, partitionEpoch: partition.partitionEpoch });
  }
}

function electPreferredLeaders(turn: Turn, topic: string | undefined): void {
  if (topic !== undefined && !turn.draft.topics.has(topic)) {
    turn.out.emit({ type: 'input.rejected', reason: `elect-preferred-leaders: there is no topic "${topic}".` });
    return;
  }
  const activeBrokers = turn.draft.activeBrokers();
  for (const partition of turn.draft.allPartitions()) {
    if (topic !== undefined && partition.topic !== topic) continue;
    changePartition(turn, partition, { kind: 'preferred' }, activeBrokers);
  }
}

// ---------------------------------------------------------------------------------------------
// AlterPartition (semantics 5.1, 5.5; ReplicationControlManager.validateAlterPartitionData)
// ---------------------------------------------------------------------------------------------

function handleAlterPartition(turn: Turn, from: NodeId, request: AlterPartitionRequest): void {
  const current = turn.draft.partition(request.topic, request.partition);
  const verdict = validateAlterPartition(turn.draft, from, request, current);
  const reply = (error: ErrorCode, partitionState: PartitionState | undefined): void =>
    turn.out.send(from, {
      type: 'AlterPartitionResponse',
      topic: request.topic,
      partition: request.partition,
      error,
      partitionState,
    });

  if (verdict.error !== ErrorCode.NONE || current === undefined) {
    turn.out.emit({
      type: 'input.rejected',
      reason: `AlterPartition for ${topicPartitionKey(request)} from broker ${request.brokerId} rejected (${errorName(verdict.error)}): ${verdict.reason}`,
    });
    return reply(verdict.error, current);
  }
  const change = changePartition(turn, current, { kind: 'alter-isr', newIsr: request.newIsr }, turn.draft.activeBrokers());
  reply(ErrorCode.NONE, change.partition);
}

interface Verdict {
  readonly error: ErrorCode;
  readonly reason: string;
}

/**
 * The checks in Kafka's order, so the first failing one decides the error:
 * 1. the requester's broker epoch is current (STALE_BROKER_EPOCH);
 * 2. the partition exists (UNKNOWN_TOPIC_OR_PARTITION);
 * 3. epochs newer than ours mean we are not the real controller (NOT_CONTROLLER);
 * 4. an older leader epoch: a deposed leader (FENCED_LEADER_EPOCH);
 * 5. the requester is the leader (INVALID_REQUEST);
 * 6. an older partition epoch: the proposal is based on a stale record (INVALID_UPDATE_VERSION);
 * 7. the new ISR is a set of replicas that includes the leader (INVALID_REQUEST);
 * 8. every member is registered and unfenced (INELIGIBLE_REPLICA). KIP-903 also compares each
 *    member's broker epoch; the model's request does not carry them.
 */
function validateAlterPartition(
  draft: Draft,
  from: NodeId,
  request: AlterPartitionRequest,
  current: PartitionState | undefined,
): Verdict {
  const requester = draft.registrations.get(request.brokerId);
  if (brokerIdOf(from) !== request.brokerId) {
    return { error: ErrorCode.INVALID_REQUEST, reason: `${from} sent it in the name of broker ${request.brokerId}.` };
  }
  if (requester === undefined || requester.brokerEpoch !== request.brokerEpoch) {
    return {
      error: ErrorCode.STALE_BROKER_EPOCH,
      reason: `broker epoch ${request.brokerEpoch} is not the registered one (${requester?.brokerEpoch ?? 'none'}).`,
    };
  }
  if (current === undefined) return { error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, reason: 'no such partition.' };
  if (request.leaderEpoch > current.leaderEpoch || request.partitionEpoch > current.partitionEpoch) {
    return { error: ErrorCode.NOT_CONTROLLER, reason: 'the request carries epochs newer than the controller knows.' };
  }
  if (request.leaderEpoch < current.leaderEpoch) {
    return {
      error: ErrorCode.FENCED_LEADER_EPOCH,
      reason: `leader epoch ${request.leaderEpoch} is older than the current ${current.leaderEpoch}.`,
    };
  }
  if (request.brokerId !== current.leader) {
    return { error: ErrorCode.INVALID_REQUEST, reason: `the leader is broker ${current.leader}, not ${request.brokerId}.` };
  }
  if (request.partitionEpoch < current.partitionEpoch) {
    return {
      error: ErrorCode.INVALID_UPDATE_VERSION,
      reason: `partition epoch ${request.partitionEpoch} is older than the current ${current.partitionEpoch}.`,
    };
  }
  const isrProblem = newIsrProblem(request.newIsr, current);
  if (isrProblem !== undefined) return { error: ErrorCode.INVALID_REQUEST, reason: isrProblem };
  const ineligible = request.newIsr.filter((broker) => draft.registrations.get(broker)?.fenced !== false);
  if (ineligible.length > 0) {
    return {
      error: ErrorCode.INELIGIBLE_REPLICA,
      reason: `broker(s) ${ineligible.join(', ')} are fenced or not registered, so they cannot join the ISR.`,
    };
  }
  return { error: ErrorCode.NONE, reason: '' };
}

function newIsrProblem(newIsr: readonly BrokerId[], current: PartitionState): string | undefined {
  if (new Set(newIsr).size !== newIsr.length) return `the new ISR [${newIsr.join(', ')}] lists a broker twice.`;
  const strangers = newIsr.filter((broker) => !current.replicas.includes(broker));
  if (strangers.length > 0) return `broker(s) ${strangers.join(', ')} are not replicas of this partition.`;
  if (!newIsr.includes(current.leader)) return `the new ISR [${newIsr.join(', ')}] leaves out the leader ${current.leader}.`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Topic creation
// ---------------------------------------------------------------------------------------------

interface TopicSpec {
  readonly name: string;
  readonly numPartitions: number;
  readonly replicationFactor: number;
  readonly config?: Partial<TopicConfig> | undefined;
  readonly replicaAssignment?: ReadonlyArray<readonly BrokerId[]> | undefined;
}

interface Outcome {
  readonly error: ErrorCode;
  readonly message: string;
}

function handleCreateTopicsRequest(turn: Turn, from: NodeId, request: CreateTopicsRequest): void {
  const outcome = createTopic(turn, request);
  turn.out.send(from, {
    type: 'CreateTopicsResponse',
    correlationId: request.correlationId,
    name: request.name,
    error: outcome.error,
    errorMessage: outcome.error === ErrorCode.NONE ? undefined : outcome.message,
  });
}

function createTopic(turn: Turn, spec: TopicSpec): Outcome {
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

function topicProblem(draft: Draft, spec: TopicSpec): Outcome | undefined {
  const nameProblem = topicNameProblem(spec.name);
  if (nameProblem !== undefined) return { error: ErrorCode.INVALID_TOPIC_EXCEPTION, message: nameProblem };
  if (draft.topics.has(spec.name)) {
    return { error: ErrorCode.TOPIC_ALREADY_EXISTS, message: `Topic "${spec.name}" already exists.` };
  }
  // Kafka refuses names equal up to '.' vs '_': both become the same metric name.
  const collision = [...draft.topics.keys()].find((name) => unifyCollisionChars(name) === unifyCollisionChars(spec.name));
  if (collision !== undefined) {
    return {
      error: ErrorCode.INVALID_TOPIC_EXCEPTION,
      message: `Topic "${spec.name}" collides with existing topic "${collision}" ('.' and '_' count as the same character).`,
    };
  }
  const configProblem = topicConfigProblem(spec.config);
  if (configProblem !== undefined) return { error: ErrorCode.INVALID_REQUEST, message: configProblem };
  return undefined;
}

function unifyCollisionChars(name: string): string {
  return name.replaceAll('.', '_');
}

/** Kafka answers INVALID_CONFIG (40) here; the model's error table has no such code. */
function topicConfigProblem(config: Partial<TopicConfig> | undefined): string | undefined {
  const minInsyncReplicas = config?.minInsyncReplicas;
  if (minInsyncReplicas !== undefined && (!Number.isInteger(minInsyncReplicas) || minInsyncReplicas < 1)) {
    return `min.insync.replicas was set to ${minInsyncReplicas}; it must be a whole number of at least 1.`;
  }
  const unclean = config?.uncleanLeaderElectionEnable;
  if (unclean !== undefined && typeof unclean !== 'boolean') {
    return `unclean.leader.election.enable must be true or false, not ${JSON.stringify(unclean)}.`;
  }
  return undefined;
}

function topicConfigOf(config: Partial<TopicConfig> | undefined): TopicConfig {
  return {
    minInsyncReplicas: config?.minInsyncReplicas ?? defaultTopicConfig.minInsyncReplicas,
    uncleanLeaderElectionEnable: config?.uncleanLeaderElectionEnable ?? defaultTopicConfig.uncleanLeaderElectionEnable,
  };
}

// ---------------------------------------------------------------------------------------------
// Metadata pushes
// ---------------------------------------------------------------------------------------------

function publishMetadata(turn: Turn): void {
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

function brokerMetadataOf(registration: BrokerRegistration): BrokerMetadata {
  return {
    brokerId: registration.brokerId,
    node: brokerNode(registration.brokerId),
    fenced: registration.fenced,
    brokerEpoch: registration.brokerEpoch,
  };
}

// ---------------------------------------------------------------------------------------------
// The draft: one step's working copy of the state
// ---------------------------------------------------------------------------------------------

/**
 * A step edits copies of the state's maps, then freezes them into a new ControllerState. It also
 * remembers what changed, which is exactly what the step's MetadataUpdate must carry.
 */
class Draft {
  readonly registrations: Map<BrokerId, BrokerRegistration>;
  readonly topics: Map<string, TopicMetadata>;
  readonly partitions: Map<string, readonly PartitionState[]>;
  readonly lastHeartbeatAtMs: Map<BrokerId, number>;
  nextBrokerEpoch: number;
  metadataOffset: number;

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
    };
  }
}

function sortedTopicNames(topics: ReadonlyMap<string, TopicMetadata>): string[] {
  return [...topics.keys()].sort();
}

function sortedRegistrations(registrations: ReadonlyMap<BrokerId, BrokerRegistration>): BrokerRegistration[] {
  return [...registrations.values()].sort((left, right) => left.brokerId - right.brokerId);
}
