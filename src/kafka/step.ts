/**
 * The shape every state machine in src/kafka shares.
 *
 * A machine never reads a clock, never draws randomness of its own and never touches a socket.
 * A runtime (the deterministic simulator, later the TCP runtime) hands it one input at a time with
 * the current time and an injected random source; the machine returns its new state, the messages
 * to send, the trace events that explain what it did, and when it next wants to be woken.
 */
import type { NodeId } from './ids.js';
import type { Message } from './protocol/messages.js';
import type { TraceEvent } from './trace.js';

/** Randomness comes from the runtime (seeded in the simulator) so every run can be replayed. */
export interface RandomSource {
  /** A uniformly distributed integer in [0, boundExclusive). */
  nextInt(boundExclusive: number): number;
}

export interface StepContext {
  /** Milliseconds on the runtime's clock (virtual in the simulator). */
  readonly now: number;
  readonly random: RandomSource;
}

export interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly message: Message;
}

/** What a machine is asked to do. Commands are the machine's own API (send a record, create a topic...). */
export type NodeInput<Command> =
  | { readonly kind: 'start' }
  | { readonly kind: 'deliver'; readonly envelope: Envelope }
  | { readonly kind: 'wake' }
  | { readonly kind: 'command'; readonly command: Command }
  /**
   * A peer's process died and the connection to it closed (the runtime saw the reset). Real
   * clients fail that connection's requests at once instead of waiting for request.timeout.ms.
   * A peer cut off by the network sends no reset: then only timeouts tell.
   */
  | { readonly kind: 'disconnected'; readonly peer: NodeId };

export interface Step<State> {
  readonly state: State;
  readonly messages: readonly Envelope[];
  readonly events: readonly TraceEvent[];
  /** The earliest virtual time at which the machine wants a `wake`; undefined when it waits only for messages. */
  readonly wakeAt: number | undefined;
}

/**
 * A write-only collector for one step's messages and events. Machines pass it down to the helpers
 * they call so nested pieces (a broker and its partitions) add to one list instead of merging arrays.
 */
export class Outbox {
  readonly messages: Envelope[] = [];
  readonly events: TraceEvent[] = [];

  constructor(
    readonly self: NodeId,
    readonly now: number,
  ) {}

  send(to: NodeId, message: Message): void {
    this.messages.push({ from: this.self, to, message });
  }

  /** Events are stamped with the step's time and node here, so callers cannot get them wrong. */
  emit(event: DistributiveOmit<TraceEvent, 'at' | 'node'>): void {
    this.events.push({ ...event, at: this.now, node: this.self } as TraceEvent);
  }

  finish<State>(state: State, wakeAt: number | undefined): Step<State> {
    return { state, messages: this.messages, events: this.events, wakeAt };
  }
}

/** Omit over each member of a union (the built-in Omit collapses the union). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The earliest of several optional deadlines. */
export function earliest(...deadlines: ReadonlyArray<number | undefined>): number | undefined {
  let best: number | undefined;
  for (const deadline of deadlines) {
    if (deadline !== undefined && (best === undefined || deadline < best)) best = deadline;
  }
  return best;
}

/**
 * A state machine a runtime can drive. `persisted` is what survives a crash (a broker's logs, not
 * its memory); `restart` builds a fresh machine from it.
 */
export interface NodeMachine<State, Command, Persisted = unknown> {
  step(state: State, input: NodeInput<Command>, context: StepContext): Step<State>;
  persisted(state: State): Persisted;
  restart(persisted: Persisted): State;
}
