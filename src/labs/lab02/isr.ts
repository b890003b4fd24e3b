/**
 * Exercise 03, the in-sync replica set: hint ladder and promises. The learner's three functions
 * become every partition leader's ISR rules in a simulated 3-broker cluster (the IsrRules seam of
 * src/kafka/mechanisms.ts): a follower cut off from its leader must leave the ISR after
 * replica.lag.time.max.ms and not before, a busy but healthy follower must stay, and a returning
 * follower must rejoin once it holds every committed record. Kafka: Replica.scala
 * (updateFetchStateOrThrow, isCaughtUp), Partition.scala (getOutOfSyncReplicas, isFollowerInSync).
 */
import { brokerNode } from '../../kafka/ids.js';
import type { FollowerProgress } from '../../kafka/replication/follower-progress.js';
import { isCaughtUp as referenceIsCaughtUp, updateFollowerProgress as referenceUpdate, type IsrRules } from '../../kafka/replication/isr.js';
import { SeededRandom } from '../../sim/random.js';
import { CallLog } from '../call-log.js';
import { broken, type Check, type ExerciseDefinition } from '../exercise.js';
import { runScenario } from '../scenario-run.js';
import { WatchedCluster } from '../scenario-trace.js';
import type * as Starter from '../../../labs/02-architecture/starters/03-isr/isr.js';

export type IsrImpl = typeof Starter;

const LAG_TIME_MAX_MS = 4_000;
const FETCH_WAIT_MAX_MS = 500;
const TOPIC = 'clicks';

/** The learner's functions as the leader's IsrRules; the bookkeeping around them stays the reference one. */
function isrSeam(impl: IsrImpl, log: CallLog, onJoin?: (follower: Starter.FollowerFetchState, leader: { highWatermark: number }, now: number) => void): IsrRules {
  const lastCaughtUp = log.wrap('lastCaughtUpTimeAfterFetch', impl.lastCaughtUpTimeAfterFetch);
  const isCaughtUp = log.wrap('isCaughtUp', impl.isCaughtUp);
  const canJoin = log.wrap('canJoinIsr', impl.canJoinIsr);
  let now = 0;
  return {
    updateFollowerProgress: (progress, fetch) => {
      now = fetch.now;
      return {
        ...progress,
        logEndOffset: fetch.fetchOffset,
        lastCaughtUpTimeMs: lastCaughtUp(fetchState(progress), { fetchOffset: fetch.fetchOffset, leaderLogEndOffset: fetch.leaderLogEndOffset, now: fetch.now }),
        lastFetchLeaderLogEndOffset: Math.max(progress.lastFetchLeaderLogEndOffset, fetch.leaderLogEndOffset),
        lastFetchTimeMs: fetch.now,
        brokerEpoch: fetch.brokerEpoch,
      };
    },
    isCaughtUp: (progress, leaderLogEndOffset, at, lagMax) => isCaughtUp(fetchState(progress), leaderLogEndOffset, at, lagMax),
    outOfSyncReplicas: (input) =>
      input.isr.filter((id) => {
        if (id === input.leaderId) return false;
        const progress = input.followers.get(id);
        return progress !== undefined && !isCaughtUp(fetchState(progress), input.leaderLogEndOffset, input.now, input.replicaLagTimeMaxMs);
      }),
    canJoinIsr: (progress, input) => {
      const joins = canJoin(fetchState(progress), input);
      if (joins) onJoin?.(fetchState(progress), input, now);
      return joins;
    },
  };
}

function fetchState(progress: FollowerProgress): Starter.FollowerFetchState {
  return {
    logEndOffset: progress.logEndOffset,
    lastCaughtUpTimeMs: progress.lastCaughtUpTimeMs,
    lastFetchLeaderLogEndOffset: progress.lastFetchLeaderLogEndOffset,
    lastFetchTimeMs: progress.lastFetchTimeMs,
  };
}

interface CutRun {
  readonly watched: WatchedCluster;
  readonly log: CallLog;
  readonly cutAt: number;
  readonly healAt: number;
  readonly joinedBehindHighWatermark: { follower: Starter.FollowerFetchState; highWatermark: number; at: number } | undefined;
}

const cutRuns = new WeakMap<IsrImpl, CutRun>();

