/**
 * When a produce request is accepted and when it is answered, per acks level (semantics 4.2, 5.6).
 * Sources: Partition.appendRecordsToLeader (the min-ISR check before append) and
 * Partition.checkEnoughReplicasReachOffset (completion of a parked acks=all request) in
 * core/src/main/scala/kafka/cluster/Partition.scala; error codes from Errors.java (semantics 9).
 */
import { ErrorCode } from '../errors.js';
import type { Acks } from '../protocol/messages.js';

/**
 * Before append: acks=all with fewer in-sync replicas than effectiveMinIsr is refused with
 * NOT_ENOUGH_REPLICAS (19) and nothing is written (invariant 5). acks=0 and acks=1 ignore
 * min.insync.replicas. `isrSize` is the committed ISR (Kafka: partitionState.isr.size).
 */
export function admitProduce(input: { acks: Acks; isrSize: number; effectiveMinIsr: number }): ErrorCode {
  if (input.acks === -1 && input.isrSize < input.effectiveMinIsr) return ErrorCode.NOT_ENOUGH_REPLICAS;
  return ErrorCode.NONE;
}

export type ProduceCompletion = { readonly done: false } | { readonly done: true; readonly error: ErrorCode };

/**
 * After append: acks=0 and acks=1 are done at once (acks=1 answers once the leader's own log has
 * the batch). acks=all waits until the HW covers the batch (HW >= last offset + 1 = requiredOffset,
 * i.e. every maximal-ISR member has it). If by then the maximal ISR has shrunk below
 * effectiveMinIsr, the answer is NOT_ENOUGH_REPLICAS_AFTER_APPEND (20): the batch is in the log and
 * may well be committed, so a retry without idempotence can duplicate it. The request timeout
 * (REQUEST_TIMED_OUT, 7) belongs to the broker's purgatory, not to this rule.
 */
export function completeProduce(input: {
  acks: Acks;
  requiredOffset: number;
  highWatermark: number;
  maximalIsrSize: number;
  effectiveMinIsr: number;
}): ProduceCompletion {
  if (input.acks !== -1) return { done: true, error: ErrorCode.NONE };
  if (input.highWatermark < input.requiredOffset) return { done: false };
  const error = input.maximalIsrSize < input.effectiveMinIsr ? ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND : ErrorCode.NONE;
  return { done: true, error };
}

/** The rules as one value, so a lab can swap in a learner's version. */
export interface AcksRules {
  readonly admitProduce: typeof admitProduce;
  readonly completeProduce: typeof completeProduce;
}

export const referenceAcksRules: AcksRules = { admitProduce, completeProduce };
