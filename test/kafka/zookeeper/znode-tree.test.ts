/** ZooKeeper's data tree as the ZooKeeper-mode model uses it (semantics 7.1; ZooKeeper DataTree). */
import { describe, expect, it } from 'vitest';
import { childrenOf, createZnode, deleteEphemerals, setZnode, treeOf } from '../../../src/kafka/zookeeper/znode-tree.js';

describe('znode tree', () => {
  const base = treeOf([['/brokers/ids', ''], ['/controller_epoch', '3']]);

  it('create refuses an existing path (NODEEXISTS) and a missing parent (NONODE): the /controller race has one winner', () => {
    const first = createZnode(base, '/controller', '{"brokerid":1}', 11);
    expect(first.error).toBe('OK');
    expect(createZnode(first.tree, '/controller', '{"brokerid":2}', 12).error).toBe('NODEEXISTS');
    expect(createZnode(base, '/nope/child', '', undefined).error).toBe('NONODE');
  });

  it('set bumps the version and refuses a stale one (BADVERSION): how /controller_epoch is bumped safely', () => {
    const once = setZnode(base, '/controller_epoch', '4', 0);
    expect(once).toMatchObject({ error: 'OK', version: 1 });
    expect(setZnode(once.tree, '/controller_epoch', '4', 0).error).toBe('BADVERSION');
  });

  it('a session\'s ephemeral znodes vanish with it, and only its own', () => {
    let tree = createZnode(base, '/brokers/ids/1', '', 11).tree;
    tree = createZnode(tree, '/brokers/ids/2', '', 12).tree;
    tree = createZnode(tree, '/controller', '1', 11).tree;
    const { tree: after, deleted } = deleteEphemerals(tree, 11);
    expect(deleted.sort()).toEqual(['/brokers/ids/1', '/controller']);
    expect(childrenOf(after, '/brokers/ids')).toEqual(['2']);
  });
});
