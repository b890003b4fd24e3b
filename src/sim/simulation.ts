/**
 * The deterministic runtime: a virtual clock, one agenda of events, a seeded random source and the
 * simulated network, driving any set of NodeMachines (src/kafka/step.ts). VOPR and etcd-raft's
 * interaction tests have this shape: the machines never see a clock, a timer or a socket; the
 * simulation hands each one an input with the current virtual time and an injected random stream,
 * and routes what it returns.
 *
 * Replay: everything a run does follows from `seed` and the calls made on the Simulation. Same seed
 * and same calls give the same trace, byte for byte (JSON.stringify(sim.trace)). Each node draws from
 * its own stream (forked from the seed by node id), the network from another, so adding a node or a
 * random draw in one machine does not change what the others see.
 *
 * Every error thrown out of a Simulation is a SimulationError whose message ends with
 * "(seed=<seed>, t=<now>ms)": a failing run always prints what replays it.
 *
 * Limits (a runaway bug stops with a message instead of hanging): maxSteps events per simulation,
 * maxPendingEvents scheduled at once, a bounded trace (oldest events evicted and counted), and a bound
 * on same-time wake-ups of one node.
 */
import type { NodeId } from '../kafka/ids.js';
import type { Envelope, NodeInput, NodeMachine, Step, StepContext } from '../kafka/step.js';
import type { TraceEvent } from '../kafka/trace.js';
import { EventQueue } from './event-queue.js';
import { Network, ROUTE_DROPPED_LOSS, type NetworkHost, type NetworkOptions } from './network.js';
import { SeededRandom } from './random.js';
import { SIM_NODE, type DropReason, type SimTraceEvent } from './sim-events.js';

export interface SimulationOptions {
  /** Decides every random choice of the run. Any safe integer. */
  readonly seed: number;
  /** Delays and faults; unspecified fields take defaultNetworkOptions. */
  readonly network?: Partial<NetworkOptions>;
  /** Events processed over the simulation's life before SimulationLimitError. Default 5,000,000. */
  readonly maxSteps?: number;
  /** Events kept in `trace`; older ones are evicted and counted in stats. Default 200,000. */
  readonly maxTraceEvents?: number;
  /** Events scheduled at once (messages in flight, timers, commands). Default 1,000,000. */
  readonly maxPendingEvents?: number;
  /** Keep a trace at all. Default true; benchmarks and big property runs turn it off. */
  readonly recordTrace?: boolean;
  /** Also trace every send and arrival (message.sent / message.delivered). Default false. */
  readonly traceMessages?: boolean;
}

export interface SimulationStats {
  /** Events processed (inputs handed to nodes, drops on arrival, scripted actions). */
  readonly steps: number;
  /** Messages nodes asked to send. */
  readonly sent: number;
  /** Messages handed to their receiver. */
  readonly delivered: number;
  /** Messages that never arrived (any DropReason). */
  readonly dropped: number;
  /** Extra copies the network made. */
  readonly duplicated: number;
  /** Trace events evicted to keep the trace within maxTraceEvents. */
  readonly traceEventsEvicted: number;
}

/** Called after every step with the node whose machine ran (undefined for drops and scripted actions). */
export type StepListener = (sim: Simulation, node: NodeId | undefined) => void;
/** Called for every trace event, recorded or not. */
export type EventListener = (event: SimTraceEvent, sim: Simulation) => void;
export type ScheduledAction = (sim: Simulation) => void;

/** Anything that went wrong inside a simulation; the message ends with the seed and virtual time. */
export class SimulationError extends Error {
  override readonly name: string = 'SimulationError';
  constructor(
    readonly detail: string,
    readonly seed: number,
    readonly timeMs: number,
    options?: { cause?: unknown },
  ) {
    super(`${detail} (seed=${seed}, t=${timeMs}ms)`, options);
  }
}

/** A limit was hit: maxSteps, maxPendingEvents, or a node that keeps waking itself at the same time. */
export class SimulationLimitError extends SimulationError {
  override readonly name: string = 'SimulationLimitError';
}

const DEFAULT_MAX_STEPS = 5_000_000;
const DEFAULT_MAX_TRACE_EVENTS = 200_000;
const DEFAULT_MAX_PENDING_EVENTS = 1_000_000;
/** A node woken this many times at one instant is looping (its wakeAt never moves past now). */
const MAX_WAKES_AT_ONE_INSTANT = 1_000;

