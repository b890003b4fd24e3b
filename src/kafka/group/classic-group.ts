/**
 * One group under the classic protocol, on its coordinator: membership, generations, the join and
 * sync barriers and the session timeouts. Pure: each handler takes the group (or undefined), the
 * request and a context with the time, and returns the new group; responses and trace events go to
 * the context's Outbox.
 *
 * Source: group-coordinator/src/main/java/org/apache/kafka/coordinator/group/classic/ClassicGroup.java
 * (states, selectProtocol, validateOffsetCommit), ClassicGroupState.java (the transition table),
 * GroupMetadataManager.java (classicGroupJoin, classicGroupSync, classicGroupHeartbeat,
 * classicGroupLeave, the join and heartbeat timers); KIP-394 (MEMBER_ID_REQUIRED); kafka-semantics.md 8.4.
 *
 * States and every legal edge (ClassicGroupState.validPreviousStates):
 *   Empty               → PreparingRebalance   a member joins
 *   PreparingRebalance  → CompletingRebalance  every member has rejoined, or the rebalance timeout
 *                                              passed (members that did not rejoin are removed);
 *                                              the generation goes up, a leader and an assignor are chosen
 *   PreparingRebalance  → Empty                the join completes with no member left (generation up too)
 *   CompletingRebalance → Stable               the leader's SyncGroup brings the assignment
 *   CompletingRebalance → PreparingRebalance   a member joins, changes its subscription, leaves or
 *                                              expires, or the leader does not sync in time
 *   Stable              → PreparingRebalance   the same triggers, and the leader rejoining
 * (Dead, a group whose coordinator moved away, is not a state here: the coordinator drops the group.)
 *
 * Errors members see: REBALANCE_IN_PROGRESS (27) from Heartbeat and SyncGroup while the group is
 * preparing a rebalance (rejoin now); ILLEGAL_GENERATION (22) for a request from an older
 * generation; UNKNOWN_MEMBER_ID (25) for a member the group no longer knows (expired, or left);
 * MEMBER_ID_REQUIRED (79) on the first join; INCONSISTENT_GROUP_PROTOCOL (23) when the member
 * shares no assignor with the group; INVALID_SESSION_TIMEOUT (26); INVALID_GROUP_ID (24).
 *
 * Simplified: no static membership (group.instance.id, KIP-345); the group's metadata is not written
 * to __consumer_offsets, so a new coordinator starts with no members (they rejoin after
 * UNKNOWN_MEMBER_ID) but keeps the committed offsets; the protocol vote breaks a tie by the first
 * member's preference (Kafka takes whichever its HashMap yields first); a member awaiting the join
 * or sync response counts as alive (Kafka's shouldKeepAlive), bounded by the rebalance deadline.
 */
import { ErrorCode } from '../errors.js';
import { topicPartitionKey, type NodeId, type TopicPartition } from '../ids.js';
import type {
  HeartbeatRequest,
  JoinGroupProtocol,
  JoinGroupRequest,
  JoinGroupResponse,
  LeaveGroupRequest,
  SyncGroupRequest,
} from '../protocol/group-messages.js';
import type { Outbox, RandomSource } from '../step.js';
import type { GroupCoordinatorConfig } from './coordinator-config.js';

export type ClassicGroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';

/** A request parked until the barrier it waits at opens. */
export interface ParkedRequest {
  readonly from: NodeId;
  readonly correlationId: number;
}

export interface ClassicMember {
  readonly memberId: string;
  readonly clientId: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocols: readonly JoinGroupProtocol[];
  /** What the leader gave it in the current generation (opaque to the coordinator in Kafka). */
  readonly assignment: readonly TopicPartition[];
  /** The session expires here unless a heartbeat (or any group request) comes first. */
  readonly sessionDeadlineMs: number;
  readonly awaitingJoin: ParkedRequest | undefined;
  readonly awaitingSync: ParkedRequest | undefined;
}

