/**
 * One consumer-group experiment: a one-broker cluster, a 4-partition topic with some records, one or
 * two groups of consumers, a schedule of joins, leaves, crashes, restarts, stalls (slow members) and
 * isolations (network faults); then a liveness phase (network healed, crashed members restarted)
 * and the checks. Property tests run thousands of these; the bench counts their rebalances.
 *
 * The named promises (kafka-semantics.md 11, invariants 18, 21, 22 and the seed's group rules):
 * - everyPartitionOneOwner: in every Stable generation no partition is given to two members; with an
 *   eager assignor every partition is given to exactly one (cooperative-sticky may withhold a
 *   partition for one round while its old owner revokes it); after the liveness phase, exactly one.
 * - noTwoOwnersInOneGeneration: at no instant do two live members of the same generation own the
 *   same partition (their own, client-side view), checked after every simulated step.
 * - everyRecordProcessed: with commits of processed positions only, every record below the high
 *   watermark is processed at least once across crashes.
 * - groupsIndependent: a group's committed offsets come only from its own members, and each group
 *   ends having committed the high watermark of every partition.
 */
import type { Assignor } from '../../kafka/group/assignor.js';
import type { AssignorName } from '../../kafka/group/assignor-registry.js';
import { rebalanceProtocolOf } from '../../kafka/group/assignor-registry.js';
import type { CommitMode, GroupProtocol } from '../../kafka/client/group-consumer-config.js';
import type { Violation } from '../../kafka/invariants/invariant.js';
import type { Mechanisms } from '../../kafka/mechanisms.js';
import { topicPartitionKey } from '../../kafka/ids.js';
import { eventsOfType, type TraceEvent } from '../../kafka/trace.js';
import type { KafkaCluster } from './kafka-cluster.js';
import { addGroupConsumer, addProducer, committedOffsetsOf, coordinatorOf, memberOwnership, startGroupCluster } from './group-cluster.js';

export type GroupActionKind = 'join' | 'leave' | 'crash' | 'restart' | 'stall' | 'isolate' | 'heal';

export interface GroupAction {
  readonly atMs: number;
  readonly kind: GroupActionKind;
  /** Which member (index into the group's pool of members). */
  readonly member: number;
  /** Which group (0 or 1). */
  readonly group: number;
  /** For stall: how long the application stops polling. */
  readonly durationMs: number;
}

export interface GroupRunOptions {
  readonly seed: number;
  readonly assignor: AssignorName;
  readonly groups: 1 | 2;
  /** Members per group that subscribe at time 0 (at least 1); the pool holds `poolSize`. */
  readonly initialMembers: number;
  readonly poolSize: number;
  readonly schedule: readonly GroupAction[];
  readonly records: number;
  readonly dropProbability?: number;
  readonly maxDelayMs?: number;
  readonly commitMode?: CommitMode;
  /** group.protocol: classic (default) or consumer (KIP-848; `assignor` is then ignored: the coordinator's uniform assignor runs). */
  readonly groupProtocol?: GroupProtocol;
  /** The lab seam: the group leader runs these instead of the reference assignors. */
  readonly assignors?: Partial<Record<AssignorName, Assignor>>;
  /** Or through the cluster's mechanisms (`{ rangeAssignor: mine }`), as lab tests build clusters. */
  readonly mechanisms?: Partial<Mechanisms>;
  /** How long the schedule may run (faults happen here). Default 15 s. */
  readonly horizonMs?: number;
  /** The healed phase that must end in a settled group. Default 30 s. */
  readonly livenessMs?: number;
  /** Off by default: the checks use event listeners, which are cheaper than a kept trace. */
  readonly recordTrace?: boolean;
}

export interface GroupRunResult {
  readonly violation: Violation | undefined;
  readonly rebalances: number;
  readonly cluster: KafkaCluster;
}

export const TOPIC = 'orders';
export const PARTITIONS = 4;
export const SESSION_TIMEOUT_MS = 6_000;
export const MAX_POLL_INTERVAL_MS = 10_000;

