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
import { wrapLines } from '../components/wrap-lines.js';
import { describeOutcome, hintLabel, hintOrder, nothingToReplay, replayable, replayToOpen, seconds, statusGlyph, statusOfReport } from '../services/report-lines.js';
import type { ExerciseInfo, ExerciseStatus, Watcher } from '../services/tutor-services.js';
import { REPLAY_KEYS, ReplayView } from './replay-view.js';
import { glyphs } from '../theme/theme.js';

type Confirming = 'solution' | 'reset';

/** One screen row of the detail pane: already wrapped to the width, so it takes exactly one row. */
interface Row {
  readonly text: string;
  readonly tone?: 'accent' | 'warning' | 'muted';
}

/** Whole seconds since `startedAt`, ticking once a second while a run is in progress. */
function useElapsedSeconds(startedAt: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (startedAt === undefined) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [startedAt]);
  return startedAt === undefined ? 0 : Math.max(0, Math.floor((now - startedAt) / 1000));
}

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
const SCROLL_KEYS: readonly KeyHint[] = [{ keys: 'PgUp/PgDn', action: 'scroll' }];
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
  const [running, setRunning] = useState<{ readonly id: string; readonly startedAt: number } | undefined>(undefined);
  const [scroll, setScroll] = useState(0);
  const elapsed = useElapsedSeconds(running?.startedAt);
  /** Rows one PgUp/PgDn moves: the detail pane's height as last drawn. */
  const pageRef = useRef(1);
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

  const startRun = (id: string) => {
    setRunning({ id, startedAt: Date.now() });
    setScroll(0);
  };

  /**
   * Runs one exercise; a promise the code broke in a scenario opens as a replay (Esc returns to the
   * list). A starter that throws "not written yet", or a file that does not compile, stays on the list.
   */
  const run = (target: ExerciseInfo) => {
    startRun(target.id);
    setNotice(undefined);
    services
      .runExercise(target.id)
      .then(
        (report) => {
          record(report);
          const broken = replayToOpen(report);
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
      if (key.upArrow || key.downArrow) {
        setSelected((index) => (key.upArrow ? Math.max(0, index - 1) : Math.min(exercises.length - 1, index + 1)));
        setScroll(0);
      } else if ((key.return || input === 'r') && running === undefined) run(exercise);
      else if (input === 'a' && runAll === undefined) runEverything();
      else if (input === 'w') {
        if (watching !== undefined) stopWatching();
        else {
          const id = exercise.id;
          // The watcher runs at once and after every save: say so from the first moment.
          startRun(id);
          watcher.current = services.watchExercise(
            id,
            (report) => {
              record(report);
              setRunning((current) => (current?.id === id ? undefined : current));
            },
            () => startRun(id),
          );
          setWatching(id);
          setNotice(`Watching ${exercise.file}: the tests re-run each time you save.`);
        }
      } else if (input === 'h') {
        showHint(exercise);
        // The new hint is the last row: bring it into view.
        setScroll(Number.MAX_SAFE_INTEGER);
      } else if (key.pageDown) setScroll((value) => value + pageRef.current);
      else if (key.pageUp) setScroll((value) => Math.max(0, value - pageRef.current));
      else if (input === 's') setConfirming('solution');
      else if (input === 'x') setConfirming('reset');
      else if (input === 'v') {
        const report = reports[exercise.id];
        const broken = report === undefined ? undefined : replayable(report);
        if (broken !== undefined) setReplay(broken);
        else setNotice(nothingToReplay(report));
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
  const limit = services.exerciseTimeoutMs;
  const runningLine = `Running the tests… ${elapsed} s${limit === undefined ? '' : ` of ${seconds(limit)} s`}`;
  const logical: Row[] = [
    ...(running?.id === exercise.id
      ? [{ text: runningLine }]
      : report === undefined
        ? [{ text: 'Not run in this session: Enter runs the tests.' }]
        : describeOutcome(report).map((text) => ({ text }))),
    ...order.slice(0, hintsShown).map((hintIndex) => ({ text: `${hintLabel(exercise, report, hintIndex)}: ${exercise.hints[hintIndex]}`, tone: 'warning' as const })),
  ];
  const detail: Row[] = logical.flatMap((line) => wrapLines(line.text, columns).map((text) => ({ text, ...(line.tone !== undefined && { tone: line.tone }) })));
  const heading: Row[] = wrapLines(`${exercise.id}: ${exercise.file}`, columns).map((text) => ({ text, tone: 'accent' }));
  const message =
    confirming === 'solution'
      ? `Replace ${exercise.file} with the solution? Your file is kept as a copy. y/n`
      : confirming === 'reset'
        ? `Put the starter back in ${exercise.file}? Your file is kept as a copy. y/n`
        : notice;
  const footer = message === undefined ? [] : wrapLines(message, columns).slice(0, 3);
  // The list, the selected row and the keys always show; the detail pane gets the rows that remain.
  const paneRows = Math.max(1, rows - exercises.length - 1 - footer.length - heading.length);
  const overflows = detail.length > paneRows;
  const pageRows = Math.max(1, paneRows - 1);
  pageRef.current = pageRows;
  const maxScroll = overflows ? detail.length - pageRows : 0;
  const top = Math.min(scroll, maxScroll);
  const shown = overflows ? detail.slice(top, top + pageRows) : detail;
  const below = detail.length - top - shown.length;
  const more = overflows
    ? `${top > 0 ? `↑ ${top} more above` : ''}${top > 0 && below > 0 ? ' · ' : ''}${below > 0 ? `↓ ${below} more below` : ''} (PgUp/PgDn)`
    : undefined;
  const keyHints = confirming !== undefined ? CONFIRM_KEYS : overflows ? [...LIST_KEYS, ...SCROLL_KEYS] : LIST_KEYS;
  return (
    <Frame title="Exercises" status={status} keys={keyHints}>
      {exercises.map((entry, index) => {
        const entryStatus = statusOf(entry.id);
        const tone = entryStatus === 'passed' ? 'passed' : entryStatus === 'failing' ? 'failed' : 'muted';
        return (
          <Text key={entry.id} wrap="truncate-end">
            <Toned tone="selected" inverse={index === selected}>{index === selected ? '›' : ' '}</Toned>
            <Toned tone={tone}>{` ${running?.id === entry.id ? '…' : statusGlyph(entryStatus)} `}</Toned>
            {`${entry.id.padEnd(28)} ${entry.title}`}
            {watching === entry.id ? <Toned tone="accent"> [watching]</Toned> : null}
          </Text>
        );
      })}
      <Box marginTop={1} flexDirection="column" flexShrink={0}>
        {[...heading, ...shown].map((row, index) =>
          row.tone === undefined ? (
            <Text key={index} wrap="truncate-end">
              {row.text}
            </Text>
          ) : (
            <Toned key={index} tone={row.tone} wrap="truncate-end">
              {row.text}
            </Toned>
          ),
        )}
        {more !== undefined && (
          <Toned tone="muted" wrap="truncate-end">
            {more}
          </Toned>
        )}
      </Box>
      {footer.map((line, index) => (
        <Toned key={index} tone="warning" wrap="truncate-end">
          {line}
        </Toned>
      ))}
    </Frame>
  );
}
