/** Fault schedules: the faults in force at any moment are exactly those of the active episodes. */
import { describe, expect, it } from 'vitest';
import { brokerNode, CONTROLLER_NODE } from '../../../src/kafka/ids.js';
import { applySchedule } from '../../../src/sim/cluster/faults.js';
import { KafkaCluster } from '../../../src/sim/cluster/kafka-cluster.js';

function startedCluster(): KafkaCluster {
  const cluster = new KafkaCluster({ seed: 3, brokers: 3 });
  cluster.start();
  return cluster;
}

describe('applySchedule with overlapping episodes', () => {
  it('the end of one isolation does not heal another that is still active', () => {
    const cluster = startedCluster();
    const origin = cluster.now;
    applySchedule(cluster, [
      { kind: 'isolate', broker: 1, startMs: 0, durationMs: 10_000 },
      { kind: 'lose-controller', broker: 2, startMs: 2_000, durationMs: 2_000 },
    ], origin);
    cluster.runUntil(origin + 3_000);
    expect(cluster.sim.network.isLinkCut(brokerNode(2), CONTROLLER_NODE)).toBe(true);
    cluster.runUntil(origin + 5_000);
    expect(cluster.sim.network.isLinkCut(brokerNode(1), brokerNode(3))).toBe(true);
    expect(cluster.sim.network.isLinkCut(brokerNode(2), CONTROLLER_NODE)).toBe(false);
    cluster.runUntil(origin + 10_000);
    expect(cluster.sim.network.hasCutLinks).toBe(false);
  });

  it('a broker stays down while any crash episode of it is active', () => {
    const cluster = startedCluster();
    const origin = cluster.now;
    applySchedule(cluster, [
      { kind: 'crash', broker: 1, startMs: 0, durationMs: 10_000 },
      { kind: 'crash', broker: 1, startMs: 2_000, durationMs: 2_000 },
    ], origin);
    cluster.runUntil(origin + 5_000);
    expect(cluster.sim.isUp(brokerNode(1))).toBe(false);
    cluster.runUntil(origin + 10_000);
    expect(cluster.sim.isUp(brokerNode(1))).toBe(true);
  });
});
