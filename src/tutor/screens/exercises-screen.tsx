/**
 * The exercises: status of each, run one or all, watch (re-run on save), hints one at a time (the
 * hint for the promise that failed first), the solution and a reset behind a confirmation (both
 * keep a copy of the learner's file), and a failing test opened as a replay.
 */
import { Box, Text } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { BrokenPromise, ExerciseReport } from '../../labs/report.js';
import { useTutor } from '../app/tutor-context.js';
import { Frame, useBodySize } from '../components/frame.js';
import type { KeyHint } from '../components/key-hint.js';
import { Toned } from '../components/toned.js';
import { useEscapeCapture, useScreenInput } from '../hooks/use-screen-input.js';
import { exerciseProgressOf } from '../services/lab-progress.js';
import { brokenPromises, describeOutcome, hintOrder, statusGlyph, statusOfReport } from '../services/report-lines.js';
import type { ExerciseInfo, ExerciseStatus, Watcher } from '../services/tutor-services.js';
import { REPLAY_KEYS, ReplayView } from './replay-view.js';
import { glyphs } from '../theme/theme.js';

type Confirming = 'solution' | 'reset';

const LIST_KEYS: readonly KeyHint[] = [
  { keys: '↑↓', action: 'choose' },
  { keys: 'Enter', action: 'run' },
  { keys: 'a', action: 'run all' },
  { keys: 'w', action: 'watch' },
  { keys: 'h', action: 'hint' },
  { keys: 'v', action: 'replay failure' },
  { keys: 's', action: 'solution' },
  { keys: 'x', action: 'reset' },
];
const CONFIRM_KEYS: readonly KeyHint[] = [
  { keys: 'y', action: 'yes' },
  { keys: 'n/Esc', action: 'no' },
];

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function ExercisesScreen({ initialExercise }: { readonly initialExercise: string | undefined }) {
  const { services, progress, exercises: exerciseList } = useTutor();
  const exercises = exerciseList.ok ? exerciseList.value : [];
  const { columns, rows } = useBodySize();
  const [selected, setSelected] = useState(() => Math.max(0, exercises.findIndex((exercise) => exercise.id === initialExercise)));
  const [reports, setReports] = useState<Readonly<Record<string, ExerciseReport>>>({});
  const [running, setRunning] = useState<string | undefined>(undefined);
  const [runAll, setRunAll] = useState<{ done: number; total: number } | undefined>(undefined);
  const [watching, setWatching] = useState<string | undefined>(undefined);
  const watcher = useRef<Watcher | undefined>(undefined);
  const [confirming, setConfirming] = useState<Confirming | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [replay, setReplay] = useState<BrokenPromise | undefined>(undefined);
  const exercise: ExerciseInfo | undefined = exercises[selected];
  useEscapeCapture(confirming !== undefined);

  const record = (report: ExerciseReport) => {
    setReports((current) => ({ ...current, [report.exerciseId]: report }));
    const status = statusOfReport(report);
    progress.update((lab) => ({
      ...lab,
      exercises: {
        ...lab.exercises,
        [report.exerciseId]: { ...exerciseProgressOf(lab, report.exerciseId), status, lastRunAt: new Date().toISOString() },
      },
    }));
  };

  const stopWatching = () => {
    void watcher.current?.close();
    watcher.current = undefined;
    setWatching(undefined);
  };
  useEffect(() => () => void watcher.current?.close(), []);

  /** Runs one exercise; a failure that carries its scenario opens as a replay (Esc returns to the list). */
  const run = (target: ExerciseInfo) => {
    setRunning(target.id);
    setNotice(undefined);
    services
      .runExercise(target.id)
      .then(
        (report) => {
          record(report);
          const broken = brokenPromises(report).find((promise) => promise.trace.length > 0);
          if (broken !== undefined) setReplay(broken);
        },
        (error: unknown) => setNotice(`Running ${target.id} failed: ${messageOf(error)}`),
      )
      .finally(() => setRunning(undefined));
  };

  const runEverything = () => {
    setRunAll({ done: 0, total: exercises.length });
    setNotice(undefined);
    services
      .runAllExercises((done, total, report) => {
        setRunAll({ done, total });
        record(report);
      })
      .then(
        (all) => setNotice(`Ran all ${all.length}: ${all.filter((report) => report.outcome.kind === 'passed').length} pass.`),
        (error: unknown) => setNotice(`Running all failed: ${messageOf(error)}`),
      )
      .finally(() => setRunAll(undefined));
  };

  const confirm = async (what: Confirming, target: ExerciseInfo) => {
    setConfirming(undefined);
    try {
      const { backupPath } = await (what === 'solution' ? services.applySolution(target.id) : services.resetExercise(target.id));
      run(target);
      setNotice(`${what === 'solution' ? 'Solution in place' : 'Starter restored'}; your file was kept as ${backupPath}.`);
    } catch (error) {
      setNotice(`Could not ${what === 'solution' ? 'show the solution' : 'reset'}: ${messageOf(error)}`);
    }
  };

  const showHint = (target: ExerciseInfo) => {
    const shown = exerciseProgressOf(progress.lab, target.id).hintsShown;
    if (shown >= target.hints.length) return setNotice('No more hints: s shows the solution.');
    progress.update((lab) => ({ ...lab, exercises: { ...lab.exercises, [target.id]: { ...exerciseProgressOf(lab, target.id), hintsShown: shown + 1 } } }));
  };

  useScreenInput(
    (input, key) => {
      if (exercise === undefined) return;
      if (confirming !== undefined) {
        if (input === 'y') void confirm(confirming, exercise);
        else if (input === 'n' || key.escape) setConfirming(undefined);
        return;
      }
      if (key.upArrow) setSelected((index) => Math.max(0, index - 1));
      else if (key.downArrow) setSelected((index) => Math.min(exercises.length - 1, index + 1));
      else if ((key.return || input === 'r') && running === undefined) run(exercise);
      else if (input === 'a' && runAll === undefined) runEverything();
      else if (input === 'w') {
        if (watching !== undefined) stopWatching();
        else {
          watcher.current = services.watchExercise(exercise.id, record);
          setWatching(exercise.id);
          setNotice(`Watching ${exercise.file}: the tests re-run each time you save.`);
        }
      } else if (input === 'h') showHint(exercise);
      else if (input === 's') setConfirming('solution');
      else if (input === 'x') setConfirming('reset');
      else if (input === 'v') {
        const report = reports[exercise.id];
        const broken = report === undefined ? undefined : brokenPromises(report).find((promise) => promise.trace.length > 0);
        if (broken !== undefined) setReplay(broken);
        else setNotice('Nothing to replay: run the exercise, and a failing scenario opens here.');
      }
    },
    replay === undefined,
  );

  if (exercise === undefined) {
    return (
      <Frame title="Exercises" keys={[]}>
        <Text wrap="wrap">{exerciseList.ok ? 'This lab has no exercises.' : `${glyphs.failed} The exercises could not be listed: ${exerciseList.message}`}</Text>
      </Frame>
    );
  }
  const report = reports[exercise.id];
  const lab = progress.lab;
  const statusOf = (id: string): ExerciseStatus => (reports[id] === undefined ? exerciseProgressOf(lab, id).status : statusOfReport(reports[id]));
  const passed = exercises.filter((entry) => statusOf(entry.id) === 'passed').length;
  const status = runAll !== undefined ? `running all ${runAll.done}/${runAll.total}…` : `${passed}/${exercises.length} pass${watching === undefined ? '' : ' · watching'}`;

  if (replay !== undefined) {
    return (
      <Frame title={`Replay: ${exercise.id}`} status={status} keys={REPLAY_KEYS}>
        <ReplayView promise={replay} width={columns} height={rows} onClose={() => setReplay(undefined)} />
      </Frame>
    );
  }

  const order = hintOrder(exercise, report);
  const hintsShown = exerciseProgressOf(lab, exercise.id).hintsShown;
  const detail = [
    ...(report === undefined ? [running === exercise.id ? '… running the tests' : 'Not run in this session: Enter runs the tests.'] : describeOutcome(report)),
    ...order.slice(0, hintsShown).map((hintIndex, rank) => `Hint ${rank + 1}/${exercise.hints.length}: ${exercise.hints[hintIndex]}`),
  ];
  const detailRows = Math.max(1, rows - exercises.length - 4);
  return (
    <Frame title="Exercises" status={status} keys={confirming !== undefined ? CONFIRM_KEYS : LIST_KEYS}>
      {exercises.map((entry, index) => {
        const entryStatus = statusOf(entry.id);
        const tone = entryStatus === 'passed' ? 'passed' : entryStatus === 'failing' ? 'failed' : 'muted';
        return (
          <Text key={entry.id} wrap="truncate-end">
            <Toned tone="selected" inverse={index === selected}>{index === selected ? '›' : ' '}</Toned>
            <Toned tone={tone}>{` ${running === entry.id ? '…' : statusGlyph(entryStatus)} `}</Toned>
            {`${entry.id.padEnd(28)} ${entry.title}`}
            {watching === entry.id ? <Toned tone="accent"> [watching]</Toned> : null}
          </Text>
        );
      })}
      <Box marginTop={1} flexDirection="column">
        <Toned tone="accent" wrap="truncate-end">{`${exercise.id}: ${exercise.file}`}</Toned>
        {detail.slice(0, detailRows).map((line, index) => (
          <Text key={index} wrap="truncate-end">
            {line}
          </Text>
        ))}
      </Box>
      {confirming !== undefined && (
        <Toned tone="warning" wrap="wrap">
          {confirming === 'solution'
            ? `Replace ${exercise.file} with the solution? Your file is kept as a copy. y/n`
            : `Put the starter back in ${exercise.file}? Your file is kept as a copy. y/n`}
        </Toned>
      )}
      {confirming === undefined && notice !== undefined && <Toned tone="warning" wrap="wrap">{notice}</Toned>}
    </Frame>
  );
}
