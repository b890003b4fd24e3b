/**
 * The Raft vote decision of a KRaft voter, as plain functions (semantics 6.2, 6.3; KIP-595, KIP-996;
 * KafkaRaftClient.handleVoteRequest and the canGrantVote of each state in
 * raft/src/main/java/org/apache/kafka/raft/). Pure: the caller persists `newState` (the epoch bump and
 * the vote) before it sends the response (semantics 6.2 step 5, invariant 11).
 *
 * Standard vote, in this exact order (semantics 6.2):
 *   1. lastOffsetEpoch >= candidateEpoch, or a negative value → INVALID_REQUEST.
 *   2. candidateEpoch < my epoch → FENCED_LEADER_EPOCH, not granted.
 *   3. candidateEpoch > my epoch → I first move to Unattached in candidateEpoch (no vote, no leader).
 *   4. Grant only if I am Unattached in this epoch, have not voted for a different candidate
 *      (the same one may be granted again), know no leader in this epoch, and the candidate's log
 *      (lastOffsetEpoch, lastOffset) is at least as up to date as mine, epoch first. Followers,
 *      candidates, leaders, resigned and prospective voters never grant in their own epoch.
 *   5. A grant records the vote: newState is Unattached(epoch, votedFor = candidate).
 *
 * Pre-vote (semantics 6.3, KIP-996, Kafka 4.0): steps 1 and 2 as above, then no epoch change and
 * nothing persisted (several pre-votes may be granted in one epoch). A leader rejects every
 * pre-vote; a follower that has fetched from its leader recently rejects; everyone else grants if
 * the log check passes.
 *
 * Simplification: Kafka's ProspectiveState may re-grant a standard vote it recorded while
 * Unattached; here a Prospective voter never grants a standard vote in its own epoch (a higher
 * epoch moves it to Unattached first, as for every state).
 */
import { ErrorCode } from '../errors.js';
import { isAtLeastAsUpToDate, type OffsetAndEpoch } from './offset-and-epoch.js';
import { describeState, unattached, type QuorumStateView } from './quorum-state.js';

export interface VoterView {
  readonly id: number;
  readonly state: QuorumStateView;
  /** (epoch of the last record, log end offset) of the voter's log. */
  readonly lastLogPosition: OffsetAndEpoch;
  /**
   * Pre-vote only (KIP-996): the voter fetched successfully from its leader within
   * controller.quorum.fetch.timeout.ms. The caller knows the clock; this function does not.
   */
  readonly hasFetchedFromLeaderRecently?: boolean;
}

export interface VoteRequestView {
  readonly candidateId: number;
  /** The epoch the candidate runs for (a prospective's current epoch + 1 for a pre-vote). */
  readonly candidateEpoch: number;
  /** Epoch of the candidate's last record. */
  readonly lastOffsetEpoch: number;
  /** The candidate's log end offset. */
  readonly lastOffset: number;
  readonly preVote?: boolean;
}

export interface VoteDecision {
  readonly granted: boolean;
  /** NONE for a valid request, granted or not; INVALID_REQUEST or FENCED_LEADER_EPOCH otherwise. */
  readonly error: ErrorCode;
  /** The state to persist before replying (unchanged when nothing moved). */
  readonly newState: QuorumStateView;
  /** A short sentence for traces and lab feedback. */
  readonly reason: string;
}

/** The lab seam: a learner's vote decision has this shape. */
export type DecideVote = (voter: VoterView, request: VoteRequestView) => VoteDecision;

