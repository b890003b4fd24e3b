/**
 * The Raft vote decision (semantics 6.2 "Vote granting", 6.3 pre-vote; KIP-595, KIP-996;
 * KafkaRaftClient.handleVoteRequest). Expected outcomes come from oracles written here from the
 * rules, never from decideVote itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/kafka/errors.js';
import { compareLogPosition, isAtLeastAsUpToDate, type OffsetAndEpoch } from '../../../src/kafka/kraft/offset-and-epoch.js';
import type { QuorumStateView } from '../../../src/kafka/kraft/quorum-state.js';
import { decidePreVote, decideVote, type DecideVote, type VoterView, type VoteRequestView } from '../../../src/kafka/kraft/vote.js';

const VOTER_ID = 1;
const CANDIDATE = 2;
const OTHER = 3;

describe('compareLogPosition: epoch first, then offset (KIP-595, OffsetAndEpoch.java)', () => {
  it.each([
    [{ epoch: 5, offset: 50 }, { epoch: 4, offset: 500 }, 1],
    [{ epoch: 4, offset: 500 }, { epoch: 5, offset: 50 }, -1],
    [{ epoch: 4, offset: 101 }, { epoch: 4, offset: 100 }, 1],
    [{ epoch: 4, offset: 99 }, { epoch: 4, offset: 100 }, -1],
    [{ epoch: 4, offset: 100 }, { epoch: 4, offset: 100 }, 0],
  ] as const)('%o vs %o → sign %i', (a, b, sign) => {
    expect(Math.sign(compareLogPosition(a, b))).toBe(sign);
    expect(isAtLeastAsUpToDate(a, b)).toBe(sign >= 0);
  });

  it('is a total order consistent with lexicographic (epoch, offset)', () => {
    const pos = fc.record({ epoch: fc.nat(10), offset: fc.nat(20) });
    fc.assert(
      fc.property(pos, pos, (a, b) => {
        const lex = a.epoch !== b.epoch ? Math.sign(a.epoch - b.epoch) : Math.sign(a.offset - b.offset);
        expect(Math.sign(compareLogPosition(a, b))).toBe(lex);
        expect(Math.sign(compareLogPosition(b, a))).toBe(lex === 0 ? 0 : -lex);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the vote vector table (semantics 6.2; voter Unattached in epoch 5, not voted, last epoch 4, LEO 100)', () => {
  const voter: VoterView = { id: VOTER_ID, state: { kind: 'unattached', epoch: 5 }, lastLogPosition: { epoch: 4, offset: 100 } };
  const req = (candidateEpoch: number, lastOffsetEpoch: number, lastOffset: number, candidateId = CANDIDATE): VoteRequestView => ({
    candidateId,
    candidateEpoch,
    lastOffsetEpoch,
    lastOffset,
  });

  it('(6, 4, 100): moves to epoch 6, granted (equal logs)', () => {
    const d = decideVote(voter, req(6, 4, 100));
    expect(d).toMatchObject({ granted: true, error: ErrorCode.NONE });
    expect(d.newState).toEqual({ kind: 'unattached', epoch: 6, votedFor: CANDIDATE });
  });

  it('(6, 4, 99): moves to epoch 6, rejected (shorter log, same last epoch)', () => {
    const d = decideVote(voter, req(6, 4, 99));
    expect(d).toMatchObject({ granted: false, error: ErrorCode.NONE });
    expect(d.newState).toEqual({ kind: 'unattached', epoch: 6 });
  });

  it('(6, 5, 50): moves to epoch 6, granted (higher last epoch wins with fewer records)', () => {
    const d = decideVote(voter, req(6, 5, 50));
    expect(d).toMatchObject({ granted: true, error: ErrorCode.NONE });
    expect(d.newState).toEqual({ kind: 'unattached', epoch: 6, votedFor: CANDIDATE });
  });

  it('(6, 3, 500): moves to epoch 6, rejected (lower last epoch)', () => {
    const d = decideVote(voter, req(6, 3, 500));
    expect(d).toMatchObject({ granted: false, error: ErrorCode.NONE });
    expect(d.newState).toEqual({ kind: 'unattached', epoch: 6 });
  });

  it('(6, 6, 10): INVALID_REQUEST (42), last epoch must be below the candidate epoch; state unchanged', () => {
    const d = decideVote(voter, req(6, 6, 10));
    expect(d).toMatchObject({ granted: false, error: ErrorCode.INVALID_REQUEST });
    expect(ErrorCode.INVALID_REQUEST).toBe(42);
    expect(d.newState).toEqual(voter.state);
  });

  it('(4, 3, 10): FENCED_LEADER_EPOCH (74), rejected; state unchanged', () => {
    const d = decideVote(voter, req(4, 3, 10));
    expect(d).toMatchObject({ granted: false, error: ErrorCode.FENCED_LEADER_EPOCH });
    expect(ErrorCode.FENCED_LEADER_EPOCH).toBe(74);
    expect(d.newState).toEqual(voter.state);
  });

  it('after granting A in epoch 6: the same epoch from B is rejected, the same request from A again is granted', () => {
    const first = decideVote(voter, req(6, 4, 100, CANDIDATE));
    expect(first.granted).toBe(true);
    const afterGrant: VoterView = { ...voter, state: first.newState };
    const fromB = decideVote(afterGrant, req(6, 4, 100, OTHER));
    expect(fromB).toMatchObject({ granted: false, error: ErrorCode.NONE });
    expect(fromB.newState).toEqual({ kind: 'unattached', epoch: 6, votedFor: CANDIDATE });
    const again = decideVote(afterGrant, req(6, 4, 100, CANDIDATE));
    expect(again).toMatchObject({ granted: true, error: ErrorCode.NONE });
    expect(again.newState).toEqual({ kind: 'unattached', epoch: 6, votedFor: CANDIDATE });
  });

  it.each([
    ['negative candidate epoch', req(-1, 0, 0)],
    ['negative last epoch', req(6, -1, 0)],
    ['negative last offset', req(6, 4, -1)],
  ])('INVALID_REQUEST on %s (semantics 6.2 step 1)', (_name, request) => {
    expect(decideVote(voter, request)).toMatchObject({ granted: false, error: ErrorCode.INVALID_REQUEST, newState: voter.state });
  });

  it('every decision carries a non-empty reason for traces and lab feedback', () => {
    for (const r of [req(6, 4, 100), req(6, 4, 99), req(6, 6, 10), req(4, 3, 10)]) {
      expect(decideVote(voter, r).reason.length).toBeGreaterThan(0);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Table-driven: state kind × request epoch × candidate log, against an oracle of the rules.

const VOTER_EPOCH = 5;
const VOTER_LOG: OffsetAndEpoch = { epoch: 2, offset: 100 };

const stateCases = {
  'unattached, not voted': { kind: 'unattached', epoch: VOTER_EPOCH },
  'unattached, voted for this candidate': { kind: 'unattached', epoch: VOTER_EPOCH, votedFor: CANDIDATE },
  'unattached, voted for another': { kind: 'unattached', epoch: VOTER_EPOCH, votedFor: OTHER },
  follower: { kind: 'follower', epoch: VOTER_EPOCH, leaderId: OTHER },
  candidate: { kind: 'candidate', epoch: VOTER_EPOCH, votedFor: VOTER_ID },
  leader: { kind: 'leader', epoch: VOTER_EPOCH },
  resigned: { kind: 'resigned', epoch: VOTER_EPOCH },
  prospective: { kind: 'prospective', epoch: VOTER_EPOCH },
} as const satisfies Record<string, QuorumStateView>;
type StateCase = keyof typeof stateCases;

const epochCases = { lower: VOTER_EPOCH - 1, equal: VOTER_EPOCH, higher: VOTER_EPOCH + 1 } as const;
type EpochCase = keyof typeof epochCases;

/** Candidate log positions relative to VOTER_LOG; every last epoch stays below the lowest candidate epoch (4). */
const logCases = {
  'lower last epoch, longer log': { epoch: 1, offset: 500 },
  'same last epoch, shorter': { epoch: 2, offset: 99 },
  equal: { epoch: 2, offset: 100 },
  'same last epoch, longer': { epoch: 2, offset: 101 },
  'higher last epoch, shorter': { epoch: 3, offset: 50 },
} as const satisfies Record<string, OffsetAndEpoch>;
type LogCase = keyof typeof logCases;