// What an agenda entry is: the low 3 bits of its tag. The rest of the tag is the node's index.
const KIND_START = 0;
const KIND_DELIVER = 1;
const KIND_WAKE = 2;
const KIND_COMMAND = 3;
const KIND_ACTION = 4;
const KIND_DISCONNECT = 5;
const KIND_BITS = 3;
const KIND_MASK = 7;
/** The node index shares an int32 tag with the kind. */
const MAX_NODES = 1 << 27;

const START_INPUT: NodeInput<never> = Object.freeze({ kind: 'start' });
const WAKE_INPUT: NodeInput<never> = Object.freeze({ kind: 'wake' });

interface ScriptEntry {
  readonly label: string;
  readonly action: ScheduledAction;
}

type AgendaItem = Envelope | ScriptEntry | unknown;

/** The mutable context handed to a node's step; valid only during that step (it is reused). */
interface MutableStepContext {
  now: number;
  readonly random: SeededRandom;
}

/** Everything the simulation keeps about one node. */
interface NodeSlot {
  readonly id: NodeId;
  readonly index: number;
  readonly machine: NodeMachine<unknown, unknown, unknown>;
  readonly context: MutableStepContext;
  state: unknown;
  /** What survived the last crash, while the node is down. */
  persisted: unknown;
  up: boolean;
  /** The live wake timer: its agenda sequence (-1: none) and time. Older wake entries are stale. */
  wakeSequence: number;
  wakeAt: number;
  /**
   * Agenda sequence at the node's last crash. Deliveries scheduled before it were in flight to the
   * previous incarnation: their connection died with it, so they are dropped even after a restart.
   */
  crashSequence: number;
  /** Same-instant wake guard. */
  wakeInstant: number;
  wakesAtInstant: number;
}

export class Simulation {
  readonly seed: number;
  readonly network: Network;
  private readonly random: SeededRandom;
  private readonly queue = new EventQueue<AgendaItem>();
  private readonly slots: NodeSlot[] = [];
  private readonly slotsById = new Map<NodeId, NodeSlot>();
  private readonly maxSteps: number;
  private readonly maxPendingEvents: number;
  private readonly maxTraceEvents: number;
  private readonly recordTrace: boolean;
  private readonly traceMessages: boolean;
  private readonly stepListeners: StepListener[] = [];
  private readonly eventListeners: EventListener[] = [];
  /** recordTrace or any event listener: only then are sim events built at all. */
  private observing: boolean;

  private clock = 0;
  private traceBuffer: SimTraceEvent[] = [];
  private traceStart = 0;
  private stepCount = 0;
  private sentCount = 0;
  private deliveredCount = 0;
  private droppedCount = 0;
  private duplicatedCount = 0;
  private evictedCount = 0;
  /** What the current or last step was doing, for error messages. */
  private currentNode: NodeSlot | undefined;
  private currentInput: NodeInput<unknown> | undefined;
  /** The node whose machine ran in the current step (undefined: a drop or a scripted action). */
  private steppedNode: NodeId | undefined;
  /** True while a step runs: actions and listeners must not run the simulation re-entrantly. */
  private stepping = false;

  constructor(options: SimulationOptions) {
    this.seed = options.seed;
    try {
      this.random = new SeededRandom(options.seed); // validates the seed
    } catch (error) {
      throw new SimulationError(messageOf(error), options.seed, 0, { cause: error });
    }
    this.maxSteps = positiveInteger('maxSteps', options.maxSteps ?? DEFAULT_MAX_STEPS, options.seed);
    this.maxPendingEvents = positiveInteger(
      'maxPendingEvents',
      options.maxPendingEvents ?? DEFAULT_MAX_PENDING_EVENTS,
      options.seed,
    );
    this.maxTraceEvents = positiveInteger('maxTraceEvents', options.maxTraceEvents ?? DEFAULT_MAX_TRACE_EVENTS, options.seed);
    this.recordTrace = options.recordTrace ?? true;
    this.traceMessages = options.traceMessages ?? false;
    this.observing = this.recordTrace;
    const sim = this;
    const host: NetworkHost = {
      get now() {
        return sim.clock;
      },
      emitSimEvent: (event) => sim.emit(event),
    };
    try {
      this.network = new Network(options.network, this.random.fork('network'), host);
    } catch (error) {
      throw new SimulationError(messageOf(error), this.seed, 0, { cause: error });
    }
  }

