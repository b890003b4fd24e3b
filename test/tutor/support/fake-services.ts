/**
 * An in-memory lab for the tutor's tests and the tmux walk on this branch: a small lesson with
 * the five objectives, a quiz, the six exercises of lab 02 (each failing with a broken promise
 * until its solution is applied), hints keyed by promise, and a progress store in memory.
 */
import type { ExerciseReport, TestResult } from '../../../src/labs/report.js';
import type { Lesson, QuizQuestion } from '../../../src/lessons/lesson-types.js';
import { builtinPlaygrounds } from '../../../src/tutor/playgrounds/builtin-playgrounds.js';
import type { ExerciseInfo, Progress, TutorServices, Watcher } from '../../../src/tutor/services/tutor-services.js';

export const fakeLesson: Lesson = {
  labId: '02',
  title: 'Kafka architecture',
  objectives: [
    'Name the core components; topics, partitions and offsets as logs',
    'Assign records to partitions; ordering is per partition',
    'Brokers, the cluster and its controller: KRaft vs ZooKeeper',
    'Replication: leaders, followers, ISR, acks, min.insync.replicas, HW',
    "The producer's and consumer's pipeline, groups, one message end to end",
  ],
  sections: [
    { id: 'logs', title: 'Topics, partitions and offsets', objective: 1, markdown: 'A topic is split into partitions.\n\nEach partition is an append-only log.' },
    {
      id: 'partitioning',
      title: 'Which partition a record goes to',
      objective: 2,
      markdown: Array.from({ length: 40 }, (_, index) => `Partitioning line ${index + 1}.`).join('\n'),
      playground: 'partitioning',
      exercise: '01-partitioner',
    },
    { id: 'controller', title: 'The controller', objective: 3, markdown: 'KRaft replaced ZooKeeper in Kafka 4.0.', playground: 'kraft', exercise: '05-kraft-vote' },
    { id: 'replication', title: 'Replication and the high watermark', objective: 4, markdown: 'Followers fetch from the leader.', playground: 'replication', exercise: '02-high-watermark-and-acks' },
    { id: 'flow', title: 'The path of one message', objective: 5, markdown: 'send("orders", "user-456") travels far.', playground: 'message-flow', exercise: '06-range-assignor' },
  ],
};

export const fakeQuiz: readonly QuizQuestion[] = [
  {
    id: 'q1',
    objective: 2,
    prompt: 'Which partition does key "user-456" land on with 3 partitions?',
    choices: [
      { key: 'a', text: 'partition 0' },
      { key: 'b', text: 'partition 1' },
      { key: 'c', text: 'partition 2' },
    ],
    answers: ['c'],
    explanation: 'toPositive(murmur2("user-456")) % 3 = 2.',
    computed: true,
  },
  {
    id: 'q2',
    objective: 4,
    prompt: 'With acks=all, when is a record acknowledged?',
    choices: [
      { key: 'a', text: 'When the leader wrote it' },
      { key: 'b', text: 'When every replica in the ISR has it' },
    ],
    answers: ['b'],
    explanation: 'acks=all waits for the whole ISR (and at least min.insync.replicas of it).',
    computed: false,
  },
  {
    id: 'q3',
    objective: 4,
    prompt: 'Which are true of the high watermark? (all that apply)',
    choices: [
      { key: 'a', text: 'Consumers read only below it' },
      { key: 'b', text: 'It can move backwards on the leader' },
      { key: 'c', text: 'The leader advances it' },
    ],
    answers: ['a', 'c'],
    explanation: 'The leader advances the HW when the ISR has the records; it never moves back.',
    computed: false,
  },
];

/**
 * Questions written the way quiz.md writes them: Markdown with the file's own line breaks, inline
 * code, emphasis, a list, a choice long enough to wrap at 80 columns and an explanation taller than
 * a 24-line terminal.
 */
export const fakeMarkdownQuiz: readonly QuizQuestion[] = [
  {
    id: 'md1',
    objective: 1,
    prompt: 'Topic `orders` has 3 partitions (`orders-0`, `orders-1`, ...). Each\npartition has its\nown offsets; copies of a partition are *replicas*. Which is **true**?',
    choices: [
      { key: 'a', text: 'Offset 3 of `orders-0` and offset 3 of `orders-1` name two unrelated records, because each partition numbers its own records from 0.' },
      { key: 'b', text: 'They are the same record, stored twice as *replicas*.' },
    ],
    answers: ['a'],
    explanation: 'Offsets are per partition:\n\n- the leader of `orders-0` assigns\n  its offsets as it appends;\n- *replicas* copy them unchanged.',
    computed: false,
  },
  {
    id: 'md2',
    objective: 4,
    prompt: 'A record was written at offset 0 of\n`orders-0`. Later the\norder is paid. What does the log hold?',
    choices: [
      { key: 'a', text: 'Offset 0 now reads `"status": "paid"`.' },
      { key: 'b', text: 'Offset 0 still reads `"status": "new"` and the paid record is appended.' },
    ],
    answers: ['b'],
    explanation: Array.from({ length: 24 }, (_, index) => `Explanation paragraph ${index + 1}: a partition is *append-only*.`).join('\n\n'),
    computed: false,
  },
  {
    id: 'md3',
    objective: 1,
    prompt: 'Is a partition an ordered log?',
    choices: [
      { key: 'a', text: 'Yes' },
      { key: 'b', text: 'No' },
    ],
    answers: ['a'],
    explanation: 'Each partition is an **ordered**, append-only log.',
    computed: false,
  },
];

