/**
 * Everything the tutor needs from the rest of the workbook, behind one interface: the lesson and
 * the quiz (src/lessons), Markdown rendering (src/tutor/markdown), the exercises and the progress
 * store (src/labs). Screens only ever talk to this, so tests run them against in-memory fakes and
 * the real wiring lives in one file (real-services.ts).
 *
 * ExerciseInfo mirrors what src/labs lists, declared here so the tutor does not depend on the
 * runner's internals (TypeScript checks the real one fits); progress is the labs' own data type.
 */
import type { Progress } from '../../labs/progress.js';
import type { ExerciseReport } from '../../labs/report.js';
import type { Lesson, PlaygroundId, QuizQuestion } from '../../lessons/lesson-types.js';
import type { PlaygroundCatalog } from '../playgrounds/playground-catalog.js';

export interface ExerciseInfo {
  readonly id: string;
  readonly title: string;
  /** The learner's file, relative to the project root. */
  readonly file: string;
  readonly readmePath: string;
  /** The hint ladder, in order. */
  readonly hints: readonly string[];
  /** Broken promise id → index into `hints` of the hint that fits that failure. */
  readonly hintFor?: Readonly<Record<string, number>>;
}

export type { ExerciseProgress, ExerciseStatus, LabProgress, Progress } from '../../labs/progress.js';

export interface Watcher {
  close(): Promise<void>;
}

export interface TutorServices {
  readonly labId: string;
  readonly labTitle: string;
  /** Throws a LessonFileError-like error ({ file, line }) when lesson.md is missing or corrupt. */
  loadLesson(): Lesson;
  /** Throws a LessonFileError-like error ({ file, line }) when quiz.md is missing or corrupt. */
  loadQuiz(): readonly QuizQuestion[];
  renderMarkdown(markdown: string, options: { readonly width: number; readonly color: boolean }): string[];
  listExercises(): readonly ExerciseInfo[];
  /** A compile error's file comes relative to the project root, as ExerciseInfo.file does. */
  runExercise(exerciseId: string): Promise<ExerciseReport>;
  /** How long one run may take before the runner stops it (shown while a run is in progress). */
  readonly exerciseTimeoutMs?: number;
  runAllExercises(onProgress?: (done: number, total: number, report: ExerciseReport) => void): Promise<readonly ExerciseReport[]>;
  /** Runs now and after every save; `onRunStart` hears each run begin, `onReport` each verdict. */
  watchExercise(exerciseId: string, onReport: (report: ExerciseReport) => void, onRunStart?: () => void): Watcher;
  resetExercise(exerciseId: string): Promise<{ readonly backupPath: string }> | { readonly backupPath: string };
  applySolution(exerciseId: string): Promise<{ readonly backupPath: string }> | { readonly backupPath: string };
  readProgress(): { readonly progress: Progress; readonly warning?: string };
  updateProgress(update: (progress: Progress) => Progress): Progress;
  /** The live simulations, by playground id. */
  readonly playgrounds: PlaygroundCatalog;
}

export type { PlaygroundId };
