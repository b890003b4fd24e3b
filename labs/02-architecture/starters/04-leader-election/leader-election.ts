/**
 * Exercise 04: partition leader election. A broker is gone: who leads its partitions now?
 *
 * Write electLeader below; keep its name and signature (the simulated cluster's controller calls it
 * for every partition that needs a leader). README.md says what it must do and where Kafka does it.
 * Re-run the tests on every save: npm run lab 02 -- --watch 04
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
  throw new Error(`not written yet: electLeader (replicas [${input.replicas.join(', ')}], ISR [${input.isr.join(', ')}])`);
}
