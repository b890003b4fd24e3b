/**
 * Produce admission and completion per acks level (semantics 4.2, 5.6; Partition.appendRecordsToLeader,
 * Partition.checkEnoughReplicasReachOffset; codes from Errors.java, semantics 9).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/kafka/errors.js';
import type { Acks } from '../../../src/kafka/protocol/messages.js';
import { admitProduce, completeProduce, referenceAcksRules } from '../../../src/kafka/replication/acks.js';

describe('admitProduce: the check before append (semantics 5.6 item 1)', () => {
  it('acks=all with |ISR| < effectiveMinIsr → NOT_ENOUGH_REPLICAS (19), nothing written (invariant 5)', () => {
    expect(admitProduce({ acks: -1, isrSize: 1, effectiveMinIsr: 2 })).toBe(ErrorCode.NOT_ENOUGH_REPLICAS);
    expect(ErrorCode.NOT_ENOUGH_REPLICAS).toBe(19);
  });

  it('acks=all with |ISR| >= effectiveMinIsr is accepted', () => {
    expect(admitProduce({ acks: -1, isrSize: 2, effectiveMinIsr: 2 })).toBe(ErrorCode.NONE);
    expect(admitProduce({ acks: -1, isrSize: 3, effectiveMinIsr: 2 })).toBe(ErrorCode.NONE);
  });

  it.each([0, 1] as const)('acks=%i ignores min.insync.replicas (semantics 5.6 item 4)', (acks) => {
    expect(admitProduce({ acks, isrSize: 1, effectiveMinIsr: 3 })).toBe(ErrorCode.NONE);
  });
});

describe('completeProduce: answering after append (semantics 4.2, 5.6 items 2 and 4)', () => {
  it.each([0, 1] as const)('acks=%i is done at once with NONE, whatever the HW and the ISR', (acks) => {
    expect(completeProduce({ acks, requiredOffset: 10, highWatermark: 0, maximalIsrSize: 1, effectiveMinIsr: 3 })).toEqual({
      done: true,
      error: ErrorCode.NONE,
    });
  });

  it('acks=all waits while HW < requiredOffset (last offset of the batch + 1)', () => {
    expect(completeProduce({ acks: -1, requiredOffset: 10, highWatermark: 9, maximalIsrSize: 3, effectiveMinIsr: 2 })).toEqual({
      done: false,
    });
  });

  it('acks=all is done with NONE once HW >= requiredOffset and the maximal ISR is large enough', () => {
    expect(completeProduce({ acks: -1, requiredOffset: 10, highWatermark: 10, maximalIsrSize: 2, effectiveMinIsr: 2 })).toEqual({
      done: true,
      error: ErrorCode.NONE,
    });
  });

  it('acks=all covered by the HW after the maximal ISR shrank below min ISR → NOT_ENOUGH_REPLICAS_AFTER_APPEND (20): the data is in the log', () => {
    expect(completeProduce({ acks: -1, requiredOffset: 10, highWatermark: 12, maximalIsrSize: 1, effectiveMinIsr: 2 })).toEqual({
      done: true,
      error: ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
    });
    expect(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND).toBe(20);
  });

  it('acks=all below min ISR but not yet covered by the HW keeps waiting (3.7+ the HW is stuck, so it times out)', () => {
    expect(completeProduce({ acks: -1, requiredOffset: 10, highWatermark: 5, maximalIsrSize: 1, effectiveMinIsr: 2 })).toEqual({
      done: false,
    });
  });

  it('property: acks=all is done exactly when HW >= requiredOffset; acks 0/1 never wait and never fail', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Acks>(0, 1, -1),
        fc.nat(100),
        fc.nat(100),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        (acks, requiredOffset, highWatermark, maximalIsrSize, effectiveMinIsr) => {
          const result = completeProduce({ acks, requiredOffset, highWatermark, maximalIsrSize, effectiveMinIsr });
          if (acks !== -1) expect(result).toEqual({ done: true, error: ErrorCode.NONE });
          else expect(result.done).toBe(highWatermark >= requiredOffset);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('referenceAcksRules bundles both rules', () => {
    expect(referenceAcksRules).toEqual({ admitProduce, completeProduce });
  });
});
