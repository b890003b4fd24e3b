/**
 * The producer machine, driven directly: the test is the clock and the brokers.
 * Section numbers refer to /work/shared/kafka-semantics.md.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/kafka/errors.js';
import {
  acknowledged,
  createProducer,
  failedRecords,
  pendingRecords,
  type ProducerCommand,
  type ProducerConfigInput,
  type ProducerState,
} from '../../../src/kafka/client/index.js';
import { recordSizeInBytes } from '../../../src/kafka/log/record.js';
import type { RandomSource } from '../../../src/kafka/step.js';
import { scriptedRandom } from '../../helpers/scripted-random.js';
import {
  Driver,
  eventsOf,
  messagesOf,
  metadataResponse,
  midpointRandom,
  noRandom,
  onlyMessage,
  produceResponse,
  type TopicLayoutSpec,
} from './harness.js';

const BOOTSTRAP = ['broker-1', 'broker-2', 'broker-3'];

function producer(config: Partial<ProducerConfigInput> = {}, random: RandomSource = noRandom): Driver<ProducerState, ProducerCommand> {
  const { machine, initialState } = createProducer('producer-1', { bootstrap: BOOTSTRAP, ...config });
  return new Driver(machine, initialState, random);
}

/** Started at 0 ms, first metadata answered at once with `layout`. */
function readyProducer(
  layout: TopicLayoutSpec,
  config: Partial<ProducerConfigInput> = {},
  random: RandomSource = noRandom,
): Driver<ProducerState, ProducerCommand> {
  const driver = producer(config, random);
  const request = onlyMessage(driver.start(), 'MetadataRequest');
  driver.reply(request, metadataResponse(request.message, layout));
  return driver;
}

function send(value: string, key: string | null = null, extra: { partition?: number; topic?: string } = {}): ProducerCommand {
  return { type: 'send', topic: extra.topic ?? 'orders', key, value, ...(extra.partition !== undefined && { partition: extra.partition }) };
}

/** A value whose record is exactly `bytes` long (keyless). */
function valueOfSize(bytes: number, label: string): string {
  const value = label.padEnd(bytes - 10, '.');
  expect(recordSizeInBytes({ key: null, value, timestamp: 0 })).toBe(bytes);
  return value;
}

describe('producer: metadata first (3.1, 4)', () => {
  it('asks a bootstrap broker for metadata and holds records until the topic is known', () => {
    const driver = producer({}, scriptedRandom([0]));
    const metadata = onlyMessage(driver.command(send('a')), 'MetadataRequest');
    expect(messagesOf(driver.start(), 'MetadataRequest')).toHaveLength(0); // one request at a time
    expect(metadata.to).toBe('broker-1');
    expect(metadata.message.topics).toEqual(['orders']);
    expect(pendingRecords(driver.state).map((record) => record.stage)).toEqual(['awaiting-metadata']);

    const step = driver.reply(metadata, metadataResponse(metadata.message, { orders: [1, 2, 3] }));
    expect(eventsOf(step, 'produce.partitioned')).toHaveLength(1);
    expect(messagesOf(step, 'ProduceRequest')).toHaveLength(0); // lingering
    expect(step.wakeAt).toBe(5); // linger.ms = 5 (4.0, KIP-1030)
  });

  it('asks again, at the next broker, when a metadata request gets no answer within request.timeout.ms', () => {
    // The failed request's backoff is jittered (KIP-580); the midpoint draw gives the nominal 100 ms.
    const driver = producer({ requestTimeoutMs: 1_000, deliveryTimeoutMs: 5_000 }, midpointRandom);
    const first = onlyMessage(driver.start(), 'MetadataRequest');
    expect(first.to).toBe('broker-1');
    expect(driver.lastStep().wakeAt).toBe(1_000);
    expect(messagesOf(driver.at(1_000).wake(), 'MetadataRequest')).toHaveLength(0); // backing off
    expect(driver.lastStep().wakeAt).toBe(1_100);
    const second = onlyMessage(driver.at(1_100).wake(), 'MetadataRequest');
    expect(second.to).toBe('broker-2');
    // The late answer to the first request is stale and ignored.
    driver.reply(first, metadataResponse(first.message, { orders: [1] }));
    expect(driver.state.metadata.view.topics.size).toBe(0);
  });

  it('fails records with UNKNOWN_TOPIC_OR_PARTITION when the topic stays unknown for max.block.ms', () => {
    const driver = readyProducer({}, { maxBlockMs: 1_000 });
    // A topic new to the producer is asked about at once (requestUpdateForNewTopics skips the backoff)...
    const first = onlyMessage(driver.at(10).command(send('lost')), 'MetadataRequest');
    expect(first.message.topics).toEqual(['orders']);
    driver.reply(first, metadataResponse(first.message, { orders: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }));
    // ...and then again, spaced by retry.backoff.ms, while it stays unknown.
    expect(messagesOf(driver.at(109).wake(), 'MetadataRequest')).toHaveLength(0);
    const retry = onlyMessage(driver.at(110).wake(), 'MetadataRequest');
    driver.reply(retry, metadataResponse(retry.message, { orders: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }));
    expect(pendingRecords(driver.state)).toHaveLength(1);
    const step = driver.at(1_010).wake();
    expect(eventsOf(step, 'produce.failed')).toEqual([
      expect.objectContaining({ error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, values: ['lost'], willRetry: false }),
    ]);
    expect(pendingRecords(driver.state)).toEqual([]);
  });
});

