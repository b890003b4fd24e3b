/**
 * A whole simulated Kafka cluster: brokers 1..n and a controller on one deterministic simulator,
 * with the lab seams (mechanisms) plugged in. Tests, scenario scripts, lab tests and the tutor all
 * build their clusters here, so they all run the same Kafka.
 */
import {
  defaultBrokerConfig,
  defaultControllerConfig,
  type BrokerConfig,
  type ControllerConfig,
  type TopicConfig,
} from '../../kafka/config.js';
import { createBroker, type BrokerState } from '../../kafka/broker/broker.js';
import {
  createController,
  partitionStateOf,
  type ControllerCommand,
  type ControllerState,
} from '../../kafka/controller/controller.js';
import { brokerNode, CONTROLLER_NODE, topicPartitionKey, type BrokerId, type NodeId } from '../../kafka/ids.js';
import type { PartitionLog } from '../../kafka/log/partition-log.js';
import { referenceMechanisms, type Mechanisms } from '../../kafka/mechanisms.js';
import type { PartitionState } from '../../kafka/protocol/messages.js';
import type { NetworkOptions } from '../network.js';
import { groupCoordinatorConfig, OFFSETS_TOPIC, type GroupCoordinatorConfig } from '../../kafka/group/coordinator-config.js';
import { Simulation } from '../simulation.js';

export interface ClusterOptions {
  readonly seed: number;
  /** How many brokers; their ids are 1..brokers. */
  readonly brokers: number;
  readonly network?: Partial<NetworkOptions>;
  readonly broker?: Partial<BrokerConfig>;
  readonly controller?: Partial<ControllerConfig>;
  /** Swap in a learner's mechanism here; the rest stay the reference ones. */
  readonly mechanisms?: Partial<Mechanisms>;
  /** The brokers' group coordinator settings (offsets.topic.num.partitions, group.initial.rebalance.delay.ms, ...). */
  readonly groupCoordinator?: Partial<GroupCoordinatorConfig>;
  readonly recordTrace?: boolean;
  readonly maxTraceEvents?: number;
  readonly maxSteps?: number;
  /** Also trace every message sent and delivered (SimulationOptions.traceMessages). */
  readonly traceMessages?: boolean;
}

export const MAX_BROKERS = 16;

export class KafkaCluster {
  readonly sim: Simulation;
  readonly brokerIds: readonly BrokerId[];
  readonly mechanisms: Mechanisms;
  readonly groupCoordinator: GroupCoordinatorConfig;

  constructor(readonly options: ClusterOptions) {
    if (!Number.isInteger(options.brokers) || options.brokers < 1 || options.brokers > MAX_BROKERS) {
      throw new RangeError(`a cluster needs between 1 and ${MAX_BROKERS} brokers, got ${options.brokers}`);
    }
    this.mechanisms = { ...referenceMechanisms, ...options.mechanisms };
    this.sim = new Simulation({
      seed: options.seed,
      network: options.network,
      recordTrace: options.recordTrace,
      maxTraceEvents: options.maxTraceEvents,
      maxSteps: options.maxSteps,
      traceMessages: options.traceMessages,
    });
    const controller = createController({
      config: { ...defaultControllerConfig, ...options.controller },
      electLeader: this.mechanisms.electLeader,
    });
    this.sim.addNode(CONTROLLER_NODE, controller.machine, controller.initialState);
    const brokerConfig = { ...defaultBrokerConfig, ...options.broker };
    this.groupCoordinator = groupCoordinatorConfig(options.groupCoordinator);
    const ids: BrokerId[] = [];
    for (let id = 1; id <= options.brokers; id++) {
      const broker = createBroker(id, { config: brokerConfig, mechanisms: this.mechanisms, groupCoordinator: this.groupCoordinator });
      this.sim.addNode(brokerNode(id), broker.machine, broker.initialState);
      ids.push(id);
    }
    this.brokerIds = ids;
  }

  get now(): number {
    return this.sim.now;
  }

