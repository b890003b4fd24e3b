/**
 * The KRaft quorum and its active controller, scenario by scenario (semantics 6.2-6.8; KIP-595 for
 * the quorum, KIP-631 for brokers and metadata records, KIP-996 for pre-vote). Each test states the
 * rule it checks and where Kafka states it.
 */
import { describe, expect, it } from 'vitest';
import { KafkaInputError } from '../../../src/kafka/errors.js';
import type { KraftCommand } from '../../../src/kafka/kraft/kraft-node.js';
import { lastPosition } from '../../../src/kafka/kraft/metadata-log.js';
import { eventsOfType, type TraceEvent } from '../../../src/kafka/trace.js';
import { KraftCluster, type KraftClusterOptions } from '../../../src/sim/kraft/kraft-cluster.js';

const FAST_NETWORK = { minDelayMs: 1, maxDelayMs: 5 };

function cluster(options: Partial<KraftClusterOptions> = {}): KraftCluster {
  return new KraftCluster({ seed: 7, controllers: 3, brokers: 3, network: FAST_NETWORK, ...options });
}

function kafkaEvents(c: KraftCluster): TraceEvent[] {
  return c.sim.trace as unknown as TraceEvent[];
}

/** Runs until a controller is active and every broker is unfenced; returns the active controller. */
function settled(c: KraftCluster): number {
  const brokers = c.nodes.filter((node) => node.broker).map((node) => node.id);
  c.sim.runUntilCondition(() => brokers.every((id) => c.unfencedBrokers().includes(id)), 30_000);
  const active = c.activeController();
  expect(active).toBeDefined();
  return active as number;
}

describe('election (KIP-595)', () => {
  it('three voters elect one leader; it opens its epoch with a LeaderChange record and the others follow it', () => {
    const c = cluster({ brokers: 0 });
    const active = c.awaitActiveController(10_000);
    expect(active).toBeDefined();
    const elected = eventsOfType(kafkaEvents(c), 'quorum.elected');
    expect(elected).toHaveLength(1);
    const leader = c.state(active as number);
    expect(leader?.role.kind).toBe('leader');
    expect(leader?.log[0]?.record).toMatchObject({ type: 'LeaderChange', leaderId: active });
    c.sim.runFor(500);
    for (const voter of c.voters) {
      if (voter.id === active) continue;
      expect(c.state(voter.id)?.role).toMatchObject({ kind: 'follower', leaderId: active, epoch: leader?.role.epoch });
    }
  });

  it('an election takes one election timeout: uniform in [1000, 2000) ms with the default controller.quorum.election.timeout.ms', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const c = new KraftCluster({ seed, controllers: 3, brokers: 0, network: FAST_NETWORK });
      c.awaitActiveController(10_000);
      const [first] = eventsOfType(kafkaEvents(c), 'quorum.transition');
      expect(first?.to).toBe('prospective'); // 4.0: pre-vote first (KIP-996)
      expect(first?.at).toBeGreaterThanOrEqual(1_000);
      expect(first?.at).toBeLessThan(2_000);
    }
  });

  it('without pre-vote (Kafka 3.x) the timed-out voter becomes Candidate directly and bumps the epoch', () => {
    const c = cluster({ brokers: 0, quorum: { preVote: false } });
    c.awaitActiveController(10_000);
    const [first] = eventsOfType(kafkaEvents(c), 'quorum.transition');
    expect(first).toMatchObject({ from: 'unattached', to: 'candidate', epoch: 1 });
  });

  it('a single voter elects itself at once (a quorum of one)', () => {
    const c = new KraftCluster({ seed: 3, controllers: 1, brokers: 1, network: FAST_NETWORK });
    expect(settled(c)).toBe(1);
  });
});

