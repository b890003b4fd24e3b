/**
 * The broker in a running cluster: produce with each acks level, min.insync.replicas, the high
 * watermark on leader and followers, what consumers may read, long polls, truncation after a leader
 * change, and the errors a client sees. Sources: Partition.scala, ReplicaManager.scala; semantics
 * sections 4.2, 5.2, 5.3, 5.6, 5.7, 5.8, 5.13.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/kafka/errors.js';
import { brokerNode } from '../../../src/kafka/ids.js';
import { entries } from '../../../src/kafka/log/partition-log.js';
import type { Acks, FetchRequest, Message, ProduceRequest } from '../../../src/kafka/protocol/messages.js';
import { KafkaCluster } from '../../../src/sim/cluster/kafka-cluster.js';
import { rawClient, type RawClientState } from '../../helpers/raw-client.js';

function readyCluster(options: { minInsyncReplicas?: number; seed?: number } = {}) {
  const cluster = new KafkaCluster({ seed: options.seed ?? 1, brokers: 3, network: { minDelayMs: 2, maxDelayMs: 2 } });
  cluster.start();
  cluster.createTopic('orders', 1, 3, { minInsyncReplicas: options.minInsyncReplicas ?? 1 }, [[1, 2, 3]]);
  cluster.runFor(2_000); // leaders take over; every follower's first fetch lands
  cluster.sim.addNode('client', rawClient('client'), []);
  return cluster;
}

let correlationId = 100;
function produce(cluster: KafkaCluster, acks: Acks, values: string[], to = 1): number {
  const request: ProduceRequest = {
    type: 'ProduceRequest',
    correlationId: ++correlationId,
    topic: 'orders',
    partition: 0,
    acks,
    timeoutMs: 30_000,
    records: values.map((value) => ({ key: null, value, timestamp: cluster.now })),
  };
  cluster.sim.command('client', { to: brokerNode(to), message: request });
  return request.correlationId;
}

function consumerFetch(cluster: KafkaCluster, fetchOffset: number, maxWaitMs = 0): number {
  const request: FetchRequest = {
    type: 'FetchRequest',
    correlationId: ++correlationId,
    replicaId: -1,
    brokerEpoch: -1,
    maxWaitMs,
    topic: 'orders',
    partition: 0,
    currentLeaderEpoch: -1,
    fetchOffset,
    lastFetchedEpoch: -1,
    maxRecords: 100,
  };
  cluster.sim.command('client', { to: brokerNode(1), message: request });
  return request.correlationId;
}

function responseTo<T extends Message['type']>(cluster: KafkaCluster, id: number, type: T): Extract<Message, { type: T }> | undefined {
  const received = cluster.sim.stateOf<RawClientState>('client') ?? [];
  return received.find((message): message is Extract<Message, { type: T }> => message.type === type && 'correlationId' in message && message.correlationId === id);
}

const values = (cluster: KafkaCluster, brokerId: number) =>
  entries(cluster.replicaLogs('orders', 0).find((replica) => replica.brokerId === brokerId)!.log).map((entry) => entry.record.value);

describe('produce and acks (semantics 4.2)', () => {
  it('acks=all answers only once every ISR member has the records, with their base offset', () => {
    const cluster = readyCluster();
    const id = produce(cluster, -1, ['a', 'b']);
    cluster.runFor(3);
    expect(responseTo(cluster, id, 'ProduceResponse')).toBeUndefined(); // appended, waiting in purgatory
    cluster.runFor(100);
    expect(responseTo(cluster, id, 'ProduceResponse')).toMatchObject({ error: ErrorCode.NONE, baseOffset: 0 });
    for (const broker of [1, 2, 3]) expect(values(cluster, broker)).toEqual(['a', 'b']);
  });

  it('acks=1 answers as soon as the leader has appended, before any follower fetched', () => {
    const cluster = readyCluster();
    cluster.sim.network.isolate(brokerNode(2));
    cluster.sim.network.isolate(brokerNode(3));
    const id = produce(cluster, 1, ['a']);
    cluster.runFor(10);
    expect(responseTo(cluster, id, 'ProduceResponse')).toMatchObject({ error: ErrorCode.NONE, baseOffset: 0 });
    expect(values(cluster, 2)).toEqual([]);
  });

  it('acks=0 gets no answer at all, yet the record is appended', () => {
    const cluster = readyCluster();
    const id = produce(cluster, 0, ['a']);
    cluster.runFor(100);
    expect(responseTo(cluster, id, 'ProduceResponse')).toBeUndefined();
    expect(values(cluster, 1)).toEqual(['a']);
  });

  it('a produce request sent to a follower gets NOT_LEADER_OR_FOLLOWER; one for an unknown topic gets UNKNOWN_TOPIC_OR_PARTITION', () => {
    const cluster = readyCluster();
    const toFollower = produce(cluster, -1, ['a'], 2);
    cluster.sim.command('client', {
      to: brokerNode(1),
      message: { type: 'ProduceRequest', correlationId: 999, topic: 'nope', partition: 0, acks: -1, timeoutMs: 1_000, records: [{ key: null, value: 'x', timestamp: 0 }] },
    });
    cluster.runFor(50);
    expect(responseTo(cluster, toFollower, 'ProduceResponse')?.error).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    expect(responseTo(cluster, 999, 'ProduceResponse')?.error).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('a batch larger than message.max.bytes is refused with MESSAGE_TOO_LARGE and nothing is written', () => {
    const cluster = readyCluster();
    const id = produce(cluster, -1, ['x'.repeat(1_100_000)]);
    cluster.runFor(50);
    expect(responseTo(cluster, id, 'ProduceResponse')?.error).toBe(ErrorCode.MESSAGE_TOO_LARGE);
    expect(values(cluster, 1)).toEqual([]);
  });

  it('acks=all with the ISR below min.insync.replicas is refused with NOT_ENOUGH_REPLICAS before anything is appended (5.6)', () => {
    const cluster = readyCluster({ minInsyncReplicas: 2 });
    cluster.crashBroker(2);
    cluster.crashBroker(3);
    cluster.runFor(12_000); // both fenced: ISR [1]
    expect(cluster.partition('orders', 0)?.isr).toEqual([1]);
    const all = produce(cluster, -1, ['refused']);
    const one = produce(cluster, 1, ['accepted']);
    cluster.runFor(50);
    expect(responseTo(cluster, all, 'ProduceResponse')?.error).toBe(ErrorCode.NOT_ENOUGH_REPLICAS);
    expect(responseTo(cluster, one, 'ProduceResponse')?.error).toBe(ErrorCode.NONE);
    expect(values(cluster, 1)).toEqual(['accepted']);
  });

  it('acks=all that cannot be committed in time is answered REQUEST_TIMED_OUT', () => {
    const cluster = readyCluster();
    cluster.sim.network.partition([brokerNode(1)], [brokerNode(2)]); // 2 stays in the ISR but cannot fetch
    const id = produce(cluster, -1, ['stuck']);
    cluster.runFor(31_000);
    expect(responseTo(cluster, id, 'ProduceResponse')?.error).toBe(ErrorCode.REQUEST_TIMED_OUT);
  });
});

describe('the high watermark (5.2, 5.3) and what consumers see (5.13)', () => {
  it('consumers only read below the leader high watermark', () => {
    const cluster = readyCluster();
    cluster.sim.network.partition([brokerNode(1)], [brokerNode(2)]); // the HW cannot pass what 2 has
    produce(cluster, 1, ['a', 'b']);
    cluster.runFor(50);
    const fetch = consumerFetch(cluster, 0);
    cluster.runFor(20);
    const response = responseTo(cluster, fetch, 'FetchResponse')!;
    expect(response.error).toBe(ErrorCode.NONE);
    expect(response.highWatermark).toBe(0);
    expect(response.entries).toEqual([]);
  });

  it('since 3.7 the leader HW stays put while the ISR is below min.insync.replicas, even for acks=1 writes (KAFKA-15583)', () => {
    const cluster = readyCluster({ minInsyncReplicas: 2 });
    cluster.crashBroker(2);
    cluster.crashBroker(3);
    cluster.runFor(12_000);
    produce(cluster, 1, ['a']);
    cluster.runFor(1_000);
    const leader = cluster.replicaLogs('orders', 0).find((replica) => replica.brokerId === 1)!.log;
    expect(leader.logEndOffset).toBe(1);
    expect(leader.highWatermark).toBe(0);
  });

  it('followers learn the high watermark from the leader a fetch later, capped by their own log', () => {
    const cluster = readyCluster();
    produce(cluster, -1, ['a', 'b', 'c']);
    cluster.runFor(20);
    const logs = cluster.replicaLogs('orders', 0);
    expect(logs.find((replica) => replica.brokerId === 1)!.log.highWatermark).toBe(3);
    cluster.runFor(1_000);
    for (const { log } of cluster.replicaLogs('orders', 0)) expect(log.highWatermark).toBe(3);
  });

  it('a consumer long poll is answered as soon as the high watermark moves past its offset', () => {
    const cluster = readyCluster();
    const fetch = consumerFetch(cluster, 0, 5_000);
    cluster.runFor(100);
    expect(responseTo(cluster, fetch, 'FetchResponse')).toBeUndefined();
    produce(cluster, -1, ['late']);
    cluster.runFor(100);
    expect(responseTo(cluster, fetch, 'FetchResponse')?.entries.map((entry) => entry.record.value)).toEqual(['late']);
  });
});

describe('leader change and truncation (5.7, 5.8)', () => {
  it('an acks=1 record only the old leader had is truncated when it comes back as a follower (KIP-101)', () => {
    const cluster = readyCluster();
    produce(cluster, -1, ['committed']);
    cluster.runFor(100);
    cluster.sim.network.partition([brokerNode(1), 'client'], [brokerNode(2), brokerNode(3), 'controller']);
    const lost = produce(cluster, 1, ['acknowledged-then-lost']);
    cluster.runFor(12_000); // broker 1 fenced, broker 2 elected
    expect(responseTo(cluster, lost, 'ProduceResponse')?.error).toBe(ErrorCode.NONE);
    expect(cluster.partition('orders', 0)?.leader).toBe(2);
    cluster.heal();
    cluster.runFor(5_000);
    for (const broker of [1, 2, 3]) expect(values(cluster, broker)).toEqual(['committed']);
    expect(cluster.sim.trace.some((event) => event.type === 'log.truncated' && event.broker === 1 && event.toOffset === 1)).toBe(true);
  });

  it('after a restart a broker re-registers, follows the new leader and rejoins the ISR', () => {
    const cluster = readyCluster();
    produce(cluster, -1, ['a']);
    cluster.runFor(100);
    cluster.crashBroker(1);
    cluster.runFor(12_000);
    expect(cluster.partition('orders', 0)).toMatchObject({ leader: 2, leaderEpoch: 1, isr: [2, 3] });
    cluster.restartBroker(1);
    cluster.runFor(2_000);
    expect([...cluster.partition('orders', 0)!.isr].sort()).toEqual([1, 2, 3]);
    expect(values(cluster, 1)).toEqual(['a']);
  });

  it('answers fetches quoting an older leader epoch with FENCED_LEADER_EPOCH and a newer one with UNKNOWN_LEADER_EPOCH (KIP-320)', () => {
    const cluster = readyCluster();
    cluster.crashBroker(1);
    cluster.runFor(12_000); // broker 2 leads in epoch 1
    const base = { type: 'FetchRequest' as const, replicaId: -1, brokerEpoch: -1, maxWaitMs: 0, topic: 'orders', partition: 0, fetchOffset: 0, lastFetchedEpoch: -1, maxRecords: 10 };
    cluster.sim.command('client', { to: brokerNode(2), message: { ...base, correlationId: 501, currentLeaderEpoch: 0 } });
    cluster.sim.command('client', { to: brokerNode(2), message: { ...base, correlationId: 502, currentLeaderEpoch: 5 } });
    cluster.runFor(20);
    expect(responseTo(cluster, 501, 'FetchResponse')?.error).toBe(ErrorCode.FENCED_LEADER_EPOCH);
    expect(responseTo(cluster, 502, 'FetchResponse')?.error).toBe(ErrorCode.UNKNOWN_LEADER_EPOCH);
  });
});

describe('unclean leader election (5.9)', () => {
  it('elects an out-of-sync replica only when the topic allows it, and the new leader reports the partition recovered', () => {
    const cluster = new KafkaCluster({ seed: 2, brokers: 3, network: { minDelayMs: 2, maxDelayMs: 2 } });
    cluster.start();
    cluster.createTopic('orders', 1, 3, { uncleanLeaderElectionEnable: true }, [[1, 2, 3]]);
    cluster.runFor(2_000);
    cluster.sim.network.partition([brokerNode(2), brokerNode(3)], [brokerNode(1), 'controller']);
    cluster.runFor(12_000); // 2 and 3 fenced: ISR [1]
    cluster.crashBroker(1);
    cluster.heal();
    cluster.runFor(12_000); // 1 fenced; 2 and 3 unfenced again
    const state = cluster.partition('orders', 0)!;
    expect(state.leader).toBe(2);
    expect(state.leaderRecoveryState).toBe('RECOVERED');
    expect(cluster.sim.trace.some((event) => event.type === 'leader.elected' && event.reason === 'unclean')).toBe(true);
  });
});

describe('determinism', () => {
  it('the same seed gives the same trace, byte for byte; another seed gives another', () => {
    const run = (seed: number) => {
      const cluster = new KafkaCluster({ seed, brokers: 3, network: { minDelayMs: 1, maxDelayMs: 10 } });
      cluster.start();
      cluster.createTopic('orders', 3, 3, { minInsyncReplicas: 2 });
      cluster.runFor(1_000);
      cluster.crashBroker(1);
      cluster.runFor(15_000);
      return JSON.stringify(cluster.sim.trace);
    };
    expect(run(42)).toBe(run(42));
    expect(run(42)).not.toBe(run(43));
  });
});
