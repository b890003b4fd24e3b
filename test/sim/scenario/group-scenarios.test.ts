/**
 * The three consumer-group stories the tutor animates (issue: "a third consumer joins a group of
 * two on a 4-partition topic; one crashes (detected after the session timeout, in virtual time);
 * 5 consumers on 4 partitions (one idle)"), checked on their trace and final state.
 */
import { describe, expect, it } from 'vitest';
import { eventsOfType, type TraceEvent } from '../../../src/kafka/trace.js';
import { consumerCrash, moreConsumersThanPartitions, ownershipTable, thirdConsumerJoins, thirdConsumerJoinsKip848 } from '../../../src/sim/scenario/group-scenarios.js';

const stables = (trace: readonly unknown[]) => eventsOfType(trace as TraceEvent[], 'group.stable');
const sizes = (assignment: Readonly<Record<string, readonly string[]>>): number[] => Object.values(assignment).map((p) => p.length).sort();

describe('group scenarios', () => {
  it('third-consumer-joins: 2 + 2, then everyone rejoins and range gives 2 + 1 + 1', () => {
    const run = thirdConsumerJoins.run(3);
    const [first, second, ...rest] = stables(run.cluster.sim.trace);
    expect(rest).toEqual([]);
    expect(sizes(first!.assignment)).toEqual([2, 2]);
    expect(sizes(second!.assignment)).toEqual([1, 1, 2]);
    // Eager (range): both old members gave up everything before rejoining.
    const revoked = eventsOfType(run.cluster.sim.trace as TraceEvent[], 'consumer.partitions-revoked').filter((e) => e.at - run.originMs > 10_000);
    expect(revoked.map((e) => e.node).sort()).toEqual(['c1', 'c2']);
    const table = ownershipTable(run, ['c1', 'c2', 'c3']);
    expect(Object.values(table).flat().sort()).toEqual(['orders-0', 'orders-1', 'orders-2', 'orders-3']);
    expect(run.moments.every((m) => m.atMs >= 0)).toBe(true);
  });

  it('consumer-crash: the crash is noticed only after session.timeout.ms (45 s) without a heartbeat, in virtual time', () => {
    const run = consumerCrash.run(5);
    const trace = run.cluster.sim.trace as TraceEvent[];
    const removed = eventsOfType(trace, 'group.member-removed');
    expect(removed).toHaveLength(1);
    expect(removed[0]!.reason).toBe('session-timeout');
    const detectedAfterMs = removed[0]!.at - run.originMs - 10_000;
    // The last heartbeat came at most heartbeat.interval.ms (3 s) before the crash.
    expect(detectedAfterMs).toBeGreaterThan(45_000 - 3_000);
    expect(detectedAfterMs).toBeLessThanOrEqual(45_000);
    const last = stables(trace).at(-1)!;
    expect(Object.keys(last.assignment)).toHaveLength(2);
    expect(Object.values(last.assignment).flat().sort()).toEqual(['orders-0', 'orders-1', 'orders-2', 'orders-3']);
    expect(last.at).toBeGreaterThan(removed[0]!.at);
  });

  it('more-consumers-than-partitions: one of five is idle; when one leaves, the idle one gets its partition at once', () => {
    const run = moreConsumersThanPartitions.run(2);
    const [first, second] = stables(run.cluster.sim.trace);
    expect(sizes(first!.assignment)).toEqual([0, 1, 1, 1, 1]);
    expect(sizes(second!.assignment)).toEqual([1, 1, 1, 1]);
    expect(second!.at - run.originMs).toBeLessThan(15_000 + 3_000 + 1_000); // no session timeout waited for
    expect(eventsOfType(run.cluster.sim.trace as TraceEvent[], 'group.member-removed').map((e) => e.reason)).toEqual(['left']);
  });

  it('third-consumer-joins-kip848: no barrier; only the partition that moves is revoked, and never held by two members at once', () => {
    const run = thirdConsumerJoinsKip848.run(4);
    const trace = run.cluster.sim.trace as TraceEvent[];
    const after = (e: TraceEvent): boolean => e.at - run.originMs >= 10_000;
    const revoked = eventsOfType(trace, 'consumer.partitions-revoked').filter(after);
    expect(revoked.flatMap((e) => e.partitions)).toHaveLength(1); // eager range would revoke all four
    expect(eventsOfType(trace, 'group.rebalance-started')).toEqual([]); // no classic rebalance at all
    const moved = revoked[0]!.partitions[0]!;
    const gained = eventsOfType(trace, 'consumer.partitions-assigned').find((e) => e.node === 'c3' && e.partitions.includes(moved));
    expect(gained!.at).toBeGreaterThan(revoked[0]!.at);
    const table = ownershipTable(run, ['c1', 'c2', 'c3']);
    expect(Object.values(table).map((p) => p.length).sort()).toEqual([1, 1, 2]);
    expect(Object.values(table).flat().sort()).toEqual(['orders-0', 'orders-1', 'orders-2', 'orders-3']);
    expect(run.moments.every((m) => m.atMs >= 0)).toBe(true);
  });

  it('the same seed replays the same trace', () => {
    const a = JSON.stringify(thirdConsumerJoins.run(9).cluster.sim.trace);
    const b = JSON.stringify(thirdConsumerJoins.run(9).cluster.sim.trace);
    expect(a).toBe(b);
  });
});
