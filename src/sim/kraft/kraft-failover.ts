/**
 * "Kill the active controller", measured (semantics 6.8): a KRaft cluster settles with a topic, the
 * active controller's process dies, and the simulator notes, in virtual ms after the crash:
 *
 * - newControllerMs: another voter is elected and has committed its LeaderChange record, i.e. it
 *   acts as the active controller (its metadata was already in memory: nothing to load);
 * - firstNewPartitionLeaderMs: the first live broker learns, from the committed metadata log, a new
 *   leader for a partition the dead node led (combined mode only: a dedicated controller leads no
 *   partitions, so nothing needs a new leader);
 * - allPartitionsMovedMs: every live broker knows a new leader for every such partition.
 *
 * The dead node's partitions move only once its broker is fenced, broker.session.timeout.ms after
 * the new controller started its clocks (semantics 6.5), so the session timeout dominates the
 * second figure. The tutor animates this run; the bench reports the figures over many seeds.
 */
import type { KraftNodeState } from '../../kafka/kraft/kraft-node-state.js';
import { KafkaInputError } from '../../kafka/errors.js';
import type { TraceEvent } from '../../kafka/trace.js';
import { KraftCluster, type KraftClusterOptions } from './kraft-cluster.js';

export interface FailoverTimes {
  readonly mode: 'kraft' | 'zookeeper';
  readonly seed: number;
  /** The node that was the active controller and was killed. */
  readonly crashedNode: number;
  /** Virtual time of the crash. */
  readonly crashAtMs: number;
  readonly newControllerMs: number | undefined;
  readonly firstNewPartitionLeaderMs: number | undefined;
  readonly allPartitionsMovedMs: number | undefined;
  /** Partitions the dead node led. */
  readonly partitionsToMove: number;
}

export interface KraftFailoverOptions {
  readonly seed: number;
  /** Combined mode (default): the controllers are the brokers, as in the course's picture. */
  readonly combined?: boolean;
  readonly partitions?: number;
  /** How long to watch after the crash. */
  readonly watchMs?: number;
  readonly network?: KraftClusterOptions['network'];
  readonly recordTrace?: boolean;
}

export interface KraftFailoverRun {
  readonly cluster: KraftCluster;
  readonly times: FailoverTimes;
}

/** A kill being measured: the figures fill in as the simulation runs (times from the crash, virtual ms). */
export interface KillMeasurement {
  readonly times: FailoverTimes;
  /** Stops watching; the figures stay as they are. */
  stop(): void;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface SettledKraftCluster {
  readonly cluster: KraftCluster;
  /** The nodes with the broker role. */
  readonly brokers: readonly number[];
}

/** The failover cluster, settled: brokers unfenced, topic "orders" created everywhere, one quiet second. */
export function settleKraftFailoverCluster(options: KraftFailoverOptions): SettledKraftCluster {
  const combined = options.combined ?? true;
  const partitions = options.partitions ?? 6;
  const cluster = new KraftCluster({
    seed: options.seed,
    controllers: 3,
    brokers: combined ? 0 : 3,
    combined,
    network: options.network ?? { minDelayMs: 1, maxDelayMs: 10 },
    recordTrace: options.recordTrace ?? true,
  });
  const brokers = cluster.nodes.filter((node) => node.broker).map((node) => node.id);
  const allUnfenced = (): boolean => brokers.every((id) => cluster.unfencedBrokers().includes(id));
  if (!cluster.sim.runUntilCondition(allUnfenced, 30_000)) throw new KafkaInputError(`seed ${options.seed}: the cluster never settled`);
  cluster.createTopic({ name: 'orders', numPartitions: partitions, replicationFactor: Math.min(3, brokers.length) });
  const created = (): boolean => brokers.every((id) => (cluster.state(id)?.image.partitions.size ?? 0) === partitions);
  if (!cluster.sim.runUntilCondition(created, 10_000)) throw new KafkaInputError(`seed ${options.seed}: the topic was never created`);
  cluster.sim.runFor(1_000);
  return { cluster, brokers };
}

/**
 * Starts measuring the kill of `crashed` (call it just before the crash): when another node becomes
 * the active controller, and when the partitions it led have new leaders on the surviving brokers.
 * `crashAtMs` is reported from `originMs`.
 */
export function measureKraftKill({ cluster, brokers }: SettledKraftCluster, crashed: number, seed: number, originMs = 0): KillMeasurement {
  const toMove = [...(cluster.state(crashed)?.image.partitions.values() ?? [])].filter((partition) => partition.leader === crashed);
  const crashAtMs = cluster.sim.now;
  const times: Mutable<FailoverTimes> = {
    mode: 'kraft',
    seed,
    crashedNode: crashed,
    crashAtMs: crashAtMs - originMs,
    newControllerMs: undefined,
    firstNewPartitionLeaderMs: undefined,
    allPartitionsMovedMs: undefined,
    partitionsToMove: toMove.length,
  };
  const moved = (state: KraftNodeState | undefined): number =>
    toMove.filter((partition) => {
      const now = state?.image.partitions.get(`${partition.topic}-${partition.partition}`);
      return now !== undefined && now.leader !== crashed && now.leaderEpoch > partition.leaderEpoch;
    }).length;
  const survivors = brokers.filter((id) => id !== crashed);
  const stopEvents = cluster.sim.onEvent((event) => {
    const kafkaEvent = event as unknown as TraceEvent;
    if (times.newControllerMs === undefined && kafkaEvent.type === 'controller.activated' && kafkaEvent.node !== cluster.address(crashed)) {
      times.newControllerMs = event.at - crashAtMs;
    }
  });
  const stopSteps = cluster.sim.onStep((sim, node) => {
    if (toMove.length === 0 || times.allPartitionsMovedMs !== undefined) return;
    const info = cluster.nodes.find((candidate) => candidate.node === node);
    if (info === undefined || !info.broker || info.id === crashed) return;
    if (times.firstNewPartitionLeaderMs === undefined && moved(sim.stateOf<KraftNodeState>(info.node)) > 0) {
      times.firstNewPartitionLeaderMs = sim.now - crashAtMs;
    }
    if (survivors.every((id) => moved(cluster.state(id)) === toMove.length)) times.allPartitionsMovedMs = sim.now - crashAtMs;
  });
  return {
    times,
    stop: () => {
      stopEvents();
      stopSteps();
    },
  };
}

export function runKraftFailover(options: KraftFailoverOptions): KraftFailoverRun {
  const settled = settleKraftFailoverCluster(options);
  const { cluster } = settled;
  const crashed = cluster.activeController() as number;
  const measurement = measureKraftKill(settled, crashed, options.seed);
  cluster.crash(crashed);
  cluster.sim.runFor(options.watchMs ?? 30_000);
  measurement.stop();
  return { cluster, times: { ...measurement.times } };
}
