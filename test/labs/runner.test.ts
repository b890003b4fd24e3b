/**
 * The runner with real worker threads, on a scratch workbook: a learner's mistakes (an endless
 * loop, a syntax or type error, a throw) become reports and the runner keeps working; progress and
 * backups lose nothing.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applySolution, closeRunner, listExercises, readProgress, resetExercise, runExercise, updateProgress, watchExercise, type ExerciseReport } from '../../src/labs/index.js';
import { formatReport } from '../../src/labs/plain-report.js';
import { progressPath } from '../../src/labs/progress.js';
import { createScratchWorkbook } from '../helpers/scratch-workbook.js';

const scratch = createScratchWorkbook();
const { root } = scratch;
const LAB = '02';
const EXERCISE = '06-range-assignor';
const file = listExercises(root, LAB).find((exercise) => exercise.id === EXERCISE)!.file;
const starter = readFileSync(file, 'utf8');

afterAll(async () => {
  await closeRunner();
  scratch.remove();
});

function learnerWrites(text: string): void {
  writeFileSync(file, text);
}

const header = "export interface Member { readonly memberId: string; readonly groupInstanceId: string | null; readonly topics: readonly string[] }\nexport interface TopicPartition { readonly topic: string; readonly partition: number }\n";

describe('the lab runner', () => {
  it('lists the exercises with absolute files, READMEs and at least three hints each', () => {
    const exercises = listExercises(root, LAB);
    expect(exercises.map((exercise) => exercise.id)).toEqual(['01-partitioner', '02-high-watermark-and-acks', '03-isr', '04-leader-election', '05-kraft-vote', '06-range-assignor']);
    for (const exercise of exercises) {
      expect(existsSync(exercise.file)).toBe(true);
      expect(exercise.readmePath).toBe(join(dirname(exercise.file), 'README.md'));
      expect(exercise.hints.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('stops an endless loop at the deadline with a sentence that says so, and keeps working afterwards', async () => {
    learnerWrites(`${header}export function assign(members: readonly Member[], partitionsPerTopic: ReadonlyMap<string, number>): Map<string, TopicPartition[]> {\n  let spins = 0;\n  while (members.length >= 0) spins++;\n  return new Map([[String(spins), []]]);\n}\n`);
    const report = await runExercise(root, LAB, EXERCISE, { timeoutMs: 1_000 });
    expect(report.outcome).toEqual({ kind: 'timeout', afterMs: 1_000 });
    expect(formatReport(report, '')).toContain('did not finish in 1 s (endless loop?)');
    applySolution(root, LAB, EXERCISE);
    expect((await runExercise(root, LAB, EXERCISE)).outcome.kind).toBe('passed');
  });

  it('reports a syntax error with the file and line', async () => {
    learnerWrites(`${header}export function assign(members: readonly Member[]) {\n  return new Map(members.map((m) => [m.memberId, []]);\n}\n`);
    const { outcome } = await runExercise(root, LAB, EXERCISE);
    expect(outcome).toMatchObject({ kind: 'compile-error', file, line: 4 });
  });

  it('reports a type error with the file and line', async () => {
    learnerWrites(`${header}export function assign(members: readonly Member[], partitionsPerTopic: ReadonlyMap<string, number>): Map<string, TopicPartition[]> {\n  const count: number = partitionsPerTopic.get('orders');\n  return new Map(members.map((member) => [member.memberId, [{ topic: 'orders', partition: count }]]));\n}\n`);
    const { outcome } = await runExercise(root, LAB, EXERCISE);
    expect(outcome).toMatchObject({ kind: 'compile-error', file, line: 4 });
    expect(outcome.kind === 'compile-error' && outcome.message).toMatch(/undefined/);
  });

  it("reports an exception with its stack trimmed to the learner's file", async () => {
    learnerWrites(`${header}export function assign(members: readonly Member[]): Map<string, TopicPartition[]> {\n  if (members.length > 0) throw new RangeError('too many members');\n  return new Map();\n}\n`);
    const { outcome } = await runExercise(root, LAB, EXERCISE);
    expect(outcome.kind).toBe('failed');
    const message = outcome.kind === 'failed' ? outcome.tests[0]!.message! : '';
    expect(message).toContain('your code threw: RangeError: too many members');
    expect(message).toMatch(/06-range-assignor\/range-assignor\.ts:4:/);
    expect(message).not.toMatch(/src\/labs\//);
  });

  it('reports an exception thrown while the file loads as a crash, trimmed to the file', async () => {
    learnerWrites(`${header}const table: number[] = [];\nif (table.length === 0) throw new Error('broken at load');\nexport function assign(): Map<string, TopicPartition[]> { return new Map(); }\n`);
    const { outcome } = await runExercise(root, LAB, EXERCISE);
    expect(outcome).toMatchObject({ kind: 'crashed' });
    expect(outcome.kind === 'crashed' && outcome.message).toContain('broken at load');
    expect(outcome.kind === 'crashed' && outcome.stack).toMatch(/range-assignor\.ts:4/);
  });

  it('reset restores the starter after keeping a time-stamped copy of the learner\'s file', () => {
    learnerWrites('// my own attempt\n');
    const { backupPath } = resetExercise(root, LAB, EXERCISE);
    expect(readFileSync(file, 'utf8')).toBe(starter);
    expect(readFileSync(backupPath, 'utf8')).toBe('// my own attempt\n');
    expect(backupPath).toMatch(/\.workbook\/backups\/02\/06-range-assignor\/\d{4}-\d\d-\d\dT.*-range-assignor\.ts$/);
  });

  it('moves a corrupt progress file aside with a warning, never dropping it', () => {
    updateProgress(root, (progress) => progress);
    writeFileSync(progressPath(root), '{"version": 1, "labs": {"02": ');
    const { progress, warning } = readProgress(root);
    expect(progress).toEqual({ version: 1, labs: {} });
    expect(warning).toMatch(/could not be read .* moved to .*progress\.json\.corrupt-/);
    const aside = readdirSync(join(root, '.workbook')).filter((name) => name.startsWith('progress.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(root, '.workbook', aside[0]!), 'utf8')).toBe('{"version": 1, "labs": {"02": ');
  });

  it('records each run in the progress file', async () => {
    resetExercise(root, LAB, EXERCISE);
    await runExercise(root, LAB, EXERCISE);
    expect(readProgress(root).progress.labs[LAB]!.exercises[EXERCISE]!.status).toBe('failing');
  });

  it('watch mode runs at once and again on every save', async () => {
    resetExercise(root, LAB, EXERCISE);
    const reports: ExerciseReport[] = [];
    let notify: () => void = () => undefined;
    const watcher = watchExercise(root, LAB, EXERCISE, (report) => {
      reports.push(report);
      notify();
    });
    const next = (): Promise<void> => new Promise((resolve) => (notify = resolve));
    await next();
    expect(reports[0]!.outcome.kind).toBe('failed');
    const saved = next();
    applySolution(root, LAB, EXERCISE);
    await saved;
    expect(reports.at(-1)!.outcome.kind).toBe('passed');
    await watcher.close();
  });
});
