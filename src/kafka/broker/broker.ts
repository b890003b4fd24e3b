/**
 * A broker as a state machine. It registers with the controller and heartbeats, keeps a metadata
 * cache, and holds one replica per partition assigned to it, leading or following as the
 * controller's partition state says. What survives a crash is its logs, never its memory.
 */
import { defaultBrokerConfig, defaultTopicConfig, type BrokerConfig } from '../config.js';
import { ErrorCode } from '../errors.js';
import { brokerNode, CONTROLLER_NODE, topicPartitionKey, type BrokerId, type NodeId } from '../ids.js';
import { emptyLog, type PartitionLog } from '../log/partition-log.js';
import { referenceMechanisms, type BrokerMechanisms } from '../mechanisms.js';
import type {
  AlterPartitionResponse,
  FetchRequest,
  ListOffsetsRequest,
  Message,
  MetadataUpdate,
  PartitionState,
  ProduceRequest,
} from '../protocol/messages.js';
import { earliest, Outbox, type NodeInput, type NodeMachine, type Step, type StepContext } from '../step.js';
import {
  becomeFollower,
  followerDeadline,
  followerWake,
  handleFetchResponse,
  leaderDisconnected,
  updateFollowerState,
  type FollowerContext,
} from './follower-replica.js';
import {
  afterLeaderChange,
  becomeLeader,
  handleFetch,
  handleListOffsets,
  handleProduce,
  leaderDeadline,
  leaderWake,
  resignLeadership,
  updateLeaderState,
  type LeaderContext,
} from './leader-replica.js';
import { answerMetadataRequest, applyMetadataUpdate, emptyMetadataCache, isNewer, type MetadataCache } from './metadata-cache.js';
import type { PartitionReplica } from './replica-state.js';
import { answerFindCoordinator, coordinatorHost, isGroupRequest } from './coordinator-host.js';
import { followerServes, leaderRedirect, sendRedirect, serveFromFollower } from './read-replica.js';
import { defaultGroupCoordinatorConfig, OFFSETS_TOPIC, type GroupCoordinatorConfig } from '../group/coordinator-config.js';
import {
  coordinatorDeadline,
  emptyCoordinatorState,
  expireCoordinator,
  handleGroupRequest,
  offsetWriteCompleted,
  type CoordinatorHost,
  type GroupCoordinatorState,
} from '../group/group-coordinator.js';

export interface BrokerOptions {
  readonly config: BrokerConfig;
  readonly mechanisms: BrokerMechanisms;
  /** The group coordinator's settings (group.*, offsets.topic.*). */
  readonly groupCoordinator: GroupCoordinatorConfig;
}

export interface BrokerState {
  readonly brokerId: BrokerId;
  readonly node: NodeId;
  /** Fresh on every start, so the controller can tell a restarted broker from a retry. */
  readonly incarnationId: number;
  /** -1 until registered; the controller hands out a larger one on every registration. */
  readonly brokerEpoch: number;
  readonly registration: 'unregistered' | 'registered';
  readonly fenced: boolean;
  readonly nextControllerRequestAt: number;
  readonly metadata: MetadataCache;
  /** Keyed by "topic-partition": the partitions this broker plays a role in. */
  readonly replicas: ReadonlyMap<string, PartitionReplica>;
  /** Logs found on disk at start, waiting for the controller to say what role they play. */
  readonly dormantLogs: ReadonlyMap<string, PartitionLog>;
  readonly nextCorrelationId: number;
  /** The group coordinator for the __consumer_offsets partitions this broker leads (memory: lost in a crash). */
  readonly groupCoordinator: GroupCoordinatorState;
}

/** What a crash leaves behind: the logs (with their last checkpointed high watermark). */
export interface BrokerPersisted {
  readonly brokerId: BrokerId;
  readonly logs: ReadonlyMap<string, PartitionLog>;
}

