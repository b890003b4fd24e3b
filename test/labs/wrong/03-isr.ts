/** Known-wrong ISR rules. */
import * as solution from '../../../labs/02-architecture/solutions/03-isr/isr.js';
import type { IsrImpl } from '../../../src/labs/lab02/isr.js';
import type { KnownWrong } from './known-wrong.js';

/** The pre-0.9 replica.lag.max.messages idea: in sync while fewer than N records behind. */
const offsetLag = (maxRecordsBehind: number): IsrImpl => ({
  ...solution,
  isCaughtUp: (follower, leaderLogEndOffset) => leaderLogEndOffset - follower.logEndOffset <= maxRecordsBehind,
});

/** Every fetch counts as "caught up now", however far behind it is. */
const fetchTimeAsCaughtUpTime: IsrImpl = { ...solution, lastCaughtUpTimeAfterFetch: (_follower, fetch) => fetch.now };

const joinsBelowHighWatermark: IsrImpl = {
  ...solution,
  canJoinIsr: (follower, leader) => leader.isrEligible && follower.logEndOffset >= leader.leaderEpochStartOffset,
};

const strictLagBound: IsrImpl = {
  ...solution,
  isCaughtUp: (follower, leaderLogEndOffset, now, lagMax) => follower.logEndOffset === leaderLogEndOffset || now - follower.lastCaughtUpTimeMs < lagMax,
};

export const wrongIsr: readonly KnownWrong<IsrImpl>[] = [
  { name: 'offset-lag-4000', mistake: 'ISR by offset lag (4,000 records, the old replica.lag.max.messages) instead of time', impl: offsetLag(4_000), caughtBy: ['caught-up-and-eligible', 'stuck-follower-leaves-isr'] },
  { name: 'offset-lag-10', mistake: 'ISR by offset lag (10 records) instead of time', impl: offsetLag(10), caughtBy: ['busy-follower-stays-in-isr', 'stuck-follower-leaves-isr'] },
  { name: 'fetch-time-as-caught-up', mistake: 'lastCaughtUpTime set at every fetch, caught up or not', impl: fetchTimeAsCaughtUpTime, caughtBy: ['last-caught-up-time'] },
  { name: 'joins-below-hw', mistake: 'a follower rejoins the ISR before it has every committed record', impl: joinsBelowHighWatermark, caughtBy: ['caught-up-and-eligible', 'returning-follower-rejoins'] },
  { name: 'strict-lag-bound', mistake: 'now - lastCaughtUp < lag instead of <=', impl: strictLagBound, caughtBy: ['caught-up-and-eligible'] },
];
