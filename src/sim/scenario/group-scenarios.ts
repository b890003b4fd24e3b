/**
 * The consumer-group stories the tutor animates, as named runs on a simulated cluster (one broker
 * is enough: the story is the group, not replication). Each returns the cluster, the time the group
 * started, and the moments worth pointing at. Facts: kafka-semantics.md 8.3 (session.timeout.ms
 * 45 s by default), 8.4 (join, sync, generations), 8.5 (range).
 *
 * - third-consumer-joins: c1 and c2 share orders (4 partitions, range: 2 + 2); c3 joins: every
 *   member rejoins (eager), generation 2 gives 2 + 1 + 1.
 * - consumer-crash: three members; c1's process dies. Nobody notices until its session times out
 *   (45 s of virtual time after its last heartbeat); then c2 and c3 share its partitions.
 * - more-consumers-than-partitions: five members on four partitions: one stays idle, and takes over
 *   at once when another leaves.
 */
import type { KafkaCluster } from '../cluster/kafka-cluster.js';
import { addGroupConsumer, addProducer, memberOwnership, startGroupCluster } from '../cluster/group-cluster.js';
import { eventsOfType, type TraceEvent } from '../../kafka/trace.js';

export interface GroupScenarioRun {
  readonly name: string;
  readonly cluster: KafkaCluster;
  /** When the first consumer subscribed: the story's time 0. */
  readonly originMs: number;
  /** Times (relative to originMs) of the moments the story is about. */
  readonly moments: ReadonlyArray<{ readonly atMs: number; readonly what: string }>;
}

export interface GroupScenario {
  readonly name: string;
  readonly description: string;
  run(seed?: number): GroupScenarioRun;
}

const TOPIC = 'orders';
const GROUP = 'order-processors';

function setUp(seed: number): { cluster: KafkaCluster; originMs: number } {
  const cluster = startGroupCluster({ seed, brokers: 1, topics: [{ name: TOPIC, partitions: 4 }] });
  const originMs = cluster.now;
  addProducer(cluster, 'producer');
  // A steady trickle of keyed orders, so every partition has something to read.
  for (let i = 0; i < 120; i++) cluster.sim.command('producer', { type: 'send', topic: TOPIC, key: `order-${i}`, value: `order-${i}` }, originMs + 250 * i);
  return { cluster, originMs };
}

const member = (cluster: KafkaCluster, id: string, atMs: number, groupProtocol: 'classic' | 'consumer' = 'classic'): void =>
  addGroupConsumer(cluster, id, [TOPIC], { groupId: GROUP, autoOffsetReset: 'earliest', groupProtocol }, atMs);

function stableAt(cluster: KafkaCluster, originMs: number, generationId: number): number | undefined {
  const event = eventsOfType(cluster.sim.trace as TraceEvent[], 'group.stable').find((e) => e.groupId === GROUP && e.generationId === generationId);
  return event === undefined ? undefined : event.at - originMs;
}

export const thirdConsumerJoins: GroupScenario = {
  name: 'third-consumer-joins',
  description: 'A third consumer joins a group of two on a 4-partition topic: everyone rejoins, range gives 2 + 1 + 1',
  run(seed = 1) {
    const { cluster, originMs } = setUp(seed);
    member(cluster, 'c1', originMs);
    member(cluster, 'c2', originMs);
    member(cluster, 'c3', originMs + 10_000);
    cluster.runUntil(originMs + 20_000);
    return {
      name: this.name,
      cluster,
      originMs,
      moments: [
        { atMs: stableAt(cluster, originMs, 1) ?? -1, what: 'generation 1: c1 and c2 own two partitions each' },
        { atMs: 10_000, what: 'c3 subscribes: the coordinator starts a rebalance' },
        { atMs: stableAt(cluster, originMs, 2) ?? -1, what: 'generation 2: 2 + 1 + 1' },
      ],
    };
  },
};

