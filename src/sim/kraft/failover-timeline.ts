/**
 * The steps of a controller failover worth drawing or printing, from a run's trace, with times
 * relative to the crash (semantics 6.8, 7.1): the crash, Raft role changes and elections, the new
 * active controller, fencing and partition leader changes; in ZooKeeper mode the session expiry,
 * the /controller race and the metadata load. Routine traffic (fetches, commits, heartbeats) is left
 * out. The CLI prints this; the tutor animates it.
 */
import type { SimTraceEvent } from '../sim-events.js';

export const FAILOVER_STEP_TYPES: ReadonlySet<string> = new Set([
  'node.crashed',
  'quorum.transition',
  'quorum.elected',
  'controller.activated',
  'controller.deactivated',
  'broker.fenced',
  'broker.unfenced',
  'leader.elected',
  'partition.offline',
  'zk.session-expired',
  'zk.controller-elected',
  'zk.controller-active',
]);

export function failoverTimeline(trace: readonly SimTraceEvent[], crashAtMs: number): SimTraceEvent[] {
  return trace.filter((event) => event.at >= crashAtMs && FAILOVER_STEP_TYPES.has(event.type)).map((event) => ({ ...event, at: event.at - crashAtMs }));
}
