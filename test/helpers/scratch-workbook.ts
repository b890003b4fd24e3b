/**
 * A scratch copy of the workbook for runner tests and benchmarks: its own labs/ folder (so a test
 * can write a learner's file, a broken one, a progress file) over the real src/ and node_modules
 * (symlinked, so imports resolve to the same modules). Nothing in the real checkout is touched.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const PROJECT_ROOT = resolve(new URL('../..', import.meta.url).pathname);

export function createScratchWorkbook(): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'workbook-'));
  for (const linked of ['src', 'node_modules']) symlinkSync(join(PROJECT_ROOT, linked), join(root, linked));
  cpSync(join(PROJECT_ROOT, 'tsconfig.json'), join(root, 'tsconfig.json'));
  cpSync(join(PROJECT_ROOT, 'package.json'), join(root, 'package.json'));
  // The exercises start as the pristine starters, whatever the real checkout's learner did.
  cpSync(join(PROJECT_ROOT, 'labs/02-architecture/starters'), join(root, 'labs/02-architecture/starters'), { recursive: true });
  cpSync(join(PROJECT_ROOT, 'labs/02-architecture/solutions'), join(root, 'labs/02-architecture/solutions'), { recursive: true });
  cpSync(join(PROJECT_ROOT, 'labs/02-architecture/starters'), join(root, 'labs/02-architecture/exercises'), { recursive: true });
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