export const groupName = (group: number): string => `group-${group}`;
export const memberNode = (group: number, member: number): string => `g${group}-c${member}`;

export function runGroupCheck(options: GroupRunOptions): GroupRunResult {
  const horizonMs = options.horizonMs ?? 15_000;
  const livenessMs = options.livenessMs ?? 30_000;
  const cluster = startGroupCluster({
    seed: options.seed,
    brokers: 1,
    topics: [{ name: TOPIC, partitions: PARTITIONS }],
    // Short broker-side timeouts for the consumer protocol too (Kafka's minimum session is 45 s), so runs stay short.
    groupCoordinator: { groupInitialRebalanceDelayMs: 0, groupConsumerSessionTimeoutMs: SESSION_TIMEOUT_MS, groupConsumerHeartbeatIntervalMs: 2_000 },
    // A one-broker cluster: slower broker heartbeats change nothing here and keep runs cheap.
    broker: { brokerHeartbeatIntervalMs: 4_000 },
    network: { minDelayMs: 1, maxDelayMs: options.maxDelayMs ?? 10, dropProbability: 0 },
    recordTrace: options.recordTrace ?? false,
    ...(options.mechanisms !== undefined && { mechanisms: options.mechanisms }),
  });
  const { sim } = cluster;
  const origin = cluster.now;
  // Packet loss starts once the cluster is set up (set-up is not what these runs test).
  sim.network.configure({ dropProbability: options.dropProbability ?? 0 });
  const added = new Set<string>();
  const monitor = new GroupMonitor(cluster, options, added);
  sim.onEvent((event) => monitor.observe(event as TraceEvent));
  // Ownership changes only when a member steps.
  sim.onStep((_sim, node) => {
    if (node !== undefined && added.has(node)) monitor.checkOwnership();
    else if (node === 'broker-1' && options.groupProtocol === 'consumer') monitor.checkCoordinatorView();
  });

  addProducer(cluster, 'producer', { acks: -1, lingerMs: 0 });
  for (let i = 0; i < options.records; i++) sim.command('producer', { type: 'send', topic: TOPIC, key: `k${i}`, value: `v${i}` }, origin + 20 * i);

  const join = (group: number, member: number, atMs: number): void => {
    const id = memberNode(group, member);
    if (added.has(id)) {
      sim.command(id, { type: 'subscribe', topics: [TOPIC] }, atMs);
      return;
    }
    added.add(id);
    addGroupConsumer(cluster, id, [TOPIC], {
      groupId: groupName(group),
      autoOffsetReset: 'earliest',
      partitionAssignmentStrategy: [options.assignor],
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: 2_000,
      maxPollIntervalMs: MAX_POLL_INTERVAL_MS,
      pollIntervalMs: 2_000,
      fetchMaxWaitMs: 4_000,
      requestTimeoutMs: 5_000,
      commitMode: options.commitMode ?? 'after-poll',
      groupProtocol: options.groupProtocol ?? 'classic',
      ...(options.assignors !== undefined && { assignors: options.assignors }),
    }, atMs);
  };
  for (let group = 0; group < options.groups; group++) {
    for (let member = 0; member < options.initialMembers; member++) join(group, member, origin);
  }
  for (const action of options.schedule) {
    const at = origin + Math.min(action.atMs, horizonMs);
    const group = action.group % options.groups;
    const id = memberNode(group, action.member);
    sim.schedule(at, `${action.kind} ${id}`, () => {
      if (action.kind === 'join') return join(group, action.member, sim.now);
      if (!added.has(id)) return;
      switch (action.kind) {
        case 'leave':
          if (sim.isUp(id)) sim.command(id, { type: 'unsubscribe' });
          return;
        case 'crash':
          if (sim.isUp(id)) sim.crash(id);
          return;
        case 'restart':
          if (!sim.isUp(id)) sim.restart(id);
          return;
        case 'stall':
          if (sim.isUp(id)) sim.command(id, { type: 'stall', durationMs: action.durationMs });
          return;
        case 'isolate':
          sim.network.isolate(id);
          return;
        case 'heal':
          sim.network.heal();
          return;
      }
    });
  }
  // The faults end with the schedule's last action (at most horizonMs in).
  const lastActionMs = Math.min(horizonMs, Math.max(0, ...options.schedule.map((action) => action.atMs)));
  cluster.runUntil(origin + lastActionMs + 1);
  // Liveness: faults end; every member that was ever added is up and subscribed.
  sim.network.heal();
  sim.network.configure({ dropProbability: 0 });
  for (const id of added) {
    if (!sim.isUp(id)) sim.restart(id);
    sim.command(id, { type: 'subscribe', topics: [TOPIC] });
  }
  // Until the groups have settled (checked every half second), for at most livenessMs.
  const end = sim.now + livenessMs;
  while (sim.now < end && monitor.violation === undefined && monitor.unsettled() !== undefined) cluster.runUntil(Math.min(end, sim.now + 500));
  const violation = monitor.violation ?? monitor.unsettled();
  return { violation, rebalances: monitor.rebalances, cluster };
}

