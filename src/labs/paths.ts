/**
 * Where an exercise's files live. The learner edits `exercises/NN-name/<file>`; the pristine
 * starter (for reset and for the project's own proof) sits in `starters/`, the reference solution in
 * `solutions/`, both mirroring `exercises/`. Backups and progress go to `.workbook/` (git-ignored).
 */
import { basename, dirname, join } from 'node:path';
import { findLab, type LabEntry } from './catalog.js';
import type { ExerciseDefinition } from './exercise.js';
import { lab02Exercises } from './lab02/index.js';

const definitionsByLab: Readonly<Record<string, readonly ExerciseDefinition<never>[]>> = { '02': lab02Exercises };

export function labOrThrow(labId: string): LabEntry {
  const lab = findLab(labId);
  if (lab === undefined) throw new Error(`There is no lab "${labId}".`);
  return lab;
}

export function definitionsOf(labId: string): readonly ExerciseDefinition<never>[] {
  return definitionsByLab[labOrThrow(labId).id] ?? [];
}

export function definitionOf(labId: string, exerciseId: string): ExerciseDefinition<never> {
  const definition = definitionsOf(labId).find((candidate) => candidate.id === exerciseId);
  if (definition === undefined) throw new Error(`Lab ${labId} has no exercise "${exerciseId}".`);
  return definition;
}

export interface ExercisePaths {
  /** The file the learner edits. */
  readonly file: string;
  readonly readme: string;
  readonly starter: string;
  readonly solution: string;
}

export function exercisePaths(root: string, labId: string, exerciseId: string): ExercisePaths {
  const lab = labOrThrow(labId);
  const definition = definitionOf(lab.id, exerciseId);
  const labFolder = join(root, lab.folder);
  const file = join(labFolder, definition.file);
  // exercises/NN-name/file.ts → starters/NN-name/file.ts and solutions/NN-name/file.ts
  const inFolder = join(basename(dirname(definition.file)), basename(definition.file));
  return {
    file,
    readme: join(dirname(file), 'README.md'),
    starter: join(labFolder, 'starters', inFolder),
    solution: join(labFolder, 'solutions', inFolder),
  };
}

export function workbookFolder(root: string): string {
  return join(root, '.workbook');
}
