import { describe, expect, it } from 'vitest';
import { ReplicationSimulation } from '../../../src/tutor/playgrounds/replication/replication-simulation.js';
import { fits, renderTutor, type RenderedTutor } from '../support/render-tutor.js';

const SEED = 7;

async function openPlayground(): Promise<RenderedTutor> {
  const tutor = renderTutor({ route: { screen: 'playground', id: 'replication' } });
  await tutor.waitFor('Playground: replication');
  return tutor;
}

function brokerRow(frame: string, broker: number): string {
  const row = frame.split('\n').find((line) => new RegExp(`^. . ${broker} +(leader|follower|down|none)`).test(line));
  if (row === undefined) throw new Error(`no row for broker ${broker} in:\n${frame}`);
  return row;
}

async function steps(tutor: RenderedTutor, count: number, mirror?: ReplicationSimulation): Promise<void> {
  for (let step = 0; step < count; step++) {
    await tutor.press('.');
    mirror?.stepToNextEvent();
  }
}

describe('the replication playground', () => {
  it("draws each broker's LEO, HW and ISR membership as the simulated cluster holds them", async () => {
    const tutor = await openPlayground();
    const mirror = new ReplicationSimulation(SEED, 2);
    await tutor.press('p');
    mirror.produce(-1);
    await steps(tutor, 4, mirror);
    await tutor.press('p');
    mirror.produce(-1);
    await steps(tutor, 3, mirror);
    const frame = tutor.frame();
    const partition = mirror.cluster.partition('orders', 0)!;
    expect(frame).toContain(`leader ${partition.leader}  epoch ${partition.leaderEpoch}  ISR [${partition.isr.join(',')}]`);
    for (const { brokerId, log } of mirror.cluster.replicaLogs('orders', 0)) {
      const row = brokerRow(frame, brokerId);
      expect(row).toMatch(new RegExp(`\\s${log.logEndOffset}\\s+${log.highWatermark}\\s+${partition.isr.includes(brokerId) ? '✔' : '✘'}`));
    }
    expect(fits(frame, 80, 24)).toBe(true);
    tutor.unmount();
  });

  it('acks=0 says the producer knows no offset; a crashed leader is explained until fenced; every record glyph is in the legend', async () => {
    const tutor = await openPlayground();
    await tutor.press('a', 'p');
    await steps(tutor, 8);
    const sent = tutor.frame();
    expect(sent).toContain('v1   acks=0   sent, no answer: offset unknown to producer; log has it at 0');
    expect(sent).not.toContain('acknowledged, committed');
    expect(sent).toContain('? no leader');
    await tutor.press('1', 'c');
    await steps(tutor, 1);
    expect(tutor.frame()).toMatch(/leader 1 {2}epoch 0/);
    expect(tutor.frame()).toContain('broker 1 is down, still leader until fenced: broker.session.timeout.ms 9 s');
    expect(fits(tutor.frame(), 80, 24)).toBe(true);
    tutor.unmount();
  });

  it('a acks cycles all → 0 → 1 → all; m switches min.insync.replicas (rebuilding from the seed)', async () => {
    const tutor = await openPlayground();
    expect(tutor.frame()).toContain('acks=all');
    await tutor.press('a');
    expect(tutor.frame()).toContain('acks=0');
    await tutor.press('a');
    expect(tutor.frame()).toContain('acks=1');
    await tutor.press('a');
    expect(tutor.frame()).toContain('acks=all');
    await tutor.press('m');
    expect(tutor.frame()).toContain('min.insync.replicas 1');
    await tutor.press('m');
    expect(tutor.frame()).toContain('min.insync.replicas 2');
    tutor.unmount();
  });

  it('1-3 pick a broker; c crashes it and c again restarts it; s stalls it and s again resumes it', async () => {
    const tutor = await openPlayground();
    await tutor.press('2', 'c');
    expect(brokerRow(tutor.frame(), 2)).toMatch(/✖ 2 +down/);
    await tutor.press('c');
    await steps(tutor, 2);
    expect(brokerRow(tutor.frame(), 2)).not.toContain('down');
    await tutor.press('3', 's');
    expect(brokerRow(tutor.frame(), 3)).toContain('stalled');
    await tutor.press('s');
    expect(brokerRow(tutor.frame(), 3)).not.toContain('stalled');
    tutor.unmount();
  });

  it('acks=1: a record the leader acknowledged alone is lost when the leader crashes and a follower takes over', async () => {
    const tutor = await openPlayground();
    await tutor.press('2', 's', '3', 's', 'a', 'a', 'p');
    await tutor.waitFor('v1   acks=1');
    // Step until the leader acknowledged it (its followers cannot fetch it).
    for (let step = 0; step < 20 && !tutor.frame().includes('above the HW'); step++) await tutor.press('.');
    expect(tutor.frame()).toContain('acknowledged, offset 0 above the HW');
    await tutor.press('1', 'c', '2', 's', '3', 's');
    for (let step = 0; step < 60 && !tutor.frame().includes('LOST'); step++) await tutor.press('.');
    expect(tutor.frame()).toContain('v1   acks=1   acknowledged and LOST');
    expect(tutor.frame()).not.toContain('leader 1  epoch 0');
    tutor.unmount();
  });

  it('replaying the seed repeats the same run: the same actions at the same virtual times', () => {
    const first = new ReplicationSimulation(SEED, 2);
    first.produce(-1);
    first.advanceBy(40);
    first.toggleCrash(1);
    first.advanceBy(12_000);
    const replay = new ReplicationSimulation(SEED, 2, first.script);
    replay.advanceBy(12_040);
    expect(replay.snapshot()).toEqual(first.snapshot());
    expect(replay.script).toEqual(first.script);
  });
});

describe('min.insync.replicas in the replication playground', () => {
  it('acks=all with the ISR below min.insync.replicas is refused and retried, then fails; acks=1 is still acknowledged', () => {
    const simulation = new ReplicationSimulation(SEED, 2);
    simulation.toggleStall(2);
    simulation.toggleStall(3);
    simulation.produce(1);
    simulation.advanceBy(6_000); // the stalled followers fall out of the ISR
    expect(simulation.snapshot().isr).toEqual([1]);
    simulation.produce(-1);
    simulation.advanceBy(500);
    const during = simulation.snapshot().records;
    expect(during.find((record) => record.value === 'v1')?.status.kind).toBe('uncommitted');
    expect(during.find((record) => record.value === 'v2')?.status).toEqual({ kind: 'pending', retryingAfter: 'NOT_ENOUGH_REPLICAS' });
    simulation.advanceBy(12_000);
    expect(simulation.snapshot().records.find((record) => record.value === 'v2')?.status).toEqual({
      kind: 'failed',
      reason: 'REQUEST_TIMED_OUT',
      lastError: 'NOT_ENOUGH_REPLICAS',
    });
  });
});

describe('seeds in the replication playground', () => {
  it('n rebuilds the cluster from the next seed, keeping the actions', async () => {
    const tutor = await openPlayground();
    await tutor.press('p', 'n');
    expect(tutor.frame()).toContain('seed 8 · t=0ms');
    await tutor.press('.', '.', '.');
    expect(tutor.frame()).toContain('v1');
    tutor.unmount();
  });
});

describe('keys typed faster than a frame', () => {
  it('each see the state the previous one left: "2s" picks broker 2 and stalls it', async () => {
    const tutor = await openPlayground();
    await tutor.press('2s');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(brokerRow(tutor.frame(), 2)).toContain('stalled');
    expect(brokerRow(tutor.frame(), 3)).not.toContain('stalled');
    tutor.unmount();
  });
});
