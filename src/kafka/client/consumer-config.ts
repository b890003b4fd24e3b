/**
 * The consumer's settings, named after the Java client's (camelCase, unit last) with Kafka 4.x
 * defaults (kafka-semantics.md 8.2, 8.3).
 *
 * Source: clients/src/main/java/org/apache/kafka/clients/consumer/ConsumerConfig.java; KIP-580
 * (retry.backoff.max.ms, 3.7).
 */
import { requireInteger, requireBootstrap } from './config-checks.js';
import { KafkaInputError } from '../errors.js';
import type { NodeId } from '../ids.js';

/**
 * auto.offset.reset: where to start when there is no committed offset, or the position is out of
 * range. 'none' makes the application choose (Kafka throws; here the partition waits for a seek).
 * Kafka 4.0 also has by_duration:<ISO-8601> (KIP-1106), not modelled.
 */
export type AutoOffsetReset = 'latest' | 'earliest' | 'none';

export interface ConsumerConfig {
  /** bootstrap.servers: where the first metadata request goes. */
  readonly bootstrap: readonly NodeId[];
  /** auto.offset.reset: default latest. */
  readonly autoOffsetReset: AutoOffsetReset;
  /** fetch.max.wait.ms: how long the leader may hold a fetch that has nothing to return yet (long poll). */
  readonly fetchMaxWaitMs: number;
  /**
   * fetch.min.bytes: default 1. Kept for completeness: the model's FetchRequest has no minBytes
   * field, and the broker answers as soon as it has one record, which is what 1 byte means.
   */
  readonly fetchMinBytes: number;
  /**
   * max.poll.records: the most records one poll() hands the application. The model also asks each
   * fetch for at most this many records (FetchRequest.maxRecords), standing in for Kafka's byte
   * limits (max.partition.fetch.bytes, fetch.max.bytes), which a model that counts records lacks.
   */
  readonly maxPollRecords: number;
  /**
   * Not a Kafka setting: the application's poll loop. Undefined (the default): the application
   * calls poll itself (the `poll` command). A number: the consumer polls by itself every this many
   * ms, from the time it starts, as an application that loops on poll() and processes what it got;
   * a simulation without scripted polls then still consumes.
   */
  readonly pollIntervalMs?: number | undefined;
  /** request.timeout.ms: no answer within this and the request counts as lost. */
  readonly requestTimeoutMs: number;
  /**
   * retry.backoff.ms: the wait after a failed fetch or ListOffsets request, and between metadata
   * refreshes. Since 3.7 (KIP-580) it is also the base of the exponential backoff of metadata
   * refreshes that fail (retry-backoff.ts); the per-partition retries keep the flat value, as in the
   * Java consumer (consumer.ts says why).
   */
  readonly retryBackoffMs: number;
  /**
   * retry.backoff.max.ms (3.7+, KIP-580): the cap of the exponential backoff. Default 1000. A value
   * ≤ retryBackoffMs is accepted, as Kafka accepts it (with a warning): the backoff is then a
   * constant retryBackoffMaxMs, without growth or jitter.
   */
  readonly retryBackoffMaxMs: number;
  /** metadata.max.age.ms: metadata is refreshed at least this often. */
  readonly metadataMaxAgeMs: number;
  /**
   * client.rack (KIP-392): sent with every fetch; a leader whose broker uses the rack-aware replica
   * selector may then send this consumer to a follower in the same rack. Absent: always the leader.
   */
  readonly clientRack?: string | undefined;
}

export type ConsumerConfigInput = Partial<Omit<ConsumerConfig, 'bootstrap'>> & { readonly bootstrap: readonly NodeId[] };

export const defaultConsumerConfig: Omit<ConsumerConfig, 'bootstrap'> = {
  autoOffsetReset: 'latest',
  fetchMaxWaitMs: 500,
  fetchMinBytes: 1,
  maxPollRecords: 500,
  requestTimeoutMs: 30_000,
  retryBackoffMs: 100,
  retryBackoffMaxMs: 1_000,
  metadataMaxAgeMs: 300_000,
};

export function consumerConfig(input: ConsumerConfigInput): ConsumerConfig {
  const defined = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<ConsumerConfig>;
  const config: ConsumerConfig = { ...defaultConsumerConfig, ...defined, bootstrap: input.bootstrap };
  validateConsumerConfig(config);
  return config;
}

export function validateConsumerConfig(config: ConsumerConfig): void {
  requireBootstrap(config.bootstrap);
  const reset: string = config.autoOffsetReset;
  if (reset !== 'latest' && reset !== 'earliest' && reset !== 'none') {
    throw new KafkaInputError(`autoOffsetReset must be "latest", "earliest" or "none", got "${reset}"`);
  }
  requireInteger('fetchMaxWaitMs', config.fetchMaxWaitMs, 0);
  requireInteger('fetchMinBytes', config.fetchMinBytes, 1);
  requireInteger('maxPollRecords', config.maxPollRecords, 1);
  requireInteger('requestTimeoutMs', config.requestTimeoutMs, 1);
  requireInteger('retryBackoffMs', config.retryBackoffMs, 0);
  // Kafka: atLeast(0), and no check against retry.backoff.ms (a larger base only logs a warning).
  requireInteger('retryBackoffMaxMs', config.retryBackoffMaxMs, 0);
  requireInteger('metadataMaxAgeMs', config.metadataMaxAgeMs, 0);
  if (config.pollIntervalMs !== undefined) requireInteger('pollIntervalMs', config.pollIntervalMs, 1);
  if (config.clientRack !== undefined && typeof config.clientRack !== 'string') {
    throw new KafkaInputError(`clientRack must be a string (client.rack), got ${JSON.stringify(config.clientRack)}`);
  }
  // A fetch the leader may hold for fetch.max.wait.ms must be allowed to come back before we give up on it.
  if (config.requestTimeoutMs <= config.fetchMaxWaitMs) {
    throw new KafkaInputError(
      `requestTimeoutMs (${config.requestTimeoutMs}) must be larger than fetchMaxWaitMs (${config.fetchMaxWaitMs}): ` +
        'otherwise every long poll with nothing to return would count as lost',
    );
  }
}

