/** Known-wrong vote decisions. */
import { ErrorCode } from '../../../src/kafka/errors.js';
import * as solution from '../../../labs/02-architecture/solutions/05-kraft-vote/kraft-vote.js';
import type { KraftVoteImpl } from '../../../src/labs/lab02/kraft-vote.js';
import type { KnownWrong } from './known-wrong.js';

type Voter = solution.Voter;
type VoteRequest = solution.VoteRequest;
type VoteResponse = solution.VoteResponse;
type LogPosition = solution.LogPosition;

/** The solution's shape with the parts a mistake changes passed in. */
function voteWith(options: {
  upToDate: (candidate: LogPosition, mine: LogPosition) => boolean;
  respectsVote: boolean;
  recordsVote: boolean;
}): (voter: Voter, request: VoteRequest) => VoteResponse {
  return (voter, request) => {
    if (request.candidateEpoch < voter.epoch) return { granted: false, error: ErrorCode.FENCED_LEADER_EPOCH, voter };
    const current = request.candidateEpoch > voter.epoch ? { ...voter, epoch: request.candidateEpoch, votedFor: undefined, leaderId: undefined } : voter;
    const refuse = { granted: false, error: ErrorCode.NONE, voter: current };
    if (current.leaderId !== undefined) return refuse;
    if (options.respectsVote && current.votedFor !== undefined && current.votedFor !== request.candidateId) return refuse;
    if (!options.upToDate(request.lastLog, current.lastLog)) return refuse;
    return { granted: true, error: ErrorCode.NONE, voter: options.recordsVote ? { ...current, votedFor: request.candidateId } : current };
  };
}

const raft = (a: LogPosition, b: LogPosition): boolean => (a.epoch !== b.epoch ? a.epoch > b.epoch : a.offset >= b.offset);

export const wrongVotes: readonly KnownWrong<KraftVoteImpl>[] = [
  { name: 'no-log-comparison', mistake: 'granting a vote without comparing logs', impl: { handleVoteRequest: voteWith({ upToDate: () => true, respectsVote: true, recordsVote: true }) }, caughtBy: ['stale-log-never-wins', 'log-at-least-as-up-to-date'] },
  { name: 'offset-before-epoch', mistake: 'comparing log offsets before last epochs', impl: { handleVoteRequest: voteWith({ upToDate: (a, b) => (a.offset !== b.offset ? a.offset > b.offset : a.epoch >= b.epoch), respectsVote: true, recordsVote: true }) }, caughtBy: ['stale-log-never-wins', 'log-at-least-as-up-to-date'] },
  { name: 'votes-twice', mistake: 'granting a second candidate in the same epoch', impl: { handleVoteRequest: voteWith({ upToDate: raft, respectsVote: false, recordsVote: true }) }, caughtBy: ['one-leader-per-epoch', 'one-vote-per-epoch'] },
  { name: 'forgets-vote', mistake: 'not recording the vote in the returned state', impl: { handleVoteRequest: voteWith({ upToDate: raft, respectsVote: true, recordsVote: false }) }, caughtBy: ['one-leader-per-epoch', 'one-vote-per-epoch'] },
  {
    name: 'no-epoch-fencing',
    mistake: 'answering an older epoch without FENCED_LEADER_EPOCH',
    impl: { handleVoteRequest: (voter, request) => (request.candidateEpoch < voter.epoch ? { granted: false, error: ErrorCode.NONE, voter } : solution.handleVoteRequest(voter, request)) },
    caughtBy: ['epoch-rules'],
  },
];