describe('producer: partitioning (3.1, 3.3, 10 items 1-2)', () => {
  it('sends a keyed record to toPositive(murmur2(key)) % n: "user-123" → partition 2 of 3', () => {
    const driver = readyProducer({ orders: [1, 2, 3] });
    const step = driver.command(send('v', 'user-123'));
    expect(eventsOf(step, 'produce.partitioned')).toEqual([
      expect.objectContaining({ partition: 2, reason: 'key', murmur2: -1468255980, key: 'user-123' }),
    ]);
  });

  it('keeps a keyed record on its partition while that partition has no leader: it waits, never re-routed', () => {
    const driver = readyProducer({ orders: [1, 2, -1] });
    expect(eventsOf(driver.command(send('v', 'user-123')), 'produce.partitioned')[0]!.partition).toBe(2);
    // Linger passes, but partition 2 has no leader: nothing is sent; fresh metadata is asked for.
    expect(messagesOf(driver.at(5).wake(), 'ProduceRequest')).toHaveLength(0);
    const refresh = onlyMessage(driver.at(100).wake(), 'MetadataRequest');
    const step = driver.reply(refresh, metadataResponse(refresh.message, { orders: [1, 2, [3, 1]] }));
    const produce = onlyMessage(step, 'ProduceRequest');
    expect(produce.to).toBe('broker-3');
    expect(produce.message.partition).toBe(2);
  });

  it('uses a learner partitionForKey over ALL partitions (the lab seam)', () => {
    const seen: number[] = [];
    const driver = readyProducer({ orders: [1, -1, -1, -1] }, {
      partitionForKey: (_bytes, numPartitions) => {
        seen.push(numPartitions);
        return 3;
      },
    });
    expect(eventsOf(driver.command(send('v', 'k')), 'produce.partitioned')[0]!.partition).toBe(3);
    expect(seen).toEqual([4]);
  });

  it('refuses a record when partitionForKey returns a partition that does not exist', () => {
    const driver = readyProducer({ orders: [1, 2] }, { partitionForKey: () => 7 });
    const step = driver.command(send('v', 'k'));
    expect(eventsOf(step, 'input.rejected')[0]!.reason).toMatch(/partitionForKey returned 7/);
    expect(pendingRecords(driver.state)).toEqual([]);
  });

  it('uses an explicit partition as given, and refuses one the topic does not have', () => {
    const driver = readyProducer({ orders: [1, 2, 3] });
    expect(eventsOf(driver.command(send('v', 'user-123', { partition: 0 })), 'produce.partitioned')[0]).toMatchObject({
      partition: 0,
      reason: 'explicit',
      murmur2: undefined,
    });
    expect(eventsOf(driver.command(send('v', null, { partition: 3 })), 'input.rejected')[0]!.reason).toMatch(/not in the range \[0\.\.\.3\)/);
    expect(eventsOf(driver.command(send('v', null, { partition: -1 })), 'input.rejected')[0]!.reason).toMatch(/non-negative integer/);
  });

  it('built-in sticky: keyless records stick to one partition until batch.size bytes, then switch', () => {
    const random = scriptedRandom([1, 2]);
    const driver = readyProducer({ orders: [1, 2, 3] }, { batchSize: 100 }, random);
    const partitions: number[] = [];
    for (let index = 0; index < 6; index++) {
      const step = driver.at(index).command(send(valueOfSize(25, `r${index}`)));
      partitions.push(eventsOf(step, 'produce.partitioned')[0]!.partition);
      expect(eventsOf(step, 'produce.partitioned')[0]!.reason).toBe('sticky');
    }
    // 4 × 25 bytes = batch.size: the batch is full, so the partitioner draws again (uniformly over 3).
    expect(partitions).toEqual([1, 1, 1, 1, 2, 2]);
    expect(random.bounds).toEqual([3, 3]);
  });

  it('built-in sticky: draws only among partitions that have a leader', () => {
    const random = scriptedRandom([0]);
    const driver = readyProducer({ orders: [-1, 2, -1] }, { partitionerAdaptivePartitioningEnable: false }, random);
    expect(eventsOf(driver.command(send('v')), 'produce.partitioned')[0]!.partition).toBe(1);
    expect(random.bounds).toEqual([1]);
  });

  it('legacy round-robin (before 2.4, KafkaJS): keyless records go 0, 1, 2, 0 over available partitions', () => {
    const driver = readyProducer({ orders: [1, 2, 3] }, { keylessPartitioning: 'legacy-round-robin' });
    const partitions = ['a', 'b', 'c', 'd'].map((value) => {
      const event = eventsOf(driver.command(send(value)), 'produce.partitioned')[0]!;
      expect(event.reason).toBe('round-robin');
      return event.partition;
    });
    expect(partitions).toEqual([0, 1, 2, 0]);
  });
});