/** Oracle for the log check (semantics 6.2 step 4): which candidate logs are at least as up to date. */
const logOk: Record<LogCase, boolean> = {
  'lower last epoch, longer log': false,
  'same last epoch, shorter': false,
  equal: true,
  'same last epoch, longer': true,
  'higher last epoch, shorter': true,
};

/** Oracle for a standard vote in the voter's own epoch: may this state grant to CANDIDATE at all? */
const mayGrantInOwnEpoch: Record<StateCase, boolean> = {
  'unattached, not voted': true,
  'unattached, voted for this candidate': true, // re-granting the same candidate is allowed
  'unattached, voted for another': false, // one vote per epoch (invariant 11)
  follower: false, // knows a leader in this epoch
  candidate: false, // voted for itself
  leader: false,
  resigned: false,
  prospective: false,
};

interface Expected {
  granted: boolean;
  error: ErrorCode;
  newState: QuorumStateView;
}

function expectedVote(s: StateCase, e: EpochCase, l: LogCase): Expected {
  const before: QuorumStateView = stateCases[s];
  if (e === 'lower') return { granted: false, error: ErrorCode.FENCED_LEADER_EPOCH, newState: before };
  if (e === 'higher') {
    // Step 3: every state first becomes Unattached (no vote) in the candidate's epoch.
    const epoch = epochCases.higher;
    return logOk[l]
      ? { granted: true, error: ErrorCode.NONE, newState: { kind: 'unattached', epoch, votedFor: CANDIDATE } }
      : { granted: false, error: ErrorCode.NONE, newState: { kind: 'unattached', epoch } };
  }
  const granted = mayGrantInOwnEpoch[s] && logOk[l];
  return granted
    ? { granted, error: ErrorCode.NONE, newState: { kind: 'unattached', epoch: VOTER_EPOCH, votedFor: CANDIDATE } }
    : { granted, error: ErrorCode.NONE, newState: before };
}

