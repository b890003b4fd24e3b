/**
 * The producer as a state machine: send() → partition → accumulate → ProduceRequest to the leader
 * → acknowledged, retried or failed. What the Java client's KafkaProducer, RecordAccumulator and
 * Sender threads do, one input at a time.
 *
 * Sources: clients/src/main/java/org/apache/kafka/clients/producer/KafkaProducer.java (`doSend`,
 * `waitOnMetadata`, `ensureValidRecordSize`), .../producer/internals/Sender.java (`sendProducerData`,
 * `handleProduceResponse`, `completeBatch`, `canRetry`, `getExpiredInflightBatches`),
 * .../producer/internals/RecordAccumulator.java; kafka-semantics.md 3.1, 3.3, 4, 5.6, 10 items 1 and 4.
 *
 * The life of a record:
 *   1. send: checked (size against max.request.size, buffer.memory), given a recordId, and held
 *      until the topic's metadata is known (Kafka blocks send() up to max.block.ms).
 *   2. partitioned (producer-partitioning.ts; trace produce.partitioned) and appended to a batch
 *      (accumulator.ts).
 *   3. when its batch is ready and the partition has a leader and no request in flight: sent in a
 *      ProduceRequest to the leader (produce.sent).
 *   4. the response: NONE → produce.acknowledged with the offsets; a retriable error → produce.failed
 *      willRetry=true, the same batch goes back to the head of its queue and is sent again after a
 *      backoff (with fresh metadata where the error says ours is stale); anything else, or
 *      delivery.timeout.ms passed → produce.failed willRetry=false.
 *      The backoff is exponential since 3.7 (KIP-580, retry-backoff.ts): the batch's n-th failure
 *      waits min(retry.backoff.ms × 2^(n-1), retry.backoff.max.ms) ±20%, so ~100, 200, 400, 800,
 *      1000, 1000... ms with the defaults. The count is the batch's own (ProducerBatch.attempts, as
 *      in RecordAccumulator's `retryBackoff.backoff(batch.attempts() - 1)`), so it starts again at
 *      the first retry of every new batch. Before 3.7 each retry waited the fixed retry.backoff.ms.
 *      Not modelled: KIP-951's skipping of the backoff when the retry goes to a new leader.
 *   acks=0: no response comes; the batch counts as acknowledged (offset -1) once sent (4.2).
 *
 * No idempotence yet (4.3): a request whose response is lost, or that ends in REQUEST_TIMED_OUT or
 * NOT_ENOUGH_REPLICAS_AFTER_APPEND after the leader appended it, is sent again and lands twice.
 * That is Kafka's behaviour with enable.idempotence=false, and the lesson shows it.
 */
import { ErrorCode, errorName, isRetriable } from '../errors.js';
import { topicPartitionKey, type NodeId } from '../ids.js';
import { recordSizeInBytes, type KafkaRecord } from '../log/record.js';
import type { Message, MetadataResponse, ProduceResponse } from '../protocol/messages.js';
import type { Envelope, NodeInput, NodeMachine, RandomSource, Step, StepContext } from '../step.js';
import { earliest, Outbox } from '../step.js';
import {
  append,
  completeInFlight,
  drainHead,
  earliestQueuedDeliveryDeadlineMs,
  expireBatches,
  flush,
  headReadyAtMs,
  queuedBatchesByPartition,
  reenqueue,
  splitBatch,
  type ProducerBatch,
} from './accumulator.js';
import {
  applyMetadataResponse,
  availablePartitions,
  meansStaleMetadata,
  metadataWakeAtMs,
  partitionLeader,
  pollMetadata,
  metadataPeerDisconnected,
  requestMetadataUpdate,
  requestMetadataUpdateForNewTopic,
  usableTopic,
} from './client-metadata.js';
import { producerConfig, type ProducerConfig, type ProducerConfigInput } from './producer-config.js';
import { retryBackoffMs } from './retry-backoff.js';
import { choosePartition, initialKeylessTopicState, keylessRecordAppended } from './producer-partitioning.js';
import {
  bytesHeld,
  initialProducerState,
  keepRecent,
  type AcknowledgedRecord,
  type FailedRecord,
  type InFlightProduce,
  type ProducerCommand,
  type ProducerState,
  type RecordAwaitingMetadata,
} from './producer-state.js';

