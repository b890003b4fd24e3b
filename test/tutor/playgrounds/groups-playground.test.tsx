import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMember,
  GROUP_PARTITIONS,
  initialGroupState,
  ownersByPartition,
  removeMember,
  settle,
  stepRebalance,
  switchAssignor,
  type GroupState,
} from '../../../src/tutor/playgrounds/groups/group-rebalance.js';
import { fits, renderTutor, type RenderedTutor } from '../support/render-tutor.js';

async function openPlayground(): Promise<RenderedTutor> {
  const tutor = renderTutor({ route: { screen: 'playground', id: 'groups' } });
  await tutor.waitFor('Playground: consumer groups');
  return tutor;
}

function ownerRowText(frame: string, partition: number): string {
  const match = frame.match(new RegExp(`P${partition}  (● consumer-\\d+|◌ not consumed)`));
  if (match === null) throw new Error(`no P${partition} in:\n${frame}`);
  return match[1]!;
}

const changes = [addMember, removeMember, switchAssignor, stepRebalance];

describe('the consumer-groups model', () => {
  it('never gives a partition two owners, in any phase of any rebalance, and settles with every partition owned', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: changes.length - 1 }), { maxLength: 40 }), (script) => {
        let state: GroupState = initialGroupState;
        for (const change of script) {
          state = changes[change]!(state);
          for (let phase = 0; phase < state.phases.length; phase++) ownersByPartition({ ...state, phase }); // throws on two owners
        }
        const settled = settle(state);
        const owners = ownersByPartition(settled);
        if (settled.members.length > 0) expect(owners.every((owner) => owner !== undefined)).toBe(true);
        else expect(owners.every((owner) => owner === undefined)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('eager assignors stop every partition; cooperative-sticky revokes only those that move', () => {
    let eager = addMember(addMember(initialGroupState));
    eager = settle(eager);
    eager = addMember(eager);
    expect(ownersByPartition(eager).every((owner) => owner === undefined)).toBe(true);

    let cooperative = switchAssignor(switchAssignor(settle(addMember(addMember(initialGroupState)))));
    cooperative = settle(cooperative);
    expect(cooperative.assignor).toBe('cooperative-sticky');
    const before = ownersByPartition(cooperative);
    cooperative = addMember(cooperative);
    const during = ownersByPartition(cooperative);
    const stopped = during.filter((owner) => owner === undefined).length;
    expect(stopped).toBeGreaterThan(0);
    expect(stopped).toBeLessThan(GROUP_PARTITIONS);
    during.forEach((owner, partition) => {
      if (owner !== undefined) expect(owner).toBe(before[partition]);
    });
  });
});

describe('the consumer-groups playground', () => {
  it('draws the owner of each partition as the assignor decided, phase by phase', async () => {
    const tutor = await openPlayground();
    let model = initialGroupState;
    const keysAndChanges: Array<[string, (state: GroupState) => GroupState]> = [
      ['+', addMember],
      ['.', stepRebalance],
      ['.', stepRebalance],
      ['+', addMember],
      ['.', stepRebalance],
      ['a', switchAssignor],
      ['+', addMember],
      ['.', stepRebalance],
    ];
    for (const [key, change] of keysAndChanges) {
      await tutor.press(key);
      model = change(model);
      const owners = ownersByPartition(model);
      const frame = tutor.frame();
      owners.forEach((owner, partition) => expect(ownerRowText(frame, partition)).toBe(owner === undefined ? '◌ not consumed' : `● ${owner}`));
      expect(frame).toContain(`assignor ${model.assignor} · generation ${model.generation}`);
      if (model.phases.length > 0) expect(frame).toContain(`phase ${model.phase + 1} of ${model.phases.length}`);
      else expect(frame).toContain('stable: every partition has exactly one owner');
    }
    tutor.unmount();
  });

  it('- removes a consumer; a cycles the assignors; r restarts; eight consumers still fit in 80x24', async () => {
    const tutor = await openPlayground();
    for (let member = 0; member < 8; member++) await tutor.press('+');
    expect(tutor.frame()).toContain('consumer-8');
    expect(fits(tutor.frame(), 80, 24)).toBe(true);
    await tutor.press('-');
    expect(tutor.frame()).not.toMatch(/^  consumer-8 +/m);
    expect(tutor.frame()).toContain('consumer-8 leaves');
    await tutor.press('a');
    expect(tutor.frame()).toContain('assignor round-robin');
    await tutor.press('a', 'a');
    expect(tutor.frame()).toContain('assignor range');
    await tutor.press('r');
    expect(tutor.frame()).toContain('none: + adds a consumer');
    tutor.unmount();
  });

  it('space plays the phases until the group is stable; < > set the speed', async () => {
    const tutor = await openPlayground();
    await tutor.press('>', '>', '>', '+', '+', ' ');
    expect(tutor.frame()).toContain('▶ 8x');
    await tutor.waitFor('stable: every partition has exactly one owner', 3_000);
    await tutor.press(' ', '<');
    expect(tutor.frame()).toContain('⏸ (4x)');
    tutor.unmount();
  });
});
