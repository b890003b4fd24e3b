/**
 * The metadata log's positions and the Fetch divergence rule (KIP-595 "Fetch": the leader answers a
 * follower whose (fetchOffset, lastFetchedEpoch) it does not hold with DivergingEpoch; semantics 6.2),
 * and the metadata records' replay rules (KIP-631; semantics 6.5: a PartitionChange with a leader
 * bumps the leader epoch, every change bumps the partition epoch).
 */
import { describe, expect, it } from 'vitest';
import { applyPartitionChange, emptyImage, replay } from '../../../src/kafka/kraft/metadata-image.js';
import { appendEntries, divergence, endOffsetForEpoch, lastPosition, truncationOffset, type MetadataLog } from '../../../src/kafka/kraft/metadata-log.js';
import { NO_LEADER_CHANGE, type MetadataEntry, type MetadataRecord } from '../../../src/kafka/kraft/metadata-records.js';
import { changeRecord } from '../../../src/kafka/kraft/active-controller.js';
import type { PartitionState } from '../../../src/kafka/protocol/messages.js';

const noop = (leaderId: number): MetadataRecord => ({ type: 'LeaderChange', leaderId, voters: [1, 2, 3] });
/** A log whose entries have these epochs, offsets 0.. */
const logOf = (...epochs: number[]): MetadataLog => epochs.map((epoch, offset): MetadataEntry => ({ offset, epoch, record: noop(1) }));

describe('log positions (OffsetAndEpoch, LeaderEpochFileCache.endOffsetFor)', () => {
  it.each([
    [[], { epoch: 0, offset: 0 }],
    [[1, 1, 2], { epoch: 2, offset: 3 }],
  ])('lastPosition of %j is %o', (epochs, position) => {
    expect(lastPosition(logOf(...epochs))).toEqual(position);
  });

  it.each([
    // log epochs, asked epoch, (largest epoch <= asked, end offset of that epoch)
    [[1, 1, 3, 3, 3], 1, { epoch: 1, offset: 2 }],
    [[1, 1, 3, 3, 3], 2, { epoch: 1, offset: 2 }],
    [[1, 1, 3, 3, 3], 3, { epoch: 3, offset: 5 }],
    [[1, 1, 3, 3, 3], 9, { epoch: 3, offset: 5 }],
    [[2, 2], 1, { epoch: 0, offset: 0 }],
  ])('log %j: endOffsetForEpoch(%i) = %o', (epochs, epoch, expected) => {
    expect(endOffsetForEpoch(logOf(...epochs), epoch)).toEqual(expected);
  });
});

describe('Fetch divergence (KIP-595)', () => {
  const leader = logOf(1, 1, 3, 3, 3);
  it.each([
    ['empty follower', 0, 0, undefined],
    ['follower on the same history, behind', 2, 1, undefined],
    ['follower caught up', 5, 3, undefined],
    ['follower wrote epoch 2 the leader never had', 4, 2, { epoch: 1, offset: 2 }],
    ['follower has more of epoch 1 than the leader', 3, 1, { epoch: 1, offset: 2 }],
    ['follower claims more of epoch 3 than the leader has', 6, 3, { epoch: 3, offset: 5 }],
  ])('%s: fetch (%i, last epoch %i) → %o', (_name, fetchOffset, lastEpoch, expected) => {
    expect(divergence(leader, fetchOffset, lastEpoch)).toEqual(expected);
  });

  it('the follower truncates to the diverging end offset, or to the end of its own entries of that epoch if sooner', () => {
    expect(truncationOffset(logOf(1, 1, 2, 2), { epoch: 1, offset: 2 })).toBe(2);
    expect(truncationOffset(logOf(1, 1, 1, 2), { epoch: 1, offset: 2 })).toBe(2);
    expect(truncationOffset(logOf(1, 2, 2), { epoch: 1, offset: 2 })).toBe(1);
  });

  it('appends must continue the log with non-decreasing epochs', () => {
    const log = logOf(1, 2);
    expect(() => appendEntries(log, [{ offset: 3, epoch: 2, record: noop(1) }])).toThrow(/does not continue/);
    expect(() => appendEntries(log, [{ offset: 2, epoch: 1, record: noop(1) }])).toThrow(/below the previous/);
    expect(appendEntries(log, [{ offset: 2, epoch: 4, record: noop(1) }])).toHaveLength(3);
  });
});

describe('metadata records and their replay (KIP-631)', () => {
  const partition: PartitionState = {
    topic: 'orders',
    partition: 0,
    replicas: [1, 2, 3],
    isr: [1, 2, 3],
    leader: 1,
    leaderEpoch: 5,
    partitionEpoch: 9,
    leaderRecoveryState: 'RECOVERED',
  };

  it('a PartitionChange with a leader bumps the leader epoch and the partition epoch', () => {
    const after = applyPartitionChange(partition, { type: 'PartitionChange', topic: 'orders', partition: 0, leader: 2, isr: [2, 3] });
    expect(after).toMatchObject({ leader: 2, leaderEpoch: 6, partitionEpoch: 10, isr: [2, 3] });
  });

  it('an ISR-only change (leader -2, "no change") bumps only the partition epoch (metadata 3.6+, KAFKA-15021)', () => {
    const after = applyPartitionChange(partition, { type: 'PartitionChange', topic: 'orders', partition: 0, leader: NO_LEADER_CHANGE, isr: [1, 2] });
    expect(after).toMatchObject({ leader: 1, leaderEpoch: 5, partitionEpoch: 10, isr: [1, 2] });
  });

  it('the controller writes only the fields that changed', () => {
    expect(changeRecord(partition, { ...partition, leader: 2, isr: [2, 3], leaderEpoch: 6, partitionEpoch: 10 })).toEqual({
      type: 'PartitionChange',
      topic: 'orders',
      partition: 0,
      leader: 2,
      isr: [2, 3],
    });
    expect(changeRecord(partition, { ...partition, isr: [1, 2] })).toEqual({ type: 'PartitionChange', topic: 'orders', partition: 0, leader: NO_LEADER_CHANGE, isr: [1, 2] });
  });

  it('a broker\'s epoch is the offset of its RegisterBroker record; it starts fenced; a Fence/Unfence for an older registration is ignored', () => {
    const records: MetadataRecord[] = [
      noop(1),
      { type: 'RegisterBroker', brokerId: 4, incarnationId: 1, node: 'broker-4' },
      { type: 'UnfenceBroker', brokerId: 4, brokerEpoch: 1 },
      { type: 'RegisterBroker', brokerId: 4, incarnationId: 2, node: 'broker-4' },
      { type: 'UnfenceBroker', brokerId: 4, brokerEpoch: 1 },
    ];
    const image = replay(emptyImage, records.map((record, offset) => ({ offset, epoch: 1, record })));
    expect(image.brokers.get(4)).toMatchObject({ brokerEpoch: 3, incarnationId: 2, fenced: true });
    expect(image.controllerId).toBe(1);
    expect(image.nextOffset).toBe(5);
  });
});