export {
  acknowledged,
  bytesHeld,
  failedRecords,
  pendingRecords,
  type AcknowledgedRecord,
  type FailedRecord,
  type PendingRecord,
  type PendingStage,
  type ProducerCommand,
  type ProducerState,
} from './producer-state.js';

/**
 * Nothing of a producer survives a crash: unsent records are lost with its memory, as in Kafka.
 * (The simulator drops replies addressed to the previous incarnation, so fresh correlation ids are safe.)
 */
export type ProducerPersisted = undefined;

export interface Producer {
  readonly machine: NodeMachine<ProducerState, ProducerCommand, ProducerPersisted>;
  readonly initialState: ProducerState;
  readonly config: ProducerConfig;
}

/** A producer whose network address (and Outbox self) is `id`. Throws KafkaInputError on a bad config. */
export function createProducer(id: NodeId, input: ProducerConfigInput): Producer {
  const config = producerConfig(input);
  const machine: NodeMachine<ProducerState, ProducerCommand, ProducerPersisted> = {
    step: (state, nodeInput, context) => stepProducer(id, config, state, nodeInput, context),
    persisted: () => undefined,
    restart: () => initialProducerState,
  };
  return { machine, initialState: initialProducerState, config };
}

/** Everything a handler needs besides the state. */
interface ProducerContext {
  readonly config: ProducerConfig;
  readonly out: Outbox;
  readonly now: number;
  readonly random: RandomSource;
}

export function stepProducer(
  id: NodeId,
  config: ProducerConfig,
  state: ProducerState,
  input: NodeInput<ProducerCommand>,
  context: StepContext,
): Step<ProducerState> {
  const out = new Outbox(id, context.now);
  const ctx: ProducerContext = { config, out, now: context.now, random: context.random };
  let next = state;
  switch (input.kind) {
    case 'start':
      next = { ...next, metadata: requestMetadataUpdate(next.metadata) };
      break;
    case 'wake':
      break;
    case 'command':
      next = onCommand(next, input.command, ctx);
      break;
    case 'deliver':
      next = onMessage(next, input.envelope, ctx);
      break;
    case 'disconnected':
      next = peerDisconnected(next, input.peer, ctx.now);
      break;
  }
  next = advance(next, ctx);
  return out.finish(next, producerWakeAtMs(next, config));
}

// --- commands ---------------------------------------------------------------------------------

function onCommand(state: ProducerState, command: ProducerCommand, ctx: ProducerContext): ProducerState {
  switch (command.type) {
    case 'send':
      return send(state, command, ctx);
    case 'flush':
      return { ...state, accumulator: flush(state.accumulator, state.nextRecordId) };
    default:
      ctx.out.emit({ type: 'input.rejected', reason: `unknown producer command ${JSON.stringify(command)}` });
      return state;
  }
}