/** Steps 1 and 2, shared by votes and pre-votes. Returns a decision when the request stops here. */
function validate(voter: VoterView, request: VoteRequestView): VoteDecision | undefined {
  const { candidateEpoch, lastOffsetEpoch, lastOffset } = request;
  if (candidateEpoch < 0 || lastOffsetEpoch < 0 || lastOffset < 0) {
    return {
      granted: false,
      error: ErrorCode.INVALID_REQUEST,
      newState: voter.state,
      reason: `invalid request: negative epoch or offset (epoch ${candidateEpoch}, last epoch ${lastOffsetEpoch}, last offset ${lastOffset})`,
    };
  }
  if (lastOffsetEpoch >= candidateEpoch) {
    return {
      granted: false,
      error: ErrorCode.INVALID_REQUEST,
      newState: voter.state,
      reason: `invalid request: the candidate's last epoch ${lastOffsetEpoch} must be below its candidate epoch ${candidateEpoch}`,
    };
  }
  if (candidateEpoch < voter.state.epoch) {
    return {
      granted: false,
      error: ErrorCode.FENCED_LEADER_EPOCH,
      newState: voter.state,
      reason: `rejected: candidate epoch ${candidateEpoch} is older than my epoch ${voter.state.epoch}`,
    };
  }
  return undefined;
}

function candidateLog(request: VoteRequestView): OffsetAndEpoch {
  return { epoch: request.lastOffsetEpoch, offset: request.lastOffset };
}

function logBehindReason(voter: VoterView, request: VoteRequestView): string {
  return `the candidate's log (last epoch ${request.lastOffsetEpoch}, offset ${request.lastOffset}) is behind mine (last epoch ${voter.lastLogPosition.epoch}, offset ${voter.lastLogPosition.offset})`;
}

/** The standard (or, with request.preVote, the pre-)vote decision (semantics 6.2, 6.3). */
export const decideVote: DecideVote = (voter, request) => {
  if (request.preVote === true) return decidePreVote(voter, request);

  const invalid = validate(voter, request);
  if (invalid !== undefined) return invalid;

  const bumped = request.candidateEpoch > voter.state.epoch;
  // Step 3: a higher epoch first moves the voter to Unattached in that epoch (persisted).
  const state: QuorumStateView = bumped ? unattached(request.candidateEpoch) : voter.state;
  const moved = bumped ? `moved to epoch ${request.candidateEpoch}; ` : '';
  const reject = (why: string): VoteDecision => ({
    granted: false,
    error: ErrorCode.NONE,
    newState: state,
    reason: `${moved}rejected: ${why}`,
  });

  // Step 4. Only an Unattached voter can grant; it knows no leader by definition.
  if (state.kind !== 'unattached') {
    return reject(`I am ${describeState(state)}, which never grants a vote in its own epoch`);
  }
  if (state.votedFor !== undefined && state.votedFor !== request.candidateId) {
    return reject(`I already voted for ${state.votedFor} in epoch ${state.epoch}`);
  }
  if (!isAtLeastAsUpToDate(candidateLog(request), voter.lastLogPosition)) {
    return reject(logBehindReason(voter, request));
  }
  // Step 5: the vote is recorded in the state the caller persists before replying.
  const again = state.votedFor === request.candidateId ? ' again' : '';
  return {
    granted: true,
    error: ErrorCode.NONE,
    newState: unattached(state.epoch, request.candidateId),
    reason: `${moved}granted${again}: vote for ${request.candidateId} in epoch ${state.epoch}, its log is at least as up to date as mine`,
  };
};

/** The pre-vote decision (semantics 6.3, KIP-996): no epoch change, nothing persisted. */
export const decidePreVote: DecideVote = (voter, request) => {
  const invalid = validate(voter, request);
  if (invalid !== undefined) return invalid;

  const state = voter.state;
  const reject = (why: string): VoteDecision => ({
    granted: false,
    error: ErrorCode.NONE,
    newState: state,
    reason: `pre-vote rejected: ${why}`,
  });
  if (state.kind === 'leader') return reject(`I am the leader in epoch ${state.epoch}`);
  if (state.kind === 'follower' && voter.hasFetchedFromLeaderRecently === true) {
    return reject(`I fetched from leader ${state.leaderId} recently`);
  }
  if (!isAtLeastAsUpToDate(candidateLog(request), voter.lastLogPosition)) {
    return reject(logBehindReason(voter, request));
  }
  return {
    granted: true,
    error: ErrorCode.NONE,
    newState: state,
    reason: `pre-vote granted to ${request.candidateId} for epoch ${request.candidateEpoch} (not persisted)`,
  };
};
