/**
 * Runs walk-tutor.sh: the tutor driven in tmux at 80x24 through the whole lab. With the lab runner
 * and the lesson loader present, it walks the real `npm run lab 02` in a throwaway copy of the
 * project (the walk applies every solution and writes progress, which must not touch this
 * checkout); without them (a branch before the merge) it walks the tutor on the in-memory lab.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);
const hasTmux = await run('tmux', ['-V']).then(
  () => true,
  () => false,
);
const realLab = existsSync(join(root, 'src/labs/index.ts')) && existsSync(join(root, 'src/lessons/index.ts'));

/** A copy of what `npm run lab` needs, sharing node_modules. */
function throwawayProject(): string {
  const copy = mkdtempSync(join(tmpdir(), 'tutor-walk-'));
  for (const entry of ['src', 'bin', 'lessons', 'labs', 'package.json', 'tsconfig.json']) {
    if (existsSync(join(root, entry))) cpSync(join(root, entry), join(copy, entry), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

describe.skipIf(!hasTmux)('the tutor, walked in tmux as a learner would', () => {
  it('opens, reads every section, plays each playground, solves each exercise, takes the quiz and leaves', async () => {
    const project = realLab ? throwawayProject() : root;
    // CI=true as on the project's CI: a person at a terminal must see the tutor all the same.
    const command = realLab ? 'CI=true node bin/lab.mjs 02' : `node --import tsx ${join(root, 'test/tutor/support/demo-tutor.tsx')}`;
    const log = join(mkdtempSync(join(tmpdir(), 'tutor-walk-log-')), 'screens.txt');
    try {
      const result = await run('bash', [join(root, 'test/tutor/walk/walk-tutor.sh'), command], {
        cwd: project,
        env: { ...process.env, WALK_LOG: log },
        timeout: 900_000,
      }).catch((error: { stdout: string; stderr: string }) => ({ ...error, failed: true }));
      const screens = readFileSync(log, 'utf8');
      expect('failed' in result ? `${result.stderr}\n${screens}` : 'ok').toBe('ok');
      expect(screens).toContain('----- home -----');
      expect(screens).toMatch(/----- exercises -----\nLab 02 · Exercises +(\d+)\/\1 pass/);
      expect(screens).toContain('Score:');
      expect(screens).toContain('[exited 0]');
    } finally {
      if (project !== root) rmSync(project, { recursive: true, force: true });
    }
  }, 900_000);
});
