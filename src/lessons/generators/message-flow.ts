/**
 * Diagram: the life of one record, as the trace of a simulated cluster tells it: partitioned by
 * the producer, appended by the leader, fetched by the followers, committed (HW), acknowledged,
 * fetched and polled by a consumer, its position committed. Each line is a real trace event
 * (src/kafka/trace.ts); nothing is typed by hand.
 *
 *     generated message-flow seed=7 key=user-456 partitions=3
 */
import { parseScenario } from '../../sim/scenario/parse-scenario.js';
import { runScenario } from '../../sim/scenario/run-scenario.js';
import type { SimTraceEvent } from '../../sim/sim-events.js';
import { ArgumentProblem, type DirectiveArgs } from '../directive-args.js';

const PRODUCE_AT_MS = 10;
const COMMIT_AT_MS = 1_000;

export interface MessageFlowOptions {
  readonly seed: number;
  readonly key: string;
  readonly partitions: number;
}

export function readMessageFlowOptions(args: DirectiveArgs): MessageFlowOptions {
  const seed = args.integer('seed', 0, 2 ** 31);
  const key = args.string('key');
  const partitions = args.integer('partitions', 1, 12);
  if (!/^[\w.-]+$/.test(key)) throw new ArgumentProblem('message-flow keys may hold letters, digits, ".", "_" and "-" only');
  return { seed, key, partitions };
}

export function messageFlowDiagram({ seed, key, partitions }: MessageFlowOptions): string[] {

  const script = [
    'brokers 3',
    'network delay=1..3ms',
    `topic orders partitions=${partitions} replication-factor=3 min.insync.replicas=2`,
    'producer p1 acks=all',
    'consumer c1 topic=orders auto.offset.reset=earliest',
    `at ${PRODUCE_AT_MS}ms produce p1 topic=orders count=1 key=${key} value=order-1`,
    `at ${COMMIT_AT_MS}ms commit c1`,
    `run ${COMMIT_AT_MS + 10}ms`,
  ].join('\n');
  const run = runScenario(parseScenario(script, 'message-flow'), { seed });
  const events = run.cluster.sim.trace.filter((event) => event.at >= run.originMs);
  const partitioned = events.find((event) => event.type === 'produce.partitioned');
  if (partitioned === undefined || partitioned.type !== 'produce.partitioned') {
    throw new Error(`message-flow: the record was never partitioned (seed ${seed})`);
  }
  const partition = partitioned.partition;
  const lines = [`orders-${partition}: time, node, what happened`];
  for (const event of events) {
    const text = describeStep(event, partition);
    if (text === undefined) continue;
    lines.push(`${`${event.at - run.originMs}ms`.padStart(6)}  ${event.node.padEnd(8)}  ${text}`);
  }
  lines.push('', `(simulated cluster of 3 brokers, seed ${seed})`);
  return lines;
}

/**
 * One short sentence per step that moved the record; undefined for events about other partitions,
 * idle fetches and role changes. Short enough that a line fits a 60-column terminal.
 */
function describeStep(event: SimTraceEvent, partition: number): string | undefined {
  if (!('partition' in event) || event.partition !== partition) return undefined;
  switch (event.type) {
    case 'produce.partitioned':
      return `key ${JSON.stringify(event.key)} -> partition ${event.partition}`;
    case 'produce.sent':
      return `sent to leader, broker ${event.broker}`;
    case 'log.appended':
      return `${event.role} appends offset ${event.baseOffset}`;
    case 'replica.fetched':
      return event.records === 0 ? undefined : `follower ${event.follower} fetches it`;
    case 'hw.advanced':
      return `${event.role} HW ${event.from} -> ${event.to}`;
    case 'produce.completed':
      return `answers: offset ${event.baseOffset}`;
    case 'produce.acknowledged':
      return `acknowledged at offset ${event.baseOffset}`;
    case 'consumer.fetched':
      return `fetches from offset ${event.fromOffset}`;
    case 'consumer.polled':
      return `poll() returns ${event.values.length} record(s)`;
    case 'consumer.committed':
      return `commits offset ${event.offset}`;
    default:
      return undefined;
  }
}
