/**
 * The ZooKeeper-mode side of the failover playground: the cluster of `runZkFailover` (src/sim/
 * zookeeper/zk-failover.ts; semantics 7.1), 3 brokers and topic "orders" with 6 partitions, built
 * the same way from the same seed, and each kill measured the same way. ZooKeeper mode was removed
 * in Kafka 4.0; the model is here only to run the same failure beside KRaft.
 */
import { brokerNode, type BrokerId } from '../../../kafka/ids.js';
import { ZOOKEEPER_NODE, type ZookeeperState } from '../../../kafka/zookeeper/zookeeper-server.js';
import type { FailoverTimes, KillMeasurement } from '../../../sim/kraft/kraft-failover.js';
import type { ZkCluster } from '../../../sim/zookeeper/zk-cluster.js';
import { measureZkKill, settleZkFailoverCluster } from '../../../sim/zookeeper/zk-failover.js';
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

export class ZkWorld {
  readonly cluster: ZkCluster;
  readonly originMs: number;
  private readonly killed: BrokerId[] = [];
  private measurement: KillMeasurement | undefined;

  constructor(readonly seed: number) {
    // The cluster runZkFailover builds, so a kill at the origin gives its figures.
    const cluster = settleZkFailoverCluster({ seed, partitions: FAILOVER_PARTITIONS });
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

  private measure(crashed: BrokerId): KillMeasurement {
    return measureZkKill(this.cluster, crashed, this.seed, this.originMs);
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