const allCombinations = (Object.keys(stateCases) as StateCase[]).flatMap((s) =>
  (Object.keys(epochCases) as EpochCase[]).flatMap((e) => (Object.keys(logCases) as LogCase[]).map((l) => [s, e, l] as const)),
);

describe('decideVote over every state × request epoch × candidate log (semantics 6.2 steps 2–5, KIP-595)', () => {
  it('covers 8 × 3 × 5 = 120 combinations', () => {
    expect(allCombinations).toHaveLength(120);
  });

  it.each(allCombinations)('voter %s, request epoch %s, candidate log %s', (s, e, l) => {
    const voter: VoterView = { id: VOTER_ID, state: stateCases[s], lastLogPosition: VOTER_LOG };
    const pos = logCases[l];
    const request: VoteRequestView = {
      candidateId: CANDIDATE,
      candidateEpoch: epochCases[e],
      lastOffsetEpoch: pos.epoch,
      lastOffset: pos.offset,
    };
    const d = decideVote(voter, request);
    const want = expectedVote(s, e, l);
    expect({ granted: d.granted, error: d.error, newState: d.newState }).toEqual(want);
    expect(d.reason).not.toBe('');
  });
});

// ---------------------------------------------------------------------------------------------
// Pre-vote (semantics 6.3, KIP-996).

/** Oracle: which states may grant a pre-vote in the voter's epoch or a higher one (log check aside). */
function mayGrantPreVote(s: StateCase, fetchedRecently: boolean): boolean {
  if (s === 'leader') return false; // a leader rejects every pre-vote
  if (s === 'follower') return !fetchedRecently; // a follower with a live leader rejects
  return true; // unattached, prospective, candidate, resigned
}

