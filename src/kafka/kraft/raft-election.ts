/**
 * Elections (semantics 6.2, 6.3; KIP-595, KIP-996; KafkaRaftClient.handleVoteRequest,
 * handleVoteResponse, pollCandidate, binaryExponentialElectionBackoffMs):
 *
 * - A voter whose timer runs out (Unattached: election timeout; Follower: fetch timeout) stands:
 *   with pre-vote (4.0) it first becomes Prospective and asks for pre-votes for epoch + 1, changing
 *   nothing anywhere; only a majority of pre-votes lets it become Candidate. Without pre-vote (3.x)
 *   it becomes Candidate at once.
 * - A Candidate bumps the epoch, votes for itself (persisted) and asks every voter. A majority,
 *   its own vote included, makes it Leader. Rejected by a majority, or out of time, it backs off
 *   min(100 ms x uniform[0, 2^retries), election.backoff.max.ms) and tries again.
 * - Every Vote request goes through the vote decision, the lab seam (`decideVote`, reference in
 *   vote.ts): the machine applies the state it returns and answers with its verdict.
 */
import { ErrorCode, KafkaInputError } from '../errors.js';
import type { NodeId } from '../ids.js';
import { lastPosition } from './metadata-log.js';
import { majority } from './quorum-config.js';
import { votedForOf } from './quorum-state.js';
import type { VoteRequest, VoteResponse } from './raft-messages.js';
import { viewOf, type RaftRole } from './raft-role.js';
import { becomeLeader } from './raft-leader.js';
import { becomeFollower, becomeUnattached, observeLeaderHint, ownHint, randomElectionTimeoutMs, transition } from './raft-transitions.js';
import { otherVoters, type Turn } from './kraft-node-state.js';

const BACKOFF_BASE_MS = 100;
const BACKOFF_EXPONENT_MAX = 20;

/** min(100 ms x uniform[0, 2^retries), election.backoff.max.ms); retries >= 1. */
export function electionBackoffMs(t: Turn): number {
  const retries = Math.max(1, Math.min(t.n.electionRetries, BACKOFF_EXPONENT_MAX));
  return Math.min(BACKOFF_BASE_MS * t.random.nextInt(2 ** retries), t.n.config.quorum.electionBackoffMaxMs);
}

/** The timer ran out: stand for election (through a pre-vote when it is on). */
export function startElection(t: Turn, reason: string): void {
  if (t.n.config.quorum.preVote) becomeProspective(t, reason);
  else becomeCandidate(t, reason);
}

function voteRequest(t: Turn, candidateEpoch: number, preVote: boolean): VoteRequest {
  const position = lastPosition(t.n.log);
  return {
    type: 'VoteRequest',
    candidateId: t.n.identity.nodeId,
    candidateEpoch,
    lastOffsetEpoch: position.epoch,
    lastOffset: position.offset,
    preVote,
  };
}

function becomeProspective(t: Turn, reason: string): void {
  const role = t.n.role;
  const next: { -readonly [K in keyof Extract<RaftRole, { kind: 'prospective' }>]: Extract<RaftRole, { kind: 'prospective' }>[K] } = {
    kind: 'prospective',
    epoch: role.epoch,
    granted: [t.n.identity.nodeId],
    rejected: [],
    electionDeadline: t.now + randomElectionTimeoutMs(t),
  };
  const votedFor = votedForOf(viewOf(role, t.n.identity.nodeId));
  if (votedFor !== undefined && role.kind === 'unattached') next.votedFor = votedFor;
  if (role.kind === 'follower') next.leaderId = role.leaderId;
  transition(t, next, reason);
  const request = voteRequest(t, role.epoch + 1, true);
  for (const voter of otherVoters(t.n.identity)) t.out.send(voter.node, request);
  tallyVotes(t);
}

function becomeCandidate(t: Turn, reason: string): void {
  const epoch = t.n.role.epoch + 1;
  t.n.electionRetries += 1;
  transition(
    t,
    { kind: 'candidate', epoch, granted: [t.n.identity.nodeId], rejected: [], electionDeadline: t.now + randomElectionTimeoutMs(t) },
    reason,
  );
  const request = voteRequest(t, epoch, false);
  for (const voter of otherVoters(t.n.identity)) t.out.send(voter.node, request);
  tallyVotes(t);
}

/** After a vote is counted (or at once, for a quorum of one): won, lost, or still waiting. */
function tallyVotes(t: Turn): void {
  const role = t.n.role;
  const needed = majority(t.n.identity.voters.length);
  if (role.kind === 'prospective') {
    if (role.granted.length >= needed) becomeCandidate(t, `pre-vote won (${role.granted.join(', ')})`);
    else if (role.rejected.length >= needed) losePreVote(t, `pre-vote rejected by ${role.rejected.join(', ')}`);
  } else if (role.kind === 'candidate') {
    if (role.granted.length >= needed) becomeLeader(t, role.granted);
    else if (role.rejected.length >= needed && role.backoffUntil === undefined) {
      t.n.role = { ...role, backoffUntil: t.now + electionBackoffMs(t) };
    }
  }
}

/** A failed pre-vote: back to the leader it knew, or Unattached (KIP-996). */
function losePreVote(t: Turn, reason: string): void {
  const role = t.n.role;
  if (role.kind !== 'prospective') return;
  if (role.leaderId !== undefined) becomeFollower(t, role.epoch, role.leaderId, reason);
  else becomeUnattached(t, role.epoch, role.votedFor, reason);
}

