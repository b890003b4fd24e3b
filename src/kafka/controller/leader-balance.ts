/**
 * Automatic preferred-leader balancing (semantics 5.10): with auto.leader.rebalance.enable (the
 * default), every leader.imbalance.check.interval (300 s) the controller looks at each broker's
 * preferred partitions (those listing it first in their replicas). When the share it does not lead
 * exceeds leader.imbalance.per.broker.percentage (10%), those partitions get a preferred election:
 * the broker takes them back if it is alive and in their ISR, otherwise their leader stays.
 * This is how a broker that crashed and came back leads again without anyone running
 * kafka-leader-election. Source: KafkaController.checkAndTriggerAutoLeaderRebalance (ZooKeeper
 * era), QuorumController's periodic leader balancing (KRaft).
 *
 * Simplified: the first check is one interval after the controller first sees an active broker
 * (and again after a restart); every broker's imbalanced partitions are handled in the same check.
 */
import { changePartition } from './apply-partition-change.js';
import type { Turn } from './turn.js';

export function balanceLeadersIfDue(turn: Turn): void {
  const config = turn.options.config;
  const draft = turn.draft;
  const activeBrokers = draft.activeBrokers();
  // Nothing to balance, and no reason to wake, while no broker is active.
  if (!config.autoLeaderRebalanceEnable || activeBrokers.size === 0) {
    draft.nextLeaderBalanceCheckAtMs = undefined;
    return;
  }
  const due = draft.nextLeaderBalanceCheckAtMs;
  if (due === undefined || turn.now >= due) draft.nextLeaderBalanceCheckAtMs = turn.now + config.leaderImbalanceCheckIntervalMs;
  if (due === undefined || turn.now < due) return;
  const partitions = draft.allPartitions(); // listed once: the elections below change only other brokers' leaders
  for (const broker of activeBrokers) {
    const preferred = partitions.filter((partition) => partition.replicas[0] === broker);
    const ledElsewhere = preferred.filter((partition) => partition.leader !== broker);
    if (preferred.length === 0 || (ledElsewhere.length * 100) / preferred.length <= config.leaderImbalancePerBrokerPercentage) continue;
    for (const partition of ledElsewhere) changePartition(turn, partition, { kind: 'preferred' }, activeBrokers);
  }
}
