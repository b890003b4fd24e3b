/**
 * Exercise 01, the partitioner: its hint ladder and the promises its tests check. The keyed checks
 * run the learner's partitioner inside the producer of a simulated 3-broker cluster and compare
 * every choice with the Java client's (the reference murmur2 is checked against vectors produced by
 * the Java client in test/kafka/partitioning). Kafka: Utils.murmur2/toPositive,
 * BuiltInPartitioner.partitionForKey and updatePartitionInfo, StringSerializer.
 */
import { murmur2 as javaMurmur2, toPositive as javaToPositive } from '../../kafka/partitioning/murmur2.js';
import { decideStickySwitch } from '../../kafka/partitioning/sticky-partitioner.js';
import { SeededRandom } from '../../sim/random.js';
import { CallLog } from '../call-log.js';
import { broken, plain, type Check, type ExerciseDefinition } from '../exercise.js';
import { runScenario } from '../scenario-run.js';
import { WatchedCluster } from '../scenario-trace.js';
import type * as Starter from '../../../labs/02-architecture/starters/01-partitioner/partitioner.js';

export type PartitionerImpl = typeof Starter;

const TOPIC = 'orders';
const PARTITIONS = 6;
/** Keys a lesson uses, plus multi-byte UTF-8 ones (where UTF-16 code units and UTF-8 bytes differ). */
const KEYS = ['user-123', 'user-456', 'order-1', 'a', '', 'customer-42', 'café', 'Zürich', '日本', 'emoji-🙂', 'key-with-some-length-9'];
const SCENARIO_SEEDS = [11];
const utf8 = new TextEncoder();

interface KeyedRun {
  readonly watched: WatchedCluster;
  readonly log: CallLog;
  /** key → partitions its records landed on, in send order. */
  readonly landed: Map<string, number[]>;
  readonly sent: number;
}

const runs = new WeakMap<PartitionerImpl, KeyedRun[]>();

/** Sends every key three times through a producer that uses the learner's partitioner (one run per implementation, shared by the checks). */
function keyedRuns(impl: PartitionerImpl): KeyedRun[] {
  const known = runs.get(impl);
  if (known !== undefined) return known;
  const result = SCENARIO_SEEDS.map((seed) => keyedRun(impl, seed));
  runs.set(impl, result);
  return result;
}

function keyedRun(impl: PartitionerImpl, seed: number): KeyedRun {
  const log = new CallLog();
  const watched = new WatchedCluster({ seed, brokers: 3, network: { minDelayMs: 1, maxDelayMs: 5 } });
  const keyBytes = log.wrap('keyBytes', impl.keyBytes);
  const partitionForKey = log.wrap('partitionForKey', impl.partitionForKey);
  const decoder = new TextDecoder();
  const landed = new Map<string, number[]>();
  watched.cluster.sim.onEvent((event) => {
    if (event.type === 'produce.partitioned' && event.key !== null) landed.set(event.key, [...(landed.get(event.key) ?? []), event.partition]);
  });
  let sent = 0;
  runScenario(watched, log, 'partitionForKey', () => {
    watched.cluster.start();
    watched.cluster.createTopic(TOPIC, PARTITIONS, 3);
    watched.cluster.runFor(1_000);
    // The producer serializes with UTF-8; the learner's keyBytes re-serializes the key string, as StringSerializer would.
    watched.addProducer('producer', { acks: -1, lingerMs: 0, partitionForKey: (bytes, count) => partitionForKey(keyBytes(decoder.decode(bytes)), count) });
    for (let round = 0; round < 3; round++) {
      for (const key of KEYS) watched.send('producer', TOPIC, key, `${key}#${round}`, watched.cluster.now + 5 * sent++);
    }
    watched.cluster.runFor(2_000);
  });
  return { watched, log, landed, sent };
}

function javaPartition(key: string, partitions: number): number {
  return javaToPositive(javaMurmur2(utf8.encode(key))) % partitions;
}

const sameKeySamePartition: Check<PartitionerImpl> = {
  id: 'same-key-same-partition',
  promise: 'the same key always lands in the same partition',
  run(impl) {
    for (const run of keyedRuns(impl)) {
      for (const key of KEYS) {
        const partitions = run.landed.get(key) ?? [];
        if (partitions.length < 3) {
          const rejected = run.watched.events.find((event) => event.type === 'input.rejected');
          const why = rejected?.type === 'input.rejected' ? `: ${rejected.reason}` : '';
          broken(`the records with key ${JSON.stringify(key)} were not all partitioned (${partitions.length} of 3)${why}`, {
            seed: run.watched.seed,
            ...run.watched.shortTrace(rejected),
            ...withCall(run.log.last('partitionForKey')),
          });
        }
        if (new Set(partitions).size > 1) {
          const event = run.watched.events.find((candidate) => candidate.type === 'produce.partitioned' && candidate.key === key && candidate.partition !== partitions[0]);
          broken(`key ${JSON.stringify(key)} landed on partitions ${partitions.join(', ')}: one key must always map to one partition, or its records lose their order`, {
            seed: run.watched.seed,
            ...run.watched.shortTrace(event, (candidate) => candidate.type === 'produce.partitioned' && candidate.key === key),
          });
        }
      }
    }
  },
};

