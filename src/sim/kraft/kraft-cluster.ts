/**
 * A simulated KRaft cluster: a controller quorum of voters and brokers that follow the metadata
 * log, on one deterministic Simulation (semantics 6.1). Dedicated mode: controllers 1..c
 * (`controller-1`...) and broker-only nodes c+1..c+b (`broker-4`...), the layout production uses.
 * Combined mode: nodes 1..c are broker and controller at once (`node-1`..., `process.roles=
 * broker,controller`, the course's picture and Kafka's choice for development), plus any
 * broker-only nodes. The lab seams (`decideVote`, `electLeader`) plug in through `mechanisms`.
 */
import { KafkaInputError } from '../../kafka/errors.js';
import type { NodeId } from '../../kafka/ids.js';
import { referenceMechanisms, type Mechanisms } from '../../kafka/mechanisms.js';
import type { PartitionState } from '../../kafka/protocol/messages.js';
import { kraftNodeMachine, initialKraftNodeState, type KraftCommand } from '../../kafka/kraft/kraft-node.js';
import type { KraftNodeState } from '../../kafka/kraft/kraft-node-state.js';
import type { CreateTopicCommand } from '../../kafka/kraft/active-controller.js';
import {
  checkVoterSet,
  defaultKraftNodeConfig,
  defaultQuorumConfig,
  type KraftNodeConfig,
  type QuorumConfig,
  type VoterAddress,
} from '../../kafka/kraft/quorum-config.js';
import type { NetworkOptions } from '../network.js';
import { Simulation } from '../simulation.js';

export interface KraftClusterOptions {
  readonly seed: number;
  /** Voters of the metadata quorum (3 or 5 in production). 0 and even counts are accepted with a warning. */
  readonly controllers: number;
  /** Broker-only nodes. */
  readonly brokers: number;
  /** Controllers are brokers too (process.roles=broker,controller). Default false: dedicated controllers. */
  readonly combined?: boolean;
  readonly network?: Partial<NetworkOptions>;
  readonly quorum?: Partial<QuorumConfig>;
  readonly brokerHeartbeatIntervalMs?: number;
  readonly brokerSessionTimeoutMs?: number;
  readonly mechanisms?: Partial<Pick<Mechanisms, 'decideVote' | 'electLeader'>>;
  readonly recordTrace?: boolean;
  readonly maxTraceEvents?: number;
}

export const MAX_KRAFT_NODES = 16;

export interface KraftNodeInfo {
  readonly id: number;
  readonly node: NodeId;
  readonly controller: boolean;
  readonly broker: boolean;
}

export class KraftCluster {
  readonly sim: Simulation;
  readonly nodes: readonly KraftNodeInfo[];
  readonly voters: readonly VoterAddress[];
  readonly config: KraftNodeConfig;
  /** Sentences about a questionable but legal set-up (an even or empty voter set). */
  readonly warnings: readonly string[];

  constructor(readonly options: KraftClusterOptions) {
    const { controllers, brokers } = options;
    for (const [name, value] of [['controllers', controllers], ['brokers', brokers]] as const) {
      if (!Number.isInteger(value) || value < 0) throw new KafkaInputError(`${name} must be a whole number >= 0, got ${value}.`);
    }
    if (controllers + brokers === 0) throw new KafkaInputError('a KRaft cluster needs at least one node.');
    if (controllers + brokers > MAX_KRAFT_NODES) throw new KafkaInputError(`at most ${MAX_KRAFT_NODES} nodes, got ${controllers + brokers}.`);
    const combined = options.combined ?? false;
    const nodes: KraftNodeInfo[] = [];
    for (let id = 1; id <= controllers; id++) {
      nodes.push({ id, node: combined ? `node-${id}` : `controller-${id}`, controller: true, broker: combined });
    }
    for (let id = controllers + 1; id <= controllers + brokers; id++) nodes.push({ id, node: `broker-${id}`, controller: false, broker: true });
    this.nodes = nodes;
    this.voters = nodes.filter((node) => node.controller).map((node) => ({ id: node.id, node: node.node }));
    this.warnings = checkVoterSet(this.voters).warnings;
    this.config = {
      quorum: { ...defaultQuorumConfig, ...options.quorum },
      brokerHeartbeatIntervalMs: options.brokerHeartbeatIntervalMs ?? defaultKraftNodeConfig.brokerHeartbeatIntervalMs,
      brokerSessionTimeoutMs: options.brokerSessionTimeoutMs ?? defaultKraftNodeConfig.brokerSessionTimeoutMs,
    };
    const mechanisms = { ...referenceMechanisms, ...options.mechanisms };
    this.sim = new Simulation({
      seed: options.seed,
      network: options.network,
      recordTrace: options.recordTrace,
      maxTraceEvents: options.maxTraceEvents,
    });
    const machine = kraftNodeMachine({ decideVote: mechanisms.decideVote, electLeader: mechanisms.electLeader });
    for (const info of nodes) {
      const state = initialKraftNodeState({ nodeId: info.id, node: info.node, controller: info.controller, broker: info.broker, voters: this.voters, config: this.config });
      this.sim.addNode(info.node, machine, state);
    }
  }

