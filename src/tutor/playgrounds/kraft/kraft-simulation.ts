/**
 * The KRaft failover playground's simulation: the KRaft cluster and the ZooKeeper-mode cluster of
 * the same seed, side by side on one virtual clock (each world's t=0 is the moment its cluster is
 * ready, topic created). "Kill the active controller" kills it in both worlds at the same instant;
 * "restart" brings the killed nodes back in both. Actions are recorded at their virtual time, so a
 * replay from the seed repeats the run exactly.
 *
 * Building both clusters costs tens of milliseconds, so it waits for `build()` (the playground
 * calls it after its first frame); until then the simulation is empty and says so.
 */
import type { SimTraceEvent } from '../../../sim/sim-events.js';
import type { Simulation } from '../../../sim/simulation.js';
import type { FailoverTimes } from '../../../sim/kraft/kraft-failover.js';
import { STEP_LIMIT_MS, type RecordedAction, type SteppableSimulation } from '../shared/recorded-simulation.js';
import { KraftWorld, type KraftWorldSnapshot } from './kraft-world.js';
import { ZkWorld, type ZkWorldSnapshot } from './zk-world.js';

export type FailoverAction = { readonly type: 'kill' } | { readonly type: 'restart' };
export type WorldName = 'kraft' | 'zookeeper';

export interface FailoverSnapshot {
  readonly seed: number;
  readonly elapsedMs: number;
  readonly kraft: KraftWorldSnapshot;
  readonly zookeeper: ZkWorldSnapshot;
  readonly kraftTimes: FailoverTimes | undefined;
  readonly zookeeperTimes: FailoverTimes | undefined;
  /** What the learner's last action did, in a sentence. */
  readonly notice: string | undefined;
}

/** Network traffic is not worth a step or a trace line; everything the nodes say is. */
export function isFailoverEvent(event: SimTraceEvent): boolean {
  return !event.type.startsWith('message.');
}

export class KraftFailoverSimulation implements SteppableSimulation {
  /** The world single steps follow (the one on screen). */
  shown: WorldName = 'kraft';
  private worlds: { readonly kraft: KraftWorld; readonly zookeeper: ZkWorld } | undefined;
  private readonly recorded: RecordedAction<FailoverAction>[] = [];
  private readonly pending: RecordedAction<FailoverAction>[];
  private notice: string | undefined;

  constructor(readonly seed: number, script: readonly RecordedAction<FailoverAction>[] = []) {
    this.pending = [...script].sort((a, b) => a.atMs - b.atMs);
  }

  get ready(): boolean {
    return this.worlds !== undefined;
  }

  /** Builds both clusters from the seed (idempotent). */
  build(): void {
    if (this.worlds !== undefined) return;
    this.worlds = { kraft: new KraftWorld(this.seed), zookeeper: new ZkWorld(this.seed) };
    this.performDue(0);
  }

  private built(): { readonly kraft: KraftWorld; readonly zookeeper: ZkWorld } {
    this.build();
    return this.worlds!;
  }

  get elapsedMs(): number {
    return this.worlds?.kraft.elapsedMs ?? 0;
  }

  /** Everything the learner did, in order, with its virtual time. */
  get script(): readonly RecordedAction<FailoverAction>[] {
    return this.recorded;
  }

  killActiveController(): void {
    this.act({ type: 'kill' });
  }

  restartKilled(): void {
    this.act({ type: 'restart' });
  }

  private act(action: FailoverAction): void {
    const { kraft, zookeeper } = this.built();
    // Finish what is due at this instant first, as a replay (which runs up to its time) would.
    kraft.cluster.sim.runUntil(kraft.cluster.sim.now);
    zookeeper.cluster.sim.runUntil(zookeeper.cluster.sim.now);
    this.recorded.push({ atMs: this.elapsedMs, action });
    this.perform(action);
  }

  private perform(action: FailoverAction): void {
    const { kraft, zookeeper } = this.built();
    if (action.type === 'kill') {
      const kraftNode = kraft.cluster.activeController();
      const zkBroker = zookeeper.cluster.activeController();
      const killedKraft = kraft.killActive();
      const killedZk = zookeeper.killActive();
      this.notice =
        `killed ${killedKraft ? `node ${kraftNode} (KRaft)` : 'nothing in KRaft (no active controller now)'}` +
        ` and ${killedZk ? `broker ${zkBroker} (ZooKeeper)` : 'nothing in ZooKeeper mode (no active controller now)'}`;
    } else {
      const restarted = [kraft.restartKilled() ? 'KRaft' : undefined, zookeeper.restartKilled() ? 'ZooKeeper' : undefined].filter((name) => name !== undefined);
      this.notice = restarted.length === 0 ? 'nothing to restart: no killed node is down' : `restarted the killed nodes (${restarted.join(', ')})`;
    }
  }

  /** Performs the replayed actions due at or before `elapsedMs`, each at its own time. */
  private performDue(untilMs: number): void {
    while (this.pending.length > 0 && this.pending[0]!.atMs <= untilMs) {
      const next = this.pending.shift()!;
      this.runBothTo(next.atMs);
      this.recorded.push(next);
      this.perform(next.action);
    }
  }

  private runBothTo(elapsedMs: number): void {
    const { kraft, zookeeper } = this.built();
    kraft.cluster.sim.runUntil(kraft.originMs + elapsedMs);
    zookeeper.cluster.sim.runUntil(zookeeper.originMs + elapsedMs);
  }

  advanceBy(durationMs: number): void {
    const target = this.elapsedMs + durationMs;
    this.performDue(target);
    this.runBothTo(target);
  }

  stepToNextEvent(limitMs = STEP_LIMIT_MS): SimTraceEvent | undefined {
    const worlds = this.built();
    const world = worlds[this.shown];
    const next = this.pending[0]?.atMs;
    const limit = next === undefined ? limitMs : Math.min(limitMs, next - this.elapsedMs);
    let found: SimTraceEvent | undefined;
    const stop = world.cluster.sim.onEvent((event) => {
      if (found === undefined && isFailoverEvent(event)) found = event;
    });
    try {
      world.cluster.sim.runUntilCondition(() => found !== undefined, limit);
    } finally {
      stop();
    }
    const reached = world.elapsedMs;
    this.performDue(reached);
    this.runBothTo(reached);
    return found;
  }

  /** The newest trace lines of one world, times from its t=0, newest last. */
  recentEvents(name: WorldName, count: number): SimTraceEvent[] {
    if (this.worlds === undefined) return [];
    const world = this.worlds[name];
    return newest(world.cluster.sim, world.originMs, count);
  }

  snapshot(): FailoverSnapshot | undefined {
    if (this.worlds === undefined) return undefined;
    const { kraft, zookeeper } = this.worlds;
    return {
      seed: this.seed,
      elapsedMs: this.elapsedMs,
      kraft: kraft.snapshot(),
      zookeeper: zookeeper.snapshot(),
      kraftTimes: kraft.times === undefined ? undefined : { ...kraft.times },
      zookeeperTimes: zookeeper.times === undefined ? undefined : { ...zookeeper.times },
      notice: this.notice,
    };
  }
}

function newest(sim: Simulation, originMs: number, count: number): SimTraceEvent[] {
  const picked: SimTraceEvent[] = [];
  const trace = sim.trace;
  for (let index = trace.length - 1; index >= 0 && picked.length < count; index--) {
    const event = trace[index]!;
    if (event.at >= originMs && isFailoverEvent(event)) picked.push(event);
  }
  return picked.reverse().map((event) => ({ ...event, at: event.at - originMs }));
}
