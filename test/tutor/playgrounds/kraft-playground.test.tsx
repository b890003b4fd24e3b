import { describe, expect, it } from 'vitest';
import { runKraftFailover } from '../../../src/sim/kraft/kraft-failover.js';
import { runZkFailover } from '../../../src/sim/zookeeper/zk-failover.js';
import { KraftFailoverSimulation } from '../../../src/tutor/playgrounds/kraft/kraft-simulation.js';
import { controllerGlyph } from '../../../src/tutor/playgrounds/kraft/kraft-view.js';
import type { KraftWorldSnapshot } from '../../../src/tutor/playgrounds/kraft/kraft-world.js';
import { fits, renderTutor, type RenderedTutor } from '../support/render-tutor.js';

const SEED = 7;

async function openPlayground(options: { color?: boolean } = {}): Promise<RenderedTutor> {
  const tutor = renderTutor({ route: { screen: 'playground', id: 'kraft' }, ...options });
  await tutor.waitFor('KRaft · 3 nodes', 5_000);
  return tutor;
}

function nodeRow(frame: string, id: number): string {
  const row = frame.split('\n').find((line) => new RegExp(`^  . ${id}  [a-z]`).test(line));
  if (row === undefined) throw new Error(`no row for node ${id} in:\n${frame}`);
  return row;
}

/** The screen's quorum rows and active-controller line agree with the simulator's snapshot. */
function expectQuorumDrawn(frame: string, world: KraftWorldSnapshot): void {
  for (const node of world.nodes) {
    const role = node.role === 'leader' && node.active ? 'leader,active' : node.role;
    const cells = nodeRow(frame, node.id).trim().split(/\s+/);
    expect(cells.slice(0, 5)).toEqual([controllerGlyph(node).glyph, String(node.id), role, String(node.epoch), node.votedFor === undefined ? '-' : String(node.votedFor)]);
    expect(cells[6]).toBe(String(node.logEndOffset));
    if (node.up) expect(cells[7]).toBe(String(node.highWatermark));
  }
  const active = world.nodes.find((node) => node.active);
  expect(frame).toContain(active === undefined ? 'no active controller' : `active controller ★ node ${active.id}, epoch ${active.epoch}`);
}

async function steps(tutor: RenderedTutor, count: number, mirror?: KraftFailoverSimulation): Promise<void> {
  for (let step = 0; step < count; step++) {
    await tutor.press('.');
    mirror?.stepToNextEvent();
  }
}

