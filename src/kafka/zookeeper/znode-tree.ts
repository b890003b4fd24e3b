/**
 * ZooKeeper's data tree as plain functions over a readonly map (semantics 7.1; ZooKeeper DataTree):
 * znodes with data, a version bumped by every set, and an owner session for ephemeral znodes.
 * Parents must exist; paths are absolute ("/brokers/ids/1").
 */
import type { ZkError } from './zk-messages.js';

export interface Znode {
  readonly data: string;
  readonly version: number;
  /** The session that owns an ephemeral znode; undefined for a persistent one. */
  readonly ephemeralOwner: number | undefined;
}

export type ZnodeTree = ReadonlyMap<string, Znode>;

export function parentOf(path: string): string {
  const index = path.lastIndexOf('/');
  return index <= 0 ? '/' : path.slice(0, index);
}

export function childrenOf(tree: ZnodeTree, path: string): string[] {
  const prefix = path === '/' ? '/' : `${path}/`;
  const names: string[] = [];
  for (const key of tree.keys()) {
    if (key.startsWith(prefix) && key !== path && !key.slice(prefix.length).includes('/')) names.push(key.slice(prefix.length));
  }
  return names.sort();
}

export function createZnode(tree: ZnodeTree, path: string, data: string, owner: number | undefined): { tree: ZnodeTree; error: ZkError } {
  if (tree.has(path)) return { tree, error: 'NODEEXISTS' };
  const parent = parentOf(path);
  if (parent !== '/' && !tree.has(parent)) return { tree, error: 'NONODE' };
  const next = new Map(tree);
  next.set(path, { data, version: 0, ephemeralOwner: owner });
  return { tree: next, error: 'OK' };
}

export function setZnode(tree: ZnodeTree, path: string, data: string, version: number | undefined): { tree: ZnodeTree; error: ZkError; version?: number } {
  const node = tree.get(path);
  if (node === undefined) return { tree, error: 'NONODE' };
  if (version !== undefined && version !== -1 && version !== node.version) return { tree, error: 'BADVERSION' };
  const next = new Map(tree);
  next.set(path, { ...node, data, version: node.version + 1 });
  return { tree: next, error: 'OK', version: node.version + 1 };
}

/** Deletes every ephemeral znode of a session; returns the new tree and the deleted paths. */
export function deleteEphemerals(tree: ZnodeTree, sessionId: number): { tree: ZnodeTree; deleted: string[] } {
  const deleted = [...tree.entries()].filter(([, node]) => node.ephemeralOwner === sessionId).map(([path]) => path);
  if (deleted.length === 0) return { tree, deleted };
  const next = new Map(tree);
  for (const path of deleted) next.delete(path);
  return { tree: next, deleted };
}

/** A tree from persistent znodes (parents created as needed, empty data). */
export function treeOf(znodes: ReadonlyArray<readonly [string, string]>): ZnodeTree {
  const tree = new Map<string, Znode>();
  for (const [path, data] of znodes) {
    let parent = parentOf(path);
    const missing: string[] = [];
    while (parent !== '/' && !tree.has(parent)) {
      missing.push(parent);
      parent = parentOf(parent);
    }
    for (const ancestor of missing.reverse()) tree.set(ancestor, { data: '', version: 0, ephemeralOwner: undefined });
    tree.set(path, { data, version: 0, ephemeralOwner: undefined });
  }
  return tree;
}
