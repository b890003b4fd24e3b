/**
 * KIP-848 member reconciliation (kafka-semantics.md 8.7; invariant 21): hand-worked steps, then a
 * small group simulated heartbeat by heartbeat under fast-check, checking that no partition ever
 * has two owners, that no member epoch passes the target epoch, and that the group reaches the
 * target once every member keeps reconciling.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KafkaInputError } from '../../../src/kafka/errors.js';
import { reconcileMember } from '../../../src/kafka/group/reconcile-member.js';
import type { TopicPartition } from '../../../src/kafka/ids.js';
import { topicPartitionKey } from '../../../src/kafka/ids.js';

const RUNS = { numRuns: 1000 };
const tp = (topic: string, partition: number): TopicPartition => ({ topic, partition });
const t = (partition: number): TopicPartition => tp('t', partition);
const nobody = (): boolean => false;
const ownedBy =
  (...held: TopicPartition[]) =>
  (x: TopicPartition): boolean =>
    held.some((h) => h.topic === x.topic && h.partition === x.partition);

describe('reconcileMember: worked examples', () => {
  it('a joining member gets only the free partitions and waits in UNRELEASED_PARTITIONS for the rest', () => {
    const step1 = reconcileMember({
      memberEpoch: 0,
      targetEpoch: 5,
      owned: [],
      target: [t(2), t(0), t(1)],
      ownedByOthers: ownedBy(t(1)),
    });
    expect(step1).toEqual({
      state: 'UNRELEASED_PARTITIONS',
      memberEpoch: 5,
      assigned: [t(0), t(2)],
      revoking: [],
      pendingRelease: [t(1)],
    });
    // The other owner has released t-1: the member now owns its whole target.
    const step2 = reconcileMember({
      memberEpoch: step1.memberEpoch,
      targetEpoch: 5,
      owned: step1.assigned,
      target: [t(0), t(1), t(2)],
      ownedByOthers: nobody,
    });
    expect(step2).toEqual({
      state: 'STABLE',
      memberEpoch: 5,
      assigned: [t(0), t(1), t(2)],
      revoking: [],
      pendingRelease: [],
    });
  });

  it('a member that must revoke stays at its epoch and gets nothing new until it reports the revocation', () => {
    const step1 = reconcileMember({
      memberEpoch: 4,
      targetEpoch: 5,
      owned: [t(0), t(1)],
      target: [t(1), t(2)],
      ownedByOthers: nobody,
    });
    expect(step1).toEqual({
      state: 'UNREVOKED_PARTITIONS',
      memberEpoch: 4,
      assigned: [t(1)],
      revoking: [t(0)],
      pendingRelease: [],
    });
    // Still reporting t-0 owned: no progress.
    expect(
      reconcileMember({ memberEpoch: 4, targetEpoch: 5, owned: [t(0), t(1)], target: [t(1), t(2)], ownedByOthers: nobody }),
    ).toEqual(step1);
    // Reports t-0 gone: moves to epoch 5 and receives the free t-2.
    expect(
      reconcileMember({ memberEpoch: 4, targetEpoch: 5, owned: [t(1)], target: [t(1), t(2)], ownedByOthers: nobody }),
    ).toEqual({ state: 'STABLE', memberEpoch: 5, assigned: [t(1), t(2)], revoking: [], pendingRelease: [] });
  });

  it('while revoking, partitions owned by others are reported pending and free ones are deferred', () => {
    expect(
      reconcileMember({
        memberEpoch: 2,
        targetEpoch: 3,
        owned: [tp('b', 0), tp('a', 1)],
        target: [tp('a', 1), tp('a', 0), tp('b', 3)],
        ownedByOthers: ownedBy(tp('b', 3)),
      }),
    ).toEqual({
      state: 'UNREVOKED_PARTITIONS',
      memberEpoch: 2,
      assigned: [tp('a', 1)],
      revoking: [tp('b', 0)],
      pendingRelease: [tp('b', 3)],
    });
  });

  it('is STABLE when owned = target, and catches up to the target epoch when only the epoch moved', () => {
    const same = { owned: [t(0), t(3)], target: [t(3), t(0)], ownedByOthers: nobody };
    const stable = { state: 'STABLE', memberEpoch: 7, assigned: [t(0), t(3)], revoking: [], pendingRelease: [] };
    expect(reconcileMember({ memberEpoch: 7, targetEpoch: 7, ...same })).toEqual(stable);
    expect(reconcileMember({ memberEpoch: 6, targetEpoch: 7, ...same })).toEqual(stable);
    expect(reconcileMember({ memberEpoch: 0, targetEpoch: 0, owned: [], target: [], ownedByOthers: nobody })).toEqual({
      state: 'STABLE',
      memberEpoch: 0,
      assigned: [],
      revoking: [],
      pendingRelease: [],
    });
  });

  it('hands a partition from A to B only after A reports it revoked', () => {
    // Epoch 1: A owns t-0 and t-1. Target at epoch 2: A → t-0, B (joining) → t-1.
    const aTarget = [t(0)];
    const bTarget = [t(1)];
    let aHeld = [t(0), t(1)];
    const b1 = reconcileMember({ memberEpoch: 0, targetEpoch: 2, owned: [], target: bTarget, ownedByOthers: ownedBy(...aHeld) });
    expect(b1).toMatchObject({ state: 'UNRELEASED_PARTITIONS', memberEpoch: 2, assigned: [], pendingRelease: [t(1)] });
    const a1 = reconcileMember({ memberEpoch: 1, targetEpoch: 2, owned: aHeld, target: aTarget, ownedByOthers: nobody });
    expect(a1).toMatchObject({ state: 'UNREVOKED_PARTITIONS', memberEpoch: 1, assigned: [t(0)], revoking: [t(1)] });
    aHeld = [...a1.assigned, ...a1.revoking]; // the coordinator still counts t-1 as A's
    const b2 = reconcileMember({ memberEpoch: 2, targetEpoch: 2, owned: [], target: bTarget, ownedByOthers: ownedBy(...aHeld) });
    expect(b2).toMatchObject({ state: 'UNRELEASED_PARTITIONS', assigned: [] });
    const a2 = reconcileMember({ memberEpoch: 1, targetEpoch: 2, owned: a1.assigned, target: aTarget, ownedByOthers: nobody });
    expect(a2).toMatchObject({ state: 'STABLE', memberEpoch: 2, assigned: [t(0)], revoking: [] });
    aHeld = a2.assigned;
    const b3 = reconcileMember({ memberEpoch: 2, targetEpoch: 2, owned: [], target: bTarget, ownedByOthers: ownedBy(...aHeld) });
    expect(b3).toMatchObject({ state: 'STABLE', memberEpoch: 2, assigned: [t(1)], pendingRelease: [] });
  });

  it('rejects a member epoch above the target epoch, negative epochs, duplicates and bad partitions', () => {
    const base = { owned: [], target: [], ownedByOthers: nobody };
    expect(() => reconcileMember({ memberEpoch: 3, targetEpoch: 2, ...base })).toThrow(KafkaInputError);
    expect(() => reconcileMember({ memberEpoch: -1, targetEpoch: 2, ...base })).toThrow(KafkaInputError);
    expect(() => reconcileMember({ memberEpoch: 1, targetEpoch: 1.5, ...base })).toThrow(KafkaInputError);
    expect(() => reconcileMember({ memberEpoch: 1, targetEpoch: 2, ...base, owned: [t(0), t(0)] })).toThrow(KafkaInputError);
    expect(() => reconcileMember({ memberEpoch: 1, targetEpoch: 2, ...base, target: [t(1), t(1)] })).toThrow(KafkaInputError);
    expect(() => reconcileMember({ memberEpoch: 1, targetEpoch: 2, ...base, target: [t(-1)] })).toThrow(KafkaInputError);
  });

  it('leaves its inputs untouched', () => {
    const owned = [t(3), t(1)];
    const target = [t(2), t(1)];
    const before = JSON.stringify({ owned, target });
    const result = reconcileMember({ memberEpoch: 1, targetEpoch: 2, owned, target, ownedByOthers: nobody });
    result.assigned.push(t(9));
    expect(JSON.stringify({ owned, target })).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------
// A small group simulated step by step.

const TOPICS = ['a', 'b'] as const;
const PARTITIONS_PER_TOPIC = 3;
const ALL: TopicPartition[] = TOPICS.flatMap((topic) =>
  Array.from({ length: PARTITIONS_PER_TOPIC }, (_, partition) => tp(topic, partition)),
);

interface SimMember {
  epoch: number;
  /** What the coordinator has assigned (the member consumes these). */
  assigned: TopicPartition[];
  /** Told to revoke on its last step; still its own until its next heartbeat reports them gone. */
  revoking: TopicPartition[];
}

