import { describe, expect, it } from 'vitest';
import { formatClock } from '../../../src/tutor/components/playback-status.js';
import { PartitioningSimulation } from '../../../src/tutor/playgrounds/partitioning/partitioning-simulation.js';
import { fits, keys, renderTutor, type RenderedTutor } from '../support/render-tutor.js';

const SEED = 7;

async function openPlayground(): Promise<RenderedTutor> {
  const tutor = renderTutor({ route: { screen: 'playground', id: 'partitioning' } });
  await tutor.waitFor('Playground: partitioning');
  return tutor;
}

/** The row the view draws for a partition, read back from the frame. */
function partitionRow(frame: string, partition: number): string {
  const row = frame.split('\n').find((line) => line.includes(`P${partition}  leader`));
  if (row === undefined) throw new Error(`no row for P${partition} in:\n${frame}`);
  return row;
}

describe('the partitioning playground', () => {
  it('draws each partition with the leader and record count the simulated cluster holds, step after step', async () => {
    const tutor = await openPlayground();
    const mirror = new PartitioningSimulation(SEED, 3);
    for (let step = 0; step < 25; step++) mirror.stepToNextEvent();
    for (let step = 0; step < 25; step++) await tutor.press('.');
    const frame = tutor.frame();
    const snapshot = mirror.snapshot();
    for (const partition of snapshot.partitions) {
      const row = partitionRow(frame, partition.partition);
      expect(row).toMatch(new RegExp(`leader ${partition.leader}\\s+${partition.records}\\b`));
    }
    expect(frame).toContain(`t=${formatClock(snapshot.elapsedMs)} `);
    if (snapshot.stickyPartition !== undefined) {
      expect(partitionRow(frame, snapshot.stickyPartition)).toContain(`sticky ${snapshot.bytesToStickyPartition}/160 B`);
    }
    expect(fits(frame, 80, 24)).toBe(true);
    tutor.unmount();
  });

  it('shows murmur2, toPositive and the partition of a typed key, as the Java producer computes them', async () => {
    const tutor = await openPlayground();
    await tutor.press('k', ...'user-123');
    const frame = tutor.frame();
    expect(frame).toContain('"user-123"');
    expect(frame).toContain('murmur2      -1468255980   toPositive 679227668');
    expect(frame).toContain('679227668 % 3 = partition 2');
    expect(frame).toContain('Enter sends it');
    tutor.unmount();
  });

  it('q and ? are letters while typing a key; Backspace deletes; Esc stops typing without leaving', async () => {
    const tutor = await openPlayground();
    await tutor.press('k', 'q', '?', 'x', keys.backspace);
    expect(tutor.frame()).toContain('"q?"');
    expect(tutor.quits).toBe(0);
    await tutor.press(keys.escape);
    expect(tutor.frame()).toContain('Playground: partitioning');
    expect(tutor.frame()).not.toContain('Enter sends it');
    tutor.unmount();
  });

  it('Enter sends the key into the cluster, and the record lands in the partition murmur2 chose', async () => {
    const tutor = await openPlayground();
    await tutor.press('k', ...'user-123', keys.enter);
    for (let step = 0; step < 30; step++) await tutor.press('.');
    expect(partitionRow(tutor.frame(), 2)).toContain('keys: user-123');
    tutor.unmount();
  });

  it('a send says at once that it is queued; once partitioned it counts as + on its partition until appended', async () => {
    const tutor = await openPlayground();
    await tutor.press('k', ...'user-123', keys.enter);
    expect(tutor.frame()).toContain('"user-123" queued: sent when the clock runs (space or .)');
    const mirror = new PartitioningSimulation(SEED, 3);
    mirror.sendKeyed('user-123');
    let partitioned = false;
    for (let step = 0; step < 60 && !partitioned; step++) {
      mirror.stepToNextEvent();
      await tutor.press('.');
      partitioned = mirror.recentEvents(50).some((event) => event.type === 'produce.partitioned' && JSON.stringify(event).includes('user-123'));
    }
    expect(partitioned).toBe(true);
    const p2 = mirror.snapshot().partitions[2]!;
    expect(p2.records + p2.waiting).toBeGreaterThan(0);
    const row = partitionRow(tutor.frame(), 2);
    expect(row).toMatch(new RegExp(`leader ${p2.leader}\\s+${p2.records}${p2.waiting > 0 ? ` \\+${p2.waiting}` : ''}\\b`));
    expect(tutor.frame()).toContain('"user-123" went to P2');
    tutor.unmount();
  });

  it('[ and ] change the partition count: the topic is rebuilt with that many partitions', async () => {
    const tutor = await openPlayground();
    await tutor.press(']');
    expect(tutor.frame()).toContain('P3  leader');
    expect(tutor.frame()).toContain('% 4 = partition');
    await tutor.press('[', '[');
    expect(tutor.frame()).not.toContain('P2  leader');
    expect(tutor.frame()).toContain('% 2 = partition');
    tutor.unmount();
  });

  it('space runs and pauses the virtual clock; < and > change the speed; r replays the seed from t=0', async () => {
    const tutor = await openPlayground();
    await tutor.press('>');
    expect(tutor.frame()).toContain('paused (2x)');
    await tutor.press('<', '<');
    expect(tutor.frame()).toContain('paused (0.5x)');
    await tutor.press('>', ' ');
    await tutor.waitFor('▶ 1x');
    await new Promise((resolve) => setTimeout(resolve, 350));
    await tutor.press(' ');
    expect(tutor.frame()).toContain('paused (1x)');
    expect(tutor.frame()).not.toContain('t=0ms');
    await tutor.press('r');
    expect(tutor.frame()).toContain('t=0ms');
    tutor.unmount();
  });
});

describe('seeds in the partitioning playground', () => {
  it('n moves to the next seed: the run is the one that seed gives', async () => {
    const tutor = renderTutor({ route: { screen: 'playground', id: 'partitioning' } });
    await tutor.waitFor('seed 7');
    await tutor.press('n');
    expect(tutor.frame()).toContain('seed 8 · t=0ms');
    const mirror = new PartitioningSimulation(8, 3);
    for (let step = 0; step < 15; step++) mirror.stepToNextEvent();
    for (let step = 0; step < 15; step++) await tutor.press('.');
    for (const partition of mirror.snapshot().partitions) {
      expect(tutor.frame()).toMatch(new RegExp(`P${partition.partition}  leader ${partition.leader}\\s+${partition.records}\\b`));
    }
    tutor.unmount();
  });
});
