/**
 * The KIP-580 exponential retry backoff (Kafka 3.7+) in the clients, driven end to end through the
 * harness: the producer's batch retries and both clients' metadata refreshes back off
 * exponentially with jitter and start again after a success; the consumer's per-partition
 * retries keep the flat retry.backoff.ms, as the Java consumer does. Before 3.7 every one of these
 * waits was the fixed retry.backoff.ms.
 */
import { describe, expect, it } from 'vitest';
import {
  acknowledged,
  createConsumer,
  createProducer,
  retryBackoffRangeMs,
  type ConsumerCommand,
  type ConsumerConfigInput,
  type ConsumerState,
  type ProducerCommand,
  type ProducerConfigInput,
  type ProducerState,
} from '../../../src/kafka/client/index.js';
import { ErrorCode } from '../../../src/kafka/errors.js';
import type { RandomSource } from '../../../src/kafka/step.js';
import { scriptedRandom, seededRandom } from '../../helpers/scripted-random.js';
import {
  Driver,
  eventsOf,
  listOffsetsResponse,
  messagesOf,
  metadataResponse,
  midpointRandom,
  noRandom,
  onlyMessage,
  produceResponse,
} from './harness.js';

const BOOTSTRAP = ['broker-1', 'broker-2', 'broker-3'];
const DEFAULTS = { retryBackoffMs: 100, retryBackoffMaxMs: 1_000 };
const NOMINAL = [100, 200, 400, 800, 1_000, 1_000];

function producer(random: RandomSource, config: Partial<ProducerConfigInput> = {}): Driver<ProducerState, ProducerCommand> {
  const { machine, initialState } = createProducer('producer-1', { bootstrap: BOOTSTRAP, lingerMs: 0, ...config });
  return new Driver(machine, initialState, random);
}

/** Started, metadata answered: orders has one partition, led by broker 1. */
function readyProducer(random: RandomSource, config: Partial<ProducerConfigInput> = {}): Driver<ProducerState, ProducerCommand> {
  const driver = producer(random, config);
  const request = onlyMessage(driver.start(), 'MetadataRequest');
  driver.reply(request, metadataResponse(request.message, { orders: [1] }));
  return driver;
}

/** An explicit partition, so the partitioner draws nothing and every draw is a backoff. */
function send(value: string): ProducerCommand {
  return { type: 'send', topic: 'orders', key: null, value, partition: 0 };
}

/**
 * Send `value`, answer each attempt with NOT_ENOUGH_REPLICAS 5 ms after it went out, `failures`
 * times, then acknowledge it. Returns the waits from each failure to the retry it caused.
 */
function failThenSucceed(driver: Driver<ProducerState, ProducerCommand>, value: string, failures: number): number[] {
  let request = onlyMessage(driver.command(send(value)), 'ProduceRequest');
  const waits: number[] = [];
  for (let failure = 1; failure <= failures; failure++) {
    const failedAt = driver.now + 5;
    const failed = driver.at(failedAt).reply(request, produceResponse(request.message, ErrorCode.NOT_ENOUGH_REPLICAS));
    expect(eventsOf(failed, 'produce.failed')).toEqual([expect.objectContaining({ error: ErrorCode.NOT_ENOUGH_REPLICAS, willRetry: true })]);
    const retryAt = failed.wakeAt!;
    // Nothing goes out before the backoff ends.
    if (retryAt - 1 > failedAt) expect(messagesOf(driver.at(retryAt - 1).wake(), 'ProduceRequest')).toHaveLength(0);
    request = onlyMessage(driver.wakeWhenAsked(), 'ProduceRequest');
    expect(driver.now).toBe(retryAt);
    expect(eventsOf(driver.lastStep(), 'produce.sent')[0]!.attempt).toBe(failure + 1);
    waits.push(retryAt - failedAt);
  }
  driver.at(driver.now + 5).reply(request, produceResponse(request.message, ErrorCode.NONE, acknowledged(driver.state).length));
  expect(acknowledged(driver.state).at(-1)?.value).toBe(value);
  return waits;
}

