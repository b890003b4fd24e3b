/**
 * What a client (producer or consumer) knows of the cluster, and how it keeps that knowledge fresh:
 * the part of the Java client's `Metadata` and `NetworkClient.DefaultMetadataUpdater` that the model
 * needs. Both clients share it.
 *
 * Sources: clients/src/main/java/org/apache/kafka/clients/Metadata.java (`requestUpdate`,
 * `timeToNextUpdate`, `timeToAllowUpdate`, `failedUpdate`, `updateLatestMetadata`: partition
 * metadata with an older leader epoch is ignored, KIP-320), clients/src/main/java/org/apache/kafka/
 * clients/NetworkClient.java (`leastLoadedNode`, metadata request timeouts); KIP-580 (exponential
 * retry backoff, 3.7); kafka-semantics.md 5.8.
 *
 * Rules:
 * - A refresh is requested on start, when a topic or a partition's leader is unknown, and after
 *   errors that mean "your metadata is stale" (NOT_LEADER_OR_FOLLOWER, a lost connection, ...).
 *   Requests are spaced by retry.backoff.ms; without any request, metadata is refreshed every
 *   metadata.max.age.ms.
 * - One metadata request at a time. If no answer comes within request.timeout.ms (the simulated
 *   network may drop it, or the connection closes), the next attempt goes out after a backoff, to
 *   the next broker. Since 3.7 (KIP-580) that backoff grows with each consecutive failed request:
 *   ~retry.backoff.ms, then ×2 per failure up to retry.backoff.max.ms, ±20% jitter
 *   (retry-backoff.ts; Kafka's Metadata.failedUpdate counts `attempts`). Any answer resets the
 *   count. Before 3.7 every attempt waited the fixed retry.backoff.ms.
 * - Not modelled: the second counter KIP-580 added to Metadata, equivalentResponseCount, which
 *   also grows the spacing while answers arrive but change nothing (no new leader epoch), nor the
 *   ±20% jitter Kafka puts on the spacing after an answer (backoff(0)). Here the spacing after an
 *   answer is the flat retry.backoff.ms, so a run without failed metadata requests draws no
 *   randomness for metadata.
 * - Brokers to ask: the live brokers from the last answer, else the bootstrap list, taken in turn
 *   (Kafka picks the least loaded node; turn by turn keeps runs reproducible and still walks
 *   around a dead broker).
 */
import { ErrorCode } from '../errors.js';
import { brokerNode, NO_LEADER, type BrokerId, type NodeId } from '../ids.js';
import type { BrokerMetadata, MetadataResponse, PartitionState } from '../protocol/messages.js';
import type { Outbox, RandomSource } from '../step.js';
import { retryBackoffMs } from './retry-backoff.js';

/** One topic as the last useful answer described it. */
export interface TopicView {
  /** NONE, or why the topic cannot be used yet (UNKNOWN_TOPIC_OR_PARTITION while it does not exist). */
  readonly error: ErrorCode;
  /** Indexed by partition number: partitions[p].partition === p. Empty while error is not NONE. */
  readonly partitions: readonly PartitionState[];
}

export interface ClusterView {
  readonly brokers: ReadonlyMap<BrokerId, BrokerMetadata>;
  readonly topics: ReadonlyMap<string, TopicView>;
}

export interface MetadataRequestInFlight {
  readonly correlationId: number;
  readonly node: NodeId;
  /** No answer by then: give up on this request (request.timeout.ms). */
  readonly deadlineMs: number;
}

export interface MetadataFetchState {
  readonly view: ClusterView;
  readonly inFlight: MetadataRequestInFlight | undefined;
  /** Someone needs fresher metadata than the view (Kafka: Metadata.requestUpdate). */
  readonly updateRequested: boolean;
  readonly lastAttemptMs: number | undefined;
  readonly lastSuccessMs: number | undefined;
  /** Requests sent so far; picks the next broker to ask. */
  readonly attempts: number;
  /**
   * Consecutive requests that got no answer (timed out, or their connection closed); 0 after any
   * answer. Kafka's Metadata.attempts, the exponent of the KIP-580 backoff.
   */
  readonly failedAttempts: number;
  /**
   * The jittered wait drawn when the last request failed: the next request goes out this long
   * after `lastAttemptMs`. Undefined when the last request was answered (or none failed yet): the
   * flat retry.backoff.ms applies.
   */
  readonly failureBackoffMs: number | undefined;
}

/** The settings metadata refresh needs; both clients' configs carry them under these names and are passed as they are. */
export interface MetadataTiming {
  readonly retryBackoffMs: number;
  readonly retryBackoffMaxMs: number;
  readonly requestTimeoutMs: number;
  readonly metadataMaxAgeMs: number;
}

