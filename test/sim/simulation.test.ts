import { describe, expect, it } from 'vitest';
import { SimulationError, SimulationLimitError, Simulation } from '../../src/sim/simulation.js';
import type { SimTraceEvent } from '../../src/sim/sim-events.js';
import {
  alwaysWakeNowMachine,
  pingPong,
  recorderMachine,
  selfLoop,
  sender,
  throwingMachine,
  type PingPongPersisted,
  type PingPongState,
  type Received,
} from '../helpers/toy-machines.js';

const fixedDelay = { minDelayMs: 5, maxDelayMs: 5 };

function pingPongSim(options: { seed?: number; maxPings?: number; intervalMs?: number } = {}) {
  const sim = new Simulation({ seed: options.seed ?? 1, network: fixedDelay });
  const pinger = pingPong({ self: 'a', peer: 'b', role: 'pinger', maxPings: options.maxPings ?? 3, intervalMs: options.intervalMs ?? 100 });
  const ponger = pingPong({ self: 'b', peer: 'a', role: 'ponger' });
  sim.addNode('a', pinger.machine, pinger.initialState);
  sim.addNode('b', ponger.machine, ponger.initialState);
  return sim;
}

function types(trace: readonly SimTraceEvent[]): string[] {
  return trace.map((event) => event.type);
}

describe('Simulation: delivery and timers', () => {
  it('plays ping-pong: pings on the pinger timer, pongs after the network delay', () => {
    const sim = pingPongSim();
    sim.runUntil(1_000);
    const pinger = sim.stateOf<PingPongState>('a')!;
    const ponger = sim.stateOf<PingPongState>('b')!;
    expect(ponger.received).toEqual([
      { id: 1, at: 5 },
      { id: 2, at: 105 },
      { id: 3, at: 205 },
    ]);
    expect(pinger.received).toEqual([
      { id: 1, at: 10 },
      { id: 2, at: 110 },
      { id: 3, at: 210 },
    ]);
    expect(sim.now).toBe(1_000);
    expect(sim.stats).toMatchObject({ sent: 6, delivered: 6, dropped: 0 });
  });

  it('delivers start once per node when added', () => {
    const sim = pingPongSim();
    sim.runFor(0);
    expect(sim.stateOf<PingPongState>('a')!.starts).toBe(1);
    expect(sim.stateOf<PingPongState>('b')!.starts).toBe(1);
  });

  it('keeps one live timer per node: the newest wakeAt wins, stale ones are skipped', () => {
    const sim = new Simulation({ seed: 1 });
    const wakes: number[] = [];
    let wantWakeAt: number | undefined = 100;
    sim.addNode('n', {
      step: (state: null, input, context) => {
        if (input.kind === 'wake') wakes.push(context.now);
        return { state, messages: [], events: [], wakeAt: input.kind === 'wake' ? undefined : wantWakeAt };
      },
      persisted: () => null,
      restart: () => null,
    }, null);
    sim.runFor(0); // start: timer at 100
    wantWakeAt = 50;
    sim.command('n', 'x', 10); // newest wins: 50 replaces 100
    wantWakeAt = 70;
    sim.command('n', 'x', 20); // and 70 replaces 50
    sim.runUntil(1_000);
    expect(wakes).toEqual([70]);
  });

  it('cancels the timer when a step returns wakeAt undefined', () => {
    const sim = new Simulation({ seed: 1 });
    let woken = false;
    sim.addNode('n', {
      step: (state: null, input) => {
        if (input.kind === 'wake') woken = true;
        return { state, messages: [], events: [], wakeAt: input.kind === 'start' ? 100 : undefined };
      },
      persisted: () => null,
      restart: () => null,
    }, null);
    sim.command('n', 'x', 50);
    sim.runUntil(1_000);
    expect(woken).toBe(false);
  });

  it('schedules a wakeAt in the past at now', () => {
    const sim = new Simulation({ seed: 1 });
    const wakes: number[] = [];
    sim.addNode('n', {
      step: (state: number, input, context) => {
        if (input.kind === 'wake') wakes.push(context.now);
        return { state: state + 1, messages: [], events: [], wakeAt: state === 0 ? -5 : undefined };
      },
      persisted: (state) => state,
      restart: (state) => state,
    }, 0);
    sim.runUntil(10);
    expect(wakes).toEqual([0]);
  });

  it('stops a node that keeps asking to be woken now, naming it and the seed', () => {
    const sim = new Simulation({ seed: 31 });
    sim.addNode('spinner', alwaysWakeNowMachine, 0);
    expect(() => sim.runFor(10)).toThrow(SimulationLimitError);
    const again = new Simulation({ seed: 31 });
    again.addNode('spinner', alwaysWakeNowMachine, 0);
    expect(() => again.runFor(10)).toThrow(/spinner was woken 1000 times at the same instant.*\(seed=31, t=0ms\)$/);
  });

  it('rejects a wakeAt that is not a finite number', () => {
    const sim = new Simulation({ seed: 1 });
    sim.addNode('n', { step: (state: null) => ({ state, messages: [], events: [], wakeAt: Number.NaN }), persisted: () => null, restart: () => null }, null);
    expect(() => sim.runFor(1)).toThrow(/n returned wakeAt=NaN/);
  });

  it('hands commands to the node at the scheduled time', () => {
    const sim = pingPongSim({ maxPings: 0 });
    sim.command('a', { type: 'ping-now' }, 40);
    sim.runUntil(100);
    expect(sim.stateOf<PingPongState>('b')!.received).toEqual([{ id: 1, at: 45 }]);
  });

  it('runs scheduled actions in time order, recording them', () => {
    const sim = new Simulation({ seed: 1 });
    const order: string[] = [];
    sim.schedule(20, 'second', () => order.push('second'));
    sim.schedule(10, 'first', () => order.push('first'));
    sim.schedule(20, 'third', () => order.push('third'));
    sim.runUntil(30);
    expect(order).toEqual(['first', 'second', 'third']);
    expect(sim.trace.map((event) => (event.type === 'scenario.action' ? `${event.at}:${event.label}` : ''))).toEqual([
      '10:first',
      '20:second',
      '20:third',
    ]);
  });
});

