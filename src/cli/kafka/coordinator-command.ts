/**
 * `kafka coordinator <groupId> [--partitions N] [--json]`: the group id's Java String.hashCode and
 * the `__consumer_offsets` partition whose leader coordinates the group:
 * `Utils.abs(hashCode) % offsets.topic.num.partitions` (default 50). kafka-semantics.md 8.1.
 *
 * An empty group id is refused as Kafka refuses it: the group APIs (JoinGroup, SyncGroup, Heartbeat,
 * LeaveGroup) answer INVALID_GROUP_ID (24), and the Java consumer throws InvalidGroupIdException
 * before it asks anything. (The formula itself would give partition 0.)
 */
import type { Command } from 'commander';
import { KafkaInputError } from '../../kafka/errors.js';
import { coordinatorPartition, DEFAULT_OFFSETS_TOPIC_PARTITIONS, javaStringHashCode, kafkaAbs } from '../../kafka/group/coordinator-partition.js';
import type { CliIo } from './cli-io.js';
import { parsePartitionCount } from './partition-command.js';

interface CoordinatorOptions {
  readonly partitions: number;
  readonly json?: boolean;
}

export function registerCoordinatorCommand(program: Command, io: CliIo): void {
  program
    .command('coordinator')
    .description("Show which __consumer_offsets partition (and so which broker, its leader) coordinates a group.")
    .argument('<groupId>', 'the group.id')
    .option('-p, --partitions <count>', 'partitions of __consumer_offsets (offsets.topic.num.partitions)', parsePartitionCount, DEFAULT_OFFSETS_TOPIC_PARTITIONS)
    .option('--json', 'print one JSON object {"groupId","hashCode","partition"} on one line')
    .addHelpText('after', '\nExample:\n  npm run kafka -- coordinator order-processor\n')
    .action((groupId: string, options: CoordinatorOptions) => {
      if (groupId === '') {
        throw new KafkaInputError(
          'the group id is empty: Kafka answers INVALID_GROUP_ID (24) to JoinGroup, SyncGroup, Heartbeat and ' +
            'LeaveGroup without one, and the Java consumer refuses group management without a group.id (InvalidGroupIdException)',
        );
      }
      const hashCode = javaStringHashCode(groupId);
      const partition = coordinatorPartition(groupId, options.partitions);
      if (options.json === true) {
        io.writeOut(`${JSON.stringify({ groupId, hashCode, partition })}\n`);
        return;
      }
      const abs = kafkaAbs(hashCode);
      const lines = [
        `group.id        ${JSON.stringify(groupId)}`,
        `hashCode        ${hashCode}  (Java String.hashCode: h = 31*h + c over UTF-16 code units, 32-bit)`,
        `Utils.abs       ${abs}${hashCode === -2147483648 ? '  (Integer.MIN_VALUE has no positive twin: Utils.abs gives 0)' : ''}`,
        `partition       ${partition}  (= ${abs} % ${options.partitions})`,
        '',
        `The leader of __consumer_offsets-${partition} is this group's coordinator: it runs the group's rebalances`,
        'and stores its committed offsets as records in that partition.',
      ];
      if (hashCode < 0 && hashCode !== -2147483648) {
        const toPositive = hashCode & 0x7fffffff;
        lines.push('', `Not toPositive (the producer's trick): ${toPositive} % ${options.partitions} = ${toPositive % options.partitions}, a different partition.`);
      }
      io.writeOut(`${lines.join('\n')}\n`);
    });
}
