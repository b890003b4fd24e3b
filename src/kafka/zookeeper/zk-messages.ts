/**
 * What ZooKeeper-mode nodes exchanged (semantics 7.1; ZooKeeper's client protocol as Kafka's
 * ZooKeeperClient used it, and the controller's LeaderAndIsr/UpdateMetadata push). ZooKeeper mode
 * was removed in Kafka 4.0: this exists only to compare failover with KRaft, side by side.
 */
import type { PartitionState } from '../protocol/messages.js';

export type ZkOperation =
  | { readonly op: 'create'; readonly path: string; readonly data: string; readonly ephemeral: boolean }
  | { readonly op: 'get'; readonly path: string; readonly watch: boolean }
  | { readonly op: 'exists'; readonly path: string; readonly watch: boolean }
  | { readonly op: 'children'; readonly path: string; readonly watch: boolean }
  /** Conditional when `version` is given (-1 or absent: any version). */
  | { readonly op: 'set'; readonly path: string; readonly data: string; readonly version?: number };

export type ZkError = 'OK' | 'NODEEXISTS' | 'NONODE' | 'BADVERSION' | 'SESSIONEXPIRED';

export interface ZkConnectRequest {
  readonly type: 'ZkConnectRequest';
  readonly sessionTimeoutMs: number;
}

export interface ZkConnectResponse {
  readonly type: 'ZkConnectResponse';
  readonly sessionId: number;
  /** The timeout the server granted (clamped to [2, 20] ticks). */
  readonly sessionTimeoutMs: number;
}

/** The client's keep-alive, sent when it has been quiet for a third of the session timeout. */
export interface ZkPing {
  readonly type: 'ZkPing';
  readonly sessionId: number;
}

export interface ZkRequest {
  readonly type: 'ZkRequest';
  readonly sessionId: number;
  readonly xid: number;
  readonly operation: ZkOperation;
}

export interface ZkResponse {
  readonly type: 'ZkResponse';
  readonly xid: number;
  readonly error: ZkError;
  readonly data?: string;
  readonly version?: number;
  readonly children?: readonly string[];
}

/** A one-shot watch fired (ZooKeeper's WatchedEvent). */
export interface ZkWatchEvent {
  readonly type: 'ZkWatchEvent';
  readonly path: string;
  readonly event: 'created' | 'deleted' | 'data-changed' | 'children-changed';
}

/** Controller → broker: partition leadership, stamped with the controller epoch (zombie fencing). */
export interface LeaderAndIsrRequest {
  readonly type: 'LeaderAndIsrRequest';
  readonly controllerId: number;
  readonly controllerEpoch: number;
  readonly partitions: readonly PartitionState[];
}

export type ZkMessage = ZkConnectRequest | ZkConnectResponse | ZkPing | ZkRequest | ZkResponse | ZkWatchEvent | LeaderAndIsrRequest;
