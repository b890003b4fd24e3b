import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/lab.js';

afterEach(() => vi.restoreAllMocks());

function capture(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  vi.spyOn(console, 'log').mockImplementation((text: string) => void (out += `${text}\n`));
  vi.spyOn(console, 'error').mockImplementation((text: string) => void (err += `${text}\n`));
  const code = main(args);
  vi.restoreAllMocks();
  return { code, out, err };
}

describe('npm run lab', () => {
  it('opens lab 02 by number, with or without the leading zero', () => {
    for (const args of [['02'], ['2']]) {
      const { code, out } = capture(args);
      expect(code).toBe(0);
      expect(out).toMatch(/^Lab 02: Kafka architecture/);
    }
  });

  it('lists the labs when no number is given', () => {
    const { code, out } = capture([]);
    expect(code).toBe(0);
    expect(out).toContain('02  Kafka architecture');
  });

  it('rejects an unknown lab number with a clear message, the list, and exit code 2', () => {
    for (const args of [['7'], ['99'], ['abc'], ['02', 'extra']]) {
      const { code, err } = capture(args);
      expect(code).toBe(2);
      expect(err).toMatch(/There is no lab "|Unexpected arguments/);
      expect(err).toContain('npm run lab 02');
    }
  });

  it('exits 2 as a real process too', async () => {
    const run = promisify(execFile);
    const failure = await run('node_modules/.bin/tsx', ['src/cli/lab.ts', '42']).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('There is no lab "42"');
  });
});
