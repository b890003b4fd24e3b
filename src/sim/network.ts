/**
 * The simulated network: every message takes a random delay, may be lost or duplicated, and may be
 * stopped by a cut link. All faults are one plain options record (TigerBeetle's packet simulator
 * has the same shape) plus explicit link control for scripted scenarios.
 *
 * Delays are whole milliseconds drawn uniformly from [minDelayMs, maxDelayMs]. The jitter is what
 * reorders: two messages on the same link can overtake each other (Kafka's TCP connections do not
 * reorder, but requests on different connections, and the clients' retries, do; the model must not
 * rely on per-link order, so the simulator does not give it).
 *
 * Cut links are checked twice, when a message is sent and again when it would arrive:
 * - at send time, because that is where a real partition bites (nothing gets through);
 * - at arrival time, because a message in flight when the link is cut is lost with it: the TCP
 *   connection it travelled on breaks. Checking at arrival also makes "no message crosses a cut
 *   link while the cut stands" an exact promise that invariants and property tests can rely on.
 * A message sent before a cut and arriving after the heal is delivered (it was only slow).
 * Links between a node and itself are never cut.
 */
import type { NodeId } from '../kafka/ids.js';
import type { SeededRandom } from './random.js';
import { SIM_NODE, type SimEvent } from './sim-events.js';

export interface NetworkOptions {
  /** The shortest one-way delay, in whole milliseconds. */
  readonly minDelayMs: number;
  /** The longest one-way delay; each message's delay is uniform in [minDelayMs, maxDelayMs]. */
  readonly maxDelayMs: number;
  /** Probability that a message is lost, in [0, 1]. */
  readonly dropProbability: number;
  /** Probability that a message is delivered twice (the copy takes its own delay). Default 0. */
  readonly duplicateProbability?: number;
}

export type ResolvedNetworkOptions = Required<NetworkOptions>;

export const defaultNetworkOptions: ResolvedNetworkOptions = {
  minDelayMs: 1,
  maxDelayMs: 10,
  dropProbability: 0,
  duplicateProbability: 0,
};

/** Fills in defaults and rejects nonsense (negative or fractional delays, probabilities outside [0, 1]). */
export function resolveNetworkOptions(
  options: Partial<NetworkOptions> | undefined,
  base: ResolvedNetworkOptions = defaultNetworkOptions,
): ResolvedNetworkOptions {
  const resolved: ResolvedNetworkOptions = {
    minDelayMs: options?.minDelayMs ?? base.minDelayMs,
    maxDelayMs: options?.maxDelayMs ?? base.maxDelayMs,
    dropProbability: options?.dropProbability ?? base.dropProbability,
    duplicateProbability: options?.duplicateProbability ?? base.duplicateProbability,
  };
  const { minDelayMs, maxDelayMs } = resolved;
  if (!Number.isSafeInteger(minDelayMs) || minDelayMs < 0) {
    throw new RangeError(`minDelayMs must be a whole number of milliseconds >= 0, got ${minDelayMs}`);
  }
  if (!Number.isSafeInteger(maxDelayMs) || maxDelayMs < minDelayMs) {
    throw new RangeError(`maxDelayMs must be a whole number >= minDelayMs (${minDelayMs}), got ${maxDelayMs}`);
  }
  for (const name of ['dropProbability', 'duplicateProbability'] as const) {
    const probability = resolved[name];
    if (!(probability >= 0 && probability <= 1)) {
      throw new RangeError(`${name} must be in [0, 1], got ${probability}`);
    }
  }
  return resolved;
}

/** What the network needs from its owner: the clock, and where its own trace events go. */
export interface NetworkHost {
  readonly now: number;
  emitSimEvent(event: SimEvent): void;
}

/** route() results below zero: the message is dropped, and why. */
export const ROUTE_DROPPED_PARTITION = -1;
export const ROUTE_DROPPED_LOSS = -2;

export class Network {
  private resolved: ResolvedNetworkOptions;
  /** from -> the destinations it cannot reach. */
  private readonly blocked = new Map<NodeId, Set<NodeId>>();
  private readonly isolated = new Set<NodeId>();
  /** Number of cut links plus isolated nodes: zero means "no link checks needed" (the fast path). */
  private cutCount = 0;