/** Owner index per partition of ALL, -1 for none. */
type Layout = number[];

interface Scenario {
  readonly memberCount: number;
  /** Ownership at epoch 1 (members owning nothing may start at epoch 0, as if just joined). */
  readonly initial: Layout;
  readonly joinedAtZero: boolean[];
  /** Successive target assignments at epochs 2, 3, ... */
  readonly targets: Layout[];
  /** Heartbeats (a member index) and target bumps, in order. */
  readonly actions: ({ kind: 'step'; member: number } | { kind: 'bump' })[];
}

const MAX_MEMBERS = 4;
const layoutArb = (members: number): fc.Arbitrary<Layout> =>
  fc.array(fc.integer({ min: -1, max: members - 1 }), { minLength: ALL.length, maxLength: ALL.length });

const scenarioArb: fc.Arbitrary<Scenario> = fc.integer({ min: 1, max: MAX_MEMBERS }).chain((memberCount) =>
  fc.record({
    memberCount: fc.constant(memberCount),
    initial: layoutArb(memberCount),
    joinedAtZero: fc.array(fc.boolean(), { minLength: memberCount, maxLength: memberCount }),
    targets: fc.array(layoutArb(memberCount), { minLength: 1, maxLength: 4 }),
    actions: fc.array(
      fc.oneof(
        { weight: 8, arbitrary: fc.record({ kind: fc.constant('step' as const), member: fc.integer({ min: 0, max: memberCount - 1 }) }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('bump' as const) }) },
      ),
      { maxLength: 40 },
    ),
  }),
);