describe('producer: batching (3.3, 4.1)', () => {
  it('linger.ms: a batch that is not full waits 5 ms before it is sent', () => {
    const driver = readyProducer({ orders: [1] });
    const first = driver.at(10).command(send('a'));
    expect(messagesOf(first, 'ProduceRequest')).toHaveLength(0);
    expect(first.wakeAt).toBe(15);
    expect(messagesOf(driver.at(12).command(send('b')), 'ProduceRequest')).toHaveLength(0);
    expect(messagesOf(driver.at(14).wake(), 'ProduceRequest')).toHaveLength(0);
    const produce = onlyMessage(driver.at(15).wake(), 'ProduceRequest');
    expect(produce.message.records.map((record) => record.value)).toEqual(['a', 'b']);
    expect(produce.message.records[0]!.timestamp).toBe(10); // CreateTime: the send() time
  });

  it('a full batch goes at once, without waiting for linger.ms', () => {
    const driver = readyProducer({ orders: [1] }, { batchSize: 50 });
    expect(messagesOf(driver.command(send(valueOfSize(25, 'a'))), 'ProduceRequest')).toHaveLength(0);
    const produce = onlyMessage(driver.command(send(valueOfSize(25, 'b'))), 'ProduceRequest');
    expect(produce.message.records).toHaveLength(2);
  });

  it('flush makes every record sent so far ready at once', () => {
    const driver = readyProducer({ orders: [1] }, { lingerMs: 1_000 });
    driver.command(send('a'));
    const produce = onlyMessage(driver.command({ type: 'flush' }), 'ProduceRequest');
    expect(produce.message.records.map((record) => record.value)).toEqual(['a']);
  });

  it('sends one request per partition at a time; the next batch waits for the answer', () => {
    const driver = readyProducer({ orders: [1] });
    driver.command(send('a'));
    const first = onlyMessage(driver.at(5).wake(), 'ProduceRequest');
    driver.at(6).command(send('b'));
    expect(messagesOf(driver.at(20).wake(), 'ProduceRequest')).toHaveLength(0);
    const second = onlyMessage(driver.reply(first, produceResponse(first.message, ErrorCode.NONE, 0)), 'ProduceRequest');
    expect(second.message.records.map((record) => record.value)).toEqual(['b']);
  });
});

