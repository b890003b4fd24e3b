/**
 * The consumer machine (manual assignment), driven directly: the test is the clock and the brokers.
 * Section numbers refer to /work/shared/kafka-semantics.md.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/kafka/errors.js';
import {
  bufferedRecords,
  committedOffsets,
  createConsumer,
  delivered,
  DELIVERED_KEPT,
  positions,
  type ConsumerCommand,
  type ConsumerConfigInput,
  type ConsumerState,
} from '../../../src/kafka/client/index.js';
import {
  Driver,
  eventsOf,
  fetchResponse,
  listOffsetsResponse,
  logEntries,
  messagesOf,
  metadataResponse,
  onlyMessage,
  type TopicLayoutSpec,
} from './harness.js';

const BOOTSTRAP = ['broker-1', 'broker-2', 'broker-3'];
const ORDERS_0 = { topic: 'orders', partition: 0 };
const ORDERS_1 = { topic: 'orders', partition: 1 };

function consumer(config: Partial<ConsumerConfigInput> = {}): Driver<ConsumerState, ConsumerCommand> {
  const { machine, initialState } = createConsumer('consumer-1', { bootstrap: BOOTSTRAP, ...config });
  return new Driver(machine, initialState);
}

/** Started, assigned orders-0, metadata answered with `layout`; returns the step after metadata. */
function assignedConsumer(layout: TopicLayoutSpec = { orders: [1] }, config: Partial<ConsumerConfigInput> = {}) {
  const driver = consumer(config);
  driver.start();
  driver.command({ type: 'assign', partitions: [ORDERS_0] });
  const metadata = onlyMessage(driver.steps[0]!, 'MetadataRequest');
  const step = driver.reply(metadata, metadataResponse(metadata.message, layout));
  return { driver, step };
}

/** Assigned with auto.offset.reset=earliest and positioned at `offset` by ListOffsets. */
function fetchingConsumer(offset = 0, layout: TopicLayoutSpec = { orders: [1] }, config: Partial<ConsumerConfigInput> = {}) {
  const { driver, step } = assignedConsumer(layout, { autoOffsetReset: 'earliest', ...config });
  const list = onlyMessage(step, 'ListOffsetsRequest');
  const fetchStep = driver.reply(list, listOffsetsResponse(list.message, offset));
  return { driver, fetch: onlyMessage(fetchStep, 'FetchRequest') };
}

describe('consumer: where reading starts (8.2, 8.3)', () => {
  it('auto.offset.reset=earliest asks the leader for the log start offset (ListOffsets -2)', () => {
    const { driver, step } = assignedConsumer({ orders: [[2, 4]] }, { autoOffsetReset: 'earliest' });
    const list = onlyMessage(step, 'ListOffsetsRequest');
    expect(list.to).toBe('broker-2');
    expect(list.message).toMatchObject({ topic: 'orders', partition: 0, timestamp: -2, currentLeaderEpoch: 4 });
    const fetch = onlyMessage(driver.reply(list, listOffsetsResponse(list.message, 3)), 'FetchRequest');
    expect(fetch.message.fetchOffset).toBe(3);
  });

  it('auto.offset.reset=latest (the default) starts at the high watermark (ListOffsets -1)', () => {
    const { driver, step } = assignedConsumer();
    const list = onlyMessage(step, 'ListOffsetsRequest');
    expect(list.message.timestamp).toBe(-1);
    const fetch = onlyMessage(driver.reply(list, listOffsetsResponse(list.message, 5)), 'FetchRequest');
    expect(fetch.message.fetchOffset).toBe(5);
  });

  it('auto.offset.reset=none waits for a seek, and says so', () => {
    const { driver, step } = assignedConsumer({ orders: [1] }, { autoOffsetReset: 'none' });
    expect(messagesOf(step, 'ListOffsetsRequest')).toHaveLength(0);
    expect(eventsOf(driver.allEvents(), 'input.rejected')[0]!.reason).toMatch(/auto\.offset\.reset is none: seek/);
    const fetch = onlyMessage(driver.command({ type: 'seek', topic: 'orders', partition: 0, offset: 7 }), 'FetchRequest');
    expect(fetch.message.fetchOffset).toBe(7);
  });

  it('refuses a seek on a partition that is not assigned', () => {
    const { driver } = assignedConsumer();
    const step = driver.command({ type: 'seek', topic: 'orders', partition: 1, offset: 0 });
    expect(eventsOf(step, 'input.rejected')[0]!.reason).toMatch(/orders-1 is not assigned/);
  });
});

