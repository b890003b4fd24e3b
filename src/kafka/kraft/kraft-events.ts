/**
 * The trace events of the KRaft quorum and its controllers (semantics 6.2, 6.5, 6.8), appended to
 * the TraceEvent union in ../trace.ts. Broker registration, fencing and partition leadership reuse
 * the controller's events there (`broker.registered`, `broker.fenced`, `leader.elected`, ...).
 */
import type { QuorumStateKind } from './quorum-state.js';

export type KraftTraceEventBody =
  /** A node's Raft state changed (QuorumState's transitionTo...). */
  | {
      readonly type: 'quorum.transition';
      readonly from: QuorumStateKind;
      readonly to: QuorumStateKind;
      readonly epoch: number;
      readonly leaderId: number | undefined;
      readonly reason: string;
    }
  /** A voter answered a Vote (or pre-vote) request. */
  | {
      readonly type: 'quorum.vote';
      readonly candidateId: number;
      readonly candidateEpoch: number;
      readonly preVote: boolean;
      readonly granted: boolean;
      readonly reason: string;
    }
  /** A candidate won: it is leader of `epoch` and wrote its LeaderChange record at epochStartOffset. */
  | { readonly type: 'quorum.elected'; readonly epoch: number; readonly votes: readonly number[]; readonly epochStartOffset: number }
  /** The HW moved: records below `to` are committed (leader) or known committed (follower, observer). */
  | { readonly type: 'quorum.committed'; readonly epoch: number; readonly from: number; readonly to: number }
  /** A follower or observer cut its log back on a diverging epoch. */
  | { readonly type: 'quorum.truncated'; readonly fromEndOffset: number; readonly toOffset: number; readonly divergingEpoch: number }
  /** The active controller wrote a metadata record (not yet committed). */
  | { readonly type: 'metadata.appended'; readonly offset: number; readonly epoch: number; readonly record: string }
  /** The Raft leader committed its LeaderChange record and now acts as the active controller. */
  | { readonly type: 'controller.activated'; readonly epoch: number; readonly recordsInMemory: number }
  /** A controller that led stopped acting as the active controller. */
  | { readonly type: 'controller.deactivated'; readonly epoch: number; readonly reason: string };
