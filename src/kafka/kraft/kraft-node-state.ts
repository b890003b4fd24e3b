/**
 * The state of one KRaft node (semantics 6.1): its identity and roles (`process.roles`: broker,
 * controller or both), its Raft role, the replicated metadata log, the high watermark, the image
 * replayed from committed records, and the soft state of the controller and broker roles.
 *
 * One step works on a mutable copy (`Working`) that handlers change in place, then hands it back as
 * the new state; the log, the image and the maps inside are replaced, never mutated, so an earlier
 * state a test keeps stays as it was.
 */
import type { NodeId } from '../ids.js';
import type { Message } from '../protocol/messages.js';
import type { Outbox, RandomSource } from '../step.js';
import type { MetadataImage } from './metadata-image.js';
import type { MetadataLog } from './metadata-log.js';
import type { KraftNodeConfig, VoterAddress } from './quorum-config.js';
import type { RaftRole } from './raft-role.js';
import type { DecideVote } from './vote.js';

export interface KraftIdentity {
  /** node.id: voters are named by it in controller.quorum.voters, brokers by it as broker id. */
  readonly nodeId: number;
  readonly node: NodeId;
  /** process.roles contains controller: it is one of the voters. */
  readonly controller: boolean;
  /** process.roles contains broker. */
  readonly broker: boolean;
  readonly voters: readonly VoterAddress[];
}

/** The fetch loop of a follower or observer. */
export interface FetcherState {
  /** The request in flight, if any. */
  readonly inFlight?: { readonly correlationId: number; readonly to: NodeId; readonly sentAt: number };
  /** When to send the next Fetch (undefined: right away, once there is someone to fetch from). */
  readonly nextFetchAt?: number;
  /** An observer with no known leader asks the voters in turn, starting here. */
  readonly bootstrapIndex: number;
}

/** The active controller's soft state: never persisted, rebuilt by each new active controller (semantics 6.5). */
export interface ActiveControllerState {
  readonly epoch: number;
  /** The image including this controller's own records not yet committed: its decisions build on it. */
  readonly latestImage: MetadataImage;
  readonly lastHeartbeatAt: ReadonlyMap<number, number>;
  /** Answers sent once the record at `offset` is committed (Kafka completes a write's future on commit). */
  readonly pendingReplies: ReadonlyArray<{ readonly offset: number; readonly to: NodeId; readonly message: Message }>;
  readonly nextFenceCheckAt: number;
}

/** The broker role's lifecycle (BrokerLifecycleManager): register, then heartbeat. */
export interface BrokerRoleState {
  /** A fresh value per process start (Kafka: a random UUID). */
  readonly incarnationId: number;
  /** Set once the active controller acknowledged the registration. */
  readonly brokerEpoch?: number;
  /** As the last heartbeat answer said; a new registration starts fenced. */
  readonly fenced: boolean;
  readonly inFlight?: { readonly kind: 'register' | 'heartbeat'; readonly to: NodeId; readonly sentAt: number };
  readonly nextRequestAt: number;
}

export interface KraftNodeState {
  readonly identity: KraftIdentity;
  readonly config: KraftNodeConfig;
  readonly role: RaftRole;
  readonly log: MetadataLog;
  /** Offsets below it are committed, as far as this node knows. */
  readonly highWatermark: number;
  /** The committed records replayed (nextOffset === highWatermark once caught up). */
  readonly image: MetadataImage;
  readonly fetcher: FetcherState;
  /** Elections this node started since it last saw a leader (drives the backoff). */
  readonly electionRetries: number;
  readonly nextCorrelationId: number;
  /**
   * An observer that lost its leader's connection ignores hints naming that leader in that epoch,
   * so it keeps asking the voters until one names the next leader instead of flapping back.
   */
  readonly unreachableLeader: { readonly epoch: number; readonly leaderId: number } | undefined;
  /** Set while this node is the Raft leader and has committed its LeaderChange record. */
  readonly controller: ActiveControllerState | undefined;
  readonly broker: BrokerRoleState | undefined;
}

/** What survives a crash: the quorum-state file (epoch, vote, leader) and the log (semantics 6.2). */
export interface KraftPersisted {
  readonly identity: KraftIdentity;
  readonly config: KraftNodeConfig;
  readonly epoch: number;
  readonly votedFor: number | undefined;
  readonly leaderId: number | undefined;
  readonly log: MetadataLog;
}

export type Working = { -readonly [K in keyof KraftNodeState]: KraftNodeState[K] };

/** One step's context: the working copy, the outbox, the clock, randomness and the vote seam. */
export interface Turn {
  readonly n: Working;
  readonly out: Outbox;
  readonly now: number;
  readonly random: RandomSource;
  readonly decideVote: DecideVote;
}

export function voterNode(identity: KraftIdentity, voterId: number): NodeId | undefined {
  return identity.voters.find((voter) => voter.id === voterId)?.node;
}

export function isVoterId(identity: KraftIdentity, id: number): boolean {
  return identity.voters.some((voter) => voter.id === id);
}

/** Voters other than this node. */
export function otherVoters(identity: KraftIdentity): readonly { readonly id: number; readonly node: NodeId }[] {
  return identity.voters.filter((voter) => voter.id !== identity.nodeId);
}