describe('consumer: the fetch loop (5.12, 5.13)', () => {
  it('fetches from the leader as a consumer: replicaId -1, brokerEpoch -1, no lastFetchedEpoch, leader epoch from metadata', () => {
    const { fetch } = fetchingConsumer(0, { orders: [[3, 2]] });
    expect(fetch.to).toBe('broker-3');
    expect(fetch.message).toMatchObject({
      replicaId: -1,
      brokerEpoch: -1,
      lastFetchedEpoch: -1,
      currentLeaderEpoch: 2,
      maxWaitMs: 500,
      maxRecords: 500,
      fetchOffset: 0,
    });
  });

  it('a fetch fills the buffer and moves the fetch offset to the last offset + 1; the position waits for a poll', () => {
    const { driver, fetch } = fetchingConsumer(0);
    const step = driver.reply(fetch, fetchResponse(fetch.message, logEntries(0, ['a', 'b', 'c']), 3));
    expect(eventsOf(step, 'consumer.fetched')).toEqual([
      expect.objectContaining({ topic: 'orders', partition: 0, fromOffset: 0, values: ['a', 'b', 'c'], highWatermark: 3 }),
    ]);
    expect(bufferedRecords(driver.state).map((record) => record.offset)).toEqual([0, 1, 2]);
    expect(delivered(driver.state)).toEqual([]);
    expect(positions(driver.state)).toEqual([expect.objectContaining({ position: 0, fetchOffset: 3, buffered: 3, highWatermark: 3 })]);
    // The broker only returns records below the HW (5.13): a consumer never sees uncommitted ones.
    for (const record of bufferedRecords(driver.state)) expect(record.offset).toBeLessThan(3);
  });

  it('skips records below the fetch offset when a batch starts earlier', () => {
    const { driver, fetch } = fetchingConsumer(2);
    driver.reply(fetch, fetchResponse(fetch.message, logEntries(0, ['a', 'b', 'c', 'd']), 4));
    expect(bufferedRecords(driver.state).map((record) => record.record.value)).toEqual(['c', 'd']);
    driver.command({ type: 'poll' });
    expect(delivered(driver.state).map((record) => record.record.value)).toEqual(['c', 'd']);
  });

  it('an empty answer (long poll ran out) fetches again from the same offset', () => {
    const { driver, fetch } = fetchingConsumer(4);
    const step = driver.at(500).reply(fetch, fetchResponse(fetch.message, [], 4));
    expect(eventsOf(step, 'consumer.fetched')).toEqual([]);
    expect(onlyMessage(step, 'FetchRequest').message.fetchOffset).toBe(4);
  });

  it('keeps at most DELIVERED_KEPT delivered records, the most recent', () => {
    const { driver, fetch } = fetchingConsumer(0, { orders: [1] }, { maxPollRecords: DELIVERED_KEPT + 5 });
    const values = Array.from({ length: DELIVERED_KEPT + 5 }, (_, index) => `v${index}`);
    driver.reply(fetch, fetchResponse(fetch.message, logEntries(0, values), values.length));
    driver.command({ type: 'poll' });
    expect(delivered(driver.state)).toHaveLength(DELIVERED_KEPT);
    expect(delivered(driver.state)[0]!.offset).toBe(5);
    expect(driver.state.deliveredCount).toBe(DELIVERED_KEPT + 5);
  });
});

/** orders-0 (leader 1) and orders-1 (leader 2) assigned, read from earliest (0): returns both first fetches. */
function twoPartitionConsumer(config: Partial<ConsumerConfigInput> = {}) {
  const driver = consumer({ autoOffsetReset: 'earliest', ...config });
  driver.start();
  driver.command({ type: 'assign', partitions: [ORDERS_0, ORDERS_1] });
  const metadata = onlyMessage(driver.steps[0]!, 'MetadataRequest');
  const lists = messagesOf(driver.reply(metadata, metadataResponse(metadata.message, { orders: [1, 2] })), 'ListOffsetsRequest');
  expect(lists).toHaveLength(2);
  const fetches = lists.map((list) => onlyMessage(driver.reply(list, listOffsetsResponse(list.message, 0)), 'FetchRequest'));
  return { driver, fetch0: fetches[0]!, fetch1: fetches[1]! };
}

