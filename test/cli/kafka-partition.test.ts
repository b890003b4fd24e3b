/**
 * `npm run kafka -- partition <key> --partitions N [--json]`. A few runs go through a real
 * subprocess (tsx, exit codes, stdout vs stderr); the rest call the same program in-process.
 * Expected numbers: kafka-semantics.md 3.5 (row 16, user-123).
 */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runKafkaCli } from '../../src/cli/kafka.js';
import { bufferedIo } from '../../src/cli/kafka/cli-io.js';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runSubprocess(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile('node_modules/.bin/tsx', ['src/cli/kafka.ts', ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

async function runInProcess(args: readonly string[]): Promise<CliRun> {
  const io = bufferedIo();
  const code = await runKafkaCli(args, io);
  return { code, stdout: io.out, stderr: io.err };
}

const USER_123 = { key: 'user-123', murmur2: -1468255980, toPositive: 679227668, partition: 2 };

describe('kafka partition, as a subprocess', () => {
  it('--json prints exactly one JSON object with key, murmur2, toPositive, partition (in that order)', async () => {
    const run = await runSubprocess(['partition', 'user-123', '--partitions', '3', '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toEqual(USER_123);
    expect(Object.keys(JSON.parse(run.stdout) as object)).toEqual(['key', 'murmur2', 'toPositive', 'partition']);
  });

  it('plain output shows bytes, murmur2, toPositive and the modulo', async () => {
    const run = await runSubprocess(['partition', 'user-123', '--partitions', '3']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^key\s+"user-123"$/m);
    expect(run.stdout).toMatch(/^UTF-8 bytes\s+75 73 65 72 2d 31 32 33\b/m);
    expect(run.stdout).toMatch(/^murmur2\s+-1468255980\b/m);
    expect(run.stdout).toMatch(/^toPositive\s+679227668\b/m);
    expect(run.stdout).toMatch(/^partition\s+2\s+\(= 679227668 % 3\)$/m);
    expect(run.stdout).toContain('not Math.abs');
  });

  it('usage errors exit 2 with a message on stderr and nothing on stdout', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['partition', 'user-123', '--partitions', '-1'], /argument '-1' is invalid.*positive integer/],
      [['partition', 'user-123', '--partitions', '0'], /argument '0' is invalid.*positive integer/],
      [['partition', 'user-123', '--partitions', 'abc'], /argument 'abc' is invalid.*positive integer/],
      [['partition', '--partitions', '3'], /missing required argument 'key'/],
      [['partitoin', 'user-123', '--partitions', '3'], /unknown command 'partitoin'/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runSubprocess(args)));
    runs.forEach((run, index) => {
      const [args, message] = cases[index]!;
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain('Usage: kafka');
    });
  });
});

describe('kafka partition, in-process', () => {
  it('matches the subprocess JSON for user-123', async () => {
    const run = await runInProcess(['partition', 'user-123', '-p', '3', '--json']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${JSON.stringify(USER_123)}\n`);
  });

  it('accepts the empty key (a key of zero bytes, row 1 of section 3.5)', async () => {
    const run = await runInProcess(['partition', '', '--partitions', '50', '--json']);
    expect(JSON.parse(run.stdout)).toEqual({ key: '', murmur2: 275646681, toPositive: 275646681, partition: 31 });
    const plain = await runInProcess(['partition', '', '--partitions', '50']);
    expect(plain.stdout).toMatch(/^UTF-8 bytes\s+\(none\)\s+\(0 bytes\)$/m);
  });

  it('hashes unicode keys as UTF-8 (row 26, café)', async () => {
    const run = await runInProcess(['partition', 'café', '--partitions', '12']);
    expect(run.stdout).toMatch(/63 61 66 c3 a9 {2}\(5 bytes\)/);
    expect(run.stdout).toMatch(/^partition\s+6\s/m);
  });

  it('omits the Math.abs remark when murmur2 is already non-negative (user-456)', async () => {
    const run = await runInProcess(['partition', 'user-456', '--partitions', '3']);
    expect(run.stdout).toMatch(/^partition\s+2\s/m);
    expect(run.stdout).not.toContain('Math.abs');
  });

  it.each([
    [['partition', 'user-123'], /required option '-p, --partitions <count>' not specified/],
    [['partition', 'user-123', '--partitions', '2.5'], /argument '2.5' is invalid/],
    [['partition', 'user-123', '--partitions', '1e3'], /argument '1e3' is invalid/],
    [['partition', 'user-123', '--partitions', '3', '--frob'], /unknown option '--frob'/],
    [['partition', 'a', 'b', '--partitions', '3'], /too many arguments/],
    [[], /missing command/],
  ])('exits 2 for %j', async (args, message) => {
    const run = await runInProcess(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('--help exits 0 and prints usage on stdout', async () => {
    for (const args of [['--help'], ['partition', '--help']]) {
      const run = await runInProcess(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Usage: kafka');
      expect(run.stderr).toBe('');
    }
  });
});
