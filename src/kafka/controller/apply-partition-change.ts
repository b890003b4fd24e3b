/**
 * Applying one partition change inside a step: computePartitionChange (partition-change.ts) decides
 * the new record; this writes it into the draft and reports it as trace events (leader.elected,
 * partition.offline, isr.shrunk, isr.expanded). Fencing, unfencing, AlterPartition and preferred
 * election all go through here.
 */
import { defaultTopicConfig } from '../config.js';
import { NO_LEADER, type BrokerId } from '../ids.js';
import type { PartitionState } from '../protocol/messages.js';
import type { Outbox } from '../step.js';
import { computePartitionChange, type PartitionChange, type PartitionChangeEvent } from './partition-change.js';
import type { Turn } from './turn.js';

export function changePartition(
  turn: Turn,
  partition: PartitionState,
  event: PartitionChangeEvent,
  activeBrokers: ReadonlySet<BrokerId>,
): PartitionChange {
  const topic = turn.draft.topics.get(partition.topic);
  const change = computePartitionChange({
    partition,
    topicConfig: topic?.config ?? defaultTopicConfig,
    activeBrokers,
    event,
    electLeader: turn.options.electLeader,
    electPreferredLeader: turn.options.electPreferredLeader,
  });
  if (!change.changed) return change;
  turn.draft.setPartition(change.partition);
  emitPartitionChange(turn.out, change);
  return change;
}

function emitPartitionChange(out: Outbox, change: PartitionChange): void {
  const { partition, leaderChange, isrChange } = change;
  const where = { topic: partition.topic, partition: partition.partition };
  if (leaderChange !== undefined && leaderChange.leader === NO_LEADER) {
    out.emit({
      type: 'partition.offline',
      ...where,
      previousLeader: leaderChange.previousLeader,
      leaderEpoch: leaderChange.leaderEpoch,
      isr: partition.isr,
    });
  } else if (leaderChange !== undefined) {
    out.emit({
      type: 'leader.elected',
      ...where,
      leader: leaderChange.leader,
      previousLeader: leaderChange.previousLeader,
      leaderEpoch: leaderChange.leaderEpoch,
      isr: partition.isr,
      reason: leaderChange.reason,
    });
  }
  if (isrChange !== undefined && isrChange.removed.length > 0) {
    out.emit({ type: 'isr.shrunk', ...where, removed: isrChange.removed, isr: partition.isr, partitionEpoch: partition.partitionEpoch });
  }
  if (isrChange !== undefined && isrChange.added.length > 0) {
    out.emit({ type: 'isr.expanded', ...where, added: isrChange.added, isr: partition.isr, partitionEpoch: partition.partitionEpoch });
  }
}
