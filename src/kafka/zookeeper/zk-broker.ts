/**
 * A ZooKeeper-mode broker, any of which can become the controller (semantics 7.1; Kafka 3.x
 * KafkaController, KafkaZkClient, ZkData.scala, PartitionStateMachine; ZooKeeper mode was removed in
 * Kafka 4.0, and this model exists only to run the same failure as KRaft, side by side):
 *
 * - Each broker holds a ZooKeeper session (pinging every third of zookeeper.session.timeout.ms,
 *   18000 ms since 2.5) and registers the ephemeral znode /brokers/ids/<id>.
 * - Controller election: every broker tries to create the ephemeral /controller; the winner bumps
 *   /controller_epoch; the others watch /controller and race again when it is deleted, which for a
 *   crashed controller happens only when ZooKeeper expires its session.
 * - A new controller knows nothing: it must read the live brokers, every topic's assignment and
 *   every partition's state znode from ZooKeeper (pipelined, at most zookeeper.max.in.flight.requests
 *   = 10 at a time) before it can act. Only then does it push the full state to the brokers
 *   (UpdateMetadata) and handle dead brokers: each partition they led gets a new leader (the same
 *   rule as KRaft: first live ISR replica in assignment order), written to its state znode, then
 *   sent to the brokers in a LeaderAndIsr request stamped with the controller epoch.
 *
 * Left out: controlled shutdown, ISR change notifications, reassignment, topic deletion, and a
 * live broker whose own session expires (it would re-register). One topic config for all topics.
 */
import { defaultTopicConfig } from '../config.js';
import { electLeader as referenceElectLeader, type ElectLeader } from '../controller/leader-election.js';
import { computePartitionChange } from '../controller/partition-change.js';
import { brokerNode, NO_LEADER, type BrokerId } from '../ids.js';
import type { Message, PartitionState } from '../protocol/messages.js';
import { Outbox, earliest, type NodeInput, type NodeMachine, type Step, type StepContext } from '../step.js';
import { ZOOKEEPER_NODE } from './zookeeper-server.js';
import type { LeaderAndIsrRequest, ZkOperation, ZkResponse, ZkWatchEvent } from './zk-messages.js';

export interface ZkBrokerConfig {
  /** zookeeper.session.timeout.ms (18000 since Kafka 2.5; 6000 before). */
  readonly sessionTimeoutMs: number;
  /** zookeeper.max.in.flight.requests. */
  readonly maxInFlightRequests: number;
}

export const defaultZkBrokerConfig: ZkBrokerConfig = { sessionTimeoutMs: 18_000, maxInFlightRequests: 10 };

type Purpose =
  | { readonly kind: 'register' }
  | { readonly kind: 'claim' }
  | { readonly kind: 'watch-controller' }
  | { readonly kind: 'read-epoch' }
  | { readonly kind: 'write-epoch'; readonly epoch: number }
  | { readonly kind: 'list-brokers' }
  | { readonly kind: 'list-topics' }
  | { readonly kind: 'read-topic'; readonly topic: string }
  | { readonly kind: 'read-partition'; readonly topic: string; readonly partition: number; readonly replicas: readonly BrokerId[] }
  | { readonly kind: 'write-partition' };

interface Queued {
  readonly operation: ZkOperation;
  readonly purpose: Purpose;
}

interface ControllerRole {
  readonly epoch: number;
  readonly electedAt: number;
  readonly phase: 'claiming-epoch' | 'loading' | 'active';
  readonly liveBrokers: readonly BrokerId[];
  readonly partitions: ReadonlyMap<string, PartitionState>;
  readonly pendingReads: number;
  readonly znodesRead: number;
  readonly pendingWrites: number;
  readonly changed: readonly PartitionState[];
}

export interface ZkBrokerState {
  readonly brokerId: BrokerId;
  readonly config: ZkBrokerConfig;
  readonly sessionId: number | undefined;
  readonly nextXid: number;
  readonly inFlight: ReadonlyMap<number, Purpose>;
  readonly queue: readonly Queued[];
  readonly lastSentAt: number;
  readonly registerRetryAt: number | undefined;
  readonly controller: ControllerRole | undefined;
  /** What this broker knows from LeaderAndIsr/UpdateMetadata. */
  readonly controllerEpoch: number;
  readonly partitions: ReadonlyMap<string, PartitionState>;
}

type Working = { -readonly [K in keyof ZkBrokerState]: ZkBrokerState[K] };

interface Turn {
  readonly b: Working;
  readonly out: Outbox;
  readonly now: number;
  readonly electLeader: ElectLeader;
}

const key = (topic: string, partition: number): string => `${topic}-${partition}`;
const statePath = (topic: string, partition: number): string => `/brokers/topics/${topic}/partitions/${partition}/state`;

