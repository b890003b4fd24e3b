/**
 * AlterPartition (semantics 5.1, 5.5; ReplicationControlManager.validateAlterPartitionData): a
 * partition leader's ISR change, validated in Kafka's order, then applied.
 */
import { ErrorCode, errorName } from '../errors.js';
import { brokerIdOf, topicPartitionKey, type BrokerId, type NodeId } from '../ids.js';
import type { AlterPartitionRequest, PartitionState } from '../protocol/messages.js';
import { changePartition } from './apply-partition-change.js';
import type { Draft } from './draft.js';
import type { Turn } from './turn.js';

export function handleAlterPartition(turn: Turn, from: NodeId, request: AlterPartitionRequest): void {
  const current = turn.draft.partition(request.topic, request.partition);
  const verdict = validateAlterPartition(turn.draft, from, request, current);
  const reply = (error: ErrorCode, partitionState: PartitionState | undefined): void =>
    turn.out.send(from, {
      type: 'AlterPartitionResponse',
      topic: request.topic,
      partition: request.partition,
      error,
      partitionState,
    });

  if (verdict.error !== ErrorCode.NONE || current === undefined) {
    turn.out.emit({
      type: 'input.rejected',
      reason: `AlterPartition for ${topicPartitionKey(request)} from broker ${request.brokerId} rejected (${errorName(verdict.error)}): ${verdict.reason}`,
    });
    return reply(verdict.error, current);
  }
  const change = changePartition(turn, current, { kind: 'alter-isr', newIsr: request.newIsr }, turn.draft.activeBrokers());
  reply(ErrorCode.NONE, change.partition);
}

interface Verdict {
  readonly error: ErrorCode;
  readonly reason: string;
}

/**
 * The checks in Kafka's order, so the first failing one decides the error:
 * 1. the requester's broker epoch is current (STALE_BROKER_EPOCH);
 * 2. the partition exists (UNKNOWN_TOPIC_OR_PARTITION);
 * 3. epochs newer than ours mean we are not the real controller (NOT_CONTROLLER);
 * 4. an older leader epoch: a deposed leader (FENCED_LEADER_EPOCH);
 * 5. the requester is the leader (INVALID_REQUEST);
 * 6. an older partition epoch: the proposal is based on a stale record (INVALID_UPDATE_VERSION);
 * 7. the new ISR is a set of replicas that includes the leader (INVALID_REQUEST);
 * 8. every member is registered and unfenced (INELIGIBLE_REPLICA). KIP-903 also compares each
 *    member's broker epoch; the model's request does not carry them.
 */
function validateAlterPartition(
  draft: Draft,
  from: NodeId,
  request: AlterPartitionRequest,
  current: PartitionState | undefined,
): Verdict {
  const requester = draft.registrations.get(request.brokerId);
  if (brokerIdOf(from) !== request.brokerId) {
    return { error: ErrorCode.INVALID_REQUEST, reason: `${from} sent it in the name of broker ${request.brokerId}.` };
  }
  if (requester === undefined || requester.brokerEpoch !== request.brokerEpoch) {
    return {
      error: ErrorCode.STALE_BROKER_EPOCH,
      reason: `broker epoch ${request.brokerEpoch} is not the registered one (${requester?.brokerEpoch ?? 'none'}).`,
    };
  }
  if (current === undefined) return { error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, reason: 'no such partition.' };
  if (request.leaderEpoch > current.leaderEpoch || request.partitionEpoch > current.partitionEpoch) {
    return { error: ErrorCode.NOT_CONTROLLER, reason: 'the request carries epochs newer than the controller knows.' };
  }
  if (request.leaderEpoch < current.leaderEpoch) {
    return {
      error: ErrorCode.FENCED_LEADER_EPOCH,
      reason: `leader epoch ${request.leaderEpoch} is older than the current ${current.leaderEpoch}.`,
    };
  }
  if (request.brokerId !== current.leader) {
    return { error: ErrorCode.INVALID_REQUEST, reason: `the leader is broker ${current.leader}, not ${request.brokerId}.` };
  }
  if (request.partitionEpoch < current.partitionEpoch) {
    return {
      error: ErrorCode.INVALID_UPDATE_VERSION,
      reason: `partition epoch ${request.partitionEpoch} is older than the current ${current.partitionEpoch}.`,
    };
  }
  const isrProblem = newIsrProblem(request.newIsr, current);
  if (isrProblem !== undefined) return { error: ErrorCode.INVALID_REQUEST, reason: isrProblem };
  const ineligible = request.newIsr.filter((broker) => draft.registrations.get(broker)?.fenced !== false);
  if (ineligible.length > 0) {
    return {
      error: ErrorCode.INELIGIBLE_REPLICA,
      reason: `broker(s) ${ineligible.join(', ')} are fenced or not registered, so they cannot join the ISR.`,
    };
  }
  return { error: ErrorCode.NONE, reason: '' };
}

function newIsrProblem(newIsr: readonly BrokerId[], current: PartitionState): string | undefined {
  if (new Set(newIsr).size !== newIsr.length) return `the new ISR [${newIsr.join(', ')}] lists a broker twice.`;
  const strangers = newIsr.filter((broker) => !current.replicas.includes(broker));
  if (strangers.length > 0) return `broker(s) ${strangers.join(', ')} are not replicas of this partition.`;
  if (!newIsr.includes(current.leader)) return `the new ISR [${newIsr.join(', ')}] leaves out the leader ${current.leader}.`;
  return undefined;
}
