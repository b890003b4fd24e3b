/**
 * The fast-start launcher: `npm run lab` runs bin/lab.mjs, which runs the prebuilt bundle of
 * src/cli/lab.ts and rebuilds it when src/ changed. (Its speed is measured by the bench, never here.)
 */
import { execFile } from 'node:child_process';
import { statSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

describe('bin/lab.mjs', () => {
  it('runs the lab command from a bundle it rebuilds when a source file is newer', async () => {
    const source = join(root, 'src/cli/lab.ts');
    const bundle = join(root, 'dist/lab.mjs');
    await run(process.execPath, [join(root, 'bin/lab.mjs')], { cwd: root }); // makes sure a bundle exists
    const longAgo = new Date(1_000_000);
    utimesSync(bundle, longAgo, longAgo); // now every source file is newer than the bundle
    const { stdout } = await run(process.execPath, [join(root, 'bin/lab.mjs')], { cwd: root });
    expect(stdout).toContain('Labs:');
    expect(stdout).toContain('02');
    expect(statSync(bundle).mtimeMs).toBeGreaterThanOrEqual(statSync(source).mtimeMs);
  });

  it('passes arguments through and keeps the exit code: an unknown lab lists the labs that exist', async () => {
    const failure = await run(process.execPath, [join(root, 'bin/lab.mjs'), '42'], { cwd: root }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failure ? failure.code : 0).toBe(2);
    expect('stderr' in failure ? failure.stderr : '').toContain('There is no lab "42"');
  });
});
