/**
 * Exercise 01: the partitioner. Which partition does the Java producer send a record to?
 *
 * Write the five functions below; keep their names and signatures (the tests, and the simulated
 * cluster's producer, call them). README.md says what each must do and where Kafka does it.
 * Re-run the tests on every save: npm run lab 02 -- --watch 01
 */

/** The bytes Kafka's StringSerializer puts on the wire for a key. */
export function keyBytes(key: string): Uint8Array {
  throw new Error(`not written yet: keyBytes(${JSON.stringify(key)})`);
}

/** Java's Utils.murmur2: the signed 32-bit hash of `data`, exactly as the Java client computes it. */
export function murmur2(data: Uint8Array): number {
  throw new Error(`not written yet: murmur2 of ${data.length} bytes`);
}

/** Java's Utils.toPositive: a non-negative int from any int. */
export function toPositive(n: number): number {
  throw new Error(`not written yet: toPositive(${n})`);
}

/** The partition of a record with this key (serialized) in a topic of `numPartitions` partitions. */
export function partitionForKey(key: Uint8Array, numPartitions: number): number {
  throw new Error(`not written yet: partitionForKey(${key.length} bytes, ${numPartitions})`);
}

/**
 * Records without a key stick to one partition. After each append: should the next keyless record
 * move on to a new partition? `bytesProduced` counts the bytes sent to the current partition so far,
 * this record included; `batchFull` says whether that partition's newest batch is now full.
 */
export function shouldSwitchStickyPartition(bytesProduced: number, batchSizeBytes: number, batchFull: boolean): boolean {
  throw new Error(`not written yet: shouldSwitchStickyPartition(${bytesProduced}, ${batchSizeBytes}, ${batchFull})`);
}
