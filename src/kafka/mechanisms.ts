/**
 * The mechanisms a lab asks the learner to write, each a plain function the cluster takes through
 * its configuration. The reference versions are the defaults; a lab test swaps in the learner's
 * version and runs the whole simulated cluster with it.
 */
import { electLeader, type ElectLeader } from './controller/leader-election.js';
import { decideVote, type DecideVote } from './kraft/vote.js';
import { partitionForKey, type KeyPartitioner } from './partitioning/partitioner.js';
import { referenceAcksRules, type AcksRules } from './replication/acks.js';
import { leaderHighWatermark, type HighWatermarkRule } from './replication/high-watermark.js';
import { referenceIsrRules, type IsrRules } from './replication/isr.js';
import type { Assignor } from './group/assignor.js';
import { rangeAssignor } from './group/range-assignor.js';

export interface Mechanisms {
  /** Producer: the partition of a keyed record (murmur2, toPositive, modulo). */
  readonly partitionForKey: KeyPartitioner;
  /** Partition leader: the high watermark after a fetch, an append or an ISR change. */
  readonly highWatermark: HighWatermarkRule;
  /** Partition leader: admit a produce request, and decide when it is done. */
  readonly acks: AcksRules;
  /** Partition leader: the last-caught-up-time rule, ISR shrink and ISR expansion. */
  readonly isr: IsrRules;
  /** Controller: the new leader when a broker is fenced. */
  readonly electLeader: ElectLeader;
  /** KRaft voter: grant or refuse a Vote (or pre-vote) request (kraft/vote.ts; KIP-595, KIP-996). */
  readonly decideVote: DecideVote;
  /** Consumer-group leader: the `range` assignor (lab 06-range-assignor). */
  readonly rangeAssignor: Assignor;
}

export const referenceMechanisms: Mechanisms = {
  partitionForKey,
  highWatermark: leaderHighWatermark,
  acks: referenceAcksRules,
  isr: referenceIsrRules,
  electLeader,
  decideVote,
  rangeAssignor,
};

export type BrokerMechanisms = Pick<Mechanisms, 'highWatermark' | 'acks' | 'isr'>;