function send(state: ProducerState, command: Extract<ProducerCommand, { type: 'send' }>, ctx: ProducerContext): ProducerState {
  const problem = sendCommandProblem(command);
  if (problem !== undefined) {
    ctx.out.emit({ type: 'input.rejected', reason: problem });
    return state;
  }
  const record: KafkaRecord = { key: command.key, value: command.value, timestamp: ctx.now };
  const sizeInBytes = recordSizeInBytes(record);
  const recordId = state.nextRecordId;
  const next = { ...state, nextRecordId: recordId + 1 };
  const explicitPartition = command.partition;

  // Kafka checks the size after waiting for metadata; it does not depend on metadata, so we fail at once.
  if (sizeInBytes > ctx.config.maxRequestSize) {
    const reason = `record ${recordId} is ${sizeInBytes} bytes, larger than max.request.size (${ctx.config.maxRequestSize} bytes): it can never be sent`;
    ctx.out.emit({ type: 'input.rejected', reason });
    ctx.out.emit({
      type: 'produce.failed',
      topic: command.topic,
      partition: explicitPartition ?? -1, // -1: no partition yet (Kafka's RecordMetadata.UNKNOWN_PARTITION)
      error: ErrorCode.MESSAGE_TOO_LARGE,
      values: [command.value],
      willRetry: false,
    });
    return recordFailure(next, [failure(recordId, command.topic, explicitPartition, record, ErrorCode.MESSAGE_TOO_LARGE, reason, ctx.now)]);
  }
  // buffer.memory is full: Kafka blocks send() up to max.block.ms, then throws; the model refuses at once.
  if (bytesHeld(state) + sizeInBytes > ctx.config.bufferMemory) {
    const reason = `record ${recordId} refused: buffer.memory (${ctx.config.bufferMemory} bytes) is full of records not yet sent`;
    ctx.out.emit({ type: 'input.rejected', reason });
    return recordFailure(next, [failure(recordId, command.topic, explicitPartition, record, undefined, reason, ctx.now)]);
  }

  const waiting: RecordAwaitingMetadata = { recordId, record, sizeInBytes, topic: command.topic, explicitPartition, sentAtMs: ctx.now };
  const known = state.topics.includes(command.topic);
  // A topic new to this producer needs metadata unless an answer already covered it.
  const needsMetadata = usableTopic(state.metadata.view, command.topic) === undefined;
  return {
    ...next,
    topics: known ? state.topics : [...state.topics, command.topic].sort(),
    metadata: needsMetadata ? requestMetadataUpdateForNewTopic(state.metadata) : state.metadata,
    awaitingMetadata: [...state.awaitingMetadata, waiting],
  };
}

function sendCommandProblem(command: Extract<ProducerCommand, { type: 'send' }>): string | undefined {
  if (typeof command.topic !== 'string' || command.topic === '') return 'send needs a topic name';
  if (command.key !== null && typeof command.key !== 'string') return `a key must be a string or null, got ${typeof command.key}`;
  if (typeof command.value !== 'string') return `a value must be a string, got ${typeof command.value}`;
  const partition = command.partition;
  if (partition !== undefined && (!Number.isSafeInteger(partition) || partition < 0)) {
    return `partition must be a non-negative integer, got ${String(partition)}`;
  }
  return undefined;
}

// --- messages ---------------------------------------------------------------------------------

function onMessage(state: ProducerState, envelope: Envelope, ctx: ProducerContext): ProducerState {
  const message: Message = envelope.message;
  switch (message.type) {
    case 'MetadataResponse':
      return onMetadataResponse(state, message, ctx);
    case 'ProduceResponse':
      return onProduceResponse(state, envelope.from, message, ctx);
    default:
      // Nothing else is addressed to a producer; ignoring it is what a client does with a stray frame.
      return state;
  }
}

function onMetadataResponse(state: ProducerState, response: MetadataResponse, ctx: ProducerContext): ProducerState {
  const metadata = applyMetadataResponse(state.metadata, response, ctx.now);
  return metadata === undefined ? state : { ...state, metadata };
}

function onProduceResponse(state: ProducerState, from: NodeId, response: ProduceResponse, ctx: ProducerContext): ProducerState {
  const request = state.inFlight.get(response.correlationId);
  // A response to a request we gave up on (timed out, retried) is stale: its batch is already elsewhere.
  if (request === undefined || request.node !== from) return state;
  if (request.batch.topic !== response.topic || request.batch.partition !== response.partition) return state;
  return completeRequest(state, request, response.error, response.baseOffset, ctx);
}

/**
 * One request is over: with a response, or with NETWORK_EXCEPTION when none came in time (Kafka
 * closes the connection after request.timeout.ms and fails the batch with "Disconnected from node").
 */