const exerciseIds = ['01-partitioner', '02-high-watermark-and-acks', '03-isr', '04-leader-election', '05-kraft-vote', '06-range-assignor'] as const;

export const fakeExercises: readonly ExerciseInfo[] = exerciseIds.map((id) => ({
  id,
  title: `Exercise ${id.slice(3).replaceAll('-', ' ')}`,
  file: `labs/02-architecture/exercises/${id}.ts`,
  readmePath: `labs/02-architecture/exercises/${id}.md`,
  hints: [`${id}: first read the header comment`, `${id}: the promise that broke tells you where`, `${id}: compare with the lesson's pseudocode`],
  hintFor: { [`${id}-promise`]: 2 },
}));

function failingReport(exerciseId: string): ExerciseReport {
  const trace = Array.from({ length: 12 }, (_, index) => `${String(index * 10).padStart(6)}ms broker-1     step ${index + 1} of ${exerciseId}`);
  const failed: TestResult = {
    name: `${exerciseId}: the promise holds`,
    status: 'failed',
    message: `the ${exerciseId} promise broke`,
    broken: {
      id: `${exerciseId}-promise`,
      summary: `record-7 was acknowledged and is gone (${exerciseId})`,
      seed: 42,
      trace,
      brokeAtStep: 8,
      call: { fn: 'decide', inputs: { exercise: exerciseId, step: 9 }, output: 'wrong' },
    },
  };
  return { labId: '02', exerciseId, outcome: { kind: 'failed', tests: [{ name: 'a passing test', status: 'passed' }, failed] }, durationMs: 120 };
}

function passingReport(exerciseId: string): ExerciseReport {
  return { labId: '02', exerciseId, outcome: { kind: 'passed', tests: [{ name: 'a passing test', status: 'passed' }, { name: `${exerciseId}: the promise holds`, status: 'passed' }] }, durationMs: 80 };
}

/**
 * The starter of 01-partitioner as the real runner reports it: every function throws "not written
 * yet", so the unit checks carry a stack under the message and the scenario check has a trace of
 * the cluster starting up (the code threw inside it: no promise was broken).
 */
export function starterReport(exerciseId = '01-partitioner'): ExerciseReport {
  const threw = (name: string, message: string): TestResult => ({
    name,
    status: 'failed',
    message: `your code threw: ${message}\n  at Module.keyBytes (labs/02-architecture/exercises/01-partitioner/partitioner.ts:11:9)`,
    broken: { id: `${name}-id`, summary: `your code threw: ${message}`, trace: [], threw: true },
  });
  const trace = Array.from({ length: 16 }, (_, index) => `${String(index).padStart(6)}ms broker-1     replica.became-leader orders-${index} leader 1 epoch 0 LEO 0`);
  const tests: TestResult[] = [
    threw('a key is hashed as its UTF-8 bytes, as StringSerializer writes them', 'not written yet: keyBytes("user-123")'),
    threw('toPositive clears the sign bit, as Java does (it is not Math.abs)', 'not written yet: toPositive(-1468255980)'),
    threw("murmur2 gives the Java client's hash, bit for bit", 'not written yet: murmur2 of 8 bytes'),
    threw('partitionForKey is toPositive(murmur2(key)) % partitions', 'not written yet: partitionForKey(8 bytes, 6)'),
    threw('the sticky partition changes only when a batch is full', 'not written yet: shouldSwitchStickyPartition(0, 16384, false)'),
    {
      name: 'the same key always lands in the same partition',
      status: 'failed',
      message: 'the cluster stopped at 1016 ms: not written yet: keyBytes("user-123")',
      broken: { id: 'same-key-same-partition', summary: 'the cluster stopped at 1016 ms: not written yet: keyBytes("user-123")', seed: 11, trace, brokeAtStep: 15, threw: true },
    },
  ];
  return { labId: '02', exerciseId, outcome: { kind: 'failed', tests }, durationMs: 3400 };
}

