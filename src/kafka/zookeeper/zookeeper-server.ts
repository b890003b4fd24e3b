/**
 * The ZooKeeper ensemble as one machine (semantics 7.1): znodes, client sessions that expire when a
 * client falls silent for its session timeout, ephemeral znodes that vanish with their session, and
 * one-shot watches. ZooKeeper mode was removed in Kafka 4.0; this model exists so the same failure
 * can be run in both modes.
 *
 * Simplifications: the ensemble is one node (ZooKeeper's own ZAB replication between its servers is
 * not modelled, and the ensemble never fails); every request takes one network round trip.
 * Kept from ZooKeeper: sessions expire on tick boundaries (ExpiryQueue rounds an expiry time up to
 * the next multiple of tickTime, 2000 ms by default), and the granted session timeout is clamped to
 * [2, 20] ticks (minSessionTimeout, maxSessionTimeout).
 */
import type { NodeId } from '../ids.js';
import { Outbox, type NodeInput, type NodeMachine, type Step, type StepContext } from '../step.js';
import type { Message } from '../protocol/messages.js';
import { childrenOf, createZnode, deleteEphemerals, parentOf, setZnode, type ZnodeTree } from './znode-tree.js';
import type { ZkRequest, ZkResponse, ZkWatchEvent } from './zk-messages.js';

export const ZOOKEEPER_NODE: NodeId = 'zookeeper';
export const ZK_TICK_MS = 2_000;

interface Session {
  readonly client: NodeId;
  readonly timeoutMs: number;
  readonly expiresAt: number;
}

export interface ZookeeperState {
  readonly tree: ZnodeTree;
  readonly sessions: ReadonlyMap<number, Session>;
  readonly nextSessionId: number;
  /** path → clients watching its data or existence (one-shot). */
  readonly dataWatches: ReadonlyMap<string, readonly NodeId[]>;
  /** path → clients watching its children (one-shot). */
  readonly childWatches: ReadonlyMap<string, readonly NodeId[]>;
}

export function initialZookeeperState(tree: ZnodeTree): ZookeeperState {
  return { tree, sessions: new Map(), nextSessionId: 1, dataWatches: new Map(), childWatches: new Map() };
}

/** ExpiryQueue.roundToNextInterval: expiry happens on the next tick boundary. */
function expiryTime(now: number, timeoutMs: number): number {
  return Math.ceil((now + timeoutMs) / ZK_TICK_MS) * ZK_TICK_MS;
}

type Mutable = { -readonly [K in keyof ZookeeperState]: ZookeeperState[K] };

function addWatch(watches: ReadonlyMap<string, readonly NodeId[]>, path: string, client: NodeId): ReadonlyMap<string, readonly NodeId[]> {
  const current = watches.get(path) ?? [];
  if (current.includes(client)) return watches;
  const next = new Map(watches);
  next.set(path, [...current, client]);
  return next;
}

function fire(z: Mutable, out: Outbox, kind: 'data' | 'child', path: string, event: ZkWatchEvent['event']): void {
  const watches = kind === 'data' ? z.dataWatches : z.childWatches;
  const clients = watches.get(path);
  if (clients === undefined) return;
  const next = new Map(watches);
  next.delete(path);
  if (kind === 'data') z.dataWatches = next;
  else z.childWatches = next;
  for (const client of clients) out.send(client, { type: 'ZkWatchEvent', path, event });
}

function touch(z: Mutable, sessionId: number, now: number): boolean {
  const session = z.sessions.get(sessionId);
  if (session === undefined) return false;
  const sessions = new Map(z.sessions);
  sessions.set(sessionId, { ...session, expiresAt: expiryTime(now, session.timeoutMs) });
  z.sessions = sessions;
  return true;
}

