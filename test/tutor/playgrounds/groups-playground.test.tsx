import fc from 'fast-check';
import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import type { GroupProtocol } from '../../../src/kafka/client/group-consumer-config.js';
import { eventsOfType, type TraceEvent } from '../../../src/kafka/trace.js';
import {
  consumerOfMember,
  GROUP_PARTITIONS,
  GroupsSimulation,
  SESSION_TIMEOUT_MS,
  type GroupsSnapshot,
  type PlaygroundAssignor,
} from '../../../src/tutor/playgrounds/groups/groups-simulation.js';
import { GroupsView } from '../../../src/tutor/playgrounds/groups/groups-view.js';
import { fits, renderTutor, type RenderedTutor } from '../support/render-tutor.js';

const SEED = 7;

/** The title line's virtual clock in seconds ("t=1541ms" or "t=12.3s"). */
function clockSeconds(frame: string): number {
  const clock = frame.match(/t=(\d+)ms|t=([\d.]+)s/);
  if (clock === null) throw new Error(`no clock in:\n${frame}`);
  return clock[1] === undefined ? Number(clock[2]) : Number(clock[1]) / 1000;
}

async function openPlayground(): Promise<RenderedTutor> {
  const tutor = renderTutor({ route: { screen: 'playground', id: 'groups' } });
  await tutor.waitFor('Playground: consumer groups');
  return tutor;
}

/** The drawn table row of a partition: owner now and the coordinator's assignment. */
function partitionRow(frame: string, partition: number): { owner: string; assigned: string } {
  const match = frame.match(new RegExp(`^  orders-${partition} +(● c\\d|✖ c\\d \\(crashed\\)|◌ nobody|! TWO OWNERS [c\\d,]+) +(c\\d|-) `, 'm'));
  if (match === null) throw new Error(`no row for orders-${partition} in:\n${frame}`);
  return { owner: match[1]!, assigned: match[2]! };
}

function drawn(snapshot: GroupsSnapshot): string {
  return renderToString(<GroupsView snapshot={snapshot} consumers={snapshot.consumers} selected="c1" />, { columns: 80 });
}

/** What the coordinator holds for the group, read straight from the broker's state. */
function coordinatorView(simulation: GroupsSimulation) {
  const group = simulation.group()!;
  const assigned = new Map<number, string>();
  for (const member of group.members.values()) for (const tp of member.assignment) assigned.set(tp.partition, consumerOfMember(member.memberId));
  return { state: group.state, generation: group.generationId, leader: group.leaderId === null ? 'none' : consumerOfMember(group.leaderId), assigned };
}

async function steps(tutor: RenderedTutor, count: number, mirror: GroupsSimulation): Promise<void> {
  for (let step = 0; step < count; step++) {
    await tutor.press('.');
    mirror.stepToNextEvent();
  }
}