/** Brokers take no commands yet; controlled shutdown arrives with KRaft. */
export type BrokerCommand = never;

/** How long a broker waits for the controller to answer a registration before asking again. */
const REGISTRATION_RETRY_MS = 2_000;

export function initialBrokerState(brokerId: BrokerId, logs: ReadonlyMap<string, PartitionLog> = new Map()): BrokerState {
  return {
    brokerId,
    node: brokerNode(brokerId),
    incarnationId: 0,
    brokerEpoch: -1,
    registration: 'unregistered',
    fenced: true,
    nextControllerRequestAt: 0,
    metadata: emptyMetadataCache,
    replicas: new Map(),
    dormantLogs: logs,
    nextCorrelationId: 1,
    groupCoordinator: emptyCoordinatorState,
  };
}

export function brokerLogs(state: BrokerState): ReadonlyMap<string, PartitionLog> {
  const logs = new Map(state.dormantLogs);
  for (const [key, replica] of state.replicas) logs.set(key, replica.log);
  return logs;
}

export function createBroker(
  brokerId: BrokerId,
  options: Partial<BrokerOptions> = {},
): { readonly machine: NodeMachine<BrokerState, BrokerCommand, BrokerPersisted>; readonly initialState: BrokerState } {
  const resolved: BrokerOptions = {
    config: options.config ?? defaultBrokerConfig,
    mechanisms: options.mechanisms ?? referenceMechanisms,
    groupCoordinator: options.groupCoordinator ?? defaultGroupCoordinatorConfig,
  };
  const machine: NodeMachine<BrokerState, BrokerCommand, BrokerPersisted> = {
    step: (state, input, context) => stepBroker(state, input, context, resolved),
    persisted: (state) => ({ brokerId: state.brokerId, logs: brokerLogs(state) }),
    // Kafka checkpoints the HW every few seconds; keeping the last one is a simplification that
    // never overstates what is committed, since a broker's HW only covers committed records.
    restart: (persisted) => initialBrokerState(persisted.brokerId, persisted.logs),
  };
  return { machine, initialState: initialBrokerState(brokerId) };
}

/** Mutable scratch for one step; the returned state is a fresh value. */
class BrokerStep {
  state: BrokerState;
  readonly out: Outbox;
  private correlationId: number;

  constructor(
    state: BrokerState,
    readonly context: StepContext,
    readonly options: BrokerOptions,
  ) {
    this.state = state;
    this.out = new Outbox(state.node, context.now);
    this.correlationId = state.nextCorrelationId;
  }

  nextCorrelationId = (): number => this.correlationId++;

  leaderContext(topic: string): LeaderContext {
    return {
      brokerId: this.state.brokerId,
      brokerEpoch: this.state.brokerEpoch,
      now: this.context.now,
      config: this.options.config,
      mechanisms: this.options.mechanisms,
      metadata: this.state.metadata,
      topicConfig: this.state.metadata.topics.get(topic)?.config ?? defaultTopicConfig,
    };
  }

  followerContext(): FollowerContext {
    return {
      brokerId: this.state.brokerId,
      brokerEpoch: this.state.brokerEpoch,
      now: this.context.now,
      config: this.options.config,
      nextCorrelationId: this.nextCorrelationId,
    };
  }

  setReplica(key: string, replica: PartitionReplica): void {
    const replicas = new Map(this.state.replicas);
    replicas.set(key, replica);
    this.state = { ...this.state, replicas };
  }

  coordinatorHost(): CoordinatorHost {
    return coordinatorHost({
      now: this.context.now,
      random: this.context.random,
      config: this.options.groupCoordinator,
      out: this.out,
      self: this.state.node,
      metadata: this.state.metadata,
      replicas: () => this.state.replicas,
      // The coordinator writes through the leader's produce path; the answer comes back to this broker.
      produceToSelf: (request) => produce(this, this.state.node, request),
    });
  }