  /** The virtual clock, in milliseconds. */
  get now(): number {
    return this.clock;
  }

  get stats(): SimulationStats {
    return {
      steps: this.stepCount,
      sent: this.sentCount,
      delivered: this.deliveredCount,
      dropped: this.droppedCount,
      duplicated: this.duplicatedCount,
      traceEventsEvicted: this.evictedCount,
    };
  }

  /** The kept trace, oldest first (at most maxTraceEvents; see stats.traceEventsEvicted). */
  get trace(): readonly SimTraceEvent[] {
    if (this.traceStart === 0) return this.traceBuffer;
    return this.traceBuffer.slice(this.traceStart).concat(this.traceBuffer.slice(0, this.traceStart));
  }

  /** The ids of every node ever added, in the order they were added. */
  get nodeIds(): readonly NodeId[] {
    return this.slots.map((slot) => slot.id);
  }

  /** Events scheduled and not yet processed (including stale timers). */
  get pendingEvents(): number {
    return this.queue.size;
  }

  /**
   * A random stream for the scenario itself (fault schedules, workload), derived from the seed and
   * the label, independent of the streams the nodes and the network use.
   */
  randomFor(label: string): SeededRandom {
    return this.random.fork(`scenario:${label}`);
  }

  // --- building the cluster ---------------------------------------------------------------

  /** Adds a node; it receives a `start` input at the current time. */
  addNode<S, C, P>(id: NodeId, machine: NodeMachine<S, C, P>, initialState: S): void {
    if (this.slotsById.has(id)) throw this.error(`addNode: a node called ${id} already exists`);
    if (id === SIM_NODE) throw this.error(`addNode: "${SIM_NODE}" is reserved for the simulator's own events`);
    if (this.slots.length >= MAX_NODES) throw this.error(`addNode: at most ${MAX_NODES} nodes`);
    const slot: NodeSlot = {
      id,
      index: this.slots.length,
      machine: machine as unknown as NodeMachine<unknown, unknown, unknown>,
      context: { now: this.clock, random: this.random.fork(`node:${id}`) },
      state: initialState,
      persisted: undefined,
      up: true,
      wakeSequence: -1,
      wakeAt: Number.NaN,
      crashSequence: -1,
      wakeInstant: Number.NaN,
      wakesAtInstant: 0,
    };
    this.slots.push(slot);
    this.slotsById.set(id, slot);
    this.enqueue(this.clock, (slot.index << KIND_BITS) | KIND_START, undefined);
  }

  /** Hands `command` to node `id` at `atMs` (default: now). Dropped if the node is down then. */
  command<C>(id: NodeId, command: C, atMs: number = this.clock): void {
    const slot = this.slotOf(id, 'command');
    this.checkFuture(atMs, 'command');
    this.enqueue(atMs, (slot.index << KIND_BITS) | KIND_COMMAND, command);
  }

  /** Runs `action` at `atMs` (scripted faults, workload steps). `label` appears in the trace. */
  schedule(atMs: number, label: string, action: ScheduledAction): void {
    this.checkFuture(atMs, `schedule "${label}"`);
    const entry: ScriptEntry = { label, action };
    this.enqueue(atMs, KIND_ACTION, entry);
  }

  // --- faults -------------------------------------------------------------------------------

  /**
   * Stops node `id` now: its state is replaced by `machine.persisted(state)` (what survives a crash),
   * its wake timer is cancelled, and everything addressed to it is dropped until it restarts,
   * including messages already in flight (they travelled on connections that died with it).
   */
  crash(id: NodeId): void {
    const slot = this.slotOf(id, 'crash');
    if (!slot.up) throw this.error(`crash: ${id} is already down`);
    let persisted: unknown;
    try {
      persisted = slot.machine.persisted(slot.state);
    } catch (error) {
      throw this.error(`${id}: machine.persisted threw: ${messageOf(error)}`, error);
    }
    slot.persisted = persisted;
    slot.state = undefined;
    slot.up = false;
    slot.wakeSequence = -1;
    slot.wakeAt = Number.NaN;
    slot.crashSequence = this.queue.nextSequence;
    if (this.observing) this.emit({ type: 'node.crashed', at: this.clock, node: id });
    // Its connections close: every live peer still reachable from it hears of it after one
    // shortest network delay (a cut link carries no reset, so peers across a cut hear nothing).
    for (const peer of this.slots) {
      if (peer === slot || !peer.up || this.network.isLinkCut(id, peer.id)) continue;
      this.enqueue(this.clock + this.network.options.minDelayMs, (peer.index << KIND_BITS) | KIND_DISCONNECT, id);
    }
  }

