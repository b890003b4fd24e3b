/**
 * Property: whatever the brokers do (answer, lose requests or answers, say NOT_LEADER_OR_FOLLOWER)
 * and whenever the application polls and commits, a consumer reading from earliest returns (poll)
 * each partition's committed records exactly once, in offset order, and never a record at or above
 * the high watermark (kafka-semantics.md 5.13, 11 invariant 10). Along the way: a poll returns at
 * most max.poll.records, a partition with buffered records is never fetched, and a commit commits
 * the offset after the last record poll returned (11 invariant 22). Lost requests only delay it:
 * fetches are idempotent reads. The application polls by command, or by itself (pollIntervalMs).
 * A seeded random source jitters the metadata backoff after a lost metadata request (KIP-580).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bufferedRecords,
  committedOffsets,
  createConsumer,
  delivered,
  positions,
  type ConsumerCommand,
  type ConsumerState,
} from '../../../src/kafka/client/index.js';
import { ErrorCode } from '../../../src/kafka/errors.js';
import type { Envelope } from '../../../src/kafka/step.js';
import { seededRandom } from '../../helpers/scripted-random.js';
import { Driver, eventsOf, fetchResponse, listOffsetsResponse, logEntries, messagesOf, metadataResponse } from './harness.js';

const MAX_POLL_RECORDS = 3;

type Reaction = 'ok' | 'not-leader' | 'lose';

type Action =
  | { readonly kind: 'produce'; readonly partition: number; readonly count: number }
  | { readonly kind: 'commit-hw'; readonly partition: number }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'broker'; readonly pick: number; readonly reaction: Reaction }
  | { readonly kind: 'poll' }
  | { readonly kind: 'commit' };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('produce' as const), partition: fc.integer({ min: 0, max: 1 }), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('commit-hw' as const), partition: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 800 }) }),
  fc.record({ kind: fc.constant('broker' as const), pick: fc.nat(), reaction: fc.constantFrom<Reaction>('ok', 'ok', 'not-leader', 'lose') }),
  fc.constant({ kind: 'poll' as const }),
  fc.constant({ kind: 'commit' as const }),
);

/** What must hold after every step the consumer takes. */
function checkStep(driver: Driver<ConsumerState, ConsumerCommand>): void {
  const step = driver.lastStep();
  const polled = eventsOf(step, 'consumer.polled').reduce((count, event) => count + event.values.length, 0);
  expect(polled).toBeLessThanOrEqual(MAX_POLL_RECORDS);
  const buffered = bufferedRecords(step.state);
  for (const fetch of messagesOf(step, 'FetchRequest')) {
    // AbstractFetch.fetchablePartitions: never fetch a partition whose records wait for a poll.
    expect(buffered.filter((record) => record.partition === fetch.message.partition)).toEqual([]);
  }
  for (const position of positions(step.state)) {
    if (position.position === undefined || position.fetchOffset === undefined) continue;
    // The buffered records of a partition are exactly those from its position up to its fetch offset.
    const offsets = buffered.filter((record) => record.partition === position.partition).map((record) => record.offset);
    expect(offsets).toEqual(Array.from({ length: position.fetchOffset - position.position }, (_, index) => position.position! + index));
  }
}

class FakeLeaders {
  /** Per partition: the leader's log (values) and its high watermark. */
  readonly logs: string[][] = [[], []];
  readonly highWatermarks = [0, 0];
  outstanding: Envelope[] = [];

  collect(driver: Driver<ConsumerState, ConsumerCommand>): void {
    checkStep(driver);
    const step = driver.lastStep();
    for (const metadata of messagesOf(step, 'MetadataRequest')) {
      driver.reply(metadata, metadataResponse(metadata.message, { orders: [1, 2] }));
    }
    this.outstanding.push(...step.messages.filter((envelope) => envelope.message.type !== 'MetadataRequest'));
    if (driver.lastStep() !== step) this.collect(driver);
  }

  /** A ListOffsets, or a fetch below the high watermark. */
  hasAnswer(envelope: Envelope): boolean {
    const message = envelope.message;
    if (message.type === 'ListOffsetsRequest') return true;
    return message.type === 'FetchRequest' && message.fetchOffset < this.highWatermarks[message.partition]!;
  }

  react(driver: Driver<ConsumerState, ConsumerCommand>, pick: number, reaction: Reaction): void {
    if (this.outstanding.length === 0) return;
    const index = pick % this.outstanding.length;
    const request = this.outstanding[index]!;
    this.outstanding.splice(index, 1);
    if (reaction === 'lose') return;
    const message = request.message;
    if (message.type === 'ListOffsetsRequest') {
      const offset = message.timestamp === -2 ? 0 : this.highWatermarks[message.partition]!;
      driver.reply(request, listOffsetsResponse(message, offset, reaction === 'ok' ? ErrorCode.NONE : ErrorCode.NOT_LEADER_OR_FOLLOWER));
    } else if (message.type === 'FetchRequest') {
      const highWatermark = this.highWatermarks[message.partition]!;
      if (reaction === 'not-leader') {
        driver.reply(request, fetchResponse(message, [], -1, ErrorCode.NOT_LEADER_OR_FOLLOWER));
      } else {
        // The leader returns only records below its HW (5.13), at most maxRecords.
        const end = Math.min(highWatermark, message.fetchOffset + message.maxRecords);
        const values = this.logs[message.partition]!.slice(message.fetchOffset, end);
        driver.reply(request, fetchResponse(message, logEntries(message.fetchOffset, values), highWatermark));
      }
    }
    this.collect(driver);
  }
}

