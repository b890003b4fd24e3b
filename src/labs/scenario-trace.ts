/**
 * A simulated cluster watched for a lab check: the invariant checker runs on every event, and the
 * Kafka-level events (not every message on the wire) are kept, bounded, so a broken promise can show
 * the short trace of the scenario that broke it and the step where it broke.
 */
import { createProducer } from '../kafka/client/producer.js';
import type { ProducerConfigInput } from '../kafka/client/producer-config.js';
import { brokerNode } from '../kafka/ids.js';
import { InvariantChecker } from '../sim/cluster/invariant-checker.js';
import { KafkaCluster, type ClusterOptions } from '../sim/cluster/kafka-cluster.js';
import type { SimTraceEvent } from '../sim/sim-events.js';
import { formatEvent } from '../sim/trace-format.js';

/** Chatty event types left out of a learner's short trace. */
const NOISE = new Set(['message.sent', 'message.delivered', 'message.dropped', 'message.duplicated', 'replica.fetched', 'produce.sent']);
const KEPT_EVENTS_MAX = 4_000;
/** Lines of trace a broken promise shows, ending at the step that broke it. */
export const SHORT_TRACE_LINES = 16;

export class WatchedCluster {
  readonly cluster: KafkaCluster;
  readonly checker: InvariantChecker;
  readonly events: SimTraceEvent[] = [];

  constructor(options: ClusterOptions) {
    this.cluster = new KafkaCluster({ ...options, recordTrace: false });
    this.checker = new InvariantChecker(this.cluster);
    this.cluster.sim.onEvent((event) => {
      if (NOISE.has(event.type)) return;
      this.events.push(event);
      if (this.events.length > KEPT_EVENTS_MAX) this.events.splice(0, this.events.length - KEPT_EVENTS_MAX);
    });
  }

  get seed(): number {
    return this.cluster.sim.seed;
  }

  addProducer(id: string, config: Omit<ProducerConfigInput, 'bootstrap'>): void {
    const producer = createProducer(id, { ...config, bootstrap: this.cluster.brokerIds.map(brokerNode) });
    this.cluster.sim.addNode(id, producer.machine, producer.initialState);
  }

  send(producer: string, topic: string, key: string | null, value: string, atMs: number): void {
    this.cluster.sim.command(producer, { type: 'send', topic, key, value }, atMs);
  }

  /**
   * The trace up to and including `event` (or the last event), the last SHORT_TRACE_LINES lines of
   * it, matching `relevant` when given; brokeAtStep is the index of the last line.
   */
  shortTrace(event?: SimTraceEvent, relevant?: (event: SimTraceEvent) => boolean): { trace: string[]; brokeAtStep: number } {
    const end = event === undefined ? this.events.length : this.events.lastIndexOf(event) + 1;
    const lines: string[] = [];
    for (let index = end - 1; index >= 0 && lines.length < SHORT_TRACE_LINES; index--) {
      const candidate = this.events[index]!;
      if (relevant === undefined || relevant(candidate) || candidate === event) lines.unshift(formatEvent(candidate));
    }
    return { trace: lines, brokeAtStep: Math.max(0, lines.length - 1) };
  }

  /** The short trace up to the last event at or before `atMs`. */
  shortTraceUntil(atMs: number, relevant?: (event: SimTraceEvent) => boolean): { trace: string[]; brokeAtStep: number } {
    let last: SimTraceEvent | undefined;
    for (const event of this.events) if (event.at <= atMs) last = event;
    return this.shortTrace(last, relevant);
  }
}

/** The learner's own error inside a simulated step comes out wrapped as a SimulationError: unwrap it. */
export function learnerError(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    if (current instanceof Error && current.name === 'SimulationError' && current.cause !== undefined) current = current.cause;
    else break;
  }
  return current;
}