/** Broker 3 loses its link to the leader (broker 1) for 7 s while records keep coming, then returns. One run, shared by the checks. */
function cutRun(impl: IsrImpl): CutRun {
  const known = cutRuns.get(impl);
  if (known !== undefined) return known;
  const log = new CallLog();
  log.suspect('isCaughtUp', (_inputs, output) => output === false);
  let joinedBehindHighWatermark: CutRun['joinedBehindHighWatermark'];
  const seam = isrSeam(impl, log, (follower, leader, at) => {
    if (follower.logEndOffset < leader.highWatermark && joinedBehindHighWatermark === undefined) joinedBehindHighWatermark = { follower, highWatermark: leader.highWatermark, at };
  });
  const watched = new WatchedCluster({
    seed: 41,
    brokers: 3,
    network: { minDelayMs: 1, maxDelayMs: 10 },
    // A fetch lost to the cut is retried after replica.socket.timeout.ms: 2 s here instead of 30 s.
    broker: { replicaLagTimeMaxMs: LAG_TIME_MAX_MS, replicaFetchWaitMaxMs: FETCH_WAIT_MAX_MS, replicaSocketTimeoutMs: 2_000 },
    mechanisms: { isr: seam },
  });
  const { cluster } = watched;
  let cutAt = 0;
  let healAt = 0;
  runScenario(watched, log, 'isCaughtUp', () => {
    cluster.start();
    cluster.createTopic(TOPIC, 1, 3, { minInsyncReplicas: 1 }, [[1, 2, 3]]);
    cluster.runFor(1_000);
    watched.addProducer('producer', { acks: 1, lingerMs: 0 });
    const origin = cluster.now;
    for (let index = 0; index < 75; index++) watched.send('producer', TOPIC, `user-${index % 7}`, `click-${index}`, origin + index * 200);
    cutAt = origin + 1_000;
    healAt = cutAt + 7_000;
    cluster.sim.schedule(cutAt, 'cut broker 3 off from the leader, broker 1', () => cluster.sim.network.partition([brokerNode(3)], [brokerNode(1)]));
    cluster.sim.schedule(healAt, 'heal: broker 3 can fetch again', () => cluster.heal());
    cluster.runUntil(healAt + 8_000);
  });
  const run = { watched, log, cutAt, healAt, joinedBehindHighWatermark };
  cutRuns.set(impl, run);
  return run;
}

const isrEvents = (event: { type: string }): boolean => event.type.startsWith('isr.') || event.type.startsWith('scenario') || event.type.startsWith('network.');

const leavesAfterLagTime: Check<IsrImpl> = {
  id: 'stuck-follower-leaves-isr',
  promise: 'a follower that stops fetching leaves the ISR after replica.lag.time.max.ms, not before',
  run(impl) {
    const { watched, log, cutAt } = cutRun(impl);
    const shrink = watched.events.find((event) => event.type === 'isr.shrunk' && event.removed.includes(3));
    if (shrink === undefined) {
      broken(`broker 3 could not fetch from ${cutAt} ms on, yet it was still in the ISR ${watched.cluster.now - cutAt} ms later (replica.lag.time.max.ms=${LAG_TIME_MAX_MS}): acks=all would wait for it forever`, {
        seed: watched.seed,
        ...watched.shortTrace(undefined, isrEvents),
        ...callOf(log.last('isCaughtUp', (call) => (call.inputs[0] as Starter.FollowerFetchState).logEndOffset !== call.inputs[1])),
      });
    }
    const after = shrink.at - cutAt;
    // It was last caught up at most one fetch wait (plus a network delay) before the cut; the leader checks every lag/2.
    if (after < LAG_TIME_MAX_MS - FETCH_WAIT_MAX_MS - 20) {
      broken(`broker 3 left the ISR only ${after} ms after it stopped fetching; it was caught up within replica.lag.time.max.ms=${LAG_TIME_MAX_MS} ms, so it is still in sync`, {
        seed: watched.seed,
        ...watched.shortTrace(shrink, isrEvents),
        ...callOf(log.firstSuspect('isCaughtUp')),
      });
    }
  },
};

const rejoins: Check<IsrImpl> = {
  id: 'returning-follower-rejoins',
  promise: 'a returning follower rejoins the ISR once it has every committed record, not before',
  run(impl) {
    const { watched, log, healAt, joinedBehindHighWatermark } = cutRun(impl);
    if (joinedBehindHighWatermark !== undefined) {
      const { follower, highWatermark, at } = joinedBehindHighWatermark;
      broken(`broker 3 was proposed for the ISR at ${at} ms with log end offset ${follower.logEndOffset}, below the high watermark ${highWatermark}: it lacks committed records, and as a leader it would lose them`, {
        seed: watched.seed,
        ...watched.shortTraceUntil(at, isrEvents),
        ...callOf(log.last('canJoinIsr', (call) => call.output === true)),
      });
    }
    const expanded = watched.events.find((event) => event.type === 'isr.expanded' && event.added.includes(3) && event.at >= healAt);
    if (expanded === undefined) {
      broken(`broker 3 fetched again from ${healAt} ms on and caught up, but was still outside the ISR ${watched.cluster.now - healAt} ms later`, {
        seed: watched.seed,
        ...watched.shortTrace(undefined, isrEvents),
        ...callOf(log.last('canJoinIsr')),
      });
    }
  },
};