class GroupMonitor {
  violation: Violation | undefined;
  rebalances = 0;
  private readonly processed = new Map<string, Set<string>>(); // group → "orders-2@5"
  private readonly lastStable = new Map<string, Readonly<Record<string, readonly string[]>>>();
  private readonly cooperative: boolean;
  /** Member id → the group of the consumer node that used it. */
  private readonly memberGroups = new Map<string, string>();

  constructor(
    private readonly cluster: KafkaCluster,
    private readonly options: GroupRunOptions,
    private readonly added: ReadonlySet<string>,
  ) {
    this.cooperative = rebalanceProtocolOf(options.assignor) === 'COOPERATIVE';
  }

  private fail(invariant: string, message: string): void {
    this.violation ??= { invariant, message: `${message} (t=${this.cluster.now}ms, seed=${this.options.seed})` };
  }

  observe(event: TraceEvent): void {
    switch (event.type) {
      case 'group.stable': {
        this.rebalances++;
        this.lastStable.set(event.groupId, event.assignment);
        const owners = new Map<string, string>();
        for (const [member, partitions] of Object.entries(event.assignment)) {
          for (const key of partitions) {
            const other = owners.get(key);
            if (other !== undefined) this.fail('everyPartitionOneOwner', `${event.groupId} generation ${event.generationId} gives ${key} to ${other} and ${member}`);
            owners.set(key, member);
          }
        }
        if (!this.cooperative && Object.keys(event.assignment).length > 0 && owners.size !== PARTITIONS) {
          this.fail('everyPartitionOneOwner', `${event.groupId} generation ${event.generationId} leaves partitions without an owner: ${JSON.stringify(event.assignment)}`);
        }
        return;
      }
      case 'consumer.polled': {
        const group = event.node.startsWith('g1-') ? groupName(1) : groupName(0);
        const set = this.processed.get(group) ?? new Set<string>();
        event.values.forEach((_, index) => set.add(`${event.topic}-${event.partition}@${event.fromOffset + index}`));
        this.processed.set(group, set);
        return;
      }
      case 'consumer.joined':
      case 'consumer.partitions-assigned':
        this.memberGroups.set(event.memberId, event.node.startsWith('g1-') ? groupName(1) : groupName(0));
        return;
      case 'offset.committed': {
        const from = this.memberGroups.get(event.memberId);
        if (from !== event.groupId) this.fail('groupsIndependent', `${event.groupId} took a commit from ${event.memberId}, a member of ${String(from)}`);
        return;
      }
      default:
        return;
    }
  }

  /** noTwoOwnersInOneGeneration, from every live member's own view. */
  checkOwnership(): void {
    if (this.violation !== undefined) return;
    for (let group = 0; group < this.options.groups; group++) {
      const owners = new Map<string, string>();
      for (let member = 0; member < this.options.poolSize; member++) {
        const id = memberNode(group, member);
        if (!this.added.has(id)) continue;
        const owned = memberOwnership(this.cluster, id);
        if (owned === undefined || owned.generationId < 0) continue;
        for (const tp of owned.partitions) {
          const key = `${topicPartitionKey(tp)}@${owned.generationId}`;
          const other = owners.get(key);
          if (other !== undefined) this.fail('noTwoOwnersInOneGeneration', `${other} and ${id} both own ${topicPartitionKey(tp)} in generation ${owned.generationId}`);
          owners.set(key, id);
        }
      }
    }
  }