describe('brokers and metadata records (KIP-631)', () => {
  it('a broker registers (RegisterBroker; broker epoch = its offset), starts fenced, and is unfenced once it has replayed its registration', () => {
    const c = cluster();
    const active = settled(c);
    const image = c.state(active)?.controller?.latestImage;
    const log = c.state(active)?.log ?? [];
    for (const brokerId of [4, 5, 6]) {
      const broker = image?.brokers.get(brokerId);
      expect(broker?.fenced).toBe(false);
      expect(log[broker?.brokerEpoch ?? -1]?.record).toMatchObject({ type: 'RegisterBroker', brokerId });
      const unfence = log.findIndex((entry) => entry.record.type === 'UnfenceBroker' && entry.record.brokerId === brokerId);
      expect(unfence).toBeGreaterThan(broker?.brokerEpoch ?? Infinity);
    }
  });

  it('brokers follow the metadata log: every broker learns a new topic and its leaders from committed records', () => {
    const c = cluster();
    settled(c);
    expect(c.createTopic({ name: 'orders', numPartitions: 3, replicationFactor: 3 })).toBe(true);
    c.sim.runFor(1_000);
    for (let partition = 0; partition < 3; partition++) {
      const views = [...c.brokerViews('orders', partition).values()];
      expect(views).toHaveLength(3);
      expect(new Set(views.map((view) => JSON.stringify(view))).size).toBe(1);
      expect(views[0]?.leaderEpoch).toBe(0);
    }
  });

  it('a broker silent for broker.session.timeout.ms is fenced; its partitions get a new leader by PartitionChange, leader epoch + 1', () => {
    const c = cluster();
    settled(c);
    c.createTopic({ name: 'orders', numPartitions: 1, replicationFactor: 3, replicaAssignment: [[4, 5, 6]] });
    c.sim.runFor(1_000);
    const crashedAt = c.sim.now;
    c.crash(4);
    c.sim.runFor(12_000);
    const fenced = eventsOfType(kafkaEvents(c), 'broker.fenced').find((event) => event.broker === 4);
    expect(fenced?.reason).toBe('session-timeout');
    // The last heartbeat came at most one interval (2 s) before the crash; the session is 9 s.
    expect((fenced?.at ?? 0) - crashedAt).toBeGreaterThan(9_000 - 2_000 - 1);
    expect((fenced?.at ?? 0) - crashedAt).toBeLessThanOrEqual(9_000 + 10);
    for (const view of c.brokerViews('orders', 0).values()) {
      expect(view).toMatchObject({ leader: 5, leaderEpoch: 1, isr: [5, 6] });
    }
    const active = c.activeController() as number;
    const changes = (c.state(active)?.log ?? []).filter((entry) => entry.record.type === 'PartitionChange');
    expect(changes.map((entry) => entry.record)).toEqual([{ type: 'PartitionChange', topic: 'orders', partition: 0, leader: 5, isr: [5, 6] }]);
  });

  it('a fenced broker that comes back re-registers with a higher broker epoch and is unfenced again', () => {
    const c = cluster();
    settled(c);
    const active = c.activeController() as number;
    const before = c.state(active)?.controller?.latestImage.brokers.get(4)?.brokerEpoch ?? -1;
    c.crash(4);
    c.sim.runFor(12_000);
    c.restart(4);
    c.sim.runFor(5_000);
    const after = c.state(c.activeController() as number)?.controller?.latestImage.brokers.get(4);
    expect(after?.brokerEpoch).toBeGreaterThan(before);
    expect(after?.fenced).toBe(false);
  });
});

