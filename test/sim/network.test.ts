import { describe, expect, it } from 'vitest';
import { Network, ROUTE_DROPPED_LOSS, ROUTE_DROPPED_PARTITION, resolveNetworkOptions } from '../../src/sim/network.js';
import { SeededRandom } from '../../src/sim/random.js';
import type { SimEvent } from '../../src/sim/sim-events.js';
import { Simulation } from '../../src/sim/simulation.js';
import { recorderMachine, sender, type Received } from '../helpers/toy-machines.js';

function network(options: Parameters<typeof resolveNetworkOptions>[0], seed = 1) {
  const events: SimEvent[] = [];
  const host = { now: 0, emitSimEvent: (event: SimEvent) => events.push(event) };
  return { net: new Network(options, new SeededRandom(seed), host), events, host };
}

describe('Network options', () => {
  it('fills in defaults', () => {
    expect(resolveNetworkOptions(undefined)).toEqual({ minDelayMs: 1, maxDelayMs: 10, dropProbability: 0, duplicateProbability: 0 });
    expect(resolveNetworkOptions({ maxDelayMs: 3 }).maxDelayMs).toBe(3);
  });

  it('rejects delays that are negative, fractional or inverted, and probabilities outside [0, 1]', () => {
    expect(() => resolveNetworkOptions({ minDelayMs: -1 })).toThrow(/minDelayMs/);
    expect(() => resolveNetworkOptions({ minDelayMs: 1.5, maxDelayMs: 2 })).toThrow(/minDelayMs/);
    expect(() => resolveNetworkOptions({ minDelayMs: 5, maxDelayMs: 4 })).toThrow(/maxDelayMs/);
    expect(() => resolveNetworkOptions({ dropProbability: 1.1 })).toThrow(/dropProbability/);
    expect(() => resolveNetworkOptions({ duplicateProbability: -0.1 })).toThrow(/duplicateProbability/);
  });
});

