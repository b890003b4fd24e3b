/**
 * One group under the consumer protocol (KIP-848, GA in Kafka 4.0), on its coordinator: there is
 * no group leader and no join barrier. Members send ConsumerGroupHeartbeat; the coordinator keeps a
 * group epoch, computes the target assignment with a server-side assignor whenever the epoch moves,
 * and moves each member towards its target one heartbeat at a time (reconcile-member.ts): a member
 * first revokes what it must give up, and receives a partition only once its previous owner has
 * released it. Members not affected keep consuming throughout.
 *
 * Source: group-coordinator/src/main/java/org/apache/kafka/coordinator/group/GroupMetadataManager.java
 * (consumerGroupHeartbeat: join with epoch 0, leave with -1, FENCED_MEMBER_EPOCH, the session and
 * rebalance timeouts), modern/consumer/ConsumerGroup.java (validateOffsetCommit: STALE_MEMBER_EPOCH),
 * modern/consumer/CurrentAssignmentBuilder.java, assignor/UniformAssignor.java and RangeAssignor.java;
 * kafka-semantics.md 8.3 (group.consumer.* defaults), 8.7.
 *
 * Server-side assignors: `uniform` (the default, `group.consumer.assignors` lists it first): balanced
 * and sticky to the current target, computed here with the balance and keep steps of
 * cooperative-sticky-assignor.ts (Kafka's own layout differs; section 8.7 says to test balance and
 * stickiness); `range`: the client RangeAssignor's rule. An unknown `serverAssignor`:
 * UNSUPPORTED_ASSIGNOR (112).
 *
 * Simplified: member ids come from the client (KIP-1082, 4.0), or are made up here when empty (as
 * before 4.0); a heartbeat with an epoch other than the member's current one is fenced (Kafka also
 * accepts the previous epoch when the owned partitions fit); no static members, no regex
 * subscriptions, no topic ids; a group id is either classic or consumer (no online migration: the
 * other protocol's requests get INCONSISTENT_GROUP_PROTOCOL); group state is not persisted (as in
 * classic-group.ts).
 */
import { ErrorCode } from '../errors.js';
import { topicPartitionKey, type NodeId, type TopicPartition } from '../ids.js';
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse } from '../protocol/group-messages.js';
import type { Assignment, GroupMember } from './assignor.js';
import { compareTopicPartitions } from './assignor.js';
import type { GroupContext } from './classic-group.js';
import { randomUuid } from './classic-group.js';
import { planCooperativeSticky } from './cooperative-sticky-assignor.js';
import { rangeAssignor } from './range-assignor.js';
import { reconcileMember, type MemberReconcileState } from './reconcile-member.js';

export const SERVER_ASSIGNORS = ['uniform', 'range'] as const;
export type ServerAssignorName = (typeof SERVER_ASSIGNORS)[number];

export interface ConsumerGroupMember {
  readonly memberId: string;
  readonly clientNode: NodeId;
  readonly memberEpoch: number;
  readonly state: MemberReconcileState;
  readonly subscribedTopics: readonly string[];
  readonly rebalanceTimeoutMs: number;
  /** What the member may own now. */
  readonly assigned: readonly TopicPartition[];
  /** What it must give up; it still owns these until a heartbeat shows them gone. */
  readonly revoking: readonly TopicPartition[];
  readonly sessionDeadlineMs: number;
  /** While revoking: fenced if the revocation is not acknowledged by then. */
  readonly revocationDeadlineMs: number | undefined;
}

export interface ConsumerGroup {
  readonly groupId: string;
  readonly groupEpoch: number;
  /** The epoch the target assignment was computed for (equal to groupEpoch here: it is recomputed at once). */
  readonly assignmentEpoch: number;
  readonly assignor: ServerAssignorName;
  readonly targetAssignment: ReadonlyMap<string, readonly TopicPartition[]>;
  readonly members: ReadonlyMap<string, ConsumerGroupMember>;
}

export interface ConsumerGroupContext extends GroupContext {
  /** Partitions of a topic as the broker's metadata knows them; undefined for an unknown topic. */
  topicPartitionCount(topic: string): number | undefined;
}

export function emptyConsumerGroup(groupId: string): ConsumerGroup {
  return { groupId, groupEpoch: 0, assignmentEpoch: 0, assignor: 'uniform', targetAssignment: new Map(), members: new Map() };
}

