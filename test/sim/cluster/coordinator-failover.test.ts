/**
 * The coordinator is just the leader of a __consumer_offsets partition: when its broker crashes,
 * the partition's new leader becomes the coordinator, replays the replicated commit records, and
 * the group goes on from its committed offsets (kafka-semantics.md 8.1, 8.2).
 */
import { describe, expect, it } from 'vitest';
import { OFFSETS_TOPIC } from '../../../src/kafka/group/coordinator-config.js';
import { parseOffsetCommitRecord } from '../../../src/kafka/group/offsets.js';
import { entries } from '../../../src/kafka/log/partition-log.js';
import { eventsOfType, type TraceEvent } from '../../../src/kafka/trace.js';
import { addGroupConsumer, addProducer, committedOffsetsOf, coordinatorOf, processedOffsets, startGroupCluster } from '../../../src/sim/cluster/group-cluster.js';

describe('coordinator failover', () => {
  it.each([1, 2, 3])('seed %i: a new coordinator loads the commits from __consumer_offsets and the group resumes where it was', (seed) => {
    const cluster = startGroupCluster({ seed, brokers: 3, topics: [{ name: 'orders', partitions: 2, replicationFactor: 3 }], offsetsPartitions: 3, groupCoordinator: { groupInitialRebalanceDelayMs: 0 } });
    addProducer(cluster, 'producer', { acks: -1 });
    for (let i = 0; i < 20; i++) cluster.sim.command('producer', { type: 'send', topic: 'orders', key: null, value: `v${i}`, partition: i % 2 }, cluster.now + 10 * i);
    addGroupConsumer(cluster, 'c1', ['orders'], { groupId: 'billing', autoOffsetReset: 'earliest', commitMode: 'after-poll', sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1_000 });
    cluster.runFor(8_000);
    const before = coordinatorOf(cluster, 'billing')!;
    const committedBefore = committedOffsetsOf(cluster, 'billing').map((c) => c.offset).sort();
    expect(committedBefore).toEqual([10, 10]);
    // The commit records are replicated like any record: every replica holds them.
    const partition = cluster.brokerState(before)!.groupCoordinator.loaded.keys().next().value!;
    for (const { log } of cluster.replicaLogs(OFFSETS_TOPIC, partition)) {
      expect(entries(log).map((e) => parseOffsetCommitRecord(e.record)?.groupId)).toContain('billing');
    }

    cluster.crashBroker(before);
    cluster.runFor(30_000);
    const after = coordinatorOf(cluster, 'billing');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(committedOffsetsOf(cluster, 'billing').map((c) => c.offset).sort()).toEqual([10, 10]);
    // The member found the new coordinator and rejoined; it reprocessed nothing.
    const trace = cluster.sim.trace as TraceEvent[];
    expect(eventsOfType(trace, 'consumer.group-error').some((e) => e.error === 16 || e.error === 25)).toBe(true);
    const offsets = processedOffsets(cluster, 'c1').map((r) => `${r.partition}@${r.offset}`);
    expect(new Set(offsets).size).toBe(offsets.length);
    expect(offsets).toHaveLength(20);
  });
});
