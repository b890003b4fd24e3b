/**
 * A follower's high watermark is the leader's, capped by its own log end offset, and taken as it
 * is: after a failover the new leader's HW may be lower than the old one's, and the follower's goes
 * down with it (semantics 5.3; UnifiedLog.updateHighWatermark). Only a leader's HW never moves back.
 */
import { describe, expect, it } from 'vitest';
import { handleFetchResponse, becomeFollower, type FollowerContext } from '../../../src/kafka/broker/follower-replica.js';
import type { FollowerReplica } from '../../../src/kafka/broker/replica-state.js';
import { defaultBrokerConfig } from '../../../src/kafka/config.js';
import { ErrorCode } from '../../../src/kafka/errors.js';
import { brokerNode } from '../../../src/kafka/ids.js';
import { appendAsLeader, emptyLog, withHighWatermark } from '../../../src/kafka/log/partition-log.js';
import type { FetchResponse, PartitionState } from '../../../src/kafka/protocol/messages.js';
import { Outbox } from '../../../src/kafka/step.js';

const state: PartitionState = { topic: 'orders', partition: 0, replicas: [2, 1, 3], isr: [2, 1, 3], leader: 2, leaderEpoch: 1, partitionEpoch: 1, leaderRecoveryState: 'RECOVERED' };
let correlation = 0;
const context = (now: number): FollowerContext => ({ brokerId: 1, brokerEpoch: 1, now, config: defaultBrokerConfig, nextCorrelationId: () => ++correlation });

/** Follower 1 of leader 2, holding offsets 0..4 with a HW of `highWatermark`, with a fetch in flight. */
function follower(highWatermark: number): FollowerReplica {
  const records = Array.from({ length: 5 }, (_, i) => ({ key: null, value: `v${i}`, timestamp: 0 }));
  const log = withHighWatermark(appendAsLeader(emptyLog(), records, 0).log, highWatermark);
  return becomeFollower(state, log, context(0), new Outbox(brokerNode(1), 0));
}

function answer(replica: FollowerReplica, highWatermark: number): { replica: FollowerReplica; out: Outbox } {
  const response: FetchResponse = {
    type: 'FetchResponse',
    correlationId: replica.inFlightFetch!.correlationId,
    topic: 'orders',
    partition: 0,
    error: ErrorCode.NONE,
    highWatermark,
    logStartOffset: 0,
    leaderEpoch: 1,
    entries: [],
    divergingEpoch: undefined,
  };
  const out = new Outbox(brokerNode(1), 10);
  return { replica: handleFetchResponse(replica, response, context(10), out), out };
}

describe("a follower's high watermark", () => {
  it('is the leader HW when its own log holds that much', () => {
    const { replica, out } = answer(follower(2), 4);
    expect(replica.log.highWatermark).toBe(4);
    expect(out.events).toContainEqual(expect.objectContaining({ type: 'hw.advanced', role: 'follower', from: 2, to: 4 }));
  });

  it('is capped by its own log end offset', () => {
    const { replica } = answer(follower(2), 9);
    expect(replica.log.highWatermark).toBe(5);
  });

  it("goes down when a new leader's HW is lower than what the follower had", () => {
    const { replica, out } = answer(follower(5), 3);
    expect(replica.log.highWatermark).toBe(3);
    expect(out.events).toContainEqual(expect.objectContaining({ type: 'hw.lowered', role: 'follower', from: 5, to: 3 }));
  });
});
