/**
 * Exercise 04: partition leader election (reference solution).
 *
 * Kafka: metadata/src/main/java/org/apache/kafka/controller/PartitionChangeBuilder.java
 * (electLeader, with Eligible Leader Replicas disabled: the 4.0 default).
 */

/** NO_LEADER: the partition is offline. */
export const NO_LEADER = -1;

export interface LeaderElectionInput {
  /** The partition's replicas in assignment order; replicas[0] is the preferred leader. */
  readonly replicas: readonly number[];
  /** The in-sync replicas (the broker being fenced is already removed). */
  readonly isr: readonly number[];
  /** The current leader, or NO_LEADER. */
  readonly currentLeader: number;
  /** Brokers that are unfenced and not shutting down. */
  readonly activeBrokers: ReadonlySet<number>;
  /** The topic's unclean.leader.election.enable (default false). */
  readonly uncleanLeaderElectionEnable: boolean;
}

export interface LeaderElectionResult {
  readonly leader: number;
  /** True when the leader comes from outside the ISR. */
  readonly unclean: boolean;
}

export function electLeader(input: LeaderElectionInput): LeaderElectionResult {
  const canLead = (broker: number): boolean => input.isr.includes(broker) && input.activeBrokers.has(broker);
  if (input.currentLeader !== NO_LEADER && canLead(input.currentLeader)) return { leader: input.currentLeader, unclean: false };
  const clean = input.replicas.find(canLead);
  if (clean !== undefined) return { leader: clean, unclean: false };
  if (input.uncleanLeaderElectionEnable) {
    const live = input.replicas.find((broker) => input.activeBrokers.has(broker));
    if (live !== undefined) return { leader: live, unclean: true };
  }
  return { leader: NO_LEADER, unclean: false };
}
