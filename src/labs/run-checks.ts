/**
 * Runs an exercise's checks against an implementation, in this process: the learner-facing vitest
 * files, the runner's worker and the project's proof all come through here, so they agree.
 * A check that throws PromiseBroken failed with its broken promise; any other error is the
 * learner's code throwing, reported with its stack trimmed to the learner's file.
 */
import { basename } from 'node:path';
import { PromiseBroken, type ExerciseDefinition } from './exercise.js';
import type { TestResult } from './report.js';
import { learnerError } from './scenario-trace.js';
import { trimStack } from './stack.js';

/** The implementation the module provides, or the sentence saying which export is missing. */
export function implementationOf<Impl>(definition: ExerciseDefinition<Impl>, module: Record<string, unknown>): Impl | string {
  const missing = definition.exports.filter((name) => typeof module[name] !== 'function');
  if (missing.length === 0) return module as Impl;
  const file = basename(definition.file);
  return `${file} must export ${missing.length === 1 ? 'a function' : 'functions'} named ${missing.join(', ')} (keep the names and signatures the starter had)`;
}

export function runChecks<Impl>(
  definition: ExerciseDefinition<Impl>,
  module: Record<string, unknown>,
  options: { learnerFile?: string } = {},
): TestResult[] {
  const impl = implementationOf(definition, module);
  if (typeof impl === 'string') {
    return definition.checks.map((check) => ({ name: check.promise, status: 'failed', message: impl, broken: { id: check.id, summary: impl, trace: [] } }));
  }
  return definition.checks.map((check): TestResult => {
    try {
      check.run(impl);
      return { name: check.promise, status: 'passed' };
    } catch (error) {
      if (error instanceof PromiseBroken) {
        return { name: check.promise, status: 'failed', message: error.broken.summary, broken: { id: check.id, ...error.broken } };
      }
      const cause = learnerError(error);
      const text = cause instanceof Error ? `${cause.name === 'Error' ? '' : `${cause.name}: `}${cause.message}` : String(cause);
      const stack = cause instanceof Error ? trimStack(cause.stack ?? '', options.learnerFile ?? definition.file) : '';
      const summary = `your code threw: ${text}`;
      return { name: check.promise, status: 'failed', message: stack === '' ? summary : `${summary}\n${stack}`, broken: { id: check.id, summary, trace: [], threw: true } };
    }
  });
}
