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
  },
];

/** Accepts "2", "02" or "002"; returns undefined for anything that is not a known lab. */
export function findLab(requested: string): LabEntry | undefined {
  if (!/^\d{1,3}$/.test(requested)) return undefined;
  const id = requested.padStart(2, '0').slice(-2);
  return labs.find((lab) => lab.id === id);
}