describe('the consumer-groups playground', () => {
  it("draws the coordinator's state, generation, leader and assignment, and each consumer's partitions, for the seed", async () => {
    const tutor = await openPlayground();
    const mirror = new GroupsSimulation(SEED);
    await steps(tutor, 12, mirror);
    await tutor.press('+');
    mirror.addConsumer();
    await steps(tutor, 12, mirror);
    const frame = tutor.frame();
    const coordinator = coordinatorView(mirror);
    expect(coordinator.generation).toBeGreaterThanOrEqual(2);
    expect(frame).toContain(`${coordinator.state}  generation ${coordinator.generation}  leader ${coordinator.leader}\n`);
    expect(frame).toContain('partition.assignment.strategy=range');
    for (let partition = 0; partition < GROUP_PARTITIONS; partition++) {
      const row = partitionRow(frame, partition);
      if (coordinator.state === 'Stable') expect(row.assigned).toBe(coordinator.assigned.get(partition) ?? '-');
      const owners = mirror.snapshot().partitions[partition]!.consumers;
      expect(row.owner).toBe(owners.length === 0 ? '◌ nobody' : `● ${owners[0]}`);
    }
    for (const consumer of mirror.snapshot().consumers) {
      if (consumer.owned.length > 0) expect(frame).toMatch(new RegExp(`${consumer.id} .*${consumer.owned.map((p) => `orders-${p}`).join(' ')}`));
    }
    expect(fits(frame, 80, 24)).toBe(true);
    for (const hint of ['+ add', '1-9 pick', 'l leave', 'c crash', 'a assignor', 'k classic/KIP-848', 'space run/pause', '. step', '< > speed', 'r replay seed', 'n next seed', '? help']) {
      expect(frame).toContain(hint); // every key is on screen at 80x24
    }
    tutor.unmount();
  });

  it('+ adds a consumer, digits pick one, l makes it leave, c crashes it', async () => {
    const tutor = await openPlayground();
    await tutor.press('+');
    expect(tutor.frame()).toMatch(/› … c3/);
    for (let step = 0; step < 16 && !tutor.frame().includes('generation 1 stable'); step++) await tutor.press('.');
    await tutor.press('2', 'l');
    expect(tutor.frame()).toMatch(/› ○ c2 .*left the group \(LeaveGroup\)/);
    await tutor.press('3', 'c');
    expect(tutor.frame()).toMatch(/› ✖ c3 .*crashed; still a member: session expires in \d+\.\d s/);
    expect(tutor.frame()).toContain('c3 crashed, no LeaveGroup: the coordinator waits session.timeout.ms=45s');
    await tutor.press('c');
    expect(tutor.frame()).toContain('! c3 is not running');
    expect(fits(tutor.frame(), 80, 24)).toBe(true);
    tutor.unmount();
  });

  it('a cycles the assignor, restarting the group from t=0 and saying so', async () => {
    const tutor = await openPlayground();
    await tutor.press('.', '.', 'a');
    expect(tutor.frame()).toContain('strategy=roundrobin');
    expect(tutor.frame()).toContain('the group restarted from t=0');
    expect(tutor.frame()).toContain('t=0ms');
    await tutor.press('a');
    expect(tutor.frame()).toContain('strategy=cooperative-sticky');
    for (let step = 0; step < 16 && !tutor.frame().includes('stable:'); step++) await tutor.press('.');
    expect(tutor.frame()).toContain('cooperative-sticky assignor');
    await tutor.press('a');
    expect(tutor.frame()).toContain('strategy=range');
    tutor.unmount();
  });

  it('k switches to the consumer protocol (KIP-848): the group epoch, no leader, the coordinator\'s target, and back', async () => {
    const tutor = await openPlayground();
    const mirror = new GroupsSimulation(SEED, 'uniform', [], 'consumer');
    await tutor.press('k');
    expect(tutor.frame()).toContain('group.protocol=consumer (KIP-848): the group restarted from t=0');
    expect(tutor.frame()).toContain('group.remote.assignor=uniform');
    await steps(tutor, 10, mirror);
    const group = mirror.consumerGroup()!;
    const frame = tutor.frame();
    expect(frame).toContain(`group epoch ${group.groupEpoch}  KIP-848: no leader`);
    const target = new Map<number, string>();
    for (const member of group.members.values()) for (const tp of group.targetAssignment.get(member.memberId) ?? []) target.set(tp.partition, member.clientNode);
    for (let partition = 0; partition < GROUP_PARTITIONS; partition++) expect(partitionRow(frame, partition).assigned).toBe(target.get(partition) ?? '-');
    expect(frame).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // members are named by their consumer, never by a raw member id
    // KIP-848 counts epochs: its trace never says "generation".
    expect(frame).toMatch(/gets orders-\d.*\(epoch \d+\)/);
    expect(frame.split('\n').filter((line) => /^ +\d+ms /.test(line)).join('\n')).not.toContain('generation');
    // A third consumer: the coordinator's target gives it a partition another member must release first.
    await tutor.press('+');
    for (let step = 0; step < 12 && !/c3 .*waiting for orders-\d/.test(tutor.frame()); step++) await tutor.press('.');
    const waitingFor = Number(tutor.frame().match(/c3 .*waiting for orders-(\d)/)![1]);
    expect(partitionRow(tutor.frame(), waitingFor).assigned).toBe('c3');
    expect(partitionRow(tutor.frame(), waitingFor).owner).not.toBe('● c3');
    await tutor.press('a');
    expect(tutor.frame()).toContain('group.remote.assignor=range');
    await tutor.press('k');
    expect(tutor.frame()).toContain('partition.assignment.strategy=range');
    expect(fits(tutor.frame(), 80, 24)).toBe(true);
    tutor.unmount();
  });

  it('keys typed faster than a frame each see what the previous left: a, a goes two assignors on; +, c crashes the new consumer', async () => {
    const tutor = await openPlayground();
    await tutor.pressAtOnce('a', 'a');
    expect(tutor.frame()).toContain('strategy=cooperative-sticky');
    await tutor.pressAtOnce('+', 'c');
    expect(tutor.frame()).toMatch(/› ✖ c3 /);
    tutor.unmount();
  });

  it('space runs and pauses; < > set the speed; r replays the seed with the actions; n takes the next seed', async () => {
    const tutor = await openPlayground();
    await tutor.press('>', '>', ' ');
    expect(tutor.frame()).toContain('▶ 4x');
    await tutor.waitFor('Stable', 5_000);
    await tutor.press(' ', '<');
    expect(tutor.frame()).toContain('⏸ paused (2x)');
    await tutor.press('+', 'r');
    expect(tutor.frame()).toContain('seed 7 · t=0ms');
    for (let step = 0; step < 20 && !tutor.frame().includes(' c3 '); step++) await tutor.press('.');
    expect(tutor.frame()).toMatch(/ c3 /);
    await tutor.press('n');
    expect(tutor.frame()).toContain('seed 8 · t=0ms');
    tutor.unmount();
  });

  it('a crash is drawn as still a member until the session times out in virtual time, then its partitions move', async () => {
    const tutor = await openPlayground();
    for (let step = 0; step < 16 && !tutor.frame().includes('generation 1 stable'); step++) await tutor.press('.');
    await tutor.press('1', 'c');
    const crashedAt = clockSeconds(tutor.frame());
    let removedAt: number | undefined;
    for (let step = 0; step < 40 && removedAt === undefined; step++) {
      await tutor.press('.');
      const frame = tutor.frame();
      const now = clockSeconds(frame);
      if (frame.includes('removed by the session timeout')) removedAt = now;
      else expect(frame).toMatch(/still a member: session expires in \d+\.\d s/);
    }
    expect(removedAt).toBeDefined();
    // The last heartbeat went out at most heartbeat.interval.ms (3 s) before the crash.
    expect(removedAt! - crashedAt).toBeGreaterThanOrEqual((SESSION_TIMEOUT_MS - 3_000) / 1000);
    tutor.unmount();
  });
});

