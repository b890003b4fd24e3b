/**
 * The classic group coordinator as a pure machine, driven request by request with a fake host (one
 * __consumer_offsets partition held in memory). Rules: kafka-semantics.md 8.2, 8.4;
 * ClassicGroup.java, GroupMetadataManager.java (classicGroupJoin/Sync/Heartbeat/Leave).
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/kafka/errors.js';
import { defaultGroupCoordinatorConfig } from '../../../src/kafka/group/coordinator-config.js';
import {
  coordinatorDeadline,
  emptyCoordinatorState,
  expireCoordinator,
  groupOffsets,
  handleGroupRequest,
  offsetWriteCompleted,
  type CoordinatorHost,
  type GroupCoordinatorState,
} from '../../../src/kafka/group/group-coordinator.js';
import { latestOffsets } from '../../../src/kafka/group/offsets.js';
import type { LogEntry } from '../../../src/kafka/log/record.js';
import type { GroupRequest, JoinGroupProtocol } from '../../../src/kafka/protocol/group-messages.js';
import type { Message } from '../../../src/kafka/protocol/messages.js';
import { Outbox, type Envelope } from '../../../src/kafka/step.js';
import type { TraceEvent } from '../../../src/kafka/trace.js';

const GROUP = 'orders-app';
const SESSION_MS = 10_000;
const range = (topics: string[] = ['orders'], ownedPartitions: JoinGroupProtocol['ownedPartitions'] = []): JoinGroupProtocol => ({ name: 'range', topics, ownedPartitions });

/** The coordinator on one broker that leads __consumer_offsets-0 (of 1) with `leaderEpoch`. */
class Coordinator {
  state: GroupCoordinatorState = emptyCoordinatorState;
  now = 0;
  log: LogEntry[] = [];
  leaderEpoch: number | undefined = 0;
  writes: Array<{ writeId: number }> = [];
  sent: Envelope[] = [];
  events: TraceEvent[] = [];
  private counter = 0;

  host(out: Outbox): CoordinatorHost {
    return {
      now: this.now,
      random: { nextInt: (bound) => this.counter++ % bound },
      config: defaultGroupCoordinatorConfig,
      out,
      offsetsPartitionCount: 1,
      offsetsLeaderEpoch: () => this.leaderEpoch,
      readOffsetsLog: () => this.log,
      topicPartitionCount: (topic) => (topic === 'orders' ? 4 : undefined),
      appendOffsetRecords: (_partition, writeId, records) => {
        for (const record of records) this.log.push({ offset: this.log.length, leaderEpoch: 0, record });
        this.writes.push({ writeId });
      },
    };
  }

  private run(action: (host: CoordinatorHost) => GroupCoordinatorState): Envelope[] {
    const out = new Outbox('broker-1', this.now);
    this.state = action(this.host(out));
    this.sent.push(...out.messages);
    this.events.push(...out.events);
    return out.messages;
  }

  request(from: string, request: GroupRequest): Envelope[] {
    return this.run((host) => handleGroupRequest(this.state, from, request, host));
  }

  at(ms: number): this {
    this.now = ms;
    this.run((host) => expireCoordinator(this.state, host));
    return this;
  }

  completeWrites(error: ErrorCode = ErrorCode.NONE): Envelope[] {
    const writes = this.writes.splice(0);
    return writes.flatMap(({ writeId }) => this.run((host) => offsetWriteCompleted(this.state, writeId, error, host)));
  }

  /** The only message sent to `node` since `since`, of `type`. */
  reply<T extends Message['type']>(node: string, type: T, messages: Envelope[] = this.sent): Extract<Message, { type: T }> {
    const found = messages.filter((e) => e.to === node && e.message.type === type);
    expect(found, `${type} to ${node}`).toHaveLength(1);
    return found[0]!.message as Extract<Message, { type: T }>;
  }
}

