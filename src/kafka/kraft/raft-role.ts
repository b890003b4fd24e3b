/**
 * A KRaft node's Raft role with what each role needs to run, as a discriminated union, and the
 * table of legal transitions (semantics 6.2, 6.3; QuorumState.java and its per-state classes). The
 * transitions themselves are the become... functions in raft-transitions.ts; nothing else assigns a
 * role, and an edge missing from LEGAL_TRANSITIONS throws (a bug in the model, never a learner's).
 *
 * Observers (brokers that are not voters) use only Unattached and Follower, and have no election
 * timer: they never stand for election and are never asked to vote.
 */
import type { RaftFetchRequest } from './raft-messages.js';
import type { QuorumStateKind, QuorumStateView } from './quorum-state.js';

export interface ParkedFetch {
  readonly from: string;
  readonly request: RaftFetchRequest;
  /** When the leader answers with nothing new if nothing happens before (fetch max wait). */
  readonly deadline: number;
}

export type RaftRole =
  | {
      readonly kind: 'unattached';
      readonly epoch: number;
      readonly votedFor?: number;
      /** Voters only: when to stand for election. */
      readonly electionDeadline?: number;
    }
  | {
      readonly kind: 'prospective';
      readonly epoch: number;
      readonly votedFor?: number;
      /** The leader it followed before; it goes back to following it if the pre-vote fails. */
      readonly leaderId?: number;
      readonly granted: readonly number[];
      readonly rejected: readonly number[];
      readonly electionDeadline: number;
    }
  | {
      readonly kind: 'candidate';
      readonly epoch: number;
      readonly granted: readonly number[];
      readonly rejected: readonly number[];
      readonly electionDeadline: number;
      /** Set once the election is lost or timed out: the next election starts then. */
      readonly backoffUntil?: number;
    }
  | {
      readonly kind: 'leader';
      readonly epoch: number;
      /** The log end offset at election, where the LeaderChange record went. */
      readonly epochStartOffset: number;
      /** Each voter's log end offset as its last Fetch showed (-1: not fetched this epoch); own included. */
      readonly voterEndOffsets: ReadonlyMap<number, number>;
      /** When each voter last fetched (check quorum). */
      readonly lastFetchAt: ReadonlyMap<number, number>;
      readonly checkQuorumDeadline: number;
      /** When BeginQuorumEpoch goes again to voters that have not fetched yet. */
      readonly beginQuorumEpochAt: number;
      readonly parked: readonly ParkedFetch[];
    }
  | {
      readonly kind: 'follower';
      readonly epoch: number;
      readonly leaderId: number;
      /** The vote it cast in this epoch, kept beside the leader (KIP-853's ElectionState keeps the voted key). */
      readonly votedFor?: number;
      /** Voters only: no successful Fetch by then and it stands for election (fetch timeout). */
      readonly fetchDeadline?: number;
      /** The last successful Fetch from this leader (pre-vote's "fetched recently"). */
      readonly lastFetchOkAt?: number;
      /** The leader announced it is resigning (EndQuorumEpoch): its fetches no longer count as recent. */
      readonly leaderResigned?: boolean;
    }
  | {
      readonly kind: 'resigned';
      readonly epoch: number;
      readonly electionDeadline: number;
    };

/**
 * Every legal edge (from → to). Same-kind edges are there where Kafka has them: Unattached in a
 * higher epoch or after voting, Follower of a newer leader, Candidate of the next epoch.
 */
export const LEGAL_TRANSITIONS: ReadonlyMap<QuorumStateKind, readonly QuorumStateKind[]> = new Map<QuorumStateKind, QuorumStateKind[]>([
  ['unattached', ['unattached', 'prospective', 'candidate', 'follower']],
  ['prospective', ['unattached', 'candidate', 'follower']],
  ['candidate', ['unattached', 'prospective', 'candidate', 'leader', 'follower']],
  ['follower', ['unattached', 'prospective', 'candidate', 'follower']],
  ['leader', ['unattached', 'resigned', 'follower']],
  ['resigned', ['unattached', 'prospective', 'candidate', 'follower']],
]);

export function isLegalTransition(from: QuorumStateKind, to: QuorumStateKind): boolean {
  return LEGAL_TRANSITIONS.get(from)?.includes(to) ?? false;
}

/** What the vote decision sees of a role (quorum-state.ts). */
export function viewOf(role: RaftRole, selfId: number): QuorumStateView {
  switch (role.kind) {
    case 'unattached':
      return role.votedFor === undefined ? { kind: 'unattached', epoch: role.epoch } : { kind: 'unattached', epoch: role.epoch, votedFor: role.votedFor };
    case 'prospective': {
      const view: { kind: 'prospective'; epoch: number; votedFor?: number; leaderId?: number } = { kind: 'prospective', epoch: role.epoch };
      if (role.votedFor !== undefined) view.votedFor = role.votedFor;
      if (role.leaderId !== undefined) view.leaderId = role.leaderId;
      return view;
    }
    case 'candidate':
      return { kind: 'candidate', epoch: role.epoch, votedFor: selfId };
    case 'leader':
      return { kind: 'leader', epoch: role.epoch, votedFor: selfId };
    case 'follower':
      return role.votedFor === undefined ? { kind: 'follower', epoch: role.epoch, leaderId: role.leaderId } : { kind: 'follower', epoch: role.epoch, leaderId: role.leaderId, votedFor: role.votedFor };
    case 'resigned':
      return { kind: 'resigned', epoch: role.epoch, votedFor: selfId };
  }
}

/** The leader this role knows in its epoch (itself for a leader, given its own id). */
export function leaderOf(role: RaftRole, selfId: number): number | undefined {
  if (role.kind === 'leader') return selfId;
  if (role.kind === 'follower') return role.leaderId;
  return undefined;
}
