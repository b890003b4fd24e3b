/**
 * Exercise 02: the high watermark and the acks decision. When is a record committed, and when may
 * the leader answer the producer?
 *
 * Write the three functions below; keep their names and signatures (every partition leader of the
 * simulated cluster calls them). README.md says what each must do and where Kafka does it.
 * Re-run the tests on every save: npm run lab 02 -- --watch 02
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
  throw new Error(`not written yet: highWatermark (leader LEO ${input.leaderLogEndOffset})`);
}

/** Before append: may the leader write this produce request at all? ErrorCode.NONE if so. */
export function admitProduce(input: { acks: Acks; isrSize: number; minInsyncReplicas: number }): ErrorCode {
  throw new Error(`not written yet: admitProduce (acks=${input.acks}, ErrorCode.NONE is ${ErrorCode.NONE})`);
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
  throw new Error(`not written yet: completeProduce (acks=${input.acks})`);
}