  withCoordinator(update: (state: GroupCoordinatorState, host: CoordinatorHost) => GroupCoordinatorState): void {
    const groupCoordinator = update(this.state.groupCoordinator, this.coordinatorHost());
    if (groupCoordinator !== this.state.groupCoordinator) this.state = { ...this.state, groupCoordinator };
  }

  finish(): Step<BrokerState> {
    const state = { ...this.state, nextCorrelationId: this.correlationId };
    return this.out.finish(state, nextWake(state));
  }
}

export function stepBroker(
  state: BrokerState,
  input: NodeInput<BrokerCommand>,
  context: StepContext,
  options: BrokerOptions,
): Step<BrokerState> {
  const step = new BrokerStep(state, context, options);
  switch (input.kind) {
    case 'start':
      step.state = { ...step.state, incarnationId: context.random.nextInt(2 ** 31) };
      register(step);
      break;
    case 'wake':
      wake(step);
      break;
    case 'deliver':
      deliver(step, input.envelope.from, input.envelope.message);
      break;
    case 'disconnected':
      peerDisconnected(step, input.peer);
      break;
    case 'command':
      break;
  }
  return step.finish();
}

function register(step: BrokerStep): void {
  step.out.send(CONTROLLER_NODE, {
    type: 'BrokerRegistrationRequest',
    brokerId: step.state.brokerId,
    incarnationId: step.state.incarnationId,
  });
  step.state = { ...step.state, registration: 'unregistered', nextControllerRequestAt: step.context.now + REGISTRATION_RETRY_MS };
}

function heartbeat(step: BrokerStep): void {
  step.out.send(CONTROLLER_NODE, {
    type: 'BrokerHeartbeatRequest',
    brokerId: step.state.brokerId,
    brokerEpoch: step.state.brokerEpoch,
    metadataOffset: step.state.metadata.metadataOffset,
    wantFence: false,
  });
  step.state = {
    ...step.state,
    nextControllerRequestAt: step.context.now + step.options.config.brokerHeartbeatIntervalMs,
  };
}

function wake(step: BrokerStep): void {
  const now = step.context.now;
  if (step.state.nextControllerRequestAt <= now) {
    if (step.state.registration === 'registered') heartbeat(step);
    else register(step);
  }
  for (const [key, replica] of step.state.replicas) {
    if (replica.role === 'leader') {
      if (leaderDeadline(replica) <= now) step.setReplica(key, leaderWake(replica, step.leaderContext(replica.topic), step.out));
    } else {
      const deadline = followerDeadline(replica);
      if (deadline !== undefined && deadline <= now) step.setReplica(key, followerWake(replica, step.followerContext(), step.out));
    }
  }
  const groupDeadline = coordinatorDeadline(step.state.groupCoordinator);
  if (groupDeadline !== undefined && groupDeadline <= now) step.withCoordinator(expireCoordinator);
}

function peerDisconnected(step: BrokerStep, peer: NodeId): void {
  for (const [key, replica] of step.state.replicas) {
    if (replica.role === 'follower' && brokerNode(replica.leader) === peer) {
      step.setReplica(key, leaderDisconnected(replica, step.followerContext()));
    }
  }
}