let correlation = 0;
const join = (memberId: string, protocols: JoinGroupProtocol[] = [range()], overrides: Partial<Extract<GroupRequest, { type: 'JoinGroupRequest' }>> = {}): GroupRequest => ({
  type: 'JoinGroupRequest',
  correlationId: ++correlation,
  groupId: GROUP,
  memberId,
  clientId: 'client',
  sessionTimeoutMs: SESSION_MS,
  rebalanceTimeoutMs: 30_000,
  protocols,
  ...overrides,
});

/** Two members through MEMBER_ID_REQUIRED, the initial delay and the sync: generation 1, Stable. */
function stableGroupOfTwo(c: Coordinator): { a: string; b: string } {
  const a = c.reply('a', 'JoinGroupResponse', c.request('a', join(''))).memberId;
  const b = c.reply('b', 'JoinGroupResponse', c.request('b', join(''))).memberId;
  c.request('a', join(a));
  c.request('b', join(b));
  c.at(defaultGroupCoordinatorConfig.groupInitialRebalanceDelayMs);
  c.request('b', { type: 'SyncGroupRequest', correlationId: ++correlation, groupId: GROUP, generationId: 1, memberId: b, assignments: [] });
  c.request('a', {
    type: 'SyncGroupRequest',
    correlationId: ++correlation,
    groupId: GROUP,
    generationId: 1,
    memberId: a,
    assignments: [
      { memberId: a, partitions: [{ topic: 'orders', partition: 0 }] },
      { memberId: b, partitions: [{ topic: 'orders', partition: 1 }] },
    ],
  });
  return { a, b };
}

const heartbeat = (memberId: string, generationId: number): GroupRequest => ({ type: 'HeartbeatRequest', correlationId: ++correlation, groupId: GROUP, generationId, memberId });

