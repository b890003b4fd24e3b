/**
 * One partition's record, before and after one event: the model's PartitionChangeRecord.
 *
 * Source: kafka-semantics 6.6 (KRaft ReplicationControlManager + PartitionChangeBuilder, ELR off),
 * 5.9 (unclean election), 5.10 (preferred election), 5.1 and 6.5 (partition and leader epochs).
 * The rules, in the order they are applied:
 * - fence b: targetISR = ISR without b; elect among targetISR (b is no longer active);
 * - unfence b: only a leaderless partition is re-examined, with b active again;
 * - preferred: replicas[0] takes over if it is in the ISR and active;
 * - alter-isr: the leader's AlterPartition, already validated by the controller;
 * - a new leader (including "no leader" and back) bumps leaderEpoch by one; an ISR change alone
 *   does not (metadata version 3.6+, KAFKA-15021);
 * - the ISR is never written empty without ELR: when targetISR would be empty the old ISR stays,
 *   so its last member is re-elected when it comes back;
 * - an unclean election makes the ISR [leader] and the leader RECOVERING;
 * - every applied change bumps partitionEpoch; an event that changes nothing returns the same
 *   object, so callers can compare with ===.
 */
import type { TopicConfig } from '../config.js';
import { KafkaInputError } from '../errors.js';
import { NO_LEADER, type BrokerId } from '../ids.js';
import type { PartitionState } from '../protocol/messages.js';
import type { ElectionReason } from '../trace.js';
import {
  electPreferredLeader as defaultElectPreferredLeader,
  type ElectLeader,
  type LeaderElectionInput,
  type LeaderElectionResult,
} from './leader-election.js';

export type PartitionChangeEvent =
  | { readonly kind: 'fence'; readonly broker: BrokerId }
  | { readonly kind: 'unfence'; readonly broker: BrokerId }
  | { readonly kind: 'preferred' }
  /** The leader's AlterPartition. It also marks a RECOVERING leader recovered (see alter-partition.ts). */
  | { readonly kind: 'alter-isr'; readonly newIsr: readonly BrokerId[] };

export interface PartitionChangeInput {
  readonly partition: PartitionState;
  readonly topicConfig: TopicConfig;
  /**
   * Brokers that are unfenced and not shutting down. For a fence event the fenced broker is
   * removed, for an unfence event the unfenced broker added, whether or not the caller did so.
   */
  readonly activeBrokers: ReadonlySet<BrokerId>;
  readonly event: PartitionChangeEvent;
  /** Injectable so a lab can plug in the learner's election. */
  readonly electLeader: ElectLeader;
  readonly electPreferredLeader?: (input: LeaderElectionInput) => LeaderElectionResult;
}

export interface LeaderChange {
  readonly previousLeader: BrokerId;
  /** NO_LEADER when the partition went offline. */
  readonly leader: BrokerId;
  readonly leaderEpoch: number;
  readonly reason: ElectionReason;
}

export interface IsrChange {
  readonly previousIsr: readonly BrokerId[];
  readonly isr: readonly BrokerId[];
  readonly removed: readonly BrokerId[];
  readonly added: readonly BrokerId[];
}

export interface PartitionChange {
  /** The new record, or the input object itself when nothing changed. */
  readonly partition: PartitionState;
  readonly changed: boolean;
  readonly leaderChange: LeaderChange | undefined;
  readonly isrChange: IsrChange | undefined;
}

/** What an event asks the record to become, before epochs are applied. */
interface Proposal {
  readonly leader: BrokerId;
  readonly isr: readonly BrokerId[];
  readonly leaderRecoveryState: PartitionState['leaderRecoveryState'];
  /** Used only when the leader actually changes. */
  readonly reason: ElectionReason;
}

export function computePartitionChange(input: PartitionChangeInput): PartitionChange {
  const proposal = propose(input);
  return proposal === undefined ? unchanged(input.partition) : apply(input.partition, proposal);
}

function propose(input: PartitionChangeInput): Proposal | undefined {
  const { partition, event } = input;
  switch (event.kind) {
    case 'fence':
      return proposeOnFence(input, event.broker);
    case 'unfence':
      return proposeOnUnfence(input, event.broker);
    case 'preferred':
      return proposePreferred(input);
    case 'alter-isr':
      // The leader stays, so `reason` is never reported; the request doubles as "I have recovered".
      return { leader: partition.leader, isr: event.newIsr, leaderRecoveryState: 'RECOVERED', reason: 'leader-fenced' };
  }
}

/** Semantics 6.6: only partitions whose ISR holds the fenced broker get a change record. */
function proposeOnFence(input: PartitionChangeInput, fenced: BrokerId): Proposal | undefined {
  const { partition } = input;
  if (!partition.isr.includes(fenced) && partition.leader !== fenced) return undefined;
  const activeBrokers = new Set(input.activeBrokers);
  activeBrokers.delete(fenced);
  const targetIsr = partition.isr.filter((broker) => broker !== fenced);
  const election = elect(input, { isr: targetIsr, currentLeader: partition.leader, activeBrokers });
  return settle(partition, targetIsr, election, 'leader-fenced');
}

/** Semantics 6.6: an unfenced broker may bring a leaderless partition back; led partitions stay. */
function proposeOnUnfence(input: PartitionChangeInput, unfenced: BrokerId): Proposal | undefined {
  const { partition } = input;
  if (partition.leader !== NO_LEADER) return undefined;
  const activeBrokers = new Set(input.activeBrokers);
  activeBrokers.add(unfenced);
  const election = elect(input, { isr: partition.isr, currentLeader: NO_LEADER, activeBrokers });
  if (election.leader === NO_LEADER) return undefined;
  return settle(partition, partition.isr, election, 'broker-unfenced');
}

