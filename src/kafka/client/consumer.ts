/**
 * The consumer as a state machine, with MANUAL assignment (KafkaConsumer.assign). Consumer groups
 * (subscribe, the group coordinator, rebalances, commits stored in __consumer_offsets) come in a
 * later lesson; here the application names the partitions and the commits stay with the consumer.
 *
 * Sources: clients/src/main/java/org/apache/kafka/clients/consumer/KafkaConsumer.java (`assign`,
 * `seek`, `poll`, `commitSync`), .../consumer/internals/AbstractFetch.java (fetch requests per
 * leader, fetchablePartitions), FetchBuffer.java and FetchCollector.java (the buffer, what poll
 * returns, error handling), OffsetFetcher.java (ListOffsets for auto.offset.reset),
 * SubscriptionState.java (positions); kafka-semantics.md 5.12, 5.13, 8.2, 8.3, 10 items 12 and 16.
 *
 * Per assigned partition:
 *   1. a starting offset: the committed offset if there is one, else auto.offset.reset: a
 *      ListOffsetsRequest to the leader for the log start (-2, earliest) or the high watermark
 *      (-1, latest); with 'none' the partition waits for a seek. Position and fetch offset start there.
 *   2. a fetch loop: FetchRequest to the leader (replicaId -1: a consumer, not a follower) from
 *      the fetch offset; the leader holds it up to fetch.max.wait.ms when there is nothing new.
 *      Records come back only from below the high watermark (5.13: the broker enforces it), so a
 *      consumer sees committed records only, acknowledged or not (10 item 16). They go into the
 *      fetch buffer (trace: consumer.fetched) and the fetch offset moves to last offset + 1. A
 *      partition with buffered records is not fetched again until poll has drained them
 *      (AbstractFetch.fetchablePartitions excludes the partitions the FetchBuffer holds).
 *   3. poll (the `poll` command, or by itself every pollIntervalMs): up to max.poll.records from
 *      the buffer, in the order the fetch responses arrived, draining one partition's records before
 *      the next partition's (FetchCollector.collectFetch: the next-in-line CompletedFetch is used up
 *      first, across polls if need be). Each partition's position moves to last returned + 1 (trace:
 *      consumer.polled); `delivered` is what poll returned. commitSync commits positions, so records
 *      fetched but not polled are never committed (8.2).
 *   4. errors: a stale-leader error → refresh metadata, retry after retry.backoff.ms;
 *      OFFSET_OUT_OF_RANGE → auto.offset.reset again; no answer in request.timeout.ms → retry.
 *      Kafka queues an error in the buffer and acts on it in the next poll; the model acts on it when
 *      it arrives. Either way the partition had nothing buffered (it was being fetched).
 *
 * Retry backoff and KIP-580 (3.7): the exponential backoff (retry-backoff.ts) applies to the
 * consumer's metadata refreshes, through the Metadata class both clients share
 * (client-metadata.ts). It does not apply to the per-partition retries here, because the Java
 * consumer does not apply it there either: a partition whose ListOffsets failed waits the flat
 * retry.backoff.ms (OffsetFetcherUtils.onFailedResponseForResettingPositions →
 * SubscriptionState.requestFailed(partitions, now + retryBackoffMs), unchanged in 3.7 and 4.x, in
 * the classic and the new consumer), and a failed fetch has no backoff of its own in Kafka at all
 * (AbstractFetch requests a metadata update and fetches again on the next poll). The model keeps
 * its flat retry.backoff.ms for both: no randomness is drawn for them.
 * Fetches go to the leader, unless the leader names a preferred read replica (KIP-392, 5.12: the
 * broker's rack-aware selector and this consumer's client.rack): then to that follower, until
 * metadata.max.age.ms passes or the follower fails (AbstractFetch.selectReadReplica).
 * Not modelled either: truncation detection after an unclean election (KIP-320's
 * OffsetsForLeaderEpoch validation); with clean elections nothing below the HW is ever truncated.
 */