describe('producer: acks (4.2)', () => {
  it('acks=all: the request carries acks=-1 and timeoutMs; NONE acknowledges each record at its offset', () => {
    const driver = readyProducer({ orders: [2] });
    driver.command(send('a'));
    driver.command(send('b'));
    const produce = onlyMessage(driver.at(5).wake(), 'ProduceRequest');
    expect(produce.to).toBe('broker-2');
    expect(produce.message).toMatchObject({ acks: -1, timeoutMs: 30_000, topic: 'orders', partition: 0 });
    expect(eventsOf(driver.lastStep(), 'produce.sent')).toEqual([expect.objectContaining({ broker: 2, records: 2, acks: -1, attempt: 1 })]);

    const step = driver.at(9).reply(produce, produceResponse(produce.message, ErrorCode.NONE, 7));
    expect(eventsOf(step, 'produce.acknowledged')).toEqual([expect.objectContaining({ baseOffset: 7, values: ['a', 'b'], acks: -1 })]);
    expect(acknowledged(driver.state).map((record) => [record.value, record.offset])).toEqual([
      ['a', 7],
      ['b', 8],
    ]);
    expect(pendingRecords(driver.state)).toEqual([]);
  });

  it('acks=0: acknowledged with offset -1 as soon as it is sent, without any response', () => {
    const driver = readyProducer({ orders: [1] }, { acks: 0 });
    driver.command(send('a'));
    const step = driver.at(5).wake();
    expect(onlyMessage(step, 'ProduceRequest').message.acks).toBe(0);
    expect(eventsOf(step, 'produce.acknowledged')).toEqual([expect.objectContaining({ baseOffset: -1, values: ['a'], acks: 0 })]);
    expect(acknowledged(driver.state)[0]!.offset).toBe(-1);
    // Nothing is in flight: the next batch does not wait for an answer that never comes.
    driver.command(send('b'));
    expect(messagesOf(driver.at(10).wake(), 'ProduceRequest')).toHaveLength(1);
  });

  it('accepts "all" as a spelling of acks=-1', () => {
    expect(createProducer('p', { bootstrap: BOOTSTRAP, acks: 'all' }).config.acks).toBe(-1);
  });
});

