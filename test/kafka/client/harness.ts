/**
 * A tiny harness that drives one client machine directly, without the simulator: the test plays
 * the clock and the brokers. Each call feeds one input at the current virtual time and returns the
 * machine's Step, so a test reads as "at 5 ms the producer sends this; the broker answers that".
 */
import { brokerNode, type BrokerId, type NodeId } from '../../../src/kafka/ids.js';
import type { ErrorCode } from '../../../src/kafka/errors.js';
import type { KafkaRecord, LogEntry } from '../../../src/kafka/log/record.js';
import type {
  BrokerMetadata,
  FetchRequest,
  FetchResponse,
  ListOffsetsRequest,
  ListOffsetsResponse,
  Message,
  MetadataRequest,
  MetadataResponse,
  PartitionState,
  ProduceRequest,
  ProduceResponse,
} from '../../../src/kafka/protocol/messages.js';
import type { Envelope, NodeInput, NodeMachine, RandomSource, Step } from '../../../src/kafka/step.js';
import type { TraceEvent, TraceEventType } from '../../../src/kafka/trace.js';

export class Driver<State, Command> {
  now = 0;
  readonly steps: Array<Step<State>> = [];

  constructor(
    readonly machine: NodeMachine<State, Command, unknown>,
    public state: State,
    readonly random: RandomSource = noRandom,
  ) {}

  /** Move the clock (never backwards). */
  at(ms: number): this {
    if (ms < this.now) throw new Error(`the clock cannot go back from ${this.now} to ${ms}`);
    this.now = ms;
    return this;
  }

  input(input: NodeInput<Command>): Step<State> {
    const step = this.machine.step(this.state, input, { now: this.now, random: this.random });
    this.state = step.state;
    this.steps.push(step);
    return step;
  }

  start(): Step<State> {
    return this.input({ kind: 'start' });
  }

  command(command: Command): Step<State> {
    return this.input({ kind: 'command', command });
  }

  deliver(from: NodeId, message: Message, to: NodeId = 'client'): Step<State> {
    return this.input({ kind: 'deliver', envelope: { from, to, message } });
  }

  /** Reply to a request the machine sent: from its addressee, to the machine. */
  reply(request: Envelope, message: Message): Step<State> {
    return this.input({ kind: 'deliver', envelope: { from: request.to, to: request.from, message } });
  }

  wake(): Step<State> {
    return this.input({ kind: 'wake' });
  }

  /** Wake at the time the machine asked for (fails if it asked for none). */
  wakeWhenAsked(): Step<State> {
    const wakeAt = this.lastStep().wakeAt;
    if (wakeAt === undefined) throw new Error('the machine asked for no wake');
    return this.at(Math.max(wakeAt, this.now)).wake();
  }

  lastStep(): Step<State> {
    const step = this.steps[this.steps.length - 1];
    if (step === undefined) throw new Error('no step yet');
    return step;
  }

  /** Every event of every step so far. */
  allEvents(): TraceEvent[] {
    return this.steps.flatMap((step) => step.events);
  }

  allSent(): Envelope[] {
    return this.steps.flatMap((step) => step.messages);
  }
}

/** A RandomSource for tests that must not draw (a draw among 1 is no draw: the answer is 0). */
export const noRandom: RandomSource = {
  nextInt(bound: number): number {
    if (bound === 1) return 0;
    throw new Error(`unexpected random draw (bound ${bound})`);
  },
};

/**
 * A RandomSource that always draws the middle of the range: the KIP-580 retry backoff then comes
 * out without jitter, at its nominal value (100, 200, 400, 800, 1000 ms with the defaults), which
 * keeps timing tests readable. Any other draw gets the middle too (bound 3 → 1).
 */
export const midpointRandom: RandomSource = {
  nextInt(bound: number): number {
    return Math.floor(bound / 2);
  },
};

