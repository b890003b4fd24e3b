/**
 * Exercise 06 in real consumer groups: the learner's assign runs as the group leader's range
 * assignor (the cluster's `rangeAssignor` mechanism) while consumers join, leave and crash in a
 * one-broker cluster with its group coordinator, through the classic protocol (JoinGroup,
 * SyncGroup, heartbeats; KIP-62, KIP-345). src/sim/cluster/group-run.ts watches the named
 * promises (every partition exactly one owner per generation, no two owners at once, groups
 * settle). Each run keeps the group-level events for the short trace and the
 * learner's calls: the first whose assignment leaves a partition without exactly one owner, or else
 * the latest.
 *
 * The adapter: the leader's assignor receives Kafka's member descriptions (JoinGroup subscriptions,
 * with the partitions each owned before, which range ignores); the exercise's Member is the same
 * minus ownedPartitions.
 */
import type { Assignment, Assignor } from '../../kafka/group/assignor.js';
import type { Violation } from '../../kafka/invariants/invariant.js';
import { runGroupCheck, type GroupAction } from '../../sim/cluster/group-run.js';
import type { SimTraceEvent } from '../../sim/sim-events.js';
import { formatEvent } from '../../sim/trace-format.js';
import { CallLog, type RecordedCall } from '../call-log.js';
import { learnerError } from '../scenario-trace.js';
import type * as Starter from '../../../labs/02-architecture/starters/06-range-assignor/range-assignor.js';

export type Assign = typeof Starter.assign;

export interface GroupScenario {
  readonly seed: number;
  readonly initialMembers: number;
  readonly schedule: readonly GroupAction[];
  /** In words, for the trace's first line. */
  readonly story: string;
}

export interface GroupRun {
  readonly scenario: GroupScenario;
  readonly violation: Violation | undefined;
  /** The learner's function threw (or returned no Map) inside the group: the run stopped there. */
  readonly stopped: { readonly atMs: number | undefined; readonly message: string } | undefined;
  /** When the violation was seen (from its message), if known. */
  readonly atMs: number | undefined;
  readonly events: readonly SimTraceEvent[];
  readonly call: RecordedCall | undefined;
}

/** Group-level events (not the wire, not fetches) make the learner's trace. */
const SHOWN = /^(group\.|consumer\.(assigned|revoked|subscribed|joined|left)|node\.)/;

function memberView(members: Parameters<Assignor>[0]): Starter.Member[] {
  return members.map((member) => ({ memberId: member.memberId, groupInstanceId: member.groupInstanceId, topics: [...member.topics] }));
}

/** Does this output give every partition of every subscribed topic exactly one owner, among the members? */
function oneOwnerEach(members: readonly Starter.Member[], partitionsPerTopic: ReadonlyMap<string, number>, output: unknown): boolean {
  if (!(output instanceof Map)) return false;
  const owners = new Map<string, number>();
  for (const [memberId, partitions] of output as Map<string, Starter.TopicPartition[]>) {
    if (!members.some((member) => member.memberId === memberId) || !Array.isArray(partitions)) return false;
    for (const { topic, partition } of partitions) owners.set(`${topic}-${partition}`, (owners.get(`${topic}-${partition}`) ?? 0) + 1);
  }
  for (const topic of new Set(members.flatMap((member) => member.topics))) {
    for (let partition = 0; partition < (partitionsPerTopic.get(topic) ?? 0); partition++) if (owners.get(`${topic}-${partition}`) !== 1) return false;
  }
  return true;
}

export function runGroup(assign: Assign, scenario: GroupScenario): GroupRun {
  const log = new CallLog();
  const recorded = log.wrap('assign', assign);
  log.suspect('assign', (inputs, output) => !oneOwnerEach(inputs[0] as Starter.Member[], inputs[1] as ReadonlyMap<string, number>, output));
  const rangeAssignor: Assignor = (members, partitionsPerTopic) => {
    const output: unknown = recorded(memberView(members), partitionsPerTopic);
    if (!(output instanceof Map)) throw new Error(`assign returned ${JSON.stringify(output)}; it must return a Map from member id to that member's partitions`);
    return output as Assignment;
  };
  let result: ReturnType<typeof runGroupCheck>;
  try {
    result = runGroupCheck({
    seed: scenario.seed,
    assignor: 'range',
    groups: 1,
    initialMembers: scenario.initialMembers,
    poolSize: 4,
    schedule: scenario.schedule,
    // No records: ownership is what an assignor decides, and producing and fetching would cost most of the run.
    records: 0,
    mechanisms: { rangeAssignor },
    horizonMs: 12_000,
    livenessMs: 20_000,
    recordTrace: true,
    });
  } catch (error) {
    const cause = learnerError(error);
    const atMs = error instanceof Error && 'timeMs' in error && typeof error.timeMs === 'number' ? error.timeMs : undefined;
    const stopped = { atMs, message: cause instanceof Error ? cause.message : String(cause) };
    return { scenario, violation: undefined, stopped, atMs, events: [], call: log.last('assign') };
  }
  const violation = result.violation;
  const at = violation === undefined ? undefined : /t=(\d+)ms/.exec(violation.message)?.[1];
  const events = result.cluster.sim.trace.filter((event) => SHOWN.test(event.type));
  return { scenario, violation, stopped: undefined, atMs: at === undefined ? undefined : Number(at), events, call: log.firstSuspect('assign') ?? log.last('assign') };
}

/** The last `lines` lines of the run's trace up to `atMs` (or its end), the scenario first. */
export function groupTrace(run: GroupRun, lines: number): { trace: string[]; brokeAtStep: number } {
  const upTo = run.atMs === undefined ? run.events : run.events.filter((event) => event.at <= run.atMs!);
  const trace = [run.scenario.story, ...upTo.slice(-(lines - 1)).map(formatEvent)];
  return { trace, brokeAtStep: trace.length - 1 };
}
