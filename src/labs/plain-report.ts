/**
 * Exercise reports as plain text: what `npm run lab 02 -- --check` prints, and what the tutor can
 * print without a terminal. Words carry the verdict (passed, FAILED), so nothing depends on colour.
 */
import type { BrokenPromise, ExerciseReport, TestResult } from './report.js';

const INDENT = '      ';

export function formatReport(report: ExerciseReport, title: string, options: { detailed?: boolean } = {}): string {
  const head = `${report.exerciseId}  ${title}`;
  const { outcome } = report;
  switch (outcome.kind) {
    case 'passed':
      return `  passed  ${head}  (${outcome.tests.length}/${outcome.tests.length} promises kept, ${report.durationMs} ms)`;
    case 'failed': {
      const kept = outcome.tests.filter((test) => test.status === 'passed').length;
      const lines = [`  FAILED  ${head}  (${kept}/${outcome.tests.length} promises kept, ${report.durationMs} ms)`];
      let first = true;
      for (const test of outcome.tests) {
        lines.push(...formatTest(test, options.detailed !== false && first && test.status === 'failed'));
        if (test.status === 'failed') first = false;
      }
      return lines.join('\n');
    }
    case 'compile-error':
      return [`  FAILED  ${head}  (does not compile)`, `${INDENT}${outcome.file}:${outcome.line}:${outcome.column}`, `${INDENT}${outcome.message}`].join('\n');
    case 'timeout':
      return [`  FAILED  ${head}`, `${INDENT}did not finish in ${seconds(outcome.afterMs)} s (endless loop?): the runner stopped it. Look for a loop whose condition never changes.`].join('\n');
    case 'crashed':
      return [`  FAILED  ${head}  (crashed)`, `${INDENT}${outcome.message}`, ...(outcome.stack === '' ? [] : outcome.stack.split('\n').map((line) => `${INDENT}${line.trim()}`))].join('\n');
  }
}

function formatTest(test: TestResult, withDetails: boolean): string[] {
  if (test.status === 'passed') return [`    kept    ${test.name}`];
  const lines = [`    BROKEN  ${test.name}`];
  for (const line of (test.message ?? '').split('\n')) lines.push(`${INDENT}${line.trim()}`);
  if (withDetails && test.broken !== undefined) lines.push(...formatBroken(test.broken));
  return lines;
}

function formatBroken(broken: BrokenPromise): string[] {
  const lines: string[] = [];
  if (broken.trace.length > 0) {
    lines.push(`${INDENT}what happened${broken.seed === undefined ? '' : ` (seed ${broken.seed})`}:`);
    broken.trace.forEach((line, index) => lines.push(`${INDENT}${index === broken.brokeAtStep ? '> ' : '  '}${line}`));
  } else if (broken.seed !== undefined) {
    lines.push(`${INDENT}seed ${broken.seed}`);
  }
  if (broken.call !== undefined) {
    lines.push(`${INDENT}your ${broken.call.fn} was called with ${compact(broken.call.inputs)}`);
    lines.push(`${INDENT}and returned ${compact(broken.call.output)}`);
  }
  return lines;
}

const COMPACT_CHARS_MAX = 400;

function compact(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > COMPACT_CHARS_MAX ? `${text.slice(0, COMPACT_CHARS_MAX)}…` : text;
}

function seconds(ms: number): string {
  return (ms / 1_000).toFixed(ms % 1_000 === 0 ? 0 : 1);
}