/** Role timers of a voter that is not the leader. */
export function pollElection(t: Turn): void {
  const role = t.n.role;
  switch (role.kind) {
    case 'unattached':
      if (role.electionDeadline !== undefined && role.electionDeadline <= t.now) startElection(t, 'election timeout');
      return;
    case 'follower':
      if (role.fetchDeadline !== undefined && role.fetchDeadline <= t.now) {
        startElection(t, role.leaderResigned === true ? `leader ${role.leaderId} resigned` : `no fetch from leader ${role.leaderId} within fetch timeout`);
      }
      return;
    case 'prospective':
      if (role.electionDeadline <= t.now) losePreVote(t, 'pre-vote timed out');
      return;
    case 'candidate':
      if (role.backoffUntil !== undefined) {
        if (role.backoffUntil <= t.now) startElection(t, `retrying after losing epoch ${role.epoch}`);
      } else if (role.electionDeadline <= t.now) {
        t.n.role = { ...role, backoffUntil: t.now + electionBackoffMs(t) };
        pollElection(t);
      }
      return;
    case 'resigned':
      if (role.electionDeadline <= t.now) startElection(t, 'election timeout after resigning');
      return;
    case 'leader':
      return;
  }
}

export function electionDeadline(role: RaftRole): number | undefined {
  switch (role.kind) {
    case 'unattached':
      return role.electionDeadline;
    case 'follower':
      return role.fetchDeadline;
    case 'prospective':
    case 'resigned':
      return role.electionDeadline;
    case 'candidate':
      return role.backoffUntil ?? role.electionDeadline;
    case 'leader':
      return undefined;
  }
}

/** The pre-vote's "fetched from the leader recently" (KIP-996), from the follower's own clock. */
function fetchedRecently(t: Turn): boolean {
  const role = t.n.role;
  return (
    role.kind === 'follower' &&
    role.leaderResigned !== true &&
    role.lastFetchOkAt !== undefined &&
    t.now - role.lastFetchOkAt < t.n.config.quorum.fetchTimeoutMs
  );
}

export function handleVoteRequest(t: Turn, from: NodeId, request: VoteRequest): void {
  const n = t.n;
  const self = n.identity.nodeId;
  const reply = (error: ErrorCode, granted: boolean): void => {
    const response: VoteResponse = {
      type: 'VoteResponse',
      ...ownHint(t),
      error,
      voteGranted: granted,
      preVote: request.preVote,
      candidateEpoch: request.candidateEpoch,
    };
    t.out.send(from, response);
  };
  if (!n.identity.controller || !n.identity.voters.some((voter) => voter.id === request.candidateId && voter.node === from)) {
    // Kafka: INCONSISTENT_VOTER_SET; the model has no such code and answers INVALID_REQUEST.
    t.out.emit({ type: 'input.rejected', reason: `vote request from ${from} (candidate ${request.candidateId}) outside the voter set` });
    return reply(ErrorCode.INVALID_REQUEST, false);
  }
  const before = viewOf(n.role, self);
  const decision = t.decideVote(
    { id: self, state: before, lastLogPosition: lastPosition(n.log), hasFetchedFromLeaderRecently: fetchedRecently(t) },
    {
      candidateId: request.candidateId,
      candidateEpoch: request.candidateEpoch,
      lastOffsetEpoch: request.lastOffsetEpoch,
      lastOffset: request.lastOffset,
      preVote: request.preVote,
    },
  );
  const after = decision.newState;
  if (after.epoch < before.epoch) {
    throw new KafkaInputError(`decideVote returned epoch ${after.epoch}, below the voter's epoch ${before.epoch}: an epoch never goes back.`);
  }
  const changed = after.kind !== before.kind || after.epoch !== before.epoch || votedForOf(after) !== votedForOf(before);
  if (changed) {
    if (request.preVote) {
      throw new KafkaInputError('decideVote changed the voter state for a pre-vote: a pre-vote changes and persists nothing (KIP-996).');
    }
    if (after.kind !== 'unattached') {
      throw new KafkaInputError(`decideVote returned a ${after.kind} state: answering a vote can only leave the voter Unattached (with or without a vote).`);
    }
    becomeUnattached(t, after.epoch, after.votedFor, decision.granted ? `voted for ${request.candidateId}` : `vote request in epoch ${after.epoch}`, decision.granted);
  }
  t.out.emit({
    type: 'quorum.vote',
    candidateId: request.candidateId,
    candidateEpoch: request.candidateEpoch,
    preVote: request.preVote,
    granted: decision.granted,
    reason: decision.reason,
  });
  reply(decision.error, decision.granted);
}

export function handleVoteResponse(t: Turn, from: NodeId, response: VoteResponse): void {
  const voter = t.n.identity.voters.find((candidate) => candidate.node === from);
  if (voter === undefined) return;
  // A pre-vote answer carries the voter's own epoch, which may be ours: only a higher one moves us.
  if (observeLeaderHint(t, response, `vote response from ${voter.id}`)) return;
  const role = t.n.role;
  const counts =
    (role.kind === 'prospective' && response.preVote && response.candidateEpoch === role.epoch + 1) ||
    (role.kind === 'candidate' && !response.preVote && response.candidateEpoch === role.epoch);
  if (!counts || (role.kind !== 'prospective' && role.kind !== 'candidate')) return;
  if (role.granted.includes(voter.id) || role.rejected.includes(voter.id)) return;
  if (response.voteGranted) t.n.role = { ...role, granted: [...role.granted, voter.id] };
  else t.n.role = { ...role, rejected: [...role.rejected, voter.id] };
  tallyVotes(t);
}
