/**
 * The one place the tutor meets the real modules: the lesson loader and quiz parser
 * (src/lessons), the Markdown renderer (src/tutor/markdown) and the lab runner with its progress
 * store (src/labs). Everything else in src/tutor depends only on TutorServices.
 * startTutor loads this file on demand; tests give the tutor in-memory services instead.
 */
import { isAbsolute, relative, sep } from 'node:path';
import {
  applySolution,
  DEFAULT_TIMEOUT_MS,
  listExercises,
  readProgress,
  resetExercise,
  runAllExercises,
  runExercise,
  updateProgress,
  watchExercise,
} from '../../labs/index.js';
import { findLab } from '../../labs/catalog.js';
import { loadLesson, loadQuiz } from '../../lessons/index.js';
import { renderMarkdown } from '../markdown/render-markdown.js';
import { builtinPlaygrounds } from '../playgrounds/builtin-playgrounds.js';
import type { ExerciseReport } from '../../labs/report.js';
import type { TutorServices } from './tutor-services.js';

/** Paths on screen are relative to the project, as the learner's editor shows them; line:column stay. */
function relativeTo(root: string, path: string): string {
  const shown = relative(root, path);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? path : shown.split(sep).join('/');
}

function withRelativePaths(root: string, report: ExerciseReport): ExerciseReport {
  const { outcome } = report;
  return outcome.kind === 'compile-error' ? { ...report, outcome: { ...outcome, file: relativeTo(root, outcome.file) } } : report;
}

export function createRealServices(root: string, labId: string): TutorServices {
  return {
    labId,
    labTitle: findLab(labId)?.title ?? `Lab ${labId}`,
    loadLesson: () => loadLesson(root, labId),
    loadQuiz: () => loadQuiz(root, labId),
    renderMarkdown: (markdown, options) => renderMarkdown(markdown, options),
    listExercises: () => listExercises(root, labId).map((exercise) => ({ ...exercise, file: relativeTo(root, exercise.file), readmePath: relativeTo(root, exercise.readmePath) })),
    runExercise: async (exerciseId) => withRelativePaths(root, await runExercise(root, labId, exerciseId)),
    exerciseTimeoutMs: DEFAULT_TIMEOUT_MS,
    runAllExercises: async (onProgress) =>
      (await runAllExercises(root, labId, (done, total, report) => onProgress?.(done, total, withRelativePaths(root, report)))).map((report) =>
        withRelativePaths(root, report),
      ),
    watchExercise: (exerciseId, onReport, onRunStart) =>
      watchExercise(root, labId, exerciseId, (report) => onReport(withRelativePaths(root, report)), onRunStart),
    resetExercise: (exerciseId) => resetExercise(root, labId, exerciseId),
    applySolution: (exerciseId) => applySolution(root, labId, exerciseId),
    readProgress: () => readProgress(root),
    updateProgress: (update) => updateProgress(root, update),
    playgrounds: builtinPlaygrounds,
  };
}
