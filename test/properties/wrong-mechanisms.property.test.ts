/**
 * The invariants catch wrong Kafka: the same durability runs, with a known-wrong mechanism plugged
 * into the cluster (the way a lab plugs in a learner's), find a broken promise. This is what makes
 * the lab tests that run on these invariants trustworthy.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ElectLeader } from '../../src/kafka/controller/leader-election.js';
import { NO_LEADER } from '../../src/kafka/ids.js';
import type { HighWatermarkRule } from '../../src/kafka/replication/high-watermark.js';
import { runDurabilityCheck } from '../../src/sim/cluster/durability-run.js';
import { describeSchedule } from '../../src/sim/cluster/faults.js';
import type { Mechanisms } from '../../src/kafka/mechanisms.js';
import { sequentialSchedule, simulationSeed } from '../helpers/fault-arbitraries.js';

/** Commits a record as soon as the leader has it: forgets that the ISR must have it too. */
const highWatermarkIsLeaderLogEnd: HighWatermarkRule = (input) => Math.max(input.currentHighWatermark, input.leaderLogEndOffset);

/** Picks the first live replica whether or not it is in sync: an unclean election every time. */
const electFirstLiveReplica: ElectLeader = (input) => {
  const leader = input.replicas.find((id) => input.activeBrokers.has(id)) ?? NO_LEADER;
  return { leader, unclean: false };
};

function findsViolation(mechanisms: Partial<Mechanisms>): string {
  const result = fc.check(
    fc.property(simulationSeed, sequentialSchedule, (seed, schedule) => runDurabilityCheck({ seed, schedule, mechanisms }).violation === undefined),
    { seed: 7, numRuns: 300 },
  );
  expect(result.failed, 'a wrong mechanism went unnoticed').toBe(true);
  const [seed, schedule] = result.counterexample!;
  const violation = runDurabilityCheck({ seed, schedule, mechanisms }).violation!;
  console.info(`${violation.invariant}: ${violation.message} (schedule: ${describeSchedule(schedule)})`);
  return violation.invariant;
}

describe('known-wrong mechanisms are caught', () => {
  it('a high watermark that ignores the ISR loses acknowledged records or lets replicas disagree below the HW', () => {
    expect(['noAcknowledgedRecordLost', 'logsAgreeBelowHighWatermark']).toContain(findsViolation({ highWatermark: highWatermarkIsLeaderLogEnd }));
  });

  it('an election that ignores the ISR is refused by the controller with a message naming the partition and the ISR', () => {
    // The controller checks a plugged-in election's answer (a lab's learner gets a sentence, not
    // silent data loss): the run stops with that sentence and the seed that replays it.
    const result = fc.check(
      fc.property(simulationSeed, sequentialSchedule, (seed, schedule) => {
        runDurabilityCheck({ seed, schedule, mechanisms: { electLeader: electFirstLiveReplica } });
      }),
      { seed: 7, numRuns: 300 },
    );
    expect(result.failed, 'the wrong election went unnoticed').toBe(true);
    expect(String(result.errorInstance)).toMatch(/electLeader chose broker \d for stream-0 as a clean leader, but it is not in the ISR .*\(seed=\d+, t=\d+ms\)/);
  });
});
