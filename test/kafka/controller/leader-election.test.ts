/**
 * Leader election as the controller does it (kafka-semantics 6.6, 5.9, 5.10; ELR off as in 4.0).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  electLeader,
  electPreferredLeader,
  type LeaderElectionInput,
} from '../../../src/kafka/controller/leader-election.js';
import { NO_LEADER, type BrokerId } from '../../../src/kafka/ids.js';

function input(
  replicas: BrokerId[],
  isr: BrokerId[],
  currentLeader: BrokerId,
  active: BrokerId[],
  uncleanLeaderElectionEnable = false,
): LeaderElectionInput {
  return { replicas, isr, currentLeader, activeBrokers: new Set(active), uncleanLeaderElectionEnable };
}

describe('semantics 6.6 election vectors (ELR off, unclean off, other brokers active)', () => {
  it('#1 replicas [1,2,3], ISR [1,2,3], leader 1, fence 1: the first ISR replica in replica order, 2, leads', () => {
    // The input ISR is targetISR: the ISR without the broker being fenced.
    expect(electLeader(input([1, 2, 3], [2, 3], 1, [2, 3]))).toEqual({ leader: 2, unclean: false });
  });

  it('#2 replicas [3,1,2], ISR [1,2], leader 1, fence 1: 2 leads because 3 is not in the ISR', () => {
    expect(electLeader(input([3, 1, 2], [2], 1, [2, 3]))).toEqual({ leader: 2, unclean: false });
  });

  it('#3 replicas [1,2,3], ISR [2,3], leader 2, fence 3: leader 2 is still valid and stays', () => {
    expect(electLeader(input([1, 2, 3], [2], 2, [1, 2]))).toEqual({ leader: 2, unclean: false });
  });

  it('#4 replicas [1,2,3], ISR [1], leader 1, fence 1: nobody in the ISR is left, no leader', () => {
    expect(electLeader(input([1, 2, 3], [], 1, [2, 3]))).toEqual({ leader: NO_LEADER, unclean: false });
  });

  it('#5 after #4, unfence 1: the kept ISR [1] is re-examined and 1 leads again', () => {
    expect(electLeader(input([1, 2, 3], [1], NO_LEADER, [1, 2, 3]))).toEqual({ leader: 1, unclean: false });
  });

  it('#6 replicas [1,2,3], ISR [1], fence 1, unclean.leader.election.enable=true, 2 active: 2 leads uncleanly', () => {
    expect(electLeader(input([1, 2, 3], [], 1, [2, 3], true))).toEqual({ leader: 2, unclean: true });
  });

  it('#7 replicas [1,2,3], ISR [1,2,3], leader 2, preferred election: 1 takes over', () => {
    expect(electPreferredLeader(input([1, 2, 3], [1, 2, 3], 2, [1, 2, 3]))).toEqual({ leader: 1, unclean: false });
  });

  it('#8 replicas [1,2,3], ISR [2,3], leader 2, preferred election: 1 is not in the ISR, 2 stays', () => {
    expect(electPreferredLeader(input([1, 2, 3], [2, 3], 2, [1, 2, 3]))).toEqual({ leader: 2, unclean: false });
  });
});

describe('semantics 5.10 preferred election', () => {
  it('does not elect the preferred replica while it is fenced, even if it is in the ISR', () => {
    expect(electPreferredLeader(input([1, 2, 3], [1, 2, 3], 2, [2, 3]))).toEqual({ leader: 2, unclean: false });
  });

  it('brings a leaderless partition back when the preferred replica is in the ISR and active', () => {
    expect(electPreferredLeader(input([1, 2, 3], [1], NO_LEADER, [1]))).toEqual({ leader: 1, unclean: false });
  });

  it('never elects uncleanly, even when the topic allows it', () => {
    expect(electPreferredLeader(input([1, 2, 3], [2], NO_LEADER, [1], true))).toEqual({ leader: NO_LEADER, unclean: false });
  });
});

describe('electLeader table (semantics 6.6, 5.9, 10 item 10)', () => {
  const rows: Array<{
    name: string;
    replicas: BrokerId[];
    isr: BrokerId[];
    leader: BrokerId;
    active: BrokerId[];
    unclean: boolean;
    expected: { leader: BrokerId; unclean: boolean };
  }> = [
    { name: 'valid leader stays though replicas[0] is also eligible', replicas: [1, 2, 3], isr: [1, 2, 3], leader: 3, active: [1, 2, 3], unclean: false, expected: { leader: 3, unclean: false } },
    { name: 'replica order, not ISR order, decides', replicas: [3, 2, 1], isr: [1, 2], leader: NO_LEADER, active: [1, 2, 3], unclean: false, expected: { leader: 2, unclean: false } },
    { name: 'an ISR member that is fenced is skipped', replicas: [1, 2, 3], isr: [2, 3], leader: NO_LEADER, active: [1, 3], unclean: false, expected: { leader: 3, unclean: false } },
    { name: 'a current leader that left the ISR is replaced', replicas: [1, 2, 3], isr: [2, 3], leader: 1, active: [1, 2, 3], unclean: false, expected: { leader: 2, unclean: false } },
    { name: 'a current leader that is fenced is replaced', replicas: [1, 2, 3], isr: [1, 2, 3], leader: 1, active: [2, 3], unclean: false, expected: { leader: 2, unclean: false } },
    { name: 'unclean enabled but a clean leader exists: clean wins', replicas: [1, 2, 3], isr: [3], leader: NO_LEADER, active: [1, 2, 3], unclean: true, expected: { leader: 3, unclean: false } },
    { name: 'unclean picks the first active replica in replica order', replicas: [3, 1, 2], isr: [], leader: 3, active: [1, 2], unclean: true, expected: { leader: 1, unclean: true } },
    { name: 'unclean with nobody active: no leader', replicas: [1, 2, 3], isr: [], leader: 1, active: [], unclean: true, expected: { leader: NO_LEADER, unclean: false } },
    { name: 'an active broker outside the replicas never leads', replicas: [1, 2], isr: [], leader: 1, active: [5], unclean: true, expected: { leader: NO_LEADER, unclean: false } },
    { name: 'single replica, active and in ISR', replicas: [7], isr: [7], leader: NO_LEADER, active: [7], unclean: false, expected: { leader: 7, unclean: false } },
    { name: 'single replica, fenced', replicas: [7], isr: [], leader: 7, active: [], unclean: false, expected: { leader: NO_LEADER, unclean: false } },
    { name: 'unclean off: out-of-sync active replicas stay followers', replicas: [1, 2, 3], isr: [1], leader: NO_LEADER, active: [2, 3], unclean: false, expected: { leader: NO_LEADER, unclean: false } },
  ];

  it.each(rows)('$name', (row) => {
    expect(electLeader(input(row.replicas, row.isr, row.leader, row.active, row.unclean))).toEqual(row.expected);
  });
});

/** Every subset of a list, in a fixed order. */
function subsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((all, item) => all.concat(all.map((subset) => [...subset, item])), [[]]);
}