function completeRequest(
  state: ProducerState,
  request: InFlightProduce,
  error: ErrorCode,
  baseOffset: number,
  ctx: ProducerContext,
): ProducerState {
  const { batch } = request;
  const inFlight = new Map(state.inFlight);
  inFlight.delete(request.correlationId);
  let next: ProducerState = { ...state, inFlight, accumulator: completeInFlight(state.accumulator, topicPartitionKey(batch)) };
  if (request.abandoned) return next; // already reported failed on delivery.timeout.ms
  if (error === ErrorCode.NONE) return acknowledge(next, batch, baseOffset, ctx);

  const values = batch.records.map((record) => record.record.value);
  if (error === ErrorCode.MESSAGE_TOO_LARGE && batch.records.length > 1) {
    // Sender.completeBatch: a batch too large for the broker is split and the pieces retried.
    ctx.out.emit({ type: 'produce.failed', topic: batch.topic, partition: batch.partition, error, values, willRetry: true });
    const split = splitBatch(next.accumulator, batch, ctx.config.batchSize);
    return { ...next, accumulator: reenqueue(split.accumulator, split.batches, ctx.now) };
  }
  if (canRetry(batch, error, ctx)) {
    ctx.out.emit({ type: 'produce.failed', topic: batch.topic, partition: batch.partition, error, values, willRetry: true });
    // KIP-580: the wait grows with this batch's failures (batch.attempts = sends so far, all failed).
    const backoffMs = retryBackoffMs(batch.attempts, ctx.config, ctx.random);
    next = { ...next, accumulator: reenqueue(next.accumulator, [batch], ctx.now + backoffMs) };
    if (meansStaleMetadata(error)) next = { ...next, metadata: requestMetadataUpdate(next.metadata) };
    return next;
  }
  const reason = isRetriable(error)
    ? `${errorName(error)} after ${batch.attempts} attempt(s): ${retryLimitReason(batch, ctx)}`
    : `${errorName(error)} is not retriable`;
  return failBatch(next, batch, error, reason, ctx);
}

/** Sender.canRetry: a retriable error, retries left, and delivery.timeout.ms not yet reached. */
function canRetry(batch: ProducerBatch, error: ErrorCode, ctx: ProducerContext): boolean {
  return isRetriable(error) && batch.attempts <= ctx.config.retries && ctx.now < batch.createdAtMs + ctx.config.deliveryTimeoutMs;
}

function retryLimitReason(batch: ProducerBatch, ctx: ProducerContext): string {
  return batch.attempts > ctx.config.retries
    ? `retries (${ctx.config.retries}) used up`
    : `delivery.timeout.ms (${ctx.config.deliveryTimeoutMs} ms) passed since the batch was created`;
}

function acknowledge(state: ProducerState, batch: ProducerBatch, baseOffset: number, ctx: ProducerContext): ProducerState {
  ctx.out.emit({
    type: 'produce.acknowledged',
    topic: batch.topic,
    partition: batch.partition,
    baseOffset,
    values: batch.records.map((record) => record.record.value),
    acks: ctx.config.acks,
  });
  const records: AcknowledgedRecord[] = batch.records.map((record, index) => ({
    recordId: record.recordId,
    topic: batch.topic,
    partition: batch.partition,
    offset: baseOffset < 0 ? -1 : baseOffset + index,
    key: record.record.key,
    value: record.record.value,
    acknowledgedAtMs: ctx.now,
  }));
  return { ...state, acknowledged: keepRecent(state.acknowledged, records) };
}

function failBatch(state: ProducerState, batch: ProducerBatch, error: ErrorCode, reason: string, ctx: ProducerContext): ProducerState {
  ctx.out.emit({
    type: 'produce.failed',
    topic: batch.topic,
    partition: batch.partition,
    error,
    values: batch.records.map((record) => record.record.value),
    willRetry: false,
  });
  return recordFailure(
    state,
    batch.records.map((record) => failure(record.recordId, batch.topic, batch.partition, record.record, error, reason, ctx.now)),
  );
}

