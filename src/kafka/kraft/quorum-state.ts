/**
 * A voter's election state in the KRaft quorum, as the vote decision sees it (semantics 6.2, 6.3;
 * raft/src/main/java/org/apache/kafka/raft/QuorumState.java and its UnattachedState, ProspectiveState,
 * CandidateState, LeaderState, FollowerState, ResignedState). Only the types live here; the quorum
 * machine that drives the transitions comes later.
 *
 * Persisted in Kafka's `quorum-state` file: the epoch, the vote (votedFor) and the known leader.
 *
 * Transitions of a voter (semantics 6.2, with pre-vote from 6.3, KIP-996, Kafka 4.0):
 *
 * | From        | To                         | Trigger                                                            |
 * | ----------- | -------------------------- | ------------------------------------------------------------------ |
 * | Unattached  | Prospective (4.0)          | election timer expires (before 4.0: straight to Candidate)         |
 * | Unattached  | Follower                   | learns of a leader with epoch ≥ own (BeginQuorumEpoch, Fetch reply) |
 * | Unattached  | Unattached (higher epoch)  | sees a higher epoch without a leader (e.g. a Vote request)         |
 * | Unattached  | Unattached (voted)         | grants a Vote in its epoch (persisted before replying)             |
 * | Prospective | Candidate (epoch + 1)      | a majority of pre-votes granted                                    |
 * | Prospective | Follower                   | pre-vote lost or timed out and it knew a leader; or learns a leader |
 * | Prospective | Unattached                 | pre-vote lost or timed out, no known leader; or a higher epoch     |
 * | Follower    | Prospective (4.0)          | no successful Fetch for controller.quorum.fetch.timeout.ms         |
 * |             |                            | (before 4.0: straight to Candidate)                                |
 * | Follower    | Unattached (higher epoch)  | sees a higher epoch without a known leader                         |
 * | Follower    | Follower (newer leader)    | learns of a leader in a higher epoch                               |
 * | Candidate   | Leader                     | a majority of granted votes, its own included                      |
 * | Candidate   | Candidate (epoch + 1)      | election timer expires (after the election backoff)                |
 * | Candidate   | Unattached / Follower      | sees a higher epoch / learns of a leader in an epoch ≥ own         |
 * | Leader      | Resigned                   | graceful shutdown (sends EndQuorumEpoch); check-quorum failure     |
 * | Leader      | Unattached (higher epoch)  | sees a higher epoch                                                |
 * | Resigned    | Unattached / Follower      | sees a higher epoch / learns of the next leader                    |
 * | (restart)   | Resigned (same epoch)      | the node restarts as the recorded leader: it must not vote again   |
 * |             |                            | in that epoch nor reuse (offset, epoch) pairs                      |
 *
 * Observers (brokers) use only Unattached and Follower. The epoch never decreases (invariant 12).
 */

/** Knows the epoch, no leader; `votedFor` is set once it granted a vote in this epoch ("unattached voted"; older releases: Voted). */
export interface UnattachedView {
  readonly kind: 'unattached';
  readonly epoch: number;
  readonly votedFor?: number;
}

/** Running a pre-vote for epoch + 1 without bumping its own epoch (KIP-996, 4.0). Keeps its earlier vote and leader, if any. */
export interface ProspectiveView {
  readonly kind: 'prospective';
  readonly epoch: number;
  readonly votedFor?: number;
  /** The leader it followed before, to return to if the pre-vote fails. */
  readonly leaderId?: number;
}

/** Running an election in `epoch`; it voted for itself (`votedFor` is its own id, persisted). */
export interface CandidateView {
  readonly kind: 'candidate';
  readonly epoch: number;
  readonly votedFor: number;
}

/** Leading `epoch`: it won the election it stood in, so its vote in this epoch was its own. */
export interface LeaderView {
  readonly kind: 'leader';
  readonly epoch: number;
  readonly votedFor?: number;
}

/** Following `leaderId`; a vote it granted in this epoch stays recorded (KIP-853's ElectionState). */
export interface FollowerView {
  readonly kind: 'follower';
  readonly epoch: number;
  readonly leaderId: number;
  readonly votedFor?: number;
}

/** A leader that is stepping down, or a node restarted as the recorded leader, in the same epoch. */
export interface ResignedView {
  readonly kind: 'resigned';
  readonly epoch: number;
  readonly votedFor?: number;
}

export type QuorumStateView = UnattachedView | ProspectiveView | CandidateView | LeaderView | FollowerView | ResignedView;

export type QuorumStateKind = QuorumStateView['kind'];

export function unattached(epoch: number, votedFor?: number): UnattachedView {
  return votedFor === undefined ? { kind: 'unattached', epoch } : { kind: 'unattached', epoch, votedFor };
}

/**
 * The vote this state records for its epoch, if any: a candidate's (and a leader's) is its own; a
 * follower keeps the vote it granted before the leader was known. A vote binds the whole epoch.
 */
export function votedForOf(state: QuorumStateView): number | undefined {
  return state.votedFor;
}

/** The leader this state knows in its epoch, if any (a leader's own id is not stored in the view). */
export function knownLeaderOf(state: QuorumStateView): number | undefined {
  return state.kind === 'follower' ? state.leaderId : undefined;
}

export function describeState(state: QuorumStateView): string {
  switch (state.kind) {
    case 'unattached':
      return state.votedFor === undefined
        ? `Unattached(epoch ${state.epoch})`
        : `Unattached(epoch ${state.epoch}, voted for ${state.votedFor})`;
    case 'prospective':
      return `Prospective(epoch ${state.epoch})`;
    case 'candidate':
      return `Candidate(epoch ${state.epoch})`;
    case 'leader':
      return `Leader(epoch ${state.epoch})`;
    case 'follower':
      return `Follower(epoch ${state.epoch}, leader ${state.leaderId})`;
    case 'resigned':
      return `Resigned(epoch ${state.epoch})`;
  }
}
