/**
 * The consumer-groups playground's cluster: one broker (the group's coordinator), topic "orders"
 * with 4 partitions fed by a producer (one keyed order every 500 ms), and group "order-processors"
 * under the classic protocol, starting with consumers c1 and c2. The learner adds consumers, makes
 * one leave (close(): LeaveGroup, the coordinator rebalances at once) or crashes one (no LeaveGroup:
 * the coordinator notices only when its session times out, session.timeout.ms=45000, Kafka's
 * default), and switches the assignor. Everything drawn is read from the simulated coordinator
 * (ClassicGroup: state, generation, leader, each member's assignment), from each consumer's own
 * state (what it owns now) and from __consumer_offsets (committed offsets, lag).
 *
 * Switching the assignor rebuilds the cluster from the same seed with the new
 * partition.assignment.strategy and replays the learner's actions: a real group changes assignor
 * only when its members restart with the new setting (a rolling restart), which this models as
 * starting the group over. With k the same group runs under group.protocol=consumer (KIP-848):
 * ConsumerGroupHeartbeat, no leader, the coordinator's server-side assignor (group.remote.assignor)
 * computes a target and members reconcile towards it. Sources: kafka-semantics.md 8.3-8.5, 8.7;
 * ClassicGroup.java, ConsumerGroup.java, ConsumerConfig.java.
 */
import { ownership, type GroupConsumerState, type MembershipPhase } from '../../../kafka/client/group-consumer.js';
import type { GroupProtocol } from '../../../kafka/client/group-consumer-config.js';
import { SERVER_ASSIGNORS, type ConsumerGroup, type ServerAssignorName } from '../../../kafka/group/consumer-group.js';
import type { ClassicGroup, ClassicGroupState } from '../../../kafka/group/classic-group.js';
import { ASSIGNOR_NAMES, type AssignorName } from '../../../kafka/group/assignor-registry.js';
import { consumerLag } from '../../../kafka/group/offsets.js';
import type { KafkaCluster } from '../../../sim/cluster/kafka-cluster.js';
import { addGroupConsumer, addProducer, committedOffsetsOf, coordinatorOf, startGroupCluster } from '../../../sim/cluster/group-cluster.js';
import type { SimTraceEvent } from '../../../sim/sim-events.js';
import { RecordedSimulation, type RecordedAction } from '../shared/recorded-simulation.js';

export const GROUP_TOPIC = 'orders';
export const GROUP_PARTITIONS = 4;
export const GROUP_ID = 'order-processors';
export const SESSION_TIMEOUT_MS = 45_000;
export const MAX_CONSUMERS = 6;
/** c1 … c9: one digit picks each. */
export const MAX_CONSUMERS_EVER = 9;
export const FIRST_CONSUMERS: readonly string[] = ['c1', 'c2'];
const PRODUCE_EVERY_MS = 500;

/** A client assignor (classic protocol) or a server-side one (group.remote.assignor, KIP-848). */
export type PlaygroundAssignor = AssignorName | ServerAssignorName;

/**
 * The group's state. Classic: ClassicGroup's own. KIP-848 (ConsumerGroup.java's states, derived
 * here from the coordinator's epochs): Assigning while the target lags the group epoch,
 * Reconciling while a member has not reached it, Stable once every member has.
 */
export type GroupStateName = ClassicGroupState | 'Assigning' | 'Reconciling';

export type GroupsAction =
  | { readonly type: 'add'; readonly consumer: string }
  /** close(): commit, LeaveGroup, stop. */
  | { readonly type: 'leave'; readonly consumer: string }
  /** The process dies: no LeaveGroup, heartbeats stop. */
  | { readonly type: 'crash'; readonly consumer: string };

export type ConsumerStatus = 'joining' | 'member' | 'left' | 'crashed';