const javaClientPartition: Check<PartitionerImpl> = {
  id: 'java-client-partition',
  promise: 'each key lands on the partition the Java client would pick',
  run(impl) {
    for (const run of keyedRuns(impl)) {
      for (const key of KEYS) {
        const expected = javaPartition(key, PARTITIONS);
        const event = run.watched.events.find((candidate) => candidate.type === 'produce.partitioned' && candidate.key === key);
        const got = event?.type === 'produce.partitioned' ? event.partition : undefined;
        if (got === expected) continue;
        const bytes = Array.from(utf8.encode(key));
        broken(
          `key ${JSON.stringify(key)} went to partition ${got ?? 'none'}, but the Java client sends it to partition ${expected} of ${PARTITIONS} ` +
            `(UTF-8 bytes [${bytes.join(', ')}], murmur2 ${javaMurmur2(utf8.encode(key))}, toPositive ${javaToPositive(javaMurmur2(utf8.encode(key)))})`,
          { seed: run.watched.seed, ...run.watched.shortTrace(event), call: { fn: 'partitionForKey', inputs: { key, keyBytes: bytes, numPartitions: PARTITIONS }, output: got } },
        );
      }
    }
  },
};

const utf8KeyBytes: Check<PartitionerImpl> = {
  id: 'utf8-key-bytes',
  promise: 'a key is hashed as its UTF-8 bytes, as StringSerializer writes them',
  run(impl) {
    for (const key of KEYS) {
      const output = impl.keyBytes(key);
      const expected = Array.from(utf8.encode(key));
      const got = Array.from(output ?? []);
      if (got.length !== expected.length || got.some((byte, index) => byte !== expected[index])) {
        broken(`keyBytes(${JSON.stringify(key)}) gave [${got.join(', ')}]; StringSerializer writes the UTF-8 bytes [${expected.join(', ')}]`, {
          call: { fn: 'keyBytes', inputs: key, output: plain(output) },
        });
      }
    }
  },
};

/** Byte strings of every length 0..12 (all four tail lengths, several blocks), with bytes above 0x7f. */
function hashInputs(): Uint8Array[] {
  const random = new SeededRandom(2024);
  const inputs: Uint8Array[] = KEYS.map((key) => utf8.encode(key));
  for (let length = 0; length <= 12; length++) {
    inputs.push(Uint8Array.from({ length }, () => random.nextInt(256)));
    inputs.push(Uint8Array.from({ length }, () => 0x80 + random.nextInt(128)));
  }
  return inputs;
}

const murmur2MatchesJava: Check<PartitionerImpl> = {
  id: 'murmur2-matches-java',
  promise: "murmur2 gives the Java client's hash, bit for bit",
  run(impl) {
    for (const bytes of hashInputs()) {
      const got = impl.murmur2(bytes);
      const expected = javaMurmur2(bytes);
      if (got !== expected) {
        broken(`murmur2 of the bytes [${Array.from(bytes).join(', ')}] gave ${got}; Java's Utils.murmur2 gives ${expected} (a signed 32-bit int)`, {
          call: { fn: 'murmur2', inputs: Array.from(bytes), output: got },
        });
      }
    }
  },
};

const toPositiveNotAbs: Check<PartitionerImpl> = {
  id: 'to-positive-not-abs',
  promise: 'toPositive clears the sign bit, as Java does (it is not Math.abs)',
  run(impl) {
    const random = new SeededRandom(7);
    const values = [-1468255980, -2147483648, -1, 0, 1, 2147483647, -123456789];
    for (let index = 0; index < 50; index++) values.push(random.nextUint32() | 0);
    for (const value of values) {
      const got = impl.toPositive(value);
      const expected = javaToPositive(value);
      if (got !== expected) {
        broken(`toPositive(${value}) gave ${got}; Java's Utils.toPositive gives ${expected} (${value} & 0x7fffffff)`, { call: { fn: 'toPositive', inputs: value, output: got } });
      }
    }
  },
};