  /** The node with this id; an unknown id is a clear error naming the ids that exist. */
  info(id: number): KraftNodeInfo {
    const info = this.nodes.find((node) => node.id === id);
    if (info === undefined) {
      const describe = (filter: (node: KraftNodeInfo) => boolean): string => this.nodes.filter(filter).map((node) => node.id).join(', ') || 'none';
      throw new KafkaInputError(
        `unknown node id ${id}: this cluster has controllers ${describe((node) => node.controller)} and broker-only nodes ${describe((node) => !node.controller)}.`,
      );
    }
    return info;
  }

  address(id: number): NodeId {
    return this.info(id).node;
  }

  state(id: number): KraftNodeState | undefined {
    return this.sim.stateOf<KraftNodeState>(this.address(id));
  }

  isUp(id: number): boolean {
    return this.sim.isUp(this.address(id));
  }

  crash(id: number): void {
    this.sim.crash(this.address(id));
  }

  restart(id: number): void {
    this.sim.restart(this.address(id));
  }

  isolate(id: number): void {
    this.sim.network.isolate(this.address(id));
  }

  partition(groupA: readonly number[], groupB: readonly number[]): void {
    this.sim.network.partition(groupA.map((id) => this.address(id)), groupB.map((id) => this.address(id)));
  }

  heal(): void {
    this.sim.network.heal();
  }

  /** The active controller: the live leader that has committed its LeaderChange (newest epoch if a stale one lingers). */
  activeController(): number | undefined {
    let best: { id: number; epoch: number } | undefined;
    for (const info of this.nodes) {
      const state = this.sim.isUp(info.node) ? this.state(info.id) : undefined;
      if (state?.controller === undefined) continue;
      if (best === undefined || state.role.epoch > best.epoch) best = { id: info.id, epoch: state.role.epoch };
    }
    return best?.id;
  }

  /** Runs until a controller is active (or `limitMs` passes); returns its id. */
  awaitActiveController(limitMs = 30_000): number | undefined {
    this.sim.runUntilCondition(() => this.activeController() !== undefined, limitMs);
    return this.activeController();
  }

  /** Sends a command to the active controller now; false when there is none. */
  command(command: KraftCommand): boolean {
    const active = this.activeController();
    if (active === undefined) return false;
    this.sim.command<KraftCommand>(this.address(active), command);
    return true;
  }

  createTopic(command: Omit<CreateTopicCommand, 'type'>): boolean {
    return this.command({ type: 'create-topic', ...command });
  }

  /** Every live broker's view of one partition, from its replayed metadata. */
  brokerViews(topic: string, partition: number): Map<number, PartitionState | undefined> {
    const views = new Map<number, PartitionState | undefined>();
    for (const info of this.nodes) {
      if (!info.broker || !this.sim.isUp(info.node)) continue;
      views.set(info.id, this.state(info.id)?.image.partitions.get(`${topic}-${partition}`));
    }
    return views;
  }

  /** Brokers every live broker-role node has registered and unfenced, as the active controller's image says. */
  unfencedBrokers(): number[] {
    const active = this.activeController();
    const image = active === undefined ? undefined : this.state(active)?.controller?.latestImage;
    if (image === undefined) return [];
    return [...image.brokers.values()].filter((broker) => !broker.fenced).map((broker) => broker.brokerId).sort((a, b) => a - b);
  }
}
