/**
 * Durability under faults (semantics section 11, invariants 1-4, 9): thousands of simulated
 * clusters with random crash, isolation and controller-loss schedules. A failure prints the
 * fast-check seed and path (replay with { seed, path }) and the schedule that broke the promise.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runDurabilityCheck, type DurabilityRunOptions } from '../../src/sim/cluster/durability-run.js';
import { describeSchedule, type FaultSchedule } from '../../src/sim/cluster/faults.js';
import { overlappingCrashes, packetLoss, sequentialSchedule, simulationSeed } from '../helpers/fault-arbitraries.js';
import { shrinkSchedule } from '../helpers/shrink-schedule.js';

/** Throws (so fast-check shrinks and reports) when a run breaks an invariant. */
function expectNoViolation(options: DurabilityRunOptions): void {
  const result = runDurabilityCheck(options);
  if (result.violation !== undefined) {
    const loss = options.network?.dropProbability ?? 0;
    throw new Error(
      `${result.violation.invariant}: ${result.violation.message}\n  schedule: ${describeSchedule(options.schedule)}\n  simulation seed: ${options.seed}, packet loss: ${loss}`,
    );
  }
}

function losesAcknowledgedRecord(options: DurabilityRunOptions): boolean {
  return runDurabilityCheck(options).violation?.invariant === 'noAcknowledgedRecordLost';
}

describe('durability with replication factor 3, min.insync.replicas=2, acks=all, one broker failed at a time', () => {
  it('loses or reorders no acknowledged record, has one leader per epoch, never moves a leader HW back, and keeps replica logs equal below the HW (1,000 schedules)', () => {
    fc.assert(
      fc.property(simulationSeed, sequentialSchedule, packetLoss, (seed, schedule, dropProbability) => {
        expectNoViolation({ seed, schedule, network: { minDelayMs: 1, maxDelayMs: 10, dropProbability } });
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('the opposite, shown honestly: where acknowledged records are lost', () => {
  const reproducible = { seed: 20_261_125, numRuns: 1_000 };

  function shortestLosingSchedule(property: fc.IProperty<[number, FaultSchedule]>): FaultSchedule {
    const result = fc.check(property, reproducible);
    expect(result.failed, 'expected some schedule to lose an acknowledged record').toBe(true);
    const [, schedule] = result.counterexample!;
    console.info(`shortest losing schedule: ${describeSchedule(schedule)} (fast-check seed ${result.seed}, path ${result.counterexamplePath})`);
    return schedule;
  }

  it('acks=1 loses an acknowledged record after one fault: a leader that lost the controller keeps acknowledging', () => {
    const schedule = shortestLosingSchedule(
      fc.property(simulationSeed, sequentialSchedule, (seed, faults) => !losesAcknowledgedRecord({ seed, schedule: faults, acks: 1 })),
    );
    expect(schedule).toHaveLength(1);
  });

  it('unclean.leader.election.enable=true loses acknowledged records once failures overlap; clean election on the same schedule loses none', () => {
    const settings = { minInsyncReplicas: 1, acks: -1 as const };
    const losesUncleanly = (seed: number, faults: FaultSchedule): boolean =>
      losesAcknowledgedRecord({ seed, schedule: faults, ...settings, uncleanLeaderElectionEnable: true });
    // Losing schedules are rare (the ISR must shrink to the leader, then the leader must die while
    // the lagging replica lives): search overlapping crashes, then shrink with a bounded shrinker.
    const result = fc.check(
      fc.property(simulationSeed, overlappingCrashes, (seed, faults) => !losesUncleanly(seed, faults)),
      { ...reproducible, endOnFailure: true },
    );
    expect(result.failed, 'expected some schedule to lose an acknowledged record').toBe(true);
    const [seed, found] = result.counterexample!;
    const schedule = shrinkSchedule(found, (candidate) => losesUncleanly(seed, candidate));
    console.info(`shortest losing schedule found: ${describeSchedule(schedule)} (simulation seed ${seed}, fast-check seed ${result.seed})`);
    expect(losesUncleanly(seed, schedule)).toBe(true);
    expect(schedule.length).toBeGreaterThanOrEqual(2);
    expect(schedule.length).toBeLessThanOrEqual(3);
    for (let other = 0; other < 20; other++) expectNoViolation({ seed: other, schedule, ...settings, uncleanLeaderElectionEnable: false });
  });
});
