/**
 * The group coordinator a broker runs: it serves the groups whose `__consumer_offsets` partition
 * (`Utils.abs(groupId.hashCode()) % partitions`, coordinator-partition.ts) this broker leads, and
 * keeps their committed offsets as records in that partition.
 *
 * Source: group-coordinator/src/main/java/org/apache/kafka/coordinator/group/GroupCoordinatorService.java
 * (routing by partition, NOT_COORDINATOR), GroupCoordinatorShard.java and OffsetMetadataManager.java
 * (commit validation, writing OffsetCommit records, answering once the write is committed, loading a
 * partition by replaying its records), CoordinatorRuntime.java (a shard per partition, loaded when
 * the broker becomes its leader, unloaded when it stops leading); kafka-semantics.md 8.1, 8.2, 8.4.
 *
 * The host (the broker) supplies what the coordinator cannot know by itself: which offsets
 * partitions it leads (and in which leader epoch), their logs, and a way to append to them. An
 * OffsetCommit is answered only when its records are written with acks=all (Kafka's coordinator
 * waits for the write to be committed, up to offsets.commit.timeout.ms); write errors are mapped as
 * Kafka maps them: NOT_LEADER_OR_FOLLOWER → NOT_COORDINATOR, an under-replicated or timed-out write
 * → COORDINATOR_NOT_AVAILABLE.
 *
 * Loading is lazy here: the first request for a partition after this broker became its leader (a
 * new leader epoch) replays the partition's log into the offsets cache; Kafka starts loading at
 * once and answers COORDINATOR_LOAD_IN_PROGRESS meanwhile. Group membership is not persisted (see
 * classic-group.ts): a new coordinator knows the offsets, and the members rejoin.
 */
import { ErrorCode } from '../errors.js';
import type { NodeId } from '../ids.js';
import type { KafkaRecord, LogEntry } from '../log/record.js';
import type {
  GroupRequest,
  OffsetCommitRequest,
  OffsetFetchRequest,
  PartitionOffset,
} from '../protocol/group-messages.js';
import type { Outbox, RandomSource } from '../step.js';
import {
  classicGroupDeadline,
  expireClassicGroup,
  heartbeat,
  joinGroup,
  leaveGroup,
  syncGroup,
  type ClassicGroup,
  type GroupContext,
} from './classic-group.js';
import type { GroupCoordinatorConfig } from './coordinator-config.js';
import {
  consumerGroupDeadline,
  consumerGroupHeartbeat,
  expireConsumerGroup,
  validateConsumerGroupCommit,
  type ConsumerGroup,
  type ConsumerGroupContext,
} from './consumer-group.js';
import { coordinatorPartition } from './coordinator-partition.js';
import { latestOffsets, offsetCommitRecord, offsetKey, type CommittedOffsetRecord } from './offsets.js';

/** What the broker hosting the coordinator provides. */
export interface CoordinatorHost {
  readonly now: number;
  readonly random: RandomSource;
  readonly config: GroupCoordinatorConfig;
  readonly out: Outbox;
  /** Partitions of __consumer_offsets as the metadata knows them; undefined before the topic exists. */
  readonly offsetsPartitionCount: number | undefined;
  /** This broker's leader epoch for that partition of __consumer_offsets, or undefined when it does not lead it. */
  offsetsLeaderEpoch(partition: number): number | undefined;
  /** The partition's records, to load the offsets cache from. */
  readOffsetsLog(partition: number): readonly LogEntry[];
  /** Partitions of a topic in the broker's metadata (the consumer protocol's server-side assignors need them). */
  topicPartitionCount(topic: string): number | undefined;
  /** Append with acks=all; the host later calls `offsetWriteCompleted(writeId, error)`. */
  appendOffsetRecords(partition: number, writeId: number, records: readonly KafkaRecord[]): void;
}

interface PendingCommit {
  readonly groupId: string;
  readonly memberId: string;
  readonly from: NodeId;
  readonly correlationId: number;
  readonly offsets: readonly PartitionOffset[];
}

