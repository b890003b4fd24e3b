/**
 * Exercise 05, the KRaft vote: hint ladder and promises. The learner's handleVoteRequest decides
 * every vote of the real KRaft controller quorum (KraftCluster: 3 controllers, 2 brokers, the
 * metadata log growing) under a few seeded crash and partition schedules, watched by the
 * QuorumChecker; the cluster checks are Raft's promises (never two leaders in one epoch, committed
 * metadata never lost, elections finish), the others the rules one by one.
 * Kafka: KafkaRaftClient.handleVoteRequest and each state's canGrantVote; KIP-595.
 */
import { ErrorCode, errorName } from '../../kafka/errors.js';
import type { KraftFaultSchedule } from '../../sim/kraft/kraft-faults.js';
import { broken, plain, type Check, type ExerciseDefinition } from '../exercise.js';
import { SHORT_TRACE_LINES } from '../scenario-trace.js';
import { quorumTrace, runQuorum, RUN_MS, type QuorumRun, type QuorumScenario } from './kraft-quorum-run.js';
import type * as Starter from '../../../labs/02-architecture/starters/05-kraft-vote/kraft-vote.js';

export type KraftVoteImpl = typeof Starter;
type LogPosition = Starter.LogPosition;

/**
 * The quorum's scenarios, each chosen for what it makes happen with Kafka's own vote (seeds found
 * by running the reference; test/labs/kraft-vote-seam.test.ts checks they still do):
 */
export const QUORUM_SCENARIOS: readonly QuorumScenario[] = [
  // All three controllers time out at start-up within 6 ms: candidates in the same epoch ask each other.
  { seed: 67, schedule: [] },
  // Leaders isolated and a crash: an old leader comes back with a LONGER log from an OLDER epoch.
  {
    seed: 28081,
    schedule: [
      { kind: 'isolate', node: 1, startMs: 450, durationMs: 845 },
      { kind: 'isolate', node: 3, startMs: 967, durationMs: 898 },
      { kind: 'crash', node: 2, startMs: 972, durationMs: 688 },
      { kind: 'partition', side: [3], startMs: 1743, durationMs: 691 },
    ],
  },
  // A crash and two partitions in a row: candidates with shorter logs run against the rest.
  {
    seed: 4586,
    schedule: [
      { kind: 'crash', node: 1, startMs: 763, durationMs: 282 },
      { kind: 'partition', side: [2], startMs: 767, durationMs: 565 },
      { kind: 'partition', side: [3], startMs: 1626, durationMs: 573 },
    ],
  },
  // One controller cut off, then another: each comes back behind and runs for leader.
  {
    seed: 19367,
    schedule: [
      { kind: 'isolate', node: 3, startMs: 386, durationMs: 420 },
      { kind: 'isolate', node: 2, startMs: 1469, durationMs: 691 },
    ],
  },
  // The leader crashes, then another controller: two failovers in a row.
  {
    seed: 5,
    schedule: [
      { kind: 'crash', node: 1, startMs: 800, durationMs: 600 },
      { kind: 'crash', node: 2, startMs: 1600, durationMs: 600 },
    ] satisfies KraftFaultSchedule,
  },
];

const memo = new WeakMap<KraftVoteImpl, QuorumRun[]>();

function quorumRuns(impl: KraftVoteImpl): QuorumRun[] {
  const known = memo.get(impl);
  if (known !== undefined) return known;
  const runs = QUORUM_SCENARIOS.map((scenario) => runQuorum((voter, request) => impl.handleVoteRequest(voter, request), scenario));
  memo.set(impl, runs);
  return runs;
}

/** The learner's call to show: the first answer that differs from Kafka's, else the latest one. */
function learnerCall(run: QuorumRun, atMs: number): { call?: { fn: string; inputs: unknown; output: unknown } } {
  const difference = run.firstDifference !== undefined && run.firstDifference.atMs <= atMs ? run.firstDifference : undefined;
  const call = difference ?? run.log.last('handleVoteRequest');
  if (call === undefined) return {};
  return { call: { fn: call.fn, inputs: call.inputs, output: call.output } };
}

/** A run the learner's function stopped (it threw, or answered something the quorum refuses) breaks every quorum check. */
function stoppedRun(run: QuorumRun): void {
  if (run.stopped === undefined) return;
  broken(`the quorum stopped at ${run.stopped.atMs} ms: ${run.stopped.message}`, {
    seed: run.scenario.seed,
    ...quorumTrace(run, run.stopped.atMs, SHORT_TRACE_LINES),
    ...learnerCall(run, run.stopped.atMs),
  });
}

function quorumCheck(id: string, promise: string, invariants: readonly string[], why: string): Check<KraftVoteImpl> {
  return {
    id,
    promise,
    run(impl) {
      for (const run of quorumRuns(impl)) {
        stoppedRun(run);
        const violation = run.violation;
        if (violation === undefined || !invariants.includes(violation.invariant)) continue;
        broken(`in the KRaft quorum at ${violation.at} ms: ${violation.detail}. ${why}`, {
          seed: run.scenario.seed,
          ...quorumTrace(run, violation.at, SHORT_TRACE_LINES),
          ...learnerCall(run, violation.at),
        });
      }
    },
  };
}

const oneLeaderPerEpoch = quorumCheck(
  'one-leader-per-epoch',
  'two candidates never both win the same epoch of the controller quorum',
  ['singleLeaderPerEpoch', 'epochMonotonic'],
  'Some voter granted its vote to two candidates in one epoch, or forgot the vote it gave (the call shown is the first answer that differs from Kafka\'s).',
);

const staleLogNeverWins = quorumCheck(
  'stale-log-never-wins',
  'a candidate whose log lacks committed metadata never wins, so committed records are never lost',
  ['committedNeverLost', 'logMatching'],
  'A voter granted its vote to a candidate whose log is behind its own, and that candidate won without records a majority had committed (the call shown is the first answer that differs from Kafka\'s).',
);

const electionsComplete: Check<KraftVoteImpl> = {
  id: 'elections-complete',
  promise: 'with a majority of controllers alive and connected, an election ends with a leader',
  run(impl) {
    for (const run of quorumRuns(impl)) {
      stoppedRun(run);
      if (run.violation !== undefined || run.leaderAfterFaultsAtMs !== undefined) continue;
      broken(
        `the faults ended at ${run.faultsEndMs} ms and by ${RUN_MS} ms no live controller led the quorum (${run.elections} elections won in the whole run): votes that Kafka grants are refused`,
        { seed: run.scenario.seed, ...quorumTrace(run, RUN_MS, SHORT_TRACE_LINES), ...learnerCall(run, RUN_MS) },
      );
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
