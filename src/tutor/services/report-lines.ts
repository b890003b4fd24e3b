/** An exercise report in plain lines, as the exercises screen and the plain report print it. */
import type { BrokenPromise, ExerciseReport, TestResult } from '../../labs/report.js';
import { glyphs } from '../theme/theme.js';
import type { ExerciseInfo, ExerciseStatus } from './tutor-services.js';

export function statusOfReport(report: ExerciseReport): ExerciseStatus {
  return report.outcome.kind === 'passed' ? 'passed' : 'failing';
}

export function statusGlyph(status: ExerciseStatus): string {
  return status === 'passed' ? glyphs.passed : status === 'failing' ? glyphs.failed : glyphs.notStarted;
}

export function failedTests(report: ExerciseReport): TestResult[] {
  const { outcome } = report;
  return outcome.kind === 'passed' || outcome.kind === 'failed' ? outcome.tests.filter((test) => test.status === 'failed') : [];
}

/** The broken promises of a report, in test order (the first is the one to talk about first). */
export function brokenPromises(report: ExerciseReport): BrokenPromise[] {
  return failedTests(report).flatMap((test) => (test.broken === undefined ? [] : [test.broken]));
}

/** Whole seconds when whole ("10"), else one decimal ("2.5"), as `--check` prints a deadline. */
export function seconds(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(1);
}

/** The failure worth opening as a replay by itself: a promise the code broke, with the scenario that shows it. */
export function replayToOpen(report: ExerciseReport): BrokenPromise | undefined {
  return brokenPromises(report).find((promise) => promise.trace.length > 0 && promise.threw !== true);
}

/** Any failure with a scenario trace (v opens one even when the code threw inside the scenario). */
export function replayable(report: ExerciseReport): BrokenPromise | undefined {
  return replayToOpen(report) ?? brokenPromises(report).find((promise) => promise.trace.length > 0);
}

/** Why v has nothing to show, in the learner's terms. */
export function nothingToReplay(report: ExerciseReport | undefined): string {
  switch (report?.outcome.kind) {
    case undefined:
      return 'Nothing to replay: run the exercise (Enter), and a failing scenario opens here.';
    case 'compile-error':
      return 'Nothing to replay: the file does not compile: fix it first.';
    case 'timeout':
      return 'Nothing to replay: the run was stopped at its deadline before a scenario finished.';
    case 'crashed':
      return 'Nothing to replay: the code threw before any scenario ran.';
    case 'passed':
      return 'Nothing to replay: every test passes.';
    case 'failed':
      return 'Nothing to replay: the failing tests call your functions directly, with no cluster scenario.';
  }
}

export function describeOutcome(report: ExerciseReport): string[] {
  const { outcome } = report;
  const took = `${(report.durationMs / 1000).toFixed(1)} s`;
  switch (outcome.kind) {
    case 'passed':
      return [`${glyphs.passed} all ${outcome.tests.length} tests pass (${took})`];
    case 'failed': {
      const failed = failedTests(report);
      const lines = [`${glyphs.failed} ${failed.length} of ${outcome.tests.length} tests fail (${took})`];
      for (const test of failed) {
        lines.push(`  ${glyphs.failed} ${test.name}`);
        // A message may carry the stack under it: every line of it sits under the test's name.
        if (test.message !== undefined) lines.push(...test.message.split('\n').map((line) => `    ${line.trim()}`));
        if (test.broken?.seed !== undefined) lines.push(`    replay seed ${test.broken.seed}`);
      }
      return lines;
    }
    case 'compile-error':
      return [`${glyphs.failed} does not compile: ${outcome.file}:${outcome.line}:${outcome.column}`, `  ${outcome.message}`];
    case 'timeout':
      return [`${glyphs.failed} did not finish in ${seconds(outcome.afterMs)} s: the runner stopped it. Does a loop never end?`];
    case 'crashed':
      return [`${glyphs.failed} it threw: ${outcome.message}`, ...outcome.stack.split('\n').slice(0, 4).map((line) => `  ${line}`)];
  }
}

/**
 * The order hints are offered in: first the hint for each promise that failed (a wrong partition,
 * a lost acknowledged record, two leaders in one epoch), then the rest of the ladder in order.
 */
export function hintOrder(exercise: ExerciseInfo, report: ExerciseReport | undefined): number[] {
  const first: number[] = [];
  for (const promise of report === undefined ? [] : brokenPromises(report)) {
    const index = exercise.hintFor?.[promise.id];
    if (index !== undefined && index >= 0 && index < exercise.hints.length && !first.includes(index)) first.push(index);
  }
  return [...first, ...exercise.hints.map((_, index) => index).filter((index) => !first.includes(index))];
}

/**
 * A hint's label names its place in the ladder, as `npm run lab 02 -- hint 01 N` numbers it, so
 * "hint 2" is the same text in both; the one offered first because a promise broke says so.
 */
export function hintLabel(exercise: ExerciseInfo, report: ExerciseReport | undefined, hintIndex: number): string {
  const place = `${hintIndex + 1} of ${exercise.hints.length}`;
  const forBroken = report !== undefined && brokenPromises(report).some((promise) => exercise.hintFor?.[promise.id] === hintIndex);
  return forBroken ? `Hint for the broken promise (${place})` : `Hint ${place}`;
}
