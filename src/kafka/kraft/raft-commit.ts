/**
 * Moving the high watermark and replaying what it covers (semantics 6.2): records below the HW are
 * committed; every node folds them into its metadata image in log order, the same records in the
 * same order on every node. Only committed records are replayed, so an image never holds a record
 * that a later leader could truncate.
 */
import { replay } from './metadata-image.js';
import type { Turn } from './kraft-node-state.js';

export function advanceHighWatermark(t: Turn, highWatermark: number): void {
  const n = t.n;
  if (highWatermark <= n.highWatermark) return;
  if (highWatermark > n.log.length) {
    throw new Error(`KRaft node ${n.identity.nodeId}: HW ${highWatermark} beyond its log end ${n.log.length}`);
  }
  t.out.emit({ type: 'quorum.committed', epoch: n.role.epoch, from: n.highWatermark, to: highWatermark });
  n.highWatermark = highWatermark;
  n.image = replay(n.image, n.log.slice(n.image.nextOffset, highWatermark));
}
