/**
 * murmur2 and the key partitioner against Kafka's own numbers: kafka-semantics.md section 3.5 (vectors
 * computed with Utils.murmur2 / Utils.toPositive from clients/src/main/java/org/apache/kafka/common/utils/Utils.java)
 * and, as a property, against KafkaJS 2.2.4's Java-compatible port.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KafkaInputError } from '../../../src/kafka/errors.js';
import {
  explainKeyPartition,
  murmur2,
  partitionForKey,
  toPositive,
  utf8KeyBytes,
} from '../../../src/kafka/partitioning/index.js';
import vectors from '../../fixtures/murmur2-vectors.json' with { type: 'json' };

// KafkaJS is CommonJS and ships no types for this internal module; it takes a Buffer (or a string it UTF-8 encodes).
const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer | string) => number;

interface Vector {
  key: string;
  utf8Hex: string;
  murmur2: number;
  positive: number;
  partition: Record<string, number>;
}
const rows: Vector[] = vectors;

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('murmur2 vectors (kafka-semantics.md 3.5, computed with Kafka Utils.java)', () => {
  it('has the 30 rows of section 3.5', () => {
    expect(rows).toHaveLength(30);
  });

  describe.each(rows.map((row, index) => ({ ...row, number: index + 1, label: JSON.stringify(row.key).slice(0, 24) })))(
    '#$number key $label',
    (row) => {
      it('UTF-8 bytes match the table', () => {
        expect(hex(utf8KeyBytes(row.key))).toBe(row.utf8Hex);
      });

      it('murmur2 (signed int32) and toPositive match Utils.murmur2 / Utils.toPositive', () => {
        const hash = murmur2(utf8KeyBytes(row.key));
        expect(hash).toBe(row.murmur2);
        expect(toPositive(hash)).toBe(row.positive);
      });

      it('partitionForKey matches every partition-count column (1, 2, 3, 4, 6, 10, 12, 50)', () => {
        const keyBytes = utf8KeyBytes(row.key);
        const actual = Object.fromEntries(Object.keys(row.partition).map((n) => [n, partitionForKey(keyBytes, Number(n))]));
        expect(actual).toEqual(row.partition);
      });
    },
  );

  it('covers every tail length (n mod 4 = 0, 1, 2, 3) with 0, 1 and 2 full blocks (rows 1-15)', () => {
    const lengths = rows.slice(0, 15).map((row) => utf8KeyBytes(row.key).length);
    expect(new Set(lengths.map((length) => length % 4))).toEqual(new Set([0, 1, 2, 3]));
    expect(new Set(lengths.map((length) => Math.floor(length / 4)))).toEqual(new Set([0, 1, 2]));
  });
});

describe('toPositive is a sign-bit mask, not Math.abs (Utils.toPositive, kafka-semantics.md 3.2)', () => {
  it('user-123 goes to partition 2 of 3; Math.abs would give partition 0', () => {
    const hash = murmur2(utf8KeyBytes('user-123'));
    expect(hash).toBe(-1468255980);
    expect(toPositive(hash)).toBe(679227668);
    expect(toPositive(hash) % 3).toBe(2);
    expect(Math.abs(hash) % 3).toBe(0);
  });

  it('user-123 and user-456 both land on partition 2 of 3 (kafka-semantics.md section 10 item 2)', () => {
    expect(partitionForKey(utf8KeyBytes('user-123'), 3)).toBe(2);
    expect(partitionForKey(utf8KeyBytes('user-456'), 3)).toBe(2);
  });

  it('maps the int32 extremes like Java: MIN_VALUE → 0, -1 → MAX_VALUE', () => {
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-1)).toBe(2147483647);
    expect(toPositive(2147483647)).toBe(2147483647);
  });

  it('equals n + 2^31 for every negative int32 and n for every non-negative one', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), (n) => {
        expect(toPositive(n)).toBe(n < 0 ? n + 2 ** 31 : n);
      }),
    );
  });
});

describe('murmur2 agrees with KafkaJS 2.2.4 (src/producer/partitioners/default/murmur2.js, Java-compatible)', () => {
  it('KafkaJS agrees with the section 3.5 vectors too (sanity check of the oracle)', () => {
    for (const row of rows) expect(kafkajsMurmur2(Buffer.from(row.key, 'utf8'))).toBe(row.murmur2);
  });

  it('on random strings, ASCII to astral-plane unicode (1000 runs)', () => {
    const keys = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
    );
    fc.assert(
      fc.property(keys, (key) => {
        // KafkaJS given the string encodes it itself (Buffer.from(String(key))): same bytes as StringSerializer.
        expect(murmur2(utf8KeyBytes(key))).toBe(kafkajsMurmur2(key));
      }),
      { numRuns: 1000 },
    );
  });

  it('on random byte arrays of every length 0-64 (1000 runs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(murmur2(bytes)).toBe(kafkajsMurmur2(Buffer.from(bytes)));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('partitionForKey properties', () => {
  it('returns an integer partition in [0, n)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), fc.integer({ min: 1, max: 10_000 }), (bytes, n) => {
        const partition = partitionForKey(bytes, n);
        expect(Number.isInteger(partition)).toBe(true);
        expect(partition).toBeGreaterThanOrEqual(0);
        expect(partition).toBeLessThan(n);
      }),
    );
  });

  it('is pure: same bytes, same partition, and the input is not modified', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), fc.integer({ min: 1, max: 100 }), (bytes, n) => {
        const copy = Uint8Array.from(bytes);
        expect(partitionForKey(bytes, n)).toBe(partitionForKey(copy, n));
        expect(bytes).toEqual(copy);
      }),
    );
  });

  it('depends on the bytes only, so a Buffer and a Uint8Array of the same bytes agree', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), (bytes) => {
        expect(murmur2(Buffer.from(bytes))).toBe(murmur2(bytes));
      }),
    );
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])(
    'refuses numPartitions = %s with a KafkaInputError naming the value',
    (n) => {
      expect(() => partitionForKey(utf8KeyBytes('k'), n)).toThrow(KafkaInputError);
      expect(() => partitionForKey(utf8KeyBytes('k'), n)).toThrow(String(n));
    },
  );
});

describe('explainKeyPartition', () => {
  it('shows every step for user-123 with 3 partitions', () => {
    expect(explainKeyPartition('user-123', 3)).toEqual({
      key: 'user-123',
      utf8Hex: '757365722d313233',
      bytes: [0x75, 0x73, 0x65, 0x72, 0x2d, 0x31, 0x32, 0x33],
      murmur2: -1468255980,
      toPositive: 679227668,
      partition: 2,
    });
  });

  it('treats the empty string as a key with zero bytes (row 1)', () => {
    expect(explainKeyPartition('', 50)).toMatchObject({ utf8Hex: '', bytes: [], murmur2: 275646681, partition: 31 });
  });

  it('refuses a bad partition count', () => {
    expect(() => explainKeyPartition('user-123', 0)).toThrow(KafkaInputError);
  });
});