const busyFollowerStays: Check<IsrImpl> = {
  id: 'busy-follower-stays-in-isr',
  promise: 'a follower that keeps fetching stays in the ISR however many records it is behind for a moment',
  run(impl) {
    const log = new CallLog();
    log.suspect('isCaughtUp', (_inputs, output) => output === false);
    // A slow network (150-250 ms a message): followers are always a round trip, dozens of records, behind.
    const watched = new WatchedCluster({
      seed: 43,
      brokers: 3,
      network: { minDelayMs: 150, maxDelayMs: 250 },
      broker: { replicaLagTimeMaxMs: LAG_TIME_MAX_MS, replicaFetchWaitMaxMs: FETCH_WAIT_MAX_MS },
      mechanisms: { isr: isrSeam(impl, log) },
    });
    const { cluster } = watched;
    runScenario(watched, log, 'isCaughtUp', () => {
      cluster.start();
      cluster.createTopic(TOPIC, 1, 3, { minInsyncReplicas: 1 }, [[1, 2, 3]]);
      cluster.runFor(3_000);
      for (const name of ['p1', 'p2']) watched.addProducer(name, { acks: 1, lingerMs: 0 });
      const origin = cluster.now;
      // 5 s of load: at least two of the leader's ISR checks (every replica.lag.time.max.ms / 2) fall inside it.
      for (let index = 0; index < 200; index++) {
        for (const name of ['p1', 'p2']) watched.send(name, TOPIC, null, `${name}-${index}`, origin + index * 25);
      }
      cluster.runFor(6_000);
    });
    const shrink = watched.events.find((event) => event.type === 'isr.shrunk');
    if (shrink !== undefined) {
      broken(`healthy broker(s) ${shrink.type === 'isr.shrunk' ? shrink.removed.join(', ') : ''} left the ISR while records kept coming; they fetched without pause, only a network round trip behind, and "in sync" is about time (replica.lag.time.max.ms), not a count of records behind`, {
        seed: watched.seed,
        ...watched.shortTrace(shrink, isrEvents),
        ...callOf(log.firstSuspect('isCaughtUp')),
      });
    }
  },
};

/** Random fetch histories for the time rule, compared fetch by fetch with Kafka's. */
const caughtUpTimeRule: Check<IsrImpl> = {
  id: 'last-caught-up-time',
  promise: "lastCaughtUpTimeMs moves only when a fetch shows the follower reached the leader's log end (now or as of its previous fetch)",
  run(impl) {
    const random = new SeededRandom(303);
    for (let history = 0; history < 30; history++) {
      let progress: FollowerProgress = { brokerId: 2, logEndOffset: 0, lastCaughtUpTimeMs: 0, lastFetchLeaderLogEndOffset: 0, lastFetchTimeMs: 0, brokerEpoch: 1 };
      let leaderLogEndOffset = 0;
      let now = 0;
      const trace: string[] = [];
      for (let step = 0; step < 12; step++) {
        now += 50 + random.nextInt(400);
        leaderLogEndOffset += random.nextInt(6);
        const fetchOffset = Math.min(leaderLogEndOffset, progress.logEndOffset + random.nextInt(8));
        const fetch = { fetchOffset, leaderLogEndOffset, now };
        const expected = referenceUpdate(progress, { ...fetch, brokerEpoch: 1 });
        const got = impl.lastCaughtUpTimeAfterFetch(fetchState(progress), fetch);
        trace.push(`${now}ms fetch at offset ${fetchOffset}, leader LEO ${leaderLogEndOffset} (was ${progress.lastFetchLeaderLogEndOffset} at the previous fetch) -> last caught up ${got}`);
        if (got !== expected.lastCaughtUpTimeMs) {
          const why =
            fetchOffset >= leaderLogEndOffset
              ? 'the follower has the leader\'s whole log: it is caught up now'
              : fetchOffset >= progress.lastFetchLeaderLogEndOffset
                ? 'it has everything the leader had at its previous fetch: it was caught up as of that fetch'
                : 'it is still behind where the leader was at its previous fetch: no credit, however recently it fetched';
          broken(`after this fetch lastCaughtUpTimeMs is ${got}; Kafka says ${expected.lastCaughtUpTimeMs}: ${why}`, {
            trace: trace.slice(-8),
            brokeAtStep: Math.min(trace.length, 8) - 1,
            call: { fn: 'lastCaughtUpTimeAfterFetch', inputs: [fetchState(progress), fetch], output: got },
          });
        }
        progress = expected;
      }
    }
  },
};

