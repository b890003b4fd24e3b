/**
 * The producer's settings, named after the Java client's (camelCase, unit last) with Kafka 4.x
 * defaults (kafka-semantics.md 4.1).
 *
 * Source: clients/src/main/java/org/apache/kafka/clients/producer/ProducerConfig.java; KIP-679
 * (acks=all by default since 3.0), KIP-1030 (linger.ms 0 → 5 in 4.0), KIP-794 (built-in sticky
 * partitioner, 3.3), KIP-580 (exponential retry backoff, retry.backoff.max.ms, 3.7).
 */
import { requireInteger, requireBootstrap, withoutUndefined } from './config-checks.js';
import { KafkaInputError } from '../errors.js';
import type { NodeId } from '../ids.js';
import { partitionForKey, type KeyPartitioner } from '../partitioning/partitioner.js';
import type { Acks } from '../protocol/messages.js';

/**
 * How records without a key are spread: the built-in uniform sticky partitioner (Java 3.3+, the
 * default) or the round-robin of the Java client before 2.4 (and of KafkaJS 2.x), which many courses
 * still teach (kafka-semantics.md 3.3, section 10 item 1).
 */
export type KeylessPartitioning = 'built-in-sticky' | 'legacy-round-robin';

/** Java's Integer.MAX_VALUE, the real default of `retries`: "retry until delivery.timeout.ms". */
const JAVA_INTEGER_MAX_VALUE = 2_147_483_647;

export interface ProducerConfig {
  /** bootstrap.servers: where the first metadata request goes. */
  readonly bootstrap: readonly NodeId[];
  /** acks: 0, 1 or -1 (= "all"). Default all since 3.0 (KIP-679); it was 1 before. */
  readonly acks: Acks;
  /** batch.size: a batch is "full" at this many bytes; also the sticky partitioner's switch threshold. */
  readonly batchSize: number;
  /** linger.ms: how long a batch that is not full waits for more records. 5 since 4.0 (KIP-1030), 0 before. */
  readonly lingerMs: number;
  /**
   * retries: how many times a batch may be re-sent after a retriable error. Kafka's default is
   * Integer.MAX_VALUE; Number.MAX_SAFE_INTEGER stands for it here. In practice delivery.timeout.ms
   * is the limit.
   */
  readonly retries: number;
  /**
   * retry.backoff.ms: the wait before a failed batch is sent again, and between metadata refreshes.
   * Since 3.7 (KIP-580) it is the base of an exponential backoff: a batch's n-th failure waits
   * min(retryBackoffMs × 2^(n-1), retryBackoffMaxMs) ±20% (retry-backoff.ts). Before 3.7 every
   * retry waited exactly retry.backoff.ms.
   */
  readonly retryBackoffMs: number;
  /**
   * retry.backoff.max.ms (3.7+, KIP-580): the cap of the exponential backoff. Default 1000. A value
   * ≤ retryBackoffMs is accepted, as Kafka accepts it (with a warning): the backoff is then a
   * constant retryBackoffMaxMs, without growth or jitter.
   */
  readonly retryBackoffMaxMs: number;
  /** delivery.timeout.ms: from send() to success or failure, retries included. Must be ≥ linger.ms + request.timeout.ms. */
  readonly deliveryTimeoutMs: number;
  /** request.timeout.ms: how long the producer waits for any response, and the ProduceRequest's timeoutMs. */
  readonly requestTimeoutMs: number;
  /**
   * Requests in flight per partition. Fixed at 1 in this model. Kafka's
   * max.in.flight.requests.per.connection defaults to 5 and keeps order under retries through
   * idempotence (sequence numbers, kafka-semantics.md 4.3), which this model does not have yet.
   * With one request in flight per partition a retried batch cannot be overtaken by a later one,
   * so retries never reorder; a retry after a lost response can still duplicate (4.3).
   */
  readonly maxInFlightRequestsPerPartition: 1;
  /** max.request.size: a single record larger than this fails at once with MESSAGE_TOO_LARGE. */
  readonly maxRequestSize: number;
  /** buffer.memory: bytes of records waiting to be sent; a send that would pass it is refused. */
  readonly bufferMemory: number;
  /**
   * max.block.ms: how long send() waits for the topic's metadata (Kafka blocks the caller; here the
   * record waits in the producer) before the record fails.
   */
  readonly maxBlockMs: number;
  /** metadata.max.age.ms: metadata is refreshed at least this often, even without errors. */
  readonly metadataMaxAgeMs: number;
  /** Keyless records: built-in sticky (default) or legacy round-robin. */
  readonly keylessPartitioning: KeylessPartitioning;
  /** partitioner.adaptive.partitioning.enable: weight the sticky choice by queued batches (KIP-794). */
  readonly partitionerAdaptivePartitioningEnable: boolean;
  /** The key → partition function: Kafka's murmur2 one by default; the lab seam for the learner's. */
  readonly partitionForKey: KeyPartitioner;
}

