/**
 * The active controller: the Raft leader, once its LeaderChange record is committed, owns the
 * cluster metadata and changes it only by appending records (semantics 6.1, 6.5, 6.6; KIP-631;
 * QuorumController, ClusterControlManager, BrokerHeartbeatManager, ReplicationControlManager).
 *
 * - A broker registers (RegisterBroker; its broker epoch is that record's offset; it starts
 *   fenced), heartbeats every broker.heartbeat.interval.ms, and is unfenced (UnfenceBroker) once
 *   the metadata offset it reports has reached its own registration.
 * - A broker silent for broker.session.timeout.ms is fenced (FenceBroker), and every partition
 *   whose ISR or leadership held it gets a PartitionChange record from the same rules the plain
 *   controller uses (../controller/partition-change.ts with the `electLeader` seam): a new leader
 *   bumps the leader epoch. Unfencing re-examines leaderless partitions.
 * - Heartbeat times are soft state: a new active controller starts every broker's clock afresh at
 *   activation (semantics 6.5), so fencing after a failover can take longer.
 * - Answers to registrations and unfencing heartbeats wait until their record is committed.
 *
 * Decisions build on `latestImage`, which includes this controller's records not yet committed
 * (Kafka's controller applies its own records at once and reverts to a snapshot if it loses
 * leadership; here the soft state is simply dropped with the leadership).
 */
import { defaultTopicConfig, type TopicConfig } from '../config.js';
import type { ElectLeader } from '../controller/leader-election.js';
import { computePartitionChange, type PartitionChangeEvent } from '../controller/partition-change.js';
import { assignReplicas } from '../controller/replica-assignment.js';
import { ErrorCode } from '../errors.js';
import { NO_LEADER, type BrokerId, type NodeId } from '../ids.js';
import type { BrokerHeartbeatRequest, BrokerRegistrationRequest, Message, PartitionState } from '../protocol/messages.js';
import { activeBrokers, applyPartitionChange, replay } from './metadata-image.js';
import { NO_LEADER_CHANGE, type MetadataRecord } from './metadata-records.js';
import { appendAsLeader } from './raft-leader.js';
import type { ActiveControllerState, Turn } from './kraft-node-state.js';

/** What the controller part of a node needs besides the Raft state. */
export interface ControllerMechanisms {
  readonly electLeader: ElectLeader;
}

export interface CreateTopicCommand {
  readonly type: 'create-topic';
  readonly name: string;
  readonly numPartitions: number;
  readonly replicationFactor: number;
  readonly config?: Partial<TopicConfig>;
  /** Replicas per partition, leader first; otherwise placed over the unfenced brokers. */
  readonly replicaAssignment?: ReadonlyArray<readonly BrokerId[]>;
}

/** Activation: the leader's HW has passed its epoch start, so everything before is committed and replayed. */
export function settleController(t: Turn, mechanisms: ControllerMechanisms): void {
  const n = t.n;
  const role = n.role;
  if (role.kind !== 'leader' || !n.identity.controller) return;
  if (n.controller === undefined) {
    if (n.highWatermark <= role.epochStartOffset) return;
    const latestImage = replay(n.image, n.log.slice(n.image.nextOffset));
    const lastHeartbeatAt = new Map<number, number>();
    for (const brokerId of latestImage.brokers.keys()) lastHeartbeatAt.set(brokerId, t.now);
    n.controller = {
      epoch: role.epoch,
      latestImage,
      lastHeartbeatAt,
      pendingReplies: [],
      nextFenceCheckAt: t.now + n.config.brokerSessionTimeoutMs,
    };
    t.out.emit({ type: 'controller.activated', epoch: role.epoch, recordsInMemory: latestImage.nextOffset });
  }
  releaseReplies(t);
  if (n.controller !== undefined && n.controller.nextFenceCheckAt <= t.now) fenceExpiredSessions(t, mechanisms);
  releaseReplies(t);
}

function controllerOf(t: Turn): ActiveControllerState {
  const controller = t.n.controller;
  if (controller === undefined) throw new Error(`KRaft node ${t.n.identity.nodeId}: not the active controller`);
  return controller;
}

/** Appends through Raft and folds the records into the controller's latest image; returns the first offset. */
function write(t: Turn, records: readonly MetadataRecord[]): number {
  const entries = appendAsLeader(t, records);
  const controller = controllerOf(t);
  t.n.controller = { ...controller, latestImage: replay(controller.latestImage, entries) };
  return entries[0]?.offset ?? t.n.log.length;
}

function replyOnCommit(t: Turn, offset: number, to: NodeId, message: Message): void {
  const controller = controllerOf(t);
  t.n.controller = { ...controller, pendingReplies: [...controller.pendingReplies, { offset, to, message }] };
}

function releaseReplies(t: Turn): void {
  const controller = t.n.controller;
  if (controller === undefined || controller.pendingReplies.length === 0) return;
  const ready = controller.pendingReplies.filter((reply) => reply.offset < t.n.highWatermark);
  if (ready.length === 0) return;
  t.n.controller = { ...controller, pendingReplies: controller.pendingReplies.filter((reply) => reply.offset >= t.n.highWatermark) };
  for (const reply of ready) t.out.send(reply.to, reply.message);
}

