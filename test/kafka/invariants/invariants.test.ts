/**
 * The named invariants themselves: each one passes a correct history and names what is wrong in a
 * broken one. If these could not fail, every property test built on them would prove nothing.
 */
import { describe, expect, it } from 'vitest';
import {
  acknowledgedRecordsPresent,
  highWatermarkMonotonic,
  logsAgreeBelowHighWatermark,
  singleLeaderPerEpoch,
} from '../../../src/kafka/invariants/index.js';
import { appendAsFollower, appendAsLeader, emptyLog, withHighWatermark, type PartitionLog } from '../../../src/kafka/log/partition-log.js';
import type { TraceEvent } from '../../../src/kafka/trace.js';

const becameLeader = (broker: number, leaderEpoch: number): TraceEvent => ({
  type: 'replica.became-leader', at: 0, node: `broker-${broker}`, topic: 't', partition: 0, broker, leader: broker, leaderEpoch, logEndOffset: 0,
});
const hw = (broker: number, leaderEpoch: number, from: number, to: number): TraceEvent => ({
  type: 'hw.advanced', at: 0, node: `broker-${broker}`, topic: 't', partition: 0, broker, role: 'leader', leaderEpoch, from, to,
});

function log(values: string[], epoch: number, highWatermark: number): PartitionLog {
  const appended = appendAsLeader(emptyLog(), values.map((value) => ({ key: null, value, timestamp: 0 })), epoch).log;
  return withHighWatermark(appended, highWatermark);
}

describe('singleLeaderPerEpoch', () => {
  it('accepts one leader per epoch, the same leader re-announced, and a new leader in a new epoch', () => {
    const monitor = singleLeaderPerEpoch();
    for (const event of [becameLeader(1, 0), becameLeader(1, 0), becameLeader(2, 1)]) expect(monitor.observe(event)).toBeUndefined();
  });

  it('flags two brokers leading the same epoch', () => {
    const monitor = singleLeaderPerEpoch();
    monitor.observe(becameLeader(1, 3));
    expect(monitor.observe(becameLeader(2, 3))?.message).toBe('t-0 has two leaders in epoch 3: broker 1 and broker 2');
  });
});

describe('highWatermarkMonotonic', () => {
  it('accepts a leader HW that only grows, and a lower HW under a new leader epoch', () => {
    const monitor = highWatermarkMonotonic();
    for (const event of [hw(1, 0, 0, 3), hw(1, 0, 3, 5), hw(2, 1, 0, 4)]) expect(monitor.observe(event)).toBeUndefined();
  });

  it('flags a leader HW that moves back within one tenure', () => {
    const monitor = highWatermarkMonotonic();
    monitor.observe(hw(1, 0, 0, 5));
    expect(monitor.observe(hw(1, 0, 5, 4))?.invariant).toBe('highWatermarkMonotonic');
  });
});

describe('logsAgreeBelowHighWatermark', () => {
  it('accepts replicas that differ only above the committed prefix', () => {
    const leader = log(['a', 'b', 'c'], 0, 2);
    const follower = withHighWatermark(appendAsFollower(emptyLog(), [{ offset: 0, leaderEpoch: 0, record: { key: null, value: 'a', timestamp: 0 } }]), 1);
    expect(logsAgreeBelowHighWatermark('t-0', [{ brokerId: 1, log: leader }, { brokerId: 2, log: follower }])).toBeUndefined();
  });

  it('flags two replicas holding different records below both their high watermarks', () => {
    const violation = logsAgreeBelowHighWatermark('t-0', [
      { brokerId: 1, log: log(['a', 'b'], 0, 2) },
      { brokerId: 2, log: log(['a', 'x'], 0, 2) },
    ]);
    expect(violation?.message).toMatch(/t-0 offset 1 differs below the high watermark: broker 1 has "b" .* broker 2 has "x"/);
  });
});

describe('acknowledgedRecordsPresent', () => {
  const leaderLog = log(['a', 'b', 'c'], 0, 2);
  const logOf = () => leaderLog;

  it('accepts acknowledged records found at their offsets below the HW; acks=0 promises no offset', () => {
    const acks = [
      { topic: 't', partition: 0, baseOffset: 0, values: ['a'] },
      { topic: 't', partition: 0, baseOffset: 1, values: ['b'] },
      { topic: 't', partition: 0, baseOffset: -1, values: ['whatever'] },
    ];
    expect(acknowledgedRecordsPresent(acks, logOf)).toBeUndefined();
  });

  it('flags a record replaced by another, one above the HW, and acknowledgements out of order', () => {
    expect(acknowledgedRecordsPresent([{ topic: 't', partition: 0, baseOffset: 1, values: ['z'] }], logOf)?.message).toMatch(/"z" at t-0 offset 1 is lost: the log now holds "b"/);
    expect(acknowledgedRecordsPresent([{ topic: 't', partition: 0, baseOffset: 2, values: ['c'] }], logOf)?.message).toMatch(/not committed/);
    const reordered = [
      { topic: 't', partition: 0, baseOffset: 1, values: ['b'] },
      { topic: 't', partition: 0, baseOffset: 0, values: ['a'] },
    ];
    expect(acknowledgedRecordsPresent(reordered, logOf)?.message).toMatch(/out of order/);
  });
});
