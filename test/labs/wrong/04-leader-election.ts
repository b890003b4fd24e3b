/** Known-wrong leader elections. */
import * as solution from '../../../labs/02-architecture/solutions/04-leader-election/leader-election.js';
import type { LeaderElectionImpl } from '../../../src/labs/lab02/leader-election.js';
import type { KnownWrong } from './known-wrong.js';

const NO_LEADER = solution.NO_LEADER;

/** The first live replica, in sync or not, presented as a clean election. */
const outsideIsr: LeaderElectionImpl = {
  ...solution,
  electLeader: (input) => ({ leader: input.replicas.find((broker) => input.activeBrokers.has(broker)) ?? NO_LEADER, unclean: false }),
};

/** Walks the ISR's own order instead of the replica order. */
const isrOrder: LeaderElectionImpl = {
  ...solution,
  electLeader: (input) => {
    if (input.currentLeader !== NO_LEADER && input.isr.includes(input.currentLeader) && input.activeBrokers.has(input.currentLeader)) return { leader: input.currentLeader, unclean: false };
    const leader = input.isr.find((broker) => input.activeBrokers.has(broker));
    return leader === undefined ? solution.electLeader({ ...input, isr: [] }) : { leader, unclean: false };
  },
};

/** Forgets that ISR members can be down too. */
const ignoresLiveness: LeaderElectionImpl = {
  ...solution,
  electLeader: (input) => ({ leader: input.replicas.find((broker) => input.isr.includes(broker)) ?? NO_LEADER, unclean: false }),
};

/** Falls back to an out-of-sync replica whatever the topic says. */
const uncleanAlways: LeaderElectionImpl = { ...solution, electLeader: (input) => solution.electLeader({ ...input, uncleanLeaderElectionEnable: true }) };

/** Moves leadership to the preferred replica at every election. */
const neverKeepsLeader: LeaderElectionImpl = { ...solution, electLeader: (input) => solution.electLeader({ ...input, currentLeader: NO_LEADER }) };

export const wrongLeaderElections: readonly KnownWrong<LeaderElectionImpl>[] = [
  { name: 'outside-isr', mistake: 'electing a replica outside the ISR', impl: outsideIsr, caughtBy: ['first-live-isr-in-replica-order', 'new-leader-has-every-committed-record'] },
  { name: 'isr-order', mistake: "walking the ISR's order instead of the replica order", impl: isrOrder, caughtBy: ['first-live-isr-in-replica-order'] },
  { name: 'ignores-liveness', mistake: 'electing an ISR member that is down', impl: ignoresLiveness, caughtBy: ['first-live-isr-in-replica-order'] },
  { name: 'unclean-always', mistake: 'unclean election even when unclean.leader.election.enable is false', impl: uncleanAlways, caughtBy: ['unclean-only-when-allowed'] },
  { name: 'never-keeps-leader', mistake: 'replacing a current leader that could stay', impl: neverKeepsLeader, caughtBy: ['current-leader-stays'] },
];