function failure(
  recordId: number,
  topic: string,
  partition: number | undefined,
  record: KafkaRecord,
  error: ErrorCode | undefined,
  reason: string,
  now: number,
): FailedRecord {
  return { recordId, topic, partition, key: record.key, value: record.value, error, reason, failedAtMs: now };
}

function recordFailure(state: ProducerState, records: readonly FailedRecord[]): ProducerState {
  return { ...state, failed: keepRecent(state.failed, records) };
}

// --- the sender loop: what runs after every input ---------------------------------------------

function advance(state: ProducerState, ctx: ProducerContext): ProducerState {
  let next = timeOutRequests(state, ctx);
  next = expireInFlightDeliveries(next, ctx);
  next = partitionWaitingRecords(next, ctx);
  next = expireQueuedBatches(next, ctx);
  next = drainReadyBatches(next, ctx);
  next = requestMetadataWhereMissing(next);
  return pollProducerMetadata(next, ctx);
}

/**
 * The broker's connection closed (its process died): requests on it will never be answered. They
 * end now, through the same path as a timeout (NetworkClient fails them with a disconnect).
 */
function peerDisconnected(state: ProducerState, peer: NodeId, now: number): ProducerState {
  let inFlight: Map<number, InFlightProduce> | undefined;
  for (const request of state.inFlight.values()) {
    if (request.node !== peer || request.deadlineMs <= now) continue;
    inFlight ??= new Map(state.inFlight);
    inFlight.set(request.correlationId, { ...request, deadlineMs: now });
  }
  return { ...state, inFlight: inFlight ?? state.inFlight, metadata: metadataPeerDisconnected(state.metadata, peer, now) };
}

/** Requests with no response within request.timeout.ms: lost on the way there or back. */
function timeOutRequests(state: ProducerState, ctx: ProducerContext): ProducerState {
  let next = state;
  for (const request of state.inFlight.values()) {
    if (ctx.now < request.deadlineMs) continue;
    // The request may have been appended (only its response lost): a retry can duplicate (4.3).
    next = completeRequest(next, request, ErrorCode.NETWORK_EXCEPTION, -1, ctx);
  }
  return next;
}

/**
 * Sender.getExpiredInflightBatches: a batch in flight past delivery.timeout.ms fails now; its request
 * stays in flight (the partition muted) until it completes, and its outcome is then ignored.
 */
function expireInFlightDeliveries(state: ProducerState, ctx: ProducerContext): ProducerState {
  let next = state;
  for (const request of state.inFlight.values()) {
    if (request.abandoned || ctx.now < request.batch.createdAtMs + ctx.config.deliveryTimeoutMs) continue;
    const reason = `delivery.timeout.ms (${ctx.config.deliveryTimeoutMs} ms) passed while the batch was in flight`;
    next = failBatch(next, request.batch, ErrorCode.REQUEST_TIMED_OUT, reason, ctx);
    const inFlight = new Map(next.inFlight);
    inFlight.set(request.correlationId, { ...request, abandoned: true });
    next = { ...next, inFlight };
  }
  return next;
}

/** Records whose topic metadata is now known get their partition and go into a batch, in send() order. */
function partitionWaitingRecords(state: ProducerState, ctx: ProducerContext): ProducerState {
  if (state.awaitingMetadata.length === 0) return state;
  let next: ProducerState = { ...state, awaitingMetadata: [] };
  const stillWaiting: RecordAwaitingMetadata[] = [];
  for (const waiting of state.awaitingMetadata) {
    const topic = usableTopic(next.metadata.view, waiting.topic);
    if (topic !== undefined) {
      next = partitionAndAppend(next, waiting, ctx);
    } else if (ctx.now >= waiting.sentAtMs + ctx.config.maxBlockMs) {
      // KafkaProducer.waitOnMetadata: "Topic … not present in metadata after max.block.ms ms".
      const error = next.metadata.view.topics.get(waiting.topic)?.error ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      const reason = `topic "${waiting.topic}" not present in metadata after max.block.ms (${ctx.config.maxBlockMs} ms)`;
      ctx.out.emit({
        type: 'produce.failed',
        topic: waiting.topic,
        partition: waiting.explicitPartition ?? -1, // no partition yet
        error,
        values: [waiting.record.value],
        willRetry: false,
      });
      next = recordFailure(next, [failure(waiting.recordId, waiting.topic, waiting.explicitPartition, waiting.record, error, reason, ctx.now)]);
    } else {
      stillWaiting.push(waiting);
    }
  }
  return { ...next, awaitingMetadata: stillWaiting };
}

