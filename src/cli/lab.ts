/**
 * `npm run lab [NN] [-- options]`: the learner's front door.
 *
 *   npm run lab                          the labs, with each exercise's progress
 *   npm run lab 02                       the tutor on a terminal; elsewhere (or --plain) a plain report
 *   npm run lab 02 -- --check [01]       every exercise (or only 01) run once, its report, exit code 0 only when all pass
 *   npm run lab 02 -- --watch [01]       re-run one exercise's tests on every save (Ctrl-C stops)
 *   npm run lab 02 -- hint 01 [n]        the next hint for exercise 01, or hint n
 *   npm run lab 02 -- reset 01           the starter back in place (your file is kept as a backup)
 *   npm run lab 02 -- solution 01        the reference solution in place (your file is kept too)
 *
 * `--plain` asks for the plain report even where the interactive tutor is available. Only the tutor
 * reads the keyboard, and only on a terminal, so pipes and CI never wait.
 */
import { findExercise, findLab, labs, type LabEntry } from '../labs/catalog.js';
import {
  applySolution,
  listExercises,
  readProgress,
  resetExercise,
  runAllExercises,
  runExercise,
  updateProgress,
  watchExercise,
  type ExerciseReport,
} from '../labs/index.js';
import { formatReport } from '../labs/plain-report.js';
import { withExercise, type Progress } from '../labs/progress.js';
import { projectRoot } from '../project-root.js';
import { isEntryPoint } from './entry-point.js';
import { startTutor } from './tutor.js';

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
/** The project root; WORKBOOK_ROOT points tests and benchmarks at a scratch copy. */
const ROOT = process.env.WORKBOOK_ROOT ?? projectRoot();

const STATUS_WORDS = { 'not-started': 'not started', failing: 'failing', passed: 'passed' } as const;

function listLabs(progress: Progress): string {
  const lines = ['Labs:'];
  for (const lab of labs) {
    const exercises = progress.labs[lab.id]?.exercises ?? {};
    const passed = lab.exercises.filter((exercise) => exercises[exercise.id]?.status === 'passed').length;
    lines.push(`  ${lab.id}  ${lab.title}  (${passed}/${lab.exercises.length} exercises passed)`);
    for (const exercise of lab.exercises) {
      lines.push(`        ${exercise.id.padEnd(28)} ${STATUS_WORDS[exercises[exercise.id]?.status ?? 'not-started']}`);
    }
  }
  lines.push('', 'Open one with: npm run lab 02');
  return lines.join('\n');
}

function usage(progress: Progress): string {
  return [
    'Usage: npm run lab [NN] [-- --check [exercise] | --watch [exercise] | hint <exercise> [n] | reset <exercise> | solution <exercise>]',
    '',
    listLabs(progress),
  ].join('\n');
}

function titleOf(lab: LabEntry, exerciseId: string): string {
  return lab.exercises.find((exercise) => exercise.id === exerciseId)?.title ?? '';
}

async function runAll(lab: LabEntry): Promise<ExerciseReport[]> {
  const reports = await runAllExercises(ROOT, lab.id, (done, total, report) => {
    console.log(formatReport(report, titleOf(lab, report.exerciseId)));
    if (done < total) console.log('');
  });
  const passed = reports.filter((report) => report.outcome.kind === 'passed').length;
  console.log('');
  console.log(`${passed}/${reports.length} exercises pass.`);
  const next = reports.find((report) => report.outcome.kind !== 'passed');
  if (next !== undefined) {
    console.log(`Next: edit ${lab.folder}/exercises/${next.exerciseId}/ and run  npm run lab ${lab.id} -- --watch ${next.exerciseId.slice(0, 2)}`);
    console.log(`Stuck? npm run lab ${lab.id} -- hint ${next.exerciseId.slice(0, 2)}`);
  }
  return reports;
}

function watch(lab: LabEntry, exerciseId: string): Promise<number> {
  console.log(`Watching ${lab.folder}/exercises/${exerciseId}/: save the file to re-run its tests. Ctrl-C stops.`);
  const watcher = watchExercise(ROOT, lab.id, exerciseId, (report) => {
    console.log('');
    console.log(`--- ${new Date().toLocaleTimeString()} ---`);
    console.log(formatReport(report, titleOf(lab, exerciseId)));
  });
  return new Promise((done) => {
    process.once('SIGINT', () => {
      void watcher.close().then(() => done(0));
    });
  });
}

