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
        if (test.message !== undefined) lines.push(`    ${test.message}`);
        if (test.broken?.seed !== undefined) lines.push(`    replay seed ${test.broken.seed}`);
      }
      return lines;
    }
    case 'compile-error':
      return [`${glyphs.failed} does not compile: ${outcome.file}:${outcome.line}:${outcome.column}`, `  ${outcome.message}`];
    case 'timeout':
      return [`${glyphs.failed} stopped after ${outcome.afterMs} ms: does a loop never end?`];
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