export interface ConsumerSnapshot {
  readonly id: string;
  readonly status: ConsumerStatus;
  /** Where its membership stands on the client (undefined while crashed). */
  readonly phase: MembershipPhase | undefined;
  readonly leader: boolean;
  /** The coordinator still counts it as a member. */
  readonly inGroup: boolean;
  /** The generation it last joined (client side). */
  readonly generationId: number;
  /** Partitions it consumes now (its own view). */
  readonly owned: readonly number[];
  /** While the coordinator still counts it: virtual ms until its session expires without a heartbeat. */
  readonly sessionExpiresInMs: number | undefined;
}

export interface PartitionSnapshot {
  readonly partition: number;
  /** Live consumers that own it now, by their own state (never more than one in a stable generation). */
  readonly consumers: readonly string[];
  /** The consumer the coordinator's current generation assigned it to. */
  readonly assignedTo: string | undefined;
  readonly committed: number | undefined;
  readonly logEndOffset: number;
  readonly lag: number | undefined;
}

export interface GroupsSnapshot {
  readonly seed: number;
  readonly elapsedMs: number;
  readonly assignor: PlaygroundAssignor;
  readonly protocol: GroupProtocol;
  /** undefined until the coordinator has heard of the group. */
  readonly state: GroupStateName | undefined;
  /** The classic generation, or the KIP-848 group epoch. */
  readonly generation: number;
  readonly leader: string | undefined;
  readonly consumers: readonly ConsumerSnapshot[];
  readonly partitions: readonly PartitionSnapshot[];
}

/** The consumer a member id belongs to: ids are "<client.id>-<uuid>" and client.id is the node's name. */
export function consumerOfMember(memberId: string): string {
  return memberId.replace(/-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, '');
}

const GROUP_EVENTS = new Set<string>(['consumer.joined', 'consumer.partitions-assigned', 'consumer.partitions-revoked', 'consumer.group-error', 'node.crashed']);

export class GroupsSimulation extends RecordedSimulation<GroupsAction> {
  /** Every consumer ever added, in order. */
  private readonly added: string[] = [...FIRST_CONSUMERS];
  /** Consumers closed with close(): after LeaveGroup their client state is idle again. */
  private readonly closed = new Set<string>();

  constructor(
    seed: number,
    readonly assignor: PlaygroundAssignor = 'range',
    script: readonly RecordedAction<GroupsAction>[] = [],
    readonly protocol: GroupProtocol = 'classic',
  ) {
    super(seed, (clusterSeed) => buildCluster(clusterSeed, assignor, protocol), script);
    // KIP-848 member ids are bare UUIDs: learn whose they are from the consumers' own events.
    this.cluster.sim.onEvent((event) => {
      if ('memberId' in event && typeof event.memberId === 'string' && event.type.startsWith('consumer.')) this.names.set(event.memberId, event.node);
    });
  }

  /** Member id → consumer, for the trace lines. */
  readonly names = new Map<string, string>();

  get consumerIds(): readonly string[] {
    return this.added;
  }

  /** The consumers still running (neither left nor crashed). */
  get liveConsumers(): string[] {
    return this.added.filter((id) => this.statusOf(id) !== 'left' && this.statusOf(id) !== 'crashed');
  }

  /** Adds the next consumer, c3, c4, ...; false when MAX_CONSUMERS are running or c9 was the last. */
  addConsumer(): boolean {
    if (this.liveConsumers.length >= MAX_CONSUMERS || this.added.length >= MAX_CONSUMERS_EVER) return false;
    this.act({ type: 'add', consumer: `c${this.added.length + 1}` });
    return true;
  }

  leave(consumer: string): boolean {
    if (!this.liveConsumers.includes(consumer)) return false;
    this.act({ type: 'leave', consumer });
    return true;
  }

  crash(consumer: string): boolean {
    if (!this.liveConsumers.includes(consumer)) return false;
    this.act({ type: 'crash', consumer });
    return true;
  }