  /** Brings a crashed node back: state = machine.restart(persisted), then a `start` input now. */
  restart(id: NodeId): void {
    const slot = this.slotOf(id, 'restart');
    if (slot.up) throw this.error(`restart: ${id} is not down`);
    let state: unknown;
    try {
      state = slot.machine.restart(slot.persisted);
    } catch (error) {
      throw this.error(`${id}: machine.restart threw: ${messageOf(error)}`, error);
    }
    slot.state = state;
    slot.persisted = undefined;
    slot.up = true;
    if (this.observing) this.emit({ type: 'node.restarted', at: this.clock, node: id });
    this.enqueue(this.clock, (slot.index << KIND_BITS) | KIND_START, undefined);
  }

  isUp(id: NodeId): boolean {
    return this.slotOf(id, 'isUp').up;
  }

  /** The node's current state, or undefined while it is down (see persistedOf). */
  stateOf<S>(id: NodeId): S | undefined {
    const slot = this.slotOf(id, 'stateOf');
    return (slot.up ? slot.state : undefined) as S | undefined;
  }

  /** What survived the node's crash, while it is down; undefined while it is up. */
  persistedOf<P>(id: NodeId): P | undefined {
    const slot = this.slotOf(id, 'persistedOf');
    return (slot.up ? undefined : slot.persisted) as P | undefined;
  }

  // --- observing -------------------------------------------------------------------------------

  /** Calls `listener` after every step; it may throw to stop the run (an invariant). Returns an unsubscribe. */
  onStep(listener: StepListener): () => void {
    this.stepListeners.push(listener);
    return () => remove(this.stepListeners, listener);
  }

  /** Calls `listener` for every trace event, even with recordTrace off. Returns an unsubscribe. */
  onEvent(listener: EventListener): () => void {
    this.eventListeners.push(listener);
    this.observing = true;
    return () => {
      remove(this.eventListeners, listener);
      this.observing = this.recordTrace || this.eventListeners.length > 0;
    };
  }

  // --- running ---------------------------------------------------------------------------------

  /** Processes every event scheduled at or before `timeMs`, then sets the clock to `timeMs`. */
  runUntil(timeMs: number): void {
    this.checkNotStepping('runUntil');
    this.checkFuture(timeMs, 'runUntil');
    const queue = this.queue;
    while (queue.size !== 0 && queue.peekTime() <= timeMs) this.step();
    this.clock = timeMs;
  }

  runFor(durationMs: number): void {
    if (!(durationMs >= 0)) throw this.error(`runFor: duration must be >= 0, got ${durationMs}`);
    this.runUntil(this.clock + durationMs);
  }

  /**
   * Runs until nothing is scheduled (true), or until `limitMs` of virtual time has passed (false;
   * the clock then stands at now + limitMs). Nodes with periodic timers are never idle.
   */
  runUntilIdle(limitMs = 60_000): boolean {
    this.checkNotStepping('runUntilIdle');
    if (!(limitMs >= 0)) throw this.error(`runUntilIdle: limit must be >= 0, got ${limitMs}`);
    const deadline = this.clock + limitMs;
    const queue = this.queue;
    while (queue.size !== 0) {
      if (queue.peekTime() > deadline) {
        this.clock = deadline;
        return false;
      }
      this.step();
    }
    return true;
  }

  /**
   * Runs until `condition(sim)` holds after a step (true) or `limitMs` of virtual time has passed
   * (false). The condition is also checked once before running.
   */
  runUntilCondition(condition: (sim: Simulation) => boolean, limitMs: number): boolean {
    this.checkNotStepping('runUntilCondition');
    if (!(limitMs >= 0)) throw this.error(`runUntilCondition: limit must be >= 0, got ${limitMs}`);
    const deadline = this.clock + limitMs;
    const queue = this.queue;
    if (this.holds(condition)) return true;
    while (queue.size !== 0 && queue.peekTime() <= deadline) {
      if (this.step() && this.holds(condition)) return true;
    }
    this.clock = deadline;
    return false;
  }