function deliver(step: BrokerStep, from: NodeId, message: Message): void {
  switch (message.type) {
    case 'BrokerRegistrationResponse':
      if (message.error === ErrorCode.NONE && step.state.registration === 'unregistered') {
        step.state = { ...step.state, registration: 'registered', brokerEpoch: message.brokerEpoch, fenced: true };
        heartbeat(step);
      }
      return;
    case 'BrokerHeartbeatResponse':
      if (message.error === ErrorCode.STALE_BROKER_EPOCH) register(step);
      else if (message.error === ErrorCode.NONE) step.state = { ...step.state, fenced: message.isFenced };
      return;
    case 'MetadataUpdate':
      applyUpdate(step, message);
      return;
    case 'AlterPartitionResponse':
      handleAlterPartitionResponse(step, message);
      return;
    case 'MetadataRequest':
      step.out.send(from, answerMetadataRequest(step.state.metadata, message));
      return;
    case 'ProduceRequest':
      produce(step, from, message);
      return;
    case 'FetchRequest':
      fetch(step, from, message);
      return;
    case 'FetchResponse': {
      const key = topicPartitionKey(message);
      const replica = step.state.replicas.get(key);
      if (replica?.role === 'follower') step.setReplica(key, handleFetchResponse(replica, message, step.followerContext(), step.out));
      return;
    }
    case 'ListOffsetsRequest':
      listOffsets(step, from, message);
      return;
    case 'FindCoordinatorRequest':
      answerFindCoordinator(step.state.metadata, message, from, step.out);
      return;
    case 'ProduceResponse':
      // Only the group coordinator's own writes to __consumer_offsets come back to a broker.
      if (from === step.state.node && message.topic === OFFSETS_TOPIC) {
        step.withCoordinator((state, host) => offsetWriteCompleted(state, message.correlationId, message.error, host));
      }
      return;
    default:
      if (isGroupRequest(message)) {
        step.withCoordinator((state, host) => handleGroupRequest(state, from, message, host));
        return;
      }
      // Responses meant for clients, requests meant for the controller: not a broker's business.
      return;
  }
}

function applyUpdate(step: BrokerStep, update: MetadataUpdate): void {
  const before = step.state.metadata;
  step.state = { ...step.state, metadata: applyMetadataUpdate(before, update) };
  for (const partitionState of update.partitions) {
    const accepted = step.state.metadata.partitions.get(topicPartitionKey(partitionState));
    if (accepted === partitionState) reconcile(step, partitionState);
  }
  // A broker's fencing changes who may join an ISR: let leaders re-evaluate their high watermark.
  if (update.brokers.length > 0) {
    for (const [key, replica] of step.state.replicas) {
      if (replica.role === 'leader') step.setReplica(key, afterLeaderChange(replica, step.leaderContext(replica.topic), step.out));
    }
  }
  // Leadership of a __consumer_offsets partition may have moved: unload the groups it served.
  if (step.state.groupCoordinator.loaded.size > 0) step.withCoordinator(expireCoordinator);
}

/** Make this broker's replica play the role the controller's partition state gives it. */
function reconcile(step: BrokerStep, partitionState: PartitionState): void {
  const me = step.state.brokerId;
  if (!partitionState.replicas.includes(me)) return;
  const key = topicPartitionKey(partitionState);
  const current = step.state.replicas.get(key);
  const log = current?.log ?? step.state.dormantLogs.get(key) ?? emptyLog();
  if (current === undefined && step.state.dormantLogs.has(key)) {
    const dormantLogs = new Map(step.state.dormantLogs);
    dormantLogs.delete(key);
    step.state = { ...step.state, dormantLogs };
  }

  if (partitionState.leader === me) {
    const sameTenure = current?.role === 'leader' && current.leaderEpoch === partitionState.leaderEpoch;
    const replica = sameTenure
      ? updateLeaderState(current, partitionState, step.leaderContext(partitionState.topic), step.out)
      : becomeLeader(current, partitionState, log, step.leaderContext(partitionState.topic), step.out);
    step.setReplica(key, replica);
    return;
  }
  if (current?.role === 'follower' && current.leader === partitionState.leader && current.leaderEpoch === partitionState.leaderEpoch) {
    step.setReplica(key, updateFollowerState(current, partitionState));
    return;
  }
  if (current?.role === 'leader') resignLeadership(current, step.out);
  step.setReplica(key, becomeFollower(partitionState, log, step.followerContext(), step.out));
}

