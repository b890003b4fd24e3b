/**
 * `npm run kafka -- assign ...` and `npm run kafka -- coordinator ...`. Expected values come from
 * the fixtures (kafka-semantics.md 8.1 and 8.6: real Kafka output), not typed by hand here.
 */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runKafkaCli } from '../../src/cli/kafka.js';
import { bufferedIo } from '../../src/cli/kafka/cli-io.js';
import coordinatorVectors from '../fixtures/coordinator-partition-vectors.json' with { type: 'json' };
import assignorVectors from '../fixtures/assignor-vectors.json' with { type: 'json' };

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(args: readonly string[]): Promise<CliRun> {
  const io = bufferedIo();
  const code = await runKafkaCli(args, io);
  return { code, stdout: io.out, stderr: io.err };
}

function runSubprocess(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile('node_modules/.bin/tsx', ['src/cli/kafka.ts', ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

interface Vector {
  name: string;
  topics: Record<string, number>;
  members: Array<{ memberId: string; groupInstanceId: string | null; topics: string[] }>;
  range: Record<string, string[]>;
  roundrobin: Record<string, string[]>;
}

/** The fixture's "t0-3" lists as the CLI's { topic: [partitions] } rows. */
function expectedTable(expected: Record<string, string[]>, topics: string[]): Record<string, Record<string, number[]>> {
  const table: Record<string, Record<string, number[]>> = {};
  for (const [memberId, keys] of Object.entries(expected)) {
    const row: Record<string, number[]> = Object.fromEntries(topics.map((topic) => [topic, [] as number[]]));
    for (const key of keys) {
      const dash = key.lastIndexOf('-');
      row[key.slice(0, dash)]!.push(Number(key.slice(dash + 1)));
    }
    for (const topic of topics) row[topic]!.sort((a, b) => a - b);
    table[memberId] = row;
  }
  return table;
}

// Vectors where every member subscribes to every topic, without static members: what the CLI models.
const homogeneous = (assignorVectors as unknown as Vector[]).filter(
  (vector) =>
    vector.members.every((member) => member.groupInstanceId === null) &&
    vector.members.every((member) => member.topics.length === Object.keys(vector.topics).length),
);

describe('kafka assign', () => {
  it.each(homogeneous.map((vector) => [vector.name, vector] as const))('reproduces vector %s for range and roundrobin', async (_name, vector) => {
    const topics = Object.keys(vector.topics);
    const args = ['--members', vector.members.map((m) => m.memberId).join(','), '--topics', topics.map((t) => `${t}:${vector.topics[t]}`).join(',')];
    for (const assignor of ['range', 'roundrobin'] as const) {
      const result = await run(['assign', '--assignor', assignor, ...args, '--json']);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
      expect(JSON.parse(result.stdout)).toEqual(expectedTable(vector[assignor], topics));
    }
  });

  it('range is the default and --json is exactly one object, as a subprocess too', async () => {
    const result = await runSubprocess(['assign', '--members', 'c1,c2,c3', '--topics', 'orders:4,payments:3', '--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toEqual({
      c1: { orders: [0, 1], payments: [0] },
      c2: { orders: [2], payments: [1] },
      c3: { orders: [3], payments: [2] },
    });
  });

  it('5 members on 4 partitions leave one idle, whatever the assignor', async () => {
    for (const assignor of ['range', 'roundrobin', 'cooperative-sticky']) {
      const result = await run(['assign', '--assignor', assignor, '--members', 'c1,c2,c3,c4,c5', '--topics', 'orders:4', '--json']);
      const table = JSON.parse(result.stdout) as Record<string, { orders: number[] }>;
      const counts = Object.values(table).map((row) => row.orders.length).sort();
      expect(counts).toEqual([0, 1, 1, 1, 1]);
      expect(Object.values(table).flatMap((row) => row.orders).sort()).toEqual([0, 1, 2, 3]);
    }
    const plain = await run(['assign', '--members', 'c1,c2,c3,c4,c5', '--topics', 'orders:4']);
    expect(plain.stdout).toMatch(/^c5\s+0\s+\(idle: nothing to consume\)$/m);
  });

  it('cooperative-sticky on a fresh group is balanced and gives every partition to one member', async () => {
    const result = await run(['assign', '--assignor', 'cooperative-sticky', '--members', 'a,b,c', '--topics', 'orders:4,payments:3', '--json']);
    const table = JSON.parse(result.stdout) as Record<string, Record<string, number[]>>;
    const counts = Object.values(table).map((row) => Object.values(row).flat().length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(Object.values(table).flatMap((row) => row.orders).sort()).toEqual([0, 1, 2, 3]);
    expect(Object.values(table).flatMap((row) => row.payments).sort()).toEqual([0, 1, 2]);
  });

  it.each([
    [['assign', '--assignor', 'sticky-ish', '--members', 'a', '--topics', 't:1'], /unknown assignor "sticky-ish".*range, roundrobin, cooperative-sticky.*UNSUPPORTED_ASSIGNOR/],
    [['assign', '--members', 'a,,b', '--topics', 't:1'], /Member ids must be non-empty/],
    [['assign', '--members', 'a,a', '--topics', 't:1'], /"a" appears twice/],
    [['assign', '--members', 'a', '--topics', 't:0'], /needs at least 1 partition/],
    [['assign', '--members', 'a', '--topics', 't'], /"t" is not topic:partitions/],
    [['assign', '--members', 'a', '--topics', 'bad topic:2'], /illegal/],
    [['assign', '--members', 'a', '--topics', 't:1,t:2'], /listed twice/],
    [['assign', '--members', 'a', '--topics', 't:200000'], /At most 100000 partitions/],
    [['assign', '--topics', 't:1'], /required option '-m, --members <ids>' not specified/],
  ])('refuses %j with exit 2 and nothing on stdout', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });
});

describe('kafka coordinator', () => {
  const nonEmpty = coordinatorVectors.filter((row) => row.groupId !== '');

  it.each(nonEmpty.map((row) => [row.groupId, row] as const))('%s: hashCode and partition of 50 as Kafka computes them', async (groupId, row) => {
    const result = await run(['coordinator', groupId, '--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`${JSON.stringify({ groupId, hashCode: row.hashCode, partition: row.offsetsPartition50 })}\n`);
  });

  it('--partitions changes the modulus: abs(hashCode) % N', async () => {
    const row = nonEmpty.find((r) => r.groupId === 'order-processor')!;
    const result = await run(['coordinator', 'order-processor', '--partitions', '7', '--json']);
    expect(JSON.parse(result.stdout)).toEqual({ groupId: 'order-processor', hashCode: row.hashCode, partition: row.abs % 7 });
  });

  it('plain output explains Utils.abs for Integer.MIN_VALUE and warns off toPositive', async () => {
    const min = await run(['coordinator', 'polygenelubricants']);
    expect(min.stdout).toMatch(/^hashCode\s+-2147483648\b/m);
    expect(min.stdout).toContain('Utils.abs gives 0');
    expect(min.stdout).toMatch(/^partition\s+0\s/m);
    const negative = await run(['coordinator', 'my-group']);
    expect(negative.stdout).toMatch(/^partition\s+12\s/m);
    expect(negative.stdout).toContain('Not toPositive');
  });

  it('the empty group id gets INVALID_GROUP_ID, exit 2, nothing on stdout', async () => {
    const result = await run(['coordinator', '', '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/group id is empty.*INVALID_GROUP_ID \(24\)/);
  });

  it('refuses a bad --partitions', async () => {
    const result = await run(['coordinator', 'g', '--partitions', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/positive integer/);
  });
});