function partitionAndAppend(state: ProducerState, waiting: RecordAwaitingMetadata, ctx: ProducerContext): ProducerState {
  const topic = usableTopic(state.metadata.view, waiting.topic)!;
  const numPartitions = topic.partitions.length;
  const keyless = state.keyless.get(waiting.topic) ?? initialKeylessTopicState(ctx.config);
  const choice = choosePartition(
    { key: waiting.record.key, explicitPartition: waiting.explicitPartition },
    {
      numPartitions,
      availablePartitions: availablePartitions(topic),
      queuedBatchesByPartition: queuedBatchesByPartition(state.accumulator, waiting.topic, numPartitions),
    },
    keyless,
    ctx.config,
    ctx.random,
  );
  if (choice.kind === 'rejected') {
    ctx.out.emit({ type: 'input.rejected', reason: `record ${waiting.recordId} to "${waiting.topic}": ${choice.reason}` });
    return recordFailure(state, [failure(waiting.recordId, waiting.topic, waiting.explicitPartition, waiting.record, undefined, choice.reason, ctx.now)]);
  }
  ctx.out.emit({
    type: 'produce.partitioned',
    topic: waiting.topic,
    partition: choice.partition,
    key: waiting.record.key,
    value: waiting.record.value,
    reason: choice.reason,
    murmur2: choice.murmur2,
  });
  const appended = append(state.accumulator, waiting.topic, choice.partition, waiting, ctx.config.batchSize, ctx.now);
  // Only keyless records count towards the sticky switch (Kafka passes no partition info for the others).
  const keylessAfter =
    choice.reason === 'sticky'
      ? keylessRecordAppended(choice.keyless, waiting.sizeInBytes, ctx.config.batchSize, appended.batchFull)
      : choice.keyless;
  const keylessByTopic = new Map(state.keyless);
  keylessByTopic.set(waiting.topic, keylessAfter);
  return { ...state, accumulator: appended.accumulator, keyless: keylessByTopic };
}

/** Queued batches past delivery.timeout.ms fail (RecordAccumulator.expiredBatches). */
function expireQueuedBatches(state: ProducerState, ctx: ProducerContext): ProducerState {
  const { accumulator, expired } = expireBatches(state.accumulator, ctx.now, ctx.config.deliveryTimeoutMs);
  let next: ProducerState = expired.length === 0 ? state : { ...state, accumulator };
  for (const batch of expired) {
    const waitedFor = batch.attempts === 0 ? 'without being sent' : `after ${batch.attempts} attempt(s)`;
    const reason = `expiring ${batch.records.length} record(s) for ${topicPartitionKey(batch)}: delivery.timeout.ms (${ctx.config.deliveryTimeoutMs} ms) passed since batch creation, ${waitedFor}`;
    next = failBatch(next, batch, ErrorCode.REQUEST_TIMED_OUT, reason, ctx);
  }
  return next;
}