describe('Simulation: crash and restart', () => {
  it('replaces a crashed node state by what it persisted and drops what is sent to it', () => {
    const sim = pingPongSim({ maxPings: 5 });
    sim.schedule(150, 'crash b', (s) => s.crash('b'));
    sim.runUntil(1_000);
    expect(sim.isUp('b')).toBe(false);
    expect(sim.stateOf('b')).toBeUndefined();
    expect(sim.persistedOf<PingPongPersisted>('b')).toEqual({ sent: 0, starts: 1 });
    expect(sim.persistedOf('a')).toBeUndefined();
    const drops = sim.trace.filter((event) => event.type === 'message.dropped');
    expect(drops).toHaveLength(3); // pings 3, 4, 5
    expect(drops.every((event) => event.type === 'message.dropped' && event.reason === 'node-down' && event.node === 'b')).toBe(true);
    expect(types(sim.trace)).toContain('node.crashed');
  });

  it('cancels a crashed node timer', () => {
    const sim = pingPongSim({ maxPings: 5 });
    sim.schedule(150, 'crash a', (s) => s.crash('a'));
    sim.runUntil(1_000);
    expect(sim.persistedOf<PingPongPersisted>('a')).toEqual({ sent: 2, starts: 1 });
    expect(sim.stateOf<PingPongState>('b')!.received.map((entry) => entry.id)).toEqual([1, 2]);
  });

  it('restarts from what was persisted, with a fresh start input', () => {
    const sim = pingPongSim({ maxPings: 5 });
    sim.schedule(150, 'crash a', (s) => s.crash('a'));
    sim.schedule(400, 'restart a', (s) => s.restart('a'));
    sim.runUntil(2_000);
    const pinger = sim.stateOf<PingPongState>('a')!;
    expect(pinger.starts).toBe(2);
    expect(pinger.sent).toBe(5);
    expect(pinger.received.map((entry) => entry.id)).toEqual([3, 4, 5]); // memory before the crash is gone
    expect(sim.stateOf<PingPongState>('b')!.received.map((entry) => entry.at)).toEqual([5, 105, 405, 505, 605]);
    expect(types(sim.trace).filter((type) => type.startsWith('node.'))).toEqual(['node.crashed', 'node.restarted']);
  });

  it('drops messages that were in flight to the previous incarnation, even after a restart', () => {
    const sim = new Simulation({ seed: 1, network: { minDelayMs: 10, maxDelayMs: 10 } });
    sim.addNode('s', sender('s', 'r'), 0);
    sim.addNode('r', recorderMachine, [] as readonly Received[]);
    sim.command('s', 'send', 0); // arrives at 10
    sim.schedule(3, 'crash r', (s) => s.crash('r'));
    sim.schedule(5, 'restart r', (s) => s.restart('r'));
    sim.command('s', 'send', 6); // sent to the new incarnation: arrives at 16
    sim.runUntil(50);
    expect(sim.stateOf<readonly Received[]>('r')).toEqual([{ from: 's', type: 'MetadataRequest', at: 16 }]);
    expect(sim.trace.find((event) => event.type === 'message.dropped')).toMatchObject({ at: 10, reason: 'node-down' });
  });

  it('drops commands for a down node and says so', () => {
    const sim = pingPongSim({ maxPings: 0 });
    sim.schedule(10, 'crash a', (s) => s.crash('a'));
    sim.command('a', { type: 'ping-now' }, 20);
    sim.runUntil(100);
    expect(sim.trace.find((event) => event.type === 'command.dropped')).toEqual({ type: 'command.dropped', at: 20, node: 'a', reason: 'node-down' });
  });

  it('does not hand the old start to a node crashed before it ran', () => {
    const sim = pingPongSim();
    sim.crash('b');
    sim.restart('b');
    sim.runFor(0);
    expect(sim.stateOf<PingPongState>('b')!.starts).toBe(1);
  });

  it('refuses to crash a down node or restart an up one', () => {
    const sim = pingPongSim();
    expect(() => sim.restart('a')).toThrow(/restart: a is not down \(seed=1, t=0ms\)$/);
    sim.crash('a');
    expect(() => sim.crash('a')).toThrow(/crash: a is already down/);
  });
});

