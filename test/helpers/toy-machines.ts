/**
 * Small NodeMachines for testing the simulator itself, with no Kafka logic in them. They borrow
 * existing protocol messages as payloads (the Message union is closed):
 * - ping-pong uses MetadataRequest / MetadataResponse, correlationId = ping number;
 * - gossip uses ProduceRequest: correlationId = message id, `partition` = hops left,
 *   records[0].timestamp = the time the hop was sent.
 */
import type { NodeId } from '../../src/kafka/ids.js';
import type { Message, ProduceRequest } from '../../src/kafka/protocol/messages.js';
import type { Envelope, NodeInput, NodeMachine, Step, StepContext } from '../../src/kafka/step.js';

const NO_EVENTS: readonly never[] = [];
const NO_MESSAGES: readonly Envelope[] = [];

function step<S>(state: S, messages: readonly Envelope[], wakeAt: number | undefined): Step<S> {
  return { state, messages, events: NO_EVENTS, wakeAt };
}

// --- ping-pong ---------------------------------------------------------------------------------

export interface PingPongState {
  readonly self: NodeId;
  readonly peer: NodeId;
  readonly role: 'pinger' | 'ponger';
  readonly intervalMs: number;
  readonly maxPings: number;
  /** Pings sent so far (persisted: survives a crash). */
  readonly sent: number;
  readonly nextPingAt: number | undefined;
  /** Ping numbers answered (ponger) or pong numbers received (pinger), with arrival times. */
  readonly received: ReadonlyArray<{ readonly id: number; readonly at: number }>;
  /** How many times this node has been started (restarts included). */
  readonly starts: number;
}

export interface PingPongPersisted {
  readonly sent: number;
  readonly starts: number;
}

export interface PingPongOptions {
  readonly self: NodeId;
  readonly peer: NodeId;
  readonly role: 'pinger' | 'ponger';
  readonly intervalMs?: number;
  readonly maxPings?: number;
}

/** Tells a ping-pong node to send one extra ping now. */
export interface PingNowCommand {
  readonly type: 'ping-now';
}

export function pingPongState(options: PingPongOptions): PingPongState {
  return {
    self: options.self,
    peer: options.peer,
    role: options.role,
    intervalMs: options.intervalMs ?? 100,
    maxPings: options.maxPings ?? 10,
    sent: 0,
    nextPingAt: undefined,
    received: [],
    starts: 0,
  };
}

function ping(state: PingPongState): Envelope {
  const message: Message = { type: 'MetadataRequest', correlationId: state.sent + 1, topics: null };
  return { from: state.self, to: state.peer, message };
}

export const pingPongMachine: NodeMachine<PingPongState, PingNowCommand, PingPongPersisted> = {
  step(state, input, context): Step<PingPongState> {
    switch (input.kind) {
      case 'start': {
        const started = { ...state, starts: state.starts + 1 };
        if (state.role === 'ponger') return step(started, NO_MESSAGES, undefined);
        // The pinger's first ping goes out on its first wake, right now.
        return step({ ...started, nextPingAt: context.now }, NO_MESSAGES, context.now);
      }
      case 'wake': {
        if (state.nextPingAt === undefined || context.now < state.nextPingAt) return step(state, NO_MESSAGES, state.nextPingAt);
        if (state.sent >= state.maxPings) return step({ ...state, nextPingAt: undefined }, NO_MESSAGES, undefined);
        const envelope = ping(state);
        const nextPingAt = context.now + state.intervalMs;
        return step({ ...state, sent: state.sent + 1, nextPingAt }, [envelope], nextPingAt);
      }
      case 'disconnected':
        return step(state, NO_MESSAGES, state.nextPingAt);
      case 'command': {
        const envelope = ping(state);
        return step({ ...state, sent: state.sent + 1 }, [envelope], state.nextPingAt);
      }
      case 'deliver': {
        const { envelope } = input;
        const message = envelope.message;
        if (message.type === 'MetadataRequest') {
          const reply: Message = { type: 'MetadataResponse', correlationId: message.correlationId, brokers: [], topics: [] };
          const received = [...state.received, { id: message.correlationId, at: context.now }];
          return step({ ...state, received }, [{ from: state.self, to: envelope.from, message: reply }], state.nextPingAt);
        }
        if (message.type === 'MetadataResponse') {
          const received = [...state.received, { id: message.correlationId, at: context.now }];
          return step({ ...state, received }, NO_MESSAGES, state.nextPingAt);
        }
        return step(state, NO_MESSAGES, state.nextPingAt);
      }
    }
  },
  persisted(state) {
    return { sent: state.sent, starts: state.starts };
  },
  restart(persisted) {
    throw new Error(`use pingPongRestart (persisted ${JSON.stringify(persisted)})`);
  },
};

/** A ping-pong machine whose restart rebuilds the node from `options` plus what was persisted. */
export function pingPong(options: PingPongOptions): {
  machine: NodeMachine<PingPongState, PingNowCommand, PingPongPersisted>;
  initialState: PingPongState;
} {
  const initialState = pingPongState(options);
  return {
    machine: {
      ...pingPongMachine,
      restart: (persisted) => ({ ...initialState, sent: persisted.sent, starts: persisted.starts }),
    },
    initialState,
  };
}

// --- gossip --------------------------------------------------------------------------------------

export interface GossipDelivery {
  readonly id: number;
  readonly from: NodeId;
  readonly sentAt: number;
  readonly at: number;
}

export interface GossipState {
  readonly self: NodeId;
  readonly peers: readonly NodeId[];
  readonly originateEveryMs: number;
  readonly hops: number;
  readonly originated: number;
  /** Every delivery this node ever received (persisted: it survives crashes). */
  readonly deliveries: readonly GossipDelivery[];
}