export interface ClassicGroup {
  readonly groupId: string;
  readonly state: ClassicGroupState;
  readonly generationId: number;
  readonly protocolName: string | null;
  readonly leaderId: string | null;
  /** In join order (the first to join leads when the leader is gone). */
  readonly members: ReadonlyMap<string, ClassicMember>;
  /** Member ids handed out with MEMBER_ID_REQUIRED, valid until their deadline. */
  readonly pendingMemberIds: ReadonlyMap<string, number>;
  /** PreparingRebalance: when the join phase ends anyway; CompletingRebalance: the deadline for the leader's sync. */
  readonly phaseDeadlineMs: number | undefined;
  /** PreparingRebalance of a group that was Empty: the join waits at least until then for more members. */
  readonly initialDelayUntilMs: number | undefined;
}

export interface GroupContext {
  readonly now: number;
  readonly config: GroupCoordinatorConfig;
  readonly out: Outbox;
  readonly random: RandomSource;
}

export function emptyClassicGroup(groupId: string): ClassicGroup {
  return {
    groupId,
    state: 'Empty',
    generationId: 0,
    protocolName: null,
    leaderId: null,
    members: new Map(),
    pendingMemberIds: new Map(),
    phaseDeadlineMs: undefined,
    initialDelayUntilMs: undefined,
  };
}

// --- JoinGroup --------------------------------------------------------------------------------

export function joinGroup(existing: ClassicGroup | undefined, request: JoinGroupRequest, from: NodeId, ctx: GroupContext): ClassicGroup | undefined {
  const fail = (error: ErrorCode): ClassicGroup | undefined => {
    ctx.out.send(from, joinResponse(request, error, { memberId: request.memberId }));
    return existing;
  };
  if (request.groupId === '') return fail(ErrorCode.INVALID_GROUP_ID);
  const { groupMinSessionTimeoutMs: min, groupMaxSessionTimeoutMs: max } = ctx.config;
  if (request.sessionTimeoutMs < min || request.sessionTimeoutMs > max) return fail(ErrorCode.INVALID_SESSION_TIMEOUT);
  const group = existing ?? emptyClassicGroup(request.groupId);
  if (!supportsProtocols(group, request.protocols)) return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);

  if (request.memberId === '') {
    // KIP-394: a new member first gets its id, and must come back with it.
    const memberId = `${request.clientId}-${randomUuid(ctx.random)}`;
    const pendingMemberIds = new Map(group.pendingMemberIds);
    pendingMemberIds.set(memberId, ctx.now + request.sessionTimeoutMs);
    ctx.out.send(from, joinResponse(request, ErrorCode.MEMBER_ID_REQUIRED, { memberId }));
    return { ...group, pendingMemberIds };
  }
  const parked: ParkedRequest = { from, correlationId: request.correlationId };
  const known = group.members.get(request.memberId);
  if (known === undefined) {
    if (!group.pendingMemberIds.has(request.memberId)) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    return addMemberAndRebalance(group, request, parked, ctx);
  }
  const updated: ClassicMember = {
    ...known,
    protocols: request.protocols,
    sessionTimeoutMs: request.sessionTimeoutMs,
    rebalanceTimeoutMs: request.rebalanceTimeoutMs,
    sessionDeadlineMs: ctx.now + request.sessionTimeoutMs,
  };
  const changed = !sameProtocols(known.protocols, request.protocols);
  switch (group.state) {
    case 'PreparingRebalance':
      return maybeCompleteJoin(withMember(group, { ...updated, awaitingJoin: parked }), ctx);
    case 'CompletingRebalance':
    case 'Stable':
      if (changed || (group.state === 'Stable' && request.memberId === group.leaderId)) {
        const reason = changed ? `${request.memberId} changed its subscription` : `the leader ${request.memberId} rejoined`;
        return prepareRebalance(withMember(group, { ...updated, awaitingJoin: parked }), reason, ctx);
      }
      // Nothing changed: the member missed its join response; answer with the current generation.
      ctx.out.send(from, joinResponseFor(group, updated, request.correlationId));
      return withMember(group, updated);
    case 'Empty':
      return fail(ErrorCode.UNKNOWN_MEMBER_ID); // unreachable: an Empty group has no members
  }
}

