/** Known-wrong partitioners: each one a mistake learners make with murmur2, toPositive and keys. */
import * as solution from '../../../labs/02-architecture/solutions/01-partitioner/partitioner.js';
import type { PartitionerImpl } from '../../../src/labs/lab02/partitioner.js';
import type { KnownWrong } from './known-wrong.js';

const mathAbs: PartitionerImpl = {
  ...solution,
  toPositive: (n) => Math.abs(n),
  partitionForKey: (key, numPartitions) => Math.abs(solution.murmur2(key)) % numPartitions,
};

/** charCodeAt per UTF-16 code unit, kept to a byte: right for ASCII, wrong for "café" or "日本". */
const utf16CodeUnits: PartitionerImpl = {
  ...solution,
  keyBytes: (key) => Uint8Array.from(Array.from({ length: key.length }, (_, index) => key.charCodeAt(index) & 0xff)),
};

/** `h * m` instead of Math.imul: the product passes 2^53 and loses its low bits. */
function murmur2WithPlainMultiply(data: Uint8Array): number {
  const m = 0x5bd1e995;
  let h = 0x9747b28c ^ data.length;
  const blocksEnd = data.length - (data.length % 4);
  for (let i = 0; i < blocksEnd; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = (k * m) | 0;
    k ^= k >>> 24;
    k = (k * m) | 0;
    h = ((h * m) | 0) ^ k;
  }
  const tail = data.length % 4;
  if (tail === 3) h ^= data[blocksEnd + 2]! << 16;
  if (tail >= 2) h ^= data[blocksEnd + 1]! << 8;
  if (tail >= 1) h = ((h ^ data[blocksEnd]!) * m) | 0;
  h ^= h >>> 13;
  h = (h * m) | 0;
  h ^= h >>> 15;
  return h;
}

const plainMultiply: PartitionerImpl = {
  ...solution,
  murmur2: murmur2WithPlainMultiply,
  partitionForKey: (key, numPartitions) => solution.toPositive(murmur2WithPlainMultiply(key)) % numPartitions,
};

/** Switches as soon as batch.size bytes went to the partition, full batch or not. */
const switchBeforeBatchFull: PartitionerImpl = {
  ...solution,
  shouldSwitchStickyPartition: (bytesProduced, batchSizeBytes) => bytesProduced >= batchSizeBytes,
};

/** Java's `%` of a negative hash is negative: without toPositive the partition can be -1. */
const noToPositive: PartitionerImpl = { ...solution, partitionForKey: (key, numPartitions) => solution.murmur2(key) % numPartitions };

export const wrongPartitioners: readonly KnownWrong<PartitionerImpl>[] = [
  { name: 'math-abs', mistake: 'Math.abs instead of toPositive', impl: mathAbs, caughtBy: ['to-positive-not-abs', 'java-client-partition'] },
  { name: 'utf16-code-units', mistake: "hashing the key's UTF-16 code units instead of its UTF-8 bytes", impl: utf16CodeUnits, caughtBy: ['utf8-key-bytes', 'java-client-partition'] },
  { name: 'plain-multiply', mistake: 'multiplying with * instead of Math.imul in murmur2', impl: plainMultiply, caughtBy: ['murmur2-matches-java', 'java-client-partition'] },
  { name: 'no-to-positive', mistake: 'murmur2 % partitions without toPositive (negative partitions)', impl: noToPositive, caughtBy: ['same-key-same-partition', 'java-client-partition'] },
  { name: 'switch-before-batch-full', mistake: 'sticky partitioner switches at batch.size even when the batch has room', impl: switchBeforeBatchFull, caughtBy: ['sticky-until-batch-full'] },
];
