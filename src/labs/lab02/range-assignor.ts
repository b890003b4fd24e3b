/**
 * Exercise 06, the range assignor: hint ladder and promises. The learner's assign runs as the
 * group leader's range assignor in real consumer groups (a broker with its group coordinator,
 * members joining, leaving and crashing through the classic protocol: range-assignor-group.ts),
 * and at every rebalance of a scripted group whose members (some static) join, leave and subscribe
 * to several topics, which the simulated groups (one topic, dynamic members) do not reach; the
 * checks are the lesson's promises (every partition has exactly one owner, ranges per topic, the
 * first P % M members get one more) and Kafka's exact output for the same group in any input
 * order. Kafka: RangeAssignor.assignPartitions (rack-unaware), AbstractPartitionAssignor.MemberInfo.compareTo.
 */
import { rangeAssignor } from '../../kafka/group/range-assignor.js';
import { SeededRandom } from '../../sim/random.js';
import { broken, plain, type Check, type ExerciseDefinition } from '../exercise.js';
import { SHORT_TRACE_LINES } from '../scenario-trace.js';
import { groupTrace, runGroup, type GroupRun, type GroupScenario } from './range-assignor-group.js';
import type * as Starter from '../../../labs/02-architecture/starters/06-range-assignor/range-assignor.js';

export type RangeAssignorImpl = typeof Starter;
type Member = Starter.Member;
type Assignment = Map<string, Starter.TopicPartition[]>;

const TOPICS = ['clicks', 'orders', 'payments'];

interface Rebalance {
  readonly members: Member[];
  readonly partitionsPerTopic: Map<string, number>;
  readonly story: string[];
}

/** A group's life: members join (some static), leave, change subscriptions; one rebalance per change. */
function rebalances(seed: number): Rebalance[] {
  const random = new SeededRandom(seed);
  const partitionsPerTopic = new Map(TOPICS.map((topic) => [topic, 1 + random.nextInt(8)] as [string, number]));
  let members: Member[] = [];
  const story: string[] = [`topics: ${[...partitionsPerTopic].map(([topic, count]) => `${topic} (${count} partitions)`).join(', ')}`];
  const result: Rebalance[] = [];
  let joined = 0;
  for (let step = 0; step < 10; step++) {
    if (members.length === 0 || (random.chance(0.6) && members.length < 7)) {
      joined++;
      // Ids that sort differently as numbers and as strings: consumer-10 comes before consumer-2.
      const number = [2, 10, 1, 11, 3, 20, 7, 12][joined % 8]!;
      const isStatic = random.chance(0.3);
      const topics = TOPICS.filter(() => random.chance(0.6));
      const member: Member = {
        memberId: `consumer-${number}-${joined}`,
        groupInstanceId: isStatic ? `instance-${String.fromCharCode(122 - joined)}` : null,
        topics: topics.length > 0 ? topics : ['orders'],
      };
      members = [...members, member];
      story.push(`${member.memberId}${isStatic ? ` (static, ${member.groupInstanceId})` : ''} joins, subscribed to ${member.topics.join(', ')}`);
    } else {
      const leaving = members[random.nextInt(members.length)]!;
      members = members.filter((member) => member !== leaving);
      story.push(`${leaving.memberId} leaves`);
    }
    // The leader sees members in whatever order the coordinator lists them.
    result.push({ members: shuffle(random, members), partitionsPerTopic, story: [...story] });
  }
  return result;
}

