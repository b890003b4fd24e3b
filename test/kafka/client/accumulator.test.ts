/**
 * The RecordAccumulator's pure rules (accumulator.ts): where a record goes, when a batch is ready,
 * and how failed batches keep their place. Sections refer to /work/shared/kafka-semantics.md (3.3, 4.1).
 */
import { describe, expect, it } from 'vitest';
import {
  append,
  completeInFlight,
  drainHead,
  emptyAccumulator,
  expireBatches,
  flush,
  headReadyAtMs,
  queuedBatchesByPartition,
  reenqueue,
  type AccumulatedRecord,
  type RecordAccumulator,
} from '../../../src/kafka/client/accumulator.js';

const KEY = 'orders-0';

function record(recordId: number, sizeInBytes: number): AccumulatedRecord {
  return { recordId, record: { key: null, value: `v${recordId}`, timestamp: 0 }, sizeInBytes };
}

function appendAll(sizes: number[], batchSize: number, now = 0): RecordAccumulator {
  let accumulator = emptyAccumulator;
  sizes.forEach((size, index) => {
    accumulator = append(accumulator, 'orders', 0, record(index, size), batchSize, now).accumulator;
  });
  return accumulator;
}

function batchSizes(accumulator: RecordAccumulator): number[][] {
  return accumulator.queues.get(KEY)!.batches.map((batch) => batch.records.map((r) => r.sizeInBytes));
}

describe('accumulator: appending (4.1 batch.size)', () => {
  it('appends to the open batch while the record fits in batch.size, then starts a new one', () => {
    expect(batchSizes(appendAll([40, 40, 40], 100))).toEqual([[40, 40], [40]]);
  });

  it('marks a batch full when it reaches batch.size, or when a record did not fit', () => {
    const exact = append(emptyAccumulator, 'orders', 0, record(0, 100), 100, 0);
    expect(exact.batchFull).toBe(true);
    const accumulator = appendAll([60, 60], 100);
    expect(accumulator.queues.get(KEY)!.batches.map((batch) => batch.full)).toEqual([true, false]);
  });

  it('gives a record larger than batch.size a batch of its own', () => {
    expect(batchSizes(appendAll([10, 500, 10], 100))).toEqual([[10], [500], [10]]);
  });

  it('never adds records to a batch that was already sent once', () => {
    const drained = drainHead(appendAll([10], 100), KEY);
    const requeued = reenqueue(drained.accumulator, [drained.batch], 200);
    const next = append(requeued, 'orders', 0, record(1, 10), 100, 150);
    expect(batchSizes(next.accumulator)).toEqual([[10], [10]]);
    expect(next.newBatch).toBe(true);
  });
});

describe('accumulator: readiness (4.1 linger.ms)', () => {
  it('a lone batch that is not full is ready linger.ms after its creation', () => {
    const accumulator = appendAll([10], 100, 20);
    expect(headReadyAtMs(accumulator, accumulator.queues.get(KEY)!, 5)).toBe(25);
  });

  it('a full batch, or one with another batch behind it, is ready at once', () => {
    const full = appendAll([100], 100, 20);
    expect(headReadyAtMs(full, full.queues.get(KEY)!, 5)).toBe(20);
    const two = appendAll([60, 60], 100, 20);
    expect(headReadyAtMs(two, two.queues.get(KEY)!, 1_000)).toBe(20);
  });

  it('flush makes batches holding earlier records ready at once', () => {
    const accumulator = flush(appendAll([10], 100, 20), 1);
    expect(headReadyAtMs(accumulator, accumulator.queues.get(KEY)!, 1_000)).toBe(20);
  });

  it('a muted partition (a batch in flight) has nothing ready; completing the request unmutes it', () => {
    const drained = drainHead(appendAll([60, 60], 100), KEY);
    expect(drained.batch.attempts).toBe(1);
    expect(headReadyAtMs(drained.accumulator, drained.accumulator.queues.get(KEY)!, 5)).toBeUndefined();
    const done = completeInFlight(drained.accumulator, KEY);
    expect(headReadyAtMs(done, done.queues.get(KEY)!, 5)).toBe(5);
  });

  it('a re-enqueued batch goes back to the head and is ready when its backoff ends', () => {
    const drained = drainHead(appendAll([60, 60], 100), KEY);
    const requeued = reenqueue(drained.accumulator, [drained.batch], 300);
    const queue = requeued.queues.get(KEY)!;
    expect(queue.batches.map((batch) => batch.records[0]!.recordId)).toEqual([0, 1]);
    expect(headReadyAtMs(requeued, queue, 5)).toBe(300);
  });
});

describe('accumulator: expiry and load (3.3, 4.1 delivery.timeout.ms)', () => {
  it('expires queued batches from the head once delivery.timeout.ms has passed since creation', () => {
    let accumulator = appendAll([60], 100, 0);
    accumulator = append(accumulator, 'orders', 0, record(1, 60), 100, 50).accumulator;
    const early = expireBatches(accumulator, 999, 1_000);
    expect(early.expired).toEqual([]);
    const late = expireBatches(accumulator, 1_000, 1_000);
    expect(late.expired.map((batch) => batch.records[0]!.recordId)).toEqual([0]);
    expect(batchSizes(late.accumulator)).toEqual([[60]]);
  });

  it('counts queued batches per partition for the adaptive sticky partitioner', () => {
    const accumulator = appendAll([60, 60, 60], 100);
    expect(queuedBatchesByPartition(accumulator, 'orders', 3)).toEqual([3, 0, 0]);
  });
});
