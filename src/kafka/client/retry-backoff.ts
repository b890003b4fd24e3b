/**
 * How long a client waits before it retries: exponential backoff with jitter (KIP-580, Kafka 3.7+).
 *
 * Before 3.7 every retry waited the fixed retry.backoff.ms (100 ms by default). KIP-580 made
 * retry.backoff.ms the *base* and added retry.backoff.max.ms (default 1000 ms) as the cap: the wait
 * after the n-th consecutive failure is
 *
 *     min(retry.backoff.ms × 2^(n-1), retry.backoff.max.ms), with ±20% random jitter
 *
 * so with the defaults: ~100, ~200, ~400, ~800, then ≤ 1000 ms for every further failure. The
 * jitter keeps thousands of clients that failed together (a broker died) from retrying together.
 * A success resets the count: the next failure waits ~retry.backoff.ms again.
 *
 * Sources: clients/src/main/java/org/apache/kafka/common/utils/ExponentialBackoff.java
 * (`backoff(attempts)`), clients/src/main/java/org/apache/kafka/clients/CommonClientConfigs.java
 * (RETRY_BACKOFF_MAX_MS_DOC, RETRY_BACKOFF_EXP_BASE = 2, RETRY_BACKOFF_JITTER = 0.2,
 * `warnDisablingExponentialBackoff`); KIP-580 "Exponential Backoff for Kafka Clients".
 *
 * What Kafka does, and this function mirrors:
 * - the jitter multiplies the exponential term by a factor drawn uniformly from [0.8, 1.2), the
 *   result is truncated to whole ms and then capped: jitter never takes the wait above
 *   retry.backoff.max.ms (at the cap the wait lies in [0.8 × max, max]);
 * - retry.backoff.max.ms ≤ retry.backoff.ms is accepted (Kafka logs a warning, it does not refuse
 *   the config): the backoff is then a constant retry.backoff.max.ms from the first retry on,
 *   without exponential growth and without jitter. max = base therefore means "the old fixed
 *   backoff";
 * - retry.backoff.ms = 0 means no backoff at all, whatever the cap.
 *
 * The jitter is drawn as a whole number of milliseconds from the caller's RandomSource (the
 * simulator's seeded stream), never from Math.random: the same seed gives the same waits.
 * Exactly one draw per call when there is a range to draw from, none otherwise.
 */
import type { RandomSource } from '../step.js';

/** CommonClientConfigs.RETRY_BACKOFF_EXP_BASE: each failure doubles the wait. */
export const RETRY_BACKOFF_EXP_BASE = 2;
/** CommonClientConfigs.RETRY_BACKOFF_JITTER: ±20%. */
export const RETRY_BACKOFF_JITTER = 0.2;

export interface RetryBackoffConfig {
  /** retry.backoff.ms: the first retry's wait (before jitter), and the base of the growth. */
  readonly retryBackoffMs: number;
  /** retry.backoff.max.ms: no wait is longer than this. */
  readonly retryBackoffMaxMs: number;
}

/**
 * The wait before the retry that follows the `attempts`-th consecutive failure, before jitter:
 * min(retryBackoffMs × 2^(attempts-1), retryBackoffMaxMs). `attempts` ≤ 1 gives the base (Kafka
 * asks `backoff(0)` both for the first failure and for the spacing with no failure at all).
 * With retryBackoffMaxMs ≤ retryBackoffMs the answer is always retryBackoffMaxMs.
 */
export function nominalRetryBackoffMs(attempts: number, config: RetryBackoffConfig): number {
  const { retryBackoffMs: base, retryBackoffMaxMs: max } = config;
  if (max <= base) return max; // Kafka: a constant backoff of retry.backoff.max.ms
  // Past 2^60 the product is above any cap a safe integer can hold; stop growing the exponent there.
  const exponent = Math.min(Math.max(Math.floor(attempts) - 1, 0), 60);
  return Math.min(base * RETRY_BACKOFF_EXP_BASE ** exponent, max);
}

/** The whole-ms waits `retryBackoffMs` can return for this attempt: [min, max], both inclusive. */
export interface RetryBackoffRange {
  readonly minMs: number;
  readonly maxMs: number;
}

export function retryBackoffRangeMs(attempts: number, config: RetryBackoffConfig): RetryBackoffRange {
  const { lowMs, widthMs } = jitterWindow(attempts, config);
  return { minMs: lowMs, maxMs: Math.min(lowMs + Math.max(widthMs - 1, 0), config.retryBackoffMaxMs) };
}

/**
 * The wait, in whole ms, before the retry that follows the `attempts`-th consecutive failure
 * (attempts 1, 2, 3... → about 100, 200, 400... with the defaults), jittered by ±20% with one draw
 * from `random`, and never above retryBackoffMaxMs. See the module comment for Kafka's rules.
 */
export function retryBackoffMs(attempts: number, config: RetryBackoffConfig, random: RandomSource): number {
  const { lowMs, widthMs } = jitterWindow(attempts, config);
  const drawn = widthMs > 1 ? lowMs + random.nextInt(widthMs) : lowMs;
  return Math.min(drawn, config.retryBackoffMaxMs);
}

/**
 * Kafka computes (long) (factor × term) with factor uniform in [0.8, 1.2): the whole-ms results are
 * floor(0.8 × term) ... ceil(1.2 × term) - 1. Integer arithmetic (term × 4 / 5, term × 6 / 5) keeps
 * the bounds exact where 0.8 × term in floating point would not be.
 */
function jitterWindow(attempts: number, config: RetryBackoffConfig): { readonly lowMs: number; readonly widthMs: number } {
  const term = nominalRetryBackoffMs(attempts, config);
  // Kafka applies no jitter when the backoff cannot grow (max ≤ base): a constant wait.
  if (config.retryBackoffMaxMs <= config.retryBackoffMs) return { lowMs: term, widthMs: 1 };
  const lowMs = Math.floor((term * 4) / 5);
  const highExclusiveMs = Math.ceil((term * 6) / 5);
  return { lowMs, widthMs: highExclusiveMs - lowMs };
}
