/**
 * Loading the lesson, the quiz and the exercise list once, keeping a failure as a message (file and line) instead of
 * crashing the tutor: the playgrounds and exercises still work when quiz.md is broken.
 */
import type { Lesson, QuizQuestion } from '../../lessons/lesson-types.js';
import type { ExerciseInfo, TutorServices } from '../services/tutor-services.js';

export type Loaded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export function describeLoadError(error: unknown): string {
  if (error instanceof Error) {
    const located = error as Error & { file?: unknown; line?: unknown };
    const where = typeof located.file === 'string' ? `${located.file}${typeof located.line === 'number' ? `:${located.line}` : ''}: ` : '';
    return where !== '' && !error.message.includes(String(located.file)) ? `${where}${error.message}` : error.message;
  }
  return String(error);
}

function attempt<T>(load: () => T): Loaded<T> {
  try {
    return { ok: true, value: load() };
  } catch (error) {
    return { ok: false, message: describeLoadError(error) };
  }
}

export function loadLesson(services: TutorServices): Loaded<Lesson> {
  return attempt(() => services.loadLesson());
}

export function loadQuiz(services: TutorServices): Loaded<readonly QuizQuestion[]> {
  return attempt(() => services.loadQuiz());
}

export function loadExercises(services: TutorServices): Loaded<readonly ExerciseInfo[]> {
  return attempt(() => services.listExercises());
}
