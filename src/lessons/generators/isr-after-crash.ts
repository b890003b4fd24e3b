/**
 * Diagram: a partition's leader and ISR before and after a broker crashes, taken from a real run of
 * the simulated cluster (src/sim/cluster/kafka-cluster.ts) with a fixed seed, so the times and the
 * new leader are what the reference Kafka does, not what the author expects.
 *
 *     generated isr-after-crash seed=7 replicas=1,2,3 crash=1
 *
 * The run: brokers start, the topic is created with the given replica order, one second of steady
 * state, then the crash, then enough time for the controller to fence the broker
 * (broker.session.timeout.ms, 9 s by default) and elect a new leader (semantics 6.5, 6.6).
 */
import { KafkaCluster } from '../../sim/cluster/kafka-cluster.js';
import { ArgumentProblem, type DirectiveArgs } from '../directive-args.js';

const TOPIC = 'orders';
const STEADY_MS = 1_000;
const AFTER_CRASH_MS = 12_000;

interface PartitionView {
  readonly leader: number;
  readonly isr: readonly number[];
  readonly leaderEpoch: number;
}

export interface IsrAfterCrashOptions {
  readonly seed: number;
  readonly replicas: readonly number[];
  readonly crashed: number;
}

export function readIsrAfterCrashOptions(args: DirectiveArgs): IsrAfterCrashOptions {
  const seed = args.integer('seed', 0, 2 ** 31);
  const replicas = args.integerList('replicas', 1, 9);
  const crashed = args.integer('crash', 1, 9);
  if (!replicas.includes(crashed)) throw new ArgumentProblem(`crash=${crashed} is not one of the replicas`);
  if (new Set(replicas).size !== replicas.length) throw new ArgumentProblem('replicas names a broker twice');
  return { seed, replicas, crashed };
}

export function isrAfterCrashDiagram({ seed, replicas, crashed }: IsrAfterCrashOptions): string[] {
  const brokers = Math.max(...replicas);

  const cluster = new KafkaCluster({ seed, brokers });
  cluster.start();
  cluster.createTopic(TOPIC, 1, replicas.length, {}, [[...replicas]]);
  cluster.runFor(STEADY_MS);
  const before = view(cluster);
  const crashAt = cluster.now;
  cluster.crashBroker(crashed);
  cluster.runFor(AFTER_CRASH_MS);
  const after = view(cluster);

  const events = cluster.sim.trace.filter((event) => event.at >= crashAt);
  const fenced = events.find((event) => event.type === 'broker.fenced' && event.broker === crashed);
  const elected = events.find((event) => event.type === 'leader.elected' && event.topic === TOPIC);
  const since = (at: number): string => `+${(at - crashAt).toLocaleString('en-US')} ms`.padEnd(10);

  const lines = [
    `replicas (preferred first): ${replicas.join(', ')}`,
    '',
    `before      leader ${before.leader}  ISR {${before.isr.join(', ')}}  leader epoch ${before.leaderEpoch}`,
    `+0 ms       broker ${crashed} crashes`,
  ];
  if (fenced !== undefined) lines.push(`${since(fenced.at)}  controller fences broker ${crashed} (no heartbeat)`);
  if (elected !== undefined && elected.type === 'leader.elected') {
    lines.push(`${since(elected.at)}  leader.elected: broker ${elected.leader}, epoch ${elected.leaderEpoch}`);
  }
  lines.push(`after       leader ${after.leader < 0 ? 'none' : after.leader}  ISR {${after.isr.join(', ')}}  leader epoch ${after.leaderEpoch}`);
  lines.push('', `(simulated cluster, seed ${seed})`);
  return lines;
}

function view(cluster: KafkaCluster): PartitionView {
  const state = cluster.partition(TOPIC, 0);
  if (state === undefined) throw new Error(`isr-after-crash: the controller has no ${TOPIC}-0 (seed ${cluster.sim.seed})`);
  return { leader: state.leader, isr: state.isr, leaderEpoch: state.leaderEpoch };
}
