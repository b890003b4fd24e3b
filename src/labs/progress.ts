/**
 * The learner's progress in `.workbook/progress.json` (git-ignored): versioned JSON, written
 * atomically (a temporary file renamed over the old one, so a crash never leaves half a file). A
 * file that cannot be read as progress is moved aside with a warning, never silently dropped.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workbookFolder } from './paths.js';

export type ExerciseStatus = 'not-started' | 'failing' | 'passed';

export interface ExerciseProgress {
  readonly status: ExerciseStatus;
  readonly hintsShown: number;
  readonly lastRunAt?: string;
}

export interface LabProgress {
  readonly exercises: Readonly<Record<string, ExerciseProgress>>;
  readonly quiz: {
    readonly answers: Readonly<Record<string, { readonly correct: boolean }>>;
    readonly best?: number;
    /**
     * Ids of the questions answered since the learner started the check over (optional, added
     * later): absent when no retake is under way, and then every saved answer counts as answered.
     */
    readonly retake?: readonly string[];
  };
  readonly sectionsRead: readonly string[];
}

export interface Progress {
  readonly version: 1;
  readonly labs: Readonly<Record<string, LabProgress>>;
}

export const emptyProgress: Progress = { version: 1, labs: {} };

export function emptyLabProgress(): LabProgress {
  return { exercises: {}, quiz: { answers: {} }, sectionsRead: [] };
}

export function progressPath(root: string): string {
  return join(workbookFolder(root), 'progress.json');
}

/** The stored progress; a corrupt file is renamed to progress.json.corrupt-<time> and reported in `warning`. */
export function readProgress(root: string): { progress: Progress; warning?: string } {
  const path = progressPath(root);
  if (!existsSync(path)) return { progress: emptyProgress };
  let problem: string;
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    const invalid = whyInvalid(parsed);
    if (invalid === undefined) return { progress: parsed as Progress };
    problem = invalid;
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  const aside = `${path}.corrupt-${timestamp()}`;
  renameSync(path, aside);
  return { progress: emptyProgress, warning: `Your progress file could not be read (${problem}). It was moved to ${aside}; progress starts afresh.` };
}

/** Reads, applies `update`, writes atomically; returns what was written. */
export function updateProgress(root: string, update: (progress: Progress) => Progress): Progress {
  const next = update(readProgress(root).progress);
  const invalid = whyInvalid(next);
  if (invalid !== undefined) throw new Error(`refusing to write invalid progress: ${invalid}`);
  const path = progressPath(root);
  mkdirSync(workbookFolder(root), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`);
  renameSync(temporary, path);
  return next;
}

/** A copy of `progress` with one exercise's entry changed (created if missing). */
export function withExercise(progress: Progress, labId: string, exerciseId: string, change: (current: ExerciseProgress) => ExerciseProgress): Progress {
  const lab = progress.labs[labId] ?? emptyLabProgress();
  const current = lab.exercises[exerciseId] ?? { status: 'not-started', hintsShown: 0 };
  return { ...progress, labs: { ...progress.labs, [labId]: { ...lab, exercises: { ...lab.exercises, [exerciseId]: change(current) } } } };
}

/** A file-name-safe time stamp: 2026-11-30T02-34-08-123Z. */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

function whyInvalid(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  if (record.version !== 1) return `unknown version ${JSON.stringify(record.version)}`;
  if (typeof record.labs !== 'object' || record.labs === null || Array.isArray(record.labs)) return '"labs" is not an object';
  for (const [labId, lab] of Object.entries(record.labs as Record<string, unknown>)) {
    if (typeof lab !== 'object' || lab === null) return `lab ${labId} is not an object`;
    const { exercises, quiz, sectionsRead } = lab as Record<string, unknown>;
    if (typeof exercises !== 'object' || exercises === null) return `lab ${labId} has no exercises object`;
    for (const [id, entry] of Object.entries(exercises as Record<string, unknown>)) {
      const { status, hintsShown } = (entry ?? {}) as Record<string, unknown>;
      if (status !== 'not-started' && status !== 'failing' && status !== 'passed') return `exercise ${id} has status ${JSON.stringify(status)}`;
      if (typeof hintsShown !== 'number') return `exercise ${id} has no hintsShown count`;
    }
    if (typeof quiz !== 'object' || quiz === null || typeof (quiz as Record<string, unknown>).answers !== 'object') return `lab ${labId} has no quiz answers`;
    if (!Array.isArray(sectionsRead)) return `lab ${labId} has no sectionsRead list`;
  }
  return undefined;
}
