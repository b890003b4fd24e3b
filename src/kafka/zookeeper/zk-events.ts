/** Trace events of the ZooKeeper-mode model (semantics 7.1), appended to ../trace.ts. */
export type ZkTraceEventBody =
  /** ZooKeeper expired a session: its ephemeral znodes are gone and their watches fired. */
  | { readonly type: 'zk.session-expired'; readonly sessionId: number; readonly client: string; readonly ephemeralsDeleted: readonly string[] }
  /** A broker created /controller and bumped /controller_epoch: it must now load all metadata. */
  | { readonly type: 'zk.controller-elected'; readonly controllerEpoch: number }
  /** The new controller finished reading the cluster's state from ZooKeeper and acts. */
  | { readonly type: 'zk.controller-active'; readonly controllerEpoch: number; readonly znodesRead: number; readonly loadMs: number }
  /** A broker applied a LeaderAndIsr request. */
  | { readonly type: 'zk.leader-and-isr'; readonly controllerEpoch: number; readonly partitions: number };
