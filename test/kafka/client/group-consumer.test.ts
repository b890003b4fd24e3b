/**
 * The group consumer on a simulated one-broker cluster: where it starts reading (the committed
 * offset, else auto.offset.reset), what it commits (the next offset to read), lag, a slow member
 * leaving after max.poll.interval.ms, and its configuration checks. kafka-semantics.md 8.2–8.4.
 */
import { describe, expect, it } from 'vitest';
import { createGroupConsumer } from '../../../src/kafka/client/group-consumer.js';
import { KafkaInputError } from '../../../src/kafka/errors.js';
import { consumerLag } from '../../../src/kafka/group/offsets.js';
import { eventsOfType, type TraceEvent } from '../../../src/kafka/trace.js';
import { addGroupConsumer, addProducer, committedOffsetsOf, processedOffsets, startGroupCluster } from '../../../src/sim/cluster/group-cluster.js';
import type { KafkaCluster } from '../../../src/sim/cluster/kafka-cluster.js';

function produce(cluster: KafkaCluster, count: number, from = 0): void {
  for (let i = from; i < from + count; i++) cluster.sim.command('producer', { type: 'send', topic: 'orders', key: null, value: `v${i}`, partition: 0 }, cluster.now + i - from);
}

function oneBroker(seed: number): KafkaCluster {
  const cluster = startGroupCluster({ seed, brokers: 1, topics: [{ name: 'orders', partitions: 1 }], groupCoordinator: { groupInitialRebalanceDelayMs: 0 } });
  addProducer(cluster, 'producer');
  return cluster;
}

const settings = { groupId: 'billing', sessionTimeoutMs: 6_000, heartbeatIntervalMs: 1_000, commitMode: 'after-poll' as const };

