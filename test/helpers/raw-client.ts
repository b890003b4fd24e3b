/**
 * A bare client node for broker tests: each command sends one message as given, and every message
 * that comes back is kept, so a test can speak the protocol directly.
 */
import type { NodeId } from '../../src/kafka/ids.js';
import type { Message } from '../../src/kafka/protocol/messages.js';
import type { NodeMachine } from '../../src/kafka/step.js';

export interface RawCommand {
  readonly to: NodeId;
  readonly message: Message;
}

export type RawClientState = readonly Message[];

export function rawClient(self: NodeId): NodeMachine<RawClientState, RawCommand, RawClientState> {
  return {
    step(state, input) {
      if (input.kind === 'command') {
        return { state, messages: [{ from: self, to: input.command.to, message: input.command.message }], events: [], wakeAt: undefined };
      }
      if (input.kind === 'deliver') return { state: [...state, input.envelope.message], messages: [], events: [], wakeAt: undefined };
      return { state, messages: [], events: [], wakeAt: undefined };
    },
    persisted: (state) => state,
    restart: (state) => state,
  };
}
