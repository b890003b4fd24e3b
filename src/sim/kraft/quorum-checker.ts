/**
 * Watches a KraftCluster and records the first broken promise of the metadata quorum (semantics
 * 11, invariants 11-14; the checks of Kafka's RaftEventSimulationTest: SingleLeader,
 * MonotonicHighWatermark, MonotonicEpoch, and committed records never lost):
 *
 * - singleLeaderPerEpoch: at most one node is elected leader in any epoch.
 * - epochMonotonic: no node's epoch ever goes down, across crashes too.
 * - committedNeverLost: every record a node counts as committed (below its HW) is the record the
 *   quorum committed at that offset, and a leader holds every committed record (leader completeness).
 * - logMatching: two logs with an entry of the same (offset, epoch) hold the same record there.
 */
import type { MetadataEntry } from '../../kafka/kraft/metadata-records.js';
import type { KraftNodeState } from '../../kafka/kraft/kraft-node-state.js';
import type { TraceEvent } from '../../kafka/trace.js';
import type { KraftCluster } from './kraft-cluster.js';

export interface QuorumViolation {
  readonly invariant: 'singleLeaderPerEpoch' | 'epochMonotonic' | 'committedNeverLost' | 'logMatching';
  readonly at: number;
  readonly detail: string;
}

function sameEntry(a: MetadataEntry, b: MetadataEntry): boolean {
  return a === b || (a.offset === b.offset && a.epoch === b.epoch && JSON.stringify(a.record) === JSON.stringify(b.record));
}

export class QuorumChecker {
  violation: QuorumViolation | undefined;
  /** The committed prefix of the metadata log, as the quorum has committed it so far. */
  readonly committed: MetadataEntry[] = [];
  /** The epoch in which each committed offset was first seen committed (the committing leader's epoch). */
  private readonly commitEpochs: number[] = [];
  /** Each epoch's leader. */
  readonly leaders = new Map<number, number>();
  /** Elections seen (quorum.elected events). */
  elections = 0;
  private readonly highestEpoch = new Map<number, number>();
  private readonly lastLog = new Map<number, readonly MetadataEntry[]>();
  private readonly lastHighWatermark = new Map<number, number>();
  /** (offset, epoch) → the first entry seen with that position, for log matching. */
  private readonly byPosition = new Map<string, MetadataEntry>();

  constructor(private readonly cluster: KraftCluster) {
    cluster.sim.onEvent((event) => this.onEvent(event as unknown as TraceEvent));
    cluster.sim.onStep((sim, node) => {
      if (node === undefined || this.violation !== undefined) return;
      const info = cluster.nodes.find((candidate) => candidate.node === node);
      if (info === undefined) return;
      const state = sim.stateOf<KraftNodeState>(node);
      if (state !== undefined) this.checkNode(info.id, state);
    });
  }

  private fail(invariant: QuorumViolation['invariant'], detail: string): void {
    if (this.violation === undefined) this.violation = { invariant, at: this.cluster.sim.now, detail };
  }

  private onEvent(event: TraceEvent): void {
    if (event.type !== 'quorum.elected') return;
    this.elections += 1;
    const info = this.cluster.nodes.find((node) => node.node === event.node);
    if (info === undefined) return;
    const existing = this.leaders.get(event.epoch);
    if (existing !== undefined && existing !== info.id) {
      this.fail('singleLeaderPerEpoch', `nodes ${existing} and ${info.id} were both elected leader of epoch ${event.epoch}`);
    }
    this.leaders.set(event.epoch, info.id);
  }

  private checkNode(id: number, state: KraftNodeState): void {
    const epoch = state.role.epoch;
    const highest = this.highestEpoch.get(id) ?? 0;
    if (epoch < highest) this.fail('epochMonotonic', `node ${id}'s epoch fell from ${highest} to ${epoch}`);
    this.highestEpoch.set(id, Math.max(highest, epoch));

    const log = state.log;
    const hw = state.highWatermark;
    if (this.lastLog.get(id) === log && this.lastHighWatermark.get(id) === hw && state.role.kind !== 'leader') return;
    const previousLog = this.lastLog.get(id);
    this.lastLog.set(id, log);
    this.lastHighWatermark.set(id, hw);

    // Log matching, for entries this node has not shown before (a shared prefix is the same objects).
    let from = 0;
    if (previousLog !== undefined) {
      const limit = Math.min(previousLog.length, log.length);
      while (from < limit && previousLog[from] === log[from]) from++;
    }
    for (let offset = from; offset < log.length; offset++) {
      const entry = log[offset] as MetadataEntry;
      const key = `${entry.offset}:${entry.epoch}`;
      const seen = this.byPosition.get(key);
      if (seen === undefined) this.byPosition.set(key, entry);
      else if (!sameEntry(seen, entry)) {
        this.fail('logMatching', `node ${id} holds a different record at offset ${entry.offset} in epoch ${entry.epoch}`);
        return;
      }
    }

    // Whatever this node counts as committed must be what the quorum committed.
    const shared = Math.min(hw, this.committed.length);
    for (let offset = 0; offset < shared; offset++) {
      if (!sameEntry(this.committed[offset] as MetadataEntry, log[offset] as MetadataEntry)) {
        this.fail('committedNeverLost', `node ${id} counts offset ${offset} as committed with a different record than the quorum committed`);
        return;
      }
    }
    for (let offset = this.committed.length; offset < hw; offset++) {
      this.committed.push(log[offset] as MetadataEntry);
      this.commitEpochs.push(epoch);
    }

    // Leader completeness: a leader holds every record committed in its epoch or before. (A stale
    // leader of an older epoch, cut off and not yet told, may lack records committed after it.)
    if (state.role.kind === 'leader') {
      for (let offset = hw; offset < this.committed.length; offset++) {
        if ((this.commitEpochs[offset] as number) > epoch) continue;
        const entry = log[offset];
        if (entry === undefined || !sameEntry(this.committed[offset] as MetadataEntry, entry)) {
          this.fail('committedNeverLost', `leader ${id} of epoch ${epoch} holds a different record at committed offset ${offset}`);
          return;
        }
      }
    }
  }

  /**
   * After the run, once healed: every live voter catches up (within `limitMs`, since a record may
   * have been committed an instant ago) and then holds the committed prefix at the same offsets.
   */
  checkEveryVoterHoldsCommitted(limitMs = 5_000): void {
    const caughtUp = (): boolean =>
      this.cluster.voters.every((voter) => (this.cluster.state(voter.id)?.log.length ?? Infinity) >= this.committed.length);
    this.cluster.sim.runUntilCondition(caughtUp, limitMs);
    for (const voter of this.cluster.voters) {
      const state = this.cluster.state(voter.id);
      if (state === undefined) continue;
      const log = state.log;
      for (let offset = 0; offset < this.committed.length; offset++) {
        const entry = log[offset];
        if (entry === undefined || !sameEntry(this.committed[offset] as MetadataEntry, entry)) {
          this.fail('committedNeverLost', `voter ${voter.id} lacks committed offset ${offset} after the network healed`);
          return;
        }
      }
    }
  }
}