const partitionsOf = (layout: Layout, member: number): TopicPartition[] => ALL.filter((_, i) => layout[i] === member);
const keys = (list: readonly TopicPartition[]): string[] => list.map(topicPartitionKey).sort();

class Simulation {
  readonly members: SimMember[];
  targetEpoch = 1;
  target: Layout;
  private nextTarget = 0;

  constructor(private readonly scenario: Scenario) {
    this.target = scenario.initial;
    this.members = Array.from({ length: scenario.memberCount }, (_, m) => {
      const owned = partitionsOf(scenario.initial, m);
      return { epoch: owned.length === 0 && scenario.joinedAtZero[m] ? 0 : 1, assigned: owned, revoking: [] };
    });
    this.checkInvariants();
  }

  /** The coordinator's view: what member m owns (assigned plus not-yet-acknowledged revocations). */
  held(m: number): TopicPartition[] {
    const member = this.members[m]!;
    return [...member.assigned, ...member.revoking];
  }

  /** Moves to the next target assignment (one more epoch); false when none is left. */
  bump(): boolean {
    const next = this.scenario.targets[this.nextTarget];
    if (next === undefined) return false;
    this.nextTarget += 1;
    this.target = next;
    this.targetEpoch += 1;
    this.checkInvariants();
    return true;
  }

