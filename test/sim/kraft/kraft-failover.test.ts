/**
 * "Kill the active controller" in KRaft, measured in virtual ms (semantics 6.8; KIP-595, KIP-631).
 * The figures are what the simulator measures with Kafka's default timeouts, not copied numbers.
 */
import { describe, expect, it } from 'vitest';
import { failoverTimeline } from '../../../src/sim/kraft/failover-timeline.js';
import { runKraftFailover } from '../../../src/sim/kraft/kraft-failover.js';

describe('KRaft controller failover, measured', () => {
  it('combined mode: a new active controller within fetch timeout + an election; the dead node\'s partitions move after the broker session timeout', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { times } = runKraftFailover({ seed });
      expect(times.partitionsToMove).toBeGreaterThan(0);
      // controller.quorum.fetch.timeout.ms (2 s) from the last successful fetch, then a pre-vote and a vote.
      expect(times.newControllerMs).toBeGreaterThan(1_000);
      expect(times.newControllerMs).toBeLessThan(2_000 + 2 * 2_000);
      // broker.session.timeout.ms (9 s) counted from the new controller's activation (semantics 6.5).
      const afterActivation = (times.firstNewPartitionLeaderMs ?? Infinity) - (times.newControllerMs ?? 0);
      expect(afterActivation).toBeGreaterThanOrEqual(9_000);
      expect(afterActivation).toBeLessThan(9_000 + 1_000);
      expect(times.allPartitionsMovedMs).toBeGreaterThanOrEqual(times.firstNewPartitionLeaderMs ?? Infinity);
    }
  });

  it('dedicated controllers: the new active controller takes over and no partition needs a new leader', () => {
    const { times, cluster } = runKraftFailover({ seed: 3, combined: false });
    expect(times.partitionsToMove).toBe(0);
    expect(times.newControllerMs).toBeLessThan(6_000);
    expect(times.firstNewPartitionLeaderMs).toBeUndefined();
    expect(cluster.activeController()).not.toBe(times.crashedNode);
  });

  it('the same seed gives the same figures and the same trace (the tutor replays it)', () => {
    const first = runKraftFailover({ seed: 9 });
    const second = runKraftFailover({ seed: 9 });
    expect(second.times).toEqual(first.times);
    expect(JSON.stringify(second.cluster.sim.trace)).toBe(JSON.stringify(first.cluster.sim.trace));
  });
});

describe('the failover timeline the tutor animates', () => {
  it('starts with the crash at 0 ms and shows the election and the new active controller in order', () => {
    const { cluster, times } = runKraftFailover({ seed: 4 });
    const steps = failoverTimeline(cluster.sim.trace, times.crashAtMs);
    expect(steps[0]).toMatchObject({ type: 'node.crashed', at: 0 });
    const types = steps.map((step) => step.type);
    expect(types.indexOf('quorum.elected')).toBeLessThan(types.indexOf('controller.activated'));
    expect(types.indexOf('controller.activated')).toBeLessThan(types.indexOf('broker.fenced'));
    expect(steps.find((step) => step.type === 'controller.activated')?.at).toBe(times.newControllerMs);
    expect(types).not.toContain('quorum.committed');
  });
});
