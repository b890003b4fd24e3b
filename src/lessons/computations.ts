/**
 * Answers computed from the reference Kafka in src/kafka, for computed quiz questions and for the
 * values a lesson quotes inline. Nothing here is typed by hand: change the rule in src/kafka and
 * every question and sentence that depends on it follows.
 *
 * Each computation reads its arguments (see directive-args.ts) and returns the canonical answer
 * text plus named values a question's prompt and explanation may quote as {{name}}.
 */
import { electLeader } from '../kafka/controller/leader-election.js';
import { coordinatorPartition, DEFAULT_OFFSETS_TOPIC_PARTITIONS, javaStringHashCode } from '../kafka/group/coordinator-partition.js';
import { rangeAssignor } from '../kafka/group/range-assignor.js';
import type { GroupMember } from '../kafka/group/assignor.js';
import { ErrorCode, errorName } from '../kafka/errors.js';
import { NO_LEADER } from '../kafka/ids.js';
import { decideVote } from '../kafka/kraft/vote.js';
import { unattached } from '../kafka/kraft/quorum-state.js';
import { explainKeyPartition } from '../kafka/partitioning/partitioner.js';
import type { FollowerProgress } from '../kafka/replication/follower-progress.js';
import { LONG_AGO_MS } from '../kafka/replication/follower-progress.js';
import { leaderHighWatermark } from '../kafka/replication/high-watermark.js';
import { ArgumentProblem, type DirectiveArgs } from './directive-args.js';

export interface ComputedAnswer {
  /** The answer as a choice must spell it: "2", "t0-0, t0-1", "broker 2". */
  readonly answer: string;
  /** Values a prompt or an explanation may quote: {{murmur2}}, {{answer}}... */
  readonly values: Readonly<Record<string, string>>;
}

export type Computation = (args: DirectiveArgs) => ComputedAnswer;

const MAX_PARTITIONS = 10_000;
const MAX_BROKER_ID = 1_000;

/** partition key=K partitions=N: where the default partitioner puts key K (semantics 3.1, 3.2). */
const partition: Computation = (args) => {
  const key = args.string('key');
  const partitions = args.integer('partitions', 1, MAX_PARTITIONS);
  const explained = explainKeyPartition(key, partitions);
  const answer = String(explained.partition);
  return {
    answer,
    values: {
      key,
      partitions: String(partitions),
      murmur2: String(explained.murmur2),
      positive: String(explained.toPositive),
      utf8: explained.utf8Hex,
      // What a partitioner that wrongly used Math.abs would compute (semantics 3.2).
      abs: String(Math.abs(explained.murmur2)),
      'abs-partition': String(Math.abs(explained.murmur2) % partitions),
      answer,
    },
  };
};

/**
 * high-watermark leader=1 leader-leo=10 isr=1,2,3 leos=2:8,3:6 [hw=0] [min-isr=1]
 * The leader's HW rule (semantics 5.2). Followers outside the ISR are taken as not caught up
 * (they have not reached the leader's LEO for longer than replica.lag.time.max.ms), so they do not
 * hold the HW back.
 */
const highWatermark: Computation = (args) => {
  const leader = args.integer('leader', 0, MAX_BROKER_ID);
  const leaderLogEndOffset = args.integer('leader-leo');
  const isr = args.integerList('isr', 0, MAX_BROKER_ID);
  const leos = args.integerPairs('leos');
  const currentHighWatermark = args.optionalInteger('hw', 0);
  const minIsr = args.optionalInteger('min-isr', 1, 1, 100);
  if (!isr.includes(leader)) throw new ArgumentProblem(`isr must include the leader ${leader}`);
  const now = 60_000;
  const followers = new Map<number, FollowerProgress>();
  for (const [name, logEndOffset] of leos) {
    const brokerId = Number(name);
    if (!Number.isInteger(brokerId) || brokerId === leader) throw new ArgumentProblem(`leos names "${name}", which is not a follower id`);
    if (logEndOffset > leaderLogEndOffset) throw new ArgumentProblem(`follower ${name} cannot be ahead of the leader's LEO`);
    followers.set(brokerId, {
      brokerId,
      logEndOffset,
      lastCaughtUpTimeMs: isr.includes(brokerId) ? now : LONG_AGO_MS,
      lastFetchLeaderLogEndOffset: leaderLogEndOffset,
      lastFetchTimeMs: now,
      brokerEpoch: 1,
    });
  }
  for (const member of isr) {
    if (member !== leader && !followers.has(member)) throw new ArgumentProblem(`leos must give the LEO of ISR member ${member}`);
  }
  const replicationFactor = followers.size + 1;
  const hw = leaderHighWatermark({
    leaderId: leader,
    leaderLogEndOffset,
    currentHighWatermark,
    maximalIsr: isr,
    effectiveMinIsr: Math.min(minIsr, replicationFactor),
    followers,
    isrEligible: () => true,
    now,
    replicaLagTimeMaxMs: 30_000,
  });
  const answer = String(hw);
  return { answer, values: { answer, 'leader-leo': String(leaderLogEndOffset), isr: isr.join(', '), 'min-isr': String(minIsr) } };
};

