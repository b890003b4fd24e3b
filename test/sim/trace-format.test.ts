import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/kafka/trace.js';
import type { SimTraceEvent } from '../../src/sim/sim-events.js';
import { formatEvent, formatTrace } from '../../src/sim/trace-format.js';

describe('formatEvent', () => {
  it('writes time, node and type in columns, then the details', () => {
    const event: TraceEvent = {
      type: 'log.appended',
      at: 1200,
      node: 'broker-1',
      topic: 'orders',
      partition: 0,
      broker: 1,
      role: 'leader',
      baseOffset: 5,
      lastOffset: 9,
      leaderEpoch: 3,
    };
    expect(formatEvent(event)).toBe('  1200ms broker-1     log.appended orders-0 offsets 5..9 epoch 3 (leader)');
  });

  it('reads common Kafka events as sentences', () => {
    const base = { at: 0, node: 'controller' };
    const lines: Array<[TraceEvent, string]> = [
      [
        { ...base, type: 'leader.elected', topic: 't', partition: 1, leader: 2, previousLeader: 1, leaderEpoch: 4, isr: [2, 3], reason: 'leader-fenced' },
        't-1 leader 2 (was 1) epoch 4 ISR [2,3] (leader-fenced)',
      ],
      [{ ...base, type: 'isr.shrunk', topic: 't', partition: 0, removed: [3], isr: [1, 2], partitionEpoch: 7 }, 't-0 ISR [1,2] (removed [3]) partition epoch 7'],
      [{ ...base, type: 'broker.fenced', broker: 3, reason: 'session-timeout' }, 'broker 3 (session-timeout)'],
      [
        { ...base, type: 'produce.failed', topic: 't', partition: 0, error: 6, values: ['a', 'b'], willRetry: true },
        't-0 NOT_LEADER_OR_FOLLOWER ["a", "b"] (will retry)',
      ],
      [
        { ...base, type: 'produce.acknowledged', topic: 't', partition: 0, baseOffset: 10, values: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], acks: -1 },
        't-0 offsets 10..16 acks=all ["a", "b", "c", "d", "e", +2 more]',
      ],
      [
        { ...base, type: 'produce.partitioned', topic: 't', partition: 2, key: 'user-1', value: 'v', reason: 'key', murmur2: 123 },
        't-2 key="user-1" value="v" by key (murmur2 123)',
      ],
      [
        { ...base, type: 'consumer.fetched', topic: 't', partition: 0, fromOffset: 40, values: ['x', 'y', 'z'], highWatermark: 43 },
        't-0 from offset 40: ["x", "y", "z"] HW 43',
      ],
      [
        { ...base, type: 'consumer.polled', topic: 't', partition: 0, fromOffset: 40, values: ['x', 'y'] },
        't-0 from offset 40: 2 records to the application ["x", "y"]',
      ],
    ];
    for (const [event, details] of lines) expect(formatEvent(event)).toBe(`     0ms controller   ${event.type} ${details}`);
  });

  it('reads the simulator events', () => {
    const events: SimTraceEvent[] = [
      { type: 'network.partitioned', at: 5, node: 'sim', groups: [['broker-1'], ['broker-2', 'controller']] },
      { type: 'message.dropped', at: 7, node: 'broker-2', from: 'broker-1', to: 'broker-2', messageType: 'FetchRequest', reason: 'partition' },
      { type: 'node.crashed', at: 9, node: 'broker-3' },
    ];
    expect(formatTrace(events)).toBe(
      '     5ms sim          network.partitioned [broker-1] | [broker-2, controller]\n' +
        '     7ms broker-2     message.dropped FetchRequest broker-1 -> broker-2 (partition)\n' +
        '     9ms broker-3     node.crashed\n',
    );
  });

  it('prints any other event type with its fields as key=value', () => {
    const unknown = { type: 'group.rebalanced', at: 42, node: 'coordinator', generation: 3, members: ['c-1', 'c-2'], note: 'two words' };
    expect(formatEvent(unknown as unknown as SimTraceEvent)).toBe(
      '    42ms coordinator  group.rebalanced generation=3 members=[c-1,c-2] note="two words"',
    );
  });

  it('formats an empty trace as an empty string', () => {
    expect(formatTrace([])).toBe('');
  });
});

describe('formatEvent: records without a partition', () => {
  it('prints a record that failed before it had a partition as "(no partition)", not "orders--1"', () => {
    const line = formatEvent({ type: 'produce.failed', at: 5, node: 'p1', topic: 'orders', partition: -1, error: 10, values: ['big'], willRetry: false });
    expect(line).toContain('orders (no partition)');
    expect(line).not.toContain('orders--1');
  });
});