export function consumerGroupHeartbeat(
  existing: ConsumerGroup | undefined,
  request: ConsumerGroupHeartbeatRequest,
  from: NodeId,
  ctx: ConsumerGroupContext,
): ConsumerGroup | undefined {
  const interval = ctx.config.groupConsumerHeartbeatIntervalMs;
  const reply = (fields: Partial<ConsumerGroupHeartbeatResponse> & { error: ErrorCode }): void =>
    ctx.out.send(from, {
      type: 'ConsumerGroupHeartbeatResponse',
      correlationId: request.correlationId,
      groupId: request.groupId,
      errorMessage: null,
      memberId: request.memberId,
      memberEpoch: -1,
      heartbeatIntervalMs: interval,
      assignment: null,
      ...fields,
    });
  if (request.groupId === '') {
    reply({ error: ErrorCode.INVALID_GROUP_ID, errorMessage: 'the group id is empty' });
    return existing;
  }
  if (request.serverAssignor !== null && !(SERVER_ASSIGNORS as readonly string[]).includes(request.serverAssignor)) {
    reply({ error: ErrorCode.UNSUPPORTED_ASSIGNOR, errorMessage: `unknown server assignor ${JSON.stringify(request.serverAssignor)}: ${SERVER_ASSIGNORS.join(', ')}` });
    return existing;
  }
  let group = existing ?? emptyConsumerGroup(request.groupId);
  if (request.serverAssignor !== null && group.members.size === 0) group = { ...group, assignor: request.serverAssignor as ServerAssignorName };

  if (request.memberEpoch === -1) {
    const leaving = group.members.get(request.memberId);
    reply({ error: leaving === undefined ? ErrorCode.UNKNOWN_MEMBER_ID : ErrorCode.NONE, memberEpoch: -1 });
    if (leaving === undefined) return existing;
    ctx.out.emit({ type: 'group.member-removed', groupId: group.groupId, memberId: leaving.memberId, reason: 'left' });
    return bumpEpoch(withoutMember(group, leaving.memberId), `${leaving.memberId} left`, ctx);
  }

  let member: ConsumerGroupMember;
  if (request.memberEpoch === 0) {
    const memberId = request.memberId !== '' ? request.memberId : randomUuid(ctx.random);
    const topics = request.subscribedTopicNames ?? [];
    const known = group.members.get(memberId);
    member = {
      memberId,
      clientNode: from,
      memberEpoch: 0,
      state: 'STABLE',
      subscribedTopics: topics,
      rebalanceTimeoutMs: request.rebalanceTimeoutMs,
      assigned: [],
      revoking: [],
      sessionDeadlineMs: ctx.now + ctx.config.groupConsumerSessionTimeoutMs,
      revocationDeadlineMs: undefined,
    };
    if (known !== undefined) group = withoutMember(group, memberId); // a member that rejoins starts over
    group = withMember(group, member);
    ctx.out.emit({ type: 'group.member-joined', groupId: group.groupId, memberId });
    group = bumpEpoch(group, `${memberId} joined`, ctx);
  } else {
    const known = group.members.get(request.memberId);
    if (known === undefined) {
      reply({ error: ErrorCode.UNKNOWN_MEMBER_ID, errorMessage: 'unknown member: join again with epoch 0' });
      return existing;
    }
    if (request.memberEpoch !== known.memberEpoch) {
      reply({ error: ErrorCode.FENCED_MEMBER_EPOCH, errorMessage: `epoch ${request.memberEpoch} is not the member's epoch ${known.memberEpoch}: drop every partition and join again` });
      ctx.out.emit({ type: 'group.member-removed', groupId: group.groupId, memberId: known.memberId, reason: 'fenced' });
      return bumpEpoch(withoutMember(group, known.memberId), `${known.memberId} was fenced`, ctx);
    }
    member = { ...known, sessionDeadlineMs: ctx.now + ctx.config.groupConsumerSessionTimeoutMs };
    group = withMember(group, member);
    const topics = request.subscribedTopicNames;
    if (topics !== null && JSON.stringify(topics) !== JSON.stringify(member.subscribedTopics)) {
      member = { ...member, subscribedTopics: topics };
      group = bumpEpoch(withMember(group, member), `${member.memberId} changed its subscription`, ctx);
    }
  }

  const reconciled = reconcile(group, group.members.get(member.memberId)!, request.ownedPartitions, ctx);
  group = withMember(group, reconciled);
  reply({ error: ErrorCode.NONE, memberId: reconciled.memberId, memberEpoch: reconciled.memberEpoch, assignment: reconciled.assigned });
  return group;
}

/** One CurrentAssignmentBuilder step for `member`, given what it reports owning. */
function reconcile(group: ConsumerGroup, member: ConsumerGroupMember, reportedOwned: readonly TopicPartition[] | null, ctx: ConsumerGroupContext): ConsumerGroupMember {
  const owned = reportedOwned ?? [...member.assigned, ...member.revoking];
  const heldByOthers = new Set<string>();
  for (const other of group.members.values()) {
    if (other.memberId === member.memberId) continue;
    for (const tp of [...other.assigned, ...other.revoking]) heldByOthers.add(topicPartitionKey(tp));
  }
  // Only what the coordinator gave it counts as owned (a member cannot claim a partition back).
  const given = new Set([...member.assigned, ...member.revoking].map(topicPartitionKey));
  const result = reconcileMember({
    memberEpoch: member.memberEpoch,
    targetEpoch: Math.max(group.assignmentEpoch, member.memberEpoch),
    owned: owned.filter((tp) => given.has(topicPartitionKey(tp))),
    target: group.targetAssignment.get(member.memberId) ?? [],
    ownedByOthers: (tp) => heldByOthers.has(topicPartitionKey(tp)),
  });
  const next: ConsumerGroupMember = {
    ...member,
    memberEpoch: result.memberEpoch,
    state: result.state,
    assigned: result.assigned,
    revoking: result.revoking,
    revocationDeadlineMs: result.revoking.length === 0 ? undefined : (member.revocationDeadlineMs ?? ctx.now + member.rebalanceTimeoutMs),
  };
  const changed = next.memberEpoch !== member.memberEpoch || next.state !== member.state || next.assigned.length !== member.assigned.length || next.revoking.length !== member.revoking.length;
  if (changed) {
    ctx.out.emit({
      type: 'group.member-reconciled',
      groupId: group.groupId,
      memberId: member.memberId,
      memberEpoch: next.memberEpoch,
      state: next.state,
      assigned: next.assigned.map(topicPartitionKey),
      revoking: next.revoking.map(topicPartitionKey),
    });
  }
  return next;
}

