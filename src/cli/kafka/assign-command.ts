/**
 * `kafka assign --assignor range|roundrobin|cooperative-sticky --members c1,c2,c3 --topics orders:4,payments:3 [--json]`:
 * what a group leader's client-side assignor hands each member of a fresh group (every member
 * subscribed to every topic, nothing owned yet). kafka-semantics.md 8.5, 8.6.
 *
 * Member ids are used as given and ordered as Kafka orders them (Java String.compareTo), so `c10`
 * comes before `c2`. `--json`: one object `{ memberId: { topic: [partitions ascending] } }`, every
 * member and every topic present (an idle member maps each topic to []).
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { Assignment, GroupMember } from '../../kafka/group/assignor.js';
import { ASSIGNOR_NAMES, assignorByName } from '../../kafka/group/assignor-registry.js';
import { topicNameProblem } from '../../kafka/controller/topic-validation.js';
import type { CliIo } from './cli-io.js';

interface AssignOptions {
  readonly assignor: string;
  readonly members: readonly string[];
  readonly topics: ReadonlyArray<readonly [string, number]>;
  readonly json?: boolean;
}

/** A bound so a typo such as --topics t:10000000 cannot make the CLI allocate for minutes. */
export const MAX_CLI_PARTITIONS = 100_000;
export const MAX_CLI_MEMBERS = 10_000;

export function registerAssignCommand(program: Command, io: CliIo): void {
  program
    .command('assign')
    .description("Show how a consumer group's assignor spreads partitions over its members.")
    .option('-a, --assignor <name>', `${ASSIGNOR_NAMES.join(' | ')} (Kafka's default list puts range first)`, 'range')
    .requiredOption('-m, --members <ids>', 'member ids, comma separated (c1,c2,c3)', parseMembers)
    .requiredOption('-t, --topics <topics>', 'topics with their partition counts (orders:4,payments:3)', parseTopics)
    .option('--json', 'print one JSON object {memberId: {topic: [partitions]}} on one line')
    .addHelpText(
      'after',
      '\nExamples:\n  npm run kafka -- assign --members c1,c2,c3 --topics orders:4\n' +
        '  npm run kafka -- assign --assignor roundrobin --members c1,c2 --topics orders:4,payments:3 --json\n',
    )
    .action((options: AssignOptions) => {
      const assignor = assignorByName(options.assignor);
      const topicNames = options.topics.map(([topic]) => topic);
      const members: GroupMember[] = options.members.map((memberId) => ({ memberId, groupInstanceId: null, topics: topicNames }));
      const assignment = assignor(members, new Map(options.topics));
      const table = assignmentTable(options.members, topicNames, assignment);
      io.writeOut(options.json === true ? `${JSON.stringify(table)}\n` : formatAssignmentText(options.assignor, table, options.topics));
    });
}

export type AssignmentTable = Record<string, Record<string, number[]>>;

/** member → topic → partitions ascending, members and topics in the order given. */
export function assignmentTable(memberIds: readonly string[], topics: readonly string[], assignment: Assignment): AssignmentTable {
  const table: AssignmentTable = {};
  for (const memberId of memberIds) {
    const row: Record<string, number[]> = {};
    for (const topic of topics) row[topic] = [];
    for (const tp of assignment.get(memberId) ?? []) row[tp.topic]!.push(tp.partition);
    for (const topic of topics) row[topic]!.sort((a, b) => a - b);
    table[memberId] = row;
  }
  return table;
}

function formatAssignmentText(assignor: string, table: AssignmentTable, topics: ReadonlyArray<readonly [string, number]>): string {
  const total = topics.reduce((sum, [, count]) => sum + count, 0);
  const memberIds = Object.keys(table);
  const width = Math.max(...memberIds.map((id) => id.length), 6);
  const lines = [`assignor ${assignor}: ${total} partition${total === 1 ? '' : 's'} over ${memberIds.length} member${memberIds.length === 1 ? '' : 's'}`, ''];
  for (const memberId of memberIds) {
    const row = table[memberId]!;
    const parts = Object.entries(row)
      .filter(([, partitions]) => partitions.length > 0)
      .map(([topic, partitions]) => `${topic} [${partitions.join(', ')}]`);
    const count = Object.values(row).reduce((sum, partitions) => sum + partitions.length, 0);
    lines.push(`${memberId.padEnd(width)}  ${String(count).padStart(3)}  ${parts.length === 0 ? '(idle: nothing to consume)' : parts.join('  ')}`);
  }
  lines.push('', 'Members are ordered as Kafka orders them (Java String.compareTo): c10 sorts before c2.');
  return `${lines.join('\n')}\n`;
}

export function parseMembers(value: string): string[] {
  const ids = value.split(',').map((id) => id.trim());
  if (ids.some((id) => id === '')) throw new InvalidArgumentError('Member ids must be non-empty, separated by commas (c1,c2,c3).');
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) throw new InvalidArgumentError(`Member id "${duplicate}" appears twice; ids in a group are unique.`);
  if (ids.length > MAX_CLI_MEMBERS) throw new InvalidArgumentError(`At most ${MAX_CLI_MEMBERS} members.`);
  return ids;
}

export function parseTopics(value: string): Array<[string, number]> {
  const topics: Array<[string, number]> = [];
  let total = 0;
  for (const item of value.split(',')) {
    const match = /^([^:]*):(\d+)$/.exec(item.trim());
    if (match === null) throw new InvalidArgumentError(`"${item}" is not topic:partitions (orders:4).`);
    const [, name, digits] = match as unknown as [string, string, string];
    const problem = topicNameProblem(name);
    if (problem !== undefined) throw new InvalidArgumentError(problem);
    const count = Number(digits);
    if (!Number.isSafeInteger(count) || count < 1) throw new InvalidArgumentError(`Topic "${name}" needs at least 1 partition.`);
    if (topics.some(([known]) => known === name)) throw new InvalidArgumentError(`Topic "${name}" is listed twice.`);
    total += count;
    if (total > MAX_CLI_PARTITIONS) throw new InvalidArgumentError(`At most ${MAX_CLI_PARTITIONS} partitions in all.`);
    topics.push([name, count]);
  }
  return topics;
}
