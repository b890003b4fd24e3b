/**
 * The Raft leader of the metadata quorum (semantics 6.2 "Leader"; KafkaRaftClient.onBecomeLeader,
 * handleFetchRequest, pollLeader; LeaderState.java): it writes the LeaderChange record that opens its
 * epoch, announces itself with BeginQuorumEpoch, answers Fetch (pull-based replication: followers
 * ask, the leader never pushes), moves the HW with raftHighWatermark, holds fetches that find
 * nothing new for fetchMaxWaitMs, and resigns when a majority of voters has not fetched within
 * 1.5 x fetch.timeout.ms (check quorum) or when asked to (EndQuorumEpoch).
 */
import { ErrorCode } from '../errors.js';
import type { NodeId } from '../ids.js';
import { raftHighWatermark } from './high-watermark.js';
import { appendEntries, divergence } from './metadata-log.js';
import type { MetadataEntry, MetadataRecord } from './metadata-records.js';
import { describeRecord } from './metadata-records.js';
import { majority } from './quorum-config.js';
import type { RaftFetchRequest, RaftFetchResponse } from './raft-messages.js';
import type { ParkedFetch, RaftRole } from './raft-role.js';
import { advanceHighWatermark } from './raft-commit.js';
import { becomeResigned, ownHint, transition } from './raft-transitions.js';
import { isVoterId, otherVoters, type Turn } from './kraft-node-state.js';

type LeaderRole = Extract<RaftRole, { kind: 'leader' }>;

function leaderRole(t: Turn): LeaderRole {
  const role = t.n.role;
  if (role.kind !== 'leader') throw new Error(`KRaft node ${t.n.identity.nodeId}: not the leader`);
  return role;
}

const checkQuorumWindowMs = (t: Turn): number => Math.floor(1.5 * t.n.config.quorum.fetchTimeoutMs);

export function becomeLeader(t: Turn, votes: readonly number[]): void {
  const n = t.n;
  const epoch = n.role.epoch;
  const self = n.identity.nodeId;
  const voterEndOffsets = new Map<number, number>(n.identity.voters.map((voter) => [voter.id, -1]));
  const epochStartOffset = n.log.length;
  transition(
    t,
    {
      kind: 'leader',
      epoch,
      epochStartOffset,
      voterEndOffsets,
      lastFetchAt: new Map([[self, t.now]]),
      checkQuorumDeadline: t.now + checkQuorumWindowMs(t),
      beginQuorumEpochAt: t.now + Math.floor(n.config.quorum.fetchTimeoutMs / 2),
      parked: [],
    },
    `won the election with votes from ${votes.join(', ')}`,
  );
  t.out.emit({ type: 'quorum.elected', epoch, votes, epochStartOffset });
  appendAsLeader(t, [{ type: 'LeaderChange', leaderId: self, voters: n.identity.voters.map((voter) => voter.id) }]);
  for (const voter of otherVoters(n.identity)) {
    t.out.send(voter.node, { type: 'BeginQuorumEpochRequest', leaderId: self, leaderEpoch: epoch });
  }
}

/** Appends records in the leader's epoch; returns their entries. The HW moves only once followers fetch them (or at once with one voter). */
export function appendAsLeader(t: Turn, records: readonly MetadataRecord[]): MetadataEntry[] {
  const role = leaderRole(t);
  const n = t.n;
  const entries = records.map((record, index) => ({ offset: n.log.length + index, epoch: role.epoch, record }));
  n.log = appendEntries(n.log, entries);
  for (const entry of entries) {
    t.out.emit({ type: 'metadata.appended', offset: entry.offset, epoch: entry.epoch, record: describeRecord(entry.record) });
  }
  const voterEndOffsets = new Map(role.voterEndOffsets);
  voterEndOffsets.set(n.identity.nodeId, n.log.length);
  n.role = { ...role, voterEndOffsets };
  updateHighWatermark(t);
  completeParkedFetches(t);
  return entries;
}

/** Recomputes the HW from the voters' end offsets (high-watermark.ts); true when it moved. */
function updateHighWatermark(t: Turn): boolean {
  const role = leaderRole(t);
  const computed = raftHighWatermark({
    voters: role.voterEndOffsets,
    epochStartOffset: role.epochStartOffset,
    currentHighWatermark: t.n.highWatermark,
  });
  if (computed === undefined || computed <= t.n.highWatermark) return false;
  advanceHighWatermark(t, computed);
  return true;
}

function fetchResponse(t: Turn, request: RaftFetchRequest, fields: Partial<RaftFetchResponse>): RaftFetchResponse {
  return {
    type: 'RaftFetchResponse',
    ...ownHint(t),
    error: ErrorCode.NONE,
    correlationId: request.correlationId,
    divergingEpoch: undefined,
    highWatermark: t.n.highWatermark,
    entries: [],
    ...fields,
  };
}

function answerWithRecords(t: Turn, to: NodeId, request: RaftFetchRequest): void {
  const max = t.n.config.quorum.fetchMaxRecords;
  const entries = t.n.log.slice(request.fetchOffset, request.fetchOffset + max);
  t.out.send(to, fetchResponse(t, request, { entries }));
}