describe('JoinGroup and SyncGroup', () => {
  it('a first join gets MEMBER_ID_REQUIRED (79) with a member id made of client.id and a UUID', () => {
    const c = new Coordinator();
    const response = c.reply('a', 'JoinGroupResponse', c.request('a', join('')));
    expect(response.error).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(response.memberId).toMatch(/^client-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('an unknown, never handed out member id gets UNKNOWN_MEMBER_ID (25)', () => {
    const c = new Coordinator();
    expect(c.reply('a', 'JoinGroupResponse', c.request('a', join('made-up'))).error).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('the join of an empty group waits group.initial.rebalance.delay.ms, then answers everyone with generation 1; only the leader gets the members', () => {
    const c = new Coordinator();
    const a = c.reply('a', 'JoinGroupResponse', c.request('a', join(''))).memberId;
    const b = c.reply('b', 'JoinGroupResponse', c.request('b', join(''))).memberId;
    expect(c.request('a', join(a))).toEqual([]);
    expect(c.request('b', join(b))).toEqual([]);
    expect(coordinatorDeadline(c.state)).toBe(3_000);
    c.sent = [];
    c.at(2_999);
    expect(c.sent).toEqual([]);
    c.at(3_000);
    const toA = c.reply('a', 'JoinGroupResponse');
    const toB = c.reply('b', 'JoinGroupResponse');
    expect(toA).toMatchObject({ error: ErrorCode.NONE, generationId: 1, leader: a, protocolName: 'range' });
    expect(toA.members.map((m) => m.memberId)).toEqual([a, b]);
    expect(toB).toMatchObject({ error: ErrorCode.NONE, generationId: 1, leader: a, members: [] });
  });

  it('followers wait at the sync barrier until the leader brings the assignment; then the group is Stable', () => {
    const c = new Coordinator();
    const { a, b } = stableGroupOfTwo(c);
    expect(c.reply('b', 'SyncGroupResponse')).toMatchObject({ error: ErrorCode.NONE, assignment: [{ topic: 'orders', partition: 1 }] });
    expect(c.reply('a', 'SyncGroupResponse')).toMatchObject({ error: ErrorCode.NONE, assignment: [{ topic: 'orders', partition: 0 }] });
    expect(c.state.classicGroups.get(GROUP)!.state).toBe('Stable');
    expect(c.events.find((e) => e.type === 'group.stable')).toMatchObject({ generationId: 1, assignment: { [a]: ['orders-0'], [b]: ['orders-1'] } });
  });

  it('a member sharing no assignor with the group gets INCONSISTENT_GROUP_PROTOCOL (23); the vote picks the most popular common assignor', () => {
    const c = new Coordinator();
    stableGroupOfTwo(c);
    const x = c.reply('x', 'JoinGroupResponse', c.request('x', join(''))).memberId;
    const refused = c.reply('x', 'JoinGroupResponse', c.request('x', join(x, [{ name: 'roundrobin', topics: ['orders'], ownedPartitions: [] }])));
    expect(refused.error).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);

    const d = new Coordinator();
    const ids = ['p', 'q', 'r'].map((node) => d.reply(node, 'JoinGroupResponse', d.request(node, join(''))).memberId);
    const rr = { name: 'roundrobin', topics: ['orders'], ownedPartitions: [] };
    d.request('p', join(ids[0]!, [range(), rr]));
    d.request('q', join(ids[1]!, [rr, range()]));
    d.request('r', join(ids[2]!, [rr, range()]));
    d.sent = [];
    d.at(3_000);
    expect(d.reply('p', 'JoinGroupResponse').protocolName).toBe('roundrobin');
  });

  it.each([
    ['an empty group id', join('', [range()], { groupId: '' }), ErrorCode.INVALID_GROUP_ID],
    ['a session timeout below group.min.session.timeout.ms', join('', [range()], { sessionTimeoutMs: 5_999 }), ErrorCode.INVALID_SESSION_TIMEOUT],
    ['a session timeout above group.max.session.timeout.ms', join('', [range()], { sessionTimeoutMs: 1_800_001 }), ErrorCode.INVALID_SESSION_TIMEOUT],
    ['no assignor at all', join('', []), ErrorCode.INCONSISTENT_GROUP_PROTOCOL],
  ])('refuses %s', (_what, request, error) => {
    const c = new Coordinator();
    expect(c.reply('a', 'JoinGroupResponse', c.request('a', request)).error).toBe(error);
  });
});

describe('Heartbeat, LeaveGroup and the session timeout', () => {
  it('answers NONE when stable, ILLEGAL_GENERATION (22) for another generation, UNKNOWN_MEMBER_ID (25) for a stranger', () => {
    const c = new Coordinator();
    const { a } = stableGroupOfTwo(c);
    expect(c.reply('a', 'HeartbeatResponse', c.request('a', heartbeat(a, 1))).error).toBe(ErrorCode.NONE);
    expect(c.reply('a', 'HeartbeatResponse', c.request('a', heartbeat(a, 0))).error).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(c.reply('z', 'HeartbeatResponse', c.request('z', heartbeat('z', 1))).error).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('a newcomer starts a rebalance: heartbeats answer REBALANCE_IN_PROGRESS (27) until everyone rejoined; the generation goes up', () => {
    const c = new Coordinator();
    const { a, b } = stableGroupOfTwo(c);
    c.at(4_000);
    const x = c.reply('x', 'JoinGroupResponse', c.request('x', join(''))).memberId;
    c.request('x', join(x));
    expect(c.reply('a', 'HeartbeatResponse', c.request('a', heartbeat(a, 1))).error).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    c.sent = [];
    c.request('a', join(a));
    expect(c.sent).toEqual([]); // b has not rejoined yet
    c.request('b', join(b));
    expect(c.reply('x', 'JoinGroupResponse')).toMatchObject({ error: ErrorCode.NONE, generationId: 2, leader: a });
  });

  it('a member that stops heartbeating is removed exactly session.timeout.ms after its last heartbeat (virtual time)', () => {
    const c = new Coordinator();
    const { a, b } = stableGroupOfTwo(c);
    c.at(5_000);
    c.request('a', heartbeat(a, 1));
    for (let t = 6_000; t <= 14_000; t += 2_000) c.at(t).request('b', heartbeat(b, 1));
    expect(coordinatorDeadline(c.state)).toBe(5_000 + SESSION_MS);
    c.at(14_999);
    expect(c.state.classicGroups.get(GROUP)!.members.has(a)).toBe(true);
    c.at(15_000);
    expect(c.state.classicGroups.get(GROUP)!.members.has(a)).toBe(false);
    expect(c.events.filter((e) => e.type === 'group.member-removed')).toEqual([expect.objectContaining({ memberId: a, reason: 'session-timeout', at: 15_000 })]);
    expect(c.state.classicGroups.get(GROUP)!.state).toBe('PreparingRebalance');
  });

  it('LeaveGroup removes the member at once and rebalances the rest; the last one out leaves the group Empty', () => {
    const c = new Coordinator();
    const { a, b } = stableGroupOfTwo(c);
    expect(c.reply('a', 'LeaveGroupResponse', c.request('a', { type: 'LeaveGroupRequest', correlationId: ++correlation, groupId: GROUP, memberId: a })).error).toBe(ErrorCode.NONE);
    c.sent = [];
    c.request('b', join(b));
    expect(c.reply('b', 'JoinGroupResponse')).toMatchObject({ generationId: 2, leader: b });
    c.request('b', { type: 'LeaveGroupRequest', correlationId: ++correlation, groupId: GROUP, memberId: b });
    expect(c.state.classicGroups.get(GROUP)).toMatchObject({ state: 'Empty', generationId: 3 });
  });
});

const commit = (memberId: string, generationId: number, offset = 43, partition = 0): GroupRequest => ({
    type: 'OffsetCommitRequest',
    correlationId: ++correlation,
    groupId: GROUP,
    generationIdOrMemberEpoch: generationId,
    memberId,
    offsets: [{ topic: 'orders', partition, offset }],
  });

describe('OffsetCommit and OffsetFetch', () => {

  it('a commit is answered only once its record is written; the record is keyed by group/topic/partition; OffsetFetch returns it', () => {
    const c = new Coordinator();
    const { a } = stableGroupOfTwo(c);
    expect(c.request('a', commit(a, 1, 43))).toEqual([]);
    expect(c.log.map((e) => [e.record.key, e.record.value])).toEqual([['["offset","orders-app","orders",0]', '{"offset":43}']]);
    expect(c.reply('a', 'OffsetCommitResponse', c.completeWrites()).error).toBe(ErrorCode.NONE);
    const fetched = c.reply('a', 'OffsetFetchResponse', c.request('a', { type: 'OffsetFetchRequest', correlationId: ++correlation, groupId: GROUP, partitions: [{ topic: 'orders', partition: 0 }, { topic: 'orders', partition: 1 }] }));
    expect(fetched.offsets).toEqual([{ topic: 'orders', partition: 0, offset: 43 }, { topic: 'orders', partition: 1, offset: -1 }]);
  });

  it('refuses a stale generation (ILLEGAL_GENERATION) and a stranger (UNKNOWN_MEMBER_ID); a commit outside group management only while Empty', () => {
    const c = new Coordinator();
    const { a } = stableGroupOfTwo(c);
    expect(c.reply('a', 'OffsetCommitResponse', c.request('a', commit(a, 0))).error).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(c.reply('z', 'OffsetCommitResponse', c.request('z', commit('z', 1))).error).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(c.reply('admin', 'OffsetCommitResponse', c.request('admin', commit('', -1))).error).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const empty = new Coordinator();
    empty.request('admin', commit('', -1));
    expect(empty.reply('admin', 'OffsetCommitResponse', empty.completeWrites()).error).toBe(ErrorCode.NONE);
    expect(c.log).toEqual([]);
  });

  it('does not check ownership, as Kafka: a member of the current generation may commit a partition it does not own; a member that lost it in a rebalance is stopped by the generation', () => {
    const c = new Coordinator();
    const { a, b } = stableGroupOfTwo(c);
    c.request('a', commit(a, 1, 7, 1)); // orders-1 belongs to b
    expect(c.reply('a', 'OffsetCommitResponse', c.completeWrites()).error).toBe(ErrorCode.NONE);
    const x = c.reply('x', 'JoinGroupResponse', c.request('x', join(''))).memberId;
    c.request('x', join(x));
    c.request('a', join(a));
    c.request('x', join(x));
    c.request('b', join(b)); // generation 2
    expect(c.reply('b', 'OffsetCommitResponse', c.request('b', commit(b, 1))).error).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(c.reply('b', 'OffsetCommitResponse', c.request('b', commit(b, 2))).error).toBe(ErrorCode.REBALANCE_IN_PROGRESS); // CompletingRebalance
  });

  it('a failed write is mapped as Kafka maps it: NOT_LEADER_OR_FOLLOWER → NOT_COORDINATOR, a timeout → COORDINATOR_NOT_AVAILABLE', () => {
    const c = new Coordinator();
    const { a } = stableGroupOfTwo(c);
    c.request('a', commit(a, 1));
    expect(c.reply('a', 'OffsetCommitResponse', c.completeWrites(ErrorCode.NOT_LEADER_OR_FOLLOWER)).error).toBe(ErrorCode.NOT_COORDINATOR);
    c.request('a', commit(a, 1));
    expect(c.reply('a', 'OffsetCommitResponse', c.completeWrites(ErrorCode.REQUEST_TIMED_OUT)).error).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(groupOffsets(c.state, GROUP)).toEqual([]);
  });
});

describe('routing and loading', () => {
  it('answers NOT_COORDINATOR (16) when this broker does not lead the group\'s partition, COORDINATOR_NOT_AVAILABLE (15) without the topic', () => {
    const c = new Coordinator();
    c.leaderEpoch = undefined;
    expect(c.reply('a', 'JoinGroupResponse', c.request('a', join(''))).error).toBe(ErrorCode.NOT_COORDINATOR);
    const out = new Outbox('broker-1', 0);
    handleGroupRequest(emptyCoordinatorState, 'a', heartbeat('m', 1), { ...c.host(out), offsetsPartitionCount: undefined });
    expect((out.messages[0]!.message as { error: number }).error).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });

  it('a new coordinator (a new leader epoch) replays __consumer_offsets: the offsets survive, the members must rejoin', () => {
    const c = new Coordinator();
    const { a } = stableGroupOfTwo(c);
    c.request('a', commit(a, 1, 10));
    c.completeWrites();
    c.request('a', commit(a, 1, 20));
    c.completeWrites();
    c.leaderEpoch = 1; // leadership moved away and came back: a fresh load
    expect(latestOffsets(c.log).size).toBe(1); // compaction keeps only the latest per key
    const fetched = c.reply('a', 'OffsetFetchResponse', c.request('a', { type: 'OffsetFetchRequest', correlationId: ++correlation, groupId: GROUP, partitions: [{ topic: 'orders', partition: 0 }] }));
    expect(fetched.offsets[0]!.offset).toBe(20);
    expect(c.reply('a', 'HeartbeatResponse', c.request('a', heartbeat(a, 1))).error).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });
});

describe('the consumer protocol (KIP-848) on the same coordinator', () => {
  const hb = (memberId: string, memberEpoch: number, owned: ReadonlyArray<{ topic: string; partition: number }> | null = null, extra: Partial<Extract<GroupRequest, { type: 'ConsumerGroupHeartbeatRequest' }>> = {}): GroupRequest => ({
    type: 'ConsumerGroupHeartbeatRequest',
    correlationId: ++correlation,
    groupId: 'modern',
    memberId,
    memberEpoch,
    rebalanceTimeoutMs: 30_000,
    subscribedTopicNames: ['orders'],
    serverAssignor: null,
    ownedPartitions: owned,
    ...extra,
  });
  const parts = (...ps: number[]) => ps.map((partition) => ({ topic: 'orders', partition }));

  it('a join (epoch 0) bumps the group epoch; the coordinator assigns; a second member waits until the first releases (no two holders)', () => {
    const c = new Coordinator();
    const a = c.reply('a', 'ConsumerGroupHeartbeatResponse', c.request('a', hb('A', 0)));
    expect(a).toMatchObject({ error: ErrorCode.NONE, memberEpoch: 1, assignment: parts(0, 1, 2, 3), heartbeatIntervalMs: 5_000 });
    const b = c.reply('b', 'ConsumerGroupHeartbeatResponse', c.request('b', hb('B', 0)));
    expect(b).toMatchObject({ memberEpoch: 2, assignment: [] }); // its target is still held by A
    const a2 = c.reply('a', 'ConsumerGroupHeartbeatResponse', c.request('a', hb('A', 1, parts(0, 1, 2, 3))));
    expect(a2.memberEpoch).toBe(1); // stays at its epoch while revoking
    expect(a2.assignment).toHaveLength(2);
    const kept = a2.assignment!;
    const a3 = c.reply('a', 'ConsumerGroupHeartbeatResponse', c.request('a', hb('A', 1, kept)));
    expect(a3).toMatchObject({ memberEpoch: 2, assignment: kept });
    const b2 = c.reply('b', 'ConsumerGroupHeartbeatResponse', c.request('b', hb('B', 2, [])));
    expect([...kept, ...b2.assignment!].map((tp) => tp.partition).sort()).toEqual([0, 1, 2, 3]);
  });

  it('refuses what Kafka refuses: a wrong epoch (FENCED_MEMBER_EPOCH 110), a stranger (UNKNOWN_MEMBER_ID 25), an unknown assignor (UNSUPPORTED_ASSIGNOR 112)', () => {
    const c = new Coordinator();
    c.request('a', hb('A', 0));
    expect(c.reply('a', 'ConsumerGroupHeartbeatResponse', c.request('a', hb('A', 7))).error).toBe(ErrorCode.FENCED_MEMBER_EPOCH);
    expect(c.reply('z', 'ConsumerGroupHeartbeatResponse', c.request('z', hb('Z', 3))).error).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const bad = c.reply('y', 'ConsumerGroupHeartbeatResponse', c.request('y', hb('Y', 0, null, { serverAssignor: 'sticky' })));
    expect(bad.error).toBe(ErrorCode.UNSUPPORTED_ASSIGNOR);
    expect(bad.errorMessage).toContain('uniform, range');
  });

  it('an offset commit must carry the member epoch: an older one gets STALE_MEMBER_EPOCH (113)', () => {
    const c = new Coordinator();
    c.request('a', hb('A', 0)); // epoch 1
    c.request('b', hb('B', 0)); // group epoch 2; A still at 1
    c.request('a', hb('A', 1, parts(0, 1, 2, 3)));
    const kept = c.reply('a', 'ConsumerGroupHeartbeatResponse', c.request('a', hb('A', 1, parts(0, 1, 2, 3)))).assignment!;
    c.request('a', hb('A', 1, kept)); // A moves to epoch 2
    const commit = (epoch: number): GroupRequest => ({ type: 'OffsetCommitRequest', correlationId: ++correlation, groupId: 'modern', generationIdOrMemberEpoch: epoch, memberId: 'A', offsets: [{ topic: 'orders', partition: kept[0]!.partition, offset: 5 }] });
    expect(c.reply('a', 'OffsetCommitResponse', c.request('a', commit(1))).error).toBe(ErrorCode.STALE_MEMBER_EPOCH);
    c.request('a', commit(2));
    expect(c.reply('a', 'OffsetCommitResponse', c.completeWrites()).error).toBe(ErrorCode.NONE);
  });

  it('a member that stops heartbeating is removed after group.consumer.session.timeout.ms (45 s, broker side); the epoch moves', () => {
    const c = new Coordinator();
    c.request('a', hb('A', 0));
    c.request('b', hb('B', 0));
    c.at(44_999);
    expect(c.state.consumerGroups.get('modern')!.members.size).toBe(2);
    c.at(45_000);
    const group = c.state.consumerGroups.get('modern')!;
    expect(group.members.size).toBe(0);
    expect(group.groupEpoch).toBe(4);
  });

  it('one group id, one protocol: a classic JoinGroup for a consumer-protocol group gets INCONSISTENT_GROUP_PROTOCOL (23)', () => {
    const c = new Coordinator();
    c.request('a', hb('A', 0));
    expect(c.reply('x', 'JoinGroupResponse', c.request('x', join('', [range()], { groupId: 'modern' }))).error).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });
});