/** A producer's keyless appends to one partition: record sizes and when its batch fills. */
function stickyAppends(seed: number): Array<{ bytesProduced: number; batchFull: boolean }> {
  const random = new SeededRandom(seed);
  const appends: Array<{ bytesProduced: number; batchFull: boolean }> = [];
  let bytesProduced = 0;
  let inBatch = 0;
  for (let index = 0; index < 60; index++) {
    const size = 200 + random.nextInt(900);
    bytesProduced += size;
    inBatch += size;
    // A batch is full when the next record of this size would not fit (RecordAccumulator's view).
    const batchFull = inBatch + size > BATCH_SIZE || random.chance(0.05);
    if (batchFull) inBatch = 0;
    appends.push({ bytesProduced, batchFull });
  }
  return appends;
}

const BATCH_SIZE = 4_096;

const stickyUntilBatchFull: Check<PartitionerImpl> = {
  id: 'sticky-until-batch-full',
  promise: 'keyless records stick to one partition until batch.size bytes went there and its batch is full (or 2 × batch.size)',
  run(impl) {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const trace: string[] = [];
      for (const append of stickyAppends(seed)) {
        const expected = decideStickySwitch(append.bytesProduced, BATCH_SIZE, append.batchFull);
        const got = impl.shouldSwitchStickyPartition(append.bytesProduced, BATCH_SIZE, append.batchFull);
        trace.push(`append: ${append.bytesProduced} bytes to this partition, batch ${append.batchFull ? 'full' : 'has room'} -> ${got ? 'switch' : 'stay'}`);
        const shouldSwitch = expected === 'switch' || expected === 'forced-switch';
        if (got !== shouldSwitch) {
          const why = {
            stay: `fewer than batch.size (${BATCH_SIZE}) bytes went to this partition: stay`,
            'stay-batch-not-full': `batch.size reached but the batch still has room: stay, or the next partition starts with a fractional batch`,
            switch: 'batch.size reached and the batch is full: switch',
            'forced-switch': `2 × batch.size (${2 * BATCH_SIZE}) bytes reached: switch even though the batch has room`,
          }[expected];
          broken(`after ${append.bytesProduced} bytes with the batch ${append.batchFull ? 'full' : 'not full'}, shouldSwitchStickyPartition said ${got ? 'switch' : 'stay'}; Kafka says: ${why}`, {
            seed,
            trace: trace.slice(-8),
            brokeAtStep: Math.min(trace.length, 8) - 1,
            call: { fn: 'shouldSwitchStickyPartition', inputs: [append.bytesProduced, BATCH_SIZE, append.batchFull], output: got },
          });
        }
        if (shouldSwitch) trace.push('(the next keyless record draws a new partition)');
      }
    }
  },
};

function withCall(call: ReturnType<CallLog['last']>): { call?: NonNullable<ReturnType<CallLog['last']>> } {
  return call === undefined ? {} : { call };
}

export const partitionerExercise: ExerciseDefinition<PartitionerImpl> = {
  id: '01-partitioner',
  title: 'The partitioner: murmur2, toPositive, keyed and sticky choice',
  file: 'exercises/01-partitioner/partitioner.ts',
  exports: ['keyBytes', 'murmur2', 'toPositive', 'partitionForKey', 'shouldSwitchStickyPartition'],
  hints: [
    'Start with keyBytes and toPositive: one line each. A Java String key reaches the partitioner as the bytes StringSerializer wrote, and toPositive is about the sign bit.',
    'murmur2 works on Java ints: every step wraps at 2^32. In JavaScript, `*` on two large ints loses the low bits; Math.imul multiplies like Java. Java\'s `>>>` is JavaScript\'s `>>>`, and `|`, `^`, `<<` already give 32-bit ints.',
    'murmur2: seed 0x9747b28c, m = 0x5bd1e995, r = 24. h = seed ^ length; for each 4-byte little-endian block k: k *= m; k ^= k >>> 24; k *= m; h = h * m ^ k. Then the 1-3 tail bytes (3: h ^= b2 << 16; 2: h ^= b1 << 8; 1: h ^= b0; h *= m), then h ^= h >>> 13; h *= m; h ^= h >>> 15.',
    'toPositive(n) is `n & 0x7fffffff`, not Math.abs: murmur2("user-123") = -1468255980 gives 679227668 and partition 2 of 3. partitionForKey is toPositive(murmur2(key)) % numPartitions. keyBytes is new TextEncoder().encode(key).',
    'shouldSwitchStickyPartition: switch when bytesProduced >= batchSizeBytes and the batch is full; also switch, full or not, when bytesProduced >= 2 * batchSizeBytes; otherwise stay.',
  ],
  hintFor: {
    'utf8-key-bytes': 0,
    'to-positive-not-abs': 3,
    'murmur2-matches-java': 2,
    'java-client-partition': 3,
    'same-key-same-partition': 3,
    'sticky-until-batch-full': 4,
  },
  checks: [utf8KeyBytes, toPositiveNotAbs, murmur2MatchesJava, sameKeySamePartition, javaClientPartition, stickyUntilBatchFull],
};
