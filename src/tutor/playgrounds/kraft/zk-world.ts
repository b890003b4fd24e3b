/**
 * The ZooKeeper-mode side of the failover playground: the cluster of `runZkFailover` (src/sim/
 * zookeeper/zk-failover.ts; semantics 7.1), 3 brokers and topic "orders" with 6 partitions, built
 * the same way from the same seed, and each kill measured the same way. ZooKeeper mode was removed
 * in Kafka 4.0; the model is here only to run the same failure beside KRaft.
 */
import { brokerNode, type BrokerId } from '../../../kafka/ids.js';
import type { TraceEvent } from '../../../kafka/trace.js';
import type { ZkBrokerState } from '../../../kafka/zookeeper/zk-broker.js';
import { ZOOKEEPER_NODE, type ZookeeperState } from '../../../kafka/zookeeper/zookeeper-server.js';
import type { FailoverTimes } from '../../../sim/kraft/kraft-failover.js';
import { ZkCluster } from '../../../sim/zookeeper/zk-cluster.js';
import { FAILOVER_PARTITIONS, leadersOf } from './kraft-world.js';

export interface ZkBrokerSnapshot {
  readonly id: BrokerId;
  readonly up: boolean;
  /** Its ZooKeeper session, while it has one. */
  readonly sessionId: number | undefined;
  /** This broker's controller role, if it won the /controller race. */
  readonly controller: { readonly epoch: number; readonly phase: 'claiming-epoch' | 'loading' | 'active'; readonly znodesRead: number } | undefined;
  /** Leader of orders-0..5 as this broker last heard from a controller. */
  readonly leaders: readonly (number | undefined)[];
}

export interface ZkWorldSnapshot {
  readonly activeController: BrokerId | undefined;
  /** Who holds the ephemeral /controller znode, and when ZooKeeper expires that session (virtual ms from the origin). */
  readonly controllerZnode: { readonly holder: string; readonly sessionExpiresAtMs: number } | undefined;
  readonly brokers: readonly ZkBrokerSnapshot[];
}

interface Measurement {
  times: FailoverTimes;
  stop: () => void;
}

export class ZkWorld {
  readonly cluster: ZkCluster;
  readonly originMs: number;
  private readonly killed: BrokerId[] = [];
  private measurement: Measurement | undefined;

  constructor(readonly seed: number) {
    // The same construction as runZkFailover's, so the runs match.
    const cluster = new ZkCluster({ seed, brokers: 3, partitions: FAILOVER_PARTITIONS, network: { minDelayMs: 1, maxDelayMs: 10 }, recordTrace: true });
    const informed = (): boolean => cluster.brokerIds.every((id) => (cluster.state(id)?.partitions.size ?? 0) === FAILOVER_PARTITIONS);
    if (!cluster.sim.runUntilCondition(informed, 60_000)) throw new Error(`seed ${seed}: the ZooKeeper-mode cluster never settled`);
    cluster.sim.runFor(1_000);
    this.cluster = cluster;
    this.originMs = cluster.sim.now;
  }

  get elapsedMs(): number {
    return this.cluster.sim.now - this.originMs;
  }

  get times(): FailoverTimes | undefined {
    return this.measurement?.times;
  }

  killActive(): boolean {
    const crashed = this.cluster.activeController();
    this.measurement?.stop();
    // A kill that found no active controller ends the previous measurement: its figures belong to an earlier kill.
    this.measurement = undefined;
    if (crashed === undefined) return false;
    this.measurement = this.measure(crashed);
    this.cluster.crash(crashed);
    this.killed.push(crashed);
    return true;
  }

  /** A restarted broker starts afresh (new session, registers again); false when none was down. */
  restartKilled(): boolean {
    const down = this.killed.filter((id) => !this.cluster.sim.isUp(brokerNode(id)));
    for (const id of down) this.cluster.sim.restart(brokerNode(id));
    this.killed.length = 0;
    return down.length > 0;
  }

  private measure(crashed: BrokerId): Measurement {
    const cluster = this.cluster;
    const toMove = [...(cluster.state(crashed)?.partitions.values() ?? [])].filter((partition) => partition.leader === crashed);
    const crashAtMs = cluster.sim.now;
    const times: { -readonly [K in keyof FailoverTimes]: FailoverTimes[K] } = {
      mode: 'zookeeper',
      seed: this.seed,
      crashedNode: crashed,
      crashAtMs: crashAtMs - this.originMs,
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

  snapshot(): ZkWorldSnapshot {
    const zookeeper = this.cluster.sim.stateOf<ZookeeperState>(ZOOKEEPER_NODE);
    const owner = zookeeper?.tree.get('/controller')?.ephemeralOwner;
    const session = owner === undefined ? undefined : zookeeper?.sessions.get(owner);
    return {
      activeController: this.cluster.activeController(),
      controllerZnode: session === undefined ? undefined : { holder: session.client, sessionExpiresAtMs: session.expiresAt - this.originMs },
      brokers: this.cluster.brokerIds.map((id): ZkBrokerSnapshot => {
        const up = this.cluster.sim.isUp(brokerNode(id));
        const state = up ? this.cluster.state(id) : undefined;
        const controller = state?.controller;
        return {
          id,
          up,
          sessionId: state?.sessionId,
          controller: controller === undefined ? undefined : { epoch: controller.epoch, phase: controller.phase, znodesRead: controller.znodesRead },
          leaders: state === undefined ? [] : leadersOf(state.partitions),
        };
      }),
    };
  }
}