describe('consumer: poll, the fetch buffer and the position (8.2)', () => {
  it('poll hands the buffered records to the application, moves the position to the last + 1, and fetching resumes', () => {
    const { driver, fetch } = fetchingConsumer(0);
    driver.reply(fetch, fetchResponse(fetch.message, logEntries(0, ['a', 'b', 'c']), 3));
    // Nobody polls: the records wait in the buffer, however long.
    driver.at(10_000).wake();
    expect(delivered(driver.state)).toEqual([]);
    const step = driver.at(10_001).command({ type: 'poll' });
    expect(eventsOf(step, 'consumer.polled')).toEqual([
      expect.objectContaining({ topic: 'orders', partition: 0, fromOffset: 0, values: ['a', 'b', 'c'], at: 10_001 }),
    ]);
    expect(delivered(driver.state)).toEqual([
      expect.objectContaining({ offset: 0, deliveredAtMs: 10_001 }),
      expect.objectContaining({ offset: 1 }),
      expect.objectContaining({ offset: 2 }),
    ]);
    expect(bufferedRecords(driver.state)).toEqual([]);
    expect(positions(driver.state)).toEqual([expect.objectContaining({ position: 3, fetchOffset: 3, buffered: 0 })]);
    // The buffer is empty again: the next fetch goes out in the same step, from the fetch offset.
    expect(onlyMessage(step, 'FetchRequest').message.fetchOffset).toBe(3);
  });

  it('a poll with nothing buffered returns nothing', () => {
    const { driver } = fetchingConsumer(0);
    const step = driver.command({ type: 'poll' });
    expect(eventsOf(step, 'consumer.polled')).toEqual([]);
    expect(delivered(driver.state)).toEqual([]);
  });

  it('poll returns at most max.poll.records; the rest stays buffered for the next poll', () => {
    // A broker returns whole batches, so one answer may hold more records than max.poll.records.
    const { driver, fetch } = fetchingConsumer(0, { orders: [1] }, { maxPollRecords: 2 });
    expect(fetch.message.maxRecords).toBe(2);
    driver.reply(fetch, fetchResponse(fetch.message, logEntries(0, ['a', 'b', 'c', 'd', 'e']), 5));
    const first = driver.command({ type: 'poll' });
    expect(eventsOf(first, 'consumer.polled')).toEqual([expect.objectContaining({ fromOffset: 0, values: ['a', 'b'] })]);
    expect(positions(driver.state)).toEqual([expect.objectContaining({ position: 2, fetchOffset: 5, buffered: 3 })]);
    expect(messagesOf(first, 'FetchRequest')).toHaveLength(0);
    driver.command({ type: 'poll' });
    expect(positions(driver.state)).toEqual([expect.objectContaining({ position: 4, fetchOffset: 5, buffered: 1 })]);
    const last = driver.command({ type: 'poll' });
    expect(eventsOf(last, 'consumer.polled')).toEqual([expect.objectContaining({ fromOffset: 4, values: ['e'] })]);
    expect(delivered(driver.state).map((record) => record.record.value)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(onlyMessage(last, 'FetchRequest').message.fetchOffset).toBe(5);
  });

  it('across partitions poll drains the oldest answer first, as FetchCollector does, then the next', () => {
    const { driver, fetch0, fetch1 } = twoPartitionConsumer({ maxPollRecords: 3 });
    driver.at(5).reply(fetch1, fetchResponse(fetch1.message, logEntries(0, ['b0', 'b1']), 2)); // orders-1 answers first
    driver.at(6).reply(fetch0, fetchResponse(fetch0.message, logEntries(0, ['a0', 'a1']), 2));
    const first = driver.at(7).command({ type: 'poll' });
    expect(eventsOf(first, 'consumer.polled')).toEqual([
      expect.objectContaining({ partition: 1, fromOffset: 0, values: ['b0', 'b1'] }),
      expect.objectContaining({ partition: 0, fromOffset: 0, values: ['a0'] }),
    ]);
    expect(positions(driver.state)).toEqual([
      expect.objectContaining({ partition: 0, position: 1, fetchOffset: 2, buffered: 1 }),
      expect.objectContaining({ partition: 1, position: 2, fetchOffset: 2, buffered: 0 }),
    ]);
    // orders-1 is drained and fetched again; orders-0 still has a record waiting and is not.
    expect(messagesOf(first, 'FetchRequest').map((request) => request.message.partition)).toEqual([1]);
    const second = driver.command({ type: 'poll' });
    expect(eventsOf(second, 'consumer.polled')).toEqual([expect.objectContaining({ partition: 0, fromOffset: 1, values: ['a1'] })]);
    expect(messagesOf(second, 'FetchRequest').map((request) => request.message)).toEqual([
      expect.objectContaining({ partition: 0, fetchOffset: 2 }),
    ]);
  });

  it('no fetch for a partition with buffered records (AbstractFetch.fetchablePartitions); the others keep fetching', () => {
    const { driver, fetch0, fetch1 } = twoPartitionConsumer();
    const answered = driver.at(5).reply(fetch0, fetchResponse(fetch0.message, logEntries(0, ['a0']), 1));
    expect(messagesOf(answered, 'FetchRequest')).toHaveLength(0);
    const empty = driver.at(500).reply(fetch1, fetchResponse(fetch1.message, [], 0)); // the long poll ran out
    expect(messagesOf(empty, 'FetchRequest').map((request) => request.message.partition)).toEqual([1]);
    for (const at of [1_000, 5_000, 31_000]) {
      const step = driver.at(at).wake();
      expect(messagesOf(step, 'FetchRequest').filter((request) => request.message.partition === 0)).toEqual([]);
    }
    const polled = driver.at(31_001).command({ type: 'poll' });
    expect(messagesOf(polled, 'FetchRequest').map((request) => request.message)).toEqual([
      expect.objectContaining({ partition: 0, fetchOffset: 1 }),
    ]);
  });

  it('commit commits the position (what poll returned), not the fetch offset', () => {
    const { driver, fetch } = fetchingConsumer(40, { orders: [1] }, { maxPollRecords: 2 });
    driver.reply(fetch, fetchResponse(fetch.message, logEntries(40, ['x', 'y', 'z']), 43));
    expect(eventsOf(driver.command({ type: 'commit' }), 'consumer.committed')).toEqual([expect.objectContaining({ offset: 40 })]);
    driver.command({ type: 'poll' }); // 40, 41
    expect(eventsOf(driver.command({ type: 'commit' }), 'consumer.committed')).toEqual([expect.objectContaining({ offset: 42 })]);
    driver.command({ type: 'poll' }); // 42
    driver.command({ type: 'commit' });
    expect(committedOffsets(driver.state)).toEqual([{ topic: 'orders', partition: 0, offset: 43 }]);
  });

  it('seek drops the partition\'s buffered records and moves position and fetch offset together', () => {
    const { driver, fetch } = fetchingConsumer(0);
    driver.reply(fetch, fetchResponse(fetch.message, logEntries(0, ['a', 'b', 'c']), 3));
    const step = driver.command({ type: 'seek', topic: 'orders', partition: 0, offset: 1 });
    expect(bufferedRecords(driver.state)).toEqual([]);
    expect(positions(driver.state)).toEqual([expect.objectContaining({ position: 1, fetchOffset: 1, buffered: 0 })]);
    const refetch = onlyMessage(step, 'FetchRequest');
    expect(refetch.message.fetchOffset).toBe(1);
    expect(eventsOf(driver.command({ type: 'poll' }), 'consumer.polled')).toEqual([]);
    driver.reply(refetch, fetchResponse(refetch.message, logEntries(1, ['b', 'c']), 3));
    driver.command({ type: 'poll' });
    expect(delivered(driver.state).map((record) => record.offset)).toEqual([1, 2]);
  });

  it('a partition dropped by assign loses its buffered records', () => {
    const { driver, fetch0, fetch1 } = twoPartitionConsumer();
    driver.reply(fetch0, fetchResponse(fetch0.message, logEntries(0, ['a0']), 1));
    driver.reply(fetch1, fetchResponse(fetch1.message, logEntries(0, ['b0']), 1));
    driver.command({ type: 'assign', partitions: [ORDERS_1] });
    expect(bufferedRecords(driver.state).map((record) => record.partition)).toEqual([1]);
    driver.command({ type: 'poll' });
    expect(delivered(driver.state).map((record) => record.record.value)).toEqual(['b0']);
  });

  it('with pollIntervalMs the consumer polls by itself, at ticks every pollIntervalMs from its start', () => {
    const { driver, fetch } = fetchingConsumer(0, { orders: [1] }, { pollIntervalMs: 100 });
    // Records arrive at 30: the next tick is 100, and the consumer asks to be woken then.
    const arrived = driver.at(30).reply(fetch, fetchResponse(fetch.message, logEntries(0, ['a', 'b']), 2));
    expect(arrived.wakeAt).toBe(100);
    expect(delivered(driver.state)).toEqual([]);
    const tick = driver.at(100).wake();
    expect(eventsOf(tick, 'consumer.polled')).toEqual([expect.objectContaining({ fromOffset: 0, values: ['a', 'b'], at: 100 })]);
    expect(positions(driver.state)).toEqual([expect.objectContaining({ position: 2, fetchOffset: 2 })]);
    const next = onlyMessage(tick, 'FetchRequest');
    // Nothing buffered: no wake for the poll loop (only the fetch's request timeout).
    expect(tick.wakeAt).toBe(100 + 30_000);
    // The next records arrive at 250: polled at the 300 tick, not 100 ms after they came.
    const later = driver.at(250).reply(next, fetchResponse(next.message, logEntries(2, ['c']), 3));
    expect(later.wakeAt).toBe(300);
    expect(eventsOf(driver.at(300).wake(), 'consumer.polled')).toEqual([expect.objectContaining({ fromOffset: 2, values: ['c'] })]);
    expect(delivered(driver.state).map((record) => record.deliveredAtMs)).toEqual([100, 100, 300]);
  });

  it('with pollIntervalMs each tick returns at most max.poll.records', () => {
    const { driver, fetch } = fetchingConsumer(0, { orders: [1] }, { pollIntervalMs: 50, maxPollRecords: 2 });
    driver.at(10).reply(fetch, fetchResponse(fetch.message, logEntries(0, ['a', 'b', 'c']), 3));
    driver.wakeWhenAsked();
    expect(driver.now).toBe(50);
    expect(delivered(driver.state).map((record) => record.offset)).toEqual([0, 1]);
    expect(driver.lastStep().wakeAt).toBe(100);
    driver.wakeWhenAsked();
    expect(delivered(driver.state).map((record) => record.offset)).toEqual([0, 1, 2]);
  });

  it('a restart resumes from the commit: position = fetch offset = committed, records fetched but not polled come again', () => {
    const { driver, fetch } = fetchingConsumer(0, { orders: [1] }, { maxPollRecords: 2 });
    driver.reply(fetch, fetchResponse(fetch.message, logEntries(0, ['a', 'b', 'c']), 3));
    driver.command({ type: 'poll' }); // a, b
    driver.command({ type: 'commit' }); // 2: 'c' was fetched, never returned, so not committed
    const { machine } = createConsumer('consumer-1', { bootstrap: BOOTSTRAP, autoOffsetReset: 'earliest', maxPollRecords: 2 });
    const restarted = new Driver(machine, machine.restart(machine.persisted(driver.state)));
    expect(bufferedRecords(restarted.state)).toEqual([]);
    expect(delivered(restarted.state)).toEqual([]);
    const metadata = onlyMessage(restarted.start(), 'MetadataRequest');
    const step = restarted.reply(metadata, metadataResponse(metadata.message, { orders: [1] }));
    expect(positions(restarted.state)).toEqual([expect.objectContaining({ position: 2, fetchOffset: 2, buffered: 0 })]);
    const refetch = onlyMessage(step, 'FetchRequest');
    expect(refetch.message.fetchOffset).toBe(2);
    restarted.reply(refetch, fetchResponse(refetch.message, logEntries(2, ['c']), 3));
    restarted.command({ type: 'poll' });
    expect(delivered(restarted.state).map((record) => record.record.value)).toEqual(['c']);
  });
});

describe('consumer: commits (8.2, 10 item 12)', () => {
  it('commits the next offset to read: after poll returned offset 42 it commits 43', () => {
    const { driver, fetch } = fetchingConsumer(40);
    driver.reply(fetch, fetchResponse(fetch.message, logEntries(40, ['x', 'y', 'z']), 43));
    driver.command({ type: 'poll' });
    const step = driver.command({ type: 'commit' });
    expect(eventsOf(step, 'consumer.committed')).toEqual([expect.objectContaining({ topic: 'orders', partition: 0, offset: 43 })]);
    expect(committedOffsets(driver.state)).toEqual([{ topic: 'orders', partition: 0, offset: 43 }]);
  });

  it('commits nothing for a partition whose position is not known yet', () => {
    const { driver } = assignedConsumer();
    expect(eventsOf(driver.command({ type: 'commit' }), 'consumer.committed')).toEqual([]);
  });

  it('after a restart, reading resumes at the committed offset, not auto.offset.reset', () => {
    const { driver, fetch } = fetchingConsumer(0);
    driver.reply(fetch, fetchResponse(fetch.message, logEntries(0, ['a', 'b']), 2));
    driver.command({ type: 'poll' });
    driver.command({ type: 'commit' });
    const { machine } = createConsumer('consumer-1', { bootstrap: BOOTSTRAP, autoOffsetReset: 'earliest' });
    const restarted = new Driver(machine, machine.restart(machine.persisted(driver.state)));
    const metadata = onlyMessage(restarted.start(), 'MetadataRequest');
    const step = restarted.reply(metadata, metadataResponse(metadata.message, { orders: [1] }));
    expect(messagesOf(step, 'ListOffsetsRequest')).toHaveLength(0);
    expect(onlyMessage(step, 'FetchRequest').message.fetchOffset).toBe(2);
  });
});

describe('consumer: errors and leader changes (5.8, 8.2)', () => {
  it('OFFSET_OUT_OF_RANGE applies auto.offset.reset again', () => {
    const { driver, fetch } = fetchingConsumer(0);
    const seeked = onlyMessage(driver.command({ type: 'seek', topic: 'orders', partition: 0, offset: 99 }), 'FetchRequest');
    // The answer to the fetch from before the seek is stale.
    expect(messagesOf(driver.reply(fetch, fetchResponse(fetch.message, logEntries(0, ['a']), 1)), 'FetchRequest')).toHaveLength(0);
    expect(delivered(driver.state)).toEqual([]);
    const step = driver.reply(seeked, fetchResponse(seeked.message, [], 10, ErrorCode.OFFSET_OUT_OF_RANGE));
    const list = onlyMessage(step, 'ListOffsetsRequest');
    expect(list.message.timestamp).toBe(-2); // earliest
    expect(onlyMessage(driver.reply(list, listOffsetsResponse(list.message, 4)), 'FetchRequest').message.fetchOffset).toBe(4);
  });

  it('NOT_LEADER_OR_FOLLOWER: refreshes metadata and fetches from the new leader at the same offset', () => {
    const { driver, fetch } = fetchingConsumer(0);
    driver.reply(fetch, fetchResponse(fetch.message, logEntries(0, ['a', 'b']), 2));
    const second = onlyMessage(driver.command({ type: 'poll' }), 'FetchRequest');
    const failed = driver.at(10).reply(second, fetchResponse(second.message, [], -1, ErrorCode.NOT_LEADER_OR_FOLLOWER));
    expect(messagesOf(failed, 'FetchRequest')).toHaveLength(0);
    const refresh = onlyMessage(driver.at(100).wake(), 'MetadataRequest');
    driver.reply(refresh, metadataResponse(refresh.message, { orders: [[2, 1]] }));
    const retry = onlyMessage(driver.at(110).wake(), 'FetchRequest');
    expect(retry.to).toBe('broker-2');
    expect(retry.message).toMatchObject({ fetchOffset: 2, currentLeaderEpoch: 1 });
  });

  it('FENCED_LEADER_EPOCH also refreshes metadata before the retry', () => {
    const { driver, fetch } = fetchingConsumer(0);
    driver.at(10).reply(fetch, fetchResponse(fetch.message, [], -1, ErrorCode.FENCED_LEADER_EPOCH));
    expect(driver.state.metadata.updateRequested).toBe(true);
  });

  it('no answer within request.timeout.ms: the fetch is sent again after retry.backoff.ms', () => {
    const { driver, fetch } = fetchingConsumer(0);
    expect(driver.lastStep().wakeAt).toBe(30_000);
    expect(messagesOf(driver.at(30_000).wake(), 'FetchRequest')).toHaveLength(0);
    const retry = onlyMessage(driver.at(30_100).wake(), 'FetchRequest');
    expect(retry.message.fetchOffset).toBe(0);
    expect(retry.message.correlationId).not.toBe(fetch.message.correlationId);
  });

  it('waits, asking for metadata, while the partition has no leader', () => {
    const { driver, step } = assignedConsumer({ orders: [-1] }, { autoOffsetReset: 'earliest' });
    expect(messagesOf(step, 'ListOffsetsRequest')).toHaveLength(0);
    const refresh = onlyMessage(driver.at(100).wake(), 'MetadataRequest');
    const next = driver.reply(refresh, metadataResponse(refresh.message, { orders: [[3, 1]] }));
    expect(onlyMessage(next, 'ListOffsetsRequest').to).toBe('broker-3');
  });
});
