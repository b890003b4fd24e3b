/**
 * A simulated ZooKeeper-mode cluster (semantics 7.1): one ZooKeeper node standing for the ensemble
 * and brokers 1..n, each of which may win the /controller race. The topic's assignment and partition
 * states are written into ZooKeeper before the brokers start, as a cluster that already existed.
 * ZooKeeper mode was removed in Kafka 4.0; this harness exists for the side-by-side comparison.
 */
import { brokerNode, type BrokerId } from '../../kafka/ids.js';
import { KafkaInputError } from '../../kafka/errors.js';
import type { ElectLeader } from '../../kafka/controller/leader-election.js';
import type { PartitionState } from '../../kafka/protocol/messages.js';
import { treeOf } from '../../kafka/zookeeper/znode-tree.js';
import {
  defaultZkBrokerConfig,
  initialZkBrokerState,
  partitionStateJson,
  topicAssignmentJson,
  zkBrokerMachine,
  type ZkBrokerConfig,
  type ZkBrokerState,
} from '../../kafka/zookeeper/zk-broker.js';
import { initialZookeeperState, ZOOKEEPER_NODE, zookeeperMachine } from '../../kafka/zookeeper/zookeeper-server.js';
import type { NetworkOptions } from '../network.js';
import { Simulation } from '../simulation.js';

export interface ZkClusterOptions {
  readonly seed: number;
  readonly brokers: number;
  /** Partitions of the one topic, "orders", replication factor min(3, brokers). */
  readonly partitions: number;
  readonly network?: Partial<NetworkOptions>;
  readonly broker?: Partial<ZkBrokerConfig>;
  readonly electLeader?: ElectLeader;
  readonly recordTrace?: boolean;
}

export class ZkCluster {
  readonly sim: Simulation;
  readonly brokerIds: readonly BrokerId[];

  constructor(readonly options: ZkClusterOptions) {
    if (!Number.isInteger(options.brokers) || options.brokers < 1 || options.brokers > 16) {
      throw new KafkaInputError(`a ZooKeeper-mode cluster needs 1 to 16 brokers, got ${options.brokers}.`);
    }
    if (!Number.isInteger(options.partitions) || options.partitions < 1) {
      throw new KafkaInputError(`partitions must be a whole number >= 1, got ${options.partitions}.`);
    }
    this.brokerIds = Array.from({ length: options.brokers }, (_, index) => index + 1);
    const replicationFactor = Math.min(3, options.brokers);
    const replicas = Array.from({ length: options.partitions }, (_, partition) =>
      Array.from({ length: replicationFactor }, (_, replica) => ((partition + replica) % options.brokers) + 1),
    );
    const znodes: Array<readonly [string, string]> = [
      ['/brokers/ids', ''],
      ['/controller_epoch', '0'],
      ['/brokers/topics/orders', topicAssignmentJson(replicas)],
    ];
    replicas.forEach((list, partition) => {
      const state: PartitionState = {
        topic: 'orders',
        partition,
        replicas: list,
        isr: list,
        leader: list[0] as BrokerId,
        leaderEpoch: 0,
        partitionEpoch: 0,
        leaderRecoveryState: 'RECOVERED',
      };
      znodes.push([`/brokers/topics/orders/partitions/${partition}/state`, partitionStateJson(state, 0)]);
    });
    this.sim = new Simulation({ seed: options.seed, network: options.network, recordTrace: options.recordTrace });
    this.sim.addNode(ZOOKEEPER_NODE, zookeeperMachine, initialZookeeperState(treeOf(znodes)));
    const machine = zkBrokerMachine(options.electLeader);
    const config = { ...defaultZkBrokerConfig, ...options.broker };
    for (const id of this.brokerIds) this.sim.addNode(brokerNode(id), machine, initialZkBrokerState(id, config));
  }

  private checkBroker(id: BrokerId): void {
    if (!this.brokerIds.includes(id)) {
      throw new KafkaInputError(`unknown broker id ${id}: this cluster has brokers ${this.brokerIds.join(', ')}.`);
    }
  }

  state(id: BrokerId): ZkBrokerState | undefined {
    this.checkBroker(id);
    return this.sim.stateOf<ZkBrokerState>(brokerNode(id));
  }

  crash(id: BrokerId): void {
    this.checkBroker(id);
    this.sim.crash(brokerNode(id));
  }

  /** The live broker acting as controller with its metadata loaded (newest controller epoch). */
  activeController(): BrokerId | undefined {
    let best: { id: BrokerId; epoch: number } | undefined;
    for (const id of this.brokerIds) {
      const controller = this.sim.isUp(brokerNode(id)) ? this.state(id)?.controller : undefined;
      if (controller?.phase !== 'active') continue;
      if (best === undefined || controller.epoch > best.epoch) best = { id, epoch: controller.epoch };
    }
    return best?.id;
  }
}
