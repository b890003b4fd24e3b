/**
 * A playground's simulation: a KafkaCluster built from a seed, plus the learner's actions recorded
 * at the virtual time they happened. Replaying rebuilds the cluster from the same seed and performs
 * the same actions at the same times, so the run repeats exactly (the simulator is deterministic).
 */
import type { KafkaCluster } from '../../../sim/cluster/kafka-cluster.js';
import type { SimTraceEvent } from '../../../sim/sim-events.js';

export interface RecordedAction<A> {
  /** Virtual milliseconds since the cluster was ready. */
  readonly atMs: number;
  readonly action: A;
}

/** The controls every playground shares: stepping and running on the virtual clock. */
export interface SteppableSimulation {
  readonly seed: number;
  /** Virtual milliseconds since the cluster was ready. */
  readonly elapsedMs: number;
  advanceBy(durationMs: number): void;
  /** Runs to the next event worth drawing (or `limitMs` of virtual time); returns it. */
  stepToNextEvent(limitMs?: number): SimTraceEvent | undefined;
}

/** Upper bound on how far one single-step may run when nothing interesting happens. */
export const STEP_LIMIT_MS = 5_000;

/** Idle fetches and message-level events are not worth a step of their own. */
export function isWorthAStep(event: SimTraceEvent): boolean {
  if (event.type === 'replica.fetched') return event.records > 0;
  if (event.type === 'consumer.fetched') return event.values.length > 0;
  return event.type !== 'message.sent' && event.type !== 'message.delivered';
}

export abstract class RecordedSimulation<A> implements SteppableSimulation {
  readonly cluster: KafkaCluster;
  readonly originMs: number;
  private readonly recorded: RecordedAction<A>[] = [];

  protected constructor(readonly seed: number, build: (seed: number) => KafkaCluster, script: readonly RecordedAction<A>[]) {
    this.cluster = build(seed);
    this.originMs = this.cluster.now;
    for (const entry of script) {
      this.cluster.sim.schedule(this.originMs + entry.atMs, `replay ${describeAction(entry.action)}`, () => {
        this.replaying = true;
        try {
          this.act(entry.action);
        } finally {
          this.replaying = false;
        }
      });
    }
  }

  get elapsedMs(): number {
    return this.cluster.now - this.originMs;
  }

  /** Everything the learner did, in order, with its virtual time. */
  get script(): readonly RecordedAction<A>[] {
    return this.recorded;
  }

  /** Performs an action now and records it for replay. */
  act(action: A): void {
    this.recorded.push({ atMs: this.elapsedMs, action });
    this.perform(action);
    // Let what the action set off at this instant happen (a send reaches its producer), so the
    // screen shows it at once; the clock does not move.
    if (!this.replaying) this.cluster.runUntil(this.cluster.now);
  }

  /** True while a replayed action runs inside the simulator's own step. */
  private replaying = false;

  protected abstract perform(action: A): void;

  /** Which trace events a single step stops at and the trace lines show (a playground may narrow it). */
  protected worthAStep(event: SimTraceEvent): boolean {
    return isWorthAStep(event);
  }

  advanceBy(durationMs: number): void {
    this.cluster.runFor(durationMs);
  }

  stepToNextEvent(limitMs = STEP_LIMIT_MS): SimTraceEvent | undefined {
    let found: SimTraceEvent | undefined;
    const stop = this.cluster.sim.onEvent((event) => {
      if (found === undefined && this.worthAStep(event)) found = event;
    });
    try {
      this.cluster.sim.runUntilCondition(() => found !== undefined, limitMs);
    } finally {
      stop();
    }
    return found;
  }

  /** The recent trace, newest last, without the idle chatter. */
  recentEvents(count: number): SimTraceEvent[] {
    const trace = this.cluster.sim.trace;
    const picked: SimTraceEvent[] = [];
    for (let index = trace.length - 1; index >= 0 && picked.length < count; index--) {
      const event = trace[index]!;
      if (event.at >= this.originMs && this.worthAStep(event)) picked.push(event);
    }
    return picked.reverse().map((event) => ({ ...event, at: event.at - this.originMs }));
  }
}

function describeAction(action: unknown): string {
  return typeof action === 'object' && action !== null && 'type' in action ? String(action.type) : 'action';
}
