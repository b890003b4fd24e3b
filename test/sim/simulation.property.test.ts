/**
 * For random seeds, network settings and fault schedules, the toy gossip cluster never receives a
 * message across a cut link and never on a crashed node (or from before its crash). The fault
 * schedule is mirrored in a model kept by the test itself, so the simulator is checked against an
 * independent account of what was cut and what was down, not against itself.
 *
 * Faults happen at half milliseconds and every send and arrival at whole ones, so "was the link cut
 * when this arrived?" never depends on tie-breaking.
 *
 * A failure prints the fast-check seed and path, and the simulation seed inside the counterexample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../src/kafka/ids.js';
import { Simulation } from '../../src/sim/simulation.js';
import { gossip, type GossipDelivery, type GossipState } from '../helpers/toy-machines.js';

const NODES: readonly NodeId[] = ['n0', 'n1', 'n2', 'n3'];
const RUN_MS = 1_500;

type Fault =
  | { readonly kind: 'partition'; readonly sideA: readonly NodeId[] }
  | { readonly kind: 'isolate'; readonly node: NodeId }
  | { readonly kind: 'block'; readonly from: NodeId; readonly to: NodeId }
  | { readonly kind: 'heal' }
  | { readonly kind: 'crash'; readonly node: NodeId }
  | { readonly kind: 'restart'; readonly node: NodeId }
  /** Crash, then restart soon: messages in flight to the old incarnation must not reach the new one. */
  | { readonly kind: 'bounce'; readonly node: NodeId; readonly downMs: number };

const nodeArbitrary = fc.constantFrom(...NODES);
const faultArbitrary: fc.Arbitrary<Fault> = fc.oneof(
  fc.subarray([...NODES], { minLength: 1, maxLength: NODES.length - 1 }).map((sideA) => ({ kind: 'partition' as const, sideA })),
  nodeArbitrary.map((node) => ({ kind: 'isolate' as const, node })),
  fc.tuple(nodeArbitrary, nodeArbitrary).map(([from, to]) => ({ kind: 'block' as const, from, to })),
  fc.constant({ kind: 'heal' as const }),
  nodeArbitrary.map((node) => ({ kind: 'crash' as const, node })),
  nodeArbitrary.map((node) => ({ kind: 'restart' as const, node })),
  fc.record({ kind: fc.constant('bounce' as const), node: nodeArbitrary, downMs: fc.integer({ min: 1, max: 30 }) }),
);
const scheduleArbitrary = fc.array(fc.record({ atMs: fc.integer({ min: 0, max: RUN_MS - 1 }), fault: faultArbitrary }), { maxLength: 25 });
const networkArbitrary = fc
  .record({
    minDelayMs: fc.integer({ min: 0, max: 20 }),
    jitterMs: fc.integer({ min: 0, max: 60 }),
    dropProbability: fc.double({ min: 0, max: 0.3, noNaN: true }),
    duplicateProbability: fc.double({ min: 0, max: 0.2, noNaN: true }),
  })
  .map(({ minDelayMs, jitterMs, dropProbability, duplicateProbability }) => ({
    minDelayMs,
    maxDelayMs: minDelayMs + jitterMs,
    dropProbability,
    duplicateProbability,
  }));

/** The test's own account of the faults, one snapshot per change. */
interface Snapshot {
  readonly at: number;
  readonly cut: ReadonlySet<string>;
  readonly isolated: ReadonlySet<NodeId>;
  readonly down: ReadonlySet<NodeId>;
  /** How many times each node has crashed so far. */
  readonly crashes: ReadonlyMap<NodeId, number>;
}

class FaultModel {
  private cut = new Set<string>();
  private isolated = new Set<NodeId>();
  private down = new Set<NodeId>();
  private crashes = new Map<NodeId, number>();
  readonly history: Snapshot[] = [{ at: -1, cut: new Set(), isolated: new Set(), down: new Set(), crashes: new Map() }];

