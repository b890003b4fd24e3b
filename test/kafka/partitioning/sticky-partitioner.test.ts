/**
 * The built-in uniform sticky partitioner (KIP-480, KIP-794; BuiltInPartitioner.java and
 * RecordAccumulator.java in clients/src/main/java/org/apache/kafka/clients/producer/internals/),
 * kafka-semantics.md 3.3.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KafkaInputError } from '../../../src/kafka/errors.js';
import {
  cumulativeFrequencyTable,
  decideStickySwitch,
  firstIndexAbove,
  initialStickyPartitionState,
  nextStickyPartition,
  peekStickyPartition,
  recordAppended,
  type StickyPartitionInput,
  type StickyPartitionState,
} from '../../../src/kafka/partitioning/index.js';
import type { RandomSource } from '../../../src/kafka/step.js';
import { scriptedRandom, seededRandom } from '../../helpers/scripted-random.js';

const allAvailable = (numPartitions: number): StickyPartitionInput => ({
  numPartitions,
  availablePartitions: Array.from({ length: numPartitions }, (_, partition) => partition),
});

/** Sends `count` keyless records of `recordBytes` each; the batch is full every `recordsPerBatch` records. */
function produceKeyless(
  count: number,
  options: { input: StickyPartitionInput; random: RandomSource; recordBytes: number; batchSizeBytes: number; batchFullEvery?: number },
): number[] {
  let state: StickyPartitionState = initialStickyPartitionState;
  const partitions: number[] = [];
  let recordsInBatch = 0;
  let lastPartition: number | undefined;
  for (let record = 0; record < count; record++) {
    const pick = peekStickyPartition(state, options.input, options.random);
    if (pick.partition !== lastPartition) recordsInBatch = 0;
    lastPartition = pick.partition;
    partitions.push(pick.partition);
    recordsInBatch++;
    const batchFull = options.batchFullEvery === undefined ? true : recordsInBatch % options.batchFullEvery === 0;
    state = recordAppended(pick.state, { appendedBytes: options.recordBytes, batchSizeBytes: options.batchSizeBytes, batchFull });
  }
  return partitions;
}

describe('sticking and switching (BuiltInPartitioner.updatePartitionInfo)', () => {
  it('draws once for the first record, then sticks without drawing', () => {
    const random = scriptedRandom([2]);
    const first = peekStickyPartition(initialStickyPartitionState, allAvailable(3), random);
    expect(first).toMatchObject({ partition: 2, drewNewPartition: true, state: { currentPartition: 2, bytesProducedToCurrent: 0 } });
    const again = peekStickyPartition(first.state, allAvailable(3), random);
    expect(again).toMatchObject({ partition: 2, drewNewPartition: false });
    expect(random.bounds).toEqual([3]);
  });

  it('sticks until batch.size bytes were produced, then switches (batch full)', () => {
    // 100-byte records, batch.size 1000: records 1-10 fill partition 1, record 11 draws again.
    const random = scriptedRandom([1, 0]);
    const partitions = produceKeyless(11, { input: allAvailable(3), random, recordBytes: 100, batchSizeBytes: 1000 });
    expect(partitions).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(random.remaining()).toBe(0);
  });

  it('counts bytes, not records: one record of batch.size bytes switches at once', () => {
    const random = scriptedRandom([0, 2, 1]);
    expect(produceKeyless(3, { input: allAvailable(3), random, recordBytes: 16384, batchSizeBytes: 16384 })).toEqual([0, 2, 1]);
  });

  it('defers the switch while the batch is not full (enableSwitch = allBatchesFull = false)', () => {
    let state = peekStickyPartition(initialStickyPartitionState, allAvailable(3), scriptedRandom([1])).state;
    state = recordAppended(state, { appendedBytes: 1000, batchSizeBytes: 1000, batchFull: false });
    expect(state).toEqual({ currentPartition: 1, bytesProducedToCurrent: 1000 });
    state = recordAppended(state, { appendedBytes: 500, batchSizeBytes: 1000, batchFull: true });
    expect(state).toEqual(initialStickyPartitionState);
  });

  it('forces the switch at 2 × batch.size even if the batch never fills', () => {
    const random = scriptedRandom([1, 2]);
    const partitions = produceKeyless(21, {
      input: allAvailable(3),
      random,
      recordBytes: 100,
      batchSizeBytes: 1000,
      batchFullEvery: 1_000_000, // never full
    });
    // 20 records × 100 bytes = 2000 = 2 × batch.size → the 21st record goes elsewhere.
    expect(partitions.slice(0, 20).every((partition) => partition === 1)).toBe(true);
    expect(partitions[20]).toBe(2);
  });

  it('decideStickySwitch names each case of the rule', () => {
    expect(decideStickySwitch(999, 1000, true)).toBe('stay');
    expect(decideStickySwitch(1000, 1000, false)).toBe('stay-batch-not-full');
    expect(decideStickySwitch(1000, 1000, true)).toBe('switch');
    expect(decideStickySwitch(1999, 1000, false)).toBe('stay-batch-not-full');
    expect(decideStickySwitch(2000, 1000, false)).toBe('forced-switch');
    expect(decideStickySwitch(2000, 1000, true)).toBe('switch');
  });

  it('may draw the same partition again (the new choice is not forced to differ)', () => {
    const random = scriptedRandom([1, 1]);
    expect(produceKeyless(2, { input: allAvailable(3), random, recordBytes: 1000, batchSizeBytes: 1000 })).toEqual([1, 1]);
    expect(random.bounds).toEqual([3, 3]);
  });

  it('refuses recordAppended before any peek, and a non-positive batch.size', () => {
    expect(() => recordAppended(initialStickyPartitionState, { appendedBytes: 1, batchSizeBytes: 10, batchFull: true })).toThrow(
      /peekStickyPartition must come first/,
    );
    const state = { currentPartition: 0, bytesProducedToCurrent: 0 };
    expect(() => recordAppended(state, { appendedBytes: 1, batchSizeBytes: 0, batchFull: true })).toThrow(KafkaInputError);
  });
});