export const initialMetadataFetchState: MetadataFetchState = {
  view: { brokers: new Map(), topics: new Map() },
  inFlight: undefined,
  updateRequested: true,
  lastAttemptMs: undefined,
  lastSuccessMs: undefined,
  attempts: 0,
  failedAttempts: 0,
  failureBackoffMs: undefined,
};

export function requestMetadataUpdate(fetch: MetadataFetchState): MetadataFetchState {
  return fetch.updateRequested ? fetch : { ...fetch, updateRequested: true };
}

/**
 * A topic the client has not asked about before: ask at once, without waiting out retry.backoff.ms
 * (ProducerMetadata/ConsumerMetadata.requestUpdateForNewTopics resets the last refresh time "to let
 * immediate update"). Still one request at a time: with one in flight, the next one waits for its
 * answer and the usual backoff, as in Kafka (the answer resets the last refresh time).
 */
export function requestMetadataUpdateForNewTopic(fetch: MetadataFetchState): MetadataFetchState {
  if (fetch.inFlight !== undefined) return requestMetadataUpdate(fetch);
  return { ...fetch, updateRequested: true, lastAttemptMs: undefined };
}

/** When the next metadata request should go out; undefined while one is in flight. */
export function nextMetadataRequestAtMs(fetch: MetadataFetchState, timing: MetadataTiming): number | undefined {
  if (fetch.inFlight !== undefined) return undefined;
  const backoffMs = fetch.failureBackoffMs ?? timing.retryBackoffMs;
  const backoffEndMs = fetch.lastAttemptMs === undefined ? 0 : fetch.lastAttemptMs + backoffMs;
  if (fetch.updateRequested) return backoffEndMs;
  if (fetch.lastSuccessMs === undefined) return backoffEndMs;
  return Math.max(backoffEndMs, fetch.lastSuccessMs + timing.metadataMaxAgeMs);
}

/** The time the metadata machinery next needs a wake: a request's deadline or the next request. */
export function metadataWakeAtMs(fetch: MetadataFetchState, timing: MetadataTiming): number | undefined {
  return fetch.inFlight?.deadlineMs ?? nextMetadataRequestAtMs(fetch, timing);
}

export interface MetadataPoll {
  readonly fetch: MetadataFetchState;
  /** True when `correlationId` was used for a request: the caller advances its counter. */
  readonly sent: boolean;
}

/**
 * Time out a request that got no answer, then send one if it is due. `topics` are the topics the
 * client cares about (Kafka's producer and manually assigned consumer ask only for those).
 * `random` jitters the backoff after a failed request; nothing is drawn otherwise.
 */
export function pollMetadata(
  fetch: MetadataFetchState,
  topics: readonly string[],
  bootstrap: readonly NodeId[],
  timing: MetadataTiming,
  correlationId: number,
  out: Outbox,
  random: RandomSource,
): MetadataPoll {
  const now = out.now;
  let next = fetch;
  if (next.inFlight !== undefined && now >= next.inFlight.deadlineMs) {
    // The request or its answer was lost, or the broker is down: ask again (elsewhere) after a
    // backoff that grows with each consecutive failure (Metadata.failedUpdate, KIP-580).
    const failedAttempts = next.failedAttempts + 1;
    next = {
      ...next,
      inFlight: undefined,
      updateRequested: true,
      lastAttemptMs: next.inFlight.deadlineMs,
      failedAttempts,
      failureBackoffMs: retryBackoffMs(failedAttempts, timing, random),
    };
  }
  const dueAtMs = nextMetadataRequestAtMs(next, timing);
  if (dueAtMs === undefined || dueAtMs > now) return { fetch: next, sent: false };
  const node = pickMetadataNode(next, bootstrap);
  out.send(node, { type: 'MetadataRequest', correlationId, topics: [...topics].sort() });
  return {
    fetch: {
      ...next,
      inFlight: { correlationId, node, deadlineMs: now + timing.requestTimeoutMs },
      lastAttemptMs: now,
      attempts: next.attempts + 1,
    },
    sent: true,
  };
}

function pickMetadataNode(fetch: MetadataFetchState, bootstrap: readonly NodeId[]): NodeId {
  const live = [...fetch.view.brokers.values()]
    .filter((broker) => !broker.fenced)
    .sort((a, b) => a.brokerId - b.brokerId)
    .map((broker) => broker.node);
  const candidates = live.length > 0 ? live : bootstrap;
  if (candidates.length === 0) throw new Error('no broker to ask for metadata: the bootstrap list is empty');
  return candidates[fetch.attempts % candidates.length]!;
}

/**
 * Merge an answer into the view. Returns undefined for an answer we are not waiting for (an old
 * correlation id): it may describe the cluster as it was before a newer answer we already applied.
 */
