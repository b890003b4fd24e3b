/**
 * Exercise 06's real-group runs: Kafka's range assignor keeps every promise in them and rebalances
 * several times; a learner's throw stops the group and is reported with the call; an assignment
 * that leaves a partition without an owner is the call shown, not a later correct one.
 */
import { describe, expect, it } from 'vitest';
import { GROUP_SCENARIOS } from '../../src/labs/lab02/range-assignor.js';
import { runGroup } from '../../src/labs/lab02/range-assignor-group.js';
import * as solution from '../../labs/02-architecture/solutions/06-range-assignor/range-assignor.js';
import { wrongRangeAssignors } from './wrong/06-range-assignor.js';

describe("exercise 06's consumer groups", () => {
  it("with Kafka's range assignor: no broken promise, several rebalances each", () => {
    for (const scenario of GROUP_SCENARIOS) {
      const run = runGroup(solution.assign, scenario);
      expect(run.violation, `seed ${scenario.seed}`).toBeUndefined();
      expect(run.stopped).toBeUndefined();
      expect(run.events.filter((event) => event.type === 'group.stable').length, `seed ${scenario.seed}`).toBeGreaterThanOrEqual(3);
    }
  });

  it("a throwing assign stops the group, with the learner's message and call", () => {
    const run = runGroup(() => {
      throw new Error('not yet');
    }, GROUP_SCENARIOS[0]!);
    expect(run.stopped?.message).toBe('not yet');
    expect(run.call?.output).toEqual({ threw: 'not yet' });
  });

  it('shows the call whose assignment left a partition without an owner', () => {
    const forgets = wrongRangeAssignors.find((wrong) => wrong.name === 'forgets-remainder')!;
    const run = runGroup(forgets.impl.assign, GROUP_SCENARIOS[0]!);
    expect(run.violation?.invariant).toBe('everyPartitionOneOwner');
    const output = run.call?.output as Record<string, unknown[]>;
    expect(Object.values(output).flat().length).toBeLessThan(4);
  });
});
