/**
 * No acknowledged record is lost or reordered (semantics 11, invariant 4): every record the producer
 * saw acknowledged with an offset is still at that offset in the partition's committed log, and
 * acknowledged records keep the order they were acknowledged in.
 */
import { entryAt, type PartitionLog } from '../log/partition-log.js';
import type { Violation } from './invariant.js';

export const NO_ACKNOWLEDGED_RECORD_LOST = 'noAcknowledgedRecordLost';

export interface Acknowledgement {
  readonly topic: string;
  readonly partition: number;
  readonly baseOffset: number;
  readonly values: readonly string[];
}

/** `logOf` returns the log of the partition's current leader (or the most complete replica). */
export function acknowledgedRecordsPresent(
  acknowledgements: readonly Acknowledgement[],
  logOf: (topic: string, partition: number) => PartitionLog | undefined,
): Violation | undefined {
  const lastOffset = new Map<string, number>();
  for (const ack of acknowledgements) {
    if (ack.baseOffset < 0) continue; // acks=0: no offset was promised
    const name = `${ack.topic}-${ack.partition}`;
    const log = logOf(ack.topic, ack.partition);
    for (let i = 0; i < ack.values.length; i++) {
      const offset = ack.baseOffset + i;
      const entry = log === undefined ? undefined : entryAt(log, offset);
      if (entry === undefined || entry.record.value !== ack.values[i] || log === undefined || offset >= log.highWatermark) {
        const found = entry === undefined ? 'nothing' : `"${entry.record.value}"${log !== undefined && offset >= log.highWatermark ? ' (not committed)' : ''}`;
        return {
          invariant: NO_ACKNOWLEDGED_RECORD_LOST,
          message: `acknowledged record "${ack.values[i]}" at ${name} offset ${offset} is lost: the log now holds ${found} there`,
        };
      }
      const previous = lastOffset.get(name);
      if (previous !== undefined && offset <= previous) {
        return {
          invariant: NO_ACKNOWLEDGED_RECORD_LOST,
          message: `acknowledged records of ${name} are out of order: offset ${offset} was acknowledged after offset ${previous}`,
        };
      }
      lastOffset.set(name, offset);
    }
  }
  return undefined;
}
