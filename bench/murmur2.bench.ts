/**
 * murmur2 throughput: ours (src/kafka/partitioning/murmur2.ts) against KafkaJS 2.2.4's
 * Java-compatible port (kafkajs/src/producer/partitioners/default/murmur2.js), in the same run.
 *
 * Fair comparison: a producer hashes the SERIALIZED key, so both get bytes encoded once, outside the
 * timed loop: ours a Uint8Array (TextEncoder), KafkaJS a Buffer (so its `Buffer.isBuffer` check
 * passes and it does not call Buffer.from inside). Only the hash calls are timed. The keys are
 * 100,000: half `user-<n>`, half of mixed lengths (1-64 bytes, including multi-byte UTF-8) so every
 * tail length and several block counts are exercised. One warm-up pass each, then several rounds
 * alternating which implementation goes first, each round repeating whole passes for at least
 * ROUND_MIN_MS; the median round is reported.
 *
 * What makes ours fast (no tricks beyond that): int32 arithmetic only (Math.imul, >>>), no allocation
 * per call, no per-byte branching. KafkaJS does the same arithmetic with a BigInt-backed Long class,
 * allocating several objects per 4-byte block. Run alone: npx tsx bench/murmur2.bench.ts
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { murmur2 } from '../src/kafka/partitioning/murmur2.js';
import { formatBenchTable, type BenchResult } from './result.js';

const KEY_COUNT = 100_000;
const ROUNDS = 7;
/** A round repeats full passes until at least this long, so a fast implementation is not timed on 2 ms. */
const ROUND_MIN_MS = 100;

const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer | string) => number;

/** Deterministic keys: no randomness, so every run hashes the same bytes. */
function benchmarkKeys(): string[] {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-_éü日🙂';
  const keys: string[] = [];
  for (let n = 0; n < KEY_COUNT; n++) {
    if (n % 2 === 0) {
      keys.push(`user-${n}`);
      continue;
    }
    const length = 1 + ((n * 7919) % 40);
    let key = '';
    for (let i = 0; key.length < length; i++) key += alphabet[(n * 31 + i * 17) % alphabet.length];
    keys.push(key);
  }
  return keys;
}

/** Hashes every key once; returns elapsed ms and a checksum that keeps the calls from being optimised away. */
function timePass<Key>(hash: (key: Key) => number, keys: readonly Key[]): { elapsedMs: number; checksum: number } {
  let checksum = 0;
  const start = performance.now();
  for (let i = 0; i < keys.length; i++) checksum = (checksum + hash(keys[i]!)) | 0;
  return { elapsedMs: performance.now() - start, checksum };
}

/** Keys per second over whole passes repeated for at least ROUND_MIN_MS. */
function timeRound<Key>(hash: (key: Key) => number, keys: readonly Key[]): number {
  let elapsedMs = 0;
  let hashed = 0;
  while (elapsedMs < ROUND_MIN_MS) {
    elapsedMs += timePass(hash, keys).elapsedMs;
    hashed += keys.length;
  }
  return (hashed / elapsedMs) * 1000;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function benchMurmur2(): Promise<BenchResult[]> {
  const keys = benchmarkKeys();
  const encoder = new TextEncoder();
  const ourInputs = keys.map((key) => encoder.encode(key));
  const kafkajsInputs = keys.map((key) => Buffer.from(key, 'utf8'));
  const byteCount = ourInputs.reduce((sum, bytes) => sum + bytes.length, 0);

  // Warm-up (lets the JIT optimise both) and a correctness guard: same bytes, same hashes.
  const ourWarm = timePass(murmur2, ourInputs);
  const kafkajsWarm = timePass(kafkajsMurmur2, kafkajsInputs);
  if (ourWarm.checksum !== kafkajsWarm.checksum) {
    throw new Error(`murmur2 checksums differ: ours ${ourWarm.checksum}, kafkajs ${kafkajsWarm.checksum}`);
  }

  const ourRates: number[] = [];
  const kafkajsRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const ourFirst = round % 2 === 0;
    if (ourFirst) ourRates.push(timeRound(murmur2, ourInputs));
    kafkajsRates.push(timeRound(kafkajsMurmur2, kafkajsInputs));
    if (!ourFirst) ourRates.push(timeRound(murmur2, ourInputs));
  }

  const ourKeysPerSecond = median(ourRates);
  const kafkajsKeysPerSecond = median(kafkajsRates);
  const setup = `${KEY_COUNT.toLocaleString('en-US')} pre-encoded keys (${byteCount.toLocaleString('en-US')} bytes), median of ${ROUNDS} rounds of >= ${ROUND_MIN_MS} ms`;
  return [
    { name: 'murmur2 ours (Uint8Array)', value: ourKeysPerSecond, unit: 'keys/s', note: setup },
    { name: 'murmur2 kafkajs 2.2.4 (Buffer)', value: kafkajsKeysPerSecond, unit: 'keys/s', note: setup },
    { name: 'murmur2 speed-up ours/kafkajs', value: ourKeysPerSecond / kafkajsKeysPerSecond, unit: 'x', note: 'goal >= 1.5' },
  ];
}

const script = process.argv[1];
if (script !== undefined && fileURLToPath(import.meta.url) === resolve(script)) {
  console.log(formatBenchTable(await benchMurmur2()));
}
