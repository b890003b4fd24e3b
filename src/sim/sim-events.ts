/**
 * The runtime's own trace events: what the simulator did to the cluster (faults, drops), as opposed
 * to what the Kafka machines did (src/kafka/trace.ts). Same shape as TraceEvent: a `type`, the
 * virtual time `at`, and the `node` it concerns ('sim' for cluster-wide events such as a partition).
 */
import type { NodeId } from '../kafka/ids.js';
import type { MessageType } from '../kafka/protocol/messages.js';
import type { TraceEvent } from '../kafka/trace.js';

/** The `node` of events that concern the whole simulated cluster rather than one node. */
export const SIM_NODE = 'sim';

/**
 * Why a message never arrived.
 * - partition: the link from sender to receiver was cut when it was sent or when it would have arrived;
 * - loss: the network lost it at random (NetworkOptions.dropProbability);
 * - node-down: the receiver was down on arrival, or crashed while it was in flight (its connection died);
 * - no-such-node: nothing was ever added at that address.
 */
export type DropReason = 'partition' | 'loss' | 'node-down' | 'no-such-node';

interface Base {
  readonly at: number;
  readonly node: NodeId;
}

export type SimEvent = Base &
  (
    | { readonly type: 'node.crashed' }
    | { readonly type: 'node.restarted' }
    | { readonly type: 'network.partitioned'; readonly groups: readonly [readonly NodeId[], readonly NodeId[]] }
    | { readonly type: 'network.isolated' }
    | { readonly type: 'network.link-blocked'; readonly from: NodeId; readonly to: NodeId }
    | { readonly type: 'network.healed' }
    | {
        readonly type: 'message.dropped';
        readonly from: NodeId;
        readonly to: NodeId;
        readonly messageType: MessageType;
        readonly reason: DropReason;
      }
    /** A copy of a message the network will deliver twice (NetworkOptions.duplicateProbability). */
    | { readonly type: 'message.duplicated'; readonly from: NodeId; readonly to: NodeId; readonly messageType: MessageType }
    /** Only with SimulationOptions.traceMessages: every send, with its arrival time. */
    | {
        readonly type: 'message.sent';
        readonly from: NodeId;
        readonly to: NodeId;
        readonly messageType: MessageType;
        readonly deliverAt: number;
      }
    /** Only with SimulationOptions.traceMessages: every arrival, just before the receiver steps. */
    | {
        readonly type: 'message.delivered';
        readonly from: NodeId;
        readonly to: NodeId;
        readonly messageType: MessageType;
      }
    /** A command that arrived while its node was down. */
    | { readonly type: 'command.dropped'; readonly reason: 'node-down' }
    /** A scripted action (Simulation.schedule) ran; its label says what it was for. */
    | { readonly type: 'scenario.action'; readonly label: string }
  );

export type SimEventType = SimEvent['type'];

export type SimTraceEvent = TraceEvent | SimEvent;

export type SimTraceEventType = SimTraceEvent['type'];

const simEventTypes: ReadonlySet<string> = new Set<SimEventType>([
  'node.crashed',
  'node.restarted',
  'network.partitioned',
  'network.isolated',
  'network.link-blocked',
  'network.healed',
  'message.dropped',
  'message.duplicated',
  'message.sent',
  'message.delivered',
  'command.dropped',
  'scenario.action',
]);

/** True for the runtime's own events, false for a Kafka machine's. */
export function isSimEvent(event: SimTraceEvent): event is SimEvent {
  return simEventTypes.has(event.type);
}

/** Narrow a trace to one event type, typed (SimTraceEvent's counterpart of kafka/trace's eventsOfType). */
export function simEventsOfType<T extends SimTraceEventType>(
  events: readonly SimTraceEvent[],
  type: T,
): Array<Extract<SimTraceEvent, { type: T }>> {
  return events.filter((event): event is Extract<SimTraceEvent, { type: T }> => event.type === type);
}
