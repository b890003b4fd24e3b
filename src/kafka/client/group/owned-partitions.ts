/**
 * The partitions a member owns, and how ownership reaches the fetching. Fetching is the
 * manual-assignment consumer of consumer.ts, wrapped: each new assignment becomes an `assign` of
 * that consumer, after the committed offsets of the new partitions are fetched from the
 * coordinator (OffsetFetch). Partitions are given up in two ways: revoked (the member stays in the
 * group and may commit first) or lost (the member is out of the group: nothing may be committed).
 *
 * Sources: clients/src/main/java/org/apache/kafka/clients/consumer/internals/ConsumerCoordinator.java
 * (invokePartitionsRevoked, invokePartitionsLost, fetchCommittedOffsets: OffsetFetch),
 * consumer/ConsumerRebalanceListener.java (onPartitionsRevoked, onPartitionsLost); KIP-429.
 */
import { ErrorCode } from '../../errors.js';
import { topicPartitionKey, type TopicPartition } from '../../ids.js';
import type { OffsetFetchResponse } from '../../protocol/group-messages.js';
import type { Turn } from './turn.js';

/** onPartitionsRevoked: the partitions are given up (after any commit). */
export function revoke(turn: Turn, partitions: readonly TopicPartition[]): void {
  if (partitions.length === 0) return;
  const gone = new Set(partitions.map(topicPartitionKey));
  const owned = turn.m.owned.filter((tp) => !gone.has(topicPartitionKey(tp)));
  turn.out.emit({ type: 'consumer.partitions-revoked', groupId: turn.config.groupId, memberId: turn.m.memberId, partitions: partitions.map(topicPartitionKey) });
  const awaiting = turn.m.awaitingOffsets;
  const stillAwaiting = awaiting?.partitions.filter((tp) => !gone.has(topicPartitionKey(tp))) ?? [];
  turn.setMembership({ owned, awaitingOffsets: awaiting === undefined || stillAwaiting.length === 0 ? undefined : { ...awaiting, partitions: stillAwaiting } });
  syncFetching(turn);
}

/** The wrapped consumer fetches the owned partitions whose committed offsets are known. */
export function syncFetching(turn: Turn): void {
  const waiting = new Set((turn.m.awaitingOffsets?.partitions ?? []).map(topicPartitionKey));
  const partitions = turn.m.owned.filter((tp) => !waiting.has(topicPartitionKey(tp)));
  turn.inner({ kind: 'command', command: { type: 'assign', partitions } });
}

/** onPartitionsLost: the member is no longer in the group; nothing may be committed for them. */
export function lose(turn: Turn): void {
  revoke(turn, turn.m.owned);
  turn.state = { ...turn.state, commitInFlight: undefined, commitWanted: false };
}

export function fetchCommittedOffsets(turn: Turn, partitions: readonly TopicPartition[]): void {
  if (turn.m.coordinator === undefined) {
    // Retried when the coordinator is known again (the deadline makes expireRequests ask).
    turn.setMembership({ awaitingOffsets: { request: { correlationId: -1, node: '', deadlineMs: turn.now + turn.config.fetch.retryBackoffMs }, partitions } });
    return;
  }
  const request = turn.request(turn.m.coordinator, (correlationId) => ({ type: 'OffsetFetchRequest', correlationId, groupId: turn.config.groupId, partitions }));
  turn.setMembership({ awaitingOffsets: { request, partitions } });
}

export function onOffsetFetch(turn: Turn, response: OffsetFetchResponse): void {
  const awaiting = turn.m.awaitingOffsets;
  if (awaiting === undefined || awaiting.request.correlationId !== response.correlationId) return;
  if (response.error !== ErrorCode.NONE) {
    fetchCommittedOffsets(turn, awaiting.partitions);
    return;
  }
  turn.setMembership({ awaitingOffsets: undefined });
  // The committed offset is where reading starts; none: auto.offset.reset decides (consumer.ts).
  const committed = new Map(turn.state.inner.committed);
  for (const offset of response.offsets) {
    if (offset.offset >= 0) committed.set(topicPartitionKey(offset), { topic: offset.topic, partition: offset.partition, offset: offset.offset });
    else committed.delete(topicPartitionKey(offset));
  }
  turn.state = { ...turn.state, inner: { ...turn.state.inner, committed } };
  syncFetching(turn);
}