describe('controller failover (semantics 6.8)', () => {
  it('kill the active controller: a new one is elected within fetch timeout + election timeouts and already holds every record', () => {
    const c = cluster();
    const active = settled(c);
    c.createTopic({ name: 'orders', numPartitions: 3, replicationFactor: 3 });
    c.sim.runFor(1_000);
    const committed = c.state(active)?.highWatermark ?? 0;
    const committedLog = c.state(active)?.log.slice(0, committed);
    const crashedAt = c.sim.now;
    c.crash(active);
    const next = c.awaitActiveController(10_000);
    expect(next).toBeDefined();
    expect(next).not.toBe(active);
    // fetch timeout (2 s) + one pre-vote and one election, each well under one election timeout here.
    expect(c.sim.now - crashedAt).toBeLessThan(2_000 + 2 * 2_000);
    const state = c.state(next as number);
    expect(state?.log.slice(0, committed)).toEqual(committedLog);
    expect(state?.controller?.latestImage.partitions.size).toBe(3);
  });

  it('combined mode: the dead node was a broker too; it is fenced and the partitions it led move, with leader epoch + 1', () => {
    const c = new KraftCluster({ seed: 11, controllers: 3, brokers: 0, combined: true, network: FAST_NETWORK });
    const active = settled(c);
    const followers = [1, 2, 3].filter((id) => id !== active);
    c.createTopic({ name: 'orders', numPartitions: 1, replicationFactor: 3, replicaAssignment: [[active, ...followers]] });
    c.sim.runFor(1_000);
    c.crash(active);
    c.sim.runFor(15_000);
    const views = [...c.brokerViews('orders', 0).values()];
    expect(views).toHaveLength(2);
    for (const view of views) expect(view).toMatchObject({ leader: followers[0], leaderEpoch: 1 });
  });

  it('two of three voters down: no leader and no new committed record, until one comes back', () => {
    const c = cluster({ brokers: 0 });
    const active = c.awaitActiveController(10_000) as number;
    c.sim.runFor(1_000);
    const others = [1, 2, 3].filter((id) => id !== active);
    const survivor = others[0] as number;
    c.crash(active);
    c.crash(others[1] as number);
    const highWatermark = c.state(survivor)?.highWatermark;
    c.sim.runFor(30_000);
    expect(c.activeController()).toBeUndefined();
    expect(c.state(survivor)?.role.kind).not.toBe('leader');
    expect(c.state(survivor)?.highWatermark).toBe(highWatermark);
    c.restart(others[1] as number);
    expect(c.awaitActiveController(10_000)).toBeDefined();
  });

  it('graceful resignation: EndQuorumEpoch names the most caught-up voter first, and it stands at once', () => {
    const c = cluster({ brokers: 0 });
    const active = c.awaitActiveController(10_000) as number;
    c.sim.runFor(1_000);
    c.sim.command<KraftCommand>(c.address(active), { type: 'resign' });
    const resignedAt = c.sim.now;
    c.sim.runUntilCondition(() => {
      const now = c.activeController();
      return now !== undefined && now !== active;
    }, 10_000);
    expect(c.state(active)?.role.kind).not.toBe('leader');
    expect(c.sim.now - resignedAt).toBeLessThan(500);
  });
});

describe('a voter cut off and back (KIP-996 pre-vote; QuorumState election timers)', () => {
  function isolateFollowerAndReturn(preVote: boolean): { c: KraftCluster; leader: number; epochBefore: number } {
    const c = cluster({ brokers: 0, quorum: { preVote } });
    const leader = c.awaitActiveController(10_000) as number;
    c.sim.runFor(1_000);
    const epochBefore = c.state(leader)?.role.epoch ?? -1;
    const follower = c.voters.map((voter) => voter.id).find((id) => id !== leader) as number;
    c.isolate(follower);
    c.sim.runFor(8_000);
    c.heal();
    c.sim.runFor(8_000);
    return { c, leader, epochBefore };
  }

  it('with pre-vote (Kafka 4.0) the returning voter does not disturb the leader: same leader, same epoch', () => {
    const { c, leader, epochBefore } = isolateFollowerAndReturn(true);
    expect(c.activeController()).toBe(leader);
    expect(c.state(leader)?.role.epoch).toBe(epochBefore);
  });

  it('without pre-vote (3.x) it bumped its epoch while alone, deposes the leader on return, and a new election follows', () => {
    const { c, leader, epochBefore } = isolateFollowerAndReturn(false);
    const active = c.activeController();
    expect(active).toBeDefined();
    expect(c.state(active as number)?.role.epoch).toBeGreaterThan(epochBefore);
    expect(eventsOfType(kafkaEvents(c), 'controller.deactivated').some((event) => event.node === c.address(leader))).toBe(true);
  });
});