  constructor(
    options: Partial<NetworkOptions> | undefined,
    private readonly random: SeededRandom,
    private readonly host: NetworkHost,
  ) {
    this.resolved = resolveNetworkOptions(options);
  }

  get options(): ResolvedNetworkOptions {
    return this.resolved;
  }

  /** Changes delays and loss mid-run (e.g. a liveness phase that turns faults off). Link cuts stay. */
  configure(options: Partial<NetworkOptions>): void {
    this.resolved = resolveNetworkOptions(options, this.resolved);
  }

  /** True when some link is cut or some node isolated. */
  get hasCutLinks(): boolean {
    return this.cutCount !== 0;
  }

  /** Cuts every link between the two groups, both ways. Other links are untouched. */
  partition(groupA: readonly NodeId[], groupB: readonly NodeId[]): void {
    for (const node of groupA) {
      if (groupB.includes(node)) throw new RangeError(`partition: ${node} is in both groups`);
    }
    for (const a of groupA) {
      for (const b of groupB) {
        this.cut(a, b);
        this.cut(b, a);
      }
    }
    this.host.emitSimEvent({
      type: 'network.partitioned',
      at: this.host.now,
      node: SIM_NODE,
      groups: [[...groupA], [...groupB]],
    });
  }

  /** Cuts every link to and from `node`, including links to nodes added later. */
  isolate(node: NodeId): void {
    if (!this.isolated.has(node)) {
      this.isolated.add(node);
      this.cutCount++;
    }
    this.host.emitSimEvent({ type: 'network.isolated', at: this.host.now, node });
  }

  /** Cuts one direction only: `from` can no longer reach `to`, but `to` still reaches `from`. */
  block(from: NodeId, to: NodeId): void {
    this.cut(from, to);
    this.host.emitSimEvent({ type: 'network.link-blocked', at: this.host.now, node: SIM_NODE, from, to });
  }

  /** Restores every link. Messages still in flight on them will arrive. */
  heal(): void {
    this.blocked.clear();
    this.isolated.clear();
    this.cutCount = 0;
    this.host.emitSimEvent({ type: 'network.healed', at: this.host.now, node: SIM_NODE });
  }

  /** Is the one-way link from -> to cut right now? */
  isLinkCut(from: NodeId, to: NodeId): boolean {
    if (this.cutCount === 0 || from === to) return false;
    if (this.isolated.size !== 0 && (this.isolated.has(from) || this.isolated.has(to))) return true;
    const destinations = this.blocked.get(from);
    return destinations !== undefined && destinations.has(to);
  }

  /**
   * Decides the fate of a message sent now: its delay in ms (>= 0), or ROUTE_DROPPED_PARTITION /
   * ROUTE_DROPPED_LOSS. Draws from the network's own random stream: first loss, then delay.
   */
  route(from: NodeId, to: NodeId): number {
    if (this.cutCount !== 0 && this.isLinkCut(from, to)) return ROUTE_DROPPED_PARTITION;
    const options = this.resolved;
    if (options.dropProbability !== 0 && this.random.chance(options.dropProbability)) return ROUTE_DROPPED_LOSS;
    return this.sampleDelay();
  }

  /** The delay of a duplicate copy, or -1 when the message is not duplicated. */
  duplicateDelay(): number {
    const probability = this.resolved.duplicateProbability;
    if (probability === 0 || !this.random.chance(probability)) return -1;
    return this.sampleDelay();
  }

  private sampleDelay(): number {
    const { minDelayMs, maxDelayMs } = this.resolved;
    return minDelayMs === maxDelayMs ? minDelayMs : minDelayMs + this.random.nextInt(maxDelayMs - minDelayMs + 1);
  }

  private cut(from: NodeId, to: NodeId): void {
    if (from === to) return;
    let destinations = this.blocked.get(from);
    if (destinations === undefined) {
      destinations = new Set();
      this.blocked.set(from, destinations);
    }
    if (!destinations.has(to)) {
      destinations.add(to);
      this.cutCount++;
    }
  }
}
