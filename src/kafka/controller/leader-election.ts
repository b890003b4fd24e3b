/**
 * How the controller picks a partition leader. A pure function of the partition's replicas, its
 * ISR and which brokers are alive: the same input always elects the same broker.
 *
 * Source: kafka-semantics 6.6 (KRaft PartitionChangeBuilder.electLeader, ELR disabled), 5.9
 * (unclean election), 5.10 (preferred election), 7.1 (ZooKeeper mode used the same order).
 *
 * Eligible Leader Replicas (KIP-966, semantics 5.11) are left out on purpose: ELR ships in 4.0 but
 * is disabled by default there, so a 4.0 cluster elects exactly as below.
 */
import { NO_LEADER, type BrokerId } from '../ids.js';

export interface LeaderElectionInput {
  /** Assignment order; replicas[0] is the preferred leader. */
  readonly replicas: readonly BrokerId[];
  /** ISR after removing the broker being fenced (semantics 6.6: targetISR). */
  readonly isr: readonly BrokerId[];
  /** NO_LEADER (-1) when the partition has none. */
  readonly currentLeader: BrokerId;
  /** Unfenced and not shutting down. A broker being fenced is already left out. */
  readonly activeBrokers: ReadonlySet<BrokerId>;
  /** The topic's unclean.leader.election.enable (default false). */
  readonly uncleanLeaderElectionEnable: boolean;
}

export interface LeaderElectionResult {
  /** NO_LEADER (-1) when nobody can lead. */
  readonly leader: BrokerId;
  /** True when the leader was taken from outside the ISR: acknowledged records may be lost. */
  readonly unclean: boolean;
}

export type ElectLeader = (input: LeaderElectionInput) => LeaderElectionResult;

/**
 * Semantics 6.6 electLeader():
 * 1. a current leader that is still in the ISR and active stays (no needless leader change);
 * 2. else the first replica, in REPLICA-LIST order (not ISR order), that is in the ISR and active;
 * 3. else, only if the topic allows unclean election, the first active replica in replica order;
 * 4. else NO_LEADER: the partition goes offline until an ISR member returns.
 */
export const electLeader: ElectLeader = (input) => {
  const inIsr = new Set(input.isr);
  const canLeadCleanly = (broker: BrokerId): boolean => inIsr.has(broker) && input.activeBrokers.has(broker);

  if (input.currentLeader !== NO_LEADER && canLeadCleanly(input.currentLeader)) {
    return { leader: input.currentLeader, unclean: false };
  }
  const cleanLeader = input.replicas.find(canLeadCleanly);
  if (cleanLeader !== undefined) return { leader: cleanLeader, unclean: false };

  if (input.uncleanLeaderElectionEnable) {
    const uncleanLeader = input.replicas.find((broker) => input.activeBrokers.has(broker));
    if (uncleanLeader !== undefined) return { leader: uncleanLeader, unclean: true };
  }
  return { leader: NO_LEADER, unclean: false };
};

/**
 * Semantics 5.10: the preferred leader replicas[0] takes over only if it is in the ISR and active;
 * otherwise the current leader stays (even NO_LEADER: a preferred election never elects uncleanly).
 */
export function electPreferredLeader(input: LeaderElectionInput): LeaderElectionResult {
  const preferred = input.replicas[0];
  if (preferred !== undefined && input.isr.includes(preferred) && input.activeBrokers.has(preferred)) {
    return { leader: preferred, unclean: false };
  }
  return { leader: input.currentLeader, unclean: false };
}