describe('consumer property: committed records once each, in order, below the HW (5.13)', () => {
  it('holds for any interleaving of appends, HW moves, time and broker behaviour', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60, size: 'max' }), fc.integer(), fc.option(fc.integer({ min: 1, max: 300 })), (actions, seed, pollIntervalMs) => {
        const { machine, initialState } = createConsumer('consumer-1', {
          bootstrap: ['broker-1'],
          autoOffsetReset: 'earliest',
          maxPollRecords: MAX_POLL_RECORDS,
          requestTimeoutMs: 1_000,
          pollIntervalMs: pollIntervalMs ?? undefined,
        });
        const driver = new Driver(machine, initialState, seededRandom(seed));
        const leaders = new FakeLeaders();
        driver.start();
        driver.command({ type: 'assign', partitions: [0, 1].map((partition) => ({ topic: 'orders', partition })) });
        leaders.collect(driver);
        let produced = 0;

        const wakeUntil = (until: number): void => {
          for (let guard = 0; guard < 1_000; guard++) {
            const wakeAt = driver.lastStep().wakeAt;
            if (wakeAt === undefined || wakeAt > until) break;
            expect(wakeAt).toBeGreaterThanOrEqual(driver.now);
            driver.at(wakeAt).wake();
            leaders.collect(driver);
          }
          driver.at(Math.max(until, driver.now));
        };

        for (const next of actions) {
          if (next.kind === 'produce') {
            for (let index = 0; index < next.count; index++) leaders.logs[next.partition]!.push(`p${next.partition}-${produced++}`);
          } else if (next.kind === 'commit-hw') {
            leaders.highWatermarks[next.partition] = leaders.logs[next.partition]!.length;
          } else if (next.kind === 'advance') {
            wakeUntil(driver.now + next.ms);
          } else if (next.kind === 'poll') {
            driver.command({ type: 'poll' });
            leaders.collect(driver);
          } else if (next.kind === 'commit') {
            driver.command({ type: 'commit' });
            leaders.collect(driver);
            // The commit is the offset after the last record poll returned (or the start, 0).
            for (const commit of committedOffsets(driver.state)) {
              const returned = delivered(driver.state).filter((record) => record.partition === commit.partition);
              expect(commit.offset).toBe(returned.length === 0 ? 0 : returned[returned.length - 1]!.offset + 1);
              expect(commit.offset).toBeLessThanOrEqual(leaders.highWatermarks[commit.partition]!);
            }
          } else {
            leaders.react(driver, next.pick, next.reaction);
          }
          for (const record of [...delivered(driver.state), ...bufferedRecords(driver.state)]) {
            expect(record.offset).toBeLessThan(leaders.highWatermarks[record.partition]!);
          }
          // What poll returned so far is each partition's log from the start, in order, once.
          for (let partition = 0; partition < 2; partition++) {
            const values = delivered(driver.state)
              .filter((record) => record.partition === partition)
              .map((record) => record.record.value);
            expect(values).toEqual(leaders.logs[partition]!.slice(0, values.length));
          }
        }
        // Settle: everything committed, brokers answer, time runs.
        for (let partition = 0; partition < 2; partition++) leaders.highWatermarks[partition] = leaders.logs[partition]!.length;
        for (let round = 0; round < 2_000; round++) {
          const done = [0, 1].every(
            (partition) => delivered(driver.state).filter((record) => record.partition === partition).length === leaders.logs[partition]!.length,
          );
          if (done) break;
          // The application polls when records wait (by itself with pollIntervalMs, at its next tick).
          if (pollIntervalMs === null && bufferedRecords(driver.state).length > 0) {
            driver.command({ type: 'poll' });
            leaders.collect(driver);
            continue;
          }
          // Like a real leader, hold fetches with nothing to return (long poll); answer the rest.
          const index = leaders.outstanding.findIndex((envelope) => leaders.hasAnswer(envelope));
          if (index >= 0) {
            leaders.react(driver, index, 'ok');
          } else {
            const wakeAt = driver.lastStep().wakeAt;
            if (wakeAt === undefined) break;
            driver.at(Math.max(wakeAt, driver.now)).wake();
            leaders.collect(driver);
          }
        }
        for (let partition = 0; partition < 2; partition++) {
          const values = delivered(driver.state)
            .filter((record) => record.partition === partition)
            .map((record) => record.record.value);
          expect(values).toEqual(leaders.logs[partition]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
