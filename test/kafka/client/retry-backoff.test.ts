/**
 * The KIP-580 retry backoff (Kafka 3.7+): min(retry.backoff.ms × 2^(n-1), retry.backoff.max.ms)
 * with ±20% jitter, as Kafka's ExponentialBackoff computes it. Before 3.7 every retry waited the
 * fixed retry.backoff.ms.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consumerConfig,
  nominalRetryBackoffMs,
  producerConfig,
  retryBackoffMs,
  retryBackoffRangeMs,
  type RetryBackoffConfig,
} from '../../../src/kafka/client/index.js';
import { KafkaInputError } from '../../../src/kafka/errors.js';
import { scriptedRandom, seededRandom } from '../../helpers/scripted-random.js';
import { midpointRandom, noRandom } from './harness.js';

const DEFAULTS: RetryBackoffConfig = { retryBackoffMs: 100, retryBackoffMaxMs: 1_000 };
const EXPECTED = [100, 200, 400, 800, 1_000, 1_000];

/** ±20% of the nominal value, never above the cap. */
function withinJitter(value: number, nominal: number, cap: number): boolean {
  return Number.isSafeInteger(value) && value >= Math.floor(nominal * 0.8) && value < Math.ceil(nominal * 1.2) && value <= cap;
}

describe('retry backoff: the sequence (KIP-580)', () => {
  it('grows 100, 200, 400, 800, 1000, 1000 ms for consecutive failures with the defaults', () => {
    expect(EXPECTED.map((_, index) => nominalRetryBackoffMs(index + 1, DEFAULTS))).toEqual(EXPECTED);
    // The midpoint draw is no jitter at all: exactly the nominal waits.
    expect(EXPECTED.map((_, index) => retryBackoffMs(index + 1, DEFAULTS, midpointRandom))).toEqual(EXPECTED);
  });

  it('stays at the cap however many failures follow', () => {
    expect(nominalRetryBackoffMs(50, DEFAULTS)).toBe(1_000);
    expect(nominalRetryBackoffMs(10_000, DEFAULTS)).toBe(1_000);
    expect(retryBackoffRangeMs(10_000, DEFAULTS)).toEqual({ minMs: 800, maxMs: 1_000 });
  });

  it('jitters each wait within ±20% of 100, 200, 400, 800, 1000, 1000, in whole ms, never above the cap', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const random = seededRandom(seed);
        EXPECTED.forEach((nominal, index) => {
          const value = retryBackoffMs(index + 1, DEFAULTS, random);
          expect(withinJitter(value, nominal, 1_000)).toBe(true);
          const range = retryBackoffRangeMs(index + 1, DEFAULTS);
          expect(value).toBeGreaterThanOrEqual(range.minMs);
          expect(value).toBeLessThanOrEqual(range.maxMs);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('gives the ranges Kafka gives: (long) (factor × term) with factor in [0.8, 1.2), then the cap', () => {
    expect([1, 2, 3, 4, 5].map((attempts) => retryBackoffRangeMs(attempts, DEFAULTS))).toEqual([
      { minMs: 80, maxMs: 119 },
      { minMs: 160, maxMs: 239 },
      { minMs: 320, maxMs: 479 },
      { minMs: 640, maxMs: 959 },
      { minMs: 800, maxMs: 1_000 }, // 20% above the cap is cut back to the cap
    ]);
  });

  it('treats attempt 0 like the first failure: the base (Kafka asks backoff(0) for both)', () => {
    expect(nominalRetryBackoffMs(0, DEFAULTS)).toBe(100);
  });
});

describe('retry backoff: jitter comes from the injected RandomSource', () => {
  it('draws once per wait, as whole ms across the jitter window, and is the same for the same script', () => {
    const script = [0, 39, 40, 319, 399];
    const first = scriptedRandom(script);
    const values = [1, 1, 2, 4, 5].map((attempts) => retryBackoffMs(attempts, DEFAULTS, first));
    expect(values).toEqual([80, 119, 200, 959, 1_000]); // 800 + 399 = 1199 is capped at 1000
    expect(first.bounds).toEqual([40, 40, 80, 320, 400]);
    const again = scriptedRandom(script);
    expect([1, 1, 2, 4, 5].map((attempts) => retryBackoffMs(attempts, DEFAULTS, again))).toEqual(values);
  });

  it('replays the same waits from the same seed', () => {
    const run = (seed: number): number[] => {
      const random = seededRandom(seed);
      return Array.from({ length: 8 }, (_, index) => retryBackoffMs(index + 1, DEFAULTS, random));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });
});

describe('retry backoff: retry.backoff.max.ms ≤ retry.backoff.ms, as Kafka treats it', () => {
  it('max below the base: a constant max from the first retry on, no growth, no jitter (no draw)', () => {
    const config = { retryBackoffMs: 500, retryBackoffMaxMs: 300 };
    expect([1, 2, 3, 10].map((attempts) => retryBackoffMs(attempts, config, noRandom))).toEqual([300, 300, 300, 300]);
    expect(retryBackoffRangeMs(3, config)).toEqual({ minMs: 300, maxMs: 300 });
  });

  it('max equal to the base: the fixed backoff of Kafka before 3.7', () => {
    const config = { retryBackoffMs: 100, retryBackoffMaxMs: 100 };
    expect([1, 2, 3, 10].map((attempts) => retryBackoffMs(attempts, config, noRandom))).toEqual([100, 100, 100, 100]);
  });

  it('a base of 0 means no backoff at all', () => {
    expect([1, 5].map((attempts) => retryBackoffMs(attempts, { retryBackoffMs: 0, retryBackoffMaxMs: 1_000 }, noRandom))).toEqual([0, 0]);
    expect(retryBackoffMs(3, { retryBackoffMs: 0, retryBackoffMaxMs: 0 }, noRandom)).toBe(0);
  });
});

describe('retry.backoff.max.ms in the client configs', () => {
  it('defaults to 1000 ms in both clients, next to retry.backoff.ms = 100', () => {
    expect(producerConfig({ bootstrap: ['broker-1'] })).toMatchObject({ retryBackoffMs: 100, retryBackoffMaxMs: 1_000 });
    expect(consumerConfig({ bootstrap: ['broker-1'] })).toMatchObject({ retryBackoffMs: 100, retryBackoffMaxMs: 1_000 });
  });

  it('accepts a cap below retry.backoff.ms (Kafka only warns) and refuses a negative or fractional one', () => {
    expect(producerConfig({ bootstrap: ['broker-1'], retryBackoffMs: 500, retryBackoffMaxMs: 100 }).retryBackoffMaxMs).toBe(100);
    expect(consumerConfig({ bootstrap: ['broker-1'], retryBackoffMs: 500, retryBackoffMaxMs: 100 }).retryBackoffMaxMs).toBe(100);
    for (const bad of [-1, 1.5, Number.NaN]) {
      expect(() => producerConfig({ bootstrap: ['broker-1'], retryBackoffMaxMs: bad })).toThrow(KafkaInputError);
      expect(() => producerConfig({ bootstrap: ['broker-1'], retryBackoffMaxMs: bad })).toThrow(/retryBackoffMaxMs must be an integer ≥ 0/);
      expect(() => consumerConfig({ bootstrap: ['broker-1'], retryBackoffMaxMs: bad })).toThrow(/retryBackoffMaxMs must be an integer ≥ 0/);
    }
  });
});