export function handleRegistration(t: Turn, mechanisms: ControllerMechanisms, from: NodeId, request: BrokerRegistrationRequest): void {
  if (t.n.controller === undefined) {
    t.out.send(from, { type: 'BrokerRegistrationResponse', error: ErrorCode.NOT_CONTROLLER, brokerEpoch: -1 });
    return;
  }
  const existing = t.n.controller.latestImage.brokers.get(request.brokerId);
  if (existing !== undefined && existing.incarnationId === request.incarnationId) {
    // The same process asking again (our answer was lost): same registration, answered once committed.
    replyOnCommit(t, existing.brokerEpoch, from, { type: 'BrokerRegistrationResponse', error: ErrorCode.NONE, brokerEpoch: existing.brokerEpoch });
    touch(t, request.brokerId);
    return;
  }
  if (existing !== undefined && !existing.fenced) {
    // A new incarnation: Kafka refuses it until the old session lapses; the model fences the old
    // registration at once (as the plain controller does, controller/broker-sessions.ts).
    fenceBroker(t, mechanisms, request.brokerId, 're-registered');
  }
  const offset = write(t, [{ type: 'RegisterBroker', brokerId: request.brokerId, incarnationId: request.incarnationId, node: from }]);
  t.out.emit({ type: 'broker.registered', broker: request.brokerId, brokerEpoch: offset });
  touch(t, request.brokerId);
  replyOnCommit(t, offset, from, { type: 'BrokerRegistrationResponse', error: ErrorCode.NONE, brokerEpoch: offset });
}

function touch(t: Turn, brokerId: BrokerId): void {
  const controller = controllerOf(t);
  const lastHeartbeatAt = new Map(controller.lastHeartbeatAt);
  lastHeartbeatAt.set(brokerId, t.now);
  t.n.controller = { ...controller, lastHeartbeatAt };
}

export function handleHeartbeat(t: Turn, mechanisms: ControllerMechanisms, from: NodeId, request: BrokerHeartbeatRequest): void {
  const controller = t.n.controller;
  if (controller === undefined) {
    t.out.send(from, { type: 'BrokerHeartbeatResponse', error: ErrorCode.NOT_CONTROLLER, isFenced: true });
    return;
  }
  const broker = controller.latestImage.brokers.get(request.brokerId);
  if (broker === undefined || broker.brokerEpoch !== request.brokerEpoch) {
    t.out.send(from, { type: 'BrokerHeartbeatResponse', error: ErrorCode.STALE_BROKER_EPOCH, isFenced: true });
    return;
  }
  touch(t, request.brokerId);
  if (broker.fenced && !request.wantFence && request.metadataOffset >= broker.brokerEpoch) {
    const offset = unfenceBroker(t, mechanisms, request.brokerId);
    replyOnCommit(t, offset, from, { type: 'BrokerHeartbeatResponse', error: ErrorCode.NONE, isFenced: false });
    return;
  }
  t.out.send(from, { type: 'BrokerHeartbeatResponse', error: ErrorCode.NONE, isFenced: broker.fenced });
}

function fenceExpiredSessions(t: Turn, mechanisms: ControllerMechanisms): void {
  const sessionMs = t.n.config.brokerSessionTimeoutMs;
  let next = Number.POSITIVE_INFINITY;
  for (const broker of [...controllerOf(t).latestImage.brokers.values()].sort((a, b) => a.brokerId - b.brokerId)) {
    if (broker.fenced) continue;
    const last = controllerOf(t).lastHeartbeatAt.get(broker.brokerId) ?? t.now;
    if (last + sessionMs <= t.now) fenceBroker(t, mechanisms, broker.brokerId, 'session-timeout');
    else next = Math.min(next, last + sessionMs);
  }
  const controller = controllerOf(t);
  t.n.controller = { ...controller, nextFenceCheckAt: Number.isFinite(next) ? next : t.now + sessionMs };
}

function fenceBroker(t: Turn, mechanisms: ControllerMechanisms, brokerId: BrokerId, reason: 'session-timeout' | 're-registered'): void {
  const broker = controllerOf(t).latestImage.brokers.get(brokerId);
  if (broker === undefined) return;
  write(t, [{ type: 'FenceBroker', brokerId, brokerEpoch: broker.brokerEpoch }]);
  t.out.emit({ type: 'broker.fenced', broker: brokerId, reason });
  changePartitions(t, mechanisms, { kind: 'fence', broker: brokerId });
}

function unfenceBroker(t: Turn, mechanisms: ControllerMechanisms, brokerId: BrokerId): number {
  const broker = controllerOf(t).latestImage.brokers.get(brokerId);
  if (broker === undefined) throw new Error(`unfence of unknown broker ${brokerId}`);
  const offset = write(t, [{ type: 'UnfenceBroker', brokerId, brokerEpoch: broker.brokerEpoch }]);
  t.out.emit({ type: 'broker.unfenced', broker: brokerId });
  changePartitions(t, mechanisms, { kind: 'unfence', broker: brokerId });
  return offset;
}

