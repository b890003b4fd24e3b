/**
 * "Kill the active controller" in the ZooKeeper-mode model, measured the same way as the KRaft run
 * (../kraft/kraft-failover.ts), so the tutor can show both side by side with figures the simulator
 * measured. The crashed controller is also a broker (in ZooKeeper mode it always was): its
 * /controller and /brokers/ids znodes disappear only when ZooKeeper expires its session
 * (zookeeper.session.timeout.ms, 18 s, on a 2 s tick); then the others race for /controller, and
 * the winner reads all metadata from ZooKeeper before it moves the dead broker's partitions.
 */
import type { TraceEvent } from '../../kafka/trace.js';
import { brokerNode } from '../../kafka/ids.js';
import type { ZkBrokerState } from '../../kafka/zookeeper/zk-broker.js';
import { KafkaInputError } from '../../kafka/errors.js';
import type { FailoverTimes, KillMeasurement } from '../kraft/kraft-failover.js';
import { ZkCluster, type ZkClusterOptions } from './zk-cluster.js';

export interface ZkFailoverOptions {
  readonly seed: number;
  readonly partitions?: number;
  readonly watchMs?: number;
  readonly network?: ZkClusterOptions['network'];
  readonly recordTrace?: boolean;
}

/** The ZooKeeper-mode failover cluster, settled: every broker knows all partitions, one quiet second. */
export function settleZkFailoverCluster(options: ZkFailoverOptions): ZkCluster {
  const partitions = options.partitions ?? 6;
  const cluster = new ZkCluster({
    seed: options.seed,
    brokers: 3,
    partitions,
    network: options.network ?? { minDelayMs: 1, maxDelayMs: 10 },
    recordTrace: options.recordTrace ?? true,
  });
  const informed = (): boolean => cluster.brokerIds.every((id) => (cluster.state(id)?.partitions.size ?? 0) === partitions);
  if (!cluster.sim.runUntilCondition(informed, 60_000)) throw new KafkaInputError(`seed ${options.seed}: the ZooKeeper-mode cluster never settled`);
  cluster.sim.runFor(1_000);
  return cluster;
}

/** As measureKraftKill: the kill of controller broker `crashed`, measured from just before the crash. */
export function measureZkKill(cluster: ZkCluster, crashed: number, seed: number, originMs = 0): KillMeasurement {
  const toMove = [...(cluster.state(crashed)?.partitions.values() ?? [])].filter((partition) => partition.leader === crashed);
  const crashAtMs = cluster.sim.now;
  const times: { -readonly [K in keyof FailoverTimes]: FailoverTimes[K] } = {
    mode: 'zookeeper',
    seed,
    crashedNode: crashed,
    crashAtMs: crashAtMs - originMs,
    newControllerMs: undefined,
    firstNewPartitionLeaderMs: undefined,
    allPartitionsMovedMs: undefined,
    partitionsToMove: toMove.length,
  };
  const moved = (state: ZkBrokerState | undefined): number =>
    toMove.filter((partition) => {
      const now = state?.partitions.get(`${partition.topic}-${partition.partition}`);
      return now !== undefined && now.leader !== crashed && now.leaderEpoch > partition.leaderEpoch;
    }).length;
  const survivors = cluster.brokerIds.filter((id) => id !== crashed);
  const stopEvents = cluster.sim.onEvent((event) => {
    const kafkaEvent = event as unknown as TraceEvent;
    if (times.newControllerMs === undefined && kafkaEvent.type === 'zk.controller-active' && kafkaEvent.node !== brokerNode(crashed)) {
      times.newControllerMs = event.at - crashAtMs;
    }
  });
  const stopSteps = cluster.sim.onStep((sim, node) => {
    if (toMove.length === 0 || times.allPartitionsMovedMs !== undefined || node === undefined || node === brokerNode(crashed)) return;
    const state = sim.stateOf<ZkBrokerState>(node);
    if (state === undefined || !('brokerId' in state)) return;
    if (times.firstNewPartitionLeaderMs === undefined && moved(state) > 0) times.firstNewPartitionLeaderMs = sim.now - crashAtMs;
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

export function runZkFailover(options: ZkFailoverOptions): { cluster: ZkCluster; times: FailoverTimes } {
  const cluster = settleZkFailoverCluster(options);
  const crashed = cluster.activeController() as number;
  const measurement = measureZkKill(cluster, crashed, options.seed);
  cluster.crash(crashed);
  cluster.sim.runFor(options.watchMs ?? 40_000);
  measurement.stop();
  return { cluster, times: { ...measurement.times } };
}
