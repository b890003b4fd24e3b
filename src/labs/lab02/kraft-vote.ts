/**
 * Exercise 05, the KRaft vote: hint ladder and promises. The learner's handleVoteRequest decides
 * every vote of a seeded election harness (kraft-election.ts) where candidates time out together,
 * messages are delayed and lost and leaders crash; the checks are Raft's promises (never two leaders
 * in one epoch, never a leader without every committed record) plus the rules one by one.
 * Kafka: KafkaRaftClient.handleVoteRequest and each state's canGrantVote; KIP-595.
 */
import { ErrorCode, errorName } from '../../kafka/errors.js';
import { SeededRandom } from '../../sim/random.js';
import { broken, plain, type Check, type ExerciseDefinition } from '../exercise.js';
import { runElections, type ElectionRun } from './kraft-election.js';
import type * as Starter from '../../../labs/02-architecture/starters/05-kraft-vote/kraft-vote.js';

export type KraftVoteImpl = typeof Starter;
type LogPosition = Starter.LogPosition;

const TRACE_SHOWN = 16;

function compare(a: LogPosition, b: LogPosition): number {
  return a.epoch !== b.epoch ? a.epoch - b.epoch : a.offset - b.offset;
}

/** Voter logs per run: some fixed shapes a lesson talks about, then random ones. */
function logSets(): LogPosition[][] {
  const random = new SeededRandom(505);
  const sets: LogPosition[][] = [
    // A longer log from an older epoch is BEHIND a shorter one from a newer epoch.
    [{ epoch: 3, offset: 10 }, { epoch: 3, offset: 10 }, { epoch: 3, offset: 10 }, { epoch: 2, offset: 50 }, { epoch: 2, offset: 50 }],
    [{ epoch: 2, offset: 40 }, { epoch: 2, offset: 40 }, { epoch: 2, offset: 12 }],
    [{ epoch: 3, offset: 30 }, { epoch: 3, offset: 28 }, { epoch: 3, offset: 30 }, { epoch: 1, offset: 90 }, { epoch: 2, offset: 5 }],
  ];
  while (sets.length < 8) {
    const size = random.chance(0.5) ? 3 : 5;
    sets.push(Array.from({ length: size }, () => ({ epoch: 1 + random.nextInt(3), offset: random.nextInt(60) })));
  }
  return sets;
}

/** The committed position: the highest position that a majority of voters hold (or pass). */
function committedPosition(logs: readonly LogPosition[]): LogPosition {
  const sorted = [...logs].sort((a, b) => compare(b, a));
  return sorted[Math.floor(logs.length / 2)]!;
}

interface Runs {
  readonly runs: Array<{ seed: number; logs: LogPosition[]; run: ElectionRun }>;
}

const memo = new WeakMap<KraftVoteImpl, Runs>();

function elections(impl: KraftVoteImpl): Runs {
  const known = memo.get(impl);
  if (known !== undefined) return known;
  const runs = logSets().map((logs, index) => {
    const seed = 700 + index;
    return { seed, logs, run: runElections((voter, request) => impl.handleVoteRequest(voter, request), { seed, logs, durationMs: 3_000 }) };
  });
  const result = { runs };
  memo.set(impl, result);
  return result;
}

function traceUpTo(run: ElectionRun, index: number): { trace: string[]; brokeAtStep: number } {
  const trace = run.trace.slice(Math.max(0, index + 1 - TRACE_SHOWN), index + 1);
  return { trace, brokeAtStep: trace.length - 1 };
}

function decisionCall(run: ElectionRun): { call?: { fn: string; inputs: unknown; output: unknown } } {
  const decision = run.lastDecision;
  return decision === undefined ? {} : { call: { fn: 'handleVoteRequest', inputs: plain([decision.voter, decision.request]), output: plain(decision.response) } };
}

const oneLeaderPerEpoch: Check<KraftVoteImpl> = {
  id: 'one-leader-per-epoch',
  promise: 'two candidates never both win the same epoch',
  run(impl) {
    for (const { seed, run } of elections(impl).runs) {
      for (const [epoch, won] of run.winners) {
        if (won.length < 2) continue;
        const index = run.winAt.get(`${epoch}:${won[1]}`) ?? run.trace.length - 1;
        broken(`voters ${won.join(' and ')} both won epoch ${epoch}: some voter granted its vote to two candidates in one epoch (or forgot its vote)`, {
          seed,
          ...traceUpTo(run, index),
        });
      }
    }
  },
};

