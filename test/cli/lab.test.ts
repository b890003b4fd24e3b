import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createScratchWorkbook } from '../helpers/scratch-workbook.js';

// The CLI works on a scratch copy of the workbook: the real checkout's exercises and progress stay untouched.
const scratch = createScratchWorkbook();
let main: (args: readonly string[]) => Promise<number>;
let closeRunner: () => Promise<void>;

beforeAll(async () => {
  process.env.WORKBOOK_ROOT = scratch.root;
  ({ main } = await import('../../src/cli/lab.js'));
  ({ closeRunner } = await import('../../src/labs/index.js'));
});

afterAll(async () => {
  await closeRunner();
  delete process.env.WORKBOOK_ROOT;
  scratch.remove();
});

afterEach(() => vi.restoreAllMocks());

async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(console, 'log').mockImplementation((text: string) => void (out += `${text}\n`));
  vi.spyOn(console, 'error').mockImplementation((text: string) => void (err += `${text}\n`));
  // The plain tutor report is written to stdout directly.
  vi.spyOn(process.stdout, 'write').mockImplementation((text: string | Uint8Array) => ((out += String(text)), true));
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('npm run lab', () => {
  it('lists the labs and each exercise with its progress when no number is given', async () => {
    const { code, out } = await capture([]);
    expect(code).toBe(0);
    expect(out).toContain('02  Kafka architecture');
    expect(out).toMatch(/01-partitioner\s+not started/);
    expect(out).toContain('(0/6 exercises passed)');
  });

  it('rejects an unknown lab number with a clear message, the list, and exit code 2', async () => {
    for (const args of [['7'], ['99'], ['abc'], ['02', 'extra']]) {
      const { code, err } = await capture(args);
      expect(code).toBe(2);
      expect(err).toMatch(/There is no lab "|Unexpected arguments/);
      expect(err).toContain('npm run lab 02');
    }
  });

  it('rejects an unknown exercise with the list of exercises and exit code 2', async () => {
    const { code, err } = await capture(['02', 'hint', '9']);
    expect(code).toBe(2);
    expect(err).toContain('Lab 02 has no exercise "9"');
    expect(err).toContain('06-range-assignor');
  });

  it('opens lab 02 by number: without a terminal, prints the plain report from saved progress, exit code 0', async () => {
    const { code, out } = await capture(['2']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Lab 02: Kafka architecture/);
    expect(out).toContain('Learning objectives:');
    expect(out).toMatch(/01-partitioner\s+not started/);
    expect(out).toContain('0 of 6 passed');
    expect(out).toContain('npm run lab 02 -- --check');
    const plain = await capture(['02', '--plain']);
    expect(plain.out).toBe(out);
  });

  it('--check exits 1 while an exercise fails and 0 once every exercise passes', async () => {
    const failing = await capture(['02', '--check']);
    expect(failing.code).toBe(1);
    expect(failing.out).toContain('FAILED  01-partitioner');
    for (const exercise of ['01', '02', '03', '04', '05', '06']) expect((await capture(['02', 'solution', exercise])).code).toBe(0);
    const passing = await capture(['02', '--check']);
    expect(passing.code, passing.out).toBe(0);
    expect(passing.out).toContain('6/6 exercises pass.');
    const listed = await capture([]);
    expect(listed.out).toContain('(6/6 exercises passed)');
  });

  it('--check 04 runs that exercise alone; an unknown one lists the exercises', async () => {
    await capture(['02', 'reset', '04']); // the starter: it fails
    const one = await capture(['02', '--check', '04']);
    expect(one.code).toBe(1);
    expect(one.out).toContain('04-leader-election');
    expect(one.out).not.toContain('01-partitioner');
    const unknown = await capture(['02', '--check', '09']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Its exercises: 01-partitioner');
  });

  it('shows hints one more at a time and remembers how many were shown', async () => {
    const first = await capture(['02', 'hint', '01']);
    expect(first.out).toContain('Hint 1 of');
    expect(first.out).not.toContain('Hint 2 of');
    expect(first.out).toContain('Next: npm run lab 02 -- hint 01 2');
    const second = await capture(['02', 'hint', '01']);
    expect(second.out).toContain('Hint 2 of');
    expect(second.out).not.toContain('Hint 1 of');
    expect(second.out).toContain('Earlier ones: hint 01 1..1');
    await capture(['02', 'hint', 'partitioner', '2']);
    const progress = JSON.parse(readFileSync(join(scratch.root, '.workbook/progress.json'), 'utf8')) as { labs: Record<string, { exercises: Record<string, { hintsShown: number }> }> };
    expect(progress.labs['02']!.exercises['01-partitioner']!.hintsShown).toBe(2);
  });

  it('exits 2 as a real process too', async () => {
    const run = promisify(execFile);
    const failure = await run('node_modules/.bin/tsx', ['src/cli/lab.ts', '42'], { env: { ...process.env, WORKBOOK_ROOT: scratch.root } }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('There is no lab "42"');
  });
});