  protected perform(action: GroupsAction): void {
    if (action.type === 'add') {
      if (!this.added.includes(action.consumer)) this.added.push(action.consumer);
      addConsumerNode(this.cluster, action.consumer, this.assignor, this.protocol);
    } else if (action.type === 'leave') {
      this.closed.add(action.consumer);
      this.cluster.sim.command(action.consumer, { type: 'unsubscribe' });
    }
    else this.cluster.sim.crash(action.consumer);
  }

  /** Steps stop at, and the trace shows, what the group and its members do (not the fetches and produces). */
  protected override worthAStep(event: SimTraceEvent): boolean {
    return event.type.startsWith('group.') || GROUP_EVENTS.has(event.type);
  }

  /** The coordinator's view of the group (classic protocol). */
  group(): ClassicGroup | undefined {
    return this.coordinatorState()?.classicGroups.get(GROUP_ID);
  }

  /** The coordinator's view of the group (KIP-848). */
  consumerGroup(): ConsumerGroup | undefined {
    return this.coordinatorState()?.consumerGroups.get(GROUP_ID);
  }

  private coordinatorState() {
    const coordinator = coordinatorOf(this.cluster, GROUP_ID);
    return coordinator === undefined ? undefined : this.cluster.brokerState(coordinator)?.groupCoordinator;
  }

  /** Who the coordinator counts, with their session deadlines; the group's state, epoch, leader and assignment. */
  private coordinatorView(): {
    state: GroupStateName | undefined;
    generation: number;
    leader: string | undefined;
    sessionDeadlines: Map<string, number>;
    assignedTo: Map<number, string>;
  } {
    const assignedTo = new Map<number, string>();
    if (this.protocol === 'consumer') {
      const group = this.consumerGroup();
      if (group === undefined) return { state: undefined, generation: 0, leader: undefined, sessionDeadlines: new Map(), assignedTo };
      const members = [...group.members.values()];
      const byMemberId = new Map(members.map((member) => [member.memberId, member.clientNode]));
      for (const [memberId, partitions] of group.targetAssignment) {
        const consumer = byMemberId.get(memberId);
        if (consumer !== undefined) for (const tp of partitions) if (tp.topic === GROUP_TOPIC) assignedTo.set(tp.partition, consumer);
      }
      const reconciled = members.every((member) => member.memberEpoch === group.groupEpoch && member.revoking.length === 0 && member.state === 'STABLE');
      const state: GroupStateName = members.length === 0 ? 'Empty' : group.assignmentEpoch < group.groupEpoch ? 'Assigning' : reconciled ? 'Stable' : 'Reconciling';
      return { state, generation: group.groupEpoch, leader: undefined, sessionDeadlines: new Map(members.map((member) => [member.clientNode, member.sessionDeadlineMs])), assignedTo };
    }
    const group = this.group();
    if (group === undefined) return { state: undefined, generation: 0, leader: undefined, sessionDeadlines: new Map(), assignedTo };
    const members = [...group.members.values()];
    if (group.state !== 'PreparingRebalance') {
      for (const member of members) for (const tp of member.assignment) if (tp.topic === GROUP_TOPIC) assignedTo.set(tp.partition, consumerOfMember(member.memberId));
    }
    return {
      state: group.state,
      generation: group.generationId,
      leader: group.leaderId === null ? undefined : consumerOfMember(group.leaderId),
      sessionDeadlines: new Map(members.map((member) => [consumerOfMember(member.memberId), member.sessionDeadlineMs])),
      assignedTo,
    };
  }

  private statusOf(id: string): ConsumerStatus {
    if (!this.cluster.sim.isUp(id)) return 'crashed';
    if (this.closed.has(id)) return 'left';
    const state = this.cluster.sim.stateOf<GroupConsumerState>(id);
    const phase = state?.membership.phase;
    if (phase === 'left') return 'left';
    return phase === 'stable' ? 'member' : 'joining';
  }

