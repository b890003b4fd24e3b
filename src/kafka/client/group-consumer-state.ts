/**
 * The group consumer's state as plain data: its commands, where its membership stands, and what
 * survives a crash. The machine itself is group-consumer.ts.
 */
import type { TopicPartition, NodeId } from '../ids.js';
import { initialConsumerState } from './consumer-state.js';
import type { ConsumerState } from './consumer-state.js';

export type GroupConsumerCommand =
  /** KafkaConsumer.subscribe: join the group for these topics (replacing any earlier subscription). */
  | { readonly type: 'subscribe'; readonly topics: readonly string[] }
  /** KafkaConsumer.close / unsubscribe: commit (unless manual) and wait for its answer, leave the group, drop everything. */
  | { readonly type: 'unsubscribe' }
  /** commitSync of the current positions (every mode accepts it). */
  | { readonly type: 'commit' }
  /** The application stops polling for this long (a slow record, a GC pause). */
  | { readonly type: 'stall'; readonly durationMs: number };

/** 'leaving': close() committed and waits for that commit's answer before it leaves the group. */
export type MembershipPhase = 'idle' | 'metadata' | 'find-coordinator' | 'join' | 'sync' | 'stable' | 'leaving' | 'left';

export interface InFlight {
  readonly correlationId: number;
  readonly node: NodeId;
  readonly deadlineMs: number;
  /** For a commit: the generation (or member epoch) it was sent with. */
  readonly generationId?: number;
}

export interface Membership {
  readonly phase: MembershipPhase;
  readonly memberId: string;
  readonly generationId: number;
  readonly protocolName: string | null;
  readonly isLeader: boolean;
  readonly coordinator: NodeId | undefined;
  /** The request of the current phase (metadata, find, join, sync). */
  readonly request: InFlight | undefined;
  readonly heartbeat: InFlight | undefined;
  readonly nextHeartbeatAtMs: number | undefined;
  /** Nothing is sent for the phase before then (retry.backoff.ms after an error). */
  readonly retryAtMs: number | undefined;
  /** The partitions this member owns now (its client-side view). */
  readonly owned: readonly TopicPartition[];
  /** Partitions assigned but waiting for their committed offsets (OffsetFetch). */
  readonly awaitingOffsets: { readonly request: InFlight; readonly partitions: readonly TopicPartition[] } | undefined;
  /** After this generation's sync, join again (cooperative: the second round after a revocation). */
  readonly rejoinAfterSync: boolean;
  /** The coordinator was lost while stable: once found again, resume heartbeating instead of joining. */
  readonly resumeStable: boolean;
  readonly bootstrapIndex: number;
}

export interface GroupConsumerState {
  readonly inner: ConsumerState;
  readonly subscription: readonly string[];
  readonly partitionCounts: ReadonlyMap<string, number>;
  readonly membership: Membership;
  readonly nextCorrelationId: number;
  readonly nextPollAtMs: number | undefined;
  readonly stalledUntilMs: number | undefined;
  readonly lastPollMs: number | undefined;
  readonly lastAutoCommitMs: number | undefined;
  readonly commitInFlight: InFlight | undefined;
  /**
   * A commit of the current positions is owed: asked for while another was in flight, or the last
   * one was lost or hit a coordinator error (commitSync retries those until its timeout).
   */
  readonly commitWanted: boolean;
}

/** What survives a crash: the application subscribes again when it starts. The member id does not. */
export interface GroupConsumerPersisted {
  readonly subscription: readonly string[];
}

/** Group requests take correlation ids from here up, so they never collide with the fetch loop's. */
export const GROUP_CORRELATION_BASE = 2 ** 30;

const initialMembership: Membership = {
  phase: 'idle',
  memberId: '',
  generationId: -1,
  protocolName: null,
  isLeader: false,
  coordinator: undefined,
  request: undefined,
  heartbeat: undefined,
  nextHeartbeatAtMs: undefined,
  retryAtMs: undefined,
  owned: [],
  awaitingOffsets: undefined,
  rejoinAfterSync: false,
  resumeStable: false,
  bootstrapIndex: 0,
};

export function initialGroupConsumerState(subscription: readonly string[] = []): GroupConsumerState {
  return {
    inner: initialConsumerState(),
    subscription,
    partitionCounts: new Map(),
    membership: subscription.length > 0 ? { ...initialMembership, phase: 'metadata' } : initialMembership,
    nextCorrelationId: GROUP_CORRELATION_BASE,
    nextPollAtMs: undefined,
    stalledUntilMs: undefined,
    lastPollMs: undefined,
    lastAutoCommitMs: undefined,
    commitInFlight: undefined,
    commitWanted: false,
  };
}