import { ErrorCode } from '../errors.js';
import { brokerNode, topicPartitionKey, type NodeId, type TopicPartition } from '../ids.js';
import type { FetchResponse, ListOffsetsResponse, Message, MetadataResponse } from '../protocol/messages.js';
import type { Envelope, NodeInput, NodeMachine, RandomSource, Step, StepContext } from '../step.js';
import { earliest, Outbox } from '../step.js';
import {
  applyMetadataResponse,
  meansStaleMetadata,
  metadataWakeAtMs,
  partitionLeader,
  pollMetadata,
  metadataPeerDisconnected,
  requestMetadataUpdate,
  requestMetadataUpdateForNewTopic,
} from './client-metadata.js';
import { consumerConfig, type ConsumerConfig, type ConsumerConfigInput } from './consumer-config.js';
import {
  appendDelivered,
  initialConsumerState,
  newAssignedPartition,
  type AssignedPartition,
  type BufferedRecord,
  type CommittedOffset,
  type CompletedFetch,
  type ConsumerCommand,
  type ConsumerState,
  type DeliveredRecord,
  type PartitionRequest,
  type PositionState,
} from './consumer-state.js';

export {
  bufferedRecords,
  committedOffsets,
  delivered,
  positions,
  type AssignedPartition,
  type BufferedRecord,
  type CommittedOffset,
  type CompletedFetch,
  type ConsumerCommand,
  type ConsumerState,
  type DeliveredRecord,
  type PartitionPosition,
  type PositionState,
} from './consumer-state.js';

/**
 * What survives a consumer crash. The commits stand in for __consumer_offsets (kept by the broker
 * in Kafka, so they outlive the consumer); the assignment stands in for the application, which
 * calls assign() again with the same partitions when it starts. The fetch buffer and what poll
 * returned are memory and die with it: on restart, position = fetch offset = the committed offset.
 */
export interface ConsumerPersisted {
  readonly assignment: readonly TopicPartition[];
  readonly committed: readonly CommittedOffset[];
}

export interface Consumer {
  readonly machine: NodeMachine<ConsumerState, ConsumerCommand, ConsumerPersisted>;
  readonly initialState: ConsumerState;
  readonly config: ConsumerConfig;
}

/** A consumer whose network address (and Outbox self) is `id`. Throws KafkaInputError on a bad config. */
export function createConsumer(id: NodeId, input: ConsumerConfigInput): Consumer {
  const config = consumerConfig(input);
  const machine: NodeMachine<ConsumerState, ConsumerCommand, ConsumerPersisted> = {
    step: (state, nodeInput, context) => stepConsumer(id, config, state, nodeInput, context),
    persisted: (state) => ({
      assignment: [...state.assignment.values()].map(({ topic, partition }) => ({ topic, partition })),
      committed: [...state.committed.values()],
    }),
    restart: (persisted) => {
      const committed = new Map(persisted.committed.map((offset) => [topicPartitionKey(offset), offset]));
      const state = initialConsumerState(committed);
      return { ...state, assignment: new Map(persisted.assignment.map((tp) => [topicPartitionKey(tp), newAssignedPartition(tp)])) };
    },
  };
  return { machine, initialState: initialConsumerState(), config };
}

interface ConsumerContext {
  readonly config: ConsumerConfig;
  readonly out: Outbox;
  readonly now: number;
  /** Jitters the metadata backoff after a failed metadata request (KIP-580); nothing else draws. */
  readonly random: RandomSource;
}

export function stepConsumer(
  id: NodeId,
  config: ConsumerConfig,
  state: ConsumerState,
  input: NodeInput<ConsumerCommand>,
  context: StepContext,
): Step<ConsumerState> {
  const out = new Outbox(id, context.now);
  const ctx: ConsumerContext = { config, out, now: context.now, random: context.random };
  // The application's poll loop (pollIntervalMs) polls at its tick, before this input is handled.
  let next = pollLoop(state, ctx);
  switch (input.kind) {
    case 'start':
      next = { ...next, metadata: requestMetadataUpdate(next.metadata) };
      break;
    case 'wake':
      break;
    case 'command':
      next = onCommand(next, input.command, ctx);
      break;
    case 'disconnected':
      next = peerDisconnected(next, input.peer, ctx.now);
      break;
    case 'deliver':
      next = onMessage(next, input.envelope, ctx);
      break;
  }
  next = advance(next, ctx);
  return out.finish(next, consumerWakeAtMs(next, config));
}