function proposePreferred(input: PartitionChangeInput): Proposal {
  const { partition } = input;
  const electPreferred = input.electPreferredLeader ?? defaultElectPreferredLeader;
  const electionIn = electionInput(input, partition.isr, partition.leader, input.activeBrokers);
  const election = electPreferred(electionIn);
  checkElection(partition, electionIn, election);
  return {
    leader: election.leader,
    isr: partition.isr,
    leaderRecoveryState: partition.leaderRecoveryState,
    reason: 'preferred',
  };
}

/** The ISR and recovery state that go with an election's outcome (semantics 6.6 "apply", 5.9). */
function settle(
  partition: PartitionState,
  targetIsr: readonly BrokerId[],
  election: LeaderElectionResult,
  reason: ElectionReason,
): Proposal {
  if (election.unclean) {
    // The new leader's log becomes the truth; followers will truncate to it.
    return { leader: election.leader, isr: [election.leader], leaderRecoveryState: 'RECOVERING', reason: 'unclean' };
  }
  // Without ELR the ISR is never written empty: keep the last member recorded for its return.
  const isr = targetIsr.length > 0 ? targetIsr : partition.isr;
  return { leader: election.leader, isr, leaderRecoveryState: partition.leaderRecoveryState, reason };
}

function elect(
  input: PartitionChangeInput,
  view: { isr: readonly BrokerId[]; currentLeader: BrokerId; activeBrokers: ReadonlySet<BrokerId> },
): LeaderElectionResult {
  const electionIn = electionInput(input, view.isr, view.currentLeader, view.activeBrokers);
  const result = input.electLeader(electionIn);
  checkElection(input.partition, electionIn, result);
  return result;
}

function electionInput(
  input: PartitionChangeInput,
  isr: readonly BrokerId[],
  currentLeader: BrokerId,
  activeBrokers: ReadonlySet<BrokerId>,
): LeaderElectionInput {
  return {
    replicas: input.partition.replicas,
    isr,
    currentLeader,
    activeBrokers,
    uncleanLeaderElectionEnable: input.topicConfig.uncleanLeaderElectionEnable,
  };
}

/**
 * The election may be a learner's code (a lab plugs it in). A result that would break the
 * partition's invariants (semantics 11, items 7 and 8) is reported as a clear message instead of
 * silently corrupting the cluster.
 */
function checkElection(partition: PartitionState, input: LeaderElectionInput, result: LeaderElectionResult): void {
  const name = `${partition.topic}-${partition.partition}`;
  if (result.leader === NO_LEADER) return;
  if (!input.replicas.includes(result.leader)) {
    throw new KafkaInputError(
      `electLeader chose broker ${result.leader} for ${name}, but it is not a replica (replicas [${input.replicas.join(', ')}]).`,
    );
  }
  if (!input.activeBrokers.has(result.leader)) {
    throw new KafkaInputError(
      `electLeader chose broker ${result.leader} for ${name}, but it is fenced or shutting down.`,
    );
  }
  if (!result.unclean && !input.isr.includes(result.leader)) {
    throw new KafkaInputError(
      `electLeader chose broker ${result.leader} for ${name} as a clean leader, but it is not in the ISR [${input.isr.join(', ')}].`,
    );
  }
  if (result.unclean && !input.uncleanLeaderElectionEnable) {
    throw new KafkaInputError(
      `electLeader made an unclean election for ${name}, but unclean.leader.election.enable is false for its topic.`,
    );
  }
}

function apply(current: PartitionState, proposal: Proposal): PartitionChange {
  const leaderChanged = proposal.leader !== current.leader;
  const isrChanged = !sameBrokers(proposal.isr, current.isr);
  const recoveryChanged = proposal.leaderRecoveryState !== current.leaderRecoveryState;
  if (!leaderChanged && !isrChanged && !recoveryChanged) return unchanged(current);

  const partition: PartitionState = {
    ...current,
    leader: proposal.leader,
    isr: [...proposal.isr],
    leaderEpoch: leaderChanged ? current.leaderEpoch + 1 : current.leaderEpoch,
    partitionEpoch: current.partitionEpoch + 1,
    leaderRecoveryState: proposal.leaderRecoveryState,
  };
  const leaderChange: LeaderChange | undefined = leaderChanged
    ? { previousLeader: current.leader, leader: partition.leader, leaderEpoch: partition.leaderEpoch, reason: proposal.reason }
    : undefined;
  const isrChange: IsrChange | undefined = isrChanged
    ? {
        previousIsr: current.isr,
        isr: partition.isr,
        removed: current.isr.filter((broker) => !partition.isr.includes(broker)),
        added: partition.isr.filter((broker) => !current.isr.includes(broker)),
      }
    : undefined;
  return { partition, changed: true, leaderChange, isrChange };
}

function unchanged(partition: PartitionState): PartitionChange {
  return { partition, changed: false, leaderChange: undefined, isrChange: undefined };
}

/** ISR order carries no meaning in Kafka, so [2, 3] and [3, 2] are the same ISR. */
function sameBrokers(left: readonly BrokerId[], right: readonly BrokerId[]): boolean {
  return left.length === right.length && left.every((broker) => right.includes(broker));
}
