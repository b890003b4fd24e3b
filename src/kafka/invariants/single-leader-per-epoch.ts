/**
 * At most one leader per partition per leader epoch (semantics 11, invariant 9): for each epoch
 * exactly one broker is named in the partition record, and no other broker may act as its leader.
 */
import type { BrokerId } from '../ids.js';
import type { TraceEvent } from '../trace.js';
import type { TraceMonitor, Violation } from './invariant.js';

export const SINGLE_LEADER_PER_EPOCH = 'singleLeaderPerEpoch';

export function singleLeaderPerEpoch(): TraceMonitor {
  const leaders = new Map<string, BrokerId>();
  return {
    name: SINGLE_LEADER_PER_EPOCH,
    observe(event: TraceEvent): Violation | undefined {
      if (event.type !== 'replica.became-leader' && event.type !== 'leader.elected') return undefined;
      if (event.leader < 0) return undefined;
      const key = `${event.topic}-${event.partition}@${event.leaderEpoch}`;
      const known = leaders.get(key);
      if (known === undefined) {
        leaders.set(key, event.leader);
        return undefined;
      }
      if (known === event.leader) return undefined;
      return {
        invariant: SINGLE_LEADER_PER_EPOCH,
        message: `${event.topic}-${event.partition} has two leaders in epoch ${event.leaderEpoch}: broker ${known} and broker ${event.leader}`,
      };
    },
  };
}