// --- commands ---------------------------------------------------------------------------------

function onCommand(state: ConsumerState, command: ConsumerCommand, ctx: ConsumerContext): ConsumerState {
  switch (command.type) {
    case 'assign':
      return assign(state, command.partitions, ctx);
    case 'seek':
      return seek(state, command, ctx);
    case 'poll':
      return poll(state, ctx);
    case 'commit':
      return commit(state, ctx);
    default:
      ctx.out.emit({ type: 'input.rejected', reason: `unknown consumer command ${JSON.stringify(command)}` });
      return state;
  }
}

/**
 * KafkaConsumer.assign: the new set replaces the old; partitions kept keep their positions and
 * buffered records, those dropped lose theirs (clearBufferedDataForUnassignedPartitions).
 */
function assign(state: ConsumerState, partitions: readonly TopicPartition[], ctx: ConsumerContext): ConsumerState {
  if (!Array.isArray(partitions)) {
    ctx.out.emit({ type: 'input.rejected', reason: 'assign needs a list of { topic, partition }' });
    return state;
  }
  const bad = partitions.find((tp) => typeof tp?.topic !== 'string' || tp.topic === '' || !Number.isSafeInteger(tp.partition) || tp.partition < 0);
  if (bad !== undefined) {
    ctx.out.emit({ type: 'input.rejected', reason: `assign: ${JSON.stringify(bad)} is not a topic partition (a topic name and a partition ≥ 0)` });
    return state;
  }
  const assignment = new Map<string, AssignedPartition>();
  for (const tp of partitions) {
    const key = topicPartitionKey(tp);
    assignment.set(key, state.assignment.get(key) ?? newAssignedPartition(tp));
  }
  const newTopic = partitions.some((tp) => ![...state.assignment.values()].some((known) => known.topic === tp.topic));
  return {
    ...state,
    assignment,
    fetchBuffer: state.fetchBuffer.filter((completed) => assignment.has(topicPartitionKey(completed))),
    metadata: newTopic ? requestMetadataUpdateForNewTopic(state.metadata) : state.metadata,
  };
}

function seek(state: ConsumerState, command: Extract<ConsumerCommand, { type: 'seek' }>, ctx: ConsumerContext): ConsumerState {
  const key = topicPartitionKey(command);
  const assigned = state.assignment.get(key);
  if (assigned === undefined) {
    // KafkaConsumer.seek throws IllegalStateException: "No current assignment for partition".
    ctx.out.emit({ type: 'input.rejected', reason: `seek: ${key} is not assigned to this consumer` });
    return state;
  }
  if (!Number.isSafeInteger(command.offset) || command.offset < 0) {
    ctx.out.emit({ type: 'input.rejected', reason: `seek: the offset must be an integer ≥ 0, got ${String(command.offset)}` });
    return state;
  }
  // Forget any request in flight: its answer belongs to the old position and is ignored when it comes.
  // The buffered records belong to the old position too (Kafka drops them at the next poll).
  const next = withPartition(state, {
    ...assigned,
    position: fetchingAt(command.offset),
    request: undefined,
    retryNotBeforeMs: undefined,
  });
  return withoutBuffered(next, key);
}

/**
 * KafkaConsumer.poll: up to max.poll.records buffered records for the application, each partition's
 * position moved past the last one returned. Like FetchCollector.collectFetch, it takes the records
 * of the completed fetch at the head of the buffer (the oldest response) until they are used up or
 * the poll is full, then the next one's: not a round-robin over partitions, but arrival order, and a
 * completed fetch only partly returned stays at the head for the next poll.
 */
