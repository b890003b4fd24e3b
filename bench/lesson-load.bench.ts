/**
 * How fast lesson 02 loads: the tutor loads it at start-up, so `loadLesson` must stay well under
 * 100 ms. Figures:
 *
 * - a fresh process (the tutor's case): `loadLesson` timed inside a new Node process, median of a
 *   few processes; nothing of src/lessons, src/kafka or src/sim has run before;
 * - warm: median of repeated loads in this process (re-reading and re-parsing the files);
 * - the simulator-drawn diagrams: drawn the first time their section is read, so they cost the
 *   reader of that section, not the start-up; timed first in a fresh process and then warm;
 * - the quiz load and rendering the whole lesson to terminal lines at 80 columns.
 *
 * Benchmarks only report; nothing asserts a timing. Run alone: npx tsx bench/lesson-load.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLesson, loadQuiz } from '../src/lessons/index.js';
import { renderMarkdown } from '../src/tutor/markdown/render-markdown.js';
import { formatBenchTable, type BenchResult } from './result.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FRESH_PROCESSES = 5;
const WARM_ROUNDS = 30;
const FRESH_FLAG = '--fresh-process-sample';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeMs(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

/** Inside a fresh process: time the first load, then the first read of every section. */
function freshSample(): { loadMs: number; diagramsMs: number } {
  let lesson: ReturnType<typeof loadLesson> | undefined;
  const loadMs = timeMs(() => {
    lesson = loadLesson(ROOT, '02');
  });
  const diagramsMs = timeMs(() => {
    for (const section of lesson!.sections) void section.markdown;
  });
  return { loadMs, diagramsMs };
}

function sampleFreshProcesses(): Array<{ loadMs: number; diagramsMs: number }> {
  const samples: Array<{ loadMs: number; diagramsMs: number }> = [];
  for (let run = 0; run < FRESH_PROCESSES; run++) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), FRESH_FLAG], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`fresh-process sample failed: ${child.stderr}`);
    samples.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { loadMs: number; diagramsMs: number });
  }
  return samples;
}

export async function benchLessonLoad(): Promise<BenchResult[]> {
  const fresh = sampleFreshProcesses();
  const warmLoad = median(Array.from({ length: WARM_ROUNDS }, () => timeMs(() => loadLesson(ROOT, '02'))));
  const warmDiagrams = median(
    Array.from({ length: 5 }, () => {
      const lesson = loadLesson(ROOT, '02');
      return timeMs(() => {
        for (const section of lesson.sections) void section.markdown;
      });
    }),
  );
  const quiz = median(Array.from({ length: WARM_ROUNDS }, () => timeMs(() => loadQuiz(ROOT, '02'))));
  const lesson = loadLesson(ROOT, '02');
  const markdown = lesson.sections.map((section) => `## ${section.title}\n\n${section.markdown}`).join('\n\n');
  const render = median(Array.from({ length: WARM_ROUNDS }, () => timeMs(() => renderMarkdown(markdown, { width: 80, color: true }))));
  const note = `median of ${FRESH_PROCESSES} processes`;
  return [
    { name: 'loadLesson, fresh process', value: median(fresh.map((sample) => sample.loadMs)), unit: 'ms', note },
    { name: 'loadLesson, warm', value: warmLoad, unit: 'ms', note: `median of ${WARM_ROUNDS}` },
    { name: 'simulator diagrams, first read', value: median(fresh.map((sample) => sample.diagramsMs)), unit: 'ms', note: `${note}; paid when their section is opened` },
    { name: 'simulator diagrams, warm', value: warmDiagrams, unit: 'ms', note: 'median of 5' },
    { name: 'loadQuiz, warm', value: quiz, unit: 'ms', note: `median of ${WARM_ROUNDS}` },
    { name: 'render whole lesson, 80 cols', value: render, unit: 'ms', note: `median of ${WARM_ROUNDS}` },
  ];
}

const script = process.argv[1];
if (script !== undefined && fileURLToPath(import.meta.url) === resolve(script)) {
  if (process.argv.includes(FRESH_FLAG)) {
    console.log(JSON.stringify(freshSample()));
  } else {
    console.log(formatBenchTable(await benchLessonLoad()));
  }
}
