/**
 * The `elect-preferred-leaders` command (semantics 5.10): every partition whose preferred leader
 * (replicas[0]) is in the ISR and active gets it back as leader; the rule itself is in
 * partition-change.ts and leader-election.ts.
 */
import { changePartition } from './apply-partition-change.js';
import type { Turn } from './turn.js';

export function electPreferredLeaders(turn: Turn, topic: string | undefined): void {
  if (topic !== undefined && !turn.draft.topics.has(topic)) {
    turn.out.emit({ type: 'input.rejected', reason: `elect-preferred-leaders: there is no topic "${topic}".` });
    return;
  }
  const activeBrokers = turn.draft.activeBrokers();
  for (const partition of turn.draft.allPartitions()) {
    if (topic !== undefined && partition.topic !== topic) continue;
    changePartition(turn, partition, { kind: 'preferred' }, activeBrokers);
  }
}