function addMemberAndRebalance(group: ClassicGroup, request: JoinGroupRequest, parked: ParkedRequest, ctx: GroupContext): ClassicGroup {
  const pendingMemberIds = new Map(group.pendingMemberIds);
  pendingMemberIds.delete(request.memberId);
  const member: ClassicMember = {
    memberId: request.memberId,
    clientId: request.clientId,
    sessionTimeoutMs: request.sessionTimeoutMs,
    rebalanceTimeoutMs: request.rebalanceTimeoutMs,
    protocols: request.protocols,
    assignment: [],
    sessionDeadlineMs: ctx.now + request.sessionTimeoutMs,
    awaitingJoin: parked,
    awaitingSync: undefined,
  };
  ctx.out.emit({ type: 'group.member-joined', groupId: group.groupId, memberId: member.memberId });
  let next = withMember({ ...group, pendingMemberIds }, member);
  if (next.state === 'PreparingRebalance') {
    if (next.initialDelayUntilMs !== undefined) {
      // InitialDelayedJoin: each newcomer extends the wait by the delay, up to the rebalance timeout.
      const extended = Math.min(ctx.now + ctx.config.groupInitialRebalanceDelayMs, next.phaseDeadlineMs ?? ctx.now);
      next = { ...next, initialDelayUntilMs: Math.max(next.initialDelayUntilMs, extended) };
    }
    return maybeCompleteJoin(next, ctx);
  }
  return prepareRebalance(next, `${member.memberId} joined`, ctx);
}

/** Into PreparingRebalance: every member must rejoin within the largest rebalance timeout. */
function prepareRebalance(group: ClassicGroup, reason: string, ctx: GroupContext): ClassicGroup {
  if (group.state === 'CompletingRebalance') failParkedSyncs(group, ErrorCode.REBALANCE_IN_PROGRESS, ctx);
  const rebalanceTimeoutMs = Math.max(0, ...[...group.members.values()].map((member) => member.rebalanceTimeoutMs));
  const wasEmpty = group.state === 'Empty';
  const members = new Map<string, ClassicMember>();
  for (const [id, member] of group.members) members.set(id, { ...member, awaitingSync: undefined, assignment: [] });
  ctx.out.emit({ type: 'group.rebalance-started', groupId: group.groupId, generationId: group.generationId, reason });
  const next: ClassicGroup = {
    ...group,
    members,
    state: 'PreparingRebalance',
    phaseDeadlineMs: ctx.now + rebalanceTimeoutMs,
    initialDelayUntilMs: wasEmpty ? ctx.now + Math.min(ctx.config.groupInitialRebalanceDelayMs, rebalanceTimeoutMs) : undefined,
  };
  return maybeCompleteJoin(next, ctx);
}

/** The join barrier: opens when every member has rejoined (after any initial delay), or at the deadline. */
function maybeCompleteJoin(group: ClassicGroup, ctx: GroupContext): ClassicGroup {
  if (group.state !== 'PreparingRebalance') return group;
  const allJoined = [...group.members.values()].every((member) => member.awaitingJoin !== undefined);
  const delayOver = group.initialDelayUntilMs === undefined || ctx.now >= group.initialDelayUntilMs;
  const deadlinePassed = group.phaseDeadlineMs !== undefined && ctx.now >= group.phaseDeadlineMs;
  if (!((allJoined && delayOver) || deadlinePassed)) return group;
  return completeJoin(group, ctx);
}