/** range topics=t0:5,t1:2 members=C0,C1,C2 member=C0: what one member gets from the range assignor (semantics 8.5). */
const range: Computation = (args) => {
  const topics = args.integerPairs('topics', 0, MAX_PARTITIONS);
  const memberIds = args.list('members');
  const member = args.string('member');
  if (!memberIds.includes(member)) throw new ArgumentProblem(`member=${member} is not one of members`);
  const members: GroupMember[] = memberIds.map((memberId) => ({ memberId, groupInstanceId: null, topics: [...topics.keys()] }));
  const assignment = rangeAssignor(members, topics);
  const describe = (id: string): string => {
    const owned = assignment.get(id) ?? [];
    return owned.length === 0 ? 'nothing' : owned.map((tp) => `${tp.topic}-${tp.partition}`).join(', ');
  };
  const answer = describe(member);
  const everyone = memberIds.map((id) => `${id}: ${describe(id)}`).join('; ');
  return { answer, values: { answer, member, assignment: everyone } };
};

/**
 * leader-election replicas=3,1,2 isr=1,2 leader=1 fenced=1 [unclean=true]: who leads after the
 * controller fences a broker (semantics 6.6). Every broker but the fenced one is active.
 */
const leaderElection: Computation = (args) => {
  const replicas = args.integerList('replicas', 0, MAX_BROKER_ID);
  const isr = args.integerList('isr', 0, MAX_BROKER_ID);
  const currentLeader = args.integer('leader', 0, MAX_BROKER_ID);
  const fenced = args.integer('fenced', 0, MAX_BROKER_ID);
  const unclean = args.optionalString('unclean');
  if (unclean !== undefined && unclean !== 'true' && unclean !== 'false') throw new ArgumentProblem('unclean must be true or false');
  const targetIsr = isr.filter((broker) => broker !== fenced);
  const result = electLeader({
    replicas,
    isr: targetIsr,
    currentLeader,
    activeBrokers: new Set(replicas.filter((broker) => broker !== fenced)),
    uncleanLeaderElectionEnable: unclean === 'true',
  });
  const answer = result.leader === NO_LEADER ? 'no leader' : `broker ${result.leader}`;
  return {
    answer,
    values: { answer, replicas: replicas.join(', '), isr: isr.join(', '), 'new-isr': (targetIsr.length === 0 ? isr : targetIsr).join(', ') },
  };
};

/** coordinator-partition group=G: the __consumer_offsets partition whose leader coordinates group G (semantics 8.1). */
const coordinator: Computation = (args) => {
  const group = args.string('group');
  const answer = String(coordinatorPartition(group, DEFAULT_OFFSETS_TOPIC_PARTITIONS));
  return { answer, values: { answer, group, 'hash-code': String(javaStringHashCode(group)) } };
};

/**
 * raft-vote voter-epoch=5 voter-last-epoch=4 voter-leo=100 [voted-for=ID] candidate=2
 * candidate-epoch=6 candidate-last-epoch=5 candidate-leo=50: what an Unattached KRaft voter answers
 * a Vote request (semantics 6.2; src/kafka/kraft/vote.ts). Answers: "it grants the vote", "it
 * rejects the vote", or "it answers <ERROR_NAME>".
 */
const raftVote: Computation = (args) => {
  const voterEpoch = args.integer('voter-epoch', 0, 1_000_000);
  const votedFor = args.has('voted-for') ? args.integer('voted-for', 0, MAX_BROKER_ID) : undefined;
  const decision = decideVote(
    {
      id: 1_000_001,
      state: unattached(voterEpoch, votedFor),
      lastLogPosition: { epoch: args.integer('voter-last-epoch', 0, 1_000_000), offset: args.integer('voter-leo', 0, 1_000_000_000) },
    },
    {
      candidateId: args.integer('candidate', 0, MAX_BROKER_ID),
      candidateEpoch: args.integer('candidate-epoch', 0, 1_000_000),
      lastOffsetEpoch: args.integer('candidate-last-epoch', 0, 1_000_000),
      lastOffset: args.integer('candidate-leo', 0, 1_000_000_000),
    },
  );
  const answer =
    decision.error !== ErrorCode.NONE ? `it answers ${errorName(decision.error)}` : decision.granted ? 'it grants the vote' : 'it rejects the vote';
  return { answer, values: { answer, reason: decision.reason, 'new-epoch': String(decision.newState.epoch) } };
};

export const computations: ReadonlyMap<string, Computation> = new Map([
  ['partition', partition],
  ['high-watermark', highWatermark],
  ['range', range],
  ['leader-election', leaderElection],
  ['coordinator-partition', coordinator],
  ['raft-vote', raftVote],
]);