function poll(state: ConsumerState, ctx: ConsumerContext): ConsumerState {
  let remaining = ctx.config.maxPollRecords;
  const buffer = [...state.fetchBuffer];
  const returned: DeliveredRecord[] = [];
  let next = state;
  while (remaining > 0 && buffer.length > 0) {
    const head = buffer[0]!;
    const assigned = next.assignment.get(topicPartitionKey(head));
    if (assigned === undefined || assigned.position.kind !== 'fetching') {
      buffer.shift(); // no longer ours to return (seek and assign drop these already)
      continue;
    }
    const taken = head.records.slice(0, remaining);
    const rest = head.records.slice(taken.length);
    if (rest.length === 0) buffer.shift();
    else buffer[0] = { ...head, records: rest };
    remaining -= taken.length;
    const last = taken[taken.length - 1]!;
    ctx.out.emit({
      type: 'consumer.polled',
      topic: head.topic,
      partition: head.partition,
      fromOffset: taken[0]!.offset,
      values: taken.map((record) => record.record.value),
    });
    next = withPartition(next, { ...assigned, position: { ...assigned.position, position: last.offset + 1 } });
    for (const record of taken) returned.push({ ...record, deliveredAtMs: ctx.now });
  }
  return appendDelivered({ ...next, fetchBuffer: buffer }, returned);
}

/**
 * The application's poll loop, when pollIntervalMs is set: a poll at every tick (start time + k ×
 * pollIntervalMs). A tick that passed with nothing buffered polled nothing; the consumer asks to be
 * woken only for ticks with records waiting (consumerWakeAtMs), and polls late if woken late.
 */
function pollLoop(state: ConsumerState, ctx: ConsumerContext): ConsumerState {
  const interval = ctx.config.pollIntervalMs;
  if (interval === undefined) return state;
  const due = state.nextPollAtMs ?? ctx.now;
  if (ctx.now < due) return state;
  const polled = state.fetchBuffer.length > 0 ? poll(state, ctx) : state;
  const ticksPassed = Math.floor((ctx.now - due) / interval) + 1;
  return { ...polled, nextPollAtMs: due + ticksPassed * interval };
}

/**
 * commitSync(): commit every known position, the next offset to return to the application (after
 * poll returned offset 42, commit 43). Fetched records poll has not returned are not committed.
 */
function commit(state: ConsumerState, ctx: ConsumerContext): ConsumerState {
  let committed: Map<string, CommittedOffset> | undefined;
  for (const [key, assigned] of state.assignment) {
    if (assigned.position.kind !== 'fetching') continue; // no position yet, nothing to commit
    const offset: CommittedOffset = { topic: assigned.topic, partition: assigned.partition, offset: assigned.position.position };
    committed ??= new Map(state.committed);
    committed.set(key, offset);
    ctx.out.emit({ type: 'consumer.committed', topic: offset.topic, partition: offset.partition, offset: offset.offset });
  }
  return committed === undefined ? state : { ...state, committed };
}

// --- messages ---------------------------------------------------------------------------------

function onMessage(state: ConsumerState, envelope: Envelope, ctx: ConsumerContext): ConsumerState {
  const message: Message = envelope.message;
  switch (message.type) {
    case 'MetadataResponse':
      return onMetadataResponse(state, message, ctx);
    case 'ListOffsetsResponse':
      return onListOffsetsResponse(state, envelope.from, message, ctx);
    case 'FetchResponse':
      return onFetchResponse(state, envelope.from, message, ctx);
    default:
      return state; // nothing else is addressed to a consumer
  }
}

function onMetadataResponse(state: ConsumerState, response: MetadataResponse, ctx: ConsumerContext): ConsumerState {
  const metadata = applyMetadataResponse(state.metadata, response, ctx.now);
  return metadata === undefined ? state : { ...state, metadata };
}

/** The assigned partition waiting for exactly this answer, or undefined for a stale one. */
function awaiting(
  state: ConsumerState,
  kind: PartitionRequest['kind'],
  from: NodeId,
  response: { readonly correlationId: number; readonly topic: string; readonly partition: number },
): AssignedPartition | undefined {
  const assigned = state.assignment.get(topicPartitionKey(response));
  const request = assigned?.request;
  if (request === undefined || request.kind !== kind || request.correlationId !== response.correlationId || request.node !== from) {
    return undefined;
  }
  return assigned;
}

function onListOffsetsResponse(state: ConsumerState, from: NodeId, response: ListOffsetsResponse, ctx: ConsumerContext): ConsumerState {
  const assigned = awaiting(state, 'list-offsets', from, response);
  if (assigned === undefined) return state;
  if (response.error === ErrorCode.NONE) {
    return withPartition(state, { ...assigned, request: undefined, position: fetchingAt(response.offset) });
  }
  return retryLater(state, { ...assigned, request: undefined }, response.error, ctx);
}

