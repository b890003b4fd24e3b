/**
 * The leader's high watermark rule (semantics 5.2; Partition.maybeIncrementLeaderHW in
 * core/src/main/scala/kafka/cluster/Partition.scala). The HW is the first offset not yet known to
 * be on every replica that counts; records below it are committed and readable (5.13).
 *
 * Who counts: every member of the maximal ISR (while an AlterPartition is in flight, the larger
 * of the committed and the proposed ISR, KIP-497), plus any follower that is caught up and
 * ISR-eligible but not yet in the ISR, so a follower about to rejoin is not outrun forever.
 *
 * Since 3.7 (KAFKA-15583, commit edc7e10a745, part of KIP-966) the HW does not move at all while
 * the ISR is smaller than min(min.insync.replicas, replication factor). Before 3.7 the HW advanced
 * regardless of ISR size, and min.insync.replicas was only checked for acks=all produce requests
 * (semantics 5.6), so acks=1 records written to a lone leader became visible to consumers.
 */
import type { BrokerId } from '../ids.js';
import type { FollowerProgress } from './follower-progress.js';
import { isCaughtUp as referenceIsCaughtUp, type IsrRules } from './isr.js';

export interface HighWatermarkInput {
  readonly leaderId: BrokerId;
  readonly leaderLogEndOffset: number;
  readonly currentHighWatermark: number;
  /** Committed ISR plus any pending expansion (KIP-497); includes the leader. */
  readonly maximalIsr: readonly BrokerId[];
  /**
   * Size of the committed ISR, for the min-ISR check (Kafka: partitionState.isr.size). Defaults to
   * maximalIsr.length; the two differ only while an ISR expansion is in flight.
   */
  readonly isrSize?: number;
  readonly effectiveMinIsr: number;
  readonly followers: ReadonlyMap<BrokerId, FollowerProgress>;
  /** Eligibility per follower, for the caught-up-but-not-in-ISR case (semantics 5.5). */
  readonly isrEligible: (brokerId: BrokerId) => boolean;
  readonly now: number;
  readonly replicaLagTimeMaxMs: number;
  /** Lets a lab plug in a learner's isCaughtUp; defaults to the reference rule. */
  readonly isCaughtUp?: IsrRules['isCaughtUp'];
}

/** Returns the new HW, never below currentHighWatermark (invariant 3: no backwards move during a tenure). */
export type HighWatermarkRule = (input: HighWatermarkInput) => number;

export const leaderHighWatermark: HighWatermarkRule = (input) => {
  const isrSize = input.isrSize ?? input.maximalIsr.length;
  // 3.7+: below min ISR nothing becomes committed (invariant 6).
  if (isrSize < input.effectiveMinIsr) return input.currentHighWatermark;

  const isCaughtUp = input.isCaughtUp ?? referenceIsCaughtUp;
  let candidate = input.leaderLogEndOffset;

  for (const brokerId of input.maximalIsr) {
    if (brokerId === input.leaderId) continue;
    const progress = input.followers.get(brokerId);
    // The broker resets progress for every replica on election; a missing ISR member is a model bug.
    if (progress === undefined) throw new Error(`leaderHighWatermark: no follower progress for ISR member ${brokerId}`);
    candidate = Math.min(candidate, progress.logEndOffset);
  }

  for (const [brokerId, progress] of input.followers) {
    if (brokerId === input.leaderId || input.maximalIsr.includes(brokerId)) continue;
    const waitForIt =
      isCaughtUp(progress, input.leaderLogEndOffset, input.now, input.replicaLagTimeMaxMs) && input.isrEligible(brokerId);
    if (waitForIt) candidate = Math.min(candidate, progress.logEndOffset);
  }

  return Math.max(input.currentHighWatermark, candidate);
};