/** The JSON Kafka kept in a partition's state znode. */
export function partitionStateJson(partition: PartitionState, controllerEpoch: number): string {
  return JSON.stringify({ controller_epoch: controllerEpoch, leader: partition.leader, leader_epoch: partition.leaderEpoch, isr: partition.isr });
}

/** The JSON Kafka kept in /brokers/topics/<topic>: the assignment. */
export function topicAssignmentJson(replicas: ReadonlyArray<readonly BrokerId[]>): string {
  return JSON.stringify({ partitions: Object.fromEntries(replicas.map((list, index) => [String(index), list])) });
}

function enqueue(t: Turn, operation: ZkOperation, purpose: Purpose): void {
  t.b.queue = [...t.b.queue, { operation, purpose }];
}

/** Sends queued requests while fewer than maxInFlightRequests are outstanding (pipelining). */
function flush(t: Turn): void {
  const b = t.b;
  if (b.sessionId === undefined) return;
  while (b.queue.length > 0 && b.inFlight.size < b.config.maxInFlightRequests) {
    const [next, ...rest] = b.queue as [Queued, ...Queued[]];
    b.queue = rest;
    const xid = b.nextXid;
    b.nextXid += 1;
    const inFlight = new Map(b.inFlight);
    inFlight.set(xid, next.purpose);
    b.inFlight = inFlight;
    b.lastSentAt = t.now;
    t.out.send(ZOOKEEPER_NODE, { type: 'ZkRequest', sessionId: b.sessionId, xid, operation: next.operation });
  }
}

function claimController(t: Turn): void {
  enqueue(t, { op: 'create', path: '/controller', data: JSON.stringify({ brokerid: t.b.brokerId }), ephemeral: true }, { kind: 'claim' });
}

function registerBroker(t: Turn): void {
  enqueue(t, { op: 'create', path: `/brokers/ids/${t.b.brokerId}`, data: brokerNode(t.b.brokerId), ephemeral: true }, { kind: 'register' });
}

function controllerOf(t: Turn): ControllerRole {
  const controller = t.b.controller;
  if (controller === undefined) throw new Error(`broker ${t.b.brokerId}: not the controller`);
  return controller;
}

function updateController(t: Turn, change: Partial<ControllerRole>): void {
  t.b.controller = { ...controllerOf(t), ...change };
}

function onResponse(t: Turn, purpose: Purpose, response: ZkResponse): void {
  switch (purpose.kind) {
    case 'register':
      // An older session of ours may still hold the znode until ZooKeeper expires it: retry.
      if (response.error === 'NODEEXISTS') t.b.registerRetryAt = t.now + 1_000;
      return;
    case 'claim':
      if (response.error === 'OK') {
        t.b.controller = {
          epoch: 0,
          electedAt: t.now,
          phase: 'claiming-epoch',
          liveBrokers: [],
          partitions: new Map(),
          pendingReads: 0,
          znodesRead: 0,
          pendingWrites: 0,
          changed: [],
        };
        enqueue(t, { op: 'get', path: '/controller_epoch', watch: false }, { kind: 'read-epoch' });
      } else {
        enqueue(t, { op: 'exists', path: '/controller', watch: true }, { kind: 'watch-controller' });
      }
      return;
    case 'watch-controller':
      if (response.error === 'NONODE') claimController(t);
      return;
    case 'read-epoch': {
      const epoch = response.error === 'OK' ? Number(response.data) + 1 : 1;
      enqueue(t, { op: 'set', path: '/controller_epoch', data: String(epoch), version: response.version ?? -1 }, { kind: 'write-epoch', epoch });
      return;
    }
    case 'write-epoch':
      if (response.error !== 'OK') {
        t.b.controller = undefined; // another controller bumped it first: we lost
        return;
      }
      updateController(t, { epoch: purpose.epoch, phase: 'loading', pendingReads: 2, znodesRead: 1 });
      t.out.emit({ type: 'zk.controller-elected', controllerEpoch: purpose.epoch });
      enqueue(t, { op: 'children', path: '/brokers/ids', watch: true }, { kind: 'list-brokers' });
      enqueue(t, { op: 'children', path: '/brokers/topics', watch: false }, { kind: 'list-topics' });
      return;
    case 'list-brokers': {
      const live = (response.children ?? []).map(Number).sort((a, b) => a - b);
      const controller = controllerOf(t);
      const loading = controller.phase === 'loading';
      updateController(t, { liveBrokers: live, ...(loading ? { pendingReads: controller.pendingReads - 1, znodesRead: controller.znodesRead + 1 } : {}) });
      if (!loading) handleDeadBrokers(t);
      break;
    }
    case 'list-topics': {
      const topics = response.children ?? [];
      for (const topic of topics) enqueue(t, { op: 'get', path: `/brokers/topics/${topic}`, watch: false }, { kind: 'read-topic', topic });
      const controller = controllerOf(t);
      updateController(t, { pendingReads: controller.pendingReads - 1 + topics.length, znodesRead: controller.znodesRead + 1 });
      break;
    }
    case 'read-topic': {
      const assignment = JSON.parse(response.data ?? '{"partitions":{}}') as { partitions: Record<string, BrokerId[]> };
      const entries = Object.entries(assignment.partitions);
      for (const [partition, replicas] of entries) {
        enqueue(t, { op: 'get', path: statePath(purpose.topic, Number(partition)), watch: false }, { kind: 'read-partition', topic: purpose.topic, partition: Number(partition), replicas });
      }
      const controller = controllerOf(t);
      updateController(t, { pendingReads: controller.pendingReads - 1 + entries.length, znodesRead: controller.znodesRead + 1 });
      break;
    }
    case 'read-partition': {
      const stored = JSON.parse(response.data ?? '{}') as { leader: number; leader_epoch: number; isr: BrokerId[] };
      const partitions = new Map(controllerOf(t).partitions);
      partitions.set(key(purpose.topic, purpose.partition), {
        topic: purpose.topic,
        partition: purpose.partition,
        replicas: purpose.replicas,
        isr: stored.isr,
        leader: stored.leader,
        leaderEpoch: stored.leader_epoch,
        partitionEpoch: 0,
        leaderRecoveryState: 'RECOVERED',
      });
      const controller = controllerOf(t);
      updateController(t, { partitions, pendingReads: controller.pendingReads - 1, znodesRead: controller.znodesRead + 1 });
      break;
    }
    case 'write-partition': {
      const controller = controllerOf(t);
      updateController(t, { pendingWrites: controller.pendingWrites - 1 });
      if (controller.pendingWrites - 1 === 0) sendLeaderAndIsr(t, controllerOf(t).changed);
      return;
    }
  }
  finishLoadingIfDone(t);
}

