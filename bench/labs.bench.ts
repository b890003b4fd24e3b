/**
 * The lab runner, as a learner feels it:
 *
 * 1. Save → verdict in watch mode, per exercise: a scratch copy of the workbook, `watchExercise` on
 *    the exercise, then the learner's file is saved again and again (alternating the reference
 *    solution and the starter, each save a new text) and the time from the write to the report is
 *    measured: the file watcher, the type check, loading the file afresh and every check including
 *    its cluster scenarios. The first (cold) run is left out. Goal: p50 under 300 ms.
 * 2. `npm run lab 02 -- --check`, as a learner runs it (a new process, cold threads), on the
 *    starters: total wall time.
 *
 * Run alone: npx tsx bench/labs.bench.ts
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { closeRunner, listExercises, watchExercise, type ExerciseReport } from '../src/labs/index.js';
import { exercisePaths } from '../src/labs/paths.js';
import { createScratchWorkbook } from '../test/helpers/scratch-workbook.js';
import type { BenchResult } from './result.js';

const SAVES_PER_EXERCISE = 12;

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

async function saveToVerdict(root: string, exerciseId: string): Promise<number[]> {
  const paths = exercisePaths(root, '02', exerciseId);
  const texts = [readFileSync(paths.solution, 'utf8'), readFileSync(paths.starter, 'utf8')];
  let waiting: ((report: ExerciseReport) => void) | undefined;
  const nextReport = (): Promise<ExerciseReport> => new Promise((resolve) => (waiting = resolve));
  const first = nextReport();
  const watcher = watchExercise(root, '02', exerciseId, (report) => waiting?.(report));
  await first;
  const latencies: number[] = [];
  for (let save = 0; save < SAVES_PER_EXERCISE; save++) {
    const report = nextReport();
    const started = performance.now();
    writeFileSync(paths.file, `${texts[save % 2]}\n// save ${save}\n`);
    const verdict = await report;
    latencies.push(performance.now() - started);
    if (process.env.BENCH_VERBOSE) process.stderr.write(`${exerciseId} save ${save}: ${verdict.outcome.kind} in ${Math.round(latencies.at(-1)!)} ms\n`);
    const expected = save % 2 === 0 ? 'passed' : 'failed';
    if (verdict.outcome.kind !== expected) throw new Error(`${exerciseId}: expected ${expected} after save ${save}, got ${verdict.outcome.kind}`);
  }
  await watcher.close();
  return latencies.sort((a, b) => a - b);
}

async function checkCommandMs(root: string): Promise<number> {
  const started = performance.now();
  await promisify(execFile)('node_modules/.bin/tsx', ['src/cli/lab.ts', '02', '--check'], { env: { ...process.env, WORKBOOK_ROOT: root } }).catch((error: { code?: number }) => {
    if (error.code !== 1) throw error; // exit 1: the starters fail, as they should
  });
  return performance.now() - started;
}

export async function benchLabs(): Promise<BenchResult[]> {
  const scratch = createScratchWorkbook();
  try {
    const results: BenchResult[] = [];
    const all: number[] = [];
    for (const exercise of listExercises(scratch.root, '02')) {
      const latencies = await saveToVerdict(scratch.root, exercise.id);
      all.push(...latencies);
      results.push({ name: `save → verdict ${exercise.id} p50`, value: Math.round(percentile(latencies, 0.5)), unit: 'ms', note: `p95 ${Math.round(percentile(latencies, 0.95))} ms over ${latencies.length} saves` });
    }
    all.sort((a, b) => a - b);
    results.push({ name: 'save → verdict, all exercises p50', value: Math.round(percentile(all, 0.5)), unit: 'ms', note: `p95 ${Math.round(percentile(all, 0.95))} ms; goal p50 < 300 ms` });
    await closeRunner();
    for (const exercise of listExercises(scratch.root, '02')) writeFileSync(exercise.file, readFileSync(exercisePaths(scratch.root, '02', exercise.id).starter, 'utf8'));
    results.push({ name: 'npm run lab 02 -- --check (starters)', value: Math.round(await checkCommandMs(scratch.root)), unit: 'ms', note: 'a new process: cold threads, 6 exercises' });
    return results;
  } finally {
    await closeRunner();
    scratch.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { formatBenchTable } = await import('./result.js');
  console.log(formatBenchTable(await benchLabs()));
}