/** A file that does not compile, its path relative to the project as the real services give it. */
export function compileErrorReport(exerciseId = '06-range-assignor'): ExerciseReport {
  return {
    labId: '02',
    exerciseId,
    outcome: {
      kind: 'compile-error',
      file: 'labs/02-architecture/exercises/06-range-assignor/range-assignor.ts',
      line: 41,
      column: 17,
      message: "Type 'string' is not assignable to type 'number'.",
    },
    durationMs: 900,
  };
}

/** A promise broken with a long summary and a long message (a failure that needs three rows). */
export function longFailureReport(exerciseId = '01-partitioner'): ExerciseReport {
  const summary =
    "key \"user-456\" went to partition 4, but Java's Utils.toPositive gives 679256121 for its murmur2 hash and 679256121 % 6 = 3: the partition must be 3, as every client computes it, so records with one key stay in order";
  const trace = Array.from({ length: 16 }, (_, index) => `${String(index * 10).padStart(6)}ms producer   send orders key user-${index} → partition ${index % 6}`);
  const failed: TestResult = {
    name: 'the same key always lands in the same partition',
    status: 'failed',
    message: summary,
    broken: { id: 'same-key-same-partition', summary, seed: 7, trace, brokeAtStep: 15, call: { fn: 'partitionForKey', inputs: { key: 'user-456', numPartitions: 6 }, output: 4 } },
  };
  return { labId: '02', exerciseId, outcome: { kind: 'failed', tests: [failed] }, durationMs: 2100 };
}

export interface FakeServices extends TutorServices {
  readonly solved: Set<string>;
  readonly calls: string[];
  progress: Progress;
  /** Fires the open watchers as if the learner saved their file. */
  save(exerciseId: string): void;
}

export interface FakeOptions {
  readonly lesson?: () => Lesson;
  readonly quiz?: () => readonly QuizQuestion[];
  /** Makes runExercise reject, as a runner that crashed would. */
  readonly runFails?: boolean;
  /** How long each run takes (0: the next tick), so a test can see the screen while it runs. */
  readonly runDelayMs?: number;
  /** The report an exercise gets instead of the fake failing one (until its solution is applied). */
  readonly reports?: Readonly<Record<string, ExerciseReport>>;
}

export function createFakeServices(options: FakeOptions = {}): FakeServices {
  const watchers = new Map<string, Array<(report: ExerciseReport) => void>>();
  const report = (id: string) => (services.solved.has(id) ? passingReport(id) : (options.reports?.[id] ?? failingReport(id)));
  const later = () => new Promise((resolve) => setTimeout(resolve, options.runDelayMs ?? 0));
  const services: FakeServices = {
    labId: '02',
    labTitle: 'Kafka architecture: partitions, replication, KRaft and the path of one message',
    solved: new Set(),
    calls: [],
    progress: { version: 1, labs: {} },
    loadLesson: options.lesson ?? (() => fakeLesson),
    loadQuiz: options.quiz ?? (() => fakeQuiz),
    renderMarkdown: (markdown, { width }) => markdown.split('\n').map((line) => line.slice(0, width)),
    listExercises: () => fakeExercises,
    runExercise: async (id) => {
      services.calls.push(`run ${id}`);
      await later();
      if (options.runFails === true) throw new Error('the test worker died');
      return report(id);
    },
    runAllExercises: async (onProgress) => {
      services.calls.push('run all');
      const all = exerciseIds.map(report);
      all.forEach((entry, index) => onProgress?.(index + 1, all.length, entry));
      return all;
    },
    exerciseTimeoutMs: 10_000,
    watchExercise: (id, onReport, onRunStart): Watcher => {
      services.calls.push(`watch ${id}`);
      // Like the real watcher: a run at once, then one per save.
      const listener = (next: ExerciseReport) => {
        onRunStart?.();
        void later().then(() => {
          if ((watchers.get(id) ?? []).includes(listener)) onReport(next);
        });
      };
      watchers.set(id, [...(watchers.get(id) ?? []), listener]);
      void later().then(() => {
        if ((watchers.get(id) ?? []).includes(listener)) onReport(report(id));
      });
      return {
        close: async () => {
          services.calls.push(`unwatch ${id}`);
          watchers.set(id, (watchers.get(id) ?? []).filter((entry) => entry !== listener));
        },
      };
    },
    resetExercise: (id) => {
      services.calls.push(`reset ${id}`);
      services.solved.delete(id);
      return { backupPath: `.workbook/backups/${id}.ts` };
    },
    applySolution: async (id) => {
      services.calls.push(`solution ${id}`);
      services.solved.add(id);
      return { backupPath: `.workbook/backups/${id}.ts` };
    },
    readProgress: () => ({ progress: services.progress }),
    updateProgress: (update) => {
      services.progress = update(services.progress);
      return services.progress;
    },
    save: (id) => {
      for (const listener of watchers.get(id) ?? []) listener(report(id));
    },
    playgrounds: builtinPlaygrounds,
  };
  return services;
}
