/**
 * The KRaft side of the failover playground: the cluster of `runKraftFailover` (src/sim/kraft/
 * kraft-failover.ts; semantics 6.8), 3 combined broker+controller nodes and topic "orders" with 6
 * partitions, built the same way from the same seed, so killing the active controller at t=0 is
 * exactly that run. Killing later is the same failure at another moment. Each kill is measured as
 * runKraftFailover measures it: crash → new active controller (controller.activated on another
 * node), crash → first live broker that knows a new leader for a partition the dead node led.
 */
import type { KraftPersisted } from '../../../kafka/kraft/kraft-node-state.js';
import type { QuorumStateKind } from '../../../kafka/kraft/quorum-state.js';
import { votedForOf } from '../../../kafka/kraft/quorum-state.js';
import { viewOf } from '../../../kafka/kraft/raft-role.js';
import type { PartitionState } from '../../../kafka/protocol/messages.js';
import { KraftCluster } from '../../../sim/kraft/kraft-cluster.js';
import { measureKraftKill, settleKraftFailoverCluster, type KillMeasurement } from '../../../sim/kraft/kraft-failover.js';
import { FailoverWorld } from './failover-world.js';

export const FAILOVER_TOPIC = 'orders';
export const FAILOVER_PARTITIONS = 6;

export interface ControllerSnapshot {
  readonly id: number;
  readonly up: boolean;
  readonly role: QuorumStateKind | 'down';
  readonly epoch: number;
  readonly votedFor: number | undefined;
  /** The leader this node follows (followers), or itself (leader). */
  readonly leaderId: number | undefined;
  readonly logEndOffset: number;
  readonly highWatermark: number;
  /** The Raft leader that has committed its LeaderChange record and acts as the controller. */
  readonly active: boolean;
  /** The broker role's own view: fenced or not, as its last heartbeat answer said. */
  readonly fenced: boolean | undefined;
  /** Leader of orders-0..5 as this node's replayed metadata says (-1: none, undefined: unknown). */
  readonly leaders: readonly (number | undefined)[];
  /**
   * A dead node as the active controller sees its broker: fenced already, or when its session
   * (broker.session.timeout.ms from its last heartbeat, or from the controller's activation) runs out.
   */
  readonly fencing: { readonly fenced: boolean; readonly sessionEndsAtMs: number | undefined } | undefined;
}

export interface KraftWorldSnapshot {
  readonly activeController: number | undefined;
  readonly nodes: readonly ControllerSnapshot[];
}

export class KraftWorld extends FailoverWorld<number> {
  readonly cluster: KraftCluster;
  private readonly brokers: readonly number[];

  constructor(seed: number) {
    // The cluster runKraftFailover builds, so a kill at the origin gives its figures.
    const { cluster, brokers } = settleKraftFailoverCluster({ seed, partitions: FAILOVER_PARTITIONS });
    super(seed, cluster.sim);
    this.cluster = cluster;
    this.brokers = brokers;
  }

  protected activeController(): number | undefined {
    return this.cluster.activeController();
  }

  protected measure(crashed: number): KillMeasurement {
    return measureKraftKill({ cluster: this.cluster, brokers: this.brokers }, crashed, this.seed, this.originMs);
  }

  protected crash(id: number): void {
    this.cluster.crash(id);
  }

  protected isUp(id: number): boolean {
    return this.cluster.isUp(id);
  }

  protected restart(id: number): void {
    this.cluster.restart(id);
  }

  snapshot(): KraftWorldSnapshot {
    const active = this.cluster.activeController();
    const controller = active === undefined ? undefined : this.cluster.state(active)?.controller;
    const fencingOf = (id: number): ControllerSnapshot['fencing'] => {
      const broker = controller?.latestImage.brokers.get(id);
      if (controller === undefined || broker === undefined) return undefined;
      const lastHeartbeat = controller.lastHeartbeatAt.get(id);
      const sessionEndsAtMs = lastHeartbeat === undefined ? undefined : lastHeartbeat + this.cluster.config.brokerSessionTimeoutMs - this.originMs;
      return { fenced: broker.fenced, sessionEndsAtMs };
    };
    const nodes = this.cluster.nodes.map((info): ControllerSnapshot => {
      const up = this.cluster.isUp(info.id);
      const state = up ? this.cluster.state(info.id) : undefined;
      const persisted = up ? undefined : this.cluster.sim.persistedOf<KraftPersisted>(info.node);
      if (state === undefined) {
        return {
          id: info.id,
          up: false,
          role: 'down',
          epoch: persisted?.epoch ?? 0,
          votedFor: persisted?.votedFor,
          leaderId: undefined,
          logEndOffset: persisted?.log.length ?? 0,
          highWatermark: 0,
          active: false,
          fenced: undefined,
          leaders: [],
          fencing: fencingOf(info.id),
        };
      }
      const view = viewOf(state.role, info.id);
      return {
        id: info.id,
        up,
        role: view.kind,
        epoch: view.epoch,
        votedFor: votedForOf(view),
        leaderId: view.kind === 'leader' ? info.id : view.kind === 'follower' ? view.leaderId : undefined,
        logEndOffset: state.log.length,
        highWatermark: state.highWatermark,
        active: active === info.id,
        fenced: state.broker?.fenced,
        leaders: leadersOf(state.image.partitions),
        fencing: undefined,
      };
    });
    return { activeController: active, nodes };
  }
}

export function leadersOf(partitions: ReadonlyMap<string, PartitionState>): (number | undefined)[] {
  return Array.from({ length: FAILOVER_PARTITIONS }, (_, partition) => partitions.get(`${FAILOVER_TOPIC}-${partition}`)?.leader);
}