  /** Processes one event. False when nothing is scheduled. */
  step(): boolean {
    this.checkNotStepping('step');
    this.stepping = true;
    try {
      return this.stepUnguarded();
    } catch (error) {
      if (error instanceof SimulationError) throw error;
      throw this.error(messageOf(error), error);
    } finally {
      this.stepping = false;
    }
  }

  // --- the hot path --------------------------------------------------------------------------

  private stepUnguarded(): boolean {
    const queue = this.queue;
    for (;;) {
      if (queue.size === 0) return false;
      if (this.stepCount >= this.maxSteps) {
        throw new SimulationLimitError(
          `stopped after maxSteps=${this.maxSteps} steps with ${queue.size} events still scheduled: ` +
            'does something keep sending or waking forever?',
          this.seed,
          this.clock,
        );
      }
      const item = queue.pop();
      const tag = queue.lastTag;
      const kind = tag & KIND_MASK;
      const slot = this.slots[tag >>> KIND_BITS] as NodeSlot;
      if (kind === KIND_WAKE && queue.lastSequence !== slot.wakeSequence) continue; // stale timer
      if (kind === KIND_START && queue.lastSequence < slot.crashSequence) continue; // start of a dead incarnation
      this.clock = queue.lastTime;
      this.stepCount++;
      this.steppedNode = undefined;
      this.currentNode = kind === KIND_ACTION ? undefined : slot;
      this.currentInput = undefined;
      switch (kind) {
        case KIND_DELIVER:
          this.deliver(slot, item as Envelope, queue.lastSequence);
          break;
        case KIND_WAKE:
          this.wake(slot);
          break;
        case KIND_START:
          this.runNode(slot, START_INPUT);
          break;
        case KIND_COMMAND:
          if (slot.up) {
            this.runNode(slot, { kind: 'command', command: item });
          } else {
            if (this.observing) this.emit({ type: 'command.dropped', at: this.clock, node: slot.id, reason: 'node-down' });
          }
          break;
        case KIND_ACTION:
          this.runAction(item as ScriptEntry);
          break;
        case KIND_DISCONNECT:
          if (slot.up) this.runNode(slot, { kind: 'disconnected', peer: item as NodeId });
          break;
        default:
          throw new Error(`unknown agenda entry kind ${kind}`);
      }
      if (this.stepListeners.length !== 0) this.notifyStep(this.steppedNode);
      return true;
    }
  }

  private deliver(slot: NodeSlot, envelope: Envelope, sequence: number): void {
    if (!slot.up || sequence < slot.crashSequence) {
      this.drop(envelope, 'node-down', slot);
      this.refuseConnection(envelope);
      return;
    }
    const network = this.network;
    if (network.hasCutLinks && network.isLinkCut(envelope.from, envelope.to)) {
      this.drop(envelope, 'partition', slot);
      return;
    }
    this.deliveredCount++;
    if (this.traceMessages && this.observing) {
      this.emit({
        type: 'message.delivered',
        at: this.clock,
        node: envelope.to,
        from: envelope.from,
        to: envelope.to,
        messageType: envelope.message.type,
      });
    }
    this.runNode(slot, { kind: 'deliver', envelope });
  }

  private wake(slot: NodeSlot): void {
    slot.wakeSequence = -1;
    slot.wakeAt = Number.NaN;
    if (slot.wakeInstant === this.clock) {
      if (++slot.wakesAtInstant > MAX_WAKES_AT_ONE_INSTANT) {
        throw new SimulationLimitError(
          `${slot.id} was woken ${MAX_WAKES_AT_ONE_INSTANT} times at the same instant: ` +
            'its wakeAt never moves past now (a timer that is re-armed without advancing?)',
          this.seed,
          this.clock,
        );
      }
    } else {
      slot.wakeInstant = this.clock;
      slot.wakesAtInstant = 1;
    }
    this.runNode(slot, WAKE_INPUT);
  }

