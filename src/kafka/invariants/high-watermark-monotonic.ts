/**
 * A leader's high watermark never decreases during its tenure (semantics 11, invariant 3): once a
 * record is reported committed, it stays committed.
 */
import type { TraceEvent } from '../trace.js';
import type { TraceMonitor, Violation } from './invariant.js';

export const HIGH_WATERMARK_MONOTONIC = 'highWatermarkMonotonic';

export function highWatermarkMonotonic(): TraceMonitor {
  const last = new Map<string, number>();
  return {
    name: HIGH_WATERMARK_MONOTONIC,
    observe(event: TraceEvent): Violation | undefined {
      if (event.type !== 'hw.advanced' || event.role !== 'leader') return undefined;
      const key = `${event.broker}:${event.topic}-${event.partition}@${event.leaderEpoch}`;
      const previous = last.get(key);
      last.set(key, event.to);
      if (event.to >= event.from && (previous === undefined || event.to >= previous)) return undefined;
      return {
        invariant: HIGH_WATERMARK_MONOTONIC,
        message: `leader ${event.broker} moved the high watermark of ${event.topic}-${event.partition} back from ${previous ?? event.from} to ${event.to} in epoch ${event.leaderEpoch}`,
      };
    },
  };
}