  apply(sim: Simulation, fault: Fault): void {
    switch (fault.kind) {
      case 'partition': {
        const sideB = NODES.filter((node) => !fault.sideA.includes(node));
        sim.network.partition(fault.sideA, sideB);
        for (const a of fault.sideA) for (const b of sideB) this.cut.add(`${a}>${b}`).add(`${b}>${a}`);
        break;
      }
      case 'isolate':
        sim.network.isolate(fault.node);
        this.isolated.add(fault.node);
        break;
      case 'block':
        sim.network.block(fault.from, fault.to);
        this.cut.add(`${fault.from}>${fault.to}`);
        break;
      case 'heal':
        sim.network.heal();
        this.cut.clear();
        this.isolated.clear();
        break;
      case 'crash':
        if (this.down.has(fault.node)) return;
        sim.crash(fault.node);
        this.down.add(fault.node);
        this.crashes.set(fault.node, (this.crashes.get(fault.node) ?? 0) + 1);
        break;
      case 'restart':
        if (!this.down.has(fault.node)) return;
        sim.restart(fault.node);
        this.down.delete(fault.node);
        break;
      case 'bounce':
        this.apply(sim, { kind: 'crash', node: fault.node });
        sim.schedule(sim.now + fault.downMs, 'restart', (s) => this.apply(s, { kind: 'restart', node: fault.node }));
        return;
    }
    this.history.push({ at: sim.now, cut: new Set(this.cut), isolated: new Set(this.isolated), down: new Set(this.down), crashes: new Map(this.crashes) });
  }

  at(time: number): Snapshot {
    let found = this.history[0]!;
    for (const snapshot of this.history) if (snapshot.at < time) found = snapshot;
    return found;
  }

  static linkCut(snapshot: Snapshot, from: NodeId, to: NodeId): boolean {
    if (from === to) return false;
    return snapshot.cut.has(`${from}>${to}`) || snapshot.isolated.has(from) || snapshot.isolated.has(to);
  }
}

/** A plain assertion: vitest's expect costs microseconds, and this runs ~200,000 times. */
function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}

function deliveriesOf(sim: Simulation, node: NodeId): readonly GossipDelivery[] {
  return sim.isUp(node) ? sim.stateOf<GossipState>(node)!.deliveries : sim.persistedOf<readonly GossipDelivery[]>(node)!;
}

describe('simulator safety under random faults', () => {
  it('never delivers across a cut link, to a down node, or from before the receiver crashed', () => {
    fc.assert(
      fc.property(fc.integer(), networkArbitrary, scheduleArbitrary, (seed, network, schedule) => {
        const sim = new Simulation({ seed, network, recordTrace: false });
        for (const id of NODES) {
          const node = gossip({ self: id, peers: NODES.filter((peer) => peer !== id), originateEveryMs: 40, hops: 4 });
          sim.addNode(id, node.machine, node.initialState);
        }
        const model = new FaultModel();
        for (const { atMs, fault } of schedule) sim.schedule(atMs + 0.5, fault.kind, (s) => model.apply(s, fault));
        const partitionDrops: Array<{ at: number; from: NodeId; to: NodeId }> = [];
        sim.onEvent((event) => {
          if (event.type === 'message.dropped' && event.reason === 'partition') partitionDrops.push(event);
        });
        sim.onStep((s, node) => {
          if (node !== undefined && !s.isUp(node)) throw new Error(`${node} stepped while down`);
        });
        sim.runUntil(RUN_MS);

        let delivered = 0;
        for (const to of NODES) {
          for (const delivery of deliveriesOf(sim, to)) {
            delivered++;
            const onArrival = model.at(delivery.at);
            const onSend = model.at(delivery.sentAt);
            const where = () => `${delivery.from} -> ${to} sent at ${delivery.sentAt}, arrived at ${delivery.at} (seed=${seed})`;
            check(!FaultModel.linkCut(onArrival, delivery.from, to), () => `link cut on arrival: ${where()}`);
            check(!FaultModel.linkCut(onSend, delivery.from, to), () => `link cut on send: ${where()}`);
            check(!onArrival.down.has(to), () => `receiver down: ${where()}`);
            check((onArrival.crashes.get(to) ?? 0) === (onSend.crashes.get(to) ?? 0), () => `receiver crashed in flight: ${where()}`);
          }
        }
        for (const drop of partitionDrops) {
          check(FaultModel.linkCut(model.at(drop.at), drop.from, drop.to), () => `partition drop on a live link at ${drop.at} (seed=${seed})`);
        }
        expect(sim.stats.delivered).toBe(delivered);
      }),
      { numRuns: 500 },
    );
  });
});
