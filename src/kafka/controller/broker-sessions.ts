/**
 * Broker registration, heartbeats, fencing (semantics 6.5): brokers register (and start fenced),
 * heartbeat to keep their session and to ask to be unfenced; a broker silent for longer than
 * brokerSessionTimeoutMs is fenced. Fencing and unfencing re-examine the partitions they affect
 * (semantics 6.6).
 */
import type { ControllerConfig } from '../config.js';
import { ErrorCode } from '../errors.js';
import { NO_LEADER, brokerIdOf, type BrokerId, type NodeId } from '../ids.js';
import type { BrokerHeartbeatRequest, BrokerRegistrationRequest } from '../protocol/messages.js';
import { changePartition } from './apply-partition-change.js';
import type { BrokerRegistration, ControllerState } from './controller-types.js';
import { sortedRegistrations } from './draft.js';
import type { Turn } from './turn.js';

export function restartSessionClocks(turn: Turn): void {
  for (const brokerId of turn.draft.registrations.keys()) {
    turn.draft.lastHeartbeatAtMs.set(brokerId, turn.now);
    // Pushes in flight when the controller died may be lost: resend everyone the full picture.
    turn.draft.needsFullMetadata.add(brokerId);
  }
}

export function handleRegistration(turn: Turn, from: NodeId, request: BrokerRegistrationRequest): void {
  const { draft, out } = turn;
  const reply = (error: ErrorCode, brokerEpoch: number): void =>
    out.send(from, { type: 'BrokerRegistrationResponse', error, brokerEpoch });

  if (brokerIdOf(from) !== request.brokerId) {
    out.emit({ type: 'input.rejected', reason: `${from} tried to register as broker ${request.brokerId}.` });
    return reply(ErrorCode.INVALID_REQUEST, -1);
  }
  const existing = draft.registrations.get(request.brokerId);
  if (existing !== undefined && existing.incarnationId === request.incarnationId) {
    // Same process asking again (it lost our answer): same registration, same epoch, fresh snapshot.
    draft.lastHeartbeatAtMs.set(request.brokerId, turn.now);
    draft.needsFullMetadata.add(request.brokerId);
    return reply(ErrorCode.NONE, existing.brokerEpoch);
  }
  if (existing !== undefined) {
    // A new incarnation: the broker restarted and lost its memory, so its old registration must not
    // stay leader anywhere. Kafka's ClusterControlManager.registerBroker instead refuses a new
    // incarnation while the old session is still valid (DuplicateBrokerRegistrationException) and
    // accepts it once that session has lapsed; the model accepts at once and fences first, so the
    // restart's effect on leadership is visible immediately.
    fenceBroker(turn, request.brokerId, 're-registered');
  }
  const registration: BrokerRegistration = {
    brokerId: request.brokerId,
    incarnationId: request.incarnationId,
    brokerEpoch: draft.nextBrokerEpoch,
    fenced: true, // semantics 6.5: a new registration starts fenced
  };
  draft.nextBrokerEpoch += 1;
  draft.setRegistration(registration);
  draft.lastHeartbeatAtMs.set(request.brokerId, turn.now);
  draft.needsFullMetadata.add(request.brokerId);
  out.emit({ type: 'broker.registered', broker: registration.brokerId, brokerEpoch: registration.brokerEpoch });
  reply(ErrorCode.NONE, registration.brokerEpoch);
}

export function handleHeartbeat(turn: Turn, from: NodeId, request: BrokerHeartbeatRequest): void {
  const { draft, out } = turn;
  const registration = draft.registrations.get(request.brokerId);
  const reply = (error: ErrorCode, isFenced: boolean): void =>
    out.send(from, { type: 'BrokerHeartbeatResponse', error, isFenced });

  if (brokerIdOf(from) !== request.brokerId) return reply(ErrorCode.INVALID_REQUEST, true);
  if (registration === undefined || registration.brokerEpoch !== request.brokerEpoch) {
    // An unknown broker or an old incarnation's epoch: it must register (again).
    return reply(ErrorCode.STALE_BROKER_EPOCH, true);
  }
  draft.lastHeartbeatAtMs.set(request.brokerId, turn.now);
  // A push can be lost (a partition, a dropped packet). KRaft brokers pull the metadata log and
  // cannot miss a record; here the heartbeat says how far the broker got, and a broker that is
  // behind gets a full snapshot, so a lost update heals within one heartbeat interval.
  if (request.metadataOffset < draft.metadataOffset) draft.needsFullMetadata.add(request.brokerId);
  // KRaft unfences only once the broker's reported metadata offset has reached its own
  // registration record. With a push controller the broker has the metadata as soon as it has our
  // MetadataUpdate, which was sent right after the registration reply, so asking is enough.
  // (An unfenced broker asking to be fenced again is not modelled: Kafka brokers ask that only
  // while starting up, before their first unfencing.)
  if (registration.fenced && !request.wantFence) unfenceBroker(turn, request.brokerId);
  reply(ErrorCode.NONE, draft.registrations.get(request.brokerId)?.fenced ?? true);
}

