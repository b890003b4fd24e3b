/**
 * Producer and consumer settings: Kafka 4.x defaults (kafka-semantics.md 4.1, 8.3, 10 item 14) and
 * clear refusals of values Kafka would refuse.
 */
import { describe, expect, it } from 'vitest';
import { consumerConfig, producerConfig } from '../../../src/kafka/client/index.js';
import { KafkaInputError } from '../../../src/kafka/errors.js';
import { partitionForKey } from '../../../src/kafka/partitioning/partitioner.js';

const bootstrap = ['broker-1'];

describe('producer config (4.1)', () => {
  it('has the Kafka 4.x defaults: acks=all, linger.ms=5, batch.size=16384, delivery.timeout.ms=120000', () => {
    expect(producerConfig({ bootstrap })).toMatchObject({
      acks: -1,
      lingerMs: 5,
      batchSize: 16_384,
      retries: Number.MAX_SAFE_INTEGER,
      retryBackoffMs: 100,
      retryBackoffMaxMs: 1_000, // KIP-580 (3.7)
      deliveryTimeoutMs: 120_000,
      requestTimeoutMs: 30_000,
      maxInFlightRequestsPerPartition: 1,
      metadataMaxAgeMs: 300_000,
      keylessPartitioning: 'built-in-sticky',
      partitionForKey,
    });
  });

  it('reads Integer.MAX_VALUE retries as "until delivery.timeout.ms", and undefined as the default', () => {
    expect(producerConfig({ bootstrap, retries: 2_147_483_647 }).retries).toBe(Number.MAX_SAFE_INTEGER);
    expect(producerConfig({ bootstrap, lingerMs: undefined }).lingerMs).toBe(5);
  });

  it.each([
    [{ acks: 2 as never }, /acks must be 0, 1 or -1/],
    [{ batchSize: 0 }, /batchSize must be an integer ≥ 1/],
    [{ lingerMs: -1 }, /lingerMs/],
    [{ deliveryTimeoutMs: 1_000 }, /deliveryTimeoutMs \(1000\) must be at least lingerMs \+ requestTimeoutMs/],
    [{ maxInFlightRequestsPerPartition: 5 as never }, /must be 1 in this model/],
    [{ keylessPartitioning: 'random' as never }, /keylessPartitioning/],
    [{ bootstrap: [] }, /bootstrap/],
  ])('refuses %j with a message that says why', (override, message) => {
    expect(() => producerConfig({ bootstrap, ...override })).toThrow(KafkaInputError);
    expect(() => producerConfig({ bootstrap, ...override })).toThrow(message);
  });
});

describe('consumer config (8.3)', () => {
  it('has the Kafka defaults: auto.offset.reset=latest, fetch.max.wait.ms=500, max.poll.records=500', () => {
    expect(consumerConfig({ bootstrap })).toMatchObject({
      autoOffsetReset: 'latest',
      fetchMaxWaitMs: 500,
      fetchMinBytes: 1,
      maxPollRecords: 500,
      requestTimeoutMs: 30_000,
      retryBackoffMs: 100,
      retryBackoffMaxMs: 1_000, // KIP-580 (3.7)
    });
  });

  it('refuses an unknown auto.offset.reset and a request timeout shorter than the long poll', () => {
    expect(() => consumerConfig({ bootstrap, autoOffsetReset: 'smallest' as never })).toThrow(/autoOffsetReset/);
    expect(() => consumerConfig({ bootstrap, requestTimeoutMs: 400 })).toThrow(/larger than fetchMaxWaitMs/);
  });

  it('polls only when told to unless pollIntervalMs is set, which must be a positive integer', () => {
    expect(consumerConfig({ bootstrap }).pollIntervalMs).toBeUndefined();
    expect(consumerConfig({ bootstrap, pollIntervalMs: undefined }).pollIntervalMs).toBeUndefined();
    expect(consumerConfig({ bootstrap, pollIntervalMs: 100 }).pollIntervalMs).toBe(100);
    expect(() => consumerConfig({ bootstrap, pollIntervalMs: 0 })).toThrow(/pollIntervalMs must be an integer ≥ 1/);
    expect(() => consumerConfig({ bootstrap, pollIntervalMs: 2.5 })).toThrow(/pollIntervalMs/);
  });
});
