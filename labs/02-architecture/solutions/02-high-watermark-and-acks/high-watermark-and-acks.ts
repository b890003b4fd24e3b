/**
 * Exercise 02: the high watermark and the acks decision (reference solution).
 *
 * Kafka: core/src/main/scala/kafka/cluster/Partition.scala (maybeIncrementLeaderHW,
 * appendRecordsToLeader, checkEnoughReplicasReachOffset); KAFKA-15583 (3.7: no HW advance below
 * min.insync.replicas).
 */
import { ErrorCode } from '../../../../src/kafka/errors.js';

/** acks=0: fire and forget; acks=1: the leader has it; acks=-1 ("all"): every in-sync replica has it. */
export type Acks = 0 | 1 | -1;

export interface HighWatermarkInput {
  /** The leader's log end offset (LEO): the offset its next record will get. */
  readonly leaderLogEndOffset: number;
  /** The HW the leader has now. */
  readonly currentHighWatermark: number;
  /** The LEO of every follower that counts: each ISR member other than the leader. */
  readonly followerLogEndOffsets: readonly number[];
  /** How many replicas are in the ISR, the leader included. */
  readonly isrSize: number;
  /** min.insync.replicas (capped at the replication factor). */
  readonly minInsyncReplicas: number;
}

/** The leader's new high watermark. */
export function highWatermark(input: HighWatermarkInput): number {
  if (input.isrSize < input.minInsyncReplicas) return input.currentHighWatermark;
  const lowest = Math.min(input.leaderLogEndOffset, ...input.followerLogEndOffsets);
  return Math.max(input.currentHighWatermark, lowest);
}

/** Before append: may the leader write this produce request at all? */
export function admitProduce(input: { acks: Acks; isrSize: number; minInsyncReplicas: number }): ErrorCode {
  if (input.acks === -1 && input.isrSize < input.minInsyncReplicas) return ErrorCode.NOT_ENOUGH_REPLICAS;
  return ErrorCode.NONE;
}

export type ProduceCompletion = { readonly done: false } | { readonly done: true; readonly error: ErrorCode };

/** After append: may the leader answer now, and with which error code? */
export function completeProduce(input: {
  acks: Acks;
  /** The offset after the request's last record: the HW must reach it. */
  requiredOffset: number;
  highWatermark: number;
  isrSize: number;
  minInsyncReplicas: number;
}): ProduceCompletion {
  if (input.acks !== -1) return { done: true, error: ErrorCode.NONE };
  if (input.highWatermark < input.requiredOffset) return { done: false };
  if (input.isrSize < input.minInsyncReplicas) return { done: true, error: ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND };
  return { done: true, error: ErrorCode.NONE };
}