  /** Creates a topic through the controller, now. `replicaAssignment` fixes placement (leader first). */
  createTopic(
    name: string,
    numPartitions: number,
    replicationFactor: number,
    config: Partial<TopicConfig> = {},
    replicaAssignment?: ReadonlyArray<readonly BrokerId[]>,
  ): void {
    const command: ControllerCommand = { type: 'create-topic', name, numPartitions, replicationFactor, config, ...(replicaAssignment && { replicaAssignment }) };
    this.sim.command<ControllerCommand>(CONTROLLER_NODE, command);
  }

  /**
   * Creates __consumer_offsets (offsets.topic.num.partitions, replication factor capped at the
   * number of brokers). Kafka creates it on the first FindCoordinator; a cluster that runs consumer
   * groups calls this once after start().
   */
  createOffsetsTopic(): void {
    const replicationFactor = Math.min(this.groupCoordinator.offsetsTopicReplicationFactor, this.brokerIds.length);
    this.createTopic(OFFSETS_TOPIC, this.groupCoordinator.offsetsTopicNumPartitions, replicationFactor);
  }

  electPreferredLeaders(topic?: string, atMs: number = this.sim.now): void {
    const command: ControllerCommand = topic === undefined ? { type: 'elect-preferred-leaders' } : { type: 'elect-preferred-leaders', topic };
    this.sim.command<ControllerCommand>(CONTROLLER_NODE, command, atMs);
  }

  /** Runs until every broker has registered and been unfenced (a cluster's start-up). */
  start(limitMs = 10_000): void {
    const ready = this.sim.runUntilCondition(
      () => this.brokerIds.every((id) => this.controllerState().registrations.get(id)?.fenced === false),
      limitMs,
    );
    if (!ready) throw new Error(`the cluster did not start within ${limitMs} ms (seed=${this.sim.seed})`);
  }

  controllerState(): ControllerState {
    const state = this.sim.stateOf<ControllerState>(CONTROLLER_NODE);
    if (state === undefined) throw new Error('the controller is down');
    return state;
  }

  /** The broker's live state, or undefined while it is down. */
  brokerState(brokerId: BrokerId): BrokerState | undefined {
    return this.sim.stateOf<BrokerState>(brokerNode(brokerId));
  }

  /** The controller's record of a partition: leader, epochs, ISR. */
  partition(topic: string, partition: number): PartitionState | undefined {
    const state = this.sim.stateOf<ControllerState>(CONTROLLER_NODE);
    return state === undefined ? undefined : partitionStateOf(state, topic, partition);
  }

  /** Each live broker's log of a partition. */
  replicaLogs(topic: string, partition: number): Array<{ brokerId: BrokerId; log: PartitionLog }> {
    const key = topicPartitionKey({ topic, partition });
    const logs: Array<{ brokerId: BrokerId; log: PartitionLog }> = [];
    for (const brokerId of this.brokerIds) {
      const state = this.brokerState(brokerId);
      const log = state?.replicas.get(key)?.log ?? state?.dormantLogs.get(key);
      if (log !== undefined) logs.push({ brokerId, log });
    }
    return logs;
  }

  /** The current leader's log, as the controller names the leader. */
  leaderLog(topic: string, partition: number): PartitionLog | undefined {
    const leader = this.partition(topic, partition)?.leader;
    if (leader === undefined || leader < 0) return undefined;
    return this.replicaLogs(topic, partition).find((replica) => replica.brokerId === leader)?.log;
  }

  crashBroker(brokerId: BrokerId): void {
    this.sim.crash(brokerNode(brokerId));
  }

  restartBroker(brokerId: BrokerId): void {
    this.sim.restart(brokerNode(brokerId));
  }

  isolate(node: NodeId): void {
    this.sim.network.isolate(node);
  }

  heal(): void {
    this.sim.network.heal();
  }

  runUntil(timeMs: number): void {
    this.sim.runUntil(timeMs);
  }

  runFor(durationMs: number): void {
    this.sim.runFor(durationMs);
  }
}