function handleRequest(z: Mutable, out: Outbox, from: NodeId, request: ZkRequest, now: number): void {
  const reply = (fields: Omit<ZkResponse, 'type' | 'xid'>): void => out.send(from, { type: 'ZkResponse', xid: request.xid, ...fields });
  if (!touch(z, request.sessionId, now)) return reply({ error: 'SESSIONEXPIRED' });
  const operation = request.operation;
  switch (operation.op) {
    case 'create': {
      const result = createZnode(z.tree, operation.path, operation.data, operation.ephemeral ? request.sessionId : undefined);
      z.tree = result.tree;
      if (result.error === 'OK') {
        fire(z, out, 'data', operation.path, 'created');
        fire(z, out, 'child', parentOf(operation.path), 'children-changed');
      }
      return reply({ error: result.error });
    }
    case 'get':
    case 'exists': {
      const node = z.tree.get(operation.path);
      if (operation.watch) z.dataWatches = addWatch(z.dataWatches, operation.path, from);
      if (node === undefined) return reply({ error: 'NONODE' });
      return reply({ error: 'OK', data: node.data, version: node.version });
    }
    case 'children': {
      if (!z.tree.has(operation.path)) return reply({ error: 'NONODE' });
      if (operation.watch) z.childWatches = addWatch(z.childWatches, operation.path, from);
      return reply({ error: 'OK', children: childrenOf(z.tree, operation.path) });
    }
    case 'set': {
      const result = setZnode(z.tree, operation.path, operation.data, operation.version);
      z.tree = result.tree;
      if (result.error === 'OK') fire(z, out, 'data', operation.path, 'data-changed');
      return reply(result.version === undefined ? { error: result.error } : { error: result.error, version: result.version });
    }
  }
}

function expireSessions(z: Mutable, out: Outbox, now: number): void {
  for (const [sessionId, session] of [...z.sessions]) {
    if (session.expiresAt > now) continue;
    const sessions = new Map(z.sessions);
    sessions.delete(sessionId);
    z.sessions = sessions;
    const { tree, deleted } = deleteEphemerals(z.tree, sessionId);
    z.tree = tree;
    out.emit({ type: 'zk.session-expired', sessionId, client: session.client, ephemeralsDeleted: deleted });
    for (const path of deleted) {
      fire(z, out, 'data', path, 'deleted');
      fire(z, out, 'child', parentOf(path), 'children-changed');
    }
  }
}

function step(state: ZookeeperState, input: NodeInput<never>, context: StepContext): Step<ZookeeperState> {
  const out = new Outbox(ZOOKEEPER_NODE, context.now);
  const z: Mutable = { ...state };
  if (input.kind === 'deliver') {
    const { from, message } = input.envelope;
    deliver(z, out, from, message, context.now);
  }
  expireSessions(z, out, context.now);
  let wakeAt: number | undefined;
  for (const session of z.sessions.values()) wakeAt = wakeAt === undefined ? session.expiresAt : Math.min(wakeAt, session.expiresAt);
  return out.finish(z as ZookeeperState, wakeAt);
}

function deliver(z: Mutable, out: Outbox, from: NodeId, message: Message, now: number): void {
  switch (message.type) {
    case 'ZkConnectRequest': {
      const timeoutMs = Math.min(20 * ZK_TICK_MS, Math.max(2 * ZK_TICK_MS, message.sessionTimeoutMs));
      const sessionId = z.nextSessionId;
      z.nextSessionId += 1;
      const sessions = new Map(z.sessions);
      sessions.set(sessionId, { client: from, timeoutMs, expiresAt: expiryTime(now, timeoutMs) });
      z.sessions = sessions;
      out.send(from, { type: 'ZkConnectResponse', sessionId, sessionTimeoutMs: timeoutMs });
      return;
    }
    case 'ZkPing':
      touch(z, message.sessionId, now);
      return;
    case 'ZkRequest':
      handleRequest(z, out, from, message, now);
      return;
    default:
      out.emit({ type: 'input.rejected', reason: `ZooKeeper does not handle ${message.type} (from ${from})` });
  }
}

export const zookeeperMachine: NodeMachine<ZookeeperState, never, ZookeeperState> = {
  step,
  // The ensemble is not crashed in this model; if it were, its data would survive (it is on disk).
  persisted: (state) => state,
  restart: (persisted) => persisted,
};