describe('producer: a batch facing repeated NOT_ENOUGH_REPLICAS retries at growing intervals (KIP-580)', () => {
  it('waits 100, 200, 400, 800, 1000, 1000 ms after consecutive failures (no jitter: midpoint draws)', () => {
    const driver = readyProducer(midpointRandom);
    expect(failThenSucceed(driver, 'a', 6)).toEqual(NOMINAL);
  });

  it('with jitter, each wait lies within ±20% of those values and never above retry.backoff.max.ms', () => {
    for (const seed of [1, 2, 3, 42, 2024]) {
      const waits = failThenSucceed(readyProducer(seededRandom(seed)), 'a', 6);
      waits.forEach((wait, index) => {
        const { minMs, maxMs } = retryBackoffRangeMs(index + 1, DEFAULTS);
        expect(wait).toBeGreaterThanOrEqual(minMs);
        expect(wait).toBeLessThanOrEqual(maxMs);
        expect(wait).toBeGreaterThanOrEqual(NOMINAL[index]! * 0.8);
        expect(wait).toBeLessThan(NOMINAL[index]! * 1.2);
      });
    }
  });

  it('starts again at ~100 ms after a success: the next batch has its own count', () => {
    const driver = readyProducer(midpointRandom);
    expect(failThenSucceed(driver, 'a', 3)).toEqual([100, 200, 400]);
    expect(failThenSucceed(driver, 'b', 2)).toEqual([100, 200]);
  });

  it('the jitter is the RandomSource\'s: a script gives exact waits, the same seed the same waits', () => {
    const random = scriptedRandom([0, 79, 159, 0]);
    expect(failThenSucceed(readyProducer(random), 'a', 4)).toEqual([80, 239, 479, 640]);
    expect(random.bounds).toEqual([40, 80, 160, 320]); // one draw per retry, over the ±20% window
    expect(failThenSucceed(readyProducer(seededRandom(99)), 'a', 6)).toEqual(failThenSucceed(readyProducer(seededRandom(99)), 'a', 6));
  });

  it('retry.backoff.max.ms = retry.backoff.ms brings back the fixed backoff of Kafka before 3.7, without drawing', () => {
    const driver = readyProducer(noRandom, { retryBackoffMaxMs: 100 });
    expect(failThenSucceed(driver, 'a', 5)).toEqual([100, 100, 100, 100, 100]);
  });

  it('a lost request counts as a failure too: timeouts back off exponentially', () => {
    const driver = readyProducer(midpointRandom, { requestTimeoutMs: 1_000, deliveryTimeoutMs: 60_000 });
    const sentAt: number[] = [];
    let step = driver.command(send('a'));
    for (;;) {
      if (messagesOf(step, 'ProduceRequest').length > 0) sentAt.push(driver.now); // never answered: it times out
      if (sentAt.length === 5) break;
      // NETWORK_EXCEPTION also means stale metadata: the refresh that follows each timeout is answered.
      for (const metadata of messagesOf(step, 'MetadataRequest')) driver.reply(metadata, metadataResponse(metadata.message, { orders: [1] }));
      step = driver.wakeWhenAsked();
    }
    // Each attempt: 1000 ms of request timeout, then 100, 200, 400, 800 ms of backoff.
    expect(sentAt).toEqual([0, 1_100, 2_300, 3_700, 5_500]);
    expect(eventsOf(driver.allEvents(), 'produce.failed').map((event) => event.error)).toEqual(Array(4).fill(ErrorCode.NETWORK_EXCEPTION));
  });
});

