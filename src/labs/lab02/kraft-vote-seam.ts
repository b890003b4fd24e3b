/**
 * The learner's handleVoteRequest as the KRaft quorum's vote seam (`DecideVote`,
 * src/kafka/kraft/vote.ts), so exercise 05 runs in the real controller quorum (KraftCluster).
 *
 * The exercise keeps Raft's textbook shape (a voter with epoch, vote, known leader and log position;
 * a response with the voter state to persist); the seam speaks QuorumState (Unattached, Candidate,
 * Follower, Leader, Resigned, Prospective). The mapping, both ways:
 *
 * - in: Unattached → its vote, no leader; Candidate → voted for itself; Leader and Resigned → voted
 *   for itself and leader itself (a leader won its epoch with its own vote); Follower → the leader,
 *   no vote (the model's FollowerState keeps none); Prospective → its vote and former leader.
 * - out: a granted vote, a new epoch or a changed vote becomes Unattached(epoch, the vote the
 *   learner returned), which is what Kafka persists (QuorumState.transitionToUnattached /
 *   unattachedAddVotedState); a refusal that changed nothing keeps the voter's state as it was.
 *
 * Pre-votes (KIP-996) are not the exercise: they go to the reference decision.
 * Kafka: KafkaRaftClient.handleVoteRequest, QuorumState.java.
 */
import { ErrorCode } from '../../kafka/errors.js';
import { decidePreVote, type DecideVote, type VoteDecision } from '../../kafka/kraft/vote.js';
import { unattached, type QuorumStateView } from '../../kafka/kraft/quorum-state.js';
import type * as Starter from '../../../labs/02-architecture/starters/05-kraft-vote/kraft-vote.js';

export type HandleVoteRequest = (voter: Starter.Voter, request: Starter.VoteRequest) => Starter.VoteResponse;

/** The exercise's voter for a seam voter. */
export function learnerVoter(id: number, state: QuorumStateView, lastLog: Starter.LogPosition): Starter.Voter {
  const base = { id, epoch: state.epoch, lastLog: { epoch: lastLog.epoch, offset: lastLog.offset } };
  switch (state.kind) {
    case 'unattached':
      return { ...base, votedFor: state.votedFor, leaderId: undefined };
    case 'prospective':
      return { ...base, votedFor: state.votedFor, leaderId: state.leaderId };
    case 'candidate':
      return { ...base, votedFor: state.votedFor, leaderId: undefined };
    case 'leader':
    case 'resigned':
      return { ...base, votedFor: id, leaderId: id };
    case 'follower':
      return { ...base, votedFor: undefined, leaderId: state.leaderId };
  }
}

/** A response that is not about this voter is reported in plain words (the cluster stops there). */
function checkResponse(before: Starter.Voter, response: Starter.VoteResponse | undefined): asserts response is Starter.VoteResponse {
  if (response === undefined || response === null || typeof response !== 'object' || typeof response.voter !== 'object' || response.voter === null) {
    throw new Error(`handleVoteRequest must return { granted, error, voter }, got ${JSON.stringify(response)}`);
  }
  if (response.voter.id !== before.id) throw new Error(`handleVoteRequest returned the state of voter ${response.voter.id} for voter ${before.id}; return this voter's own state`);
  if (!Number.isInteger(response.voter.epoch) || response.voter.epoch < before.epoch) {
    throw new Error(`handleVoteRequest moved voter ${before.id} from epoch ${before.epoch} to ${response.voter.epoch}: an epoch never goes back`);
  }
}

export function voteSeam(handleVoteRequest: HandleVoteRequest): DecideVote {
  return (voter, request) => {
    if (request.preVote === true) return decidePreVote(voter, request);
    const before = learnerVoter(voter.id, voter.state, voter.lastLogPosition);
    const asked: Starter.VoteRequest = {
      candidateId: request.candidateId,
      candidateEpoch: request.candidateEpoch,
      lastLog: { epoch: request.lastOffsetEpoch, offset: request.lastOffset },
    };
    const response = handleVoteRequest(before, asked);
    checkResponse(before, response);
    const after = response.voter;
    const granted = response.granted === true;
    const changed = after.epoch !== before.epoch || after.votedFor !== before.votedFor;
    const newState = granted || changed ? unattached(after.epoch, after.votedFor) : voter.state;
    const error = response.error ?? ErrorCode.NONE;
    return { granted, error, newState, reason: `your handleVoteRequest ${granted ? 'granted' : 'refused'} (voter then in epoch ${after.epoch}, voted for ${after.votedFor ?? 'nobody'})` } satisfies VoteDecision;
  };
}