  /**
   * KIP-848 (invariant 21): in the coordinator's view no partition is held (assigned or being
   * revoked) by two members at once, and no member's epoch is ahead of the group epoch.
   */
  checkCoordinatorView(): void {
    if (this.violation !== undefined) return;
    const coordinator = this.cluster.brokerState(1)?.groupCoordinator;
    if (coordinator === undefined) return;
    for (const group of coordinator.consumerGroups.values()) {
      const holders = new Map<string, string>();
      for (const member of group.members.values()) {
        if (member.memberEpoch > group.groupEpoch) this.fail('memberEpochWithinGroupEpoch', `${member.memberId} is at epoch ${member.memberEpoch}, past the group epoch ${group.groupEpoch}`);
        for (const tp of [...member.assigned, ...member.revoking]) {
          const key = topicPartitionKey(tp);
          const other = holders.get(key);
          if (other !== undefined) this.fail('noTwoOwnersInOneGeneration', `the coordinator has ${key} held by ${other} and ${member.memberId} at once`);
          holders.set(key, member.memberId);
        }
      }
    }
  }

  /** What is not settled yet (the first problem), or undefined once every group is done. */
  unsettled(): Violation | undefined {
    let problem: Violation | undefined;
    const fail = (invariant: string, message: string): void => {
      problem ??= { invariant, message: `${message} (t=${this.cluster.now}ms, seed=${this.options.seed})` };
    };
    for (let group = 0; group < this.options.groups && problem === undefined; group++) {
      const name = groupName(group);
      const last = this.lastStable.get(name);
      const given = last === undefined ? [] : Object.values(last).flat();
      const coordinator = coordinatorOf(this.cluster, name);
      const coordinatorState = coordinator === undefined ? undefined : this.cluster.brokerState(coordinator)?.groupCoordinator;
      let groupState: string | undefined = coordinatorState?.classicGroups.get(name)?.state;
      if (this.options.groupProtocol === 'consumer') {
        // Settled: every member STABLE at the group epoch, every partition held by exactly one.
        const modern = coordinatorState?.consumerGroups.get(name);
        const members = modern === undefined ? [] : [...modern.members.values()];
        groupState = members.length > 0 && members.every((m) => m.state === 'STABLE' && m.memberEpoch === modern!.groupEpoch) ? 'Stable' : 'reconciling';
        given.splice(0, given.length, ...members.flatMap((m) => m.assigned.map(topicPartitionKey)));
      }
      if (groupState !== 'Stable' || new Set(given).size !== PARTITIONS || given.length !== PARTITIONS) {
        fail('everyPartitionOneOwner', `after the liveness phase ${name} has not settled (${String(groupState)}): ${JSON.stringify(last)}`);
      }
      const committed = new Map(committedOffsetsOf(this.cluster, name).map((c) => [c.partition, c.offset]));
      for (let partition = 0; partition < PARTITIONS; partition++) {
        const hw = this.cluster.leaderLog(TOPIC, partition)?.highWatermark ?? 0;
        for (let offset = 0; offset < hw; offset++) {
          if (!this.processed.get(name)?.has(`${TOPIC}-${partition}@${offset}`)) {
            fail('everyRecordProcessed', `${name} never processed ${TOPIC}-${partition} offset ${offset} (HW ${hw})`);
          }
        }
        if (hw > 0 && committed.get(partition) !== hw) {
          fail('groupsIndependent', `${name} ends with ${TOPIC}-${partition} committed at ${String(committed.get(partition))}, not the HW ${hw}`);
        }
      }
    }
    return problem;
  }
}

/** How many Stable generations a traced run went through (for the tutor and the bench). */
export function stableGenerations(trace: readonly TraceEvent[]): number {
  return eventsOfType(trace, 'group.stable').length;
}
