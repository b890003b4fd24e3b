/**
 * Diagram: the range assignor's output for one group, member by member and topic by topic, from
 * the reference assignor (src/kafka/group/range-assignor.ts, semantics 8.5).
 *
 *     generated range topics=t0:5,t1:2 members=C0,C1,C2
 */
import { rangeAssignor } from '../../kafka/group/range-assignor.js';
import { ArgumentProblem, type DirectiveArgs } from '../directive-args.js';

export function rangeDiagram(args: DirectiveArgs): string[] {
  const topics = args.integerPairs('topics', 0, 64);
  const memberIds = args.list('members');
  if (memberIds.length > 8) throw new ArgumentProblem('range draws at most 8 members');
  const assignment = rangeAssignor(
    memberIds.map((memberId) => ({ memberId, groupInstanceId: null, topics: [...topics.keys()] })),
    topics,
  );
  const topicNames = [...topics.keys()];
  const columns = topicNames.map((topic) => {
    const heading = `${topic} (${topics.get(topic)})`;
    const cells = memberIds.map((member) => {
      const numbers = (assignment.get(member) ?? []).filter((tp) => tp.topic === topic).map((tp) => tp.partition);
      return numbers.length === 0 ? '-' : numbers.join(' ');
    });
    const width = Math.max(heading.length, ...cells.map((cell) => cell.length));
    return { heading, cells, width };
  });
  const memberWidth = Math.max('member'.length, ...memberIds.map((id) => id.length));
  const row = (first: string, rest: string[], last: string): string =>
    [first.padEnd(memberWidth), ...rest.map((cell, index) => cell.padEnd(columns[index]!.width)), last].join('  ');
  const lines = [row('member', columns.map((column) => column.heading), 'total')];
  memberIds.forEach((member, index) => {
    lines.push(row(member, columns.map((column) => column.cells[index]!), String(assignment.get(member)?.length ?? 0)));
  });
  return lines;
}