const preVoteCombinations = allCombinations.flatMap(([s, e, l]) => [true, false].map((f) => [s, e, l, f] as const));

describe('decidePreVote (semantics 6.3, KIP-996): no epoch change, nothing persisted', () => {
  it.each(preVoteCombinations)('voter %s, request epoch %s, candidate log %s, fetched from leader recently: %s', (s, e, l, fetched) => {
    const voter: VoterView = {
      id: VOTER_ID,
      state: stateCases[s],
      lastLogPosition: VOTER_LOG,
      hasFetchedFromLeaderRecently: fetched,
    };
    const pos = logCases[l];
    const request: VoteRequestView = {
      candidateId: CANDIDATE,
      candidateEpoch: epochCases[e],
      lastOffsetEpoch: pos.epoch,
      lastOffset: pos.offset,
      preVote: true,
    };
    const d = decidePreVote(voter, request);
    const error = e === 'lower' ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.NONE;
    const granted = e !== 'lower' && mayGrantPreVote(s, fetched) && logOk[l];
    expect({ granted: d.granted, error: d.error, newState: d.newState }).toEqual({ granted, error, newState: stateCases[s] });
    // decideVote with preVote: true takes the same path (one lab seam).
    expect(decideVote(voter, request)).toEqual(d);
  });

  it('an unattached voter grants pre-votes to several candidates in one epoch', () => {
    const voter: VoterView = { id: VOTER_ID, state: { kind: 'unattached', epoch: 5 }, lastLogPosition: VOTER_LOG };
    for (const candidateId of [2, 3, 4]) {
      const d = decidePreVote(voter, { candidateId, candidateEpoch: 6, lastOffsetEpoch: 2, lastOffset: 100, preVote: true });
      expect(d.granted).toBe(true);
      expect(d.newState).toBe(voter.state);
    }
  });

  it('an unattached voter that voted for another still grants a pre-vote (not a vote: nothing persisted)', () => {
    const voter: VoterView = { id: VOTER_ID, state: { kind: 'unattached', epoch: 6, votedFor: OTHER }, lastLogPosition: VOTER_LOG };
    const d = decidePreVote(voter, { candidateId: CANDIDATE, candidateEpoch: 6, lastOffsetEpoch: 2, lastOffset: 100, preVote: true });
    expect(d).toMatchObject({ granted: true, error: ErrorCode.NONE, newState: voter.state });
  });

  it('a pre-vote validates like a vote: last epoch >= candidate epoch → INVALID_REQUEST', () => {
    const voter: VoterView = { id: VOTER_ID, state: { kind: 'unattached', epoch: 5 }, lastLogPosition: VOTER_LOG };
    const d = decidePreVote(voter, { candidateId: CANDIDATE, candidateEpoch: 6, lastOffsetEpoch: 6, lastOffset: 1, preVote: true });
    expect(d).toMatchObject({ granted: false, error: ErrorCode.INVALID_REQUEST, newState: voter.state });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties (semantics 11, invariants 11–13).

const ids = fc.integer({ min: 1, max: 4 });
const epochs = fc.integer({ min: 0, max: 8 });
const position = fc.record({ epoch: fc.integer({ min: 0, max: 8 }), offset: fc.integer({ min: 0, max: 20 }) });

const stateArb: fc.Arbitrary<QuorumStateView> = fc.oneof(
  fc.record({ kind: fc.constant('unattached' as const), epoch: epochs, votedFor: fc.option(ids, { nil: undefined }) }),
  fc.record({ kind: fc.constant('prospective' as const), epoch: epochs, votedFor: fc.option(ids, { nil: undefined }) }),
  fc.record({ kind: fc.constant('candidate' as const), epoch: epochs, votedFor: fc.constant(VOTER_ID) }),
  fc.record({ kind: fc.constant('leader' as const), epoch: epochs }),
  fc.record({ kind: fc.constant('follower' as const), epoch: epochs, leaderId: ids }),
  fc.record({ kind: fc.constant('resigned' as const), epoch: epochs }),
);

/** Mostly valid requests (last epoch below candidate epoch), some invalid ones, some pre-votes. */
const requestArb: fc.Arbitrary<VoteRequestView> = fc.oneof(
  fc
    .record({ candidateId: ids, candidateEpoch: fc.integer({ min: 1, max: 9 }), lastOffset: fc.integer({ min: 0, max: 20 }), preVote: fc.boolean() })
    .chain((r) => fc.integer({ min: 0, max: r.candidateEpoch - 1 }).map((lastOffsetEpoch) => ({ ...r, lastOffsetEpoch }))),
  fc.record({
    candidateId: ids,
    candidateEpoch: fc.integer({ min: -1, max: 9 }),
    lastOffsetEpoch: fc.integer({ min: -1, max: 9 }),
    lastOffset: fc.integer({ min: -1, max: 20 }),
    preVote: fc.boolean(),
  }),
);

const voterArb: fc.Arbitrary<VoterView> = fc.record({
  id: fc.constant(VOTER_ID),
  state: stateArb,
  lastLogPosition: position,
  hasFetchedFromLeaderRecently: fc.boolean(),
});

const seams: [string, DecideVote][] = [['decideVote', decideVote]];

describe.each(seams)('%s properties (semantics 11)', (_name, decide) => {
  it('invariant 13: a granted vote or pre-vote implies (lastEpoch, lastOffset) >= the voter’s (KIP-595)', () => {
    fc.assert(
      fc.property(voterArb, requestArb, (voter, request) => {
        const d = decide(voter, request);
        if (d.granted) {
          expect(d.error).toBe(ErrorCode.NONE);
          const cand = { epoch: request.lastOffsetEpoch, offset: request.lastOffset };
          const lexAhead =
            cand.epoch > voter.lastLogPosition.epoch ||
            (cand.epoch === voter.lastLogPosition.epoch && cand.offset >= voter.lastLogPosition.offset);
          expect(lexAhead).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('invariant 11: across any sequence of requests, with state threaded through, at most one candidate is granted per epoch (semantics 6.2 step 4)', () => {
    fc.assert(
      fc.property(
        stateArb,
        position,
        fc.array(fc.tuple(requestArb, fc.boolean()), { minLength: 1, maxLength: 30 }),
        (initial, log, steps) => {
          let state = initial;
          // The vote the initial state already holds counts for its epoch (a candidate's own vote included).
          const votes = new Map<number, number>();
          if ((state.kind === 'unattached' || state.kind === 'prospective' || state.kind === 'candidate') && state.votedFor !== undefined) {
            votes.set(state.epoch, state.votedFor);
          }
          for (const [request, fetched] of steps) {
            const d = decide({ id: VOTER_ID, state, lastLogPosition: log, hasFetchedFromLeaderRecently: fetched }, request);
            if (d.granted && request.preVote !== true) {
              const prior = votes.get(d.newState.epoch);
              if (prior !== undefined) expect(request.candidateId).toBe(prior);
              votes.set(d.newState.epoch, request.candidateId);
              expect(d.newState).toEqual({ kind: 'unattached', epoch: request.candidateEpoch, votedFor: request.candidateId });
            }
            state = d.newState;
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('invariant 12: the voter’s epoch never decreases, and a lower-epoch request is never granted', () => {
    fc.assert(
      fc.property(stateArb, position, fc.array(fc.tuple(requestArb, fc.boolean()), { minLength: 1, maxLength: 30 }), (initial, log, steps) => {
        let state = initial;
        for (const [request, fetched] of steps) {
          const d = decide({ id: VOTER_ID, state, lastLogPosition: log, hasFetchedFromLeaderRecently: fetched }, request);
          expect(d.newState.epoch).toBeGreaterThanOrEqual(state.epoch);
          if (request.candidateEpoch < state.epoch) expect(d.granted).toBe(false);
          if (request.preVote === true || d.error !== ErrorCode.NONE) expect(d.newState).toEqual(state);
          state = d.newState;
        }
      }),
      { numRuns: 1000 },
    );
  });
});
