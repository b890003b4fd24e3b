/**
 * Settings of a KRaft node, named after Kafka's (camelCase, unit last) with the 4.x defaults
 * (semantics 6.9; QuorumConfig.java, KRaftConfigs.java), and the check of a voter set.
 *
 * `controller.quorum.voters` is the static voter set (KIP-595). Kafka 3.9+ can also grow and shrink
 * the set at run time (KIP-853, `controller.quorum.bootstrap.servers`); the model keeps it static.
 */
import { KafkaInputError } from '../errors.js';

export interface QuorumConfig {
  /** controller.quorum.election.timeout.ms: an election timer is drawn uniformly in [T, 2T). */
  readonly electionTimeoutMs: number;
  /** controller.quorum.fetch.timeout.ms: a follower with no successful Fetch for this long starts an election. */
  readonly fetchTimeoutMs: number;
  /** controller.quorum.election.backoff.max.ms: the cap of a losing candidate's backoff. */
  readonly electionBackoffMaxMs: number;
  /** controller.quorum.request.timeout.ms: an unanswered request is given up and sent again. */
  readonly requestTimeoutMs: number;
  /** controller.quorum.retry.backoff.ms: wait before retrying a failed request. */
  readonly retryBackoffMs: number;
  /** How long a leader holds a Fetch that finds nothing new (KafkaRaftClient's fetch max wait, 500 ms). */
  readonly fetchMaxWaitMs: number;
  /** Most records one Fetch response carries (Kafka bounds it by bytes). */
  readonly fetchMaxRecords: number;
  /** KIP-996 pre-vote, on since Kafka 4.0. Off gives the 3.x behaviour: straight to Candidate. */
  readonly preVote: boolean;
}

export interface KraftNodeConfig {
  readonly quorum: QuorumConfig;
  /** broker.heartbeat.interval.ms. */
  readonly brokerHeartbeatIntervalMs: number;
  /** broker.session.timeout.ms, used by the active controller. */
  readonly brokerSessionTimeoutMs: number;
}

export const defaultQuorumConfig: QuorumConfig = {
  electionTimeoutMs: 1_000,
  fetchTimeoutMs: 2_000,
  electionBackoffMaxMs: 1_000,
  requestTimeoutMs: 2_000,
  retryBackoffMs: 20,
  fetchMaxWaitMs: 500,
  fetchMaxRecords: 100,
  preVote: true,
};

export const defaultKraftNodeConfig: KraftNodeConfig = {
  quorum: defaultQuorumConfig,
  brokerHeartbeatIntervalMs: 2_000,
  brokerSessionTimeoutMs: 9_000,
};

/** A voter: its node id (as in controller.quorum.voters=id@host:port) and its network address. */
export interface VoterAddress {
  readonly id: number;
  readonly node: string;
}

export interface VoterSetCheck {
  /** Sentences for the learner; empty when the set is sensible. */
  readonly warnings: readonly string[];
}

/**
 * Checks a static voter set. Errors (thrown as KafkaInputError): a repeated id or address, a
 * negative or fractional id. Warnings (accepted): no voters at all (nothing can ever be elected,
 * so no metadata is ever written) and an even count (legal, but 4 voters tolerate one failure,
 * like 3, while needing one more machine; 2 tolerate none, like 1).
 */
export function checkVoterSet(voters: readonly VoterAddress[]): VoterSetCheck {
  const ids = new Set<number>();
  const nodes = new Set<string>();
  for (const voter of voters) {
    if (!Number.isSafeInteger(voter.id) || voter.id < 0) {
      throw new KafkaInputError(`controller.quorum.voters: node id ${voter.id} is not a whole number >= 0.`);
    }
    if (ids.has(voter.id)) throw new KafkaInputError(`controller.quorum.voters: node id ${voter.id} appears twice.`);
    if (nodes.has(voter.node)) throw new KafkaInputError(`controller.quorum.voters: address ${voter.node} appears twice.`);
    ids.add(voter.id);
    nodes.add(voter.node);
  }
  const warnings: string[] = [];
  if (voters.length === 0) {
    warnings.push(
      'controller.quorum.voters is empty: with no voters no controller can ever be elected, so the cluster never gets metadata.',
    );
  } else if (voters.length % 2 === 0) {
    const tolerated = Math.floor((voters.length - 1) / 2);
    warnings.push(
      `${voters.length} voters is legal but pointless: a majority is ${majority(voters.length)}, so it survives ` +
        `${tolerated} failed voter${tolerated === 1 ? '' : 's'}, no more than ${voters.length - 1} voters would. Use an odd count (3 or 5).`,
    );
  }
  return { warnings };
}

/** The smallest majority of n voters: floor(n / 2) + 1. */
export function majority(voterCount: number): number {
  return Math.floor(voterCount / 2) + 1;
}

/** Checks numeric settings, so a typo in a scenario is a message, not a frozen cluster. */
export function checkQuorumConfig(config: QuorumConfig): void {
  const positive: Array<[string, number]> = [
    ['controller.quorum.election.timeout.ms', config.electionTimeoutMs],
    ['controller.quorum.fetch.timeout.ms', config.fetchTimeoutMs],
    ['controller.quorum.request.timeout.ms', config.requestTimeoutMs],
    ['fetch max wait', config.fetchMaxWaitMs],
    ['fetch max records', config.fetchMaxRecords],
  ];
  for (const [name, value] of positive) {
    if (!Number.isSafeInteger(value) || value < 1) throw new KafkaInputError(`${name} must be a whole number >= 1, got ${value}.`);
  }
  const nonNegative: Array<[string, number]> = [
    ['controller.quorum.election.backoff.max.ms', config.electionBackoffMaxMs],
    ['controller.quorum.retry.backoff.ms', config.retryBackoffMs],
  ];
  for (const [name, value] of nonNegative) {
    if (!Number.isSafeInteger(value) || value < 0) throw new KafkaInputError(`${name} must be a whole number >= 0, got ${value}.`);
  }
}