function finishLoadingIfDone(t: Turn): void {
  const controller = t.b.controller;
  if (controller === undefined || controller.phase !== 'loading' || controller.pendingReads > 0) return;
  updateController(t, { phase: 'active' });
  t.out.emit({ type: 'zk.controller-active', controllerEpoch: controller.epoch, znodesRead: controller.znodesRead, loadMs: t.now - controller.electedAt });
  // UpdateMetadata to every live broker: the new controller's full picture, then dead brokers.
  sendLeaderAndIsr(t, [...controller.partitions.values()]);
  handleDeadBrokers(t);
}

function sendLeaderAndIsr(t: Turn, partitions: readonly PartitionState[]): void {
  const controller = controllerOf(t);
  if (partitions.length === 0) return;
  const request: LeaderAndIsrRequest = { type: 'LeaderAndIsrRequest', controllerId: t.b.brokerId, controllerEpoch: controller.epoch, partitions };
  for (const brokerId of controller.liveBrokers) t.out.send(brokerNode(brokerId), request);
  updateController(t, { changed: [] });
}

/** onBrokerFailure: partitions that hold a dead broker get a new leader and ISR, written to ZooKeeper. */
function handleDeadBrokers(t: Turn): void {
  const controller = controllerOf(t);
  if (controller.phase !== 'active') return;
  const live = new Set(controller.liveBrokers);
  const partitions = new Map(controller.partitions);
  const changed: PartitionState[] = [];
  for (const [partitionKey, original] of [...partitions].sort(([a], [b]) => a.localeCompare(b))) {
    let partition = original;
    for (const dead of partition.replicas.filter((broker) => !live.has(broker))) {
      const change = computePartitionChange({ partition, topicConfig: defaultTopicConfig, activeBrokers: live, event: { kind: 'fence', broker: dead }, electLeader: t.electLeader });
      if (!change.changed) continue;
      partition = change.partition;
      const leaderChange = change.leaderChange;
      if (leaderChange === undefined) continue;
      const ref = { topic: partition.topic, partition: partition.partition };
      if (leaderChange.leader === NO_LEADER) {
        t.out.emit({ type: 'partition.offline', ...ref, previousLeader: leaderChange.previousLeader, leaderEpoch: leaderChange.leaderEpoch, isr: partition.isr });
      } else {
        t.out.emit({ type: 'leader.elected', ...ref, leader: leaderChange.leader, previousLeader: leaderChange.previousLeader, leaderEpoch: leaderChange.leaderEpoch, isr: partition.isr, reason: leaderChange.reason });
      }
    }
    if (partition !== original) {
      partitions.set(partitionKey, partition);
      changed.push(partition);
      enqueue(t, { op: 'set', path: statePath(partition.topic, partition.partition), data: partitionStateJson(partition, controller.epoch) }, { kind: 'write-partition' });
    }
  }
  updateController(t, { partitions, pendingWrites: controller.pendingWrites + changed.length, changed: [...controller.changed, ...changed] });
}