  /** One heartbeat of member m: it reports last step's revocations done, then reconciles. */
  step(m: number): ReturnType<typeof reconcileMember> {
    const member = this.members[m]!;
    const previousEpoch = member.epoch;
    const othersHeld = new Set(
      this.members.flatMap((_, other) => (other === m ? [] : this.held(other).map(topicPartitionKey))),
    );
    const target = partitionsOf(this.target, m);
    const result = reconcileMember({
      memberEpoch: member.epoch,
      targetEpoch: this.targetEpoch,
      owned: member.assigned,
      target,
      ownedByOthers: (x) => othersHeld.has(topicPartitionKey(x)),
    });
    member.epoch = result.memberEpoch;
    member.assigned = result.assigned;
    member.revoking = result.revoking;
    // Epochs only move forward, and never past the target epoch.
    expect(result.memberEpoch).toBeGreaterThanOrEqual(previousEpoch);
    expect(result.memberEpoch).toBeLessThanOrEqual(this.targetEpoch);
    // A member with something to revoke stays at its epoch; otherwise it is at the target epoch.
    expect(result.memberEpoch).toBe(result.state === 'UNREVOKED_PARTITIONS' ? previousEpoch : this.targetEpoch);
    // Everything assigned is in the target; revoking and pending are outside / inside it as named.
    const targetKeys = new Set(keys(target));
    for (const x of result.assigned) expect(targetKeys.has(topicPartitionKey(x))).toBe(true);
    for (const x of result.revoking) expect(targetKeys.has(topicPartitionKey(x))).toBe(false);
    for (const x of result.pendingRelease) expect(othersHeld.has(topicPartitionKey(x))).toBe(true);
    this.checkInvariants();
    return result;
  }

  /** Invariant 21: no partition has two owners in the coordinator's view. */
  checkInvariants(): void {
    const owner = new Map<string, number>();
    this.members.forEach((_, m) => {
      for (const key of this.held(m).map(topicPartitionKey)) {
        expect(owner.has(key), `${key} owned by members ${String(owner.get(key))} and ${String(m)}`).toBe(false);
        owner.set(key, m);
      }
    });
  }

  converged(): boolean {
    return this.members.every(
      (member, m) =>
        member.epoch === this.targetEpoch &&
        member.revoking.length === 0 &&
        JSON.stringify(keys(member.assigned)) === JSON.stringify(keys(partitionsOf(this.target, m))),
    );
  }
}

describe('reconcileMember: a group simulated heartbeat by heartbeat (invariant 21)', () => {
  it('never two owners, member epoch ≤ target epoch, and converges to the target', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), (scenario, seed) => {
        const sim = new Simulation(scenario);
        sim.bump(); // a target at epoch 2 is always in play
        for (const action of scenario.actions) {
          if (action.kind === 'bump') sim.bump();
          else sim.step(action.member);
        }
        // Keep reconciling: every member heartbeats each round (rotating start), until stable.
        const n = scenario.memberCount;
        let rounds = 0;
        while (!sim.converged()) {
          expect(rounds, 'did not converge').toBeLessThan(4);
          for (let i = 0; i < n; i++) sim.step((seed + rounds + i) % n);
          rounds += 1;
        }
        // Converged: every targeted partition is owned by its target member, nothing else is owned.
        ALL.forEach((x, i) => {
          const owners = sim.members.flatMap((_, m) => (keys(sim.held(m)).includes(topicPartitionKey(x)) ? [m] : []));
          expect(owners).toEqual(sim.target[i] === -1 ? [] : [sim.target[i]]);
        });
        for (let m = 0; m < n; m++) expect(sim.step(m).state).toBe('STABLE');
      }),
      RUNS,
    );
  });

  it('with revocations reported on the next heartbeat, a member reaches STABLE only once its target is free', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const sim = new Simulation(scenario);
        sim.bump();
        for (const action of scenario.actions) {
          if (action.kind === 'bump') {
            sim.bump();
            continue;
          }
          const result = sim.step(action.member);
          if (result.state === 'STABLE') {
            expect(keys(result.assigned)).toEqual(keys(partitionsOf(sim.target, action.member)));
          }
          if (result.state === 'UNREVOKED_PARTITIONS') expect(result.revoking.length).toBeGreaterThan(0);
          if (result.state === 'UNRELEASED_PARTITIONS') expect(result.pendingRelease.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });
});
