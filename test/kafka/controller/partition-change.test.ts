/**
 * Partition change records (kafka-semantics 6.6 vectors #1-#8, 5.9, 5.10; invariants 11.7-11.8).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultTopicConfig, type TopicConfig } from '../../../src/kafka/config.js';
import { KafkaInputError } from '../../../src/kafka/errors.js';
import { electLeader, type ElectLeader } from '../../../src/kafka/controller/leader-election.js';
import {
  computePartitionChange,
  type PartitionChange,
  type PartitionChangeEvent,
} from '../../../src/kafka/controller/partition-change.js';
import { NO_LEADER, type BrokerId } from '../../../src/kafka/ids.js';
import type { PartitionState } from '../../../src/kafka/protocol/messages.js';

function partitionState(replicas: BrokerId[], isr: BrokerId[], leader: BrokerId, leaderEpoch: number): PartitionState {
  return { topic: 'orders', partition: 0, replicas, isr, leader, leaderEpoch, partitionEpoch: 10, leaderRecoveryState: 'RECOVERED' };
}

const uncleanConfig: TopicConfig = { ...defaultTopicConfig, uncleanLeaderElectionEnable: true };

function change(
  partition: PartitionState,
  event: PartitionChangeEvent,
  active: BrokerId[],
  topicConfig: TopicConfig = defaultTopicConfig,
  elect: ElectLeader = electLeader,
): PartitionChange {
  return computePartitionChange({ partition, topicConfig, activeBrokers: new Set(active), event, electLeader: elect });
}

describe('semantics 6.6 vectors, applied to the partition record', () => {
  it('#1 [1,2,3] ISR [1,2,3] leader 1 (5), fence 1 -> leader 2 (6), ISR [2,3]', () => {
    const result = change(partitionState([1, 2, 3], [1, 2, 3], 1, 5), { kind: 'fence', broker: 1 }, [2, 3]);
    expect(result.partition).toMatchObject({ leader: 2, leaderEpoch: 6, isr: [2, 3], partitionEpoch: 11 });
    expect(result.leaderChange).toEqual({ previousLeader: 1, leader: 2, leaderEpoch: 6, reason: 'leader-fenced' });
    expect(result.isrChange).toMatchObject({ removed: [1], added: [] });
  });

  it('#2 [3,1,2] ISR [1,2] leader 1 (5), fence 1 -> leader 2 (6), ISR [2]: 3 is not in the ISR', () => {
    const result = change(partitionState([3, 1, 2], [1, 2], 1, 5), { kind: 'fence', broker: 1 }, [2, 3]);
    expect(result.partition).toMatchObject({ leader: 2, leaderEpoch: 6, isr: [2] });
  });

  it('#3 [1,2,3] ISR [2,3] leader 2 (5), fence 3 -> leader 2 (5) unchanged, ISR [2]: no leader epoch bump (KAFKA-15021)', () => {
    const result = change(partitionState([1, 2, 3], [2, 3], 2, 5), { kind: 'fence', broker: 3 }, [1, 2]);
    expect(result.partition).toMatchObject({ leader: 2, leaderEpoch: 5, isr: [2], partitionEpoch: 11 });
    expect(result.leaderChange).toBeUndefined();
    expect(result.isrChange).toMatchObject({ removed: [3] });
  });

  it('#4 [1,2,3] ISR [1] leader 1 (5), fence 1 -> no leader (6), ISR [1] kept', () => {
    const result = change(partitionState([1, 2, 3], [1], 1, 5), { kind: 'fence', broker: 1 }, [2, 3]);
    expect(result.partition).toMatchObject({ leader: NO_LEADER, leaderEpoch: 6, isr: [1], partitionEpoch: 11 });
    expect(result.leaderChange).toEqual({ previousLeader: 1, leader: NO_LEADER, leaderEpoch: 6, reason: 'leader-fenced' });
    expect(result.isrChange).toBeUndefined();
  });

  it('#5 after #4, unfence 1 -> leader 1 (7), ISR [1]', () => {
    const afterFence = change(partitionState([1, 2, 3], [1], 1, 5), { kind: 'fence', broker: 1 }, [2, 3]).partition;
    const result = change(afterFence, { kind: 'unfence', broker: 1 }, [1, 2, 3]);
    expect(result.partition).toMatchObject({ leader: 1, leaderEpoch: 7, isr: [1], partitionEpoch: 12 });
    expect(result.leaderChange).toEqual({ previousLeader: NO_LEADER, leader: 1, leaderEpoch: 7, reason: 'broker-unfenced' });
  });

  it('#6 [1,2,3] ISR [1] leader 1 (5), fence 1 with unclean=true and 2 active -> leader 2 (6), RECOVERING, ISR [2]', () => {
    const result = change(partitionState([1, 2, 3], [1], 1, 5), { kind: 'fence', broker: 1 }, [2, 3], uncleanConfig);
    expect(result.partition).toMatchObject({ leader: 2, leaderEpoch: 6, isr: [2], leaderRecoveryState: 'RECOVERING' });
    expect(result.leaderChange?.reason).toBe('unclean');
    expect(result.isrChange).toMatchObject({ removed: [1], added: [2] });
  });

  it('#7 [1,2,3] ISR [1,2,3] leader 2 (5), preferred election -> leader 1 (6), ISR [1,2,3]', () => {
    const result = change(partitionState([1, 2, 3], [1, 2, 3], 2, 5), { kind: 'preferred' }, [1, 2, 3]);
    expect(result.partition).toMatchObject({ leader: 1, leaderEpoch: 6, isr: [1, 2, 3], partitionEpoch: 11 });
    expect(result.leaderChange?.reason).toBe('preferred');
  });

  it('#8 [1,2,3] ISR [2,3] leader 2 (5), preferred election -> unchanged: 1 is not in the ISR', () => {
    const before = partitionState([1, 2, 3], [2, 3], 2, 5);
    const result = change(before, { kind: 'preferred' }, [1, 2, 3]);
    expect(result.changed).toBe(false);
    expect(result.partition).toBe(before);
  });
});

describe('partition change details', () => {
  it('fencing a broker outside the ISR changes nothing and returns the same record', () => {
    const before = partitionState([1, 2, 3], [1, 2], 1, 5);
    const result = change(before, { kind: 'fence', broker: 3 }, [1, 2]);
    expect(result).toEqual({ partition: before, changed: false, leaderChange: undefined, isrChange: undefined });
  });

  it('unfencing never touches a partition that has a leader (6.6: only leaderless ones are re-examined)', () => {
    const before = partitionState([1, 2, 3], [2, 3], 2, 5);
    expect(change(before, { kind: 'unfence', broker: 1 }, [1, 2, 3]).partition).toBe(before);
  });

  it('unfencing a broker outside the kept ISR leaves the partition offline when unclean is off', () => {
    const offline = partitionState([1, 2, 3], [1], NO_LEADER, 6);
    expect(change(offline, { kind: 'unfence', broker: 2 }, [2]).changed).toBe(false);
  });

  it('unfencing a replica of an offline partition elects it uncleanly when the topic allows it (5.9)', () => {
    const offline = partitionState([1, 2, 3], [1], NO_LEADER, 6);
    const result = change(offline, { kind: 'unfence', broker: 3 }, [3], uncleanConfig);
    expect(result.partition).toMatchObject({ leader: 3, leaderEpoch: 7, isr: [3], leaderRecoveryState: 'RECOVERING' });
    expect(result.leaderChange?.reason).toBe('unclean');
  });

  it('treats the fenced broker as inactive even if the caller still lists it', () => {
    const result = change(partitionState([1, 2, 3], [1, 2, 3], 1, 5), { kind: 'fence', broker: 1 }, [1, 2, 3]);
    expect(result.partition.leader).toBe(2);
  });

  it('alter-isr shrink keeps the leader epoch and bumps the partition epoch (5.1, KAFKA-15021)', () => {
    const result = change(partitionState([1, 2, 3], [1, 2, 3], 1, 5), { kind: 'alter-isr', newIsr: [1, 2] }, [1, 2, 3]);
    expect(result.partition).toMatchObject({ leader: 1, leaderEpoch: 5, isr: [1, 2], partitionEpoch: 11 });
    expect(result.isrChange).toMatchObject({ removed: [3], added: [] });
  });

  it('alter-isr expansion reports the added member', () => {
    const result = change(partitionState([1, 2, 3], [1], 1, 5), { kind: 'alter-isr', newIsr: [1, 3] }, [1, 2, 3]);
    expect(result.isrChange).toMatchObject({ removed: [], added: [3], isr: [1, 3] });
  });

  it('alter-isr with the same members in another order is no change (the ISR is a set)', () => {
    const before = partitionState([1, 2, 3], [1, 2], 1, 5);
    expect(change(before, { kind: 'alter-isr', newIsr: [2, 1] }, [1, 2, 3]).partition).toBe(before);
  });

  it('alter-isr from a RECOVERING leader marks it RECOVERED, even with the same ISR (5.9)', () => {
    const recovering: PartitionState = { ...partitionState([1, 2, 3], [2], 2, 6), leaderRecoveryState: 'RECOVERING' };
    const result = change(recovering, { kind: 'alter-isr', newIsr: [2] }, [2, 3]);
    expect(result.partition).toMatchObject({ leaderRecoveryState: 'RECOVERED', leaderEpoch: 6, partitionEpoch: 11 });
    expect(result.isrChange).toBeUndefined();
  });

  it("reports a learner's election that picks a broker outside the ISR as a clear KafkaInputError", () => {
    const wrong: ElectLeader = () => ({ leader: 3, unclean: false });
    const partition = partitionState([1, 2, 3], [1, 2], 1, 5);
    expect(() => change(partition, { kind: 'fence', broker: 1 }, [2, 3], defaultTopicConfig, wrong)).toThrow(KafkaInputError);
    expect(() => change(partition, { kind: 'fence', broker: 1 }, [2, 3], defaultTopicConfig, wrong)).toThrow(/not in the ISR/);
  });

  it("reports a learner's unclean election on a topic that forbids it", () => {
    const wrong: ElectLeader = () => ({ leader: 2, unclean: true });
    expect(() => change(partitionState([1, 2, 3], [1], 1, 5), { kind: 'fence', broker: 1 }, [2, 3], defaultTopicConfig, wrong)).toThrow(
      /unclean.leader.election.enable is false/,
    );
  });

  it('uses the injected election', () => {
    const calls: BrokerId[][] = [];
    const spy: ElectLeader = (input) => {
      calls.push([...input.isr]);
      return electLeader(input);
    };
    change(partitionState([1, 2, 3], [1, 2, 3], 1, 5), { kind: 'fence', broker: 1 }, [2, 3], defaultTopicConfig, spy);
    expect(calls).toEqual([[2, 3]]);
  });
});

describe('partition change properties over random event sequences (semantics 11, invariants 7 and 8)', () => {
  type Step = { kind: 'fence' | 'unfence'; pick: number } | { kind: 'preferred' } | { kind: 'alter-isr'; members: boolean[] };

  const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('fence' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('unfence' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('preferred' as const) }),
    fc.record({ kind: fc.constant('alter-isr' as const), members: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }) }),
  );

  const scenario = fc.record({
    replicas: fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 }),
    unclean: fc.boolean(),
    steps: fc.array(stepArbitrary, { maxLength: 40 }),
  });

  it('keeps leader in ISR, ISR non-empty and within replicas; epochs move exactly as 6.6 says', () => {
    fc.assert(
      fc.property(scenario, ({ replicas, unclean, steps }) => {
        const config = { ...defaultTopicConfig, uncleanLeaderElectionEnable: unclean };
        const active = new Set(replicas);
        let partition: PartitionState = {
          topic: 't', partition: 0, replicas, isr: [...replicas], leader: replicas[0] ?? NO_LEADER,
          leaderEpoch: 0, partitionEpoch: 0, leaderRecoveryState: 'RECOVERED',
        };
        for (const step of steps) {
          const event = toEvent(step, replicas, active, partition);
          if (event === undefined) continue;
          if (event.kind === 'fence') active.delete(event.broker);
          if (event.kind === 'unfence') active.add(event.broker);
          const before = partition;
          const result = computePartitionChange({ partition, topicConfig: config, activeBrokers: active, event, electLeader });
          partition = result.partition;

          // Invariant 8: leader epoch +1 exactly on a leader change; partition epoch +1 on any change.
          const leaderChanged = partition.leader !== before.leader;
          expect(partition.leaderEpoch).toBe(before.leaderEpoch + (leaderChanged ? 1 : 0));
          expect(partition.partitionEpoch).toBe(before.partitionEpoch + (result.changed ? 1 : 0));
          expect(result.changed).toBe(partition !== before);
          // Invariant 7: ISR never empty without ELR, ISR within replicas, leader in ISR.
          expect(partition.isr.length).toBeGreaterThan(0);
          for (const member of partition.isr) expect(replicas).toContain(member);
          if (partition.leader !== NO_LEADER) {
            expect(partition.isr).toContain(partition.leader);
            expect(active.has(partition.leader)).toBe(true);
          }
          // Invariant 8: a fenced broker leaves every ISR, except as the last member of an offline partition.
          const fencedMembers = partition.isr.filter((member) => !active.has(member));
          if (fencedMembers.length > 0) {
            expect(partition.leader).toBe(NO_LEADER);
            expect(partition.isr).toHaveLength(1);
          }
          // Clean elections only, unless the topic allows unclean ones.
          if (!unclean) expect(partition.leaderRecoveryState).toBe('RECOVERED');
        }
      }),
      { numRuns: 1000 },
    );
  });

  /** Turn a drawn step into an event that a real cluster could produce from this state. */
  function toEvent(step: Step, replicas: BrokerId[], active: Set<BrokerId>, partition: PartitionState): PartitionChangeEvent | undefined {
    switch (step.kind) {
      case 'fence': {
        const candidates = replicas.filter((broker) => active.has(broker));
        const broker = candidates[step.pick % Math.max(1, candidates.length)];
        return broker === undefined ? undefined : { kind: 'fence', broker };
      }
      case 'unfence': {
        const candidates = replicas.filter((broker) => !active.has(broker));
        const broker = candidates[step.pick % Math.max(1, candidates.length)];
        return broker === undefined ? undefined : { kind: 'unfence', broker };
      }
      case 'preferred':
        return { kind: 'preferred' };
      case 'alter-isr': {
        // The leader proposes itself plus some active replicas (what the controller would accept).
        if (partition.leader === NO_LEADER) return undefined;
        const newIsr = replicas.filter((broker, index) => broker === partition.leader || (active.has(broker) && step.members[index]));
        return { kind: 'alter-isr', newIsr };
      }
    }
  }
});
