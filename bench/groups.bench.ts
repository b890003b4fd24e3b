/**
 * Consumer groups: how long each assignor takes for a big group, and how many rebalances the
 * coordinator completes per second.
 *
 * 1. Assignment time for 1,000 members x 10,000 partitions (10 topics of 1,000), every member
 *    subscribed to every topic, per assignor: a fresh group (nobody owns anything) and, for
 *    cooperative-sticky, the rebalance after one member left (999 members keep what they own).
 *    Each figure is the median of a few runs after a warm-up.
 * 2. Rebalances per second: the classic coordinator alone (group/group-coordinator.ts, no network),
 *    a group of 10 members on 100 partitions: one member leaves and rejoins, everyone rejoins
 *    (JoinGroup), the leader's range assignment comes back (SyncGroup): one Stable generation.
 *    Counted over ~1.5 s of wall time. Also: simulated rebalances per wall second in the property
 *    runs (one broker, the whole protocol over the faulty network), from group-run.ts.
 *
 * Run alone: npx tsx bench/groups.bench.ts
 */
import { pathToFileURL } from 'node:url';
import type { Assignor, GroupMember } from '../src/kafka/group/assignor.js';
import { ASSIGNOR_NAMES, assignorByName } from '../src/kafka/group/assignor-registry.js';
import { defaultGroupCoordinatorConfig } from '../src/kafka/group/coordinator-config.js';
import { emptyCoordinatorState, expireCoordinator, handleGroupRequest, type CoordinatorHost, type GroupCoordinatorState } from '../src/kafka/group/group-coordinator.js';
import { rangeAssignor } from '../src/kafka/group/range-assignor.js';
import type { JoinGroupResponse } from '../src/kafka/protocol/group-messages.js';
import { Outbox } from '../src/kafka/step.js';
import { runGroupCheck } from '../src/sim/cluster/group-run.js';
import type { BenchResult } from './result.js';

const MEMBERS = 1_000;
const TOPICS = 10;
const PARTITIONS_PER_TOPIC = 1_000;

function bigGroup(): { members: GroupMember[]; partitionsPerTopic: Map<string, number> } {
  const topics = Array.from({ length: TOPICS }, (_, i) => `topic-${i}`);
  const members = Array.from({ length: MEMBERS }, (_, i) => ({ memberId: `consumer-${i}`, groupInstanceId: null, topics }));
  return { members, partitionsPerTopic: new Map(topics.map((topic) => [topic, PARTITIONS_PER_TOPIC])) };
}