/** Fetch arrives (any role answers; only the leader serves records). */
export function handleFetchRequest(t: Turn, from: NodeId, request: RaftFetchRequest): void {
  const role = t.n.role;
  if (role.kind !== 'leader') {
    const error = request.epoch < role.epoch ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.NOT_LEADER_OR_FOLLOWER;
    t.out.send(from, fetchResponse(t, request, { error }));
    return;
  }
  if (request.epoch < role.epoch) {
    t.out.send(from, fetchResponse(t, request, { error: ErrorCode.FENCED_LEADER_EPOCH }));
    return;
  }
  if (request.epoch > role.epoch) {
    // Kafka answers a fetcher that claims a newer epoch with UNKNOWN_LEADER_EPOCH and stays as it is.
    t.out.send(from, fetchResponse(t, request, { error: ErrorCode.UNKNOWN_LEADER_EPOCH }));
    return;
  }
  const diverging = divergence(t.n.log, request.fetchOffset, request.lastFetchedEpoch);
  if (diverging !== undefined) {
    t.out.send(from, fetchResponse(t, request, { divergingEpoch: diverging }));
    return;
  }
  // Only an exact duplicate replaces a held fetch: a late copy of an older request (the network may
  // duplicate) must not push out the fetch the follower is waiting on.
  const stillParked = role.parked.filter((held) => held.from !== from || held.request.correlationId !== request.correlationId);
  let hwMoved = false;
  if (isVoterId(t.n.identity, request.replicaId) && request.replicaId !== t.n.identity.nodeId) {
    // Within an epoch a voter's validated end offset only grows; a late duplicate never moves it back.
    const voterEndOffsets = new Map(role.voterEndOffsets);
    voterEndOffsets.set(request.replicaId, Math.max(request.fetchOffset, role.voterEndOffsets.get(request.replicaId) ?? -1));
    const lastFetchAt = new Map(role.lastFetchAt);
    lastFetchAt.set(request.replicaId, t.now);
    t.n.role = { ...role, voterEndOffsets, lastFetchAt, parked: stillParked };
    hwMoved = updateHighWatermark(t);
    if (hwMoved) completeParkedFetches(t);
  } else {
    t.n.role = { ...role, parked: stillParked };
  }
  if (request.fetchOffset < t.n.log.length || hwMoved) {
    answerWithRecords(t, from, request);
    return;
  }
  const current = leaderRole(t);
  const parked: ParkedFetch = { from, request, deadline: t.now + t.n.config.quorum.fetchMaxWaitMs };
  t.n.role = { ...current, parked: [...current.parked, parked] };
}

/** New records or a new HW: every held fetch is answered now. */
function completeParkedFetches(t: Turn): void {
  const role = leaderRole(t);
  if (role.parked.length === 0) return;
  t.n.role = { ...role, parked: [] };
  for (const parked of role.parked) answerWithRecords(t, parked.from, parked.request);
}

/** The leader's timers: held fetches that waited long enough, BeginQuorumEpoch again, check quorum. */
export function pollLeader(t: Turn): void {
  let role = leaderRole(t);
  if (role.parked.some((parked) => parked.deadline <= t.now)) {
    const due = role.parked.filter((parked) => parked.deadline <= t.now);
    t.n.role = role = { ...role, parked: role.parked.filter((parked) => parked.deadline > t.now) };
    for (const parked of due) answerWithRecords(t, parked.from, parked.request);
  }
  if (role.beginQuorumEpochAt <= t.now) {
    for (const voter of otherVoters(t.n.identity)) {
      if (!role.lastFetchAt.has(voter.id)) {
        t.out.send(voter.node, { type: 'BeginQuorumEpochRequest', leaderId: t.n.identity.nodeId, leaderEpoch: role.epoch });
      }
    }
    t.n.role = role = { ...role, beginQuorumEpochAt: t.now + Math.floor(t.n.config.quorum.fetchTimeoutMs / 2) };
  }
  if (role.checkQuorumDeadline <= t.now) checkQuorum(t, role);
}

/**
 * LeaderState's check-quorum timer: the majority-th most recent fetch (the leader counts as now)
 * must be within the window, else the leader is cut off from a majority and resigns, so an
 * isolated leader stops acting as controller instead of accepting writes it can never commit.
 */
function checkQuorum(t: Turn, role: LeaderRole): void {
  const window = checkQuorumWindowMs(t);
  const times = t.n.identity.voters
    .map((voter) => (voter.id === t.n.identity.nodeId ? t.now : role.lastFetchAt.get(voter.id)))
    .filter((time): time is number => time !== undefined)
    .sort((a, b) => b - a);
  const needed = majority(t.n.identity.voters.length);
  const pivot = times[needed - 1];
  if (pivot !== undefined && pivot + window > t.now) {
    t.n.role = { ...role, checkQuorumDeadline: pivot + window };
    return;
  }
  resign(t, `check quorum: fewer than ${needed} voters fetched in the last ${window} ms`);
}

/**
 * Resigns (graceful shutdown or check quorum): Resigned in the same epoch, and EndQuorumEpoch to
 * the other voters naming the most caught-up first, so the best successor stands first.
 */
export function resign(t: Turn, reason: string): void {
  const role = leaderRole(t);
  const successors = otherVoters(t.n.identity)
    .map((voter) => ({ id: voter.id, node: voter.node, end: role.voterEndOffsets.get(voter.id) ?? -1 }))
    .sort((a, b) => b.end - a.end || a.id - b.id);
  becomeResigned(t, reason);
  for (const voter of successors) {
    t.out.send(voter.node, {
      type: 'EndQuorumEpochRequest',
      leaderId: t.n.identity.nodeId,
      leaderEpoch: role.epoch,
      preferredSuccessors: successors.map((successor) => successor.id),
    });
  }
}

export function leaderDeadline(role: LeaderRole): number {
  let deadline = Math.min(role.checkQuorumDeadline, role.beginQuorumEpochAt);
  for (const parked of role.parked) deadline = Math.min(deadline, parked.deadline);
  return deadline;
}

