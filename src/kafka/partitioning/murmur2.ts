/**
 * MurmurHash2 (32-bit) exactly as the Java client computes it for keyed records.
 *
 * Source: clients/src/main/java/org/apache/kafka/common/utils/Utils.java (`murmur2`, `toPositive`);
 * pseudocode and test vectors in kafka-semantics.md section 3.2 and 3.5.
 *
 * Java does this arithmetic on `int`, so every step wraps at 2^32. JavaScript numbers are doubles:
 * multiplications go through `Math.imul` (a plain `*` loses the low bits once the product passes
 * 2^53), Java's `>>>` is JavaScript's `>>>`, and `^`, `|`, `<<` already narrow to int32.
 */

/** Kafka's fixed seed: every Java client, every version, hashes with it, so keys map the same everywhere. */
const SEED = 0x9747b28c;
/** MurmurHash2's mixing constant (`m`); its shift (`r`) is 24. */
const MULTIPLIER = 0x5bd1e995;

/**
 * The signed 32-bit MurmurHash2 of `bytes`, equal to Java's `Utils.murmur2(bytes)`.
 *
 * Hot path (the producer hashes every keyed record): one pass, no allocation, int32 arithmetic only.
 */
export function murmur2(bytes: Uint8Array): number {
  const length = bytes.length;
  let hash = SEED ^ length;

  // Little-endian 4-byte blocks. Uint8Array elements are already unsigned, so Java's `& 0xff` is implicit.
  const blocksEnd = length & ~3;
  let index = 0;
  while (index < blocksEnd) {
    let block = bytes[index]! | (bytes[index + 1]! << 8) | (bytes[index + 2]! << 16) | (bytes[index + 3]! << 24);
    block = Math.imul(block, MULTIPLIER);
    block ^= block >>> 24;
    block = Math.imul(block, MULTIPLIER);
    hash = Math.imul(hash, MULTIPLIER) ^ block;
    index += 4;
  }

  // The 1-3 tail bytes. Java uses a falling-through switch (3 does 3, 2, 1); the final multiply
  // happens once, and only when there is a tail.
  const tailLength = length & 3;
  if (tailLength === 3) hash ^= bytes[index + 2]! << 16;
  if (tailLength >= 2) hash ^= bytes[index + 1]! << 8;
  if (tailLength >= 1) {
    hash ^= bytes[index]!;
    hash = Math.imul(hash, MULTIPLIER);
  }

  // Final avalanche.
  hash ^= hash >>> 13;
  hash = Math.imul(hash, MULTIPLIER);
  hash ^= hash >>> 15;
  return hash;
}

/**
 * Java's `Utils.toPositive`: clears the sign bit (`n & 0x7fffffff`), so a negative hash becomes
 * `n + 2^31`. It is NOT `Math.abs`: murmur2("user-123") = -1468255980 gives 679227668 here
 * (partition 2 of 3) but 1468255980 with abs (partition 0 of 3). See kafka-semantics.md 3.2.
 */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}