describe('quorum size: n voters survive floor((n - 1) / 2) failures (semantics 6.1)', () => {
  function survives(controllers: number, failures: number): boolean {
    const c = new KraftCluster({ seed: 21, controllers, brokers: 0, network: FAST_NETWORK });
    const first = c.awaitActiveController(10_000) as number;
    c.sim.runFor(500);
    const victims = [first, ...c.voters.map((voter) => voter.id).filter((id) => id !== first)].slice(0, failures);
    for (const id of victims) c.crash(id);
    c.sim.runFor(15_000);
    const active = c.activeController();
    return active !== undefined && !victims.includes(active);
  }

  it.each([
    [3, 1, true],
    [3, 2, false],
    [4, 1, true],
    [4, 2, false],
    [5, 2, true],
    [5, 3, false],
  ])('%i voters, %i failed (the leader first): a controller is active again: %s', (controllers, failures, expected) => {
    expect(survives(controllers, failures)).toBe(expected);
  });
});

describe('divergence and truncation (KIP-595 Fetch, DivergingEpoch)', () => {
  it('an isolated leader\'s uncommitted records are truncated when it rejoins, and the new leader\'s records replace them', () => {
    const c = cluster({ brokers: 1 });
    const active = settled(c);
    c.sim.runFor(1_000);
    c.isolate(active);
    c.sim.command<KraftCommand>(c.address(active), { type: 'create-topic', name: 'lost', numPartitions: 1, replicationFactor: 1 });
    c.sim.runFor(10);
    const stale = c.state(active);
    expect(stale?.log.length).toBeGreaterThan(stale?.highWatermark ?? 0);
    c.sim.runFor(6_000);
    const next = c.activeController() as number;
    expect(next).not.toBe(active);
    c.createTopic({ name: 'kept', numPartitions: 1, replicationFactor: 1 });
    c.sim.runFor(500);
    c.heal();
    c.sim.runFor(3_000);
    expect(eventsOfType(kafkaEvents(c), 'quorum.truncated').some((event) => event.node === c.address(active))).toBe(true);
    const rejoined = c.state(active);
    const leader = c.state(next);
    expect(rejoined?.image.topics.has('lost')).toBe(false);
    expect(rejoined?.image.topics.has('kept')).toBe(true);
    expect(lastPosition(rejoined?.log ?? [])).toEqual(lastPosition(leader?.log ?? []));
  });
});

describe('bad input', () => {
  it('an even number of voters is accepted with a warning that says why it is pointless', () => {
    const c = new KraftCluster({ seed: 1, controllers: 4, brokers: 0, network: FAST_NETWORK });
    expect(c.warnings.join(' ')).toMatch(/4 voters is legal but pointless.*majority is 3.*survives 1 failed voter/);
    expect(c.awaitActiveController(10_000)).toBeDefined();
  });

  it('zero voters is accepted with a warning, and indeed nothing is ever elected', () => {
    const c = new KraftCluster({ seed: 1, controllers: 0, brokers: 2, network: FAST_NETWORK });
    expect(c.warnings.join(' ')).toMatch(/no controller can ever be elected/);
    c.sim.runFor(10_000);
    expect(c.activeController()).toBeUndefined();
  });

  it('an unknown node id is a clear error naming the ids that exist', () => {
    const c = cluster();
    expect(() => c.crash(9)).toThrow(KafkaInputError);
    expect(() => c.crash(9)).toThrow('unknown node id 9: this cluster has controllers 1, 2, 3 and broker-only nodes 4, 5, 6.');
  });

  it('bad settings are refused with the setting\'s name', () => {
    expect(() => cluster({ quorum: { electionTimeoutMs: 0 } })).toThrow('controller.quorum.election.timeout.ms must be a whole number >= 1');
    expect(() => cluster({ controllers: -1 })).toThrow('controllers must be a whole number >= 0');
  });
});