describe('Network routing', () => {
  it('draws whole-millisecond delays uniformly from [min, max]', () => {
    const { net } = network({ minDelayMs: 5, maxDelayMs: 8 });
    const counts = new Map<number, number>();
    for (let index = 0; index < 4_000; index++) {
      const delay = net.route('a', 'b');
      counts.set(delay, (counts.get(delay) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([5, 6, 7, 8]);
    for (const count of counts.values()) expect(count).toBeGreaterThan(850);
  });

  it('uses the fixed delay when min = max, without drawing', () => {
    const { net } = network({ minDelayMs: 3, maxDelayMs: 3 });
    expect(net.route('a', 'b')).toBe(3);
  });

  it('loses about dropProbability of the messages', () => {
    const { net } = network({ dropProbability: 0.2 }, 77);
    let lost = 0;
    for (let index = 0; index < 10_000; index++) if (net.route('a', 'b') === ROUTE_DROPPED_LOSS) lost++;
    expect(lost / 10_000).toBeGreaterThan(0.18);
    expect(lost / 10_000).toBeLessThan(0.22);
  });

  it('duplicates about duplicateProbability of the messages, and never by default', () => {
    expect(network({}).net.duplicateDelay()).toBe(-1);
    const { net } = network({ duplicateProbability: 0.5 }, 4);
    let copies = 0;
    for (let index = 0; index < 4_000; index++) if (net.duplicateDelay() >= 0) copies++;
    expect(copies / 4_000).toBeGreaterThan(0.46);
    expect(copies / 4_000).toBeLessThan(0.54);
  });

  it('partitions both ways between the groups only, and heals', () => {
    const { net, events } = network({});
    net.partition(['a', 'b'], ['c']);
    expect(net.route('a', 'c')).toBe(ROUTE_DROPPED_PARTITION);
    expect(net.route('c', 'b')).toBe(ROUTE_DROPPED_PARTITION);
    expect(net.route('a', 'b')).toBeGreaterThanOrEqual(0);
    expect(net.route('c', 'c')).toBeGreaterThanOrEqual(0);
    expect(net.route('a', 'd')).toBeGreaterThanOrEqual(0);
    net.heal();
    expect(net.isLinkCut('a', 'c')).toBe(false);
    expect(net.hasCutLinks).toBe(false);
    expect(events.map((event) => event.type)).toEqual(['network.partitioned', 'network.healed']);
    expect(events[0]).toMatchObject({ node: 'sim', groups: [['a', 'b'], ['c']] });
  });

  it('refuses a node in both groups', () => {
    expect(() => network({}).net.partition(['a'], ['b', 'a'])).toThrow(/both groups/);
  });

  it('blocks one direction only', () => {
    const { net, events } = network({});
    net.block('a', 'b');
    expect(net.isLinkCut('a', 'b')).toBe(true);
    expect(net.isLinkCut('b', 'a')).toBe(false);
    expect(events[0]).toMatchObject({ type: 'network.link-blocked', from: 'a', to: 'b' });
  });

  it('isolates a node from everyone, including nodes it has never seen', () => {
    const { net } = network({});
    net.isolate('a');
    expect(net.isLinkCut('a', 'zzz')).toBe(true);
    expect(net.isLinkCut('zzz', 'a')).toBe(true);
    expect(net.isLinkCut('a', 'a')).toBe(false);
    expect(net.isLinkCut('b', 'c')).toBe(false);
  });

  it('can be reconfigured mid-run', () => {
    const { net } = network({ dropProbability: 1 });
    expect(net.route('a', 'b')).toBe(ROUTE_DROPPED_LOSS);
    net.configure({ dropProbability: 0 });
    expect(net.route('a', 'b')).toBeGreaterThanOrEqual(0);
    expect(() => net.configure({ maxDelayMs: 0, minDelayMs: 1 })).toThrow(/maxDelayMs/);
  });
});

describe('Network inside a simulation', () => {
  function pair(options: ConstructorParameters<typeof Simulation>[0]) {
    const sim = new Simulation(options);
    sim.addNode('s', sender('s', 'r'), 0);
    sim.addNode('r', recorderMachine, [] as readonly Received[]);
    return sim;
  }

  it('reorders messages on one link through jitter', () => {
    const sim = pair({ seed: 3, network: { minDelayMs: 1, maxDelayMs: 50 }, traceMessages: true });
    for (let index = 0; index < 50; index++) sim.command('s', 'send');
    sim.runFor(100);
    expect(sim.stateOf<readonly Received[]>('r')).toHaveLength(50);
    // All 50 were sent at t=0 in order; their arrival times are not in that order.
    const delays = sim.trace.flatMap((event) => (event.type === 'message.sent' ? [event.deliverAt] : []));
    const inversions = delays.filter((deliverAt, index) => index > 0 && deliverAt < delays[index - 1]!).length;
    expect(inversions).toBeGreaterThan(5);
  });

  it('drops at send time across a partition, with a trace event', () => {
    const sim = pair({ seed: 1 });
    sim.network.partition(['s'], ['r']);
    sim.command('s', 'send');
    sim.runFor(50);
    expect(sim.stateOf<readonly Received[]>('r')).toEqual([]);
    expect(sim.trace.find((event) => event.type === 'message.dropped')).toEqual({
      type: 'message.dropped',
      at: 0,
      node: 'r',
      from: 's',
      to: 'r',
      messageType: 'MetadataRequest',
      reason: 'partition',
    });
    expect(sim.stats).toMatchObject({ sent: 1, delivered: 0, dropped: 1 });
  });

  it('drops a message in flight when its link is cut before it arrives', () => {
    const sim = pair({ seed: 1, network: { minDelayMs: 10, maxDelayMs: 10 } });
    sim.command('s', 'send');
    sim.schedule(5, 'cut', (s) => s.network.block('s', 'r'));
    sim.runFor(50);
    expect(sim.stateOf<readonly Received[]>('r')).toEqual([]);
    expect(sim.trace.find((event) => event.type === 'message.dropped')).toMatchObject({ at: 10, reason: 'partition' });
  });

  it('delivers a message sent before a cut that arrives after the heal', () => {
    const sim = pair({ seed: 1, network: { minDelayMs: 10, maxDelayMs: 10 } });
    sim.command('s', 'send');
    sim.schedule(2, 'cut', (s) => s.network.partition(['s'], ['r']));
    sim.schedule(8, 'heal', (s) => s.network.heal());
    sim.runFor(50);
    expect(sim.stateOf<readonly Received[]>('r')).toEqual([{ from: 's', type: 'MetadataRequest', at: 10 }]);
  });

  it('loses messages at random and says so', () => {
    const sim = pair({ seed: 8, network: { dropProbability: 0.5 } });
    for (let index = 0; index < 400; index++) sim.command('s', 'send');
    sim.runFor(50);
    const { delivered, dropped } = sim.stats;
    expect(delivered + dropped).toBe(400);
    expect(dropped).toBeGreaterThan(160);
    expect(dropped).toBeLessThan(240);
    expect(sim.trace.filter((event) => event.type === 'message.dropped' && event.reason === 'loss')).toHaveLength(dropped);
  });

  it('duplicates messages when asked', () => {
    const sim = pair({ seed: 8, network: { duplicateProbability: 1 } });
    sim.command('s', 'send');
    sim.runFor(50);
    expect(sim.stateOf<readonly Received[]>('r')).toHaveLength(2);
    expect(sim.stats.duplicated).toBe(1);
    expect(sim.trace.some((event) => event.type === 'message.duplicated')).toBe(true);
  });

  it('drops messages to an address nobody has', () => {
    const sim = new Simulation({ seed: 1 });
    sim.addNode('s', sender('s', 'nobody'), 0);
    sim.command('s', 'send');
    sim.runFor(10);
    expect(sim.trace.find((event) => event.type === 'message.dropped')).toMatchObject({ node: 's', reason: 'no-such-node' });
  });
});
