/**
 * Property: whatever the brokers do (answer, fail with a retriable error, append but lose the
 * answer, lose the request), the producer
 *   - ends every record in exactly one outcome, acknowledged or failed;
 *   - never reorders records within a partition: with one request in flight per partition, the
 *     fake log (duplicates aside) keeps send() order (kafka-semantics.md 4.3, producer-config.ts);
 *   - acknowledges each record at the offset where the log holds it.
 * Duplicates are allowed: without idempotence a lost answer makes the retry append again (4.3).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acknowledged,
  createProducer,
  failedRecords,
  pendingRecords,
  type ProducerCommand,
  type ProducerState,
} from '../../../src/kafka/client/index.js';
import { ErrorCode } from '../../../src/kafka/errors.js';
import type { ProduceRequest } from '../../../src/kafka/protocol/messages.js';
import type { Envelope } from '../../../src/kafka/step.js';
import { seededRandom } from '../../helpers/scripted-random.js';
import { Driver, messagesOf, metadataResponse, produceResponse } from './harness.js';

type BrokerReaction = 'ok' | 'retriable' | 'lose-answer' | 'lose-request';

type Action =
  | { readonly kind: 'send'; readonly key: string | null }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'broker'; readonly pick: number; readonly reaction: BrokerReaction };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('send' as const), key: fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { nil: null }) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 400 }) }),
  fc.record({
    kind: fc.constant('broker' as const),
    pick: fc.nat(),
    reaction: fc.constantFrom<BrokerReaction>('ok', 'ok', 'retriable', 'lose-answer', 'lose-request'),
  }),
);

const LAYOUT = { orders: [1, 2, 3] };

class FakeCluster {
  /** Per partition, the values in log order. */
  readonly logs: string[][] = [[], [], []];
  /** Produce requests not answered yet. */
  outstanding: Array<Envelope & { message: ProduceRequest }> = [];

  collect(driver: Driver<ProducerState, ProducerCommand>): void {
    const step = driver.lastStep();
    for (const metadata of messagesOf(step, 'MetadataRequest')) driver.reply(metadata, metadataResponse(metadata.message, LAYOUT));
    this.outstanding.push(...messagesOf(step, 'ProduceRequest'));
    // Answering metadata may itself send produce requests.
    if (driver.lastStep() !== step) this.collect(driver);
  }

  react(driver: Driver<ProducerState, ProducerCommand>, pick: number, reaction: BrokerReaction): void {
    if (this.outstanding.length === 0) return;
    const index = pick % this.outstanding.length;
    const request = this.outstanding[index]!;
    this.outstanding.splice(index, 1);
    const log = this.logs[request.message.partition]!;
    switch (reaction) {
      case 'ok': {
        const baseOffset = log.length;
        log.push(...request.message.records.map((record) => record.value));
        driver.reply(request, produceResponse(request.message, ErrorCode.NONE, baseOffset));
        break;
      }
      case 'retriable':
        driver.reply(request, produceResponse(request.message, ErrorCode.NOT_ENOUGH_REPLICAS));
        break;
      case 'lose-answer':
        log.push(...request.message.records.map((record) => record.value));
        return; // nothing delivered: the producer times out and retries
      case 'lose-request':
        return;
    }
    this.collect(driver);
  }
}

describe('producer property: retries never reorder, every record ends once (4.3)', () => {
  it('holds for any interleaving of sends, time and broker behaviour', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), fc.integer(), (actions, seed) => {
        const { machine, initialState } = createProducer('producer-1', {
          bootstrap: ['broker-1'],
          requestTimeoutMs: 1_000,
          deliveryTimeoutMs: 10_000,
          batchSize: 60,
        });
        const driver = new Driver(machine, initialState, seededRandom(seed));
        const cluster = new FakeCluster();
        driver.start();
        cluster.collect(driver);
        const sent: string[] = [];

        const wakeUntil = (until: number): void => {
          for (let guard = 0; guard < 1_000; guard++) {
            const wakeAt = driver.lastStep().wakeAt;
            if (wakeAt === undefined || wakeAt > until) break;
            expect(wakeAt).toBeGreaterThanOrEqual(driver.now); // never asks to be woken in the past
            driver.at(wakeAt).wake();
            cluster.collect(driver);
          }
          driver.at(Math.max(until, driver.now));
        };

        for (const next of actions) {
          if (next.kind === 'send') {
            const value = `v${sent.length}`;
            sent.push(value);
            driver.command({ type: 'send', topic: 'orders', key: next.key, value });
            cluster.collect(driver);
          } else if (next.kind === 'advance') {
            wakeUntil(driver.now + next.ms);
          } else {
            cluster.react(driver, next.pick, next.reaction);
          }
        }
        // Settle: brokers answer everything; time runs until the producer has nothing left.
        for (let round = 0; round < 500 && pendingRecords(driver.state).length > 0; round++) {
          while (cluster.outstanding.length > 0) cluster.react(driver, 0, 'ok');
          wakeUntil(driver.now + 200);
        }

        expect(pendingRecords(driver.state)).toEqual([]);
        const outcomes = [...acknowledged(driver.state), ...failedRecords(driver.state)].map((record) => record.value).sort();
        expect(outcomes).toEqual([...sent].sort());

        for (const ack of acknowledged(driver.state)) {
          expect(cluster.logs[ack.partition]![ack.offset]).toBe(ack.value);
        }
        for (const log of cluster.logs) {
          const firstSeen = log.filter((value, index) => log.indexOf(value) === index);
          const order = firstSeen.map((value) => sent.indexOf(value));
          expect(order).toEqual([...order].sort((a, b) => a - b));
        }
      }),
      { numRuns: 300 },
    );
  });
});
