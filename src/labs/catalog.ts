/**
 * The labs this workbook ships. One entry per lab; the runner, the tutor and the project's own
 * checks all read this list (rustlings' info.toml plays the same role there).
 */
export interface LabEntry {
  /** Two digits, as typed on the command line: `npm run lab 02`. */
  readonly id: string;
  readonly title: string;
  readonly folder: string;
  /** What the learner will do, one line each, shown before the tutor exists. */
  readonly objectives: readonly string[];
  /** The exercises in lesson order (their checks live in src/labs/lab<id>/). */
  readonly exercises: readonly { readonly id: string; readonly title: string }[];
}

export const labs: readonly LabEntry[] = [
  {
    id: '02',
    title: 'Kafka architecture: partitions, replication, KRaft and the path of one message',
    folder: 'labs/02-architecture',
    objectives: [
      'Route keyed records the way the Java producer does: murmur2, toPositive, modulo',
      'Decide when a write is committed: the high watermark, acks and min.insync.replicas',
      'Keep the in-sync replica set honest: the last-caught-up-time rule',
      'Elect a new partition leader when a broker is fenced, without losing acknowledged records',
      'Watch a KRaft controller fail over, and a consumer group share out partitions',
    ],
    exercises: [
      { id: '01-partitioner', title: 'The partitioner: murmur2, toPositive, keyed and sticky choice' },
      { id: '02-high-watermark-and-acks', title: 'The high watermark and acks: when a write is committed and answered' },
      { id: '03-isr', title: 'The ISR: shrink by time since last caught up, expand at the high watermark' },
      { id: '04-leader-election', title: 'Leader election: the first live ISR member in replica order, unclean only when allowed' },
      { id: '05-kraft-vote', title: 'The KRaft vote: epochs, one vote per epoch, the most up-to-date log' },
      { id: '06-range-assignor', title: "The range assignor: Kafka's exact per-topic algorithm" },
    ],
  },
];

/** Accepts "2", "02" or "002"; returns undefined for anything that is not a known lab. */
export function findLab(requested: string): LabEntry | undefined {
  if (!/^\d{1,3}$/.test(requested)) return undefined;
  const id = requested.padStart(2, '0').slice(-2);
  return labs.find((lab) => lab.id === id);
}

/**
 * An exercise of `lab` by what a learner types: "1", "01", "01-partitioner" or "partitioner".
 * Returns undefined when nothing matches.
 */
export function findExercise(lab: LabEntry, requested: string): { readonly id: string; readonly title: string } | undefined {
  const wanted = requested.trim().toLowerCase();
  if (/^\d{1,2}$/.test(wanted)) return lab.exercises.find((exercise) => exercise.id.startsWith(`${wanted.padStart(2, '0')}-`));
  return lab.exercises.find((exercise) => exercise.id === wanted || exercise.id.slice(3) === wanted);
}
