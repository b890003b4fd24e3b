/**
 * `kafka partition <key> --partitions N [--json]`: which partition Kafka's default partitioner
 * (Java client 3.3+/4.x, KafkaJS 2.x) picks for a string key, with every intermediate value:
 * toPositive(murmur2(utf8(key))) % N. kafka-semantics.md 3.1, 3.2; Utils.java, BuiltInPartitioner.java.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { explainKeyPartition, type KeyPartitionExplanation } from '../../kafka/partitioning/index.js';
import type { CliIo } from './cli-io.js';

interface PartitionOptions {
  readonly partitions: number;
  readonly json?: boolean;
}

export function registerPartitionCommand(program: Command, io: CliIo): void {
  program
    .command('partition')
    .description("Show the partition Kafka's default partitioner picks for a key, step by step.")
    .argument('<key>', 'the record key; hashed as its UTF-8 bytes, as the default StringSerializer sends it')
    .requiredOption('-p, --partitions <count>', 'number of partitions of the topic (a positive integer)', parsePartitionCount)
    .option('--json', 'print one JSON object {"key","murmur2","toPositive","partition"} on one line')
    .addHelpText('after', '\nExample:\n  npm run kafka -- partition user-123 --partitions 3\n')
    .action((key: string, options: PartitionOptions) => {
      const explanation = explainKeyPartition(key, options.partitions);
      io.writeOut(options.json === true ? formatKeyPartitionJson(explanation) : formatKeyPartitionText(explanation, options.partitions));
    });
}

/** Strict: digits only ("3"), so "3.5", "1e3", "0x10", "-1" and "" are refused rather than coerced. */
export function parsePartitionCount(value: string): number {
  const count = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new InvalidArgumentError('The partition count must be a positive integer (1, 2, 3, ...).');
  }
  return count;
}

/** Exactly these keys, in this order, on one line: scripts and tests rely on it. */
export function formatKeyPartitionJson(explanation: KeyPartitionExplanation): string {
  const { key, murmur2, toPositive, partition } = explanation;
  return `${JSON.stringify({ key, murmur2, toPositive, partition })}\n`;
}

export function formatKeyPartitionText(explanation: KeyPartitionExplanation, numPartitions: number): string {
  const { key, bytes, murmur2, toPositive, partition } = explanation;
  const byteList = bytes.length === 0 ? '(none)' : bytes.map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
  const lines = [
    `key          ${JSON.stringify(key)}`,
    `UTF-8 bytes  ${byteList}  (${bytes.length} byte${bytes.length === 1 ? '' : 's'})`,
    `murmur2      ${murmur2}  (signed 32-bit, as Java's Utils.murmur2 returns it)`,
    `toPositive   ${toPositive}  (= murmur2 & 0x7fffffff: clears the sign bit)`,
    `partition    ${partition}  (= ${toPositive} % ${numPartitions})`,
  ];
  if (murmur2 < 0) {
    const absolute = Math.abs(murmur2);
    lines.push(
      '',
      `toPositive is not Math.abs: abs would give ${absolute} and partition ${absolute % numPartitions}, which is not what Kafka does.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