function onFetchResponse(state: ConsumerState, from: NodeId, response: FetchResponse, ctx: ConsumerContext): ConsumerState {
  const assigned = awaiting(state, 'fetch', from, response);
  if (assigned === undefined || assigned.position.kind !== 'fetching') return state;
  const done: AssignedPartition = { ...assigned, request: undefined };
  const fromFollower = assigned.preferredReadReplica !== undefined && assigned.request?.broker === assigned.preferredReadReplica.broker;
  if (response.error === ErrorCode.NONE && response.preferredReadReplica !== undefined && response.preferredReadReplica >= 0) {
    // KIP-392: the leader names a follower in our rack; fetch from it until metadata.max.age.ms passes.
    ctx.out.emit({ type: 'consumer.read-replica-chosen', topic: done.topic, partition: done.partition, broker: response.preferredReadReplica, leader: done.request?.broker ?? assigned.request!.broker });
    return withPartition(state, { ...done, preferredReadReplica: { broker: response.preferredReadReplica, expiresAtMs: ctx.now + ctx.config.metadataMaxAgeMs } });
  }
  if (fromFollower && response.error !== ErrorCode.NONE) {
    // AbstractFetch: an error from the preferred replica (OFFSET_OUT_OF_RANGE included) clears it; the next fetch goes to the leader.
    return withPartition(state, { ...done, preferredReadReplica: undefined });
  }
  if (fromFollower && response.entries.length === 0) {
    // The model's followers answer at once; wait as a follower holding the fetch would.
    return withPartition(state, { ...done, highWatermark: response.highWatermark, retryNotBeforeMs: ctx.now + ctx.config.fetchMaxWaitMs });
  }
  switch (response.error) {
    case ErrorCode.NONE:
      return acceptRecords(state, { ...done, highWatermark: response.highWatermark }, assigned.position.fetchOffset, response, ctx);
    case ErrorCode.OFFSET_OUT_OF_RANGE:
      return withoutBuffered(resetPosition(state, done, `offset ${assigned.position.fetchOffset} is out of range`, ctx), topicPartitionKey(done));
    default:
      return retryLater(state, done, response.error, ctx);
  }
}

/** Records from the leader go into the fetch buffer; the position waits for a poll. */
function acceptRecords(
  state: ConsumerState,
  assigned: AssignedPartition,
  fetchOffset: number,
  response: FetchResponse,
  ctx: ConsumerContext,
): ConsumerState {
  // Kafka returns whole batches, which may start below the fetch offset: skip what we already have.
  const entries = response.entries.filter((entry) => entry.offset >= fetchOffset);
  const last = entries[entries.length - 1];
  if (last === undefined || assigned.position.kind !== 'fetching') return withPartition(state, assigned);
  ctx.out.emit({
    type: 'consumer.fetched',
    topic: assigned.topic,
    partition: assigned.partition,
    fromOffset: entries[0]!.offset,
    values: entries.map((entry) => entry.record.value),
    highWatermark: response.highWatermark,
  });
  const records: BufferedRecord[] = entries.map((entry) => ({
    topic: assigned.topic,
    partition: assigned.partition,
    offset: entry.offset,
    leaderEpoch: entry.leaderEpoch,
    record: entry.record,
  }));
  const completed: CompletedFetch = { topic: assigned.topic, partition: assigned.partition, records };
  const next = withPartition(state, { ...assigned, position: { ...assigned.position, fetchOffset: last.offset + 1 } });
  return { ...next, fetchBuffer: [...next.fetchBuffer, completed] };
}

/** Position and fetch offset both at `offset`, nothing buffered: after a seek, a reset or a restart. */
function fetchingAt(offset: number): PositionState {
  return { kind: 'fetching', position: offset, fetchOffset: offset };
}

function hasBuffered(state: ConsumerState, key: string): boolean {
  return state.fetchBuffer.some((completed) => topicPartitionKey(completed) === key);
}

function withoutBuffered(state: ConsumerState, key: string): ConsumerState {
  return hasBuffered(state, key) ? { ...state, fetchBuffer: state.fetchBuffer.filter((completed) => topicPartitionKey(completed) !== key) } : state;
}

