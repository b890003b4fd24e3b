/**
 * Fetching from the closest replica (KIP-392) on a simulated 3-broker cluster, one broker per rack:
 * a consumer with client.rack is sent by the leader to the in-sync follower of its rack, reads
 * everything from there (never past that follower's high watermark), and goes back to the leader
 * when the follower dies. Without the rack-aware selector, or without client.rack, every fetch goes
 * to the leader. kafka-semantics.md 5.12, 10 item 7.
 */
import { describe, expect, it } from 'vitest';
import { createConsumer, delivered, type ConsumerState } from '../../../src/kafka/client/consumer.js';
import { createProducer } from '../../../src/kafka/client/producer.js';
import type { BrokerConfig } from '../../../src/kafka/config.js';
import { brokerNode } from '../../../src/kafka/ids.js';
import { eventsOfType, type TraceEvent } from '../../../src/kafka/trace.js';
import { KafkaCluster } from '../../../src/sim/cluster/kafka-cluster.js';

function cluster(broker: Partial<BrokerConfig>, clientRack: string | undefined, seed = 1): KafkaCluster {
  const c = new KafkaCluster({ seed, brokers: 3, broker: { brokerRacks: { 1: 'rack-a', 2: 'rack-b', 3: 'rack-c' }, ...broker } });
  c.start();
  c.createTopic('orders', 1, 3, {}, [[1, 2, 3]]);
  c.runFor(3_000);
  const bootstrap = [1, 2, 3].map(brokerNode);
  const producer = createProducer('p', { bootstrap, acks: -1 });
  c.sim.addNode('p', producer.machine, producer.initialState);
  const consumer = createConsumer('c', { bootstrap, autoOffsetReset: 'earliest', pollIntervalMs: 100, ...(clientRack !== undefined && { clientRack }) });
  c.sim.addNode('c', consumer.machine, consumer.initialState);
  c.sim.command('c', { type: 'assign', partitions: [{ topic: 'orders', partition: 0 }] });
  for (let i = 0; i < 30; i++) c.sim.command('p', { type: 'send', topic: 'orders', key: null, value: `v${i}` }, c.now + 50 * i);
  return c;
}

const rackAware: Partial<BrokerConfig> = { replicaSelector: 'rack-aware' };
/** The broker of every fetch the consumer sends, in order (watched after each of its steps). */
function fetchTargets(c: KafkaCluster): Array<{ at: number; broker: number }> {
  const targets: Array<{ at: number; broker: number }> = [];
  let last: number | undefined;
  c.sim.onStep((sim, node) => {
    if (node !== 'c') return;
    const request = sim.stateOf<ConsumerState>('c')?.assignment.get('orders-0')?.request;
    if (request?.kind === 'fetch' && request.correlationId !== last) {
      last = request.correlationId;
      targets.push({ at: sim.now, broker: request.broker });
    }
  });
  return targets;
}

const values = (c: KafkaCluster): string[] => delivered(c.sim.stateOf<ConsumerState>('c')!).map((r) => r.record.value);

describe('follower fetching (KIP-392)', () => {
  it.each([1, 2, 3])('seed %i: the leader sends a rack-b consumer to broker 2, which serves every record', (seed) => {
    const c = cluster(rackAware, 'rack-b', seed);
    const targets = fetchTargets(c);
    c.runFor(10_000);
    const chosen = eventsOfType(c.sim.trace as TraceEvent[], 'consumer.read-replica-chosen');
    expect(chosen.map((e) => [e.broker, e.leader])).toEqual([[2, 1]]);
    expect(values(c)).toEqual(Array.from({ length: 30 }, (_, i) => `v${i}`));
    // Every fetch after the redirect went to broker 2.
    const after = targets.filter((t) => t.at > chosen[0]!.at);
    expect(after.length).toBeGreaterThan(5);
    expect(new Set(after.map((t) => t.broker))).toEqual(new Set([2]));
  });

  it('without the rack-aware selector, or without client.rack, or in the leader\'s rack, it reads from the leader', () => {
    for (const [broker, rack] of [[{}, 'rack-b'], [rackAware, undefined], [rackAware, 'rack-a']] as const) {
      const c = cluster(broker, rack);
      c.runFor(10_000);
      expect(eventsOfType(c.sim.trace as TraceEvent[], 'consumer.read-replica-chosen')).toEqual([]);
      expect(values(c)).toHaveLength(30);
    }
  });

  it('when the preferred follower crashes, the consumer goes back to the leader and loses nothing', () => {
    const c = cluster(rackAware, 'rack-b', 4);
    c.runFor(600);
    c.crashBroker(2);
    c.runFor(40_000);
    expect(values(c)).toEqual(Array.from({ length: 30 }, (_, i) => `v${i}`));
  });
});