/** One PartitionChange record per partition the event changes (semantics 6.6), in topic-partition order. */
function changePartitions(t: Turn, mechanisms: ControllerMechanisms, event: PartitionChangeEvent): void {
  const image = controllerOf(t).latestImage;
  const active = activeBrokers(image);
  const records: MetadataRecord[] = [];
  const partitions = [...image.partitions.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  for (const partition of partitions) {
    const topicConfig = image.topics.get(partition.topic) ?? defaultTopicConfig;
    const change = computePartitionChange({ partition, topicConfig, activeBrokers: active, event, electLeader: mechanisms.electLeader });
    if (!change.changed) continue;
    const record = changeRecord(partition, change.partition);
    checkPairs(partition, record, change.partition);
    records.push(record);
    const leaderChange = change.leaderChange;
    if (leaderChange === undefined) continue;
    const ref = { topic: partition.topic, partition: partition.partition };
    if (leaderChange.leader === NO_LEADER) {
      t.out.emit({ type: 'partition.offline', ...ref, previousLeader: leaderChange.previousLeader, leaderEpoch: leaderChange.leaderEpoch, isr: change.partition.isr });
    } else {
      t.out.emit({
        type: 'leader.elected',
        ...ref,
        leader: leaderChange.leader,
        previousLeader: leaderChange.previousLeader,
        leaderEpoch: leaderChange.leaderEpoch,
        isr: change.partition.isr,
        reason: leaderChange.reason,
      });
    }
  }
  if (records.length > 0) write(t, records);
}

/** The PartitionChangeRecord that turns `before` into `after`: only changed fields (semantics 6.5). */
export function changeRecord(before: PartitionState, after: PartitionState): Extract<MetadataRecord, { type: 'PartitionChange' }> {
  const sameIsr = before.isr.length === after.isr.length && before.isr.every((broker, index) => after.isr[index] === broker);
  return {
    type: 'PartitionChange',
    topic: before.topic,
    partition: before.partition,
    leader: after.leader !== before.leader ? after.leader : NO_LEADER_CHANGE,
    ...(sameIsr ? {} : { isr: after.isr }),
    ...(after.leaderRecoveryState !== before.leaderRecoveryState ? { leaderRecoveryState: after.leaderRecoveryState } : {}),
  };
}

/** Pair assertion: replaying the record gives exactly the state the election computed (epochs included). */
function checkPairs(before: PartitionState, record: Extract<MetadataRecord, { type: 'PartitionChange' }>, expected: PartitionState): void {
  const replayed = applyPartitionChange(before, record);
  if (replayed.leaderEpoch !== expected.leaderEpoch || replayed.partitionEpoch !== expected.partitionEpoch || replayed.leader !== expected.leader) {
    throw new Error(`PartitionChange for ${before.topic}-${before.partition} replays to a different state than the election computed`);
  }
}

/** Topic creation (CreateTopics): Topic record, then one Partition record per partition, leader = first replica. */
export function createTopic(t: Turn, command: CreateTopicCommand): void {
  const controller = t.n.controller;
  if (controller === undefined) {
    t.out.emit({ type: 'input.rejected', reason: `create-topic ${command.name}: node ${t.n.identity.nodeId} is not the active controller` });
    return;
  }
  const image = controller.latestImage;
  if (image.topics.has(command.name)) {
    t.out.emit({ type: 'input.rejected', reason: `create-topic ${command.name}: the topic already exists` });
    return;
  }
  const active = [...activeBrokers(image)];
  let replicas: ReadonlyArray<readonly BrokerId[]>;
  if (command.replicaAssignment !== undefined) {
    const unknown = command.replicaAssignment.flat().find((broker) => !image.brokers.has(broker));
    if (unknown !== undefined) {
      t.out.emit({ type: 'input.rejected', reason: `create-topic ${command.name}: broker ${unknown} is not registered` });
      return;
    }
    replicas = command.replicaAssignment;
  } else {
    const assignment = assignReplicas({ brokers: active, numPartitions: command.numPartitions, replicationFactor: command.replicationFactor }, t.random);
    if (!assignment.ok) {
      t.out.emit({ type: 'input.rejected', reason: `create-topic ${command.name}: ${assignment.message}` });
      return;
    }
    replicas = assignment.replicas;
  }
  const config: TopicConfig = { ...defaultTopicConfig, ...command.config };
  const records: MetadataRecord[] = [{ type: 'Topic', name: command.name, config }];
  const activeSet = new Set(active);
  replicas.forEach((partitionReplicas, partition) => {
    const leader = partitionReplicas.find((broker) => activeSet.has(broker)) ?? NO_LEADER;
    records.push({
      type: 'Partition',
      partition: {
        topic: command.name,
        partition,
        replicas: partitionReplicas,
        isr: partitionReplicas,
        leader,
        leaderEpoch: 0,
        partitionEpoch: 0,
        leaderRecoveryState: 'RECOVERED',
      },
    });
  });
  write(t, records);
  t.out.emit({ type: 'topic.created', topic: command.name, numPartitions: replicas.length, replicationFactor: replicas[0]?.length ?? 0 });
}
