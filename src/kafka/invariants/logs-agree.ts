/**
 * Replica logs agree below the high watermark (semantics 11, invariants 1 and 3): every record a
 * replica counts as committed sits at the same offset, with the same epoch and value, on every other
 * replica that also counts it as committed.
 */
import type { BrokerId } from '../ids.js';
import { entryAt, type PartitionLog } from '../log/partition-log.js';
import type { Violation } from './invariant.js';

export const LOGS_AGREE_BELOW_HIGH_WATERMARK = 'logsAgreeBelowHighWatermark';

export interface ReplicaLog {
  readonly brokerId: BrokerId;
  readonly log: PartitionLog;
}

export function logsAgreeBelowHighWatermark(partition: string, replicas: readonly ReplicaLog[]): Violation | undefined {
  for (let i = 0; i < replicas.length; i++) {
    for (let j = i + 1; j < replicas.length; j++) {
      const a = replicas[i]!;
      const b = replicas[j]!;
      const committed = Math.min(a.log.highWatermark, b.log.highWatermark);
      const from = Math.max(a.log.logStartOffset, b.log.logStartOffset);
      for (let offset = from; offset < committed; offset++) {
        const left = entryAt(a.log, offset);
        const right = entryAt(b.log, offset);
        if (left === undefined || right === undefined) continue;
        if (left.leaderEpoch !== right.leaderEpoch || left.record.value !== right.record.value || left.record.key !== right.record.key) {
          return {
            invariant: LOGS_AGREE_BELOW_HIGH_WATERMARK,
            message: `${partition} offset ${offset} differs below the high watermark: broker ${a.brokerId} has "${left.record.value}" (epoch ${left.leaderEpoch}), broker ${b.brokerId} has "${right.record.value}" (epoch ${right.leaderEpoch})`,
          };
        }
      }
    }
  }
  return undefined;
}