function medianMs(run: () => void, repeats: number): number {
  run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function assignmentTimes(): BenchResult[] {
  const { members, partitionsPerTopic } = bigGroup();
  const results: BenchResult[] = [];
  for (const name of ASSIGNOR_NAMES) {
    const assignor: Assignor = assignorByName(name);
    const ms = medianMs(() => assignor(members, partitionsPerTopic), 3);
    results.push({ name: `assign ${name}, fresh group`, value: ms, unit: 'ms', note: `${MEMBERS} members x ${TOPICS * PARTITIONS_PER_TOPIC} partitions` });
  }
  // Sticky: everyone owns its previous share; one member has left.
  const before = assignorByName('cooperative-sticky')(members, partitionsPerTopic);
  const remaining = members.slice(1).map((member) => ({ ...member, ownedPartitions: before.get(member.memberId) ?? [] }));
  const ms = medianMs(() => assignorByName('cooperative-sticky')(remaining, partitionsPerTopic), 3);
  results.push({ name: 'assign cooperative-sticky, one member left', value: ms, unit: 'ms', note: `${MEMBERS - 1} members keep their partitions` });
  return results;
}

/** The coordinator alone, driven request by request (no network): completed rebalances per second. */
function coordinatorRebalancesPerSecond(): BenchResult {
  const GROUP = 'bench';
  const SIZE = 10;
  let state: GroupCoordinatorState = emptyCoordinatorState;
  let now = 0;
  let counter = 0;
  const inbox: JoinGroupResponse[] = [];
  const host = (out: Outbox): CoordinatorHost => ({
    now,
    random: { nextInt: (bound) => counter++ % bound },
    config: { ...defaultGroupCoordinatorConfig, groupInitialRebalanceDelayMs: 0 },
    out,
    offsetsPartitionCount: 1,
    offsetsLeaderEpoch: () => 0,
    readOffsetsLog: () => [],
    topicPartitionCount: () => 100,
    appendOffsetRecords: () => undefined,
  });
  const send = (from: string, request: Parameters<typeof handleGroupRequest>[2]): void => {
    const out = new Outbox('broker-1', now);
    state = handleGroupRequest(state, from, request, host(out));
    for (const envelope of out.messages) if (envelope.message.type === 'JoinGroupResponse') inbox.push(envelope.message);
  };
  const protocols = [{ name: 'range', topics: ['orders'], ownedPartitions: [] }];
  const join = (node: string, memberId: string): void =>
    send(node, { type: 'JoinGroupRequest', correlationId: 1, groupId: GROUP, memberId, clientId: node, sessionTimeoutMs: 45_000, rebalanceTimeoutMs: 300_000, protocols });
  const ids = new Map<string, string>();
  const nodes = Array.from({ length: SIZE }, (_, i) => `c${i}`);
  for (const node of nodes) {
    inbox.length = 0;
    join(node, '');
    ids.set(node, inbox[0]!.memberId);
  }
  const rebalance = (): void => {
    inbox.length = 0;
    for (const node of nodes) join(node, ids.get(node)!);
    now += 1;
    const out = new Outbox('broker-1', now);
    state = expireCoordinator(state, host(out));
    const leaderResponse = inbox.find((response) => response.members.length > 0)!;
    const members: GroupMember[] = leaderResponse.members.map((m) => ({ memberId: m.memberId, groupInstanceId: null, topics: m.protocol.topics }));
    const assignment = rangeAssignor(members, new Map([['orders', 100]]));
    for (const node of nodes) {
      const memberId = ids.get(node)!;
      const isLeader = memberId === leaderResponse.leader;
      send(node, {
        type: 'SyncGroupRequest',
        correlationId: 2,
        groupId: GROUP,
        generationId: leaderResponse.generationId,
        memberId,
        assignments: isLeader ? [...assignment].map(([id, partitions]) => ({ memberId: id, partitions })) : [],
      });
    }
    // The next round starts with a leave and a rejoin of the last member (a membership change).
    const last = nodes[nodes.length - 1]!;
    send(last, { type: 'LeaveGroupRequest', correlationId: 3, groupId: GROUP, memberId: ids.get(last)! });
    inbox.length = 0;
    join(last, '');
    ids.set(last, inbox[0]!.memberId);
  };
  for (let i = 0; i < 200; i++) rebalance(); // warm-up
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < 1_500) {
    rebalance();
    count++;
  }
  const generation = state.classicGroups.get(GROUP)!.generationId;
  return { name: 'coordinator rebalances (10 members, no network)', value: (count * 1_000) / (performance.now() - start), unit: 'rebalances/s', note: `generation ${generation} reached` };
}

function simulatedRebalancesPerSecond(): BenchResult {
  let rebalances = 0;
  const start = performance.now();
  let runs = 0;
  while (performance.now() - start < 2_000) {
    const result = runGroupCheck({
      seed: runs,
      assignor: 'range',
      groups: 1,
      initialMembers: 3,
      poolSize: 4,
      records: 8,
      schedule: [
        { atMs: 2_000, kind: 'join', member: 3, group: 0, durationMs: 0 },
        { atMs: 5_000, kind: 'crash', member: 0, group: 0, durationMs: 0 },
        { atMs: 8_000, kind: 'leave', member: 1, group: 0, durationMs: 0 },
      ],
    });
    if (result.violation !== undefined) throw new Error(`a group run broke ${result.violation.invariant}: ${result.violation.message}`);
    rebalances += result.rebalances;
    runs++;
  }
  const seconds = (performance.now() - start) / 1_000;
  return { name: 'simulated rebalances (1 broker, 4 members, whole protocol)', value: rebalances / seconds, unit: 'rebalances/s', note: `${runs} runs, ${(runs / seconds).toFixed(1)} runs/s` };
}

export async function benchGroups(): Promise<BenchResult[]> {
  return [...assignmentTimes(), coordinatorRebalancesPerSecond(), simulatedRebalancesPerSecond()];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { formatBenchTable } = await import('./result.js');
  console.log(formatBenchTable(await benchGroups()));
}
