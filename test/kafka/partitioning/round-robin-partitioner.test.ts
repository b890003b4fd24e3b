/**
 * LEGACY round-robin for keyless records: Java DefaultPartitioner before 2.4
 * (clients/src/main/java/org/apache/kafka/clients/producer/internals/DefaultPartitioner.java at 2.3),
 * still what KafkaJS 2.x does (kafka-semantics.md 3.3, 3.4).
 */
import { describe, expect, it } from 'vitest';
import { KafkaInputError } from '../../../src/kafka/errors.js';
import {
  initialLegacyRoundRobinState,
  legacyRoundRobinPartition,
  type LegacyRoundRobinInput,
  type LegacyRoundRobinState,
} from '../../../src/kafka/partitioning/index.js';

function sendKeyless(count: number, state: LegacyRoundRobinState, input: LegacyRoundRobinInput): { partitions: number[]; state: LegacyRoundRobinState } {
  const partitions: number[] = [];
  for (let record = 0; record < count; record++) {
    const pick = legacyRoundRobinPartition(state, input);
    partitions.push(pick.partition);
    state = pick.state;
  }
  return { partitions, state };
}

describe('legacy round-robin (pre-2.4 DefaultPartitioner)', () => {
  it('cycles through all partitions, one record each', () => {
    const { partitions } = sendKeyless(7, initialLegacyRoundRobinState(), { numPartitions: 3, availablePartitions: [0, 1, 2] });
    expect(partitions).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  it('starts wherever the per-topic counter was seeded (Java: a random int)', () => {
    const { partitions } = sendKeyless(4, initialLegacyRoundRobinState(5), { numPartitions: 3, availablePartitions: [0, 1, 2] });
    expect(partitions).toEqual([2, 0, 1, 2]);
  });

  it('cycles over available partitions only: toPositive(counter) % available.length', () => {
    const { partitions } = sendKeyless(5, initialLegacyRoundRobinState(), { numPartitions: 4, availablePartitions: [1, 3] });
    expect(partitions).toEqual([1, 3, 1, 3, 1]);
  });

  it('falls back to all partitions when none has a leader', () => {
    const { partitions } = sendKeyless(5, initialLegacyRoundRobinState(), { numPartitions: 4, availablePartitions: [] });
    expect(partitions).toEqual([0, 1, 2, 3, 0]);
  });

  it('wraps the counter like a Java int: MAX_VALUE, then MIN_VALUE whose toPositive is 0', () => {
    const { partitions, state } = sendKeyless(2, initialLegacyRoundRobinState(2147483647), {
      numPartitions: 3,
      availablePartitions: [0, 1, 2],
    });
    // toPositive(2147483647) % 3 = 1, toPositive(-2147483648) = 0 → 0: the cycle restarts.
    expect(partitions).toEqual([1, 0]);
    expect(state.counter).toBe(-2147483647);
  });

  it('refuses a bad partition count or seed', () => {
    expect(() => legacyRoundRobinPartition(initialLegacyRoundRobinState(), { numPartitions: 0, availablePartitions: [] })).toThrow(
      KafkaInputError,
    );
    expect(() => initialLegacyRoundRobinState(0.5)).toThrow(KafkaInputError);
  });
});