function handleAlterPartitionResponse(step: BrokerStep, response: AlterPartitionResponse): void {
  const key = topicPartitionKey(response);
  const replica = step.state.replicas.get(key);
  if (replica?.role !== 'leader') return;
  const answered = response.partitionState;
  if (answered !== undefined && isNewer(answered, replica.partitionState)) {
    // The answer carries the controller's current record: take it as a metadata update.
    applyUpdate(step, { type: 'MetadataUpdate', metadataOffset: step.state.metadata.metadataOffset, brokers: [], topics: [], partitions: [answered] });
  }
  const after = step.state.replicas.get(key);
  if (after?.role === 'leader' && after.pendingIsrChange !== undefined) {
    // Rejected (or already applied): the leader may propose again on its next check.
    step.setReplica(key, afterLeaderChange({ ...after, pendingIsrChange: undefined }, step.leaderContext(after.topic), step.out));
  }
}

function produce(step: BrokerStep, from: NodeId, request: ProduceRequest): void {
  const key = topicPartitionKey(request);
  const replica = step.state.replicas.get(key);
  if (replica?.role !== 'leader') {
    const error = step.state.metadata.partitions.has(key) ? ErrorCode.NOT_LEADER_OR_FOLLOWER : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    step.out.emit({ type: 'produce.rejected', topic: request.topic, partition: request.partition, broker: step.state.brokerId, error, records: request.records.length });
    if (request.acks !== 0) {
      step.out.send(from, { type: 'ProduceResponse', correlationId: request.correlationId, topic: request.topic, partition: request.partition, error, baseOffset: -1 });
    }
    return;
  }
  step.setReplica(key, handleProduce(replica, request, from, step.leaderContext(request.topic), step.out));
}

function fetch(step: BrokerStep, from: NodeId, request: FetchRequest): void {
  const key = topicPartitionKey(request);
  const replica = step.state.replicas.get(key);
  if (replica?.role === 'follower' && followerServes(request, step.options.config)) {
    serveFromFollower(replica, request, from, step.out); // KIP-392: a consumer in this follower's rack
    return;
  }
  if (replica?.role === 'leader') {
    const preferred = leaderRedirect(replica, request, step.options.config, step.state.brokerId, step.context.now);
    if (preferred !== undefined) {
      sendRedirect(replica, request, from, preferred, step.out);
      return;
    }
  }
  if (replica?.role !== 'leader') {
    // Followers serve consumers only with KIP-392's rack-aware selector (above); otherwise every
    // fetch goes to the leader.
    const error = step.state.metadata.partitions.has(key) ? ErrorCode.NOT_LEADER_OR_FOLLOWER : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    step.out.send(from, {
      type: 'FetchResponse',
      correlationId: request.correlationId,
      topic: request.topic,
      partition: request.partition,
      error,
      highWatermark: -1,
      logStartOffset: -1,
      leaderEpoch: replica?.leaderEpoch ?? -1,
      entries: [],
      divergingEpoch: undefined,
    });
    return;
  }
  step.setReplica(key, handleFetch(replica, request, from, step.leaderContext(request.topic), step.out));
}

function listOffsets(step: BrokerStep, from: NodeId, request: ListOffsetsRequest): void {
  const key = topicPartitionKey(request);
  const replica = step.state.replicas.get(key);
  if (replica?.role === 'leader') {
    handleListOffsets(replica, request, from, step.out);
    return;
  }
  const error = step.state.metadata.partitions.has(key) ? ErrorCode.NOT_LEADER_OR_FOLLOWER : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
  step.out.send(from, { type: 'ListOffsetsResponse', correlationId: request.correlationId, topic: request.topic, partition: request.partition, error, offset: -1, leaderEpoch: -1 });
}

function nextWake(state: BrokerState): number | undefined {
  let wakeAt: number | undefined = state.nextControllerRequestAt;
  for (const replica of state.replicas.values()) {
    wakeAt = earliest(wakeAt, replica.role === 'leader' ? leaderDeadline(replica) : followerDeadline(replica));
  }
  return earliest(wakeAt, coordinatorDeadline(state.groupCoordinator));
}