/** Membership or subscriptions changed: a new group epoch and its target assignment. */
function bumpEpoch(group: ConsumerGroup, reason: string, ctx: ConsumerGroupContext): ConsumerGroup {
  const groupEpoch = group.groupEpoch + 1;
  const targetAssignment = computeTarget(group, ctx);
  const target: Record<string, string[]> = {};
  for (const [memberId, partitions] of targetAssignment) target[memberId] = partitions.map(topicPartitionKey);
  ctx.out.emit({ type: 'group.epoch-bumped', groupId: group.groupId, groupEpoch, reason, target });
  return { ...group, groupEpoch, assignmentEpoch: groupEpoch, targetAssignment };
}

function computeTarget(group: ConsumerGroup, ctx: ConsumerGroupContext): Map<string, TopicPartition[]> {
  const partitionsPerTopic = new Map<string, number>();
  for (const member of group.members.values()) {
    for (const topic of member.subscribedTopics) {
      const count = ctx.topicPartitionCount(topic);
      if (count !== undefined) partitionsPerTopic.set(topic, count);
    }
  }
  const members: GroupMember[] = [...group.members.values()].map((member) => ({
    memberId: member.memberId,
    groupInstanceId: null,
    topics: member.subscribedTopics,
    ownedPartitions: group.targetAssignment.get(member.memberId) ?? [],
  }));
  const assignment: Assignment = group.assignor === 'range' ? rangeAssignor(members, partitionsPerTopic) : planCooperativeSticky(members, partitionsPerTopic).target;
  return new Map([...assignment].map(([memberId, partitions]) => [memberId, [...partitions].sort(compareTopicPartitions)]));
}

/** Session timeouts (group.consumer.session.timeout.ms) and revocations not done within the rebalance timeout. */
export function expireConsumerGroup(group: ConsumerGroup, ctx: ConsumerGroupContext): ConsumerGroup {
  let next = group;
  for (const member of group.members.values()) {
    const sessionOver = member.sessionDeadlineMs <= ctx.now;
    const revocationOver = member.revocationDeadlineMs !== undefined && member.revocationDeadlineMs <= ctx.now;
    if (!sessionOver && !revocationOver) continue;
    ctx.out.emit({ type: 'group.member-removed', groupId: group.groupId, memberId: member.memberId, reason: sessionOver ? 'session-timeout' : 'rebalance-timeout' });
    next = bumpEpoch(withoutMember(next, member.memberId), `${member.memberId} ${sessionOver ? 'missed its session timeout' : 'did not revoke in time'}`, ctx);
  }
  return next;
}

export function consumerGroupDeadline(group: ConsumerGroup): number | undefined {
  let deadline: number | undefined;
  for (const member of group.members.values()) {
    for (const at of [member.sessionDeadlineMs, member.revocationDeadlineMs]) {
      if (at !== undefined && (deadline === undefined || at < deadline)) deadline = at;
    }
  }
  return deadline;
}

/** ConsumerGroup.validateOffsetCommit: the member's current epoch, or STALE_MEMBER_EPOCH (113). */
export function validateConsumerGroupCommit(group: ConsumerGroup, memberId: string, memberEpoch: number): ErrorCode {
  if (memberEpoch < 0 && group.members.size === 0) return ErrorCode.NONE;
  const member = group.members.get(memberId);
  if (member === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
  if (memberEpoch !== member.memberEpoch) return memberEpoch < member.memberEpoch ? ErrorCode.STALE_MEMBER_EPOCH : ErrorCode.FENCED_MEMBER_EPOCH;
  return ErrorCode.NONE;
}

function withMember(group: ConsumerGroup, member: ConsumerGroupMember): ConsumerGroup {
  const members = new Map(group.members);
  members.set(member.memberId, member);
  return { ...group, members };
}

function withoutMember(group: ConsumerGroup, memberId: string): ConsumerGroup {
  const members = new Map(group.members);
  members.delete(memberId);
  const targetAssignment = new Map(group.targetAssignment);
  targetAssignment.delete(memberId);
  return { ...group, members, targetAssignment };
}
