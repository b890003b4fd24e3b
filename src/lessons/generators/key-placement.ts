/**
 * Diagram: which partition each key lands on, with every intermediate value of the default
 * partitioner (murmur2 of the UTF-8 bytes, sign bit cleared, modulo the partition count).
 * Source of the rule: src/kafka/partitioning/partitioner.ts (semantics 3.1, 3.2).
 *
 *     generated key-placement keys=user-123,user-456 partitions=3
 */
import { explainKeyPartition } from '../../kafka/partitioning/partitioner.js';
import { ArgumentProblem, type DirectiveArgs } from '../directive-args.js';

const MAX_KEYS = 8;
const MAX_PARTITIONS_DRAWN = 12;

export function keyPlacementDiagram(args: DirectiveArgs): string[] {
  const keys = args.list('keys');
  const partitions = args.integer('partitions', 1, MAX_PARTITIONS_DRAWN);
  if (keys.length > MAX_KEYS) throw new ArgumentProblem(`key-placement draws at most ${MAX_KEYS} keys`);

  const rows = keys.map((key) => explainKeyPartition(key, partitions));
  const keyWidth = Math.max(5, ...rows.map((row) => JSON.stringify(row.key).length));
  const lines: string[] = [];
  lines.push(`${'key'.padEnd(keyWidth)}  ${'murmur2'.padStart(11)}  ${'& 0x7fffffff'.padStart(12)}  % ${partitions}`);
  for (const row of rows) {
    lines.push(
      `${JSON.stringify(row.key).padEnd(keyWidth)}  ${String(row.murmur2).padStart(11)}  ${String(row.toPositive).padStart(12)}  → ${row.partition}`,
    );
  }
  lines.push('');
  for (let partition = 0; partition < partitions; partition++) {
    const landed = rows.filter((row) => row.partition === partition).map((row) => row.key);
    lines.push(`partition ${String(partition).padStart(2)} ┃ ${landed.join('  ')}`.trimEnd());
  }
  return lines;
}
