/**
 * How fast the deterministic simulator moves messages, and how cheap a whole small simulation is.
 *
 * 1. Throughput: 10 trivial nodes, each forwarding every message it receives to a random peer, with
 *    1,000 messages in flight, jittered 1-10 ms delays, no loss, no trace. Measures delivered
 *    messages per second of wall time over ~1.5 s (after a warm-up, so V8 has optimised the path).
 *    The nodes allocate what the NodeMachine contract asks (a Step, an array, an Envelope per
 *    message): this is the runtime's cost plus the least a machine can cost.
 *    Also measured with every message traced (two events per message into the trace ring).
 * 2. Setup: whole 3-node ping-pong simulations (create, add nodes, run 1 s of virtual time) per
 *    second: what a property test running 1,000+ simulations pays per run before its own work.
 *
 * Run alone: npx tsx bench/simulator.bench.ts
 */
import { pathToFileURL } from 'node:url';
import type { NodeId } from '../src/kafka/ids.js';
import type { Envelope, NodeMachine, Step } from '../src/kafka/step.js';
import { Simulation } from '../src/sim/simulation.js';
import type { BenchResult } from './result.js';

const NODE_COUNT = 10;
const IN_FLIGHT = 1_000;
const MEASURE_MS = 1_500;
const WARMUP_MS = 400;

interface ForwarderState {
  readonly self: NodeId;
  readonly peers: readonly NodeId[];
  readonly initialMessages: number;
}

const NO_EVENTS: readonly never[] = [];
const NO_MESSAGES: readonly Envelope[] = [];

/** Sends `initialMessages` on start; forwards every message it receives to a random peer. */
const forwarder: NodeMachine<ForwarderState, never, null> = {
  step(state, input, context): Step<ForwarderState> {
    if (input.kind === 'deliver') {
      const to = state.peers[context.random.nextInt(state.peers.length)] as NodeId;
      return { state, messages: [{ from: state.self, to, message: input.envelope.message }], events: NO_EVENTS, wakeAt: undefined };
    }
    if (input.kind === 'start') {
      const messages: Envelope[] = [];
      for (let index = 0; index < state.initialMessages; index++) {
        const to = state.peers[context.random.nextInt(state.peers.length)] as NodeId;
        messages.push({ from: state.self, to, message: { type: 'MetadataRequest', correlationId: index, topics: null } });
      }
      return { state, messages, events: NO_EVENTS, wakeAt: undefined };
    }
    return { state, messages: NO_MESSAGES, events: NO_EVENTS, wakeAt: undefined };
  },
  persisted: () => null,
  restart: () => {
    throw new Error('the benchmark never crashes nodes');
  },
};

function forwardingCluster(seed: number, traced: boolean): Simulation {
  const sim = new Simulation({
    seed,
    network: { minDelayMs: 1, maxDelayMs: 10, dropProbability: 0 },
    recordTrace: traced,
    traceMessages: traced,
    maxSteps: Number.MAX_SAFE_INTEGER,
  });
  const ids = Array.from({ length: NODE_COUNT }, (_, index) => `node-${index}`);
  for (const self of ids) {
    const state: ForwarderState = { self, peers: ids.filter((id) => id !== self), initialMessages: IN_FLIGHT / NODE_COUNT };
    sim.addNode(self, forwarder, state);
  }
  return sim;
}

/** Runs the cluster in 100 ms slices of virtual time until `wallMs` of real time has passed. */
function drive(sim: Simulation, wallMs: number): { delivered: number; elapsedMs: number } {
  const startDelivered = sim.stats.delivered;
  const start = performance.now();
  let elapsedMs = 0;
  while (elapsedMs < wallMs) {
    sim.runFor(100);
    elapsedMs = performance.now() - start;
  }
  return { delivered: sim.stats.delivered - startDelivered, elapsedMs };
}

/**
 * Delivered messages per second. `traced`: record message.sent and message.delivered for every
 * message (the trace ring keeps the newest 200,000), as the tutor's message-flow view would.
 */
export function measureThroughput(traced = false): BenchResult {
  const sim = forwardingCluster(1, traced);
  drive(sim, WARMUP_MS);
  const { delivered, elapsedMs } = drive(sim, MEASURE_MS);
  const perSecond = Math.round((delivered / elapsedMs) * 1_000);
  return {
    name: traced ? 'simulator: delivered messages per second, every message traced' : 'simulator: delivered messages per second',
    value: perSecond,
    unit: 'msg/s',
    note:
      `${NODE_COUNT} forwarding nodes, ${IN_FLIGHT} in flight, 1-10 ms jitter, ` +
      `${traced ? 'trace on with message events' : 'trace off'}; ${delivered} messages in ${Math.round(elapsedMs)} ms`,
  };
}

export function measureSetup(): BenchResult {
  const pinger: NodeMachine<number, never, number> = {
    step: (count, input, context) => {
      if (input.kind === 'wake' || input.kind === 'start') {
        const message = { type: 'MetadataRequest', correlationId: count, topics: null } as const;
        return { state: count + 1, messages: [{ from: 'a', to: 'b', message }], events: NO_EVENTS, wakeAt: context.now + 100 };
      }
      return { state: count, messages: NO_MESSAGES, events: NO_EVENTS, wakeAt: undefined };
    },
    persisted: (count) => count,
    restart: (count) => count,
  };
  const ponger: NodeMachine<number, never, number> = {
    step: (count, input) => {
      if (input.kind !== 'deliver') return { state: count, messages: NO_MESSAGES, events: NO_EVENTS, wakeAt: undefined };
      const message = { type: 'MetadataResponse', correlationId: count, brokers: [], topics: [] } as const;
      return { state: count + 1, messages: [{ from: input.envelope.to, to: input.envelope.from, message }], events: NO_EVENTS, wakeAt: undefined };
    },
    persisted: (count) => count,
    restart: (count) => count,
  };
  const once = (seed: number): void => {
    const sim = new Simulation({ seed, recordTrace: false });
    sim.addNode('a', pinger, 0);
    sim.addNode('b', ponger, 0);
    sim.addNode('c', ponger, 0);
    sim.runFor(1_000);
  };
  for (let seed = 0; seed < 2_000; seed++) once(seed); // warm-up
  let runs = 0;
  const start = performance.now();
  let elapsedMs = 0;
  while (elapsedMs < 500) {
    for (let batch = 0; batch < 100; batch++) once(runs++);
    elapsedMs = performance.now() - start;
  }
  return {
    name: 'simulator: small simulations per second',
    value: Math.round((runs / elapsedMs) * 1_000),
    unit: 'runs/s',
    note: '3-node ping-pong, 1 s of virtual time each (about 20 messages), trace off',
  };
}

export async function benchSimulator(): Promise<BenchResult[]> {
  return [measureThroughput(), measureSetup(), measureThroughput(true)];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await benchSimulator()) {
    console.log(`${result.name}: ${result.value.toLocaleString('en-US')} ${result.unit}${result.note ? ` (${result.note})` : ''}`);
  }
}
