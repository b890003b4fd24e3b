/**
 * KIP-392's choice of read replica (RackAwareReplicaSelector, ReplicaManager.findPreferredReadReplica):
 * when a consumer is sent to a follower, and when it stays with the leader.
 */
import { describe, expect, it } from 'vitest';
import { preferredReadReplica, type PreferredReadReplicaInput } from '../../../src/kafka/replication/preferred-read-replica.js';

const base: PreferredReadReplicaInput = {
  selector: 'rack-aware',
  clientRack: 'eu-1b',
  replicaId: -1,
  fetchOffset: 100,
  now: 10_000,
  leader: { brokerId: 1, rack: 'eu-1a' },
  followers: [
    { brokerId: 2, rack: 'eu-1b', logStartOffset: 0, logEndOffset: 120, lastCaughtUpTimeMs: 9_900 },
    { brokerId: 3, rack: 'eu-1c', logStartOffset: 0, logEndOffset: 130, lastCaughtUpTimeMs: 9_990 },
  ],
  isr: [1, 2, 3],
};

describe('preferred read replica (KIP-392)', () => {
  it('sends a consumer with client.rack to the in-sync follower of its rack', () => {
    expect(preferredReadReplica(base)).toBe(2);
  });

  it.each<[string, Partial<PreferredReadReplicaInput>]>([
    ['the default selector (replica.selector.class unset)', { selector: 'leader' }],
    ['a consumer without client.rack', { clientRack: null }],
    ['an empty client.rack', { clientRack: '' }],
    ['a follower fetching (replication is never redirected)', { replicaId: 3 }],
    ['the leader in the client rack', { leader: { brokerId: 1, rack: 'eu-1b' } }],
    ['no replica in the client rack', { clientRack: 'us-2a' }],
    ['the same-rack follower out of the ISR', { isr: [1, 3] }],
    ['the same-rack follower not yet holding the fetch offset', { fetchOffset: 125 }],
  ])('keeps the consumer on the leader with %s', (_why, change) => {
    expect(preferredReadReplica({ ...base, ...change })).toBeUndefined();
  });

  it('among several followers of the rack, the most caught up: highest log end offset, then the most recent catch-up', () => {
    const followers = [
      { brokerId: 2, rack: 'eu-1b', logStartOffset: 0, logEndOffset: 120, lastCaughtUpTimeMs: 9_000 },
      { brokerId: 4, rack: 'eu-1b', logStartOffset: 0, logEndOffset: 125, lastCaughtUpTimeMs: 8_000 },
      { brokerId: 5, rack: 'eu-1b', logStartOffset: 0, logEndOffset: 125, lastCaughtUpTimeMs: 9_500 },
    ];
    expect(preferredReadReplica({ ...base, followers, isr: [1, 2, 4, 5] })).toBe(5);
    expect(preferredReadReplica({ ...base, followers, isr: [1, 2, 4] })).toBe(4);
  });
});