export interface GroupCoordinatorState {
  /** Offsets partitions loaded, with the leader epoch they were loaded in. */
  readonly loaded: ReadonlyMap<number, number>;
  readonly classicGroups: ReadonlyMap<string, ClassicGroup>;
  /** Groups using the consumer protocol (KIP-848). */
  readonly consumerGroups: ReadonlyMap<string, ConsumerGroup>;
  /** The offsets cache, keyed by offsetKey(groupId, tp). */
  readonly offsets: ReadonlyMap<string, CommittedOffsetRecord>;
  readonly pendingCommits: ReadonlyMap<number, PendingCommit>;
  readonly nextWriteId: number;
}

export const emptyCoordinatorState: GroupCoordinatorState = {
  loaded: new Map(),
  classicGroups: new Map(),
  consumerGroups: new Map(),
  offsets: new Map(),
  pendingCommits: new Map(),
  nextWriteId: 1,
};

/** The offsets partition of `groupId` and whether this broker coordinates it, loading it first if needed. */
function route(state: GroupCoordinatorState, groupId: string, host: CoordinatorHost): { state: GroupCoordinatorState; error: ErrorCode } {
  if (host.offsetsPartitionCount === undefined) return { state, error: ErrorCode.COORDINATOR_NOT_AVAILABLE };
  const partition = coordinatorPartition(groupId, host.offsetsPartitionCount);
  const epoch = host.offsetsLeaderEpoch(partition);
  if (epoch === undefined) return { state, error: ErrorCode.NOT_COORDINATOR };
  if (state.loaded.get(partition) === epoch) return { state, error: ErrorCode.NONE };
  return { state: loadPartition(state, partition, epoch, host), error: ErrorCode.NONE };
}

/** Replays the partition's commits into the cache, replacing whatever an earlier tenure held. */
function loadPartition(state: GroupCoordinatorState, partition: number, epoch: number, host: CoordinatorHost): GroupCoordinatorState {
  const count = host.offsetsPartitionCount!;
  const offsets = new Map([...state.offsets].filter(([, commit]) => coordinatorPartition(commit.groupId, count) !== partition));
  for (const [key, commit] of latestOffsets(host.readOffsetsLog(partition))) offsets.set(key, commit);
  const classicGroups = new Map([...state.classicGroups].filter(([groupId]) => coordinatorPartition(groupId, count) !== partition));
  const consumerGroups = new Map([...state.consumerGroups].filter(([groupId]) => coordinatorPartition(groupId, count) !== partition));
  const loaded = new Map(state.loaded);
  loaded.set(partition, epoch);
  return { ...state, offsets, classicGroups, consumerGroups, loaded };
}