export const consumerCrash: GroupScenario = {
  name: 'consumer-crash',
  description: "One of three consumers crashes: its partitions wait until its session times out (45 s), then move",
  run(seed = 1) {
    const { cluster, originMs } = setUp(seed);
    for (const id of ['c1', 'c2', 'c3']) member(cluster, id, originMs);
    const crashAtMs = 10_000;
    cluster.sim.schedule(originMs + crashAtMs, 'crash c1', (sim) => sim.crash('c1'));
    cluster.runUntil(originMs + 70_000);
    const removed = eventsOfType(cluster.sim.trace as TraceEvent[], 'group.member-removed').find((e) => e.reason === 'session-timeout');
    return {
      name: this.name,
      cluster,
      originMs,
      moments: [
        { atMs: stableAt(cluster, originMs, 1) ?? -1, what: 'generation 1: 2 + 1 + 1' },
        { atMs: crashAtMs, what: 'c1 crashes: its partitions are read by nobody' },
        { atMs: removed === undefined ? -1 : removed.at - originMs, what: "the coordinator drops c1: no heartbeat for session.timeout.ms" },
        { atMs: stableAt(cluster, originMs, 2) ?? -1, what: 'generation 2: c2 and c3 share the four partitions' },
      ],
    };
  },
};

export const moreConsumersThanPartitions: GroupScenario = {
  name: 'more-consumers-than-partitions',
  description: 'Five consumers on four partitions: one stays idle, and takes over when another leaves',
  run(seed = 1) {
    const { cluster, originMs } = setUp(seed);
    for (const id of ['c1', 'c2', 'c3', 'c4', 'c5']) member(cluster, id, originMs);
    cluster.sim.command('c1', { type: 'unsubscribe' }, originMs + 15_000);
    cluster.runUntil(originMs + 25_000);
    return {
      name: this.name,
      cluster,
      originMs,
      moments: [
        { atMs: stableAt(cluster, originMs, 1) ?? -1, what: 'generation 1: four members own one partition each, one is idle' },
        { atMs: 15_000, what: 'c1 leaves the group (LeaveGroup): no waiting for a session timeout' },
        { atMs: stableAt(cluster, originMs, 2) ?? -1, what: 'generation 2: the idle member has work' },
      ],
    };
  },
};

/**
 * The same arrival under the consumer protocol (KIP-848): no barrier, no leader. The coordinator
 * bumps the group epoch and computes a new target (uniform: sticky); only the member that must
 * give a partition up revokes it, and c3 gets it on its next heartbeat after it is released.
 * Nobody else stops consuming.
 */
export const thirdConsumerJoinsKip848: GroupScenario = {
  name: 'third-consumer-joins-kip848',
  description: 'The same arrival under group.protocol=consumer (KIP-848): only the partition that moves is revoked',
  run(seed = 1) {
    const { cluster, originMs } = setUp(seed);
    member(cluster, 'c1', originMs, 'consumer');
    member(cluster, 'c2', originMs, 'consumer');
    member(cluster, 'c3', originMs + 10_000, 'consumer');
    cluster.runUntil(originMs + 25_000);
    const trace = cluster.sim.trace as TraceEvent[];
    const bump = eventsOfType(trace, 'group.epoch-bumped').find((e) => e.at - originMs >= 10_000);
    const revoked = eventsOfType(trace, 'consumer.partitions-revoked').find((e) => e.at - originMs >= 10_000);
    const c3Gets = eventsOfType(trace, 'consumer.partitions-assigned').find((e) => e.node === 'c3' && e.partitions.length > 0);
    return {
      name: this.name,
      cluster,
      originMs,
      moments: [
        { atMs: 10_000, what: 'c3 sends its first ConsumerGroupHeartbeat (epoch 0)' },
        { atMs: bump === undefined ? -1 : bump.at - originMs, what: 'the group epoch goes up; the coordinator computes the new target' },
        { atMs: revoked === undefined ? -1 : revoked.at - originMs, what: 'one member revokes the one partition that moves; the others keep everything' },
        { atMs: c3Gets === undefined ? -1 : c3Gets.at - originMs, what: 'c3 receives the released partition' },
      ],
    };
  },
};

export const groupScenarios: readonly GroupScenario[] = [thirdConsumerJoins, consumerCrash, moreConsumersThanPartitions, thirdConsumerJoinsKip848];

/** Who owns what now: member node → partitions ("orders-0"), for the live members. */
export function ownershipTable(run: GroupScenarioRun, members: readonly string[]): Record<string, string[]> {
  const table: Record<string, string[]> = {};
  for (const id of members) {
    const owned = memberOwnership(run.cluster, id);
    if (owned !== undefined) table[id] = owned.partitions.map((tp) => `${tp.topic}-${tp.partition}`);
  }
  return table;
}