export function messagesOf<T extends Message['type']>(
  step: Step<unknown> | readonly Envelope[],
  type: T,
): Array<Envelope & { readonly message: Extract<Message, { type: T }> }> {
  const messages = 'messages' in step ? step.messages : step;
  return messages.filter((envelope): envelope is Envelope & { message: Extract<Message, { type: T }> } => envelope.message.type === type);
}

export function onlyMessage<T extends Message['type']>(
  step: Step<unknown>,
  type: T,
): Envelope & { readonly message: Extract<Message, { type: T }> } {
  const found = messagesOf(step, type);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${type}, got ${found.length}: ${JSON.stringify(step.messages.map((m) => m.message.type))}`);
  }
  return found[0]!;
}

export function eventsOf<T extends TraceEventType>(
  source: Step<unknown> | readonly TraceEvent[],
  type: T,
): Array<Extract<TraceEvent, { type: T }>> {
  const events = 'events' in source ? source.events : source;
  return events.filter((event): event is Extract<TraceEvent, { type: T }> => event.type === type);
}

// --- fake broker replies ------------------------------------------------------------------------

export function brokers(...ids: BrokerId[]): BrokerMetadata[] {
  return ids.map((brokerId) => ({ brokerId, node: brokerNode(brokerId), fenced: false, brokerEpoch: 1 }));
}

/** A partition as the controller would describe it: leader -1 means no leader. */
export function partitionState(topic: string, partition: number, leader: BrokerId, leaderEpoch = 0): PartitionState {
  const replicas = leader >= 0 ? [leader] : [1];
  return {
    topic,
    partition,
    replicas,
    isr: leader >= 0 ? [leader] : [],
    leader,
    leaderEpoch,
    partitionEpoch: leaderEpoch,
    leaderRecoveryState: 'RECOVERED',
  };
}

export interface TopicLayoutSpec {
  /** One entry per partition: its leader (-1: none), or [leader, leaderEpoch]. */
  readonly [topic: string]: ReadonlyArray<BrokerId | readonly [BrokerId, number]> | ErrorCode;
}

export function metadataResponse(request: MetadataRequest, layout: TopicLayoutSpec, brokerIds: BrokerId[] = [1, 2, 3]): MetadataResponse {
  return {
    type: 'MetadataResponse',
    correlationId: request.correlationId,
    brokers: brokers(...brokerIds),
    topics: Object.entries(layout).map(([name, spec]) =>
      typeof spec === 'number'
        ? { name, error: spec, partitions: [] }
        : {
            name,
            error: 0,
            partitions: spec.map((leader, partition) =>
              typeof leader === 'number' ? partitionState(name, partition, leader) : partitionState(name, partition, leader[0], leader[1]),
            ),
          },
    ),
  };
}

export function produceResponse(request: ProduceRequest, error: ErrorCode, baseOffset = -1): ProduceResponse {
  return { type: 'ProduceResponse', correlationId: request.correlationId, topic: request.topic, partition: request.partition, error, baseOffset };
}

export function listOffsetsResponse(request: ListOffsetsRequest, offset: number, error: ErrorCode = 0): ListOffsetsResponse {
  return {
    type: 'ListOffsetsResponse',
    correlationId: request.correlationId,
    topic: request.topic,
    partition: request.partition,
    error,
    offset: error === 0 ? offset : -1,
    leaderEpoch: request.currentLeaderEpoch,
  };
}

export function logEntries(baseOffset: number, values: readonly string[], leaderEpoch = 0): LogEntry[] {
  return values.map((value, index) => {
    const record: KafkaRecord = { key: null, value, timestamp: 0 };
    return { offset: baseOffset + index, leaderEpoch, record };
  });
}

export function fetchResponse(
  request: FetchRequest,
  entries: readonly LogEntry[],
  highWatermark: number,
  error: ErrorCode = 0,
): FetchResponse {
  return {
    type: 'FetchResponse',
    correlationId: request.correlationId,
    topic: request.topic,
    partition: request.partition,
    error,
    highWatermark,
    logStartOffset: 0,
    leaderEpoch: request.currentLeaderEpoch,
    entries,
    divergingEpoch: undefined,
  };
}
