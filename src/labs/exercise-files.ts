/**
 * Reset and show-solution: both overwrite the learner's file, so both first keep a time-stamped
 * copy of it under .workbook/backups/ (outside the type-checked folders: a half-written backup must
 * not break `npm test`). Nothing the learner wrote is ever lost.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { exercisePaths, labOrThrow, workbookFolder } from './paths.js';
import { timestamp } from './progress.js';

export function backupExercise(root: string, labId: string, exerciseId: string): { backupPath: string } {
  const lab = labOrThrow(labId);
  const { file } = exercisePaths(root, lab.id, exerciseId);
  const folder = join(workbookFolder(root), 'backups', lab.id, exerciseId);
  mkdirSync(folder, { recursive: true });
  const backupPath = join(folder, `${timestamp()}-${basename(file)}`);
  if (existsSync(file)) copyFileSync(file, backupPath);
  return { backupPath };
}

/** Puts the pristine starter back in place, after keeping a copy of the learner's file. */
export function resetExercise(root: string, labId: string, exerciseId: string): { backupPath: string } {
  const paths = exercisePaths(root, labId, exerciseId);
  const backup = backupExercise(root, labId, exerciseId);
  copyFileSync(paths.starter, paths.file);
  return backup;
}

/** Puts the reference solution in place, after keeping a copy of the learner's file. */
export function applySolution(root: string, labId: string, exerciseId: string): { backupPath: string } {
  const paths = exercisePaths(root, labId, exerciseId);
  const backup = backupExercise(root, labId, exerciseId);
  copyFileSync(paths.solution, paths.file);
  return backup;
}