function completeJoin(group: ClassicGroup, ctx: GroupContext): ClassicGroup {
  let members = new Map(group.members);
  for (const member of group.members.values()) {
    if (member.awaitingJoin === undefined) {
      members.delete(member.memberId);
      ctx.out.emit({ type: 'group.member-removed', groupId: group.groupId, memberId: member.memberId, reason: 'rebalance-timeout' });
    }
  }
  const generationId = group.generationId + 1;
  if (members.size === 0) {
    ctx.out.emit({ type: 'group.rebalanced', groupId: group.groupId, generationId, protocol: null, leader: null, members: [] });
    return { ...group, members, state: 'Empty', generationId, protocolName: null, leaderId: null, phaseDeadlineMs: undefined, initialDelayUntilMs: undefined };
  }
  const leaderId = group.leaderId !== null && members.has(group.leaderId) ? group.leaderId : members.keys().next().value!;
  const protocolName = selectProtocol([...members.values()]);
  const syncTimeoutMs = Math.max(...[...members.values()].map((member) => member.rebalanceTimeoutMs));
  const next: ClassicGroup = {
    ...group,
    members,
    state: 'CompletingRebalance',
    generationId,
    protocolName,
    leaderId,
    phaseDeadlineMs: ctx.now + syncTimeoutMs,
    initialDelayUntilMs: undefined,
  };
  ctx.out.emit({ type: 'group.rebalanced', groupId: group.groupId, generationId, protocol: protocolName, leader: leaderId, members: [...members.keys()] });
  members = new Map();
  for (const member of next.members.values()) {
    const parked = member.awaitingJoin!;
    const answered: ClassicMember = { ...member, awaitingJoin: undefined, sessionDeadlineMs: ctx.now + member.sessionTimeoutMs };
    ctx.out.send(parked.from, joinResponseFor(next, answered, parked.correlationId));
    members.set(member.memberId, answered);
  }
  return { ...next, members };
}

