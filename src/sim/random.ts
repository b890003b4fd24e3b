/**
 * The simulator's only source of randomness: a seeded PRNG, so one integer replays a whole run.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG, 128 bits of state, passes
 * PractRand), seeded through splitmix32 so that neighbouring seeds (1, 2, 3...) give unrelated
 * streams. Everything is 32-bit integer arithmetic (`| 0`, `>>> 0`, Math.imul), which V8 keeps in
 * registers: a draw costs a few nanoseconds and allocates nothing.
 *
 * `fork(label)` derives an independent stream from this stream's *seed material* and the label,
 * without drawing from this stream. So the network, each node and each fault generator get their
 * own stream, and adding one more consumer of randomness in one place does not shift the numbers
 * every other consumer sees. The same label always gives the same stream: labels must be unique.
 */
import type { RandomSource } from '../kafka/step.js';

const TWO_POW_32 = 4_294_967_296;

/** A 32-bit avalanche of one word (splitmix32's output function). */
function mix32(value: number): number {
  let z = value | 0;
  z ^= z >>> 16;
  z = Math.imul(z, 0x21f0aaad);
  z ^= z >>> 15;
  z = Math.imul(z, 0x735a2d97);
  z ^= z >>> 15;
  return z >>> 0;
}

/** FNV-1a over the UTF-16 code units of a label: enough to turn "node:broker-1" into 32 bits. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < label.length; index++) {
    hash ^= label.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Folds any safe integer (negative and above 2^32 too) into 32 bits without losing the high part. */
function foldSeed(seed: number): number {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be a safe integer, got ${String(seed)}`);
  }
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_POW_32) >>> 0;
  return (low ^ mix32(high + 0x9e3779b9)) >>> 0;
}

export class SeededRandom implements RandomSource {
  /** The 32-bit material this stream was built from; forks derive from it, not from the state. */
  readonly seedMaterial: number;
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `seed` is any safe integer; streams for different seeds are unrelated. */
  constructor(seed: number) {
    this.seedMaterial = foldSeed(seed);
    // splitmix32: a Weyl sequence through the avalanche gives four well-spread state words.
    let weyl = this.seedMaterial;
    weyl = (weyl + 0x9e3779b9) | 0;
    this.a = mix32(weyl) | 0;
    weyl = (weyl + 0x9e3779b9) | 0;
    this.b = mix32(weyl) | 0;
    weyl = (weyl + 0x9e3779b9) | 0;
    this.c = mix32(weyl) | 0;
    weyl = (weyl + 0x9e3779b9) | 0;
    this.d = mix32(weyl) | 0;
    // sfc32's authors discard the first outputs so the state is fully mixed.
    for (let warmup = 0; warmup < 12; warmup++) this.nextUint32();
  }

  /** A uniformly distributed integer in [0, 2^32). */
  nextUint32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /**
   * A uniformly distributed integer in [0, boundExclusive). Unbiased: draws that fall in the
   * incomplete last block of 2^32 are rejected (at most one redraw on average, usually none).
   */
  nextInt(boundExclusive: number): number {
    if (!Number.isInteger(boundExclusive) || boundExclusive < 1 || boundExclusive > TWO_POW_32) {
      throw new RangeError(`nextInt bound must be an integer in [1, 2^32], got ${String(boundExclusive)}`);
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % boundExclusive);
    let draw = this.nextUint32();
    while (draw >= limit) draw = this.nextUint32();
    return draw % boundExclusive;
  }

  /** A uniformly distributed float in [0, 1) with 32 bits of resolution. */
  nextFloat(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /**
   * True with probability p. p = 0 and p = 1 decide without drawing, so a fault switched off costs
   * nothing and does not consume the stream.
   */
  chance(probability: number): boolean {
    if (!(probability >= 0 && probability <= 1)) {
      throw new RangeError(`probability must be in [0, 1], got ${String(probability)}`);
    }
    if (probability === 0) return false;
    if (probability === 1) return true;
    return this.nextFloat() < probability;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick needs a non-empty array');
    return items[this.nextInt(items.length)] as T;
  }

  /**
   * An independent stream for `label` ("network", "node:broker-1"). Derived from this stream's seed
   * material and the label only, so it does not depend on how much this stream has been used.
   */
  fork(label: string): SeededRandom {
    const derived = mix32((this.seedMaterial ^ mix32(hashLabel(label) + 0x6a09e667)) + 0x3c6ef372);
    return new SeededRandom(derived);
  }
}