describe('the group consumer', () => {
  it('commits the next offset to read; after a crash it resumes from the committed offset, not from the start', () => {
    const cluster = oneBroker(1);
    produce(cluster, 10);
    addGroupConsumer(cluster, 'c1', ['orders'], { ...settings, autoOffsetReset: 'earliest' });
    cluster.runFor(5_000);
    expect(processedOffsets(cluster, 'c1').map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(committedOffsetsOf(cluster, 'billing')).toEqual([{ groupId: 'billing', topic: 'orders', partition: 0, offset: 10 }]);
    expect(consumerLag(cluster.leaderLog('orders', 0)!.highWatermark, 10)).toBe(0);

    cluster.sim.crash('c1');
    produce(cluster, 5, 10);
    cluster.runFor(2_000);
    expect(consumerLag(cluster.leaderLog('orders', 0)!.highWatermark, committedOffsetsOf(cluster, 'billing')[0]!.offset)).toBe(5);
    cluster.sim.restart('c1');
    cluster.runFor(10_000);
    expect(processedOffsets(cluster, 'c1').map((r) => r.offset)).toEqual([10, 11, 12, 13, 14]);
    expect(committedOffsetsOf(cluster, 'billing')[0]!.offset).toBe(15);
  });

  it('a new group with auto.offset.reset=latest starts at the high watermark; earliest starts at the log start', () => {
    const cluster = oneBroker(2);
    produce(cluster, 6);
    cluster.runFor(1_000);
    addGroupConsumer(cluster, 'late', ['orders'], { ...settings, groupId: 'late', autoOffsetReset: 'latest' });
    addGroupConsumer(cluster, 'early', ['orders'], { ...settings, groupId: 'early', autoOffsetReset: 'earliest' });
    cluster.runFor(4_000);
    produce(cluster, 2, 6);
    cluster.runFor(4_000);
    expect(processedOffsets(cluster, 'late').map((r) => r.offset)).toEqual([6, 7]);
    expect(processedOffsets(cluster, 'early').map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('a member that does not poll for max.poll.interval.ms leaves the group; it rejoins as a new member when it polls again', () => {
    const cluster = oneBroker(3);
    addGroupConsumer(cluster, 'slow', ['orders'], { ...settings, autoOffsetReset: 'earliest', maxPollIntervalMs: 8_000 });
    addGroupConsumer(cluster, 'steady', ['orders'], { ...settings, autoOffsetReset: 'earliest' });
    cluster.runFor(3_000);
    cluster.sim.command('slow', { type: 'stall', durationMs: 15_000 });
    cluster.runFor(25_000);
    const trace = cluster.sim.trace as TraceEvent[];
    const left = eventsOfType(trace, 'group.member-removed');
    expect(left.map((e) => e.reason)).toEqual(['left']);
    expect(left[0]!.memberId.startsWith('slow-')).toBe(true);
    const joins = eventsOfType(trace, 'group.member-joined').filter((e) => e.memberId.startsWith('slow-'));
    expect(joins).toHaveLength(2); // a fresh member id the second time
    expect(joins[0]!.memberId).not.toBe(joins[1]!.memberId);
  });

  it.each(['classic', 'consumer'] as const)(
    'close (%s protocol) commits what was processed before it leaves: the commit is answered first, even where the network reorders',
    (groupProtocol) => {
      // KafkaConsumer.close: commitSync (auto-commit) waits for its answer, then LeaveGroup. Sent back
      // to back, the leave could overtake the commit (this network reorders) and the coordinator
      // would refuse the commit of a member it no longer knows.
      for (let seed = 1; seed <= 20; seed++) {
        const cluster = startGroupCluster({ seed, brokers: 1, network: { minDelayMs: 1, maxDelayMs: 40 }, topics: [{ name: 'orders', partitions: 1 }], groupCoordinator: { groupInitialRebalanceDelayMs: 0 } });
        addProducer(cluster, 'producer');
        produce(cluster, 10);
        addGroupConsumer(cluster, 'c1', ['orders'], { groupId: 'billing', groupProtocol, sessionTimeoutMs: 6_000, heartbeatIntervalMs: 1_000, autoOffsetReset: 'earliest' });
        cluster.sim.runUntilCondition(() => processedOffsets(cluster, 'c1').length === 10, 20_000);
        cluster.sim.command('c1', { type: 'unsubscribe' });
        cluster.runFor(2_000);
        const trace = cluster.sim.trace as TraceEvent[];
        expect(eventsOfType(trace, 'consumer.group-error'), `seed ${seed}`).toEqual([]);
        expect(committedOffsetsOf(cluster, 'billing'), `seed ${seed}`).toEqual([{ groupId: 'billing', topic: 'orders', partition: 0, offset: 10 }]);
        expect(eventsOfType(trace, 'group.member-removed').map((e) => e.reason), `seed ${seed}`).toEqual(['left']);
      }
    },
  );

  it.each([
    [{ groupId: '' }, /groupId must be a non-empty string.*INVALID_GROUP_ID/],
    [{ groupId: 'g', partitionAssignmentStrategy: ['sticky-ish'] }, /unknown assignor "sticky-ish"/],
    [{ groupId: 'g', heartbeatIntervalMs: 45_000 }, /heartbeatIntervalMs \(45000\) must be lower than sessionTimeoutMs \(45000\)/],
    [{ groupId: 'g', groupProtocol: 'eager' as never }, /groupProtocol must be "classic" or "consumer"/],
  ])('refuses a bad configuration %j with a clear message', (input, message) => {
    expect(() => createGroupConsumer('c', { bootstrap: ['broker-1'], ...input })).toThrow(KafkaInputError);
    expect(() => createGroupConsumer('c', { bootstrap: ['broker-1'], ...input })).toThrow(message);
  });

  it('defaults are Kafka 4.x: session 45 s, heartbeat 3 s, max.poll.interval 5 min, [range, cooperative-sticky], classic protocol, auto-commit every 5 s', () => {
    const { config } = createGroupConsumer('c', { bootstrap: ['broker-1'], groupId: 'g' });
    expect(config).toMatchObject({
      sessionTimeoutMs: 45_000,
      heartbeatIntervalMs: 3_000,
      maxPollIntervalMs: 300_000,
      partitionAssignmentStrategy: ['range', 'cooperative-sticky'],
      groupProtocol: 'classic',
      commitMode: 'auto',
      autoCommitIntervalMs: 5_000,
    });
    expect(config.fetch.autoOffsetReset).toBe('latest');
  });
});