/** Each member votes for its first assignor that every member supports; the most votes win. */
export function selectProtocol(members: readonly ClassicMember[]): string {
  const candidates = commonProtocols(members);
  const votes = new Map<string, number>();
  for (const member of members) {
    const vote = member.protocols.find((protocol) => candidates.has(protocol.name))!.name;
    votes.set(vote, (votes.get(vote) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const protocol of members[0]!.protocols) {
    const count = votes.get(protocol.name) ?? 0;
    if (count > 0 && (best === undefined || count > votes.get(best)!)) best = protocol.name;
  }
  return best!;
}

function commonProtocols(members: readonly ClassicMember[]): Set<string> {
  const [first, ...rest] = members;
  const common = new Set((first?.protocols ?? []).map((protocol) => protocol.name));
  for (const member of rest) {
    const names = new Set(member.protocols.map((protocol) => protocol.name));
    for (const name of common) if (!names.has(name)) common.delete(name);
  }
  return common;
}

/** ClassicGroup.supportsProtocols: an empty group takes any non-empty list; else one must be common to all. */
function supportsProtocols(group: ClassicGroup, protocols: readonly JoinGroupProtocol[]): boolean {
  if (protocols.length === 0) return false;
  if (group.members.size === 0) return true;
  const common = commonProtocols([...group.members.values()]);
  return protocols.some((protocol) => common.has(protocol.name));
}

function sameProtocols(a: readonly JoinGroupProtocol[], b: readonly JoinGroupProtocol[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function joinResponse(request: JoinGroupRequest, error: ErrorCode, fields: { memberId: string }): JoinGroupResponse {
  return {
    type: 'JoinGroupResponse',
    correlationId: request.correlationId,
    groupId: request.groupId,
    error,
    generationId: -1,
    protocolName: null,
    leader: '',
    memberId: fields.memberId,
    members: [],
  };
}

function joinResponseFor(group: ClassicGroup, member: ClassicMember, correlationId: number): JoinGroupResponse {
  const isLeader = member.memberId === group.leaderId;
  return {
    type: 'JoinGroupResponse',
    correlationId,
    groupId: group.groupId,
    error: ErrorCode.NONE,
    generationId: group.generationId,
    protocolName: group.protocolName,
    leader: group.leaderId ?? '',
    memberId: member.memberId,
    members: isLeader
      ? [...group.members.values()].map((m) => ({
          memberId: m.memberId,
          groupInstanceId: null,
          protocol: m.protocols.find((protocol) => protocol.name === group.protocolName)!,
        }))
      : [],
  };
}

// --- SyncGroup --------------------------------------------------------------------------------

export function syncGroup(group: ClassicGroup | undefined, request: SyncGroupRequest, from: NodeId, ctx: GroupContext): ClassicGroup | undefined {
  const reply = (error: ErrorCode, assignment: readonly TopicPartition[] = []): void =>
    ctx.out.send(from, { type: 'SyncGroupResponse', correlationId: request.correlationId, groupId: request.groupId, error, assignment });
  if (request.groupId === '') {
    reply(ErrorCode.INVALID_GROUP_ID);
    return group;
  }
  const member = group?.members.get(request.memberId);
  if (group === undefined || member === undefined) {
    reply(ErrorCode.UNKNOWN_MEMBER_ID);
    return group;
  }
  if (request.generationId !== group.generationId) {
    reply(ErrorCode.ILLEGAL_GENERATION);
    return group;
  }
  const alive: ClassicMember = { ...member, sessionDeadlineMs: ctx.now + member.sessionTimeoutMs };
  switch (group.state) {
    case 'Empty':
      reply(ErrorCode.UNKNOWN_MEMBER_ID);
      return group;
    case 'PreparingRebalance':
      reply(ErrorCode.REBALANCE_IN_PROGRESS);
      return withMember(group, alive);
    case 'Stable':
      reply(ErrorCode.NONE, member.assignment);
      return withMember(group, alive);
    case 'CompletingRebalance': {
      const parked = withMember(group, { ...alive, awaitingSync: { from, correlationId: request.correlationId } });
      return request.memberId === group.leaderId ? completeSync(parked, request, ctx) : parked;
    }
  }
}

/** The leader's assignment arrived: every member parked at the sync barrier gets its share. */
function completeSync(group: ClassicGroup, request: SyncGroupRequest, ctx: GroupContext): ClassicGroup {
  const given = new Map(request.assignments.map((entry) => [entry.memberId, entry.partitions]));
  const members = new Map<string, ClassicMember>();
  const assignment: Record<string, string[]> = {};
  for (const member of group.members.values()) {
    const partitions = given.get(member.memberId) ?? [];
    assignment[member.memberId] = partitions.map(topicPartitionKey);
    if (member.awaitingSync !== undefined) {
      ctx.out.send(member.awaitingSync.from, {
        type: 'SyncGroupResponse',
        correlationId: member.awaitingSync.correlationId,
        groupId: group.groupId,
        error: ErrorCode.NONE,
        assignment: partitions,
      });
    }
    members.set(member.memberId, { ...member, assignment: partitions, awaitingSync: undefined });
  }
  ctx.out.emit({ type: 'group.stable', groupId: group.groupId, generationId: group.generationId, assignment });
  return { ...group, members, state: 'Stable', phaseDeadlineMs: undefined };
}

function failParkedSyncs(group: ClassicGroup, error: ErrorCode, ctx: GroupContext): void {
  for (const member of group.members.values()) {
    if (member.awaitingSync === undefined) continue;
    ctx.out.send(member.awaitingSync.from, {
      type: 'SyncGroupResponse',
      correlationId: member.awaitingSync.correlationId,
      groupId: group.groupId,
      error,
      assignment: [],
    });
  }
}

// --- Heartbeat and LeaveGroup -----------------------------------------------------------------

export function heartbeat(group: ClassicGroup | undefined, request: HeartbeatRequest, from: NodeId, ctx: GroupContext): ClassicGroup | undefined {
  const reply = (error: ErrorCode): void =>
    ctx.out.send(from, { type: 'HeartbeatResponse', correlationId: request.correlationId, groupId: request.groupId, error });
  if (request.groupId === '') {
    reply(ErrorCode.INVALID_GROUP_ID);
    return group;
  }
  const member = group?.members.get(request.memberId);
  if (group === undefined || member === undefined || group.state === 'Empty') {
    reply(ErrorCode.UNKNOWN_MEMBER_ID);
    return group;
  }
  if (request.generationId !== group.generationId) {
    reply(ErrorCode.ILLEGAL_GENERATION);
    return group;
  }
  // A heartbeat keeps the session alive in every state; while preparing it also says "rejoin now".
  reply(group.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE);
  return withMember(group, { ...member, sessionDeadlineMs: ctx.now + member.sessionTimeoutMs });
}

export function leaveGroup(group: ClassicGroup | undefined, request: LeaveGroupRequest, from: NodeId, ctx: GroupContext): ClassicGroup | undefined {
  const member = group?.members.get(request.memberId);
  const error = request.groupId === '' ? ErrorCode.INVALID_GROUP_ID : member === undefined ? ErrorCode.UNKNOWN_MEMBER_ID : ErrorCode.NONE;
  ctx.out.send(from, { type: 'LeaveGroupResponse', correlationId: request.correlationId, groupId: request.groupId, error });
  if (group === undefined || member === undefined) return group;
  return removeMember(group, member, 'left', ctx);
}

function removeMember(group: ClassicGroup, member: ClassicMember, reason: 'left' | 'session-timeout', ctx: GroupContext): ClassicGroup {
  const members = new Map(group.members);
  members.delete(member.memberId);
  ctx.out.emit({ type: 'group.member-removed', groupId: group.groupId, memberId: member.memberId, reason });
  if (member.awaitingJoin !== undefined) {
    ctx.out.send(member.awaitingJoin.from, {
      type: 'JoinGroupResponse',
      correlationId: member.awaitingJoin.correlationId,
      groupId: group.groupId,
      error: ErrorCode.UNKNOWN_MEMBER_ID,
      generationId: -1,
      protocolName: null,
      leader: '',
      memberId: member.memberId,
      members: [],
    });
  }
  const next = { ...group, members };
  if (next.state === 'PreparingRebalance') return maybeCompleteJoin(next, ctx);
  return prepareRebalance(next, `${member.memberId} ${reason === 'left' ? 'left the group' : 'missed its session timeout'}`, ctx);
}

// --- time ---------------------------------------------------------------------------------------

/** Expire sessions and pending member ids, and open barriers whose deadline has passed. */
export function expireClassicGroup(group: ClassicGroup, ctx: GroupContext): ClassicGroup {
  let next = group;
  if ([...group.pendingMemberIds.values()].some((deadline) => deadline <= ctx.now)) {
    next = { ...next, pendingMemberIds: new Map([...group.pendingMemberIds].filter(([, deadline]) => deadline > ctx.now)) };
  }
  for (const member of group.members.values()) {
    const current = next.members.get(member.memberId);
    if (current !== undefined && isExpired(current, ctx.now)) next = removeMember(next, current, 'session-timeout', ctx);
  }
  if (next.state === 'PreparingRebalance') return maybeCompleteJoin(next, ctx);
  if (next.state === 'CompletingRebalance' && next.phaseDeadlineMs !== undefined && ctx.now >= next.phaseDeadlineMs) {
    // The leader never sent the assignment: drop whoever has not synced, and start over.
    const members = new Map(next.members);
    for (const member of next.members.values()) {
      if (member.awaitingSync !== undefined) continue;
      members.delete(member.memberId);
      ctx.out.emit({ type: 'group.member-removed', groupId: group.groupId, memberId: member.memberId, reason: 'rebalance-timeout' });
    }
    return prepareRebalance({ ...next, members }, 'the leader did not send the assignment in time', ctx);
  }
  return next;
}

function isExpired(member: ClassicMember, now: number): boolean {
  return member.awaitingJoin === undefined && member.awaitingSync === undefined && member.sessionDeadlineMs <= now;
}

/** The earliest time this group needs `expireClassicGroup`, or undefined. */
export function classicGroupDeadline(group: ClassicGroup): number | undefined {
  let deadline: number | undefined;
  const consider = (at: number | undefined): void => {
    if (at !== undefined && (deadline === undefined || at < deadline)) deadline = at;
  };
  for (const at of group.pendingMemberIds.values()) consider(at);
  for (const member of group.members.values()) {
    if (member.awaitingJoin === undefined && member.awaitingSync === undefined) consider(member.sessionDeadlineMs);
  }
  if (group.state === 'PreparingRebalance') {
    consider(group.phaseDeadlineMs);
    consider(group.initialDelayUntilMs);
  }
  if (group.state === 'CompletingRebalance') consider(group.phaseDeadlineMs);
  return deadline;
}

// --- helpers ------------------------------------------------------------------------------------

function withMember(group: ClassicGroup, member: ClassicMember): ClassicGroup {
  const members = new Map(group.members);
  members.set(member.memberId, member);
  return { ...group, members };
}

/** A version-4 UUID from the injected random source (Kafka: `clientId + "-" + UUID.randomUUID()`). */
export function randomUuid(random: RandomSource): string {
  const hex = Array.from({ length: 32 }, () => random.nextInt(16).toString(16));
  hex[12] = '4';
  hex[16] = (8 + random.nextInt(4)).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