describe('electLeader over every combination for replicas [2,3,1] (semantics 6.6)', () => {
  const replicas = [2, 3, 1];
  const combinations = subsets(replicas).flatMap((isr) =>
    subsets(replicas).flatMap((active) =>
      [NO_LEADER, ...replicas].flatMap((currentLeader) =>
        [false, true].map((unclean) => input(replicas, isr, currentLeader, active, unclean)),
      ),
    ),
  );

  it('covers 8 ISRs x 8 active sets x 4 current leaders x 2 unclean settings', () => {
    expect(combinations).toHaveLength(512);
  });

  it('keeps a valid leader, else takes the first valid replica, else the first active one when unclean, else -1', () => {
    for (const combination of combinations) {
      const valid = replicas.filter((broker) => combination.isr.includes(broker) && combination.activeBrokers.has(broker));
      const live = replicas.filter((broker) => combination.activeBrokers.has(broker));
      const result = electLeader(combination);
      if (valid.includes(combination.currentLeader)) {
        expect(result).toEqual({ leader: combination.currentLeader, unclean: false });
      } else if (valid.length > 0) {
        expect(result).toEqual({ leader: valid[0], unclean: false });
      } else if (combination.uncleanLeaderElectionEnable && live.length > 0) {
        expect(result).toEqual({ leader: live[0], unclean: true });
      } else {
        expect(result).toEqual({ leader: NO_LEADER, unclean: false });
      }
    }
  });
});

describe('electLeader properties (semantics 11, invariants 7 and 8)', () => {
  const electionInputs = fc
    .uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 6 })
    .chain((replicas) =>
      fc.record({
        replicas: fc.constant(replicas),
        isr: fc.subarray(replicas),
        active: fc.subarray([...replicas, 10, 11]),
        currentLeader: fc.constantFrom(NO_LEADER, ...replicas),
        unclean: fc.boolean(),
      }),
    )
    .map((drawn) => input(drawn.replicas, drawn.isr, drawn.currentLeader, drawn.active, drawn.unclean));

  it('a clean leader is in ISR and active; an unclean one is an active replica; otherwise -1', () => {
    fc.assert(
      fc.property(electionInputs, (election) => {
        const result = electLeader(election);
        if (result.leader === NO_LEADER) {
          expect(result.unclean).toBe(false);
          expect(election.isr.some((broker) => election.activeBrokers.has(broker))).toBe(false);
          if (election.uncleanLeaderElectionEnable) {
            expect(election.replicas.some((broker) => election.activeBrokers.has(broker))).toBe(false);
          }
        } else if (result.unclean) {
          expect(election.uncleanLeaderElectionEnable).toBe(true);
          expect(election.replicas).toContain(result.leader);
          expect(election.activeBrokers.has(result.leader)).toBe(true);
        } else {
          expect(election.isr).toContain(result.leader);
          expect(election.activeBrokers.has(result.leader)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('is deterministic: the same input always elects the same broker', () => {
    fc.assert(
      fc.property(electionInputs, (election) => {
        const copy = { ...election, replicas: [...election.replicas], isr: [...election.isr], activeBrokers: new Set(election.activeBrokers) };
        expect(electLeader(copy)).toEqual(electLeader(election));
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order of the ISR list (only replica order matters)', () => {
    fc.assert(
      fc.property(electionInputs, (election) => {
        const reversed = { ...election, isr: [...election.isr].reverse() };
        expect(electLeader(reversed)).toEqual(electLeader(election));
      }),
      { numRuns: 500 },
    );
  });
});
