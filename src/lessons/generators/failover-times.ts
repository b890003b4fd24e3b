/**
 * Diagram: kill the active controller, in KRaft and in the ZooKeeper-mode model, with the same seed
 * and the same partitions, and print what the simulator measured (virtual ms with Kafka's default
 * timeouts). The figures come from src/sim/kraft/kraft-failover.ts and src/sim/zookeeper/zk-failover.ts,
 * never from slides.
 *
 *     generated failover seed=7 partitions=6
 */
import type { FailoverTimes } from '../../sim/kraft/kraft-failover.js';
import { runKraftFailover } from '../../sim/kraft/kraft-failover.js';
import { runZkFailover } from '../../sim/zookeeper/zk-failover.js';
import type { DirectiveArgs } from '../directive-args.js';

export interface FailoverOptions {
  readonly seed: number;
  readonly partitions: number;
}

export function readFailoverOptions(args: DirectiveArgs): FailoverOptions {
  return { seed: args.integer('seed', 0, 2 ** 31), partitions: args.integer('partitions', 1, 1_000) };
}

/** The measured times are already counted from the crash. */
function after(sinceCrashMs: number | undefined): string {
  return sinceCrashMs === undefined ? 'not yet' : `${sinceCrashMs.toLocaleString('en-US')} ms`;
}

/** At most 58 columns wide, like every lesson diagram. */
export function failoverDiagram({ seed, partitions }: FailoverOptions): string[] {
  const kraft = runKraftFailover({ seed, partitions }).times;
  const zookeeper = runZkFailover({ seed, partitions }).times;
  const row = (label: string, pick: (times: FailoverTimes) => number | undefined): string =>
    `${label.padEnd(27)}${after(pick(kraft)).padEnd(13)}${after(pick(zookeeper))}`;
  return [
    `kill the active controller (${partitions} partitions)`,
    `${'time from the kill to'.padEnd(27)}${'KRaft'.padEnd(13)}ZooKeeper mode`,
    row('a new active controller', (times) => times.newControllerMs),
    row('first moved partition led', (times) => times.firstNewPartitionLeaderMs),
    row('every moved partition led', (times) => times.allPartitionsMovedMs),
    '',
    `(simulated, seed ${seed}, Kafka's default timeouts)`,
  ];
}
