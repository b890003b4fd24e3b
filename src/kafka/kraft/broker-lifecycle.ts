/**
 * The broker role of a KRaft node (semantics 6.5; BrokerLifecycleManager): register with the
 * active controller, then heartbeat every broker.heartbeat.interval.ms with the broker epoch and
 * the last metadata offset it has replayed. The broker finds the active controller through the
 * metadata quorum (it is the Raft leader it fetches from, or, in combined mode, the leader its own
 * voter knows). A STALE_BROKER_EPOCH answer (its registration is gone or replaced) makes it
 * register again; NOT_CONTROLLER, a lost answer or a dead controller make it try again shortly.
 *
 * Model choice: a failed request is retried after BROKER_RETRY_MS (Kafka backs off exponentially).
 */
import { ErrorCode } from '../errors.js';
import type { NodeId } from '../ids.js';
import type { BrokerHeartbeatResponse, BrokerRegistrationResponse } from '../protocol/messages.js';
import { leaderOf } from './raft-role.js';
import { voterNode, type BrokerRoleState, type Turn } from './kraft-node-state.js';

export const BROKER_RETRY_MS = 100;
const INCARNATION_BOUND = 2 ** 31 - 1;

export function newBrokerRole(t: Turn): BrokerRoleState {
  return { incarnationId: t.random.nextInt(INCARNATION_BOUND), fenced: true, nextRequestAt: t.now };
}

function activeControllerNode(t: Turn): NodeId | undefined {
  const leaderId = leaderOf(t.n.role, t.n.identity.nodeId);
  return leaderId === undefined ? undefined : voterNode(t.n.identity, leaderId);
}

export function pollBroker(t: Turn): void {
  let broker = t.n.broker;
  if (broker === undefined) return;
  if (broker.inFlight !== undefined) {
    if (broker.inFlight.sentAt + t.n.config.quorum.requestTimeoutMs > t.now) return;
    broker = { ...broker, inFlight: undefined };
  }
  if (broker.nextRequestAt > t.now) {
    t.n.broker = broker;
    return;
  }
  const controller = activeControllerNode(t);
  if (controller === undefined) {
    t.n.broker = { ...broker, nextRequestAt: t.now + BROKER_RETRY_MS };
    return;
  }
  const brokerId = t.n.identity.nodeId;
  if (broker.brokerEpoch === undefined) {
    t.out.send(controller, { type: 'BrokerRegistrationRequest', brokerId, incarnationId: broker.incarnationId });
    t.n.broker = { ...broker, inFlight: { kind: 'register', to: controller, sentAt: t.now } };
    return;
  }
  t.out.send(controller, {
    type: 'BrokerHeartbeatRequest',
    brokerId,
    brokerEpoch: broker.brokerEpoch,
    metadataOffset: t.n.image.nextOffset - 1,
    wantFence: false,
  });
  t.n.broker = { ...broker, inFlight: { kind: 'heartbeat', to: controller, sentAt: t.now } };
}

export function brokerDeadline(t: Turn): number | undefined {
  const broker = t.n.broker;
  if (broker === undefined) return undefined;
  if (broker.inFlight !== undefined) return broker.inFlight.sentAt + t.n.config.quorum.requestTimeoutMs;
  return broker.nextRequestAt;
}

export function handleRegistrationResponse(t: Turn, from: NodeId, response: BrokerRegistrationResponse): void {
  const broker = t.n.broker;
  if (broker?.inFlight?.kind !== 'register' || broker.inFlight.to !== from) return;
  if (response.error === ErrorCode.NONE) {
    t.n.broker = { incarnationId: broker.incarnationId, brokerEpoch: response.brokerEpoch, fenced: true, nextRequestAt: t.now };
    return;
  }
  t.n.broker = { ...broker, inFlight: undefined, nextRequestAt: t.now + BROKER_RETRY_MS };
}

export function handleHeartbeatResponse(t: Turn, from: NodeId, response: BrokerHeartbeatResponse): void {
  const broker = t.n.broker;
  if (broker?.inFlight?.kind !== 'heartbeat' || broker.inFlight.to !== from) return;
  if (response.error === ErrorCode.NONE) {
    t.n.broker = { ...broker, inFlight: undefined, fenced: response.isFenced, nextRequestAt: t.now + t.n.config.brokerHeartbeatIntervalMs };
  } else if (response.error === ErrorCode.STALE_BROKER_EPOCH) {
    t.n.broker = { incarnationId: broker.incarnationId, fenced: true, nextRequestAt: t.now };
  } else {
    t.n.broker = { ...broker, inFlight: undefined, nextRequestAt: t.now + BROKER_RETRY_MS };
  }
}

export function brokerDisconnected(t: Turn, peer: NodeId): void {
  const broker = t.n.broker;
  if (broker?.inFlight?.to !== peer) return;
  t.n.broker = { ...broker, inFlight: undefined, nextRequestAt: t.now + BROKER_RETRY_MS };
}
