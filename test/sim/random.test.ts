import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/sim/random.js';

function draws(random: SeededRandom, count: number, bound = 1_000_000): number[] {
  return Array.from({ length: count }, () => random.nextInt(bound));
}

describe('SeededRandom', () => {
  it('replays the same stream for the same seed', () => {
    expect(draws(new SeededRandom(42), 100)).toEqual(draws(new SeededRandom(42), 100));
  });

  it('gives unrelated streams for neighbouring seeds', () => {
    const a = draws(new SeededRandom(1), 100);
    const b = draws(new SeededRandom(2), 100);
    const same = a.filter((value, index) => value === b[index]).length;
    expect(same).toBeLessThan(3);
  });

  it('accepts negative and large safe-integer seeds, and tells them apart', () => {
    const seeds = [0, -1, 2 ** 32, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
    const firsts = seeds.map((seed) => new SeededRandom(seed).nextUint32());
    expect(new Set(firsts).size).toBe(seeds.length);
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => new SeededRandom(1.5)).toThrow(/safe integer/);
    expect(() => new SeededRandom(Number.NaN)).toThrow(/safe integer/);
  });

  it('keeps nextInt within [0, bound) and covers it', () => {
    const random = new SeededRandom(7);
    for (const bound of [1, 2, 3, 7, 10, 1000, 2 ** 31 + 1, 2 ** 32]) {
      let outside = 0;
      for (let index = 0; index < 2_000; index++) {
        const value = random.nextInt(bound);
        if (!(Number.isInteger(value) && value >= 0 && value < bound)) outside++;
      }
      expect(outside).toBe(0);
    }
    const seen = new Set(draws(random, 500, 6));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('rejects bounds that are not positive integers up to 2^32', () => {
    const random = new SeededRandom(1);
    for (const bound of [0, -1, 1.5, Number.NaN, Infinity, 2 ** 32 + 1]) {
      expect(() => random.nextInt(bound)).toThrow(RangeError);
    }
  });

  it('is roughly uniform (chi-square over 10 buckets)', () => {
    const random = new SeededRandom(123);
    const buckets = new Array<number>(10).fill(0);
    const samples = 100_000;
    for (let index = 0; index < samples; index++) buckets[random.nextInt(10)]!++;
    const expected = samples / 10;
    const chiSquare = buckets.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: p = 0.001 at 27.9.
    expect(chiSquare).toBeLessThan(27.9);
  });

  it('keeps nextFloat in [0, 1) with mean near one half', () => {
    const random = new SeededRandom(5);
    let sum = 0;
    let outside = 0;
    for (let index = 0; index < 50_000; index++) {
      const value = random.nextFloat();
      if (!(value >= 0 && value < 1)) outside++;
      sum += value;
    }
    expect(outside).toBe(0);
    expect(sum / 50_000).toBeCloseTo(0.5, 1);
  });

  it('honours chance(p), and decides p = 0 and p = 1 without drawing', () => {
    const random = new SeededRandom(9);
    let hits = 0;
    for (let index = 0; index < 20_000; index++) if (random.chance(0.3)) hits++;
    expect(hits / 20_000).toBeGreaterThan(0.28);
    expect(hits / 20_000).toBeLessThan(0.32);

    const a = new SeededRandom(10);
    const b = new SeededRandom(10);
    expect(a.chance(0)).toBe(false);
    expect(a.chance(1)).toBe(true);
    expect(a.nextUint32()).toBe(b.nextUint32());
    expect(() => a.chance(1.5)).toThrow(RangeError);
    expect(() => a.chance(Number.NaN)).toThrow(RangeError);
  });

  it('picks every element of an array and refuses an empty one', () => {
    const random = new SeededRandom(11);
    const seen = new Set(Array.from({ length: 200 }, () => random.pick(['a', 'b', 'c'])));
    expect([...seen].sort()).toEqual(['a', 'b', 'c']);
    expect(() => random.pick([])).toThrow(/non-empty/);
  });

  describe('fork', () => {
    it('is deterministic per label and independent of how much the parent was used', () => {
      const fresh = new SeededRandom(99);
      const used = new SeededRandom(99);
      draws(used, 1_000);
      expect(draws(fresh.fork('network'), 50)).toEqual(draws(used.fork('network'), 50));
    });

    it('does not consume the parent stream', () => {
      const forked = new SeededRandom(3);
      forked.fork('node:a');
      forked.fork('node:b');
      expect(draws(forked, 20)).toEqual(draws(new SeededRandom(3), 20));
    });

    it('gives different labels and different seeds different streams', () => {
      const root = new SeededRandom(3);
      const streams = [root.fork('node:a'), root.fork('node:b'), root.fork('network'), new SeededRandom(4).fork('node:a'), root];
      const firsts = streams.map((stream) => draws(stream, 4).join(','));
      expect(new Set(firsts).size).toBe(streams.length);
    });

    it('gives forks that are not correlated with their parent', () => {
      const root = new SeededRandom(17);
      const child = root.fork('x');
      let same = 0;
      for (let index = 0; index < 1_000; index++) if (root.nextInt(2) === child.nextInt(2)) same++;
      expect(same).toBeGreaterThan(430);
      expect(same).toBeLessThan(570);
    });
  });
});