export function fenceExpiredSessions(turn: Turn): void {
  for (const registration of sortedRegistrations(turn.draft.registrations)) {
    if (registration.fenced) continue;
    const lastHeartbeatAtMs = turn.draft.lastHeartbeatAtMs.get(registration.brokerId) ?? turn.now;
    if (turn.now >= sessionExpiryCheckAt(lastHeartbeatAtMs, turn.options.config)) {
      fenceBroker(turn, registration.brokerId, 'session-timeout');
    }
  }
}

/** When to wake next: the earliest expiry check of any unfenced broker's session. */
export function nextSessionCheckAt(state: ControllerState, config: ControllerConfig): number | undefined {
  let wakeAt: number | undefined;
  for (const registration of state.registrations.values()) {
    const lastHeartbeatAtMs = state.lastHeartbeatAtMs.get(registration.brokerId);
    if (registration.fenced || lastHeartbeatAtMs === undefined) continue;
    const checkAt = sessionExpiryCheckAt(lastHeartbeatAtMs, config);
    if (wakeAt === undefined || checkAt < wakeAt) wakeAt = checkAt;
  }
  return wakeAt;
}

/**
 * When a session is found expired. Kafka's BrokerHeartbeatManager keeps a session valid while
 * lastContact + brokerSessionTimeoutMs >= now, and 4.x schedules its check for that exact moment
 * (QuorumController.rescheduleMaybeFenceStaleBrokers). The model checks on a fenceCheckIntervalMs
 * grid instead: the first grid point after the deadline, so fence times read as round numbers in
 * traces. With fenceCheckIntervalMs = 1 this is Kafka's timing exactly (deadline + 1 ms).
 */
function sessionExpiryCheckAt(lastHeartbeatAtMs: number, config: ControllerConfig): number {
  const deadlineMs = lastHeartbeatAtMs + config.brokerSessionTimeoutMs;
  const gridMs = config.fenceCheckIntervalMs;
  if (!(gridMs > 0)) return deadlineMs + 1;
  return (Math.floor(deadlineMs / gridMs) + 1) * gridMs;
}

/**
 * Semantics 6.6: fencing a broker generates a change for every partition whose ISR holds it:
 * leadership moves to the next ISR replica in replica order, the ISR shrinks.
 */
function fenceBroker(turn: Turn, brokerId: BrokerId, reason: 'session-timeout' | 're-registered'): void {
  const registration = turn.draft.registrations.get(brokerId);
  if (registration === undefined || registration.fenced) return;
  turn.draft.setRegistration({ ...registration, fenced: true });
  turn.out.emit({ type: 'broker.fenced', broker: brokerId, reason });
  const activeBrokers = turn.draft.activeBrokers();
  for (const partition of turn.draft.allPartitions()) {
    if (!partition.isr.includes(brokerId) && partition.leader !== brokerId) continue;
    changePartition(turn, partition, { kind: 'fence', broker: brokerId }, activeBrokers);
  }
}

/** Semantics 6.6: an unfenced broker re-examines every leaderless partition. */
function unfenceBroker(turn: Turn, brokerId: BrokerId): void {
  const registration = turn.draft.registrations.get(brokerId);
  if (registration === undefined || !registration.fenced) return;
  turn.draft.setRegistration({ ...registration, fenced: false });
  turn.out.emit({ type: 'broker.unfenced', broker: brokerId });
  const activeBrokers = turn.draft.activeBrokers();
  for (const partition of turn.draft.allPartitions()) {
    if (partition.leader !== NO_LEADER) continue;
    changePartition(turn, partition, { kind: 'unfence', broker: brokerId }, activeBrokers);
  }
}
