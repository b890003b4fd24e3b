/**
 * Bad input gets a message naming what is wrong, and nothing crashes the simulator silently.
 */
import { describe, expect, it } from 'vitest';
import { createProducer } from '../../../src/kafka/client/producer.js';
import { failedRecords, type ProducerState } from '../../../src/kafka/client/producer-state.js';
import { ErrorCode } from '../../../src/kafka/errors.js';
import { brokerNode } from '../../../src/kafka/ids.js';
import { partitionForKey } from '../../../src/kafka/partitioning/partitioner.js';
import { KafkaCluster } from '../../../src/sim/cluster/kafka-cluster.js';

function cluster(): KafkaCluster {
  const c = new KafkaCluster({ seed: 5, brokers: 3 });
  c.start();
  return c;
}

const rejections = (c: KafkaCluster) => c.sim.trace.flatMap((event) => (event.type === 'input.rejected' ? [event.reason] : []));

describe('bad input', () => {
  it('a negative or zero partition count is refused, naming the value', () => {
    expect(() => partitionForKey(new Uint8Array([1]), -1)).toThrow(/positive integer, got -1/);
    const c = cluster();
    c.createTopic('orders', -1, 3);
    c.createTopic('orders', 0, 3);
    c.runFor(10);
    expect(rejections(c).join('\n')).toMatch(/orders.*INVALID_PARTITIONS/);
    expect(c.partition('orders', 0)).toBeUndefined();
  });

  it('a replication factor larger than the cluster is refused', () => {
    const c = cluster();
    c.createTopic('orders', 1, 4);
    c.runFor(10);
    expect(rejections(c).join('\n')).toMatch(/INVALID_REPLICATION_FACTOR/);
  });

  it('a cluster needs 1 to 16 brokers', () => {
    expect(() => new KafkaCluster({ seed: 1, brokers: 0 })).toThrow(/between 1 and 16 brokers, got 0/);
  });

  it('records for an unknown topic fail with UNKNOWN_TOPIC_OR_PARTITION once max.block.ms runs out; a record too large fails at once with MESSAGE_TOO_LARGE', () => {
    const c = cluster();
    const producer = createProducer('p', { bootstrap: [brokerNode(1)], maxBlockMs: 5_000 });
    c.sim.addNode('p', producer.machine, producer.initialState);
    c.sim.command('p', { type: 'send', topic: 'no-such-topic', key: null, value: 'x' });
    c.createTopic('orders', 1, 3);
    c.sim.command('p', { type: 'send', topic: 'orders', key: null, value: 'y'.repeat(2_000_000) });
    c.runFor(6_000);
    const failed = failedRecords(c.sim.stateOf<ProducerState>('p')!);
    expect(failed.map((record) => [record.topic, record.error])).toEqual(
      expect.arrayContaining([
        ['orders', ErrorCode.MESSAGE_TOO_LARGE],
        ['no-such-topic', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
      ]),
    );
  });

  it('a node that throws stops the run with its name, the input and the seed to replay', () => {
    const c = cluster();
    c.sim.addNode('broken', { step: () => { throw new Error('boom'); }, persisted: () => null, restart: () => null }, null);
    expect(() => c.runFor(10)).toThrow(/broken.*boom[\s\S]*seed=5/);
  });
});