/** Sender.sendProducerData: every ready head batch whose partition has a leader goes out. */
function drainReadyBatches(state: ProducerState, ctx: ProducerContext): ProducerState {
  let next = state;
  for (const key of state.accumulator.queues.keys()) {
    const queue = next.accumulator.queues.get(key);
    if (queue === undefined) continue;
    const readyAtMs = headReadyAtMs(next.accumulator, queue, ctx.config.lingerMs);
    if (readyAtMs === undefined || readyAtMs > ctx.now) continue;
    const leader = partitionLeader(next.metadata.view, queue.topic, queue.partition);
    if (leader === undefined) continue; // waits for a leader; requestMetadataWhereMissing asks for one
    const drained = drainHead(next.accumulator, key);
    const { batch } = drained;
    const correlationId = next.nextCorrelationId;
    next = { ...next, accumulator: drained.accumulator, nextCorrelationId: correlationId + 1 };
    ctx.out.send(leader.node, {
      type: 'ProduceRequest',
      correlationId,
      topic: batch.topic,
      partition: batch.partition,
      acks: ctx.config.acks,
      timeoutMs: ctx.config.requestTimeoutMs,
      records: batch.records.map((record) => record.record),
    });
    ctx.out.emit({
      type: 'produce.sent',
      topic: batch.topic,
      partition: batch.partition,
      broker: leader.broker,
      records: batch.records.length,
      acks: ctx.config.acks,
      attempt: batch.attempts,
    });
    if (ctx.config.acks === 0) {
      // No response will come (4.2): the batch counts as sent, its offsets stay unknown.
      next = { ...next, accumulator: completeInFlight(next.accumulator, key) };
      next = acknowledge(next, batch, -1, ctx);
      continue;
    }
    const inFlight = new Map(next.inFlight);
    inFlight.set(correlationId, {
      correlationId,
      node: leader.node,
      broker: leader.broker,
      batch,
      deadlineMs: ctx.now + ctx.config.requestTimeoutMs,
      abandoned: false,
    });
    next = { ...next, inFlight };
  }
  return next;
}

/** Records waiting on an unknown topic, or batches on a partition without a leader: ask for fresh metadata. */
function requestMetadataWhereMissing(state: ProducerState): ProducerState {
  const view = state.metadata.view;
  const topicMissing = state.awaitingMetadata.some((waiting) => usableTopic(view, waiting.topic) === undefined);
  let leaderMissing = false;
  if (!topicMissing) {
    for (const queue of state.accumulator.queues.values()) {
      if (queue.batches.length > 0 && partitionLeader(view, queue.topic, queue.partition) === undefined) {
        leaderMissing = true;
        break;
      }
    }
  }
  return topicMissing || leaderMissing ? { ...state, metadata: requestMetadataUpdate(state.metadata) } : state;
}

function pollProducerMetadata(state: ProducerState, ctx: ProducerContext): ProducerState {
  const poll = pollMetadata(
    state.metadata,
    state.topics,
    ctx.config.bootstrap,
    ctx.config,
    state.nextCorrelationId,
    ctx.out,
    ctx.random,
  );
  return { ...state, metadata: poll.fetch, nextCorrelationId: state.nextCorrelationId + (poll.sent ? 1 : 0) };
}


/**
 * The earliest moment something is due: a metadata request or its timeout, a batch's linger or
 * retry backoff (on partitions with a leader), a request timeout, a delivery or max.block deadline.
 */
export function producerWakeAtMs(state: ProducerState, config: ProducerConfig): number | undefined {
  const deadlines: Array<number | undefined> = [metadataWakeAtMs(state.metadata, config)];
  for (const queue of state.accumulator.queues.values()) {
    if (partitionLeader(state.metadata.view, queue.topic, queue.partition) === undefined) continue;
    deadlines.push(headReadyAtMs(state.accumulator, queue, config.lingerMs));
  }
  deadlines.push(earliestQueuedDeliveryDeadlineMs(state.accumulator, config.deliveryTimeoutMs));
  for (const request of state.inFlight.values()) {
    deadlines.push(request.deadlineMs);
    if (!request.abandoned) deadlines.push(request.batch.createdAtMs + config.deliveryTimeoutMs);
  }
  for (const waiting of state.awaitingMetadata) deadlines.push(waiting.sentAtMs + config.maxBlockMs);
  return earliest(...deadlines);
}