/** auto.offset.reset, when there is no committed offset or the position is out of range (8.2). */
function resetPosition(state: ConsumerState, assigned: AssignedPartition, why: string, ctx: ConsumerContext): ConsumerState {
  const policy = ctx.config.autoOffsetReset;
  if (policy === 'none') {
    // Kafka throws NoOffsetForPartitionException / OffsetOutOfRangeException from poll(): the application must seek.
    ctx.out.emit({
      type: 'input.rejected',
      reason: `${topicPartitionKey(assigned)}: ${why} and auto.offset.reset is none: seek to an offset to read it`,
    });
    return withPartition(state, { ...assigned, position: { kind: 'awaiting-seek' } });
  }
  return withPartition(state, { ...assigned, position: { kind: 'resetting', strategy: policy } });
}

/**
 * A failed or lost request: try again after retry.backoff.ms, with fresh metadata if ours looks stale.
 * The flat retry.backoff.ms even in 3.7+: the Java consumer's per-partition retries did not adopt
 * KIP-580's exponential backoff (see the module comment).
 */
function retryLater(state: ConsumerState, assigned: AssignedPartition, error: ErrorCode, ctx: ConsumerContext): ConsumerState {
  const next = withPartition(state, { ...assigned, request: undefined, retryNotBeforeMs: ctx.now + ctx.config.retryBackoffMs });
  return meansStaleMetadata(error) ? { ...next, metadata: requestMetadataUpdate(next.metadata) } : next;
}

function withPartition(state: ConsumerState, assigned: AssignedPartition): ConsumerState {
  const assignment = new Map(state.assignment);
  assignment.set(topicPartitionKey(assigned), assigned);
  return { ...state, assignment };
}

/** The broker's connection closed: its requests end now, as a timeout would end them. */
function peerDisconnected(state: ConsumerState, peer: NodeId, now: number): ConsumerState {
  let next: ConsumerState = { ...state, metadata: metadataPeerDisconnected(state.metadata, peer, now) };
  for (const assigned of state.assignment.values()) {
    if (assigned.request?.node === peer && assigned.request.deadlineMs > now) {
      next = withPartition(next, { ...assigned, request: { ...assigned.request, deadlineMs: now } });
    }
  }
  return next;
}

// --- the fetch loop: what runs after every input ----------------------------------------------

function advance(state: ConsumerState, ctx: ConsumerContext): ConsumerState {
  let next = state;
  let leaderMissing = false;
  for (const key of state.assignment.keys()) {
    let assigned = next.assignment.get(key)!;
    if (assigned.request !== undefined && ctx.now >= assigned.request.deadlineMs) {
      // No answer within request.timeout.ms: Kafka drops the connection (NETWORK_EXCEPTION) and retries.
      // A preferred read replica that does not answer is dropped: back to the leader (KIP-392).
      const unreachable = assigned.preferredReadReplica?.broker === assigned.request.broker;
      next = retryLater(next, unreachable ? { ...assigned, preferredReadReplica: undefined } : assigned, ErrorCode.NETWORK_EXCEPTION, ctx);
      assigned = next.assignment.get(key)!;
    }
    if (assigned.position.kind === 'unresolved') {
      next = resolvePosition(next, assigned, ctx);
      assigned = next.assignment.get(key)!;
    }
    if (assigned.request !== undefined || assigned.position.kind === 'awaiting-seek') continue;
    // AbstractFetch.fetchablePartitions: no fetch for a partition whose records still wait for a poll.
    if (assigned.position.kind === 'fetching' && hasBuffered(next, key)) continue;
    if (assigned.retryNotBeforeMs !== undefined) {
      if (ctx.now < assigned.retryNotBeforeMs) continue;
      // The backoff is over; clear it so a partition that still lacks a leader asks for no wake.
      assigned = { ...assigned, retryNotBeforeMs: undefined };
      next = withPartition(next, assigned);
    }
    const leader = partitionLeader(next.metadata.view, assigned.topic, assigned.partition);
    if (leader === undefined) {
      leaderMissing = true;
      continue;
    }
    next = sendRequest(next, assigned, leader, ctx);
  }
  if (leaderMissing) next = { ...next, metadata: requestMetadataUpdate(next.metadata) };
  return pollConsumerMetadata(next, ctx);
}