export function applyMetadataResponse(
  fetch: MetadataFetchState,
  response: MetadataResponse,
  now: number,
): MetadataFetchState | undefined {
  if (fetch.inFlight === undefined || fetch.inFlight.correlationId !== response.correlationId) return undefined;
  const brokers =
    response.brokers.length > 0 ? new Map(response.brokers.map((broker) => [broker.brokerId, broker])) : fetch.view.brokers;
  const topics = new Map(fetch.view.topics);
  for (const topic of response.topics) {
    const merged = mergeTopic(topics.get(topic.name), topic.error, topic.partitions);
    if (merged !== undefined) topics.set(topic.name, merged);
  }
  return {
    ...fetch,
    view: { brokers, topics },
    inFlight: undefined,
    updateRequested: false,
    lastSuccessMs: now,
    // An answer ends the run of failures (Metadata.update sets attempts = 0): back to retry.backoff.ms.
    failedAttempts: 0,
    failureBackoffMs: undefined,
  };
}

function mergeTopic(
  known: TopicView | undefined,
  error: ErrorCode,
  partitions: readonly PartitionState[],
): TopicView | undefined {
  const complete = error === ErrorCode.NONE && partitions.length > 0 && isComplete(partitions);
  if (!complete) {
    // A broker that has not yet learned of the topic says UNKNOWN_TOPIC_OR_PARTITION; keep what a
    // better-informed broker told us earlier (topic deletion is not modelled).
    if (known !== undefined && known.error === ErrorCode.NONE) return undefined;
    return { error: error === ErrorCode.NONE ? ErrorCode.LEADER_NOT_AVAILABLE : error, partitions: [] };
  }
  const sorted = [...partitions].sort((a, b) => a.partition - b.partition);
  if (known === undefined || known.error !== ErrorCode.NONE) return { error: ErrorCode.NONE, partitions: sorted };
  // KIP-320: partition metadata with an older leader epoch than the one we hold is stale; keep ours.
  return {
    error: ErrorCode.NONE,
    partitions: sorted.map((fresh) => {
      const old = known.partitions[fresh.partition];
      return old !== undefined && old.leaderEpoch > fresh.leaderEpoch ? old : fresh;
    }),
  };
}

/** Partition states must be 0..n-1, each once: a hole would make every key's partition wrong. */
function isComplete(partitions: readonly PartitionState[]): boolean {
  const seen = new Set(partitions.map((state) => state.partition));
  if (seen.size !== partitions.length) return false;
  for (let partition = 0; partition < partitions.length; partition++) if (!seen.has(partition)) return false;
  return true;
}

/** The topic's partitions, or undefined while the topic is unknown (or being created). */
export function usableTopic(view: ClusterView, topic: string): TopicView | undefined {
  const known = view.topics.get(topic);
  return known !== undefined && known.error === ErrorCode.NONE ? known : undefined;
}

export interface PartitionLeader {
  readonly broker: BrokerId;
  readonly node: NodeId;
  readonly leaderEpoch: number;
}

/** The partition's leader, or undefined when it has none (NO_LEADER) or the topic is unknown. */
export function partitionLeader(view: ClusterView, topic: string, partition: number): PartitionLeader | undefined {
  const state = usableTopic(view, topic)?.partitions[partition];
  if (state === undefined || state.leader === NO_LEADER) return undefined;
  return {
    broker: state.leader,
    node: view.brokers.get(state.leader)?.node ?? brokerNode(state.leader),
    leaderEpoch: state.leaderEpoch,
  };
}

/** Partitions that have a leader now, in partition order (Kafka: Cluster.availablePartitionsForTopic). */
export function availablePartitions(topic: TopicView): number[] {
  return topic.partitions.filter((state) => state.leader !== NO_LEADER).map((state) => state.partition);
}

/**
 * Errors after which Kafka refreshes metadata before retrying: the InvalidMetadataException family
 * (NetworkException belongs to it: a dead connection often means a dead leader).
 */
const staleMetadataErrors = new Set<number>([
  ErrorCode.NOT_LEADER_OR_FOLLOWER,
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.LEADER_NOT_AVAILABLE,
  ErrorCode.FENCED_LEADER_EPOCH,
  ErrorCode.UNKNOWN_LEADER_EPOCH,
  ErrorCode.NETWORK_EXCEPTION,
]);

export function meansStaleMetadata(error: ErrorCode): boolean {
  return staleMetadataErrors.has(error);
}

/** The connection to `peer` closed: a metadata request waiting on it is over now. */
export function metadataPeerDisconnected(fetch: MetadataFetchState, peer: NodeId, now: number): MetadataFetchState {
  if (fetch.inFlight?.node !== peer) return fetch;
  return { ...fetch, inFlight: { ...fetch.inFlight, deadlineMs: now } };
}