  snapshot(): GroupsSnapshot {
    const { state: groupState, generation, leader, sessionDeadlines: sessionDeadline, assignedTo } = this.coordinatorView();
    const inGroup = new Set(sessionDeadline.keys());
    const consumers = this.added.map((id): ConsumerSnapshot => {
      const state = this.cluster.sim.stateOf<GroupConsumerState>(id);
      const owned = state === undefined ? [] : ownership(state).partitions.filter((tp) => tp.topic === GROUP_TOPIC).map((tp) => tp.partition).sort((a, b) => a - b);
      return {
        id,
        status: this.statusOf(id),
        phase: state?.membership.phase,
        leader: id === leader && inGroup.has(id),
        inGroup: inGroup.has(id),
        generationId: state?.membership.generationId ?? -1,
        owned,
        sessionExpiresInMs: sessionDeadline.has(id) ? Math.max(0, sessionDeadline.get(id)! - this.cluster.now) : undefined,
      };
    });
    const committed = new Map(committedOffsetsOf(this.cluster, GROUP_ID).filter((c) => c.topic === GROUP_TOPIC).map((c) => [c.partition, c.offset]));
    const partitions = Array.from({ length: GROUP_PARTITIONS }, (_, partition): PartitionSnapshot => {
      const logEndOffset = this.cluster.leaderLog(GROUP_TOPIC, partition)?.logEndOffset ?? 0;
      return {
        partition,
        consumers: consumers.filter((consumer) => consumer.owned.includes(partition)).map((consumer) => consumer.id),
        assignedTo: assignedTo.get(partition),
        committed: committed.get(partition),
        logEndOffset,
        lag: consumerLag(logEndOffset, committed.get(partition)),
      };
    });
    return {
      seed: this.seed,
      elapsedMs: this.elapsedMs,
      assignor: this.assignor,
      protocol: this.protocol,
      state: groupState,
      generation,
      leader,
      consumers,
      partitions,
    };
  }
}

/** The assignors a protocol offers: the client's (classic) or the coordinator's (KIP-848). */
export function assignorsOf(protocol: GroupProtocol): readonly PlaygroundAssignor[] {
  return protocol === 'classic' ? ASSIGNOR_NAMES : SERVER_ASSIGNORS;
}

export function nextAssignor(assignor: PlaygroundAssignor, protocol: GroupProtocol = 'classic'): PlaygroundAssignor {
  const names = assignorsOf(protocol);
  return names[(names.indexOf(assignor) + 1) % names.length]!;
}

/** Classic: partition.assignment.strategy and session.timeout.ms are the client's. KIP-848: group.remote.assignor; the session timeout is the broker's (45 s too). */
function addConsumerNode(cluster: KafkaCluster, id: string, assignor: PlaygroundAssignor, protocol: GroupProtocol): void {
  const config =
    protocol === 'classic'
      ? { partitionAssignmentStrategy: [assignor], sessionTimeoutMs: SESSION_TIMEOUT_MS }
      : { groupProtocol: 'consumer' as const, groupRemoteAssignor: assignor };
  addGroupConsumer(cluster, id, [GROUP_TOPIC], { groupId: GROUP_ID, autoOffsetReset: 'earliest', ...config });
}

function buildCluster(seed: number, assignor: PlaygroundAssignor, protocol: GroupProtocol): KafkaCluster {
  const cluster = startGroupCluster({ seed, brokers: 1, topics: [{ name: GROUP_TOPIC, partitions: GROUP_PARTITIONS }], maxTraceEvents: 20_000 });
  addProducer(cluster, 'producer');
  let sent = 0;
  const produce = (atMs: number): void =>
    cluster.sim.schedule(atMs, 'produce an order', (sim) => {
      sim.command('producer', { type: 'send', topic: GROUP_TOPIC, key: `order-${sent}`, value: `order-${sent}` });
      sent++;
      produce(atMs + PRODUCE_EVERY_MS);
    });
  produce(cluster.now);
  for (const id of FIRST_CONSUMERS) addConsumerNode(cluster, id, assignor, protocol);
  return cluster;
}