function resolvePosition(state: ConsumerState, assigned: AssignedPartition, ctx: ConsumerContext): ConsumerState {
  const committed = state.committed.get(topicPartitionKey(assigned));
  if (committed !== undefined) {
    return withPartition(state, { ...assigned, position: fetchingAt(committed.offset) });
  }
  return resetPosition(state, assigned, 'no committed offset', ctx);
}

function sendRequest(
  state: ConsumerState,
  assigned: AssignedPartition,
  leader: NonNullable<ReturnType<typeof partitionLeader>>,
  ctx: ConsumerContext,
): ConsumerState {
  const position: PositionState = assigned.position;
  const correlationId = state.nextCorrelationId;
  let target: { node: NodeId; broker: number } = { node: leader.node, broker: leader.broker };
  let kind: PartitionRequest['kind'];
  if (position.kind === 'resetting') {
    kind = 'list-offsets';
    ctx.out.send(leader.node, {
      type: 'ListOffsetsRequest',
      correlationId,
      topic: assigned.topic,
      partition: assigned.partition,
      timestamp: position.strategy === 'earliest' ? -2 : -1,
      currentLeaderEpoch: leader.leaderEpoch,
    });
  } else if (position.kind === 'fetching') {
    kind = 'fetch';
    const preferred = assigned.preferredReadReplica;
    if (preferred !== undefined && ctx.now < preferred.expiresAtMs) {
      // KIP-392: read from the follower the leader chose (records up to that follower's HW).
      target = { node: brokerNode(preferred.broker), broker: preferred.broker };
    }
    ctx.out.send(target.node, {
      type: 'FetchRequest',
      correlationId,
      replicaId: -1, // a consumer, not a follower
      brokerEpoch: -1, // only followers send one (KIP-903)
      maxWaitMs: ctx.config.fetchMaxWaitMs,
      topic: assigned.topic,
      partition: assigned.partition,
      currentLeaderEpoch: leader.leaderEpoch, // KIP-320: a leader with another epoch answers FENCED/UNKNOWN_LEADER_EPOCH
      fetchOffset: position.fetchOffset,
      lastFetchedEpoch: -1, // consumers do not send it; divergence checks are for followers
      maxRecords: ctx.config.maxPollRecords,
      ...(ctx.config.clientRack !== undefined && { rackId: ctx.config.clientRack }),
    });
  } else {
    return state;
  }
  const request: PartitionRequest = {
    kind,
    correlationId,
    node: target.node,
    broker: target.broker,
    deadlineMs: ctx.now + ctx.config.requestTimeoutMs,
  };
  return withPartition({ ...state, nextCorrelationId: correlationId + 1 }, { ...assigned, request, retryNotBeforeMs: undefined });
}

function assignedTopics(state: ConsumerState): string[] {
  return [...new Set([...state.assignment.values()].map((assigned) => assigned.topic))];
}

function pollConsumerMetadata(state: ConsumerState, ctx: ConsumerContext): ConsumerState {
  const poll = pollMetadata(
    state.metadata,
    assignedTopics(state),
    ctx.config.bootstrap,
    ctx.config,
    state.nextCorrelationId,
    ctx.out,
    ctx.random,
  );
  return { ...state, metadata: poll.fetch, nextCorrelationId: state.nextCorrelationId + (poll.sent ? 1 : 0) };
}


/**
 * The earliest of: the metadata machinery's next need, request deadlines, retry backoffs still
 * running, and the poll loop's next tick when records wait for it.
 */
export function consumerWakeAtMs(state: ConsumerState, config: ConsumerConfig): number | undefined {
  const deadlines: Array<number | undefined> = [metadataWakeAtMs(state.metadata, config)];
  if (config.pollIntervalMs !== undefined && state.fetchBuffer.length > 0) deadlines.push(state.nextPollAtMs);
  for (const assigned of state.assignment.values()) {
    if (assigned.request !== undefined) deadlines.push(assigned.request.deadlineMs);
    else if (assigned.retryNotBeforeMs !== undefined && assigned.position.kind !== 'awaiting-seek') deadlines.push(assigned.retryNotBeforeMs);
  }
  return earliest(...deadlines);
}
