/**
 * Automatic preferred-leader balancing (semantics 5.10): a broker that crashed and came back leads
 * its preferred partitions again at the next leader.imbalance.check.interval (300 s), once it is
 * back in their ISR; with auto.leader.rebalance.enable=false leadership stays where failover put it.
 */
import { describe, expect, it } from 'vitest';
import { eventsOfType, type TraceEvent } from '../../../src/kafka/trace.js';
import { KafkaCluster } from '../../../src/sim/cluster/kafka-cluster.js';

function clusterAfterBrokerOneCameBack(autoLeaderRebalanceEnable: boolean): KafkaCluster {
  const cluster = new KafkaCluster({ seed: 3, brokers: 3, controller: { autoLeaderRebalanceEnable } });
  cluster.start();
  // Broker 1 is the preferred leader of orders-0 and orders-3.
  cluster.createTopic('orders', 6, 3, {}, [[1, 2, 3], [2, 3, 1], [3, 1, 2], [1, 3, 2], [2, 1, 3], [3, 2, 1]]);
  cluster.runFor(5_000);
  cluster.crashBroker(1);
  cluster.runFor(20_000);
  cluster.restartBroker(1);
  cluster.runFor(40_000); // registered, unfenced and back in every ISR
  return cluster;
}

describe('automatic leader balancing', () => {
  it('gives a returning broker its preferred partitions back at the next check, as a preferred election', () => {
    const cluster = clusterAfterBrokerOneCameBack(true);
    expect(cluster.partition('orders', 0)?.leader).not.toBe(1);
    expect(cluster.partition('orders', 0)?.isr).toContain(1);
    cluster.runFor(300_000);
    expect([0, 1, 2, 3, 4, 5].map((p) => cluster.partition('orders', p)?.leader)).toEqual([1, 2, 3, 1, 2, 3]);
    const elections = eventsOfType(cluster.sim.trace as TraceEvent[], 'leader.elected').filter((e) => e.leader === 1 && e.at > 60_000);
    expect(elections.map((e) => [e.partition, e.reason])).toEqual([
      [0, 'preferred'],
      [3, 'preferred'],
    ]);
  });

  it('with auto.leader.rebalance.enable=false leadership stays where the failover put it', () => {
    const cluster = clusterAfterBrokerOneCameBack(false);
    cluster.runFor(300_000);
    expect(cluster.partition('orders', 0)?.leader).not.toBe(1);
    expect(cluster.partition('orders', 3)?.leader).not.toBe(1);
  });
});