describe('producer: retries (4.1, 4.3, 5.6)', () => {
  it('NOT_LEADER_OR_FOLLOWER: refreshes metadata and retries to the new leader, the failed batch before later ones', () => {
    const driver = readyProducer({ orders: [1] }, {}, midpointRandom);
    driver.command(send('a'));
    const first = onlyMessage(driver.at(5).wake(), 'ProduceRequest');
    driver.at(6).command(send('b')); // a later batch of the same partition

    const failed = driver.at(10).reply(first, produceResponse(first.message, ErrorCode.NOT_LEADER_OR_FOLLOWER));
    expect(eventsOf(failed, 'produce.failed')).toEqual([
      expect.objectContaining({ error: ErrorCode.NOT_LEADER_OR_FOLLOWER, values: ['a'], willRetry: true }),
    ]);
    expect(messagesOf(failed, 'ProduceRequest')).toHaveLength(0);

    const refresh = onlyMessage(driver.at(100).wake(), 'MetadataRequest');
    driver.reply(refresh, metadataResponse(refresh.message, { orders: [[2, 1]] }));
    const retry = onlyMessage(driver.at(110).wake(), 'ProduceRequest'); // retry.backoff.ms after the failure
    expect(retry.to).toBe('broker-2');
    expect(retry.message.records.map((record) => record.value)).toEqual(['a']);
    expect(eventsOf(driver.lastStep(), 'produce.sent')[0]!.attempt).toBe(2);

    const next = onlyMessage(driver.reply(retry, produceResponse(retry.message, ErrorCode.NONE, 0)), 'ProduceRequest');
    expect(next.message.records.map((record) => record.value)).toEqual(['b']);
    driver.reply(next, produceResponse(next.message, ErrorCode.NONE, 1));
    expect(acknowledged(driver.state).map((record) => [record.value, record.offset])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
  });

  it('NOT_ENOUGH_REPLICAS (19) is retried after retry.backoff.ms, to the same leader', () => {
    const driver = readyProducer({ orders: [1] }, {}, midpointRandom);
    driver.command(send('a'));
    const first = onlyMessage(driver.at(5).wake(), 'ProduceRequest');
    const failed = driver.at(7).reply(first, produceResponse(first.message, ErrorCode.NOT_ENOUGH_REPLICAS));
    expect(eventsOf(failed, 'produce.failed')[0]).toMatchObject({ error: ErrorCode.NOT_ENOUGH_REPLICAS, willRetry: true });
    expect(failed.wakeAt).toBe(107);
    const retry = onlyMessage(driver.at(107).wake(), 'ProduceRequest');
    expect(retry.to).toBe('broker-1');
    expect(retry.message.records.map((record) => record.value)).toEqual(['a']);
  });

  it('no response within request.timeout.ms: retried as NETWORK_EXCEPTION; the late answer is ignored', () => {
    const driver = readyProducer({ orders: [1] }, {}, midpointRandom);
    driver.command(send('a'));
    const first = onlyMessage(driver.at(5).wake(), 'ProduceRequest');
    expect(driver.lastStep().wakeAt).toBe(30_005);
    const timedOut = driver.at(30_005).wake();
    expect(eventsOf(timedOut, 'produce.failed')[0]).toMatchObject({ error: ErrorCode.NETWORK_EXCEPTION, willRetry: true });
    const retry = onlyMessage(driver.at(30_105).wake(), 'ProduceRequest');
    expect(retry.message.correlationId).not.toBe(first.message.correlationId);
    // The first request's answer arrives late: stale, ignored. (It may have been appended: without
    // idempotence the retry can write the record twice, 4.3.)
    const late = driver.reply(first, produceResponse(first.message, ErrorCode.NONE, 0));
    expect(eventsOf(late, 'produce.acknowledged')).toEqual([]);
    driver.reply(retry, produceResponse(retry.message, ErrorCode.NONE, 1));
    expect(acknowledged(driver.state)).toEqual([expect.objectContaining({ value: 'a', offset: 1 })]);
  });

  it('delivery.timeout.ms: a batch that cannot be sent in time fails with willRetry=false', () => {
    const driver = readyProducer({ orders: [-1] }, { deliveryTimeoutMs: 1_000, requestTimeoutMs: 500 });
    driver.command(send('a'));
    expect(driver.at(999).wake().events.filter((event) => event.type === 'produce.failed')).toEqual([]);
    const step = driver.at(1_000).wake();
    expect(eventsOf(step, 'produce.failed')).toEqual([
      expect.objectContaining({ error: ErrorCode.REQUEST_TIMED_OUT, values: ['a'], willRetry: false }),
    ]);
    expect(failedRecords(driver.state)[0]!.reason).toMatch(/delivery\.timeout\.ms/);
    expect(pendingRecords(driver.state)).toEqual([]);
  });

  it('delivery.timeout.ms: a batch still waiting for its retry at the deadline fails with willRetry=false', () => {
    const driver = readyProducer({ orders: [1] }, { deliveryTimeoutMs: 1_000, requestTimeoutMs: 900 }, midpointRandom);
    driver.command(send('a'));
    const first = onlyMessage(driver.at(5).wake(), 'ProduceRequest');
    const failed = driver.at(900).reply(first, produceResponse(first.message, ErrorCode.NOT_ENOUGH_REPLICAS));
    expect(eventsOf(failed, 'produce.failed')[0]!.willRetry).toBe(true);
    // The batch was created at 0: at 1000 ms it expires instead of going out again.
    const step = driver.at(1_000).wake();
    expect(messagesOf(step, 'ProduceRequest')).toHaveLength(0);
    expect(eventsOf(step, 'produce.failed')).toEqual([
      expect.objectContaining({ error: ErrorCode.REQUEST_TIMED_OUT, values: ['a'], willRetry: false }),
    ]);
  });

  it('delivery.timeout.ms: a batch in flight at the deadline fails then; its late answer changes nothing', () => {
    const driver = readyProducer({ orders: [1] }, { lingerMs: 0, deliveryTimeoutMs: 1_000, requestTimeoutMs: 500 }, midpointRandom);
    const first = onlyMessage(driver.command(send('a')), 'ProduceRequest');
    driver.at(100).reply(first, produceResponse(first.message, ErrorCode.NOT_ENOUGH_REPLICAS));
    const second = onlyMessage(driver.at(200).wake(), 'ProduceRequest'); // first failure: 100 ms
    expect(driver.lastStep().wakeAt).toBe(700); // its request timeout comes before the delivery deadline
    driver.at(700).wake(); // lost: NETWORK_EXCEPTION, the batch's second failure: retried 200 ms later (KIP-580)
    expect(messagesOf(driver.at(800).wake(), 'ProduceRequest')).toHaveLength(0);
    const third = onlyMessage(driver.at(900).wake(), 'ProduceRequest');
    expect(second.message.correlationId).not.toBe(third.message.correlationId);
    const expired = driver.at(1_000).wake();
    expect(eventsOf(expired, 'produce.failed')).toEqual([expect.objectContaining({ error: ErrorCode.REQUEST_TIMED_OUT, willRetry: false })]);
    // The partition stays muted until the request completes; the answer is then dropped.
    driver.at(1_001).command(send('b'));
    expect(messagesOf(driver.lastStep(), 'ProduceRequest')).toHaveLength(0);
    const late = driver.at(1_050).reply(third, produceResponse(third.message, ErrorCode.NONE, 0));
    expect(eventsOf(late, 'produce.acknowledged')).toEqual([]);
    expect(onlyMessage(late, 'ProduceRequest').message.records.map((record) => record.value)).toEqual(['b']);
    expect(failedRecords(driver.state).map((record) => record.value)).toEqual(['a']);
  });

  it('retries=0: a retriable error fails the batch at once', () => {
    const driver = readyProducer({ orders: [1] }, { retries: 0 });
    driver.command(send('a'));
    const first = onlyMessage(driver.at(5).wake(), 'ProduceRequest');
    const step = driver.reply(first, produceResponse(first.message, ErrorCode.NOT_ENOUGH_REPLICAS));
    expect(eventsOf(step, 'produce.failed')).toEqual([expect.objectContaining({ willRetry: false })]);
  });

  it('a non-retriable error fails the batch with willRetry=false', () => {
    const driver = readyProducer({ orders: [1] });
    driver.command(send('a'));
    const first = onlyMessage(driver.at(5).wake(), 'ProduceRequest');
    const step = driver.reply(first, produceResponse(first.message, ErrorCode.INVALID_REQUIRED_ACKS));
    expect(eventsOf(step, 'produce.failed')).toEqual([
      expect.objectContaining({ error: ErrorCode.INVALID_REQUIRED_ACKS, willRetry: false }),
    ]);
    expect(failedRecords(driver.state)).toEqual([expect.objectContaining({ value: 'a', error: ErrorCode.INVALID_REQUIRED_ACKS })]);
  });

  it('ignores a response from a node the request was not sent to', () => {
    const driver = readyProducer({ orders: [1] });
    driver.command(send('a'));
    const first = onlyMessage(driver.at(5).wake(), 'ProduceRequest');
    const step = driver.deliver('broker-2', produceResponse(first.message, ErrorCode.NONE, 0));
    expect(eventsOf(step, 'produce.acknowledged')).toEqual([]);
  });
});

describe('producer: record size (4.1)', () => {
  it('a record larger than max.request.size fails at once with MESSAGE_TOO_LARGE and says why', () => {
    const driver = readyProducer({ orders: [1] }, { maxRequestSize: 100 });
    const step = driver.command(send('x'.repeat(200)));
    expect(eventsOf(step, 'produce.failed')).toEqual([
      expect.objectContaining({ error: ErrorCode.MESSAGE_TOO_LARGE, willRetry: false, partition: -1 }),
    ]);
    expect(eventsOf(step, 'input.rejected')[0]!.reason).toMatch(/210 bytes, larger than max\.request\.size \(100 bytes\)/);
    expect(messagesOf(driver.at(100).wake(), 'ProduceRequest')).toHaveLength(0);
  });

  it('a record larger than batch.size (but within max.request.size) gets a batch of its own', () => {
    const driver = readyProducer({ orders: [1] }, { batchSize: 50 });
    const produce = onlyMessage(driver.command(send(valueOfSize(80, 'big'))), 'ProduceRequest');
    expect(produce.message.records).toHaveLength(1);
  });

  it('a batch the broker finds too large is split in two and the halves sent in order; a single record then fails', () => {
    const driver = readyProducer({ orders: [1] }, { batchSize: 100 });
    const values = ['a', 'b', 'c', 'd'].map((label) => valueOfSize(25, label));
    for (const value of values) driver.command(send(value));
    const whole = onlyMessage(driver.lastStep(), 'ProduceRequest');
    const split = driver.reply(whole, produceResponse(whole.message, ErrorCode.MESSAGE_TOO_LARGE));
    expect(eventsOf(split, 'produce.failed')[0]).toMatchObject({ error: ErrorCode.MESSAGE_TOO_LARGE, willRetry: true });
    const firstHalf = onlyMessage(split, 'ProduceRequest');
    expect(firstHalf.message.records.map((record) => record.value)).toEqual(values.slice(0, 2));
    const secondHalf = onlyMessage(driver.reply(firstHalf, produceResponse(firstHalf.message, ErrorCode.NONE, 0)), 'ProduceRequest');
    expect(secondHalf.message.records.map((record) => record.value)).toEqual(values.slice(2));
    const third = onlyMessage(driver.reply(secondHalf, produceResponse(secondHalf.message, ErrorCode.MESSAGE_TOO_LARGE)), 'ProduceRequest');
    const final = driver.reply(third, produceResponse(third.message, ErrorCode.MESSAGE_TOO_LARGE));
    expect(eventsOf(final, 'produce.failed')).toEqual([expect.objectContaining({ values: [values[2]], willRetry: false })]);
  });
});

describe('producer: state queries and restart', () => {
  it('reports pending records by stage, and a restart forgets them (a producer has no disk)', () => {
    const driver = readyProducer({ orders: [1, -1] });
    driver.command(send('queued', null, { partition: 1 }));
    driver.command(send('flying', null, { partition: 0 }));
    driver.at(5).wake();
    expect(pendingRecords(driver.state).map((record) => [record.value, record.stage])).toEqual([
      ['queued', 'queued'],
      ['flying', 'in-flight'],
    ]);
    const { machine } = createProducer('producer-1', { bootstrap: BOOTSTRAP });
    expect(pendingRecords(machine.restart(machine.persisted(driver.state)))).toEqual([]);
  });
});
