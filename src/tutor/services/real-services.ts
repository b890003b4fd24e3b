/**
 * The one place the tutor meets the real modules: the lesson loader and quiz parser
 * (src/lessons), the Markdown renderer (src/tutor/markdown) and the lab runner with its progress
 * store (src/labs). Everything else in src/tutor depends only on TutorServices.
 * startTutor loads this file on demand; tests give the tutor in-memory services instead.
 */
import {
  applySolution,
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
import type { TutorServices } from './tutor-services.js';

/** How long one exercise may run before the runner stops it (an endless loop in the learner's code). */
const EXERCISE_TIMEOUT_MS = 10_000;

export function createRealServices(root: string, labId: string): TutorServices {
  return {
    labId,
    labTitle: findLab(labId)?.title ?? `Lab ${labId}`,
    loadLesson: () => loadLesson(root, labId),
    loadQuiz: () => loadQuiz(root, labId),
    renderMarkdown: (markdown, options) => renderMarkdown(markdown, options),
    listExercises: () => listExercises(root, labId),
    runExercise: (exerciseId) => runExercise(root, labId, exerciseId, { timeoutMs: EXERCISE_TIMEOUT_MS }),
    runAllExercises: (onProgress) => runAllExercises(root, labId, onProgress),
    watchExercise: (exerciseId, onReport) => watchExercise(root, labId, exerciseId, onReport),
    resetExercise: (exerciseId) => resetExercise(root, labId, exerciseId),
    applySolution: (exerciseId) => applySolution(root, labId, exerciseId),
    readProgress: () => readProgress(root),
    updateProgress: (update) => updateProgress(root, update),
    playgrounds: builtinPlaygrounds,
  };
}
