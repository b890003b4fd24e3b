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

/**
 * Schedules the episodes on the cluster's simulator; times are relative to `originMs`. Episodes
 * may overlap, so at every start or end the faults in force are derived from all the episodes
 * active at that moment (half-open: [start, start + duration)): one episode's end never heals a
 * cut, or restarts a broker, that another active episode still holds.
 */
export function applySchedule(cluster: KafkaCluster, schedule: FaultSchedule, originMs: number): void {
  const boundaries = new Set<number>();
  for (const episode of schedule) {
    boundaries.add(episode.startMs);
    boundaries.add(episode.startMs + episode.durationMs);
  }
  for (const atMs of [...boundaries].sort((a, b) => a - b)) {
    const active = schedule.filter((episode) => episode.startMs <= atMs && atMs < episode.startMs + episode.durationMs);
    cluster.sim.schedule(originMs + atMs, `faults in force: ${describeSchedule(active)}`, () => enforce(cluster, active));
  }
}

function enforce(cluster: KafkaCluster, active: FaultSchedule): void {
  const { sim } = cluster;
  if (sim.network.hasCutLinks) sim.network.heal();
  for (const episode of active) {
    const node = brokerNode(episode.broker);
    if (episode.kind === 'isolate') sim.network.isolate(node);
    if (episode.kind === 'lose-controller') sim.network.partition([node], [CONTROLLER_NODE]);
  }
  for (const brokerId of cluster.brokerIds) {
    const node = brokerNode(brokerId);
    const crashed = active.some((episode) => episode.kind === 'crash' && episode.broker === brokerId);
    if (crashed && sim.isUp(node)) sim.crash(node);
    if (!crashed && !sim.isUp(node)) sim.restart(node);
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
