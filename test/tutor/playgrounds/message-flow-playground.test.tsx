import { describe, expect, it } from 'vitest';
import { explainKeyPartition } from '../../../src/kafka/partitioning/partitioner.js';
import { formatEvent } from '../../../src/sim/trace-format.js';
import { traceOneMessage } from '../../../src/tutor/playgrounds/message-flow/message-flow-trace.js';
import { fits, keys, renderTutor, type RenderedTutor } from '../support/render-tutor.js';

const SEED = 7;
const flow = traceOneMessage(SEED);

async function openPlayground(): Promise<RenderedTutor> {
  const tutor = renderTutor({ route: { screen: 'playground', id: 'message-flow' } });
  await tutor.waitFor('Playground: message flow');
  return tutor;
}

describe('the path of one message', () => {
  it('follows send("orders", "user-456") from the partitioner to poll(), in time order', () => {
    expect(flow.delivered).toBe(true);
    expect(flow.partition).toBe(explainKeyPartition('user-456', 3).partition);
    const types = flow.hops.map((hop) => hop.event.type);
    expect(types[0]).toBe('produce.partitioned');
    expect(types.at(-1)).toBe('consumer.polled');
    for (const type of ['produce.sent', 'log.appended', 'replica.fetched', 'hw.advanced', 'produce.completed', 'produce.acknowledged', 'consumer.fetched']) {
      expect(types).toContain(type);
    }
    expect(flow.followers).toHaveLength(2);
    const times = flow.hops.map((hop) => hop.atMs);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // The record is acknowledged only after the leader's HW passed it (acks=all).
    expect(types.indexOf('produce.acknowledged')).toBeGreaterThan(types.indexOf('hw.advanced'));
  });

  it('is the same run for the same seed', () => {
    expect(JSON.stringify(traceOneMessage(SEED))).toBe(JSON.stringify(flow));
  });

  it('draws the hops of the trace, one per step, with the node the record is at', async () => {
    const tutor = await openPlayground();
    expect(tutor.frame()).toContain(`hop 1/${flow.hops.length}`);
    expect(tutor.frame()).toContain(`orders-${flow.partition} offset ${flow.offset}`);
    for (let index = 1; index < 5; index++) {
      await tutor.press('.');
      const hop = flow.hops[index]!;
      const frame = tutor.frame();
      expect(frame).toContain(`Hop ${index + 1}: ${hop.event.type} at ${hop.node}, ${hop.atMs} ms after send()`);
      expect(frame).toContain(`›${hop.node === `broker-${flow.leader}` ? '★' : ''}${hop.node}`);
      expect(frame).toContain(formatEvent({ ...hop.event, at: hop.atMs }).slice(0, 60));
    }
    expect(fits(tutor.frame(), 80, 24)).toBe(true);
    tutor.unmount();
  });

  it('← goes back, End jumps to poll(), Home to the start; r replays the seed', async () => {
    const tutor = await openPlayground();
    await tutor.press(keys.right, keys.right, keys.left);
    expect(tutor.frame()).toContain('Hop 2:');
    await tutor.press(keys.end);
    expect(tutor.frame()).toContain(`Hop ${flow.hops.length}: consumer.polled at consumer`);
    await tutor.press(keys.home);
    expect(tutor.frame()).toContain('Hop 1: produce.partitioned at producer');
    await tutor.press(keys.end, 'r');
    expect(tutor.frame()).toContain('Hop 1: produce.partitioned');
    tutor.unmount();
  });

  it('space plays the hops on the clock and pauses; < > set the speed', async () => {
    const tutor = await openPlayground();
    await tutor.press('>', '>');
    expect(tutor.frame()).toContain('⏸ (4x)');
    await tutor.press(' ');
    await tutor.waitFor('Hop 3:');
    await tutor.press(' ');
    expect(tutor.frame()).toContain('⏸');
    await tutor.press('<');
    expect(tutor.frame()).toContain('(2x)');
    tutor.unmount();
  });
});

describe('seeds in the message-flow playground', () => {
  it('n traces the same send under the next seed', async () => {
    const tutor = renderTutor({ route: { screen: 'playground', id: 'message-flow' } });
    await tutor.waitFor('seed 7');
    await tutor.press('n');
    const next = traceOneMessage(8);
    expect(tutor.frame()).toContain(`seed 8 · hop 1/${next.hops.length}`);
    await tutor.press(keys.end);
    expect(tutor.frame()).toContain(`Hop ${next.hops.length}: consumer.polled at consumer, ${next.hops.at(-1)!.atMs} ms after send()`);
    tutor.unmount();
  });
});
