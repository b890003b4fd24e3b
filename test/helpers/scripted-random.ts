/**
 * Tiny deterministic RandomSource implementations for tests (src/kafka/step.ts).
 * - `scriptedRandom([4, 0, 7])` returns the scripted values in order and records every bound it was
 *   asked for, so a test can check both what was drawn and from which range.
 * - `seededRandom(seed)` is a small 32-bit generator (mulberry32) for statistical properties.
 */
import type { RandomSource } from '../../src/kafka/step.js';

export interface ScriptedRandom extends RandomSource {
  /** Every `boundExclusive` passed to nextInt, in call order. */
  readonly bounds: number[];
  /** How many scripted values are still unused. */
  remaining(): number;
}

export function scriptedRandom(values: readonly number[]): ScriptedRandom {
  let next = 0;
  const bounds: number[] = [];
  return {
    bounds,
    remaining: () => values.length - next,
    nextInt(boundExclusive: number): number {
      bounds.push(boundExclusive);
      if (next >= values.length) {
        throw new Error(`scriptedRandom ran out of values (call ${next + 1}, bound ${boundExclusive})`);
      }
      const value = values[next++]!;
      if (value < 0 || value >= boundExclusive) {
        throw new Error(`scripted value ${value} is outside [0, ${boundExclusive})`);
      }
      return value;
    },
  };
}

/** mulberry32: fast, well spread for test statistics, reproducible from a 32-bit seed. */
export function seededRandom(seed: number): RandomSource {
  let state = seed | 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return (mixed ^ (mixed >>> 14)) >>> 0;
  };
  return {
    nextInt(boundExclusive: number): number {
      // Scale to the bound; the bias for bounds far below 2^32 is negligible for tests.
      return Math.floor((nextUint32() / 0x1_0000_0000) * boundExclusive);
    },
  };
}