const SETTINGS: ReadonlyArray<readonly [GroupProtocol, PlaygroundAssignor]> = [
  ['classic', 'range'],
  ['classic', 'roundrobin'],
  ['classic', 'cooperative-sticky'],
  ['consumer', 'uniform'],
  ['consumer', 'range'],
];

describe('the consumer-groups simulation', () => {
  it('the coordinator removes a crashed member only when session.timeout.ms passed since its last heartbeat', () => {
    const simulation = new GroupsSimulation(SEED);
    simulation.advanceBy(8_000);
    simulation.crash('c1');
    const crashAt = simulation.cluster.now;
    const expiresInMs = simulation.snapshot().consumers.find((consumer) => consumer.id === 'c1')!.sessionExpiresInMs!;
    expect(expiresInMs).toBeGreaterThan(SESSION_TIMEOUT_MS - 3_000);
    simulation.advanceBy(SESSION_TIMEOUT_MS - 3_000 - 1);
    expect([...simulation.group()!.members.values()].map((member) => consumerOfMember(member.memberId))).toContain('c1');
    simulation.advanceBy(10_000);
    const trace = simulation.cluster.sim.trace;
    const removed = eventsOfType(trace as TraceEvent[], 'group.member-removed').find((event) => consumerOfMember(event.memberId) === 'c1');
    expect(removed?.reason).toBe('session-timeout');
    expect(removed!.at).toBeGreaterThanOrEqual(crashAt + expiresInMs); // the countdown drawn is the coordinator's
    // Its last message of any kind (its last heartbeat was no later).
    const lastSent = Math.max(...trace.filter((event) => event.node === 'c1' && event.at <= crashAt && event.type === 'message.sent').map((event) => event.at));
    expect(removed!.at - lastSent).toBeGreaterThanOrEqual(SESSION_TIMEOUT_MS);
  });

  it('never draws two owners of a partition while the group is Stable, whatever consumers join, leave or crash (seeds printed by fast-check)', () => {
    const action = fc.oneof(
      fc.constant({ type: 'add' as const }),
      fc.record({ type: fc.constant('leave' as const), consumer: fc.integer({ min: 1, max: 6 }) }),
      fc.record({ type: fc.constant('crash' as const), consumer: fc.integer({ min: 1, max: 6 }) }),
      fc.record({ type: fc.constant('wait' as const), ms: fc.integer({ min: 100, max: 8_000 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000 }), fc.constantFrom(...SETTINGS), fc.array(action, { maxLength: 8 }), (seed, [protocol, assignor], script) => {
        const simulation = new GroupsSimulation(seed, assignor, [], protocol);
        const check = () => {
          const snapshot = simulation.snapshot();
          if (snapshot.state !== 'Stable') return;
          const frame = drawn(snapshot);
          expect(frame).not.toContain('TWO OWNERS');
          for (let partition = 0; partition < GROUP_PARTITIONS; partition++) expect(snapshot.partitions[partition]!.consumers.length).toBeLessThanOrEqual(1);
        };
        simulation.advanceBy(4_000);
        for (const step of script) {
          if (step.type === 'add') simulation.addConsumer();
          else if (step.type === 'leave') simulation.leave(`c${step.consumer}`);
          else if (step.type === 'crash') simulation.crash(`c${step.consumer}`);
          else {
            for (let waited = 0; waited < step.ms; waited += 500) {
              simulation.advanceBy(500);
              check();
            }
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it('replaying the seed repeats the same run: the same actions at the same virtual times', () => {
    const first = new GroupsSimulation(SEED, 'cooperative-sticky');
    first.advanceBy(5_000);
    first.addConsumer();
    first.advanceBy(4_000);
    first.crash('c2');
    first.advanceBy(1_000);
    first.leave('c1');
    first.advanceBy(6_000);
    const replay = new GroupsSimulation(SEED, 'cooperative-sticky', first.script);
    replay.advanceBy(16_000);
    expect(replay.snapshot()).toEqual(first.snapshot());
  });
});