/** What a caller may pass: everything but `bootstrap` is optional, and acks may be spelled "all". */
export type ProducerConfigInput = Partial<Omit<ProducerConfig, 'acks' | 'bootstrap'>> & {
  readonly bootstrap: readonly NodeId[];
  readonly acks?: Acks | 'all';
};

export const defaultProducerConfig: Omit<ProducerConfig, 'bootstrap'> = {
  acks: -1,
  batchSize: 16_384,
  lingerMs: 5,
  retries: Number.MAX_SAFE_INTEGER,
  retryBackoffMs: 100,
  retryBackoffMaxMs: 1_000,
  deliveryTimeoutMs: 120_000,
  requestTimeoutMs: 30_000,
  maxInFlightRequestsPerPartition: 1,
  maxRequestSize: 1_048_576,
  bufferMemory: 33_554_432,
  maxBlockMs: 60_000,
  metadataMaxAgeMs: 300_000,
  keylessPartitioning: 'built-in-sticky',
  partitionerAdaptivePartitioningEnable: true,
  partitionForKey,
};

/** Defaults filled in, then every value checked; a bad value throws a KafkaInputError that says why. */
export function producerConfig(input: ProducerConfigInput): ProducerConfig {
  const acks = input.acks === 'all' ? -1 : input.acks;
  const config: ProducerConfig = {
    ...defaultProducerConfig,
    ...withoutUndefined(input),
    bootstrap: input.bootstrap,
    acks: acks ?? defaultProducerConfig.acks,
    // Java caps retries at Integer.MAX_VALUE; both spellings mean "until delivery.timeout.ms".
    retries: input.retries === JAVA_INTEGER_MAX_VALUE ? Number.MAX_SAFE_INTEGER : (input.retries ?? defaultProducerConfig.retries),
  };
  validateProducerConfig(config);
  return config;
}

export function validateProducerConfig(config: ProducerConfig): void {
  requireBootstrap(config.bootstrap);
  if (config.acks !== 0 && config.acks !== 1 && config.acks !== -1) {
    throw new KafkaInputError(`acks must be 0, 1 or -1 ("all"), got ${String(config.acks)}`);
  }
  requireInteger('batchSize', config.batchSize, 1);
  requireInteger('lingerMs', config.lingerMs, 0);
  requireInteger('retries', config.retries, 0);
  requireInteger('retryBackoffMs', config.retryBackoffMs, 0);
  // Kafka: atLeast(0), and no check against retry.backoff.ms (a larger base only logs a warning).
  requireInteger('retryBackoffMaxMs', config.retryBackoffMaxMs, 0);
  requireInteger('requestTimeoutMs', config.requestTimeoutMs, 1);
  requireInteger('deliveryTimeoutMs', config.deliveryTimeoutMs, 1);
  requireInteger('maxRequestSize', config.maxRequestSize, 1);
  requireInteger('bufferMemory', config.bufferMemory, 1);
  requireInteger('maxBlockMs', config.maxBlockMs, 0);
  requireInteger('metadataMaxAgeMs', config.metadataMaxAgeMs, 0);
  // Kafka refuses an explicit delivery.timeout.ms below this sum (ConfigException in KafkaProducer).
  if (config.deliveryTimeoutMs < config.lingerMs + config.requestTimeoutMs) {
    throw new KafkaInputError(
      `deliveryTimeoutMs (${config.deliveryTimeoutMs}) must be at least lingerMs + requestTimeoutMs ` +
        `(${config.lingerMs} + ${config.requestTimeoutMs}): a batch needs time to linger and one request to time out`,
    );
  }
  if (config.maxInFlightRequestsPerPartition !== 1) {
    throw new KafkaInputError(
      `maxInFlightRequestsPerPartition must be 1 in this model: without idempotence a second request in flight ` +
        `lets a retried batch land after a later one (got ${String(config.maxInFlightRequestsPerPartition)})`,
    );
  }
  if (config.keylessPartitioning !== 'built-in-sticky' && config.keylessPartitioning !== 'legacy-round-robin') {
    throw new KafkaInputError(
      `keylessPartitioning must be "built-in-sticky" or "legacy-round-robin", got "${String(config.keylessPartitioning)}"`,
    );
  }
  if (typeof config.partitionForKey !== 'function') {
    throw new KafkaInputError('partitionForKey must be a function (keyBytes, numPartitions) => partition');
  }
}


