/**
 * Replica placement for new topics: the classic rack-unaware shape
 * (AdminUtils.assignReplicasToBrokersRackUnaware), without racks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignReplicas } from '../../../src/kafka/controller/replica-assignment.js';
import { ErrorCode } from '../../../src/kafka/errors.js';
import type { RandomSource } from '../../../src/kafka/step.js';

/** Hands out the given values in order (modulo the bound), then repeats the last one. */
function scriptedRandom(...values: number[]): RandomSource {
  let index = 0;
  return {
    nextInt(boundExclusive: number): number {
      const value = values[Math.min(index, values.length - 1)] ?? 0;
      index += 1;
      return value % boundExclusive;
    },
  };
}

describe('assignReplicas', () => {
  it("reproduces AdminUtils' documented example: 5 brokers, 10 partitions, RF 3, start 0, shift 0", () => {
    const result = assignReplicas({ brokers: [0, 1, 2, 3, 4], numPartitions: 10, replicationFactor: 3 }, scriptedRandom(0, 0));
    expect(result).toEqual({
      ok: true,
      replicas: [
        [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 0], [4, 0, 1],
        // After one round of leaders the follower shift grows by one.
        [0, 2, 3], [1, 3, 4], [2, 4, 0], [3, 0, 1], [4, 1, 2],
      ],
    });
  });

  it('starts the leaders at the random start index and follows with the random shift', () => {
    // start index 1 (broker 20), shift 1: followers sit 2 and 3 brokers after the leader.
    const result = assignReplicas({ brokers: [10, 20, 30, 40], numPartitions: 2, replicationFactor: 3 }, scriptedRandom(1, 1));
    expect(result).toEqual({ ok: true, replicas: [[20, 40, 10], [30, 10, 20]] });
  });

  it('sorts the broker list first, as Kafka does', () => {
    const sorted = assignReplicas({ brokers: [1, 2, 3], numPartitions: 3, replicationFactor: 2 }, scriptedRandom(0, 0));
    const shuffled = assignReplicas({ brokers: [3, 1, 2], numPartitions: 3, replicationFactor: 2 }, scriptedRandom(0, 0));
    expect(shuffled).toEqual(sorted);
  });

  it('works with a single broker and RF 1', () => {
    expect(assignReplicas({ brokers: [7], numPartitions: 3, replicationFactor: 1 }, scriptedRandom(0))).toEqual({
      ok: true,
      replicas: [[7], [7], [7]],
    });
  });

  it('rejects a replication factor above the broker count with INVALID_REPLICATION_FACTOR', () => {
    const result = assignReplicas({ brokers: [1, 2, 3], numPartitions: 1, replicationFactor: 4 }, scriptedRandom(0));
    expect(result).toMatchObject({ ok: false, error: ErrorCode.INVALID_REPLICATION_FACTOR });
    expect(result.ok ? '' : result.message).toMatch(/replication factor 4 .* only 3 unfenced broker/);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects replicationFactor %s with INVALID_REPLICATION_FACTOR', (replicationFactor) => {
    expect(assignReplicas({ brokers: [1, 2, 3], numPartitions: 1, replicationFactor }, scriptedRandom(0))).toMatchObject({
      ok: false,
      error: ErrorCode.INVALID_REPLICATION_FACTOR,
    });
  });

  it.each([0, -3, 2.5])('rejects numPartitions %s with INVALID_PARTITIONS', (numPartitions) => {
    expect(assignReplicas({ brokers: [1, 2, 3], numPartitions, replicationFactor: 1 }, scriptedRandom(0))).toMatchObject({
      ok: false,
      error: ErrorCode.INVALID_PARTITIONS,
    });
  });

  it('rejects placement when no broker is unfenced', () => {
    expect(assignReplicas({ brokers: [], numPartitions: 1, replicationFactor: 1 }, scriptedRandom(0))).toMatchObject({
      ok: false,
      error: ErrorCode.INVALID_REPLICATION_FACTOR,
    });
  });

  it('never draws randomness for a request it rejects (so a rejected command does not shift later runs)', () => {
    let draws = 0;
    const counting: RandomSource = { nextInt: () => { draws += 1; return 0; } };
    assignReplicas({ brokers: [1], numPartitions: 1, replicationFactor: 2 }, counting);
    expect(draws).toBe(0);
  });
});

describe('assignReplicas properties', () => {
  const requests = fc
    .uniqueArray(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 8 })
    .chain((brokers) =>
      fc.record({
        brokers: fc.constant(brokers),
        numPartitions: fc.integer({ min: 1, max: 40 }),
        replicationFactor: fc.integer({ min: 1, max: brokers.length }),
        start: fc.nat(),
        shift: fc.nat(),
      }),
    );

  it('places RF distinct brokers per partition, all from the list', () => {
    fc.assert(
      fc.property(requests, ({ brokers, numPartitions, replicationFactor, start, shift }) => {
        const result = assignReplicas({ brokers, numPartitions, replicationFactor }, scriptedRandom(start, shift));
        if (!result.ok) throw new Error(result.message);
        return (
          result.replicas.length === numPartitions &&
          result.replicas.every(
            (replicas) =>
              replicas.length === replicationFactor &&
              new Set(replicas).size === replicationFactor &&
              replicas.every((broker) => brokers.includes(broker)),
          )
        );
      }),
      { numRuns: 500 },
    );
  });

  it('spreads leaders round-robin: leader counts per broker differ by at most one', () => {
    fc.assert(
      fc.property(requests, ({ brokers, numPartitions, replicationFactor, start, shift }) => {
        const result = assignReplicas({ brokers, numPartitions, replicationFactor }, scriptedRandom(start, shift));
        if (!result.ok) throw new Error(result.message);
        const leaderCounts = new Map(brokers.map((broker) => [broker, 0]));
        for (const replicas of result.replicas) {
          const leader = replicas[0] as number;
          leaderCounts.set(leader, (leaderCounts.get(leader) ?? 0) + 1);
        }
        const counts = [...leaderCounts.values()];
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });

  it('spreads all replicas: replica counts per broker differ by at most one when partitions fill whole rounds', () => {
    fc.assert(
      fc.property(requests, ({ brokers, replicationFactor, start, shift }) => {
        const numPartitions = brokers.length * 3;
        const result = assignReplicas({ brokers, numPartitions, replicationFactor }, scriptedRandom(start, shift));
        if (!result.ok) throw new Error(result.message);
        const counts = new Map(brokers.map((broker) => [broker, 0]));
        for (const broker of result.replicas.flat()) counts.set(broker, (counts.get(broker) ?? 0) + 1);
        expect(new Set(counts.values())).toEqual(new Set([3 * replicationFactor]));
      }),
      { numRuns: 300 },
    );
  });
});
