/**
 * Fault schedules: what goes wrong, and when. A schedule is plain data, so a failing property run
 * prints it and a test or scenario can replay it exactly.
 */
import { brokerNode, CONTROLLER_NODE, type BrokerId } from '../../kafka/ids.js';
import type { KafkaCluster } from './kafka-cluster.js';

export type FaultKind =
  /** The broker process dies (its log survives) and comes back after the episode. */
  | 'crash'
  /** Every link to and from the broker is cut, then healed. */
  | 'isolate'
  /** Only the broker's links to the controller are cut: it stays leader in its own eyes. */
  | 'lose-controller';

export interface FaultEpisode {
  readonly kind: FaultKind;
  readonly broker: BrokerId;
  readonly startMs: number;
  readonly durationMs: number;
}

/** Episodes, applied in order; `describe` prints one per line for failure messages. */
export type FaultSchedule = readonly FaultEpisode[];

export function describeSchedule(schedule: FaultSchedule): string {
  if (schedule.length === 0) return '(no faults)';
  return schedule.map((episode) => `${episode.kind} broker ${episode.broker} at ${episode.startMs}ms for ${episode.durationMs}ms`).join('; ');
}

/** Schedules every episode on the cluster's simulator; times are relative to `originMs`. */
export function applySchedule(cluster: KafkaCluster, schedule: FaultSchedule, originMs: number): void {
  for (const episode of schedule) {
    const node = brokerNode(episode.broker);
    const start = originMs + episode.startMs;
    const end = start + episode.durationMs;
    switch (episode.kind) {
      case 'crash':
        cluster.sim.schedule(start, `crash ${node}`, (sim) => sim.isUp(node) && sim.crash(node));
        cluster.sim.schedule(end, `restart ${node}`, (sim) => !sim.isUp(node) && sim.restart(node));
        break;
      case 'isolate':
        cluster.sim.schedule(start, `isolate ${node}`, (sim) => sim.network.isolate(node));
        cluster.sim.schedule(end, 'heal', (sim) => sim.network.heal());
        break;
      case 'lose-controller':
        cluster.sim.schedule(start, `cut ${node} from the controller`, (sim) => sim.network.partition([node], [CONTROLLER_NODE]));
        cluster.sim.schedule(end, 'heal', (sim) => sim.network.heal());
        break;
    }
  }
}

/** When the last episode is over. */
export function scheduleEndMs(schedule: FaultSchedule): number {
  return schedule.reduce((end, episode) => Math.max(end, episode.startMs + episode.durationMs), 0);
}

export interface RandomScheduleOptions {
  readonly brokers: number;
  readonly maxEpisodes: number;
  /** Episodes start within [0, horizonMs). */
  readonly horizonMs: number;
  readonly kinds?: readonly FaultKind[];
}

/**
 * A random schedule with at most one broker failed at a time: episodes follow one another, each
 * starting after the previous one ended. `random` is any seeded source (the simulator's, a test's).
 */
export function randomFaultSchedule(random: { nextInt(bound: number): number }, options: RandomScheduleOptions): FaultSchedule {
  const kinds = options.kinds ?? (['crash', 'isolate', 'lose-controller'] as const);
  const episodes: FaultEpisode[] = [];
  let cursor = random.nextInt(2_000);
  const count = random.nextInt(options.maxEpisodes + 1);
  for (let index = 0; index < count && cursor < options.horizonMs; index++) {
    const durationMs = 500 + random.nextInt(20_000);
    episodes.push({ kind: kinds[random.nextInt(kinds.length)]!, broker: 1 + random.nextInt(options.brokers), startMs: cursor, durationMs });
    cursor += durationMs + random.nextInt(5_000);
  }
  return episodes;
}
