/**
 * The same failure in both modes, same seed (semantics 6.8, 7.1, 7.3): kill the node that is the
 * active controller (and a broker). The figures are what the simulator measures with each mode's
 * default timeouts; the assertions state why each figure is what it is, not a copied number.
 * ZooKeeper mode was removed in Kafka 4.0; the model exists for this comparison.
 */
import { describe, expect, it } from 'vitest';
import { eventsOfType, type TraceEvent } from '../../../src/kafka/trace.js';
import { runKraftFailover } from '../../../src/sim/kraft/kraft-failover.js';
import { runZkFailover } from '../../../src/sim/zookeeper/zk-failover.js';
import { ZkCluster } from '../../../src/sim/zookeeper/zk-cluster.js';
import { ZK_TICK_MS } from '../../../src/kafka/zookeeper/zookeeper-server.js';

describe('ZooKeeper-mode model', () => {
  it('exactly one broker wins the /controller race and the controller epoch is bumped once', () => {
    const cluster = new ZkCluster({ seed: 4, brokers: 3, partitions: 3, network: { minDelayMs: 1, maxDelayMs: 10 } });
    cluster.sim.runFor(2_000);
    const elected = eventsOfType(cluster.sim.trace as unknown as TraceEvent[], 'zk.controller-elected');
    expect(elected).toHaveLength(1);
    expect(elected[0]?.controllerEpoch).toBe(1);
    expect(cluster.activeController()).toBeDefined();
    for (const id of cluster.brokerIds) expect(cluster.state(id)?.partitions.size).toBe(3);
  });

  it('a crashed controller is noticed only when ZooKeeper expires its session (18 s, rounded up to a 2 s tick)', () => {
    const { times, cluster } = runZkFailover({ seed: 5 });
    const expired = eventsOfType(cluster.sim.trace as unknown as TraceEvent[], 'zk.session-expired');
    expect(expired).toHaveLength(1);
    expect([...(expired[0]?.ephemeralsDeleted ?? [])].sort()).toEqual([`/brokers/ids/${times.crashedNode}`, '/controller']);
    expect((expired[0]?.at ?? 0) % ZK_TICK_MS).toBe(0);
    // The last ping came at most a third of the session timeout before the crash.
    expect(times.newControllerMs).toBeGreaterThan(18_000 - 6_000);
    expect(times.newControllerMs).toBeLessThan(18_000 + ZK_TICK_MS + 1_000);
  });

  it('a broker that dies (not the controller) loses its /brokers/ids znode at session expiry; the controller\'s watch fires and its partitions move', () => {
    const cluster = new ZkCluster({ seed: 3, brokers: 3, partitions: 6, network: { minDelayMs: 1, maxDelayMs: 10 } });
    cluster.sim.runFor(3_000);
    const controller = cluster.activeController() as number;
    const victim = cluster.brokerIds.find((id) => id !== controller) as number;
    const crashedAt = cluster.sim.now;
    cluster.crash(victim);
    cluster.sim.runFor(25_000);
    const events = cluster.sim.trace as unknown as TraceEvent[];
    const expired = eventsOfType(events, 'zk.session-expired');
    expect(expired.map((event) => event.ephemeralsDeleted)).toEqual([[`/brokers/ids/${victim}`]]);
    const moved = eventsOfType(events, 'leader.elected').filter((event) => event.at > crashedAt);
    expect(moved.length).toBeGreaterThan(0);
    for (const event of moved) expect(event).toMatchObject({ previousLeader: victim, leaderEpoch: 1 });
    expect(moved[0]?.at).toBeGreaterThanOrEqual(expired[0]?.at ?? Infinity);
    for (const id of cluster.brokerIds.filter((broker) => broker !== victim)) {
      for (const partition of cluster.state(id)?.partitions.values() ?? []) {
        expect(partition.leader).not.toBe(victim);
        expect(partition.isr).not.toContain(victim);
      }
    }
  });

  it('the new controller reads every partition state from ZooKeeper first, so more partitions mean a slower takeover', () => {
    const few = runZkFailover({ seed: 6, partitions: 6, recordTrace: true });
    const many = runZkFailover({ seed: 6, partitions: 600, recordTrace: true });
    const loadOf = (run: typeof few): { loadMs: number; znodesRead: number } => {
      const [active] = eventsOfType(run.cluster.sim.trace as unknown as TraceEvent[], 'zk.controller-active').filter((event) => event.controllerEpoch === 2);
      return { loadMs: active?.loadMs ?? 0, znodesRead: active?.znodesRead ?? 0 };
    };
    // /controller_epoch, /brokers/ids, /brokers/topics, the topic, then one state znode per partition.
    expect(loadOf(few).znodesRead).toBe(4 + 6);
    expect(loadOf(many).znodesRead).toBe(4 + 600);
    expect(loadOf(many).loadMs).toBeGreaterThan(5 * loadOf(few).loadMs);
  });
});

describe('kill the active controller: KRaft and ZooKeeper mode, same seed', () => {
  it('KRaft has a new active controller in seconds, ZooKeeper mode after the session timeout; partitions move sooner in KRaft too', () => {
    for (const seed of [1, 2, 3]) {
      const kraft = runKraftFailover({ seed, recordTrace: false }).times;
      const zookeeper = runZkFailover({ seed, recordTrace: false }).times;
      expect(kraft.partitionsToMove).toBeGreaterThan(0);
      expect(zookeeper.partitionsToMove).toBeGreaterThan(0);
      // KRaft: fetch timeout (2 s) + election; the standby already holds the metadata in memory.
      expect(kraft.newControllerMs).toBeLessThan(6_000);
      // ZooKeeper mode: session expiry (18 s) + reading the metadata back from ZooKeeper.
      expect(zookeeper.newControllerMs).toBeGreaterThan(12_000);
      expect((kraft.newControllerMs ?? Infinity) * 3).toBeLessThan(zookeeper.newControllerMs ?? 0);
      // Partitions: KRaft waits broker.session.timeout.ms (9 s) after activation; ZooKeeper mode moves
      // them as soon as the new controller has loaded, since the broker's znode went with the session.
      expect(kraft.firstNewPartitionLeaderMs).toBeLessThan(zookeeper.firstNewPartitionLeaderMs ?? 0);
    }
  });
});
