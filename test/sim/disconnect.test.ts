import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../src/kafka/ids.js';
import type { NodeMachine } from '../../src/kafka/step.js';
import { Simulation } from '../../src/sim/simulation.js';

/** Remembers every input it gets (kind, and the peer for `disconnected`); a command sends to a node. */
type Log = ReadonlyArray<{ at: number; kind: string; peer?: NodeId }>;
function listener(self: NodeId): NodeMachine<Log, NodeId, Log> {
  return {
    step(state, input, context) {
      const entry = input.kind === 'disconnected' ? { at: context.now, kind: input.kind, peer: input.peer } : { at: context.now, kind: input.kind };
      const messages =
        input.kind === 'command'
          ? [{ from: self, to: input.command, message: { type: 'MetadataRequest' as const, correlationId: 1, topics: null } }]
          : [];
      return { state: [...state, entry], messages, events: [], wakeAt: undefined };
    },
    persisted: (state) => state,
    restart: (state) => state,
  };
}

function threeNodes(): Simulation {
  const sim = new Simulation({ seed: 1, network: { minDelayMs: 3, maxDelayMs: 3 } });
  for (const id of ['a', 'b', 'c']) sim.addNode(id, listener(id), []);
  return sim;
}

const disconnects = (sim: Simulation, id: NodeId) =>
  (sim.stateOf<Log>(id) ?? []).filter((entry) => entry.kind === 'disconnected');

describe('Simulation: closed connections', () => {
  it('tells every live peer that a crashed node disconnected, one network delay later', () => {
    const sim = threeNodes();
    sim.schedule(10, 'crash c', (s) => s.crash('c'));
    sim.runUntil(20);
    expect(disconnects(sim, 'a')).toEqual([{ at: 13, kind: 'disconnected', peer: 'c' }]);
    expect(disconnects(sim, 'b')).toEqual([{ at: 13, kind: 'disconnected', peer: 'c' }]);
  });

  it('sends no disconnect across a network cut: only a timeout can tell there', () => {
    const sim = threeNodes();
    sim.schedule(5, 'isolate c', (s) => s.network.isolate('c'));
    sim.schedule(10, 'crash c', (s) => s.crash('c'));
    sim.runUntil(20);
    expect(disconnects(sim, 'a')).toEqual([]);
  });

  it('refuses a connection to a node that is down: the sender hears of it a round trip later', () => {
    const sim = threeNodes();
    sim.schedule(10, 'crash c', (s) => s.crash('c'));
    sim.command('a', 'c', 30);
    sim.runUntil(50);
    // 13: the crash closed a's connection; 36: a's new message arrived at 33 and was refused.
    expect(disconnects(sim, 'a').map((entry) => entry.at)).toEqual([13, 36]);
    expect(sim.stats.dropped).toBe(1);
  });
});
