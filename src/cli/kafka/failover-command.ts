/**
 * `kafka failover [--seed S] [--mode kraft|zookeeper|both] [--partitions N] [--dedicated]`: kill the
 * active controller and print, step by step, how the cluster carries on, with the times the
 * simulator measured (semantics 6.8, 7.1). ZooKeeper mode was removed in Kafka 4.0; it is here only
 * to compare.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { failoverTimeline } from '../../sim/kraft/failover-timeline.js';
import { runKraftFailover, type FailoverTimes } from '../../sim/kraft/kraft-failover.js';
import { runZkFailover } from '../../sim/zookeeper/zk-failover.js';
import { formatTrace } from '../../sim/trace-format.js';
import type { CliIo } from './cli-io.js';
import { parseSeed } from './scenario-command.js';

interface FailoverOptions {
  readonly seed: number;
  readonly mode: 'kraft' | 'zookeeper' | 'both';
  readonly partitions: number;
  readonly dedicated?: boolean;
}

export function registerFailoverCommand(program: Command, io: CliIo): void {
  program
    .command('failover')
    .description('Kill the active controller and watch the cluster carry on, in KRaft and in the ZooKeeper-mode model.')
    .option('--seed <seed>', 'the seed; the same seed gives the same run', parseSeed, 7)
    .option('--mode <mode>', 'kraft, zookeeper or both', parseMode, 'both')
    .option('--partitions <count>', 'partitions of the topic "orders"', parsePartitions, 6)
    .option('--dedicated', 'KRaft with 3 dedicated controllers and 3 brokers instead of 3 combined nodes')
    .addHelpText('after', '\nExamples:\n  npm run kafka -- failover --seed 7\n  npm run kafka -- failover --mode zookeeper --partitions 2000\n')
    .action((options: FailoverOptions) => {
      const results: FailoverTimes[] = [];
      if (options.mode !== 'zookeeper') {
        const { cluster, times } = runKraftFailover({ seed: options.seed, partitions: options.partitions, combined: options.dedicated !== true });
        io.writeOut(`KRaft (${options.dedicated === true ? '3 dedicated controllers, 3 brokers' : '3 combined broker+controller nodes'}), seed ${options.seed}; time 0 is the crash of node ${times.crashedNode}:\n\n`);
        io.writeOut(formatTrace(failoverTimeline(cluster.sim.trace, times.crashAtMs)));
        results.push(times);
      }
      if (options.mode !== 'kraft') {
        const { cluster, times } = runZkFailover({ seed: options.seed, partitions: options.partitions });
        io.writeOut(`\nZooKeeper mode (removed in Kafka 4.0; a model for comparison), seed ${options.seed}; time 0 is the crash of broker ${times.crashedNode}:\n\n`);
        io.writeOut(formatTrace(failoverTimeline(cluster.sim.trace, times.crashAtMs)));
        results.push(times);
      }
      io.writeOut('\nMeasured (virtual ms after the crash):\n');
      for (const times of results) io.writeOut(`${describeTimes(times)}\n`);
    });
}

function describeTimes(times: FailoverTimes): string {
  const ms = (value: number | undefined): string => (value === undefined ? 'never (within the run)' : `${value} ms`);
  const mode = times.mode === 'kraft' ? 'KRaft     ' : 'ZooKeeper ';
  const moved = times.partitionsToMove === 0 ? 'no partition to move (the dead node led none)' : `first of ${times.partitionsToMove} partitions led again after ${ms(times.firstNewPartitionLeaderMs)}, all after ${ms(times.allPartitionsMovedMs)}`;
  return `  ${mode} new active controller after ${ms(times.newControllerMs)}; ${moved}`;
}

function parseMode(value: string): FailoverOptions['mode'] {
  if (value === 'kraft' || value === 'zookeeper' || value === 'both') return value;
  throw new InvalidArgumentError('The mode is kraft, zookeeper or both.');
}

function parsePartitions(value: string): number {
  const count = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(count) || count < 1 || count > 5_000) throw new InvalidArgumentError('The partition count is a whole number from 1 to 5000.');
  return count;
}
