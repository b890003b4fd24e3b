/**
 * The ZooKeeper-mode side of the failover playground: the cluster of `runZkFailover` (src/sim/
 * zookeeper/zk-failover.ts; semantics 7.1), 3 brokers and topic "orders" with 6 partitions, built
 * the same way from the same seed, and each kill measured the same way. ZooKeeper mode was removed
 * in Kafka 4.0; the model is here only to run the same failure beside KRaft.
 */
import { brokerNode, type BrokerId } from '../../../kafka/ids.js';
import { ZOOKEEPER_NODE, type ZookeeperState } from '../../../kafka/zookeeper/zookeeper-server.js';
import type { KillMeasurement } from '../../../sim/kraft/kraft-failover.js';
import type { ZkCluster } from '../../../sim/zookeeper/zk-cluster.js';
import { measureZkKill, settleZkFailoverCluster } from '../../../sim/zookeeper/zk-failover.js';
import { FailoverWorld } from './failover-world.js';
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

export class ZkWorld extends FailoverWorld<BrokerId> {
  readonly cluster: ZkCluster;

  constructor(seed: number) {
    // The cluster runZkFailover builds, so a kill at the origin gives its figures.
    const cluster = settleZkFailoverCluster({ seed, partitions: FAILOVER_PARTITIONS });
    super(seed, cluster.sim);
    this.cluster = cluster;
  }

  protected activeController(): BrokerId | undefined {
    return this.cluster.activeController();
  }

  protected measure(crashed: BrokerId): KillMeasurement {
    return measureZkKill(this.cluster, crashed, this.seed, this.originMs);
  }

  protected crash(id: BrokerId): void {
    this.cluster.crash(id);
  }

  protected isUp(id: BrokerId): boolean {
    return this.cluster.sim.isUp(brokerNode(id));
  }

  /** A restarted broker starts afresh (new session, registers again). */
  protected restart(id: BrokerId): void {
    this.cluster.sim.restart(brokerNode(id));
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
