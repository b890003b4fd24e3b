/**
 * The learner-facing vitest files (labs/NN-name/exercises/*\/*.test.ts) are one line each: they
 * hand the learner's module to this function, which declares one vitest test per promise of the
 * exercise, the same checks the runner runs. A broken promise fails with its sentence, the seed,
 * the short trace and the learner's call, as `npm run lab` prints them.
 */
import { expect, it } from 'vitest';
import { definitionOf } from './paths.js';
import { runChecks } from './run-checks.js';
import { formatReport } from './plain-report.js';

export function describeExerciseTests(labId: string, exerciseId: string, module: object): void {
  const definition = definitionOf(labId, exerciseId);
  // The checks share scenario runs per implementation, so they run once, together, and each test reads its own result.
  let results: ReturnType<typeof runChecks> | undefined;
  const resultsNow = (): ReturnType<typeof runChecks> => (results ??= runChecks(definition, module as Record<string, unknown>));
  definition.checks.forEach((check, index) => {
    it(check.promise, () => {
      const result = resultsNow()[index]!;
      if (result.status === 'failed') {
        const text = formatReport({ labId, exerciseId, outcome: { kind: 'failed', tests: [result] }, durationMs: 0 }, definition.title);
        expect.fail(text.split('\n').slice(1).join('\n'));
      }
    });
  });
}