describe('Simulation: running', () => {
  it('runUntilIdle stops when nothing is scheduled', () => {
    const sim = pingPongSim({ maxPings: 2 });
    expect(sim.runUntilIdle(10_000)).toBe(true);
    expect(sim.now).toBe(200); // the pinger's last wake finds nothing left to send
    expect(sim.pendingEvents).toBe(0);
  });

  it('runUntilIdle reports false at its limit when a node keeps a timer', () => {
    const sim = pingPongSim({ maxPings: 1_000 });
    expect(sim.runUntilIdle(500)).toBe(false);
    expect(sim.now).toBe(500);
  });

  it('runUntilCondition stops as soon as the condition holds', () => {
    const sim = pingPongSim({ maxPings: 100 });
    expect(sim.runUntilCondition((s) => s.stateOf<PingPongState>('a')!.received.length === 2, 5_000)).toBe(true);
    expect(sim.now).toBe(110);
    expect(sim.runUntilCondition(() => false, 1_000)).toBe(false);
    expect(sim.now).toBe(1_110);
  });

  it('step() processes one event and returns false when nothing is left', () => {
    const sim = new Simulation({ seed: 1 });
    expect(sim.step()).toBe(false);
    sim.schedule(5, 'x', () => undefined);
    expect(sim.step()).toBe(true);
    expect(sim.now).toBe(5);
    expect(sim.step()).toBe(false);
  });

  it('refuses to run from inside its own step', () => {
    const sim = new Simulation({ seed: 12 });
    sim.schedule(1, 'nested', (s) => s.runFor(10));
    expect(() => sim.runUntil(5)).toThrow(/^runUntil was called from inside one of the simulation's own steps.*\(seed=12, t=1ms\)$/);
  });

  it('refuses to go back in time or schedule in the past', () => {
    const sim = pingPongSim();
    sim.runUntil(100);
    expect(() => sim.runUntil(50)).toThrow(/before now/);
    expect(() => sim.schedule(10, 'late', () => undefined)).toThrow(/schedule "late": time 10ms is before now \(100ms\)/);
    expect(() => sim.command('a', { type: 'ping-now' }, 99)).toThrow(/before now/);
  });

  it('rejects unknown and duplicate nodes with the list of known ones', () => {
    const sim = pingPongSim();
    expect(() => sim.crash('zz')).toThrow(/no node called zz \(nodes: a, b\)/);
    const again = pingPong({ self: 'a', peer: 'b', role: 'pinger' });
    expect(() => sim.addNode('a', again.machine, again.initialState)).toThrow(/already exists/);
    expect(() => sim.addNode('sim', again.machine, again.initialState)).toThrow(/reserved/);
    expect(sim.nodeIds).toEqual(['a', 'b']);
  });
});

describe('Simulation: observing and limits', () => {
  it('calls onStep after every step with the node that stepped, and onEvent for every event', () => {
    const sim = pingPongSim({ maxPings: 1 });
    const stepped: Array<string | undefined> = [];
    const seen: string[] = [];
    sim.onStep((_s, node) => stepped.push(node));
    const unsubscribe = sim.onEvent((event) => seen.push(event.type));
    sim.schedule(50, 'crash b', (s) => s.crash('b'));
    sim.runUntil(100);
    // The last 'a' is its 'disconnected' input: b's process died and its connection closed.
    expect(stepped).toEqual(['a', 'b', 'a', 'b', 'a', undefined, 'a', 'a']);
    expect(seen).toEqual(['scenario.action', 'node.crashed']);
    unsubscribe();
    sim.restart('b');
    expect(seen).toHaveLength(2);
  });

  it('reports events to listeners with recordTrace off, and keeps no trace', () => {
    const sim = new Simulation({ seed: 1, recordTrace: false });
    const seen: string[] = [];
    sim.onEvent((event) => seen.push(event.type));
    sim.schedule(1, 'x', () => undefined);
    sim.runUntil(5);
    expect(seen).toEqual(['scenario.action']);
    expect(sim.trace).toEqual([]);
  });

  it('stops the run when a listener throws, with the seed and time', () => {
    const sim = pingPongSim({ seed: 77 });
    sim.onStep((s) => {
      if (s.now >= 100) throw new Error('invariant broken');
    });
    let error: unknown;
    try {
      sim.runUntil(1_000);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as Error).message).toMatch(/^invariant broken \[after a handled wake\] \(seed=77, t=100ms\)$/);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('wraps an error thrown by a node with the node, the input, the seed and the time', () => {
    const sim = new Simulation({ seed: 5, network: fixedDelay });
    sim.addNode('s', sender('s', 'bad'), 0);
    sim.addNode('bad', throwingMachine, null);
    sim.command('s', 'send', 10);
    expect(() => sim.runUntil(100)).toThrow(/^bad threw while handling deliver MetadataRequest from s: boom \(seed=5, t=15ms\)$/);
  });

  it('wraps an error thrown by a scheduled action', () => {
    const sim = new Simulation({ seed: 6 });
    sim.schedule(3, 'explode', () => {
      throw new Error('bang');
    });
    expect(() => sim.runUntil(10)).toThrow(/^scheduled action "explode" threw: bang \(seed=6, t=3ms\)$/);
  });

  it('stops at maxSteps with the seed and time', () => {
    const sim = new Simulation({ seed: 9, maxSteps: 1_000, network: { minDelayMs: 1, maxDelayMs: 1 } });
    sim.addNode('loop', selfLoop('loop'), 0);
    expect(() => sim.runUntil(1_000_000)).toThrow(SimulationLimitError);
    expect(sim.stats.steps).toBe(1_000);
    expect(() => sim.step()).toThrow(/maxSteps=1000.*\(seed=9, t=999ms\)$/);
  });

  it('stops when too many events are pending', () => {
    const sim = new Simulation({ seed: 2, maxPendingEvents: 10 });
    expect(() => {
      for (let index = 0; index < 11; index++) sim.schedule(1, 'x', () => undefined);
    }).toThrow(/maxPendingEvents=10.*\(seed=2, t=0ms\)$/);
  });

  it('keeps only the newest maxTraceEvents events and counts the rest', () => {
    const sim = new Simulation({ seed: 1, maxTraceEvents: 5 });
    for (let index = 1; index <= 12; index++) sim.schedule(index, `a${index}`, () => undefined);
    sim.runUntil(20);
    expect(sim.trace.map((event) => (event.type === 'scenario.action' ? event.label : ''))).toEqual(['a8', 'a9', 'a10', 'a11', 'a12']);
    expect(sim.stats.traceEventsEvicted).toBe(7);
  });

  it('refuses a node that forges the sender of its messages', () => {
    const sim = new Simulation({ seed: 1 });
    sim.addNode('liar', sender('someone-else', 'x'), 0);
    sim.command('liar', 'go');
    expect(() => sim.runFor(1)).toThrow(/liar sent a message claiming to be from someone-else/);
  });

  it('refuses events stamped with another node or time', () => {
    const sim = new Simulation({ seed: 1 });
    sim.addNode('n', {
      step: (state: null) => ({ state, messages: [], events: [{ type: 'input.rejected', reason: 'x', at: 99, node: 'n' }], wakeAt: undefined }),
      persisted: () => null,
      restart: () => null,
    }, null);
    expect(() => sim.runFor(1)).toThrow(/n emitted input.rejected stamped at=99/);
  });

  it('rejects bad options with the seed', () => {
    expect(() => new Simulation({ seed: 4, maxSteps: 0 })).toThrow(/maxSteps must be a positive integer, got 0 \(seed=4, t=0ms\)/);
    expect(() => new Simulation({ seed: 4, network: { dropProbability: 2 } })).toThrow(/dropProbability.*\(seed=4, t=0ms\)/);
  });
});