  private runNode(slot: NodeSlot, input: NodeInput<unknown>): void {
    this.currentNode = slot;
    this.currentInput = input;
    this.steppedNode = slot.id;
    const context = slot.context;
    context.now = this.clock;
    let result: Step<unknown>;
    try {
      result = slot.machine.step(slot.state, input, context as StepContext);
    } catch (error) {
      throw this.error(`${slot.id} threw while handling ${describeInput(input)}: ${messageOf(error)}`, error);
    }
    slot.state = result.state;

    if (this.observing) {
      const events = result.events;
      for (let index = 0; index < events.length; index++) this.emitNodeEvent(slot, events[index] as TraceEvent);
    }
    const messages = result.messages;
    for (let index = 0; index < messages.length; index++) this.send(slot, messages[index] as Envelope);
    this.armWake(slot, result.wakeAt);
  }

  /**
   * A message reached a host whose process is down: the connection is refused, and the sender
   * learns it one network delay later (as a client sees ECONNREFUSED instead of waiting for a
   * request timeout). A sender that is itself down, or cut off, hears nothing.
   */
  private refuseConnection(envelope: Envelope): void {
    const sender = this.slotsById.get(envelope.from);
    if (sender === undefined || !sender.up || this.network.isLinkCut(envelope.to, envelope.from)) return;
    this.enqueue(this.clock + this.network.options.minDelayMs, (sender.index << KIND_BITS) | KIND_DISCONNECT, envelope.to);
  }

  private send(sender: NodeSlot, envelope: Envelope): void {
    if (envelope.from !== sender.id) {
      throw this.error(`${sender.id} sent a message claiming to be from ${String(envelope.from)}`);
    }
    this.sentCount++;
    const target = this.slotsById.get(envelope.to);
    if (target === undefined) {
      this.drop(envelope, 'no-such-node', sender);
      return;
    }
    const network = this.network;
    const delay = network.route(envelope.from, envelope.to);
    if (delay < 0) {
      this.drop(envelope, delay === ROUTE_DROPPED_LOSS ? 'loss' : 'partition', sender);
      return;
    }
    const tag = (target.index << KIND_BITS) | KIND_DELIVER;
    this.enqueue(this.clock + delay, tag, envelope);
    if (this.traceMessages && this.observing) this.emitSent(envelope, this.clock + delay);
    const duplicateDelay = network.duplicateDelay();
    if (duplicateDelay >= 0) {
      this.duplicatedCount++;
      this.enqueue(this.clock + duplicateDelay, tag, envelope);
      if (this.observing) {
        this.emit({
          type: 'message.duplicated',
          at: this.clock,
          node: envelope.from,
          from: envelope.from,
          to: envelope.to,
          messageType: envelope.message.type,
        });
      }
    }
  }

  /** Newest wins: each step's wakeAt replaces the node's timer (undefined cancels it). */
  private armWake(slot: NodeSlot, wakeAt: number | undefined): void {
    if (wakeAt === undefined) {
      slot.wakeSequence = -1;
      slot.wakeAt = Number.NaN;
      return;
    }
    if (Number.isNaN(wakeAt) || wakeAt === Infinity || wakeAt === -Infinity) {
      throw this.error(`${slot.id} returned wakeAt=${wakeAt}; use undefined for "no timer"`);
    }
    const at = wakeAt < this.clock ? this.clock : wakeAt;
    if (slot.wakeSequence !== -1 && slot.wakeAt === at) return; // the live timer already says so
    slot.wakeAt = at;
    slot.wakeSequence = this.enqueue(at, (slot.index << KIND_BITS) | KIND_WAKE, undefined);
  }

  private enqueue(atMs: number, tag: number, item: AgendaItem): number {
    if (this.queue.size >= this.maxPendingEvents) {
      throw new SimulationLimitError(
        `more than maxPendingEvents=${this.maxPendingEvents} events scheduled at once: ` +
          'do messages multiply faster than they are delivered?',
        this.seed,
        this.clock,
      );
    }
    return this.queue.push(atMs, tag, item);
  }

  private runAction(entry: ScriptEntry): void {
    if (this.observing) this.emit({ type: 'scenario.action', at: this.clock, node: SIM_NODE, label: entry.label });
    try {
      entry.action(this);
    } catch (error) {
      if (error instanceof SimulationError) throw error;
      throw this.error(`scheduled action "${entry.label}" threw: ${messageOf(error)}`, error);
    }
  }

  private notifyStep(node: NodeId | undefined): void {
    const listeners = this.stepListeners;
    for (let index = 0; index < listeners.length; index++) {
      try {
        (listeners[index] as StepListener)(this, node);
      } catch (error) {
        if (error instanceof SimulationError) throw error;
        throw this.error(`${messageOf(error)} [after ${this.describeCurrentStep()}]`, error);
      }
    }
  }

