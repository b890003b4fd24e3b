import { describe, expect, it } from 'vitest';
import type { NodeMachine } from '../../src/kafka/step.js';
import { Simulation } from '../../src/sim/simulation.js';
import { gossip } from '../helpers/toy-machines.js';

const NODES = ['n0', 'n1', 'n2', 'n3'];

/** A small cluster with every kind of fault on, driven only by the seed. */
function run(seed: number): Simulation {
  const sim = new Simulation({
    seed,
    network: { minDelayMs: 1, maxDelayMs: 30, dropProbability: 0.1, duplicateProbability: 0.05 },
    traceMessages: true,
  });
  for (const id of NODES) {
    const node = gossip({ self: id, peers: NODES.filter((peer) => peer !== id) });
    sim.addNode(id, node.machine, node.initialState);
  }
  const faults = sim.randomFor('faults');
  for (let at = 100; at < 2_000; at += 100) {
    const victim = faults.pick(NODES);
    if (faults.chance(0.5)) {
      sim.schedule(at, `crash ${victim}`, (s) => s.isUp(victim) && s.crash(victim));
      sim.schedule(at + 50, `restart ${victim}`, (s) => !s.isUp(victim) && s.restart(victim));
    } else {
      sim.schedule(at, `isolate ${victim}`, (s) => s.network.isolate(victim));
      sim.schedule(at + 50, 'heal', (s) => s.network.heal());
    }
  }
  sim.runUntil(2_000);
  return sim;
}

describe('determinism', () => {
  it('gives the same trace, byte for byte, for the same seed', () => {
    const first = run(1234);
    const second = run(1234);
    expect(first.trace.length).toBeGreaterThan(500);
    expect(JSON.stringify(second.trace)).toBe(JSON.stringify(first.trace));
    expect(second.stats).toEqual(first.stats);
  });

  it('gives different traces for different seeds', () => {
    const traces = new Set([1, 2, 3, 4, 5].map((seed) => JSON.stringify(run(seed).trace)));
    expect(traces.size).toBe(5);
  });

  it('gives each node its own random stream: adding a node does not change what another draws', () => {
    const drawer: NodeMachine<readonly number[], never, null> = {
      step: (draws, input, context) => {
        const next = input.kind === 'wake' ? [...draws, context.random.nextInt(1_000_000)] : draws;
        return { state: next, messages: [], events: [], wakeAt: context.now + 10 };
      },
      persisted: () => null,
      restart: () => [],
    };
    const alone = new Simulation({ seed: 8 });
    alone.addNode('a', drawer, []);
    alone.runUntil(200);
    const crowded = new Simulation({ seed: 8 });
    crowded.addNode('x', drawer, []);
    crowded.addNode('a', drawer, []);
    crowded.addNode('y', drawer, []);
    crowded.runUntil(200);
    expect(crowded.stateOf<readonly number[]>('a')).toEqual(alone.stateOf<readonly number[]>('a'));
    expect(crowded.stateOf<readonly number[]>('x')).not.toEqual(alone.stateOf<readonly number[]>('a'));
  });
});