const caughtUpAndEligibility: Check<IsrImpl> = {
  id: 'caught-up-and-eligible',
  promise: 'isCaughtUp and canJoinIsr decide as Kafka does at the boundaries (equal LEO, exactly the lag time, fenced followers)',
  run(impl) {
    const base = { lastFetchLeaderLogEndOffset: 0, lastFetchTimeMs: 0 };
    const cases: Array<[Starter.FollowerFetchState, number, number, string]> = [
      [{ ...base, logEndOffset: 10, lastCaughtUpTimeMs: 0 }, 10, 60_000, 'it has the leader\'s whole log, however long ago it was last caught up'],
      [{ ...base, logEndOffset: 8, lastCaughtUpTimeMs: 1_000 }, 10, 1_000 + LAG_TIME_MAX_MS, 'exactly replica.lag.time.max.ms since it was caught up still counts (the bound is inclusive)'],
      [{ ...base, logEndOffset: 8, lastCaughtUpTimeMs: 1_000 }, 10, 1_001 + LAG_TIME_MAX_MS, 'more than replica.lag.time.max.ms since it was caught up: out of sync'],
      [{ ...base, logEndOffset: 2, lastCaughtUpTimeMs: 9_000 }, 500, 10_000, '498 records behind but caught up 1 s ago: in sync (time, not records)'],
    ];
    for (const [follower, leaderLogEndOffset, now, why] of cases) {
      const got = impl.isCaughtUp(follower, leaderLogEndOffset, now, LAG_TIME_MAX_MS);
      const expected = referenceIsCaughtUp({ ...follower, brokerId: 2, brokerEpoch: 1 }, leaderLogEndOffset, now, LAG_TIME_MAX_MS);
      if (got !== expected) broken(`isCaughtUp said ${got}, Kafka says ${expected}: ${why}`, { call: { fn: 'isCaughtUp', inputs: [follower, leaderLogEndOffset, now, LAG_TIME_MAX_MS], output: got } });
    }
    const joins: Array<[number, { highWatermark: number; leaderEpochStartOffset: number; isrEligible: boolean }, boolean, string]> = [
      [12, { highWatermark: 12, leaderEpochStartOffset: 5, isrEligible: true }, true, 'it has every committed record and reached the current epoch'],
      [11, { highWatermark: 12, leaderEpochStartOffset: 5, isrEligible: true }, false, 'it lacks committed record 11'],
      [12, { highWatermark: 12, leaderEpochStartOffset: 14, isrEligible: true }, false, 'it has not reached the leader epoch\'s start offset (14): it may still hold records of an old leader'],
      [20, { highWatermark: 12, leaderEpochStartOffset: 5, isrEligible: false }, false, 'its broker is fenced, shutting down or on a stale broker epoch (KIP-841, KIP-903)'],
    ];
    for (const [logEndOffset, leader, expected, why] of joins) {
      const follower = { ...base, logEndOffset, lastCaughtUpTimeMs: 0 };
      const got = impl.canJoinIsr(follower, leader);
      if (got !== expected) broken(`canJoinIsr said ${got}, Kafka says ${expected}: ${why}`, { call: { fn: 'canJoinIsr', inputs: [follower, leader], output: got } });
    }
  },
};

function callOf(call: ReturnType<CallLog['last']>): { call?: NonNullable<ReturnType<CallLog['last']>> } {
  return call === undefined ? {} : { call };
}

export const isrExercise: ExerciseDefinition<IsrImpl> = {
  id: '03-isr',
  title: 'The ISR: shrink by time since last caught up, expand at the high watermark',
  file: 'exercises/03-isr/isr.ts',
  exports: ['lastCaughtUpTimeAfterFetch', 'isCaughtUp', 'canJoinIsr'],
  hints: [
    '"In sync" is about time, not about a number of records: a follower stays while it was last caught up at most replica.lag.time.max.ms ago. Your three functions keep and read that one timestamp.',
    'lastCaughtUpTimeAfterFetch: if the fetch offset reached the leader\'s LEO now, the follower is caught up now. If it only reached what the leader had at the previous fetch (lastFetchLeaderLogEndOffset), it was caught up as of that previous fetch (lastFetchTimeMs). Otherwise: no change. Never move the time backwards.',
    'isCaughtUp: true when the follower\'s LEO equals the leader\'s LEO, or when now - lastCaughtUpTimeMs <= replicaLagTimeMaxMs (inclusive).',
    'canJoinIsr: logEndOffset >= highWatermark, and logEndOffset >= leaderEpochStartOffset, and isrEligible. All three.',
  ],
  hintFor: {
    'stuck-follower-leaves-isr': 2,
    'busy-follower-stays-in-isr': 0,
    'last-caught-up-time': 1,
    'caught-up-and-eligible': 2,
    'returning-follower-rejoins': 3,
  },
  checks: [caughtUpTimeRule, caughtUpAndEligibility, leavesAfterLagTime, busyFollowerStays, rejoins],
};
