/**
 * Exercise 05's adapter is faithful: the reference solution, seen through voteSeam, decides every
 * standard vote exactly as the quorum's own decideVote (src/kafka/kraft/vote.ts) for every voter
 * state, so a learner's function is judged on Kafka's rules and nothing the adapter adds. And the
 * quorum scenarios still make happen what kraft-vote.ts says they do.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QuorumStateView } from '../../src/kafka/kraft/quorum-state.js';
import { decideVote, type VoteRequestView, type VoterView } from '../../src/kafka/kraft/vote.js';
import { runQuorum } from '../../src/labs/lab02/kraft-quorum-run.js';
import { QUORUM_SCENARIOS } from '../../src/labs/lab02/kraft-vote.js';
import { voteSeam } from '../../src/labs/lab02/kraft-vote-seam.js';
import * as solution from '../../labs/02-architecture/solutions/05-kraft-vote/kraft-vote.js';
import { wrongVotes } from './wrong/05-kraft-vote.js';

const id = fc.integer({ min: 1, max: 3 });
const epoch = fc.integer({ min: 0, max: 6 });

/** Every state a voter answers a standard vote in (Prospective only exists with pre-vote, which stays the reference's). */
const state: fc.Arbitrary<QuorumStateView> = fc.oneof(
  fc.record({ kind: fc.constant('unattached' as const), epoch, votedFor: fc.option(id, { nil: undefined }) }).map((s) => (s.votedFor === undefined ? { kind: s.kind, epoch: s.epoch } : s)),
  // votedFor 0 stands for the voter itself, filled in below.
  fc.record({ kind: fc.constant('candidate' as const), epoch, votedFor: fc.constant(0) }),
  fc.record({ kind: fc.constant('leader' as const), epoch }),
  fc.record({ kind: fc.constant('resigned' as const), epoch }),
  fc.record({ kind: fc.constant('follower' as const), epoch, leaderId: id }),
);

describe("exercise 05's vote seam", () => {
  it("the reference solution through the seam decides as Kafka's decideVote (1,000 voter states and requests)", () => {
    const seam = voteSeam(solution.handleVoteRequest);
    fc.assert(
      fc.property(id, state, epoch, fc.integer({ min: 0, max: 9 }), id, fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 9 }), (self, s, logEpoch, logOffset, candidateId, candidateEpoch, lastOffsetEpoch, lastOffset) => {
        // A voter is asked by the other voters, never by itself.
        fc.pre(candidateId !== self);
        // A candidate's own state votes for itself (the seam reads the vote from the state).
        const own = s.kind === 'candidate' ? { ...s, votedFor: self } : s;
        const voter: VoterView = { id: self, state: own, lastLogPosition: { epoch: Math.min(logEpoch, own.epoch), offset: logOffset } };
        // A valid request: its last epoch is below the epoch it runs for (else Kafka answers INVALID_REQUEST before any rule).
        const request: VoteRequestView = { candidateId, candidateEpoch, lastOffsetEpoch: Math.min(lastOffsetEpoch, candidateEpoch - 1), lastOffset };
        const kafka = decideVote(voter, request);
        const mine = seam(voter, request);
        expect({ granted: mine.granted, error: mine.error, newState: mine.newState }).toEqual({ granted: kafka.granted, error: kafka.error, newState: kafka.newState });
      }),
      { seed: 505, numRuns: 1_000 },
    );
  });

  it('a response about another voter, or an epoch going back, is refused in plain words', () => {
    const voter: VoterView = { id: 1, state: { kind: 'unattached', epoch: 3 }, lastLogPosition: { epoch: 2, offset: 4 } };
    const request: VoteRequestView = { candidateId: 2, candidateEpoch: 3, lastOffsetEpoch: 2, lastOffset: 4 };
    const other = voteSeam((v) => ({ granted: true, error: 0, voter: { ...v, id: 7 } }));
    expect(() => other(voter, request)).toThrow(/state of voter 7 for voter 1/);
    const back = voteSeam((v) => ({ granted: false, error: 0, voter: { ...v, epoch: 1 } }));
    expect(() => back(voter, request)).toThrow(/from epoch 3 to 1/);
    const nothing = voteSeam(() => undefined as never);
    expect(() => nothing(voter, request)).toThrow(/must return \{ granted, error, voter \}/);
  });
});

describe("exercise 05's quorum scenarios, with Kafka's own vote", () => {
  const runs = QUORUM_SCENARIOS.map((scenario) => runQuorum(solution.handleVoteRequest, scenario));

  it('keep every promise, and a leader leads after the faults', () => {
    for (const run of runs) {
      expect(run.violation, `seed ${run.scenario.seed}`).toBeUndefined();
      expect(run.stopped).toBeUndefined();
      expect(run.leaderAfterFaultsAtMs, `seed ${run.scenario.seed}`).toBeDefined();
      expect(run.firstDifference).toBeUndefined();
    }
  });

  it('seed 67 starts with several candidates in the same epoch (the split vote one vote per epoch is for)', () => {
    const candidacies = runs[0]!.events.filter((event) => event.type === 'quorum.transition' && 'to' in event && event.to === 'candidate' && 'epoch' in event && event.epoch === 1);
    expect(new Set(candidacies.map((event) => event.node)).size).toBeGreaterThanOrEqual(2);
  });

  it('seed 28081 has a candidate with a longer log from an older epoch asking a voter with a newer one', () => {
    const offsetFirst = wrongVotes.find((wrong) => wrong.name === 'offset-before-epoch')!;
    const run = runQuorum(offsetFirst.impl.handleVoteRequest, QUORUM_SCENARIOS[1]!);
    const [voter, request] = run.firstDifference!.inputs as [solution.Voter, solution.VoteRequest];
    expect(request.lastLog.epoch).toBeLessThan(voter.lastLog.epoch);
    expect(request.lastLog.offset).toBeGreaterThan(voter.lastLog.offset);
    expect(run.violation?.invariant).toBe('committedNeverLost');
  });

  it('the other scenarios hold several elections each (failovers under faults)', () => {
    for (const run of runs.slice(1)) expect(run.elections, `seed ${run.scenario.seed}`).toBeGreaterThanOrEqual(3);
  });
});
