/**
 * The role changes every KRaft node shares (semantics 6.2; QuorumState.transitionTo...): one
 * function per target role, each resetting that role's timers, and `transition`, the only place a
 * role is assigned, which refuses an edge missing from raft-role.ts's table or a falling epoch
 * (invariant 12). Elections (prospective, candidate) live in raft-election.ts and the leader in
 * raft-leader.ts; they go through `transition` too.
 */
import type { LeaderHint } from './raft-messages.js';
import { isLegalTransition, leaderOf, type RaftRole } from './raft-role.js';
import type { Turn } from './kraft-node-state.js';

/** A uniformly drawn election timeout in [T, 2T) (QuorumState.randomElectionTimeoutMs). */
export function randomElectionTimeoutMs(t: Turn): number {
  const base = t.n.config.quorum.electionTimeoutMs;
  return base + t.random.nextInt(base);
}

export function transition(t: Turn, to: RaftRole, reason: string): void {
  const from = t.n.role;
  if (!isLegalTransition(from.kind, to.kind)) {
    throw new Error(`KRaft node ${t.n.identity.nodeId}: illegal transition ${from.kind} -> ${to.kind} (${reason})`);
  }
  if (to.epoch < from.epoch) {
    throw new Error(`KRaft node ${t.n.identity.nodeId}: epoch would fall from ${from.epoch} to ${to.epoch} (${reason})`);
  }
  if (from.kind === 'leader' && t.n.controller !== undefined) {
    t.out.emit({ type: 'controller.deactivated', epoch: from.epoch, reason });
    t.n.controller = undefined;
  }
  t.n.role = to;
  // A fetch in flight belongs to the old role: its answer will be ignored (correlation id).
  t.n.fetcher = { bootstrapIndex: t.n.fetcher.bootstrapIndex };
  if (to.kind === 'follower' || to.kind === 'leader') t.n.electionRetries = 0;
  t.out.emit({ type: 'quorum.transition', from: from.kind, to: to.kind, epoch: to.epoch, leaderId: leaderOf(to, t.n.identity.nodeId), reason });
}

/**
 * Unattached in `epoch`. The election timer (QuorumState.transitionToUnattached): a node that was
 * already waiting to stand (Unattached, Prospective, Candidate) keeps the time it had left, so a
 * stream of hopeless vote requests for ever higher epochs cannot hold its timer back for ever; a
 * granted vote, or coming from Follower, Leader or Resigned, draws a fresh timeout.
 */
export function becomeUnattached(t: Turn, epoch: number, votedFor: number | undefined, reason: string, granted = false): void {
  const role: { kind: 'unattached'; epoch: number; votedFor?: number; electionDeadline?: number } = { kind: 'unattached', epoch };
  if (votedFor !== undefined) role.votedFor = votedFor;
  if (t.n.identity.controller) {
    const current = t.n.role;
    const remaining = current.kind === 'unattached' || current.kind === 'prospective' || current.kind === 'candidate' ? current.electionDeadline : undefined;
    role.electionDeadline = !granted && remaining !== undefined && remaining > t.now ? remaining : t.now + randomElectionTimeoutMs(t);
  }
  transition(t, role, reason);
}

export function becomeFollower(t: Turn, epoch: number, leaderId: number, reason: string): void {
  const role: { kind: 'follower'; epoch: number; leaderId: number; fetchDeadline?: number; votedFor?: number } = { kind: 'follower', epoch, leaderId };
  // A vote cast in this epoch stays recorded once the leader is known (it binds the whole epoch).
  const current = t.n.role;
  const vote = current.epoch !== epoch ? undefined : current.kind === 'candidate' ? t.n.identity.nodeId : current.kind === 'unattached' || current.kind === 'prospective' || current.kind === 'follower' ? current.votedFor : undefined;
  if (vote !== undefined) role.votedFor = vote;
  if (t.n.identity.controller) role.fetchDeadline = t.now + t.n.config.quorum.fetchTimeoutMs;
  transition(t, role, reason);
}

export function becomeResigned(t: Turn, reason: string): void {
  transition(t, { kind: 'resigned', epoch: t.n.role.epoch, electionDeadline: t.now + randomElectionTimeoutMs(t) }, reason);
}

/**
 * Leader discovery (KIP-595): every request and response names an epoch and, when known, its
 * leader. A higher epoch always wins (the shared rule, checked before any role's own handling);
 * a node without a leader in its own epoch follows the one it hears of. Returns true when the role
 * changed, so the caller stops handling a message meant for the old role.
 */
export function observeLeaderHint(t: Turn, hint: LeaderHint, source: string): boolean {
  const role = t.n.role;
  const self = t.n.identity.nodeId;
  const unreachable = t.n.unreachableLeader;
  const known = hint.leaderId !== undefined && hint.leaderId !== self && hint.leaderId >= 0;
  const shunned = unreachable !== undefined && unreachable.epoch === hint.epoch && unreachable.leaderId === hint.leaderId;
  const leaderId = known && !shunned ? hint.leaderId : undefined;
  if (hint.epoch > role.epoch) {
    if (leaderId !== undefined) becomeFollower(t, hint.epoch, leaderId, `${source}: leader ${leaderId} in epoch ${hint.epoch}`);
    else becomeUnattached(t, hint.epoch, undefined, `${source}: higher epoch ${hint.epoch}`);
    return true;
  }
  if (hint.epoch === role.epoch && leaderId !== undefined) {
    // A prospective left that leader on purpose (no fetch within the timeout): hearing its name
    // again from a voter that still follows it is no news (KIP-996).
    const abandoned = role.kind === 'prospective' && role.leaderId === leaderId;
    if (!abandoned && (role.kind === 'unattached' || role.kind === 'prospective' || role.kind === 'candidate')) {
      becomeFollower(t, hint.epoch, leaderId, `${source}: leader ${leaderId} in epoch ${hint.epoch}`);
      return true;
    }
  }
  return false;
}

/** The hint this node gives in its responses. */
export function ownHint(t: Turn): LeaderHint {
  const role = t.n.role;
  return { epoch: role.epoch, leaderId: leaderOf(role, t.n.identity.nodeId) };
}