const staleLogNeverWins: Check<KraftVoteImpl> = {
  id: 'stale-log-never-wins',
  promise: 'a candidate whose log lacks committed records never wins',
  run(impl) {
    for (const { seed, logs, run } of elections(impl).runs) {
      const committed = committedPosition(logs);
      for (const [epoch, won] of run.winners) {
        for (const winner of won) {
          const log = logs[winner - 1]!;
          if (compare(log, committed) >= 0) continue;
          broken(
            `voter ${winner} won epoch ${epoch} with log (last epoch ${log.epoch}, offset ${log.offset}), behind the committed position ` +
              `(last epoch ${committed.epoch}, offset ${committed.offset}) that a majority holds: committed metadata would be lost`,
            { seed, ...traceUpTo(run, run.winAt.get(`${epoch}:${winner}`) ?? run.trace.length - 1) },
          );
        }
      }
    }
  },
};

const electionsComplete: Check<KraftVoteImpl> = {
  id: 'elections-complete',
  promise: 'with a majority alive, an election eventually elects a leader',
  run(impl) {
    for (const { seed, run } of elections(impl).runs) {
      if (run.winners.size > 0) continue;
      broken('in 3 s of simulated time no candidate won any epoch: votes that should be granted are refused', { seed, ...traceUpTo(run, run.trace.length - 1), ...decisionCall(run) });
    }
  },
};

function voter(partial: Partial<Starter.Voter>): Starter.Voter {
  return { id: 1, epoch: 5, votedFor: undefined, leaderId: undefined, lastLog: { epoch: 4, offset: 20 }, ...partial };
}

function request(partial: Partial<Starter.VoteRequest>): Starter.VoteRequest {
  return { candidateId: 2, candidateEpoch: 5, lastLog: { epoch: 4, offset: 20 }, ...partial };
}

interface Expected {
  readonly granted: boolean;
  readonly error?: ErrorCode;
  readonly epoch: number;
  readonly votedFor: number | undefined;
  readonly leaderId?: number | undefined;
}

function expectVote(impl: KraftVoteImpl, before: Starter.Voter, vote: Starter.VoteRequest, expected: Expected, why: string): void {
  const response = impl.handleVoteRequest(before, vote);
  const after = response?.voter;
  const error = expected.error ?? ErrorCode.NONE;
  const ok =
    response?.granted === expected.granted &&
    response.error === error &&
    after?.epoch === expected.epoch &&
    after.votedFor === expected.votedFor &&
    (!('leaderId' in expected) || after.leaderId === expected.leaderId);
  if (ok) return;
  const show = (granted: boolean | undefined, code: number | undefined, state: Starter.Voter | undefined): string =>
    `${granted ? 'granted' : 'refused'} (${errorName(code ?? -999)}), voter then in epoch ${state?.epoch}, voted for ${state?.votedFor ?? 'nobody'}, leader ${state?.leaderId ?? 'none'}`;
  broken(
    `voter ${before.id} in epoch ${before.epoch} (voted for ${before.votedFor ?? 'nobody'}, leader ${before.leaderId ?? 'none'}, log last epoch ${before.lastLog.epoch} offset ${before.lastLog.offset}) ` +
      `got a vote request from ${vote.candidateId} for epoch ${vote.candidateEpoch} (log last epoch ${vote.lastLog.epoch} offset ${vote.lastLog.offset}): ` +
      `yours ${show(response?.granted, response?.error, after)}; Kafka ${show(expected.granted, error, { ...before, epoch: expected.epoch, votedFor: expected.votedFor, leaderId: expected.leaderId })}. ${why}`,
    { call: { fn: 'handleVoteRequest', inputs: plain([before, vote]), output: plain(response) } },
  );
}

const epochRules: Check<KraftVoteImpl> = {
  id: 'epoch-rules',
  promise: 'an older epoch is refused with FENCED_LEADER_EPOCH; a newer one moves the voter to it, with no vote and no leader yet',
  run(impl) {
    expectVote(impl, voter({}), request({ candidateEpoch: 4, lastLog: { epoch: 3, offset: 99 } }), { granted: false, error: ErrorCode.FENCED_LEADER_EPOCH, epoch: 5, votedFor: undefined }, 'A candidate from an older epoch is fenced, and nothing changes.');
    expectVote(impl, voter({ votedFor: 3 }), request({ candidateEpoch: 6 }), { granted: true, epoch: 6, votedFor: 2, leaderId: undefined }, 'A newer epoch first moves the voter there with no vote: its vote in epoch 5 does not bind it in epoch 6.');
    expectVote(impl, voter({ leaderId: 3 }), request({ candidateEpoch: 7, lastLog: { epoch: 3, offset: 5 } }), { granted: false, epoch: 7, votedFor: undefined, leaderId: undefined }, 'It moves to epoch 7 (forgetting leader 3 of epoch 5) even though it refuses: the candidate\'s log is behind.');
  },
};

