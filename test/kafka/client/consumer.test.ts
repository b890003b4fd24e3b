/**
 * The consumer machine (manual assignment), driven directly: the test is the clock and the brokers.
 * Section numbers refer to /work/shared/kafka-semantics.md.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/kafka/errors.js';
import {
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
function fetchingConsumer(offset = 0, layout: TopicLayoutSpec = { orders: [1] }) {
  const { driver, step } = assignedConsumer(layout, { autoOffsetReset: 'earliest' });
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

  it('advances the position to the last offset + 1 and reports the records with the high watermark', () => {
    const { driver, fetch } = fetchingConsumer(0);
    const step = driver.reply(fetch, fetchResponse(fetch.message, logEntries(0, ['a', 'b', 'c']), 3));
    expect(eventsOf(step, 'consumer.fetched')).toEqual([
      expect.objectContaining({ topic: 'orders', partition: 0, fromOffset: 0, values: ['a', 'b', 'c'], highWatermark: 3 }),
    ]);
    // The broker only returns records below the HW (5.13): a consumer never sees uncommitted ones.
    for (const record of delivered(driver.state)) expect(record.offset).toBeLessThan(3);
    const next = onlyMessage(step, 'FetchRequest');
    expect(next.message.fetchOffset).toBe(3);
    expect(positions(driver.state)).toEqual([expect.objectContaining({ position: 3, highWatermark: 3 })]);
  });

  it('skips records below the fetch offset when a batch starts earlier', () => {
    const { driver, fetch } = fetchingConsumer(2);
    driver.reply(fetch, fetchResponse(fetch.message, logEntries(0, ['a', 'b', 'c', 'd']), 4));
    expect(delivered(driver.state).map((record) => record.record.value)).toEqual(['c', 'd']);
  });

  it('an empty answer (long poll ran out) fetches again from the same offset', () => {
    const { driver, fetch } = fetchingConsumer(4);
    const step = driver.at(500).reply(fetch, fetchResponse(fetch.message, [], 4));
    expect(eventsOf(step, 'consumer.fetched')).toEqual([]);
    expect(onlyMessage(step, 'FetchRequest').message.fetchOffset).toBe(4);
  });

  it('keeps at most DELIVERED_KEPT delivered records, the most recent', () => {
    const { driver, fetch } = fetchingConsumer(0);
    const values = Array.from({ length: DELIVERED_KEPT + 5 }, (_, index) => `v${index}`);
    driver.reply(fetch, fetchResponse(fetch.message, logEntries(0, values), values.length));
    expect(delivered(driver.state)).toHaveLength(DELIVERED_KEPT);
    expect(delivered(driver.state)[0]!.offset).toBe(5);
    expect(driver.state.deliveredCount).toBe(DELIVERED_KEPT + 5);
  });
});

describe('consumer: commits (8.2, 10 item 12)', () => {
  it('commits the next offset to read: after reading offset 42 it commits 43', () => {
    const { driver, fetch } = fetchingConsumer(40);
    driver.reply(fetch, fetchResponse(fetch.message, logEntries(40, ['x', 'y', 'z']), 43));
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
    const first = driver.reply(fetch, fetchResponse(fetch.message, logEntries(0, ['a', 'b']), 2));
    const second = onlyMessage(first, 'FetchRequest');
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
