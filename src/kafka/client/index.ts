/** The clients: a producer and a manually assigned consumer, as state machines (see producer.ts, consumer.ts). */
export {
  defaultProducerConfig,
  producerConfig,
  validateProducerConfig,
  type KeylessPartitioning,
  type ProducerConfig,
  type ProducerConfigInput,
} from './producer-config.js';
export {
  append,
  bufferedBytes,
  completeInFlight,
  drainHead,
  emptyAccumulator,
  expireBatches,
  flush,
  headReadyAtMs,
  queuedBatchesByPartition,
  reenqueue,
  splitBatch,
  type AccumulatedRecord,
  type PartitionQueue,
  type ProducerBatch,
  type RecordAccumulator,
} from './accumulator.js';
export {
  availablePartitions,
  partitionLeader,
  usableTopic,
  type ClusterView,
  type MetadataFetchState,
  type PartitionLeader,
  type TopicView,
} from './client-metadata.js';
export {
  nominalRetryBackoffMs,
  retryBackoffMs,
  retryBackoffRangeMs,
  RETRY_BACKOFF_EXP_BASE,
  RETRY_BACKOFF_JITTER,
  type RetryBackoffConfig,
  type RetryBackoffRange,
} from './retry-backoff.js';
export { choosePartition, type KeylessTopicState, type PartitionChoice } from './producer-partitioning.js';
export {
  acknowledged,
  bytesHeld,
  createProducer,
  failedRecords,
  pendingRecords,
  producerWakeAtMs,
  stepProducer,
  type AcknowledgedRecord,
  type FailedRecord,
  type PendingRecord,
  type PendingStage,
  type Producer,
  type ProducerCommand,
  type ProducerPersisted,
  type ProducerState,
} from './producer.js';
export { initialProducerState, OUTCOMES_KEPT } from './producer-state.js';
export {
  consumerConfig,
  defaultConsumerConfig,
  validateConsumerConfig,
  type AutoOffsetReset,
  type ConsumerConfig,
  type ConsumerConfigInput,
} from './consumer-config.js';
export {
  bufferedRecords,
  committedOffsets,
  consumerWakeAtMs,
  createConsumer,
  delivered,
  positions,
  stepConsumer,
  type AssignedPartition,
  type BufferedRecord,
  type CommittedOffset,
  type CompletedFetch,
  type Consumer,
  type ConsumerCommand,
  type ConsumerPersisted,
  type ConsumerState,
  type DeliveredRecord,
  type PartitionPosition,
  type PositionState,
} from './consumer.js';
export { DELIVERED_KEPT, initialConsumerState } from './consumer-state.js';
export {
  createGroupConsumer,
  initialGroupConsumerState,
  ownership,
  processedRecords,
  stepGroupConsumer,
  type GroupConsumer,
  type GroupConsumerCommand,
  type GroupConsumerPersisted,
  type GroupConsumerState,
  type Membership,
  type MembershipPhase,
} from './group-consumer.js';
export {
  groupConsumerConfig,
  type CommitMode,
  type GroupConsumerConfig,
  type GroupConsumerConfigInput,
  type GroupProtocol,
} from './group-consumer-config.js';
