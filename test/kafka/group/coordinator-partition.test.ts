/**
 * The group coordinator's `__consumer_offsets` partition against Kafka's own numbers:
 * kafka-semantics.md section 8.1 (vectors computed with String.hashCode and Utils.abs from
 * clients/src/main/java/org/apache/kafka/common/utils/Utils.java) and invariant 23.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KafkaInputError } from '../../../src/kafka/errors.js';
import {
  DEFAULT_OFFSETS_TOPIC_PARTITIONS,
  coordinatorPartition,
  javaStringHashCode,
  kafkaAbs,
} from '../../../src/kafka/group/coordinator-partition.js';
import { toPositive } from '../../../src/kafka/partitioning/index.js';
import vectors from '../../fixtures/coordinator-partition-vectors.json' with { type: 'json' };

interface Vector {
  groupId: string;
  hashCode: number;
  abs: number;
  offsetsPartition50: number;
}
const rows: Vector[] = vectors;

/** The two "(wrong)" columns of the section 8.1 table: toPositive % 50 and Math.abs % 50. */
const wrongColumns: Record<string, { toPositive: number; mathAbs: number }> = {
  '': { toPositive: 0, mathAbs: 0 },
  'order-processor': { toPositive: 25, mathAbs: 23 },
  'my-group': { toPositive: 36, mathAbs: 12 },
  analytics: { toPositive: 38, mathAbs: 10 },
  'test-group': { toPositive: 12, mathAbs: 12 },
  'console-consumer-12345': { toPositive: 6, mathAbs: 6 },
  'group-1': { toPositive: 49, mathAbs: 49 },
  payments: { toPositive: 13, mathAbs: 13 },
  foo: { toPositive: 24, mathAbs: 24 },
  Aa: { toPositive: 12, mathAbs: 12 },
  BB: { toPositive: 12, mathAbs: 12 },
  polygenelubricants: { toPositive: 0, mathAbs: -48 },
  'café-readers': { toPositive: 34, mathAbs: 34 },
  日本: { toPositive: 47, mathAbs: 47 },
  '🙂-group': { toPositive: 5, mathAbs: 5 },
};

/**
 * Java's `Math.abs(int)`: int arithmetic, so `Math.abs(Integer.MIN_VALUE)` overflows back to
 * Integer.MIN_VALUE. (JavaScript's Math.abs works on doubles and would give +2147483648.)
 */
const javaMathAbs = (n: number): number => Math.abs(n) | 0;

/** String.hashCode done the slow way, in exact BigInt arithmetic, then narrowed to int32. */
function referenceHashCode(s: string): number {
  let hash = 0n;
  for (let index = 0; index < s.length; index++) hash = hash * 31n + BigInt(s.charCodeAt(index));
  return Number(BigInt.asIntN(32, hash));
}

describe('coordinator partition vectors (kafka-semantics.md 8.1)', () => {
  it('has the 15 rows of section 8.1, each with its (wrong) columns', () => {
    expect(rows).toHaveLength(15);
    expect(Object.keys(wrongColumns).sort()).toEqual(rows.map((row) => row.groupId).sort());
  });

  describe.each(rows.map((row) => ({ ...row, label: JSON.stringify(row.groupId) })))('group.id $label', (row) => {
    it('String.hashCode is the int32 Java computes over UTF-16 code units', () => {
      expect(javaStringHashCode(row.groupId)).toBe(row.hashCode);
    });
    it('Utils.abs of the hash code', () => {
      expect(kafkaAbs(row.hashCode)).toBe(row.abs);
    });
    it('is coordinated by __consumer_offsets partition abs % 50', () => {
      expect(coordinatorPartition(row.groupId)).toBe(row.offsetsPartition50);
      expect(coordinatorPartition(row.groupId, 50)).toBe(row.offsetsPartition50);
    });
    it('the (wrong) toPositive and Math.abs columns are what those mistakes give, and differ where the table says', () => {
      const wrong = wrongColumns[row.groupId]!;
      expect(toPositive(row.hashCode) % 50).toBe(wrong.toPositive);
      expect(javaMathAbs(row.hashCode) % 50).toBe(wrong.mathAbs);
      const right = coordinatorPartition(row.groupId);
      expect(right === toPositive(row.hashCode) % 50).toBe(wrong.toPositive === row.offsetsPartition50);
      expect(right === javaMathAbs(row.hashCode) % 50).toBe(wrong.mathAbs === row.offsetsPartition50);
    });
  });

  it('the toPositive mistake lands order-processor, my-group and analytics on other partitions (8.1)', () => {
    for (const groupId of ['order-processor', 'my-group', 'analytics']) {
      expect(coordinatorPartition(groupId)).not.toBe(toPositive(javaStringHashCode(groupId)) % 50);
    }
  });

  it('polygenelubricants hashes to Integer.MIN_VALUE: Utils.abs gives partition 0, Math.abs a negative index (8.1)', () => {
    expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
    expect(kafkaAbs(-2147483648)).toBe(0);
    expect(coordinatorPartition('polygenelubricants')).toBe(0);
    expect(javaMathAbs(javaStringHashCode('polygenelubricants')) % 50).toBe(-48);
  });

  it('Aa and BB collide on 2112 and share a coordinator (8.1)', () => {
    expect(javaStringHashCode('Aa')).toBe(javaStringHashCode('BB'));
    expect(coordinatorPartition('Aa')).toBe(coordinatorPartition('BB'));
  });

  it('defaults to offsets.topic.num.partitions = 50 (8.1, 8.3)', () => {
    expect(DEFAULT_OFFSETS_TOPIC_PARTITIONS).toBe(50);
  });
});

describe('coordinator partition properties (kafka-semantics.md 8.1, invariant 23)', () => {
  it('String.hashCode equals exact arithmetic narrowed to int32, for any UTF-16 string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => {
        expect(javaStringHashCode(s)).toBe(referenceHashCode(s));
      }),
      { numRuns: 1000 },
    );
  });

  it('the partition is in [0, partitions) for every group id and partition count (invariant 23)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), fc.integer({ min: 1, max: 10_000 }), (groupId, n) => {
        const partition = coordinatorPartition(groupId, n);
        expect(Number.isInteger(partition)).toBe(true);
        expect(partition).toBeGreaterThanOrEqual(0);
        expect(partition).toBeLessThan(n);
      }),
      { numRuns: 1000 },
    );
  });

  it("Utils.abs is never negative on an int32 and only differs from Java's Math.abs at Integer.MIN_VALUE", () => {
    fc.assert(
      fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), (n) => {
        expect(kafkaAbs(n)).toBeGreaterThanOrEqual(0);
        if (n !== -2147483648) expect(kafkaAbs(n)).toBe(javaMathAbs(n));
        else expect(javaMathAbs(n)).toBeLessThan(0);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects offsets.topic.num.partitions = %s with a KafkaInputError',
    (n) => {
      expect(() => coordinatorPartition('my-group', n)).toThrow(KafkaInputError);
    },
  );
});