describe('availability (BuiltInPartitioner.nextPartition)', () => {
  it('chooses only among partitions with a leader', () => {
    const input = { numPartitions: 5, availablePartitions: [1, 3] };
    expect(nextStickyPartition(input, scriptedRandom([0]))).toBe(1);
    expect(nextStickyPartition(input, scriptedRandom([1]))).toBe(3);
    const random = seededRandom(7);
    for (let draw = 0; draw < 500; draw++) expect([1, 3]).toContain(nextStickyPartition(input, random));
  });

  it('falls back to all partitions when none has a leader', () => {
    const random = scriptedRandom([4]);
    expect(nextStickyPartition({ numPartitions: 5, availablePartitions: [] }, random)).toBe(4);
    expect(random.bounds).toEqual([5]);
  });

  it('keeps sticking to a partition that lost its leader until the switch (Kafka only re-draws on switch)', () => {
    const pick = peekStickyPartition(initialStickyPartitionState, allAvailable(3), scriptedRandom([2]));
    const later = peekStickyPartition(pick.state, { numPartitions: 3, availablePartitions: [0, 1] }, scriptedRandom([]));
    expect(later.partition).toBe(2);
  });

  it('refuses an available partition outside the topic', () => {
    expect(() => nextStickyPartition({ numPartitions: 3, availablePartitions: [3] }, scriptedRandom([0]))).toThrow(KafkaInputError);
  });
});

describe('adaptive weighting (KIP-794, BuiltInPartitioner.updatePartitionLoadStats)', () => {
  it('queues [0, 3, 1] → weights [4, 1, 3] → cumulative [4, 5, 8]', () => {
    expect(cumulativeFrequencyTable([0, 3, 1])).toEqual([4, 5, 8]);
  });

  it.each([
    [0, 0],
    [1, 0],
    [2, 0],
    [3, 0],
    [4, 1],
    [5, 2],
    [6, 2],
    [7, 2],
  ])('draw r = %i in [0, 8) picks partition %i (first cumulative value > r)', (r, expected) => {
    const random = scriptedRandom([r]);
    const input = { ...allAvailable(3), queuedBatchesByPartition: [0, 3, 1] };
    expect(nextStickyPartition(input, random)).toBe(expected);
    expect(random.bounds).toEqual([8]);
    expect(firstIndexAbove([4, 5, 8], r)).toBe(expected);
  });

  it('weights only available partitions (a partition without a leader is excluded)', () => {
    // Partition 1 has no leader: table over [p0, p2] with queues [0, 1] → weights [2, 1] → [2, 3].
    const input = { numPartitions: 3, availablePartitions: [0, 2], queuedBatchesByPartition: [0, 3, 1] };
    const picks = [0, 1, 2].map((r) => nextStickyPartition(input, scriptedRandom([r])));
    expect(picks).toEqual([0, 0, 2]);
  });

  it('uses plain uniform choice when all queues are equal and every partition is available', () => {
    const random = scriptedRandom([2]);
    expect(nextStickyPartition({ ...allAvailable(3), queuedBatchesByPartition: [2, 2, 2] }, random)).toBe(2);
    expect(random.bounds).toEqual([3]); // uniform draw over 3, not a weighted draw over the table
  });

  it('uses plain uniform choice for a single-partition topic', () => {
    const random = scriptedRandom([0]);
    expect(nextStickyPartition({ ...allAvailable(1), queuedBatchesByPartition: [5] }, random)).toBe(0);
    expect(random.bounds).toEqual([1]);
  });

  it('refuses queue counts that do not cover every partition', () => {
    expect(() => nextStickyPartition({ ...allAvailable(3), queuedBatchesByPartition: [0, 1] }, scriptedRandom([0]))).toThrow(
      KafkaInputError,
    );
  });

  it('favours idle partitions in the long run: frequencies follow the weights [4, 1, 3]', () => {
    const random = seededRandom(42);
    const input = { ...allAvailable(3), queuedBatchesByPartition: [0, 3, 1] };
    const counts = [0, 0, 0];
    const draws = 80_000;
    for (let draw = 0; draw < draws; draw++) counts[nextStickyPartition(input, random)]!++;
    expect(counts.map((count) => count / draws)).toEqual([
      expect.closeTo(4 / 8, 2),
      expect.closeTo(1 / 8, 2),
      expect.closeTo(3 / 8, 2),
    ]);
  });
});

describe('spread over many records (KIP-794: uniform in the long run)', () => {
  it('each partition gets roughly 1/n of the records for any seed', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 2, max: 8 }), (seed, numPartitions) => {
        // 10-byte records, batch.size 100: a switch every 10 records; 40,000 records → 4,000 draws.
        const partitions = produceKeyless(40_000, {
          input: allAvailable(numPartitions),
          random: seededRandom(seed),
          recordBytes: 10,
          batchSizeBytes: 100,
        });
        const counts = new Array<number>(numPartitions).fill(0);
        for (const partition of partitions) counts[partition]!++;
        const expected = partitions.length / numPartitions;
        // 4,000 draws: the share of each partition is within ±25 % of fair with overwhelming probability.
        for (const count of counts) expect(Math.abs(count - expected) / expected).toBeLessThan(0.25);
      }),
      { numRuns: 20 },
    );
  });
});
