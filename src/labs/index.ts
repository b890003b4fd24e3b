/**
 * The lab runner's public surface, used by `npm run lab` and the tutor: discover exercises, run
 * them (in a worker, with a deadline), watch them, reset them, show a solution, and keep progress.
 */
import { existsSync, statSync } from 'node:fs';
import type { FSWatcher } from 'chokidar';
import { applySolution, resetExercise } from './exercise-files.js';
import { definitionOf, definitionsOf, exercisePaths, labOrThrow } from './paths.js';
import { readProgress, updateProgress, withExercise, type Progress } from './progress.js';
import type { ExerciseReport } from './report.js';
import { DEFAULT_TIMEOUT_MS, LabRunner } from './runner.js';

export { applySolution, resetExercise, readProgress, updateProgress, DEFAULT_TIMEOUT_MS };
export type { Progress };
export type { ExerciseProgress, ExerciseStatus, LabProgress } from './progress.js';
export type { BrokenPromise, ExerciseOutcome, ExerciseReport, TestResult } from './report.js';

export interface ExerciseInfo {
  readonly id: string;
  readonly title: string;
  /** Absolute path of the file the learner edits. */
  readonly file: string;
  readonly readmePath: string;
  /** In order, from a nudge to nearly the answer. */
  readonly hints: string[];
  /** BrokenPromise.id → index into hints. */
  readonly hintFor?: Record<string, number>;
}

export function listExercises(root: string, labId: string): ExerciseInfo[] {
  const lab = labOrThrow(labId);
  return definitionsOf(lab.id).map((definition) => {
    const paths = exercisePaths(root, lab.id, definition.id);
    return { id: definition.id, title: definition.title, file: paths.file, readmePath: paths.readme, hints: [...definition.hints], hintFor: { ...definition.hintFor } };
  });
}

/** One runner (and its threads) for the whole process: kept warm between runs. */
let sharedRunner: LabRunner | undefined;

function runner(): LabRunner {
  sharedRunner ??= new LabRunner();
  return sharedRunner;
}

/** Stops the shared worker (tests and benchmarks call this; a CLI can simply exit). */
export async function closeRunner(): Promise<void> {
  const current = sharedRunner;
  sharedRunner = undefined;
  await current?.close();
}

export async function runExercise(root: string, labId: string, exerciseId: string, options: { timeoutMs?: number } = {}): Promise<ExerciseReport> {
  const lab = labOrThrow(labId);
  definitionOf(lab.id, exerciseId);
  const { file } = exercisePaths(root, lab.id, exerciseId);
  const started = performance.now();
  const outcome = existsSync(file)
    ? await runner().run({ root, labId: lab.id, exerciseId, file }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS)
    : ({ kind: 'crashed', message: `${file} is missing: restore it with npm run lab ${lab.id} -- reset ${exerciseId}`, stack: '' } as const);
  const report: ExerciseReport = { labId: lab.id, exerciseId, outcome, durationMs: Math.round(performance.now() - started) };
  recordRun(root, report);
  return report;
}

export async function runAllExercises(
  root: string,
  labId: string,
  onProgress?: (done: number, total: number, report: ExerciseReport) => void,
): Promise<ExerciseReport[]> {
  const exercises = definitionsOf(labOrThrow(labId).id);
  const reports: ExerciseReport[] = [];
  for (const exercise of exercises) {
    const report = await runExercise(root, labId, exercise.id);
    reports.push(report);
    onProgress?.(reports.length, exercises.length, report);
  }
  return reports;
}

/** Quiet period after a file event before running, so one save that writes twice runs once. */
const WATCH_DEBOUNCE_MS = 25;
/** File events can be missed (editors that replace files, some file systems): a cheap stat poll backs them up. */
const WATCH_POLL_MS = 250;

/** Runs the exercise now and again after every save of the learner's file; one run at a time. `onRunStart` hears each run begin. */
export function watchExercise(
  root: string,
  labId: string,
  exerciseId: string,
  onReport: (report: ExerciseReport) => void,
  onRunStart?: () => void,
): { close(): Promise<void> } {
  const { file } = exercisePaths(root, labOrThrow(labId).id, exerciseId);
  let running = false;
  let again = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  /** The file's version (mtime and size) as of the latest run, so the poll knows what it has seen. */
  let seenVersion = versionOf(file);
  const runNow = async (): Promise<void> => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    seenVersion = versionOf(file);
    try {
      onRunStart?.();
      const report = await runExercise(root, labId, exerciseId);
      if (!closed) onReport(report);
    } finally {
      running = false;
      if (again && !closed) {
        again = false;
        void runNow();
      }
    }
  };
  const changed = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void runNow();
    }, WATCH_DEBOUNCE_MS);
  };
  // chokidar loads on the first watch, not with the tutor: its first frame does not wait for it.
  // Until it is ready, the stat poll below sees the saves.
  let watcher: FSWatcher | undefined;
  const watching = import('chokidar').then(({ watch }) => {
    if (closed) return;
    watcher = watch(file, { ignoreInitial: true });
    watcher.on('all', changed);
  });
  const poll = setInterval(() => {
    if (!running && timer === undefined && versionOf(file) !== seenVersion) changed();
  }, WATCH_POLL_MS);
  void runNow();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(poll);
      await watching;
      await watcher?.close();
    },
  };
}

function versionOf(file: string): string {
  try {
    const stats = statSync(file);
    return `${stats.mtimeMs}:${stats.size}`;
  } catch {
    return 'missing';
  }
}

/** Progress follows each run; a progress file that cannot be written never fails the run. */
function recordRun(root: string, report: ExerciseReport): void {
  try {
    const { warning } = readProgress(root);
    if (warning !== undefined) process.emitWarning(warning);
    updateProgress(root, (progress) =>
      withExercise(progress, report.labId, report.exerciseId, (current) => ({
        ...current,
        status: report.outcome.kind === 'passed' ? 'passed' : 'failing',
        lastRunAt: new Date().toISOString(),
      })),
    );
  } catch (error) {
    process.emitWarning(`progress not saved: ${error instanceof Error ? error.message : String(error)}`);
  }
}