describe('the KRaft failover playground', () => {
  it('"voted" is the vote each node cast in its current epoch, also once it follows or leads', () => {
    const mirror = new KraftFailoverSimulation(SEED);
    mirror.build();
    mirror.killActiveController();
    for (let step = 0; step < 200 && mirror.snapshot()!.kraft.activeController === undefined; step++) mirror.stepToNextEvent();
    const world = mirror.snapshot()!.kraft;
    const leader = world.nodes.find((node) => node.active)!;
    expect(leader.votedFor).toBe(leader.id);
    const elected = mirror.recentEvents('kraft', 200).find((event) => event.type === 'quorum.elected' && event.epoch === leader.epoch);
    expect(elected?.type).toBe('quorum.elected');
    const voters = elected?.type === 'quorum.elected' ? elected.votes : [];
    for (const node of world.nodes.filter((candidate) => candidate.up && voters.includes(candidate.id))) {
      expect(node.role === 'leader' || node.role === 'follower').toBe(true);
      expect(node.votedFor).toBe(leader.id);
    }
  });

  it('draws each controller as the simulated quorum holds it, before and after the active one is killed', async () => {
    const tutor = await openPlayground();
    const mirror = new KraftFailoverSimulation(SEED);
    mirror.build();
    const before = mirror.snapshot()!.kraft;
    expectQuorumDrawn(tutor.frame(), before);
    expect(before.activeController).toBeDefined();

    await tutor.press('k');
    mirror.killActiveController();
    expect(nodeRow(tutor.frame(), before.activeController!)).toMatch(/✖ \d  down/);
    // Through the election, step by step, the drawing follows the simulator.
    for (let step = 0; step < 30 && mirror.snapshot()!.kraft.activeController === undefined; step++) {
      await steps(tutor, 1, mirror);
      expectQuorumDrawn(tutor.frame(), mirror.snapshot()!.kraft);
    }
    const after = mirror.snapshot()!.kraft;
    expect(after.activeController).toBeDefined();
    expect(after.activeController).not.toBe(before.activeController);
    const newLeader = after.nodes.find((node) => node.active)!;
    expect(newLeader.epoch).toBeGreaterThan(before.nodes.find((node) => node.active)!.epoch);
    // The new controller starts the dead broker's session clock afresh: it is fenced only when that ends.
    const dead = after.nodes.find((node) => !node.up)!;
    const fenceInMs = dead.fencing!.sessionEndsAtMs! - mirror.elapsedMs;
    expect(nodeRow(tutor.frame(), dead.id)).toContain(`✖ down · fenced in ${(fenceInMs / 1000).toFixed(1)} s`);
    expect(tutor.frame()).toContain(`node-${newLeader.id}    ACTIVE CONTROLLER of epoch ${newLeader.epoch}`);
    for (let step = 0; step < 6; step++) await steps(tutor, 1, mirror);
    expectQuorumDrawn(tutor.frame(), mirror.snapshot()!.kraft);
    expect(nodeRow(tutor.frame(), dead.id)).toContain('✖ down · ◌ fenced');
    expect(fits(tutor.frame(), 80, 24)).toBe(true);
    tutor.unmount();
  });

  it('shows the recovery times runKraftFailover and runZkFailover measure for the seed (kill at t=0)', async () => {
    const kraft = runKraftFailover({ seed: SEED }).times;
    const zookeeper = runZkFailover({ seed: SEED }).times;
    const tutor = await openPlayground();
    await tutor.press('k', 'z');
    const done = () => (tutor.frame().match(/✔ \d+ ms/g) ?? []).length === 4;
    for (let step = 0; step < 60 && !done(); step++) await tutor.press('.');
    const frame = tutor.frame();
    expect(frame).toMatch(new RegExp(`→ new active controller +✔ ${kraft.newControllerMs} ms +✔ ${zookeeper.newControllerMs} ms`));
    expect(frame).toMatch(new RegExp(`→ first partition it led has a new leader +✔ ${kraft.firstNewPartitionLeaderMs} ms +✔ ${zookeeper.firstNewPartitionLeaderMs} ms`));
    expect(frame).toContain('Virtual time from the kill at t=0.0 s to:');
    expect(fits(frame, 80, 24)).toBe(true);
    tutor.unmount();
  });

  it('z shows the ZooKeeper-mode cluster: the dead controller keeps /controller until its session expires', async () => {
    const tutor = await openPlayground();
    expect(tutor.frame()).toContain('ZooKeeper mode was removed in Kafka 4.0');
    await tutor.press('z');
    expect(tutor.frame()).toContain('ZooKeeper mode (removed in Kafka 4.0)');
    const mirror = new KraftFailoverSimulation(SEED);
    mirror.build();
    const controller = mirror.snapshot()!.zookeeper.activeController!;
    expect(tutor.frame()).toContain(`active controller ★ broker ${controller}`);
    await tutor.press('k');
    expect(tutor.frame()).toContain(`still held by dead broker-${controller}'s session`);
    expect(fits(tutor.frame(), 80, 24)).toBe(true);
    await tutor.press('z');
    expect(tutor.frame()).toContain('KRaft · 3 nodes');
    tutor.unmount();
  });

  it('a second kill while ZooKeeper mode has no controller yet measures KRaft only', async () => {
    const tutor = await openPlayground();
    await tutor.press('k');
    for (let step = 0; step < 20 && !/→ new active controller +✔/.test(tutor.frame()); step++) await tutor.press('.');
    await tutor.press('k');
    const frame = tutor.frame();
    expect(frame).toContain('and nothing in ZooKeeper mode (no active controller now)');
    expect(frame).toMatch(/→ new active controller +… 0\.0 s +- *$/m);
    expect(frame.match(/✖ \d  down/g)).toHaveLength(2);
    expect(frame).toContain('✘ no active controller');
    tutor.unmount();
  });

  it('u restarts the killed node; with no node down it says so', async () => {
    const tutor = await openPlayground();
    await tutor.press('u');
    expect(tutor.frame()).toContain('nothing to restart');
    const killed = new KraftFailoverSimulation(SEED);
    killed.build();
    const active = killed.snapshot()!.kraft.activeController!;
    await tutor.press('k');
    expect(tutor.frame()).toContain(`killed node ${active} (KRaft)`);
    await tutor.press('u');
    expect(tutor.frame()).toContain('restarted the killed nodes (KRaft, ZooKeeper)');
    expect(nodeRow(tutor.frame(), active)).not.toContain('down');
    tutor.unmount();
  });

  it('space runs and pauses, . steps, < > change speed, n takes the next seed, r replays the seed with the same actions', async () => {
    const tutor = await openPlayground();
    expect(tutor.frame()).toContain(`seed ${SEED} · t=0ms · ⏸ paused (1x)`);
    await tutor.press('>');
    expect(tutor.frame()).toContain('paused (2x)');
    await tutor.press('<', '<');
    expect(tutor.frame()).toContain('paused (0.5x)');
    await tutor.press('.');
    expect(tutor.frame()).not.toContain('t=0ms');
    await tutor.press(' ');
    expect(tutor.frame()).toContain('▶ 0.5x');
    await tutor.press(' ');
    expect(tutor.frame()).toContain('⏸ paused');

    await tutor.press('k');
    const killedRow = tutor.frame().split('\n').find((line) => /✖ \d  down/.test(line))!;
    await tutor.press('r');
    await tutor.waitFor(`seed ${SEED} · t=0ms`);
    await tutor.waitFor('KRaft · 3 nodes');
    // The kill was recorded after the step: the replay performs it at the same virtual time.
    for (let step = 0; step < 5 && !tutor.frame().includes(killedRow); step++) await tutor.press('.');
    expect(tutor.frame()).toContain(killedRow);

    await tutor.press('n');
    await tutor.waitFor(`seed ${SEED + 1} · t=0ms`);
    await tutor.waitFor('KRaft · 3 nodes');
    expect(tutor.frame()).not.toContain('down');
    tutor.unmount();
  });

  it('without colour (NO_COLOR) every state still has its glyph', async () => {
    const tutor = await openPlayground({ color: false });
    await tutor.press('k', '.', '.', '.');
    const frame = tutor.frame();
    expect(frame).not.toMatch(/\u001b\[/);
    expect(nodeRow(frame, 2)).toMatch(/^  ✖ 2  down/);
    expect(nodeRow(frame, 1)).toMatch(/^  ◇ 1  prospective .* ✔ unfenced/);
    expect(frame).toMatch(/→ new active controller +… 1\.5 s/);
    for (let step = 0; step < 6; step++) await tutor.press('.');
    expect(tutor.frame()).toMatch(/★ \d  leader,active/);
    expect(tutor.frame()).toMatch(/● \d  follower/);
    expect(tutor.frame()).toMatch(/→ new active controller +✔ \d+ ms/);
    await tutor.press('z');
    expect(tutor.frame()).toMatch(/✖ \d +- +down/);
    expect(tutor.frame()).toContain('✘ no active controller');
    expect(tutor.frame()).toContain('/controller: ✖ still held by dead broker-');
    expect(tutor.frame()).toMatch(/● \d +#\d+ +broker +\d /);
    for (let step = 0; step < 8 && !/★ \d +#\d+ +controller, epoch 2/.test(tutor.frame()); step++) await tutor.press('.');
    expect(tutor.frame()).toMatch(/★ \d +#\d+ +controller, epoch 2/);
    tutor.unmount();
  });

  it('a terminal wide enough shows both clusters side by side, each with its trace', async () => {
    const tutor = renderTutor({ route: { screen: 'playground', id: 'kraft' }, columns: 170, rows: 30 });
    await tutor.waitFor('KRaft · 3 nodes', 5_000);
    await tutor.press('k', '.', '.');
    const frame = tutor.frame();
    expect(frame).toMatch(/KRaft · 3 nodes.*ZooKeeper mode \(removed in Kafka 4\.0\)/);
    expect(frame).toMatch(/node-2 +crashed \(killed\).*broker-3 +crashed \(killed\)/);
    expect(frame).toContain('z steps follow KRaft/ZooKeeper');
    expect(fits(frame, 170, 30)).toBe(true);
    tutor.unmount();
  });

  it('replaying the seed repeats the same run, and nothing is built before the first frame asks', () => {
    const first = new KraftFailoverSimulation(SEED);
    expect(first.ready).toBe(false);
    expect(first.snapshot()).toBeUndefined();
    first.advanceBy(2_345);
    first.killActiveController();
    first.advanceBy(4_000);
    first.restartKilled();
    first.advanceBy(20_000);
    const replay = new KraftFailoverSimulation(SEED, first.script);
    replay.advanceBy(26_345);
    expect(replay.snapshot()).toEqual(first.snapshot());
    expect(replay.script).toEqual(first.script);
  });
});