describe('metadata refresh after failed requests backs off exponentially (KIP-580)', () => {
  it('producer: requests that get no answer are retried after 100, 200, 400, 800 ms; an answer resets the count', () => {
    const driver = producer(midpointRandom, { requestTimeoutMs: 1_000, deliveryTimeoutMs: 5_000 });
    const requests = [onlyMessage(driver.start(), 'MetadataRequest')];
    const sentAt = [0];
    for (let failure = 0; failure < 4; failure++) {
      expect(messagesOf(driver.wakeWhenAsked(), 'MetadataRequest')).toHaveLength(0); // timed out: backing off
      requests.push(onlyMessage(driver.wakeWhenAsked(), 'MetadataRequest'));
      sentAt.push(driver.now);
    }
    expect(sentAt).toEqual([0, 1_100, 2_300, 3_700, 5_500]);
    expect(requests.map((request) => request.to)).toEqual(['broker-1', 'broker-2', 'broker-3', 'broker-1', 'broker-2']);
    driver.at(5_510).reply(requests[4]!, metadataResponse(requests[4]!.message, { orders: [1] }));
    expect(driver.state.metadata.failedAttempts).toBe(0);

    // A new topic is asked about at once; that request is lost: the count starts again at 1 (100 ms).
    const fresh = onlyMessage(driver.at(6_000).command({ type: 'send', topic: 'payments', key: 'k', value: 'v' }), 'MetadataRequest');
    expect(fresh.message.topics).toEqual(['payments']);
    expect(messagesOf(driver.at(7_000).wake(), 'MetadataRequest')).toHaveLength(0);
    expect(driver.lastStep().wakeAt).toBe(7_100);
  });

  it('producer: a closed connection fails the metadata request at once, and the backoff follows', () => {
    const driver = producer(midpointRandom);
    const first = onlyMessage(driver.start(), 'MetadataRequest');
    const step = driver.at(10).input({ kind: 'disconnected', peer: first.to });
    expect(messagesOf(step, 'MetadataRequest')).toHaveLength(0);
    expect(step.wakeAt).toBe(110);
    expect(onlyMessage(driver.at(110).wake(), 'MetadataRequest').to).toBe('broker-2');
  });

  it('producer: the metadata backoff is jittered from the RandomSource, ±20%', () => {
    const random = scriptedRandom([0, 79]);
    const driver = producer(random, { requestTimeoutMs: 1_000, deliveryTimeoutMs: 5_000 });
    driver.start();
    driver.wakeWhenAsked(); // first failure at 1000: 80 + 0
    expect(driver.lastStep().wakeAt).toBe(1_080);
    onlyMessage(driver.wakeWhenAsked(), 'MetadataRequest');
    driver.wakeWhenAsked(); // second failure at 2080: 160 + 79
    expect(driver.lastStep().wakeAt).toBe(2_080 + 239);
    expect(random.bounds).toEqual([40, 80]);
  });

  it('consumer: metadata requests that get no answer back off exponentially too', () => {
    const driver = consumer(midpointRandom, { requestTimeoutMs: 1_000 });
    onlyMessage(driver.start(), 'MetadataRequest');
    driver.command({ type: 'assign', partitions: [{ topic: 'orders', partition: 0 }] });
    const sentAt = [0];
    for (let failure = 0; failure < 4; failure++) {
      expect(messagesOf(driver.wakeWhenAsked(), 'MetadataRequest')).toHaveLength(0);
      onlyMessage(driver.wakeWhenAsked(), 'MetadataRequest');
      sentAt.push(driver.now);
    }
    expect(sentAt).toEqual([0, 1_100, 2_300, 3_700, 5_500]);
  });
});

function consumer(random: RandomSource, config: Partial<ConsumerConfigInput> = {}): Driver<ConsumerState, ConsumerCommand> {
  const { machine, initialState } = createConsumer('consumer-1', { bootstrap: BOOTSTRAP, ...config });
  return new Driver(machine, initialState, random);
}

describe('consumer: per-partition retries keep the flat retry.backoff.ms, as the Java consumer does', () => {
  it('a ListOffsets that keeps failing is retried every 100 ms, with no growth and no random draw', () => {
    const driver = consumer(noRandom, { autoOffsetReset: 'earliest' });
    const metadata = onlyMessage(driver.start(), 'MetadataRequest');
    driver.command({ type: 'assign', partitions: [{ topic: 'orders', partition: 0 }] });
    let list = onlyMessage(driver.reply(metadata, metadataResponse(metadata.message, { orders: [1] })), 'ListOffsetsRequest');
    const waits: number[] = [];
    for (let failure = 0; failure < 5; failure++) {
      const failedAt = driver.now + 5;
      const failed = driver.at(failedAt).reply(list, listOffsetsResponse(list.message, 0, ErrorCode.REQUEST_TIMED_OUT));
      list = onlyMessage(driver.at(failed.wakeAt!).wake(), 'ListOffsetsRequest');
      waits.push(driver.now - failedAt);
    }
    // OffsetFetcherUtils: SubscriptionState.requestFailed(partitions, now + retryBackoffMs), in 3.7 and 4.x alike.
    expect(waits).toEqual([100, 100, 100, 100, 100]);
    expect(messagesOf(driver.reply(list, listOffsetsResponse(list.message, 4)), 'FetchRequest')).toHaveLength(1);
  });
});