  // --- trace -----------------------------------------------------------------------------------

  private emitNodeEvent(slot: NodeSlot, event: TraceEvent): void {
    if (event.at !== this.clock || event.node !== slot.id) {
      throw this.error(
        `${slot.id} emitted ${event.type} stamped at=${event.at} node=${event.node}; ` +
          `events must carry the step's time and node (use Outbox.emit)`,
      );
    }
    this.emit(event);
  }

  private emitSent(envelope: Envelope, deliverAt: number): void {
    this.emit({
      type: 'message.sent',
      at: this.clock,
      node: envelope.from,
      from: envelope.from,
      to: envelope.to,
      messageType: envelope.message.type,
      deliverAt,
    });
  }

  private drop(envelope: Envelope, reason: DropReason, concerned: NodeSlot): void {
    this.droppedCount++;
    if (!this.observing) return;
    this.emit({
      type: 'message.dropped',
      at: this.clock,
      node: reason === 'no-such-node' ? concerned.id : envelope.to,
      from: envelope.from,
      to: envelope.to,
      messageType: envelope.message.type,
      reason,
    });
  }

  /** Records an event (ring buffer of maxTraceEvents) and tells the event listeners. */
  private emit(event: SimTraceEvent): void {
    if (this.recordTrace) {
      const buffer = this.traceBuffer;
      if (buffer.length < this.maxTraceEvents) {
        buffer.push(event);
      } else {
        buffer[this.traceStart] = event;
        this.traceStart = this.traceStart + 1 === buffer.length ? 0 : this.traceStart + 1;
        this.evictedCount++;
      }
    }
    const listeners = this.eventListeners;
    for (let index = 0; index < listeners.length; index++) {
      try {
        (listeners[index] as EventListener)(event, this);
      } catch (error) {
        if (error instanceof SimulationError) throw error;
        throw this.error(`${messageOf(error)} [on ${event.type} from ${event.node}]`, error);
      }
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  private holds(condition: (sim: Simulation) => boolean): boolean {
    try {
      return condition(this);
    } catch (error) {
      if (error instanceof SimulationError) throw error;
      throw this.error(`condition threw: ${messageOf(error)}`, error);
    }
  }

  private slotOf(id: NodeId, operation: string): NodeSlot {
    const slot = this.slotsById.get(id);
    if (slot === undefined) {
      const known = this.slots.map((each) => each.id).join(', ') || 'none';
      throw this.error(`${operation}: no node called ${String(id)} (nodes: ${known})`);
    }
    return slot;
  }

  private checkNotStepping(operation: string): void {
    if (this.stepping) {
      throw this.error(`${operation} was called from inside one of the simulation's own steps (an action or a listener)`);
    }
  }

  private checkFuture(atMs: number, operation: string): void {
    if (Number.isNaN(atMs) || atMs < this.clock) {
      throw this.error(`${operation}: time ${atMs}ms is before now (${this.clock}ms)`);
    }
    if (atMs === Infinity) throw this.error(`${operation}: time must be finite`);
  }

  private describeCurrentStep(): string {
    const slot = this.currentNode;
    if (slot === undefined) return 'a scheduled action';
    if (this.currentInput === undefined) return `an event for ${slot.id}`;
    return `${slot.id} handled ${describeInput(this.currentInput)}`;
  }

  private error(detail: string, cause?: unknown): SimulationError {
    return new SimulationError(detail, this.seed, this.clock, cause === undefined ? undefined : { cause });
  }
}

function describeInput(input: NodeInput<unknown>): string {
  switch (input.kind) {
    case 'deliver':
      return `deliver ${input.envelope.message.type} from ${input.envelope.from}`;
    case 'command': {
      const command = input.command;
      const type =
        typeof command === 'object' && command !== null && 'type' in command ? String(command.type) : typeof command;
      return `command ${type}`;
    }
    default:
      return input.kind;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function remove<T>(items: T[], item: T): void {
  const index = items.indexOf(item);
  if (index >= 0) items.splice(index, 1);
}

function positiveInteger(name: string, value: number, seed: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new SimulationError(`${name} must be a positive integer, got ${value}`, seed, 0);
  }
  return value;
}
