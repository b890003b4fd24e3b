/** Known-wrong HW and acks rules. */
import { ErrorCode } from '../../../src/kafka/errors.js';
import * as solution from '../../../labs/02-architecture/solutions/02-high-watermark-and-acks/high-watermark-and-acks.js';
import type { HighWatermarkAndAcksImpl } from '../../../src/labs/lab02/high-watermark-and-acks.js';
import type { KnownWrong } from './known-wrong.js';

const highWatermarkAsMax: HighWatermarkAndAcksImpl = {
  ...solution,
  highWatermark: (input) => Math.max(input.currentHighWatermark, input.leaderLogEndOffset, ...input.followerLogEndOffsets),
};

const acksAllAtOnce: HighWatermarkAndAcksImpl = { ...solution, completeProduce: () => ({ done: true, error: ErrorCode.NONE }) };

const minIsrForEveryAcks: HighWatermarkAndAcksImpl = {
  ...solution,
  admitProduce: (input) => (input.isrSize < input.minInsyncReplicas ? ErrorCode.NOT_ENOUGH_REPLICAS : ErrorCode.NONE),
};

/** Kafka before 3.7: the HW advances even below min.insync.replicas. */
const highWatermarkIgnoresMinIsr: HighWatermarkAndAcksImpl = {
  ...solution,
  highWatermark: (input) => Math.max(input.currentHighWatermark, Math.min(input.leaderLogEndOffset, ...input.followerLogEndOffsets)),
};

/** Uses NOT_ENOUGH_REPLICAS_AFTER_APPEND where NOT_ENOUGH_REPLICAS belongs and the other way round. */
const swappedErrorCodes: HighWatermarkAndAcksImpl = {
  ...solution,
  admitProduce: (input) => (input.acks === -1 && input.isrSize < input.minInsyncReplicas ? ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND : ErrorCode.NONE),
  completeProduce: (input) => {
    const result = solution.completeProduce(input);
    return result.done && result.error === ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND ? { done: true, error: ErrorCode.NOT_ENOUGH_REPLICAS } : result;
  },
};

export const wrongHighWatermarkAndAcks: readonly KnownWrong<HighWatermarkAndAcksImpl>[] = [
  { name: 'hw-as-max', mistake: 'HW as the max instead of the min of the ISR log end offsets', impl: highWatermarkAsMax, caughtBy: ['hw-is-min-leo-over-isr', 'acked-record-survives'] },
  { name: 'acks-all-at-once', mistake: 'acks=all answered as soon as the leader appended', impl: acksAllAtOnce, caughtBy: ['acks-answer-when-allowed', 'acked-record-survives'] },
  { name: 'min-isr-for-every-acks', mistake: 'min.insync.replicas applied to acks=1 as well', impl: minIsrForEveryAcks, caughtBy: ['not-enough-replicas-after-append', 'not-enough-replicas-before-append'] },
  { name: 'hw-ignores-min-isr', mistake: 'the HW advances below min.insync.replicas (Kafka before 3.7)', impl: highWatermarkIgnoresMinIsr, caughtBy: ['hw-waits-for-min-isr'] },
  { name: 'swapped-error-codes', mistake: 'NOT_ENOUGH_REPLICAS and NOT_ENOUGH_REPLICAS_AFTER_APPEND swapped', impl: swappedErrorCodes, caughtBy: ['not-enough-replicas-after-append', 'not-enough-replicas-before-append'] },
];