function hint(lab: LabEntry, exerciseId: string, requested: string | undefined): number {
  const info = listExercises(ROOT, lab.id).find((exercise) => exercise.id === exerciseId)!;
  const shown = readProgress(ROOT).progress.labs[lab.id]?.exercises[exerciseId]?.hintsShown ?? 0;
  const index = requested === undefined ? Math.min(shown, info.hints.length - 1) : Number(requested) - 1;
  if (!Number.isInteger(index) || index < 0 || index >= info.hints.length) {
    console.error(`Exercise ${exerciseId} has hints 1 to ${info.hints.length}.`);
    return EXIT_USAGE;
  }
  // One hint at a time; an earlier one stays a command away (hint 01 N).
  console.log(`Hint ${index + 1} of ${info.hints.length}: ${info.hints[index]}\n`);
  const short = exerciseId.slice(0, 2);
  const more = index + 1 < info.hints.length ? `Next: npm run lab ${lab.id} -- hint ${short} ${index + 2}` : 'That was the last hint; the reference solution: npm run lab ' + `${lab.id} -- solution ${short}`;
  console.log(index > 0 ? `${more}   Earlier ones: hint ${short} 1..${index}` : more);
  updateProgress(ROOT, (progress) => withExercise(progress, lab.id, exerciseId, (current) => ({ ...current, hintsShown: Math.max(current.hintsShown, index + 1) })));
  return 0;
}

/** Splits `[--check] [--watch [ex]] [--plain] [hint|reset|solution ex [n]]` into what was asked. */
function parseOptions(args: readonly string[]): { check: boolean | string; plain: boolean; watch: string | true | undefined; command: string | undefined; operands: string[]; unknown: string[] } {
  const result = { check: false as boolean | string, plain: false, watch: undefined as string | true | undefined, command: undefined as string | undefined, operands: [] as string[], unknown: [] as string[] };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--check') {
      const next = args[index + 1];
      result.check = next !== undefined && !next.startsWith('-') && result.command === undefined ? next : true;
      if (result.check !== true) index++;
    }
    else if (arg === '--plain') result.plain = true;
    else if (arg === '--watch') {
      const next = args[index + 1];
      result.watch = next !== undefined && !next.startsWith('-') ? next : true;
      if (result.watch !== true) index++;
    } else if (result.command === undefined && ['hint', 'reset', 'solution'].includes(arg)) result.command = arg;
    else if (result.command !== undefined && !arg.startsWith('-')) result.operands.push(arg);
    else result.unknown.push(arg);
  }
  return result;
}

export async function main(args: readonly string[]): Promise<number> {
  const { progress, warning } = readProgress(ROOT);
  if (warning !== undefined) console.error(`Warning: ${warning}\n`);
  const [requested, ...rest] = args;
  if (requested === undefined) {
    console.log(listLabs(progress));
    return 0;
  }
  if (requested === '--help' || requested === '-h') {
    console.log(usage(progress));
    return 0;
  }
  const lab = findLab(requested);
  const options = parseOptions(rest);
  if (lab === undefined || options.unknown.length > 0) {
    const what = lab === undefined ? `There is no lab "${requested}".` : `Unexpected arguments: ${options.unknown.join(' ')}`;
    console.error(`${what}\n\n${usage(progress)}`);
    return EXIT_USAGE;
  }

  const exerciseNamed = (name: string | undefined): string | undefined => {
    const exercise = name === undefined ? undefined : findExercise(lab, name);
    if (exercise === undefined) {
      console.error(`${name === undefined ? 'Which exercise?' : `Lab ${lab.id} has no exercise "${name}".`} Its exercises: ${lab.exercises.map((candidate) => candidate.id).join(', ')}`);
    }
    return exercise?.id;
  };

  if (options.command !== undefined) {
    const exerciseId = exerciseNamed(options.operands[0]);
    if (exerciseId === undefined) return EXIT_USAGE;
    if (options.command === 'hint') return hint(lab, exerciseId, options.operands[1]);
    const { backupPath } = options.command === 'reset' ? resetExercise(ROOT, lab.id, exerciseId) : applySolution(ROOT, lab.id, exerciseId);
    console.log(`${options.command === 'reset' ? 'The starter' : 'The reference solution'} is in place for ${exerciseId}. Your file was kept as ${backupPath}`);
    return 0;
  }
  if (options.watch !== undefined) {
    const firstUnfinished = lab.exercises.find((exercise) => progress.labs[lab.id]?.exercises[exercise.id]?.status !== 'passed') ?? lab.exercises[0]!;
    const exerciseId = options.watch === true ? firstUnfinished.id : exerciseNamed(options.watch);
    if (exerciseId === undefined) return EXIT_USAGE;
    return watch(lab, exerciseId);
  }

  if (typeof options.check === 'string') {
    const exerciseId = exerciseNamed(options.check);
    if (exerciseId === undefined) return EXIT_USAGE;
    const report = await runExercise(ROOT, lab.id, exerciseId);
    console.log(formatReport(report, titleOf(lab, exerciseId)));
    return report.outcome.kind === 'passed' ? 0 : EXIT_FAILED;
  }
  if (options.check) {
    const reports = await runAll(lab);
    return reports.every((report) => report.outcome.kind === 'passed') ? 0 : EXIT_FAILED;
  }
  const interactive = !options.plain && process.stdout.isTTY === true && process.stdin.isTTY === true;
  if (interactive) return startTutor({ root: ROOT, labId: lab.id });
  // Plain (a pipe, CI, --plain): the report from saved progress, at once; --check runs the exercises.
  return startTutor({ root: ROOT, labId: lab.id, plain: true });
}

if (isEntryPoint(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(EXIT_FAILED);
    },
  );
}