const oneVotePerEpoch: Check<KraftVoteImpl> = {
  id: 'one-vote-per-epoch',
  promise: 'a voter grants at most one candidate per epoch, remembers its vote, and never votes while it knows a leader',
  run(impl) {
    expectVote(impl, voter({}), request({}), { granted: true, epoch: 5, votedFor: 2 }, 'An unattached voter with no vote grants a candidate whose log is as up to date, and records the vote before answering.');
    expectVote(impl, voter({ votedFor: 3 }), request({}), { granted: false, epoch: 5, votedFor: 3 }, 'It already voted for 3 in epoch 5: one vote per epoch.');
    expectVote(impl, voter({ votedFor: 2 }), request({}), { granted: true, epoch: 5, votedFor: 2 }, 'The same candidate asking again (a lost response) gets the same vote again.');
    expectVote(impl, voter({ leaderId: 3 }), request({}), { granted: false, epoch: 5, votedFor: undefined, leaderId: 3 }, 'It follows leader 3 in epoch 5: an epoch has one leader, so no vote.');
    expectVote(impl, voter({ votedFor: 1 }), request({}), { granted: false, epoch: 5, votedFor: 1 }, 'It is a candidate itself in epoch 5 (it voted for itself).');
  },
};

const logComparison: Check<KraftVoteImpl> = {
  id: 'log-at-least-as-up-to-date',
  promise: "a vote is granted only to a log at least as up to date: the last record's epoch first, then the offset",
  run(impl) {
    const cases: Array<[LogPosition, LogPosition, boolean, string]> = [
      [{ epoch: 4, offset: 20 }, { epoch: 4, offset: 20 }, true, 'Equal logs: as up to date.'],
      [{ epoch: 4, offset: 19 }, { epoch: 4, offset: 20 }, false, 'Same last epoch, shorter log: behind.'],
      [{ epoch: 4, offset: 25 }, { epoch: 4, offset: 20 }, true, 'Same last epoch, longer log: ahead.'],
      [{ epoch: 3, offset: 500 }, { epoch: 4, offset: 20 }, false, 'An older last epoch is behind, however long the log: the epoch decides first.'],
      [{ epoch: 5, offset: 2 }, { epoch: 4, offset: 20 }, true, 'A newer last epoch is ahead, however short the log.'],
    ];
    for (const [candidateLog, voterLog, granted, why] of cases) {
      expectVote(impl, voter({ lastLog: voterLog, epoch: 6 }), request({ candidateEpoch: 6, lastLog: candidateLog }), { granted, epoch: 6, votedFor: granted ? 2 : undefined }, why);
    }
  },
};

export const kraftVoteExercise: ExerciseDefinition<KraftVoteImpl> = {
  id: '05-kraft-vote',
  title: 'The KRaft vote: epochs, one vote per epoch, the most up-to-date log',
  file: 'exercises/05-kraft-vote/kraft-vote.ts',
  exports: ['handleVoteRequest'],
  hints: [
    'Raft keeps one leader per epoch because each voter gives at most one vote per epoch and a winner needs a majority: two majorities always share a voter. Your function is that voter.',
    'Order: (1) candidateEpoch < voter.epoch: refuse with ErrorCode.FENCED_LEADER_EPOCH, voter unchanged. (2) candidateEpoch > voter.epoch: move to that epoch with votedFor and leaderId undefined (keep it even when refusing). (3) then grant only if no leader is known, no vote for someone else, and the log check passes.',
    'The log check compares (epoch, offset) pairs: if the last epochs differ, the higher epoch wins; only with equal epochs does the higher offset win. Equal is fine.',
    'On a grant, return { granted: true, error: ErrorCode.NONE, voter: { ...current, votedFor: request.candidateId } }: the vote must be in the state you return, or the voter votes again in the same epoch.',
  ],
  hintFor: {
    'one-leader-per-epoch': 3,
    'stale-log-never-wins': 2,
    'elections-complete': 1,
    'epoch-rules': 1,
    'one-vote-per-epoch': 3,
    'log-at-least-as-up-to-date': 2,
  },
  checks: [epochRules, oneVotePerEpoch, logComparison, oneLeaderPerEpoch, staleLogNeverWins, electionsComplete],
};
