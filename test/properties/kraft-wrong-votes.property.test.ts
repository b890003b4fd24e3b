/**
 * The KRaft checks catch a wrong vote (lab 05-kraft-vote): the same seeded quorum runs, with a
 * known-wrong vote decision plugged into the seam the way the lab plugs in a learner's, find a broken
 * promise. What makes a lab test on these invariants trustworthy (semantics 11, invariants 11, 14).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unattached } from '../../src/kafka/kraft/quorum-state.js';
import { decideVote, type DecideVote } from '../../src/kafka/kraft/vote.js';
import { KraftCluster } from '../../src/sim/kraft/kraft-cluster.js';
import { applyKraftSchedule, describeKraftSchedule, type KraftFaultSchedule } from '../../src/sim/kraft/kraft-faults.js';
import { QuorumChecker, type QuorumViolation } from '../../src/sim/kraft/quorum-checker.js';

/** Checks the log but forgets "one vote per epoch": answers as if it had never voted nor followed anyone. */
const grantEveryone: DecideVote = (voter, request) => decideVote({ ...voter, state: unattached(voter.state.epoch) }, request);

/** Keeps one vote per epoch but skips the log comparison: a candidate missing committed records can win. */
const ignoreTheLog: DecideVote = (voter, request) =>
  decideVote({ ...voter, lastLogPosition: { epoch: 0, offset: 0 } }, request);

function runWith(vote: DecideVote, seed: number, schedule: KraftFaultSchedule): QuorumViolation | undefined {
  const cluster = new KraftCluster({
    seed,
    controllers: 3,
    brokers: 1,
    network: { minDelayMs: 1, maxDelayMs: 30 },
    quorum: { preVote: false, electionTimeoutMs: 150, fetchTimeoutMs: 300 },
    mechanisms: { decideVote: vote },
    recordTrace: false,
  });
  const checker = new QuorumChecker(cluster);
  applyKraftSchedule(cluster, schedule, 0);
  for (let at = 300, topic = 0; at < 6_000; at += 200, topic++) {
    cluster.sim.schedule(at, 'create', () => {
      cluster.createTopic({ name: `t${topic}`, numPartitions: 1, replicationFactor: 1 });
    });
  }
  cluster.sim.runUntil(8_000);
  return checker.violation;
}

const schedule = fc.array(
  fc.record({ kind: fc.constantFrom('crash' as const, 'isolate' as const), node: fc.constantFrom(1, 2, 3), startMs: fc.integer({ min: 0, max: 5_000 }), durationMs: fc.integer({ min: 100, max: 2_000 }) }),
  { maxLength: 4 },
);

function findsViolation(vote: DecideVote): QuorumViolation {
  const result = fc.check(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), schedule, (seed, faults) => runWith(vote, seed, faults) === undefined),
    { seed: 11, numRuns: 400 },
  );
  expect(result.failed, 'a wrong vote went unnoticed').toBe(true);
  const [seed, faults] = result.counterexample!;
  const violation = runWith(vote, seed, faults)!;
  console.info(`${violation.invariant}: ${violation.detail} (seed ${seed}, ${describeKraftSchedule(faults)})`);
  return violation;
}

describe('known-wrong votes are caught', () => {
  it('granting every candidate elects two leaders in one epoch (KIP-595: one vote per epoch)', () => {
    expect(findsViolation(grantEveryone).invariant).toBe('singleLeaderPerEpoch');
  });

  it('skipping the log comparison elects a leader without committed records, and they are lost (KIP-595: at least as up to date)', () => {
    expect(['committedNeverLost', 'logMatching']).toContain(findsViolation(ignoreTheLog).invariant);
  });

  it('the reference vote passes the same runs', () => {
    for (let seed = 0; seed < 30; seed++) {
      expect(runWith(decideVote, seed, [{ kind: 'isolate', node: 1 + (seed % 3), startMs: 1_000, durationMs: 1_500 }])).toBeUndefined();
    }
  });
});