function shuffle<T>(random: SeededRandom, items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = random.nextInt(index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

const SEEDS = [61, 62, 63, 64, 65, 66];

function forEachRebalance(impl: RangeAssignorImpl, check: (rebalance: Rebalance, assignment: Assignment, seed: number) => void): void {
  for (const seed of SEEDS) {
    for (const rebalance of rebalances(seed)) {
      const assignment = impl.assign(rebalance.members, rebalance.partitionsPerTopic);
      if (!(assignment instanceof Map)) {
        broken(`assign returned ${JSON.stringify(plain(assignment))}; it must return a Map from member id to that member's partitions`, { seed, ...story(rebalance) });
      }
      check(rebalance, assignment, seed);
    }
  }
}

function story(rebalance: Rebalance): { trace: string[]; brokeAtStep: number } {
  const trace = [...rebalance.story.slice(-10), 'rebalance: the leader runs the assignor'];
  return { trace, brokeAtStep: trace.length - 1 };
}

function call(rebalance: Rebalance, assignment: Assignment): { fn: string; inputs: unknown; output: unknown } {
  return { fn: 'assign', inputs: plain([rebalance.members, rebalance.partitionsPerTopic]), output: plain(assignment) };
}

const oneOwner: Check<RangeAssignorImpl> = {
  id: 'every-partition-one-owner',
  promise: 'every partition of a subscribed topic has exactly one owner, who subscribes to it',
  run(impl) {
    forEachRebalance(impl, (rebalance, assignment, seed) => {
      const owners = new Map<string, string[]>();
      for (const member of rebalance.members) {
        if (!assignment.has(member.memberId)) broken(`member ${member.memberId} has no entry in the assignment: every member gets a list, empty if need be`, { seed, ...story(rebalance), call: call(rebalance, assignment) });
      }
      for (const [memberId, partitions] of assignment) {
        const member = rebalance.members.find((candidate) => candidate.memberId === memberId);
        for (const { topic, partition } of partitions) {
          if (member === undefined || !member.topics.includes(topic)) {
            broken(`${memberId} got ${topic}-${partition} but ${member === undefined ? 'is not in the group' : `does not subscribe to ${topic}`}`, { seed, ...story(rebalance), call: call(rebalance, assignment) });
          }
          owners.set(`${topic}-${partition}`, [...(owners.get(`${topic}-${partition}`) ?? []), memberId]);
        }
      }
      const subscribed = new Set(rebalance.members.flatMap((member) => member.topics));
      for (const topic of subscribed) {
        for (let partition = 0; partition < (rebalance.partitionsPerTopic.get(topic) ?? 0); partition++) {
          const who = owners.get(`${topic}-${partition}`) ?? [];
          if (who.length !== 1) {
            broken(`${topic}-${partition} has ${who.length === 0 ? 'no owner: its records are never consumed' : `${who.length} owners (${who.join(', ')}): its records are consumed twice`}`, {
              seed,
              ...story(rebalance),
              call: call(rebalance, assignment),
            });
          }
        }
      }
    });
  },
};

const rangesPerTopic: Check<RangeAssignorImpl> = {
  id: 'ranges-per-topic',
  promise: "each topic is split on its own into consecutive ranges, the first P % M members (in Kafka's member order) getting one more",
  run(impl) {
    forEachRebalance(impl, (rebalance, assignment, seed) => {
      const expected = rangeAssignor(rebalance.members, rebalance.partitionsPerTopic);
      for (const topic of TOPICS) {
        const subscribers = rebalance.members.filter((member) => member.topics.includes(topic));
        if (subscribers.length === 0) continue;
        const partitions = rebalance.partitionsPerTopic.get(topic)!;
        const counts = subscribers.map((member) => (assignment.get(member.memberId) ?? []).filter((tp) => tp.topic === topic).length).sort((a, b) => b - a);
        const wanted = subscribers.map((member) => (expected.get(member.memberId) ?? []).filter((tp) => tp.topic === topic).length).sort((a, b) => b - a);
        if (counts.join() !== wanted.join()) {
          broken(
            `${topic} has ${partitions} partitions for ${subscribers.length} subscribers: range gives each ${Math.floor(partitions / subscribers.length)} and the first ${partitions % subscribers.length} one more ` +
              `(counts ${wanted.join(', ')}), per topic; yours gave ${counts.join(', ')}`,
            { seed, ...story(rebalance), call: call(rebalance, assignment) },
          );
        }
        for (const member of subscribers) {
          const mine = (assignment.get(member.memberId) ?? []).filter((tp) => tp.topic === topic).map((tp) => tp.partition).sort((a, b) => a - b);
          const consecutive = mine.every((partition, index) => index === 0 || partition === mine[index - 1]! + 1);
          if (!consecutive) broken(`${member.memberId} got ${topic} partitions ${mine.join(', ')}: range gives each member one consecutive range of a topic`, { seed, ...story(rebalance), call: call(rebalance, assignment) });
        }
      }
    });
  },
};

const sameAsKafka: Check<RangeAssignorImpl> = {
  id: 'members-sorted-like-kafka',
  promise: "the result is Kafka's, whatever order the members arrive in (static members first by group.instance.id, then member ids as Java compares strings)",
  run(impl) {
    forEachRebalance(impl, (rebalance, assignment, seed) => {
      const expected = rangeAssignor(rebalance.members, rebalance.partitionsPerTopic);
      for (const member of rebalance.members) {
        const show = (partitions: readonly Starter.TopicPartition[] | undefined): string =>
          (partitions ?? []).map((tp) => `${tp.topic}-${tp.partition}`).sort().join(', ') || 'nothing';
        const got = show(assignment.get(member.memberId));
        const want = show(expected.get(member.memberId));
        if (got === want) continue;
        const order = [...rebalance.members].sort((a, b) => {
          if (a.groupInstanceId !== null && b.groupInstanceId !== null) return a.groupInstanceId < b.groupInstanceId ? -1 : 1;
          if (a.groupInstanceId !== null) return -1;
          if (b.groupInstanceId !== null) return 1;
          return a.memberId < b.memberId ? -1 : 1;
        });
        broken(
          `${member.memberId} got ${got}; Kafka gives it ${want}. Kafka's member order here: ${order.map((m) => m.groupInstanceId ?? m.memberId).join(', ')} ` +
            '(static members first by group.instance.id, then dynamic ones by member id compared as strings, so consumer-10 comes before consumer-2)',
          { seed, ...story(rebalance), call: call(rebalance, assignment) },
        );
      }
    });
  },
};

const act = (atMs: number, kind: 'join' | 'leave' | 'crash' | 'restart', member: number) => ({ atMs, kind, member, group: 0, durationMs: 1_000 });

/** Real groups on a 4-partition topic: members arriving one by one and one leaving; a member crashing, timed out, and coming back. */
export const GROUP_SCENARIOS: readonly GroupScenario[] = [
  {
    seed: 12,
    initialMembers: 1,
    schedule: [act(2_000, 'join', 1), act(4_000, 'join', 2), act(6_000, 'join', 3), act(9_000, 'leave', 0)],
    story: 'group-0 on orders (4 partitions): g0-c0 starts alone; g0-c1, g0-c2, g0-c3 join at 2, 4, 6 s; g0-c0 leaves at 9 s',
  },
  {
    seed: 13,
    initialMembers: 4,
    schedule: [act(3_000, 'crash', 1), act(11_000, 'restart', 1)],
    story: 'group-0 on orders (4 partitions): g0-c0 to g0-c3 from the start; g0-c1 crashes at 3 s (session timeout 6 s) and restarts at 11 s',
  },
];

const groupMemo = new WeakMap<RangeAssignorImpl, GroupRun[]>();

const inRealGroups: Check<RangeAssignorImpl> = {
  id: 'one-owner-in-real-groups',
  promise: 'in real consumer groups (coordinator, JoinGroup and SyncGroup, members joining, leaving, crashing) every generation gives each partition exactly one owner',
  run(impl) {
    let runs = groupMemo.get(impl);
    if (runs === undefined) {
      runs = GROUP_SCENARIOS.map((scenario) => runGroup((members, partitionsPerTopic) => impl.assign(members, partitionsPerTopic), scenario));
      groupMemo.set(impl, runs);
    }
    for (const run of runs) {
      const details = { seed: run.scenario.seed, ...groupTrace(run, SHORT_TRACE_LINES), ...(run.call !== undefined && { call: run.call }) };
      if (run.stopped !== undefined) broken(`the group stopped${run.stopped.atMs === undefined ? '' : ` at ${run.stopped.atMs} ms`} when its leader ran your assign: ${run.stopped.message}`, details);
      if (run.violation !== undefined) broken(`${run.violation.invariant}: ${run.violation.message}`, details);
    }
  },
};

export const rangeAssignorExercise: ExerciseDefinition<RangeAssignorImpl> = {
  id: '06-range-assignor',
  title: "The range assignor: Kafka's exact per-topic algorithm",
  file: 'exercises/06-range-assignor/range-assignor.ts',
  exports: ['assign'],
  hints: [
    'Range works one topic at a time: for each topic, only the members subscribed to it share its partitions, in a fixed member order. The input order of `members` means nothing.',
    "Member order (Kafka's MemberInfo.compareTo): members with a groupInstanceId first, ordered by it; then the others by memberId. Compare strings with < and > (Java's String.compareTo), not localeCompare and not as numbers.",
    'For a topic with P partitions and M subscribers (sorted): n = Math.floor(P / M), extra = P % M. Subscriber i gets partitions from start = n * i + Math.min(i, extra), count n + (i < extra ? 1 : 0).',
    'Start from a Map with an empty list for every member; loop over the subscribed topics that appear in partitionsPerTopic; push { topic, partition } for each partition of each range.',
  ],
  hintFor: {
    'every-partition-one-owner': 3,
    'ranges-per-topic': 2,
    'members-sorted-like-kafka': 1,
    'one-owner-in-real-groups': 2,
  },
  checks: [oneOwner, rangesPerTopic, sameAsKafka, inRealGroups],
};