/** Answers one group request (a broker calls this for every group API but FindCoordinator). */
export function handleGroupRequest(
  state: GroupCoordinatorState,
  from: NodeId,
  request: GroupRequest,
  host: CoordinatorHost,
): GroupCoordinatorState {
  if (request.type === 'FindCoordinatorRequest') return state; // answered by the broker from its metadata
  const routed = route(state, request.groupId, host);
  if (routed.error !== ErrorCode.NONE) {
    host.out.send(from, notCoordinatorResponse(request, routed.error));
    return routed.state;
  }
  const current = routed.state;
  const ctx: GroupContext = { now: host.now, config: host.config, out: host.out, random: host.random };
  const group = current.classicGroups.get(request.groupId);
  const modern = current.consumerGroups.get(request.groupId);
  switch (request.type) {
    case 'JoinGroupRequest':
      if (modern !== undefined && modern.members.size > 0) {
        // A group id speaks one protocol at a time here (Kafka can migrate a group online).
        host.out.send(from, notCoordinatorResponse(request, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
        return current;
      }
      return withGroup(current, request.groupId, joinGroup(group, request, from, ctx));
    case 'SyncGroupRequest':
      return withGroup(current, request.groupId, syncGroup(group, request, from, ctx));
    case 'HeartbeatRequest':
      return withGroup(current, request.groupId, heartbeat(group, request, from, ctx));
    case 'LeaveGroupRequest':
      return withGroup(current, request.groupId, leaveGroup(group, request, from, ctx));
    case 'OffsetCommitRequest':
      return commitOffsets(current, request, from, host);
    case 'OffsetFetchRequest':
      fetchOffsets(current, request, from, host);
      return current;
    case 'ConsumerGroupHeartbeatRequest': {
      if (group !== undefined && group.members.size > 0) {
        host.out.send(from, notCoordinatorResponse(request, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
        return current;
      }
      const next = consumerGroupHeartbeat(modern, request, from, modernContext(host));
      if (next === undefined || next === modern) return current;
      const consumerGroups = new Map(current.consumerGroups);
      consumerGroups.set(request.groupId, next);
      return { ...current, consumerGroups };
    }
  }
}

function modernContext(host: CoordinatorHost): ConsumerGroupContext {
  return { now: host.now, config: host.config, out: host.out, random: host.random, topicPartitionCount: (topic) => host.topicPartitionCount(topic) };
}

function withGroup(state: GroupCoordinatorState, groupId: string, group: ClassicGroup | undefined): GroupCoordinatorState {
  if (group === undefined || state.classicGroups.get(groupId) === group) return state;
  const classicGroups = new Map(state.classicGroups);
  classicGroups.set(groupId, group);
  return { ...state, classicGroups };
}

// --- offsets ------------------------------------------------------------------------------------

/**
 * ClassicGroup.validateOffsetCommit: a commit from outside group management (generation -1, no
 * member id) only while the group is Empty; otherwise the member must be known (UNKNOWN_MEMBER_ID)
 * and in the current generation (ILLEGAL_GENERATION), and not in the middle of a rebalance's sync
 * phase (REBALANCE_IN_PROGRESS). Kafka does not check that the member owns the partitions it commits:
 * the assignment is opaque to the coordinator. A member that lost a partition in a rebalance is
 * stopped by the generation check instead (the Java client's CommitFailedException).
 */
export function validateClassicCommit(group: ClassicGroup | undefined, request: OffsetCommitRequest): ErrorCode {
  const generationId = request.generationIdOrMemberEpoch;
  const state = group?.state ?? 'Empty';
  if (generationId < 0 && state === 'Empty') return ErrorCode.NONE;
  if (generationId >= 0 || request.memberId !== '') {
    if (group === undefined || !group.members.has(request.memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
  } else if (state !== 'Empty') {
    return ErrorCode.UNKNOWN_MEMBER_ID;
  }
  return state === 'CompletingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
}

function commitOffsets(state: GroupCoordinatorState, request: OffsetCommitRequest, from: NodeId, host: CoordinatorHost): GroupCoordinatorState {
  const reply = (error: ErrorCode): GroupCoordinatorState => {
    if (error !== ErrorCode.NONE) host.out.emit({ type: 'offset.commit-rejected', groupId: request.groupId, memberId: request.memberId, error });
    host.out.send(from, { type: 'OffsetCommitResponse', correlationId: request.correlationId, groupId: request.groupId, error, offsets: request.offsets });
    return state;
  };
  const malformed = request.offsets.some((o) => !Number.isSafeInteger(o.offset) || o.offset < 0 || !Number.isSafeInteger(o.partition) || o.partition < 0);
  if (malformed) return reply(ErrorCode.INVALID_REQUEST);
  const modern = state.consumerGroups.get(request.groupId);
  const error =
    modern !== undefined && modern.members.size > 0
      ? validateConsumerGroupCommit(modern, request.memberId, request.generationIdOrMemberEpoch)
      : validateClassicCommit(state.classicGroups.get(request.groupId), request);
  if (error !== ErrorCode.NONE) return reply(error);
  if (request.offsets.length === 0) return reply(ErrorCode.NONE);
  const writeId = state.nextWriteId;
  const records = request.offsets.map((o) => offsetCommitRecord({ groupId: request.groupId, topic: o.topic, partition: o.partition, offset: o.offset }, host.now));
  host.appendOffsetRecords(coordinatorPartition(request.groupId, host.offsetsPartitionCount!), writeId, records);
  const pendingCommits = new Map(state.pendingCommits);
  pendingCommits.set(writeId, { groupId: request.groupId, memberId: request.memberId, from, correlationId: request.correlationId, offsets: request.offsets });
  return { ...state, pendingCommits, nextWriteId: writeId + 1 };
}

/** The write behind an OffsetCommit finished: on success the cache takes the offsets and the member hears NONE. */
export function offsetWriteCompleted(state: GroupCoordinatorState, writeId: number, writeError: ErrorCode, host: CoordinatorHost): GroupCoordinatorState {
  const pending = state.pendingCommits.get(writeId);
  if (pending === undefined) return state;
  const pendingCommits = new Map(state.pendingCommits);
  pendingCommits.delete(writeId);
  const error = commitErrorFor(writeError);
  let offsets = state.offsets;
  if (error === ErrorCode.NONE) {
    const updated = new Map(offsets);
    for (const o of pending.offsets) {
      updated.set(offsetKey(pending.groupId, o), { groupId: pending.groupId, topic: o.topic, partition: o.partition, offset: o.offset });
      host.out.emit({ type: 'offset.committed', groupId: pending.groupId, topic: o.topic, partition: o.partition, offset: o.offset, memberId: pending.memberId });
    }
    offsets = updated;
  } else {
    host.out.emit({ type: 'offset.commit-rejected', groupId: pending.groupId, memberId: pending.memberId, error });
  }
  host.out.send(pending.from, { type: 'OffsetCommitResponse', correlationId: pending.correlationId, groupId: pending.groupId, error, offsets: pending.offsets });
  return { ...state, pendingCommits, offsets };
}

/** GroupMetadataManager's mapping of a failed write to what the committing member is told. */
function commitErrorFor(writeError: ErrorCode): ErrorCode {
  switch (writeError) {
    case ErrorCode.NONE:
      return ErrorCode.NONE;
    case ErrorCode.NOT_LEADER_OR_FOLLOWER:
    case ErrorCode.FENCED_LEADER_EPOCH:
      return ErrorCode.NOT_COORDINATOR;
    default:
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  }
}

function fetchOffsets(state: GroupCoordinatorState, request: OffsetFetchRequest, from: NodeId, host: CoordinatorHost): void {
  const offsets = request.partitions.map((tp) => ({
    topic: tp.topic,
    partition: tp.partition,
    offset: state.offsets.get(offsetKey(request.groupId, tp))?.offset ?? -1,
  }));
  host.out.send(from, { type: 'OffsetFetchResponse', correlationId: request.correlationId, groupId: request.groupId, error: ErrorCode.NONE, offsets });
}

/** The committed offsets of a group, as the coordinator's cache holds them. */
export function groupOffsets(state: GroupCoordinatorState, groupId: string): CommittedOffsetRecord[] {
  return [...state.offsets.values()].filter((commit) => commit.groupId === groupId);
}

// --- errors and time ----------------------------------------------------------------------------

function notCoordinatorResponse(request: Exclude<GroupRequest, { type: 'FindCoordinatorRequest' }>, error: ErrorCode) {
  const base = { correlationId: request.correlationId, groupId: request.groupId, error };
  switch (request.type) {
    case 'JoinGroupRequest':
      return { ...base, type: 'JoinGroupResponse' as const, generationId: -1, protocolName: null, leader: '', memberId: request.memberId, members: [] };
    case 'SyncGroupRequest':
      return { ...base, type: 'SyncGroupResponse' as const, assignment: [] };
    case 'HeartbeatRequest':
      return { ...base, type: 'HeartbeatResponse' as const };
    case 'LeaveGroupRequest':
      return { ...base, type: 'LeaveGroupResponse' as const };
    case 'OffsetCommitRequest':
      return { ...base, type: 'OffsetCommitResponse' as const, offsets: request.offsets };
    case 'OffsetFetchRequest':
      return { ...base, type: 'OffsetFetchResponse' as const, offsets: [] };
    case 'ConsumerGroupHeartbeatRequest':
      return { ...base, type: 'ConsumerGroupHeartbeatResponse' as const, errorMessage: null, memberId: request.memberId, memberEpoch: -1, heartbeatIntervalMs: 0, assignment: null };
  }
}

/**
 * The timer: expire sessions, open barriers whose deadline passed, and unload the groups of
 * partitions this broker no longer leads (their parked requests hear NOT_COORDINATOR).
 */
export function expireCoordinator(state: GroupCoordinatorState, host: CoordinatorHost): GroupCoordinatorState {
  const ctx: GroupContext = { now: host.now, config: host.config, out: host.out, random: host.random };
  let classicGroups: Map<string, ClassicGroup> | undefined;
  let loaded: Map<number, number> | undefined;
  for (const [partition, epoch] of state.loaded) {
    if (host.offsetsLeaderEpoch(partition) !== epoch) (loaded ??= new Map(state.loaded)).delete(partition);
  }
  for (const [groupId, group] of state.classicGroups) {
    const partition = host.offsetsPartitionCount === undefined ? undefined : coordinatorPartition(groupId, host.offsetsPartitionCount);
    if (partition === undefined || !(loaded ?? state.loaded).has(partition)) {
      unloadGroup(group, host);
      (classicGroups ??= new Map(state.classicGroups)).delete(groupId);
      continue;
    }
    const deadline = classicGroupDeadline(group);
    if (deadline === undefined || deadline > host.now) continue;
    (classicGroups ??= new Map(state.classicGroups)).set(groupId, expireClassicGroup(group, ctx));
  }
  let consumerGroups: Map<string, ConsumerGroup> | undefined;
  for (const [groupId, group] of state.consumerGroups) {
    const partition = host.offsetsPartitionCount === undefined ? undefined : coordinatorPartition(groupId, host.offsetsPartitionCount);
    if (partition === undefined || !(loaded ?? state.loaded).has(partition)) {
      (consumerGroups ??= new Map(state.consumerGroups)).delete(groupId);
      continue;
    }
    const deadline = consumerGroupDeadline(group);
    if (deadline === undefined || deadline > host.now) continue;
    (consumerGroups ??= new Map(state.consumerGroups)).set(groupId, expireConsumerGroup(group, modernContext(host)));
  }
  if (classicGroups === undefined && loaded === undefined && consumerGroups === undefined) return state;
  return {
    ...state,
    classicGroups: classicGroups ?? state.classicGroups,
    consumerGroups: consumerGroups ?? state.consumerGroups,
    loaded: loaded ?? state.loaded,
  };
}

function unloadGroup(group: ClassicGroup, host: CoordinatorHost): void {
  for (const member of group.members.values()) {
    const parkedJoin = member.awaitingJoin;
    if (parkedJoin !== undefined) {
      host.out.send(parkedJoin.from, {
        type: 'JoinGroupResponse',
        correlationId: parkedJoin.correlationId,
        groupId: group.groupId,
        error: ErrorCode.NOT_COORDINATOR,
        generationId: -1,
        protocolName: null,
        leader: '',
        memberId: member.memberId,
        members: [],
      });
    }
    const parkedSync = member.awaitingSync;
    if (parkedSync !== undefined) {
      host.out.send(parkedSync.from, { type: 'SyncGroupResponse', correlationId: parkedSync.correlationId, groupId: group.groupId, error: ErrorCode.NOT_COORDINATOR, assignment: [] });
    }
  }
}

/** When the coordinator next needs `expireCoordinator`. */
export function coordinatorDeadline(state: GroupCoordinatorState): number | undefined {
  let deadline: number | undefined;
  for (const group of state.classicGroups.values()) {
    const at = classicGroupDeadline(group);
    if (at !== undefined && (deadline === undefined || at < deadline)) deadline = at;
  }
  for (const group of state.consumerGroups.values()) {
    const at = consumerGroupDeadline(group);
    if (at !== undefined && (deadline === undefined || at < deadline)) deadline = at;
  }
  return deadline;
}
