/**
 * One seeded run of the real KRaft controller quorum (src/sim/kraft/) with the learner's
 * handleVoteRequest deciding every vote, watched by the QuorumChecker (two leaders in one epoch,
 * committed metadata lost): what exercise 05's cluster checks read. The run stops at the first
 * broken promise, keeps the quorum-level events for the short trace, and remembers the learner's
 * calls: the latest ones and the first whose answer differs from Kafka's (decideVote).
 *
 * Set-up (stated, not hidden): 3 controllers and 2 brokers; pre-vote off (KIP-996 is on in Kafka
 * 4.x, but its reference pre-vote would screen stale candidates before the learner's vote is ever
 * asked); short timeouts so a run of a few simulated seconds holds several elections; the active
 * controller creates a topic every 150 ms so the metadata log grows and commits.
 */
import { decideVote } from '../../kafka/kraft/vote.js';
import { KraftCluster } from '../../sim/kraft/kraft-cluster.js';
import { applyKraftSchedule, describeKraftSchedule, scheduleEndMs, type KraftFaultSchedule } from '../../sim/kraft/kraft-faults.js';
import { QuorumChecker, type QuorumViolation } from '../../sim/kraft/quorum-checker.js';
import type { SimTraceEvent } from '../../sim/sim-events.js';
import { formatEvent } from '../../sim/trace-format.js';
import { CallLog, type RecordedCall } from '../call-log.js';
import { plain } from '../exercise.js';
import { learnerError } from '../scenario-trace.js';
import { learnerVoter, voteSeam, type HandleVoteRequest } from './kraft-vote-seam.js';

export interface QuorumScenario {
  readonly seed: number;
  readonly schedule: KraftFaultSchedule;
}

export interface QuorumRun {
  readonly scenario: QuorumScenario;
  readonly violation: QuorumViolation | undefined;
  /** The learner's function threw or answered something the quorum refused. */
  readonly stopped: { readonly atMs: number; readonly message: string } | undefined;
  /** Elections won during the run. */
  readonly elections: number;
  /** When the last fault ended, and the first time after it that a live controller led the quorum. */
  readonly faultsEndMs: number;
  readonly leaderAfterFaultsAtMs: number | undefined;
  readonly events: readonly SimTraceEvent[];
  readonly log: CallLog;
  /** The first call whose answer differs from Kafka's, with its time. */
  readonly firstDifference: (RecordedCall & { readonly atMs: number }) | undefined;
  readonly describeSchedule: string;
}

export const RUN_MS = 3_500;
const SLICE_MS = 50;
const EVENTS_KEPT_MAX = 2_000;
/** Wire-level and broker chatter left out of a learner's trace. */
const NOISE = /^(message\.|fetch\.|broker\.heartbeat|replica\.)/;

export function runQuorum(handleVoteRequest: HandleVoteRequest, scenario: QuorumScenario): QuorumRun {
  const log = new CallLog();
  let firstDifference: QuorumRun['firstDifference'];
  const recorded = log.wrap('handleVoteRequest', handleVoteRequest);
  const seam = voteSeam(recorded);
  const cluster = new KraftCluster({
    seed: scenario.seed,
    controllers: 3,
    brokers: 2,
    network: { minDelayMs: 1, maxDelayMs: 60 },
    quorum: { preVote: false, electionTimeoutMs: 150, fetchTimeoutMs: 300 },
    mechanisms: {
      decideVote: (voter, request) => {
        const decision = seam(voter, request);
        if (firstDifference === undefined && request.preVote !== true) {
          const kafka = decideVote(voter, request);
          if (kafka.granted !== decision.granted || kafka.error !== decision.error || JSON.stringify(kafka.newState) !== JSON.stringify(decision.newState)) {
            const call = log.last('handleVoteRequest');
            if (call !== undefined) {
              const expected = learnerVoter(voter.id, kafka.newState, voter.lastLogPosition);
              firstDifference = { ...call, atMs: cluster.sim.now, output: { yours: call.output, kafka: plain({ granted: kafka.granted, error: kafka.error, voter: expected }) } };
            }
          }
        }
        return decision;
      },
    },
    recordTrace: false,
  });
  const checker = new QuorumChecker(cluster);
  const events: SimTraceEvent[] = [];
  cluster.sim.onEvent((event) => {
    if (NOISE.test(event.type)) return;
    events.push(event);
    if (events.length > EVENTS_KEPT_MAX) events.splice(0, events.length - EVENTS_KEPT_MAX);
  });
  applyKraftSchedule(cluster, scenario.schedule, 0);
  for (let at = 300, topic = 0; at < RUN_MS - 300; at += 150, topic++) {
    cluster.sim.schedule(at, `create topic t${topic}`, () => {
      cluster.createTopic({ name: `t${topic}`, numPartitions: 1, replicationFactor: 1 });
    });
  }
  const faultsEndMs = scheduleEndMs(scenario.schedule);
  const leading = (): boolean => cluster.voters.some((voter) => cluster.isUp(voter.id) && cluster.state(voter.id)?.role.kind === 'leader');
  let leaderAfterFaultsAtMs: number | undefined;
  let stopped: QuorumRun['stopped'];
  try {
    for (let until = SLICE_MS; until <= RUN_MS && checker.violation === undefined; until += SLICE_MS) {
      cluster.sim.runUntil(until);
      if (leaderAfterFaultsAtMs === undefined && until > faultsEndMs && leading()) leaderAfterFaultsAtMs = until;
    }
  } catch (error) {
    const cause = learnerError(error);
    stopped = { atMs: cluster.sim.now, message: cause instanceof Error ? cause.message : String(cause) };
  }
  return {
    scenario,
    violation: checker.violation,
    stopped,
    elections: checker.elections,
    faultsEndMs,
    leaderAfterFaultsAtMs,
    events,
    log,
    firstDifference,
    describeSchedule: describeKraftSchedule(scenario.schedule),
  };
}

/** The last SHORT lines of the run's trace up to `atMs`; brokeAtStep marks the last one. */
export function quorumTrace(run: QuorumRun, atMs: number, lines: number): { trace: string[]; brokeAtStep: number } {
  const upTo = run.events.filter((event) => event.at <= atMs);
  const trace = [`faults: ${run.describeSchedule}`, ...upTo.slice(-(lines - 1)).map(formatEvent)];
  return { trace, brokeAtStep: trace.length - 1 };
}
