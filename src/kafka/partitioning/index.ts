/** Producer partitioning: which partition a record goes to (kafka-semantics.md section 3). */
export { murmur2, toPositive } from './murmur2.js';
export {
  assertValidPartitionCount,
  explainKeyPartition,
  partitionForKey,
  utf8KeyBytes,
  type KeyPartitionExplanation,
  type KeyPartitioner,
} from './partitioner.js';
export {
  cumulativeFrequencyTable,
  decideStickySwitch,
  firstIndexAbove,
  initialStickyPartitionState,
  nextStickyPartition,
  peekStickyPartition,
  recordAppended,
  type AppendedKeylessRecord,
  type StickyPartitionInput,
  type StickyPartitionPick,
  type StickyPartitionState,
  type StickySwitchDecision,
} from './sticky-partitioner.js';
export {
  initialLegacyRoundRobinState,
  legacyRoundRobinPartition,
  type LegacyRoundRobinInput,
  type LegacyRoundRobinPick,
  type LegacyRoundRobinState,
} from './round-robin-partitioner.js';