export interface GossipOptions {
  readonly self: NodeId;
  readonly peers: readonly NodeId[];
  /** A new message every this many ms. Default 50. */
  readonly originateEveryMs?: number;
  /** How many times each message is forwarded. Default 3. */
  readonly hops?: number;
}

function gossipMessage(id: number, hopsLeft: number, sentAt: number): ProduceRequest {
  return {
    type: 'ProduceRequest',
    correlationId: id,
    topic: 'gossip',
    partition: hopsLeft,
    acks: 0,
    timeoutMs: 0,
    records: [{ key: null, value: '', timestamp: sentAt }],
  };
}

function gossipStep(state: GossipState, input: NodeInput<never>, context: StepContext): Step<GossipState> {
  const peer = (): NodeId => state.peers[context.random.nextInt(state.peers.length)]!;
  switch (input.kind) {
    case 'start':
      // Timers stay on whole multiples of originateEveryMs even after a restart at an odd time, so
      // every send (and so every arrival) happens at a whole millisecond.
      return step(state, NO_MESSAGES, nextOrigination(state, context.now));
    case 'disconnected':
      return step(state, NO_MESSAGES, nextOrigination(state, context.now));
    case 'wake': {
      const id = state.originated + 1;
      const envelope: Envelope = { from: state.self, to: peer(), message: gossipMessage(id, state.hops, context.now) };
      return step({ ...state, originated: id }, [envelope], nextOrigination(state, context.now));
    }
    case 'deliver': {
      const message = input.envelope.message;
      if (message.type !== 'ProduceRequest') return step(state, NO_MESSAGES, undefined);
      const delivery: GossipDelivery = {
        id: message.correlationId,
        from: input.envelope.from,
        sentAt: message.records[0]!.timestamp,
        at: context.now,
      };
      const next = { ...state, deliveries: [...state.deliveries, delivery] };
      // Keep the origination timer: a delivery must not reset it, so restate it from the schedule.
      const wakeAt = nextOrigination(state, context.now);
      if (message.partition <= 0) return step(next, NO_MESSAGES, wakeAt);
      const forward: Envelope = {
        from: state.self,
        to: peer(),
        message: gossipMessage(message.correlationId, message.partition - 1, context.now),
      };
      return step(next, [forward], wakeAt);
    }
    case 'command':
      return step(state, NO_MESSAGES, nextOrigination(state, context.now));
  }
}

/** The origination timer is periodic from t=0, so any step can restate it without extra state. */
function nextOrigination(state: GossipState, now: number): number {
  const every = state.originateEveryMs;
  return (Math.floor(now / every) + 1) * every;
}

export function gossip(options: GossipOptions): {
  machine: NodeMachine<GossipState, never, readonly GossipDelivery[]>;
  initialState: GossipState;
} {
  const initialState: GossipState = {
    self: options.self,
    peers: options.peers,
    originateEveryMs: options.originateEveryMs ?? 50,
    hops: options.hops ?? 3,
    originated: 0,
    deliveries: [],
  };
  return {
    machine: {
      step: gossipStep,
      persisted: (state) => state.deliveries,
      restart: (deliveries) => ({ ...initialState, deliveries }),
    },
    initialState,
  };
}

// --- misbehaving machines ------------------------------------------------------------------------

/** Asks to be woken at `now` forever: the simulator must stop it and name it. */
export const alwaysWakeNowMachine: NodeMachine<number, never, number> = {
  step: (count, _input, context) => step(count + 1, NO_MESSAGES, context.now),
  persisted: (count) => count,
  restart: (count) => count,
};

/** Throws on every delivery. */
export const throwingMachine: NodeMachine<null, never, null> = {
  step(state, input) {
    if (input.kind === 'deliver') throw new Error('boom');
    return step(state, NO_MESSAGES, undefined);
  },
  persisted: () => null,
  restart: () => null,
};

/** Sends a message to itself on start and on every delivery: runs forever. */
export function selfLoop(self: NodeId): NodeMachine<number, never, number> {
  const envelope: Envelope = { from: self, to: self, message: { type: 'MetadataRequest', correlationId: 0, topics: null } };
  return {
    step: (count, input) =>
      input.kind === 'start' || input.kind === 'deliver' ? step(count + 1, [envelope], undefined) : step(count, NO_MESSAGES, undefined),
    persisted: (count) => count,
    restart: (count) => count,
  };
}

/** Sends one ping to `peer` per command, recording nothing: for drop tests. */
export function sender(self: NodeId, peer: NodeId): NodeMachine<number, unknown, number> {
  return {
    step(count, input) {
      if (input.kind !== 'command') return step(count, NO_MESSAGES, undefined);
      const message: Message = { type: 'MetadataRequest', correlationId: count + 1, topics: null };
      return step(count + 1, [{ from: self, to: peer, message }], undefined);
    },
    persisted: (count) => count,
    restart: (count) => count,
  };
}

/** Records every delivery it gets (from, correlationId or message type, time); persisted whole. */
export interface Received {
  readonly from: NodeId;
  readonly type: string;
  readonly at: number;
}

export const recorderMachine: NodeMachine<readonly Received[], never, readonly Received[]> = {
  step(received, input, context) {
    if (input.kind !== 'deliver') return step(received, NO_MESSAGES, undefined);
    const { envelope } = input;
    return step([...received, { from: envelope.from, type: envelope.message.type, at: context.now }], NO_MESSAGES, undefined);
  },
  persisted: (received) => received,
  restart: (received) => received,
};