function onLeaderAndIsr(t: Turn, request: LeaderAndIsrRequest): void {
  if (request.controllerEpoch < t.b.controllerEpoch) {
    t.out.emit({ type: 'input.rejected', reason: `LeaderAndIsr from controller epoch ${request.controllerEpoch}, older than ${t.b.controllerEpoch}: a zombie controller` });
    return;
  }
  const partitions = new Map(t.b.partitions);
  for (const partition of request.partitions) partitions.set(key(partition.topic, partition.partition), partition);
  t.b.partitions = partitions;
  t.b.controllerEpoch = request.controllerEpoch;
  t.out.emit({ type: 'zk.leader-and-isr', controllerEpoch: request.controllerEpoch, partitions: request.partitions.length });
}

function onWatch(t: Turn, event: ZkWatchEvent): void {
  if (event.path === '/controller' && event.event === 'deleted') claimController(t);
  if (event.path === '/brokers/ids' && t.b.controller !== undefined) {
    enqueue(t, { op: 'children', path: '/brokers/ids', watch: true }, { kind: 'list-brokers' });
  }
}

function deliver(t: Turn, message: Message): void {
  switch (message.type) {
    case 'ZkConnectResponse':
      t.b.sessionId = message.sessionId;
      t.b.config = { ...t.b.config, sessionTimeoutMs: message.sessionTimeoutMs };
      registerBroker(t);
      claimController(t);
      return;
    case 'ZkResponse': {
      const purpose = t.b.inFlight.get(message.xid);
      if (purpose === undefined) return;
      const inFlight = new Map(t.b.inFlight);
      inFlight.delete(message.xid);
      t.b.inFlight = inFlight;
      onResponse(t, purpose, message);
      return;
    }
    case 'ZkWatchEvent':
      return onWatch(t, message);
    case 'LeaderAndIsrRequest':
      return onLeaderAndIsr(t, message);
    default:
      t.out.emit({ type: 'input.rejected', reason: `a ZooKeeper-mode broker does not handle ${message.type}` });
  }
}

export function zkBrokerMachine(electLeader: ElectLeader = referenceElectLeader): NodeMachine<ZkBrokerState, never, ZkBrokerState> {
  function step(state: ZkBrokerState, input: NodeInput<never>, context: StepContext): Step<ZkBrokerState> {
    const out = new Outbox(brokerNode(state.brokerId), context.now);
    const t: Turn = { b: { ...state }, out, now: context.now, electLeader };
    if (input.kind === 'start') {
      out.send(ZOOKEEPER_NODE, { type: 'ZkConnectRequest', sessionTimeoutMs: state.config.sessionTimeoutMs });
      t.b.lastSentAt = context.now;
    } else if (input.kind === 'deliver') {
      deliver(t, input.envelope.message);
    }
    if (t.b.registerRetryAt !== undefined && t.b.registerRetryAt <= context.now) {
      t.b.registerRetryAt = undefined;
      registerBroker(t);
    }
    flush(t);
    const pingEveryMs = Math.floor(t.b.config.sessionTimeoutMs / 3);
    if (t.b.sessionId !== undefined && t.b.lastSentAt + pingEveryMs <= context.now) {
      out.send(ZOOKEEPER_NODE, { type: 'ZkPing', sessionId: t.b.sessionId });
      t.b.lastSentAt = context.now;
    }
    const nextPing = t.b.sessionId === undefined ? undefined : t.b.lastSentAt + pingEveryMs;
    return out.finish(t.b as ZkBrokerState, earliest(nextPing, t.b.registerRetryAt));
  }
  return {
    step,
    // A ZooKeeper-mode broker keeps its partition logs on disk (not modelled here); its session,
    // controller role and metadata cache are memory and die with it.
    persisted: (state) => state,
    restart: (state) => initialZkBrokerState(state.brokerId, state.config),
  };
}

export function initialZkBrokerState(brokerId: BrokerId, config: ZkBrokerConfig = defaultZkBrokerConfig): ZkBrokerState {
  return {
    brokerId,
    config,
    sessionId: undefined,
    nextXid: 0,
    inFlight: new Map(),
    queue: [],
    lastSentAt: 0,
    registerRetryAt: undefined,
    controller: undefined,
    controllerEpoch: 0,
    partitions: new Map(),
  };
}

